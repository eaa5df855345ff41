#pragma once
// Puts a Quality (see quality.h) into a benchmark's counters, so the raw results carry
// throughput and detection quality side by side.
#include <benchmark/benchmark.h>

#include "bench/quality.h"

namespace piibench {

inline void add_quality_counters(benchmark::State& state, const Corpus& corpus, const Quality& q, bool per_kind) {
  const double megabytes = static_cast<double>(corpus.bytes.size()) / 1e6;
  state.counters["planted"] = static_cast<double>(q.planted);
  state.counters["recall"] = q.recall();
  state.counters["fp_regions_per_MB"] = static_cast<double>(q.false_positive_regions) / megabytes;
  if (!per_kind) return;
  for (PiiKind kind : kAllPiiKinds) {
    const auto k = static_cast<std::size_t>(kind);
    if (q.planted_by_kind[k] == 0) continue;
    state.counters["recall_" + std::string(pii_kind_name(kind))] =
        static_cast<double>(q.covered_by_kind[k]) / static_cast<double>(q.planted_by_kind[k]);
  }
}

}  // namespace piibench
