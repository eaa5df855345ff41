#pragma once
// The benchmark bodies. Every name has seven '/'-separated fields so the report script can
// read them without guessing:
//   suite/mode/corpus/density/size/write/ruleset
//   engine/mask/json/d1/64K/w16K/all     engine, detection + redaction, full pack
//   engine/report/...                    engine, detection only (bytes pass unchanged)
//   engine_hs/-/...                      only the engine's Hyperscan databases, counting callbacks
//   rule_hs/-/.../<rule id>              one rule's expression alone in Hyperscan (no SOM)
//   peer_hs_naive/-/...  peer_re2_set/-/...  peer_pcre2/-/...
//   whatif_hs/-/.../<variant>            the pack's streaming databases, changed (see whatif_benchmarks.cpp)
//   whatif_engine/<regex|literal>/.../<variant>  one of the engine's stream databases, pack without a group
//   startup/<cold|warm|load_rules>/-/-/-/-/all
#include <cstddef>
#include <string>
#include <vector>

#include "bench/corpus.h"

namespace piimatch {
struct Rule;
}
namespace benchmark {
class State;
}

namespace piibench {

struct ScanCase {
  CorpusKind kind = CorpusKind::json;
  double density = 0.01;
  std::size_t size = 64 * 1024;
  std::size_t write_size = 16 * 1024;  // 0 = the whole buffer in one write
  std::string ruleset = "all";          // "all", a category name, or a rule id (rule_hs)
  bool detailed_quality = false;        // add per-kind recall counters
};

std::string benchmark_name(const std::string& suite, const std::string& mode, const ScanCase& c);

void run_engine(benchmark::State& state, const ScanCase& c, bool redact);
void run_engine_hyperscan_only(benchmark::State& state, const ScanCase& c);
void run_rule_hyperscan_only(benchmark::State& state, const ScanCase& c);
void run_startup_cold(benchmark::State& state);
void run_startup_warm(benchmark::State& state);
void run_load_rules(benchmark::State& state);

// Streaming Hyperscan databases of pack variants (whatif_benchmarks.cpp).
std::vector<std::string> whatif_variants();
// How the engine's Hyperscan sees a rule: "dictionary", "context-gated" (scanned only after a
// cue word), "digit-shaped", "literal-factor" (has a literal Hyperscan can prefilter on) or
// "no-literal-factor" (an automaton runs over every byte for it).
std::string rule_shape(const piimatch::Rule& rule);
void run_whatif(benchmark::State& state, const ScanCase& c);
// The engine's databases without one group of rules (whatif_benchmarks.cpp): "current",
// "without-family:<category>", "without-pack:<file stem>", and with per_rule
// "without-rule:<id>" for every rule. run_engine_whatif times one database: "regex" or "literal".
std::vector<std::string> engine_whatif_variants(bool per_rule);
void run_engine_whatif(benchmark::State& state, const ScanCase& c, const std::string& database);

enum class Peer { hyperscan_naive, re2_set, pcre2_jit };
// Builds all peers for the full pack (once); returns a JSON object describing them.
std::string build_peers();
void run_peer(benchmark::State& state, Peer peer, const ScanCase& c);

}  // namespace piibench
