#pragma once
// What the benchmarks share: the rule pack, engines compiled from it (the whole pack and
// each rule family alone), the generated corpora, and the pack's expressions as the
// peers see them. Everything is built once, lazily, outside any timed region.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "bench/corpus.h"
#include "bench/peers.h"
#include "matchers/engine.h"
#include "matchers/rule_set.h"

namespace piibench {

struct BenchOptions {
  std::filesystem::path rules;  // rule pack file or directory
  std::string cache_dir;        // Hyperscan database cache for the engines ("" = none)
  bool peer_dictionaries = true;  // give dictionary rules to the peers as an alternation
};

BenchOptions& bench_options();

const piimatch::RuleSet& full_pack();
// Category names present in the pack, in the category enum's order.
const std::vector<std::string>& families();
// The full pack with the numeric-token path and triggers off: digit-shaped and class-led
// rules run in the stream database like every other expression (for comparison).
inline const std::string kAllStreamOnly = "all-stream-only";
// The full pack as CPUs without AVX-512 VBMI run it (the engine checks the CPU and falls
// back by itself; these force the fallbacks here). Hyperscan still uses this CPU's vectors.
// With AVX2 (most servers without VBMI): triggers, the name-word walk and the numeric-token
// walk on their AVX2 paths.
inline const std::string kAllWithoutVbmi = "all-without-vbmi";
// Without AVX2 either: rules with triggers and the dictionaries in the stream databases,
// numeric tokens walked byte by byte.
inline const std::string kAllWithoutAvx2 = "all-without-avx2";
// "all" for the full pack, kAllStreamOnly, kAllWithoutVbmi, kAllWithoutAvx2, else a category
// name: that family alone.
piimatch::RuleSet ruleset_named(const std::string& name);
std::shared_ptr<const piimatch::Engine> engine_named(const std::string& name);

const Corpus& corpus_for(CorpusKind kind, double density, std::size_t size);

std::vector<PeerPattern> peer_patterns(const piimatch::RuleSet& rules);

// Labels used in benchmark names: "d1" for 1%, "64K", "w16K" / "whole".
std::string density_label(double density);
std::string size_label(std::size_t size);
std::string write_label(std::size_t write_size);

}  // namespace piibench
