#pragma once
// Deterministic benchmark corpora: the kinds of bytes piiproxy sees (JSON API responses,
// access logs, free text, form posts) with synthetic personal data planted at a chosen
// density, recorded with its position so detection quality can be measured on the same bytes.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bench/pii_samples.h"

namespace piibench {

// `mixed` interleaves records of the other four kinds; it is used where one number per rule
// is wanted (the per-rule cost table), not in the per-corpus tables.
enum class CorpusKind { json, log, text, form, mixed };
inline constexpr std::array<CorpusKind, 4> kAllCorpusKinds = {CorpusKind::json, CorpusKind::log,
                                                              CorpusKind::text, CorpusKind::form};
std::string_view corpus_kind_name(CorpusKind kind);

struct PlantedValue {
  std::uint64_t start = 0;  // byte offsets of the value in Corpus::bytes, [start, end)
  std::uint64_t end = 0;
  PiiKind kind = PiiKind::email;
};

struct CorpusSpec {
  CorpusKind kind = CorpusKind::json;
  double pii_density = 0.01;  // planted value bytes / all bytes (0, 0.001, 0.01, 0.1)
  std::size_t size = 64 * 1024;
  std::uint64_t seed = 1;
};

struct Corpus {
  CorpusSpec spec;
  std::string bytes;                 // exactly spec.size bytes
  std::vector<PlantedValue> planted; // ascending, non-overlapping
  double actual_density() const;
};

// Same spec, same bytes, on every machine. Base content is free of personal data by
// construction (ids, timestamps, UUIDs, amounts, versions, hashes, prose), though it is
// full of digit runs that look like it, which is the point.
Corpus generate_corpus(const CorpusSpec& spec);

}  // namespace piibench
