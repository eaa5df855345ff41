#pragma once
// Detection quality on a generated corpus, from what a scanner reported: how many planted
// values were covered (recall, overall and per kind) and how many reported regions cover
// no planted value (false positives; the base content is free of personal data by
// construction). Computed once per benchmark outside the timed loop.
#include <array>
#include <cstdint>
#include <vector>

#include "bench/corpus.h"

namespace piibench {

struct FoundSpan {
  std::uint64_t start = 0;
  std::uint64_t end = 0;
};

struct Quality {
  std::size_t planted = 0;
  std::size_t covered = 0;  // planted values overlapped by at least one reported span
  std::array<std::size_t, kPiiKindCount> planted_by_kind{};
  std::array<std::size_t, kPiiKindCount> covered_by_kind{};
  // Reported spans are merged into regions first (a naive scanner reports many overlapping
  // spans per value); a region touching no planted value is one false positive.
  std::size_t false_positive_regions = 0;

  double recall() const { return planted == 0 ? 1.0 : static_cast<double>(covered) / static_cast<double>(planted); }
};

Quality evaluate_quality(const Corpus& corpus, std::vector<FoundSpan> found);

}  // namespace piibench
