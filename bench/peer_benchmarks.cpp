// The peers (peers.h) on the same corpora as the engine, with the same quality pass.
#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include "bench/benchmarks.h"
#include "bench/fixtures.h"
#include "bench/quality_counters.h"

namespace piibench {
namespace {

struct Peers {
  NaiveHyperscan hyperscan;
  Re2SetPerLine re2;
  Pcre2JitLoop pcre2;
};

Peers& peers() {
  static Peers instance;
  return instance;
}
bool g_peers_built = false;

void scan_with(Peer peer, std::string_view input, std::size_t write_size, MatchRecorder& recorder) {
  switch (peer) {
    case Peer::hyperscan_naive: peers().hyperscan.scan(input, write_size, recorder); break;
    case Peer::re2_set: peers().re2.scan(input, recorder); break;
    case Peer::pcre2_jit: peers().pcre2.scan(input, recorder); break;
  }
}

nlohmann::json describe(const PeerBuildResult& r, std::size_t patterns) {
  return {{"patterns", patterns}, {"compiled", patterns - r.skipped.size()}, {"skipped", r.skipped},
          {"compile_seconds", r.compile_seconds}};
}

}  // namespace

std::string build_peers() {
  const std::vector<PeerPattern> patterns = peer_patterns(full_pack());
  nlohmann::json out;
  out["peer_hs_naive"] = describe(peers().hyperscan.build(patterns), patterns.size());
  out["peer_re2_set"] = describe(peers().re2.build(patterns), patterns.size());
  out["peer_pcre2"] = describe(peers().pcre2.build(patterns), patterns.size());
  g_peers_built = true;
  return out.dump();
}

void run_peer(benchmark::State& state, Peer peer, const ScanCase& c) {
  if (!g_peers_built) {
    state.SkipWithError("peers not built (--peers=0)");
    return;
  }
  const Corpus& corpus = corpus_for(c.kind, c.density, c.size);
  MatchRecorder recorder;
  recorder.keep_spans = true;
  scan_with(peer, corpus.bytes, c.write_size, recorder);
  std::vector<FoundSpan> found;
  found.reserve(recorder.spans.size());
  for (const MatchSpan& m : recorder.spans) found.push_back({m.start, m.end});
  add_quality_counters(state, corpus, evaluate_quality(corpus, std::move(found)), c.detailed_quality);
  const std::uint64_t matches_per_pass = recorder.matches;

  MatchRecorder counter;  // the timed loop only counts
  for (auto _ : state) {
    counter.matches = 0;
    scan_with(peer, corpus.bytes, c.write_size, counter);
    benchmark::DoNotOptimize(counter.matches);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(corpus.bytes.size()));
  state.counters["matches_per_MB"] = static_cast<double>(matches_per_pass) / (static_cast<double>(corpus.bytes.size()) / 1e6);
}

}  // namespace piibench
