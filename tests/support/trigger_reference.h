#pragma once
// The answer every trigger scan must give, computed byte by byte: tests hold the VBMI,
// AVX2 and portable scans of matchers/trigger.h to it (trigger_avx2_test.cpp,
// trigger_pair_choice_test.cpp).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "matchers/byte_class.h"
#include "matchers/trigger.h"

namespace piitest {

// (group, start) pairs, sorted.
using TriggerHits = std::vector<std::pair<std::uint32_t, std::uint64_t>>;

// One fixed-length trigger sequence, as TriggerScanner::add takes it.
struct TriggerSequence {
  std::uint32_t group;
  std::vector<piimatch::ByteClass> atoms;
};

// Every (group, start) in [0, positions) whose sequence's atoms all match within the first
// `available` bytes of `data`. Two lengths of one trigger may share a start: listed once.
inline TriggerHits reference_trigger_hits(const std::vector<TriggerSequence>& sequences, const unsigned char* data,
                                          std::size_t positions, std::size_t available) {
  TriggerHits out;
  for (const TriggerSequence& s : sequences) {
    for (std::size_t at = 0; at < positions && at + s.atoms.size() <= available; ++at) {
      bool all = true;
      for (std::size_t k = 0; k < s.atoms.size() && all; ++k) all = s.atoms[k].contains(data[at + k]);
      if (all) out.emplace_back(s.group, at);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// A scan's hits in the same form; `unique` drops repeats of one (group, start).
inline TriggerHits sorted_trigger_hits(const std::vector<piimatch::TriggerScanner::Hit>& hits, bool unique) {
  TriggerHits out;
  for (const auto& hit : hits) out.emplace_back(hit.group, hit.position);
  std::sort(out.begin(), out.end());
  if (unique) out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace piitest
