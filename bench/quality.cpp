#include "bench/quality.h"

#include <algorithm>

namespace piibench {

Quality evaluate_quality(const Corpus& corpus, std::vector<FoundSpan> found) {
  Quality q;
  std::sort(found.begin(), found.end(),
            [](const FoundSpan& a, const FoundSpan& b) { return a.start < b.start || (a.start == b.start && a.end < b.end); });
  std::vector<FoundSpan> regions;
  for (const FoundSpan& f : found) {
    if (f.end <= f.start) continue;
    if (!regions.empty() && f.start < regions.back().end) {
      regions.back().end = std::max(regions.back().end, f.end);
    } else {
      regions.push_back(f);
    }
  }
  // Both lists are sorted by start and internally non-overlapping: one merge pass.
  std::size_t r = 0;
  std::vector<bool> region_touches_planted(regions.size(), false);
  for (const PlantedValue& p : corpus.planted) {
    const auto kind = static_cast<std::size_t>(p.kind);
    ++q.planted;
    ++q.planted_by_kind[kind];
    while (r < regions.size() && regions[r].end <= p.start) ++r;
    bool covered = false;
    for (std::size_t k = r; k < regions.size() && regions[k].start < p.end; ++k) {
      covered = true;
      region_touches_planted[k] = true;
    }
    if (covered) {
      ++q.covered;
      ++q.covered_by_kind[kind];
    }
  }
  for (bool touches : region_touches_planted) {
    if (!touches) ++q.false_positive_regions;
  }
  return q;
}

}  // namespace piibench
