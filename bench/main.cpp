// piiproxy benchmark suite: registers the benchmark matrix (see benchmarks.h for names)
// and records, as custom context, what the report needs to explain the numbers: CPU model,
// library versions, the rule pack and what each peer could compile.
//
// Own flags (before Google Benchmark's): --rules=PATH  --cache_dir=DIR  --matrix=full|quick
// --peer_dictionaries=0|1  --peers=0|1  --whatif_engine=groups|rules. Throughput is bytes per
// CPU-second of the benchmark thread (Google Benchmark's default timing; nothing here asks for
// real or process time).
#include <benchmark/benchmark.h>
#include <hs/hs.h>
#include <nlohmann/json.hpp>
#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "bench/benchmarks.h"
#include "bench/fixtures.h"
#include "matchers/category.h"

namespace {

using piibench::CorpusKind;
using piibench::ScanCase;

constexpr std::size_t KB = 1024;
constexpr double kDensities[] = {0.0, 0.001, 0.01, 0.1};

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(line.find_first_not_of(' ', colon + 1));
    }
  }
  return "unknown";
}

std::string cpu_flags_of_interest() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("flags", 0) == 0) {
      std::string out;
      for (const char* flag : {" sse4_2", " avx2", " avx512f", " avx512vbmi", " bmi2", " popcnt"}) {
        if ((line + " ").find(std::string(flag) + " ") != std::string::npos) out += flag;
      }
      return out.empty() ? out : out.substr(1);
    }
  }
  return "";
}

std::string rule_table() {
  nlohmann::json rules = nlohmann::json::array();
  for (const piimatch::Rule& rule : piibench::full_pack().rules) {
    rules.push_back({{"id", rule.id},
                     {"category", std::string(piimatch::category_name(rule.category))},
                     {"kind", rule.expression.empty() ? "dictionary" : "expression"},
                     {"shape", piibench::rule_shape(rule)},
                     {"literals", rule.dictionary.size()},
                     {"expression", rule.expression.empty() ? rule.dictionary_file : rule.expression}});
  }
  return rules.dump();
}

template <typename Fn>
void add(const std::string& name, Fn&& fn) {
  benchmark::RegisterBenchmark(name.c_str(), std::forward<Fn>(fn));
}

void add_engine(const std::string& mode, const ScanCase& c) {
  const bool redact = mode == "mask";
  add(piibench::benchmark_name("engine", mode, c), [c, redact](benchmark::State& s) { piibench::run_engine(s, c, redact); });
}

void add_peers(const ScanCase& base, bool with_pcre2 = true) {
  ScanCase c = base;
  add(piibench::benchmark_name("peer_hs_naive", "-", c),
      [c](benchmark::State& s) { piibench::run_peer(s, piibench::Peer::hyperscan_naive, c); });
  c.write_size = 0;  // RE2 and PCRE2 have no streaming API: they get the whole buffer
  add(piibench::benchmark_name("peer_re2_set", "-", c),
      [c](benchmark::State& s) { piibench::run_peer(s, piibench::Peer::re2_set, c); });
  if (!with_pcre2) return;
  add(piibench::benchmark_name("peer_pcre2", "-", c),
      [c](benchmark::State& s) { piibench::run_peer(s, piibench::Peer::pcre2_jit, c); });
}

// The engine's regex and literal stream databases for the pack without one family or pack
// file (and, with per_rule, without each rule), on the corpora they cost most.
void register_engine_whatifs(bool per_rule) {
  for (const std::string& variant : piibench::engine_whatif_variants(per_rule)) {
    for (CorpusKind kind : {CorpusKind::json, CorpusKind::log, CorpusKind::text}) {
      for (const char* database : {"regex", "literal"}) {
        const ScanCase c{kind, 0.01, 64 * KB, 16 * KB, variant};
        add(piibench::benchmark_name("whatif_engine", database, c),
            [c, database](benchmark::State& s) { piibench::run_engine_whatif(s, c, database); });
      }
    }
  }
}

void register_matrix(bool quick) {
  benchmark::RegisterBenchmark("startup/load_rules/-/-/-/-/all", piibench::run_load_rules)->Unit(benchmark::kMillisecond)->Iterations(3);
  benchmark::RegisterBenchmark("startup/cold/-/-/-/-/all", piibench::run_startup_cold)->Unit(benchmark::kMillisecond)->Iterations(1);
  benchmark::RegisterBenchmark("startup/warm/-/-/-/-/all", piibench::run_startup_warm)->Unit(benchmark::kMillisecond)->Iterations(10);

  // Throughput per corpus and density, full pack, 16 KB writes: the headline table.
  for (CorpusKind kind : piibench::kAllCorpusKinds) {
    for (double density : kDensities) {
      if (quick && density != 0.01) continue;
      ScanCase c{kind, density, 64 * KB, 16 * KB, "all", density == 0.01};
      add_engine("mask", c);
      add_engine("report", c);
    }
    // The same engine with the numeric-token path off, in the same run.
    add_engine("mask", ScanCase{kind, 0.01, 64 * KB, 16 * KB, piibench::kAllStreamOnly, true});
    // And as CPUs without AVX-512 VBMI run it (most AVX2-only servers), and without AVX2.
    add_engine("mask", ScanCase{kind, 0.01, 64 * KB, 16 * KB, piibench::kAllWithoutVbmi, true});
    add_engine("mask", ScanCase{kind, 0.01, 64 * KB, 16 * KB, piibench::kAllWithoutAvx2, true});
  }
  // Peers on the same corpora.
  for (CorpusKind kind : piibench::kAllCorpusKinds) {
    for (double density : kDensities) {
      if (quick && density != 0.01) continue;
      add_peers(ScanCase{kind, density, 64 * KB, 16 * KB, "all", density == 0.01});
    }
  }
  // Where the engine's time goes: its Hyperscan databases alone, full pack (at 10% PII too:
  // dense values keep more of the stream database's automata busy).
  for (CorpusKind kind : piibench::kAllCorpusKinds) {
    for (double density : {0.01, 0.1}) {
      if (quick && density != 0.01) continue;
      const ScanCase c{kind, density, 64 * KB, 16 * KB, "all"};
      add(piibench::benchmark_name("engine_hs", "-", c),
          [c](benchmark::State& s) { piibench::run_engine_hyperscan_only(s, c); });
    }
  }
  if (quick) return;

  // Write sizes.
  for (std::size_t write : {std::size_t{512}, 4 * KB, std::size_t{0}}) {
    add_engine("mask", ScanCase{CorpusKind::json, 0.01, 64 * KB, write, "all"});
    add_engine("report", ScanCase{CorpusKind::json, 0.01, 64 * KB, write, "all"});
    add_engine("mask", ScanCase{CorpusKind::text, 0.01, 64 * KB, write, "all"});
  }
  // Message sizes: small (one write) and large.
  for (CorpusKind kind : piibench::kAllCorpusKinds) {
    add_engine("mask", ScanCase{kind, 0.01, 1 * KB, 0, "all"});
  }
  for (CorpusKind kind : {CorpusKind::json, CorpusKind::log, CorpusKind::text}) {
    add_engine("mask", ScanCase{kind, 0.01, 16 * KB * KB, 16 * KB, "all"});
  }
  add_engine("report", ScanCase{CorpusKind::json, 0.01, 16 * KB * KB, 16 * KB, "all"});
  // PCRE2 needs seconds per 16 MB pass; its 64 KB numbers are enough to place it.
  add_peers(ScanCase{CorpusKind::json, 0.01, 16 * KB * KB, 16 * KB, "all"}, false);

  // Cost of each rule family compiled alone, and of its Hyperscan part.
  constexpr CorpusKind kFamilyCorpora[] = {CorpusKind::mixed, CorpusKind::json, CorpusKind::log, CorpusKind::text, CorpusKind::form};
  for (const std::string& family : piibench::families()) {
    for (CorpusKind kind : kFamilyCorpora) {
      const ScanCase c{kind, 0.01, 64 * KB, 16 * KB, family};
      add_engine("mask", c);
      add(piibench::benchmark_name("engine_hs", "-", c),
          [c](benchmark::State& s) { piibench::run_engine_hyperscan_only(s, c); });
    }
  }
  // Pack variants: what switching a family off, or collapsing the digit rules, would save.
  for (const std::string& variant : piibench::whatif_variants()) {
    for (CorpusKind kind : {CorpusKind::mixed, CorpusKind::json}) {
      const ScanCase c{kind, 0.01, 64 * KB, 16 * KB, variant};
      add(piibench::benchmark_name("whatif_hs", "-", c), [c](benchmark::State& s) { piibench::run_whatif(s, c); });
    }
  }
  // Cost of each rule's expression alone in Hyperscan, on the mixed corpus: which patterns
  // defeat the literal prefilter. Hundreds of rules: a short fixed minimum time each.
  for (const piimatch::Rule& rule : piibench::full_pack().rules) {
    const ScanCase c{CorpusKind::mixed, 0.01, 64 * KB, 16 * KB, rule.id};
    benchmark::RegisterBenchmark(piibench::benchmark_name("rule_hs", "-", c).c_str(),
                                 [c](benchmark::State& s) { piibench::run_rule_hyperscan_only(s, c); })
        ->MinTime(0.03);
  }
}

// Removes our own --name=value flags from argv and returns their values.
std::string take_flag(int& argc, char** argv, const std::string& name, const std::string& fallback) {
  const std::string prefix = "--" + name + "=";
  std::string value = fallback;
  int out = 1;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], prefix.c_str(), prefix.size()) == 0) {
      value = argv[i] + prefix.size();
    } else {
      argv[out++] = argv[i];
    }
  }
  argc = out;
  return value;
}

}  // namespace

int main(int argc, char** argv) {
  auto& options = piibench::bench_options();
  options.rules = take_flag(argc, argv, "rules", piimatch::default_rules_path().string());
  options.cache_dir = take_flag(argc, argv, "cache_dir", "");
  options.peer_dictionaries = take_flag(argc, argv, "peer_dictionaries", "1") != "0";
  const std::string matrix = take_flag(argc, argv, "matrix", "full");
  const bool quick = matrix == "quick";
  // --peers=0 skips building the peers (tens of seconds of Hyperscan SOM compile), for
  // profiling the engine alone; peer benchmarks then report errors.
  const bool with_peers = take_flag(argc, argv, "peers", "1") != "0";
  // --whatif_engine=groups registers, instead of the matrix, the engine's stream databases
  // without each family and pack file; =rules adds one variant per rule (hundreds of
  // compiles: use with --cache_dir and a --benchmark_filter).
  const std::string whatif_engine = take_flag(argc, argv, "whatif_engine", "");

  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;

  try {
    std::cerr << "bench: loading rules from " << options.rules.string() << "\n";
    const auto& pack = piibench::full_pack();
    std::cerr << "bench: " << pack.rules.size() << " rules\n";
    if (with_peers) benchmark::AddCustomContext("peers", piibench::build_peers());
    benchmark::AddCustomContext("rules_path", options.rules.string());
    benchmark::AddCustomContext("rules", rule_table());
    if (whatif_engine == "groups" || whatif_engine == "rules") register_engine_whatifs(whatif_engine == "rules");
    else register_matrix(quick);
  } catch (const std::exception& e) {
    std::cerr << "bench: " << e.what() << "\n";
    return 2;
  }
  char pcre2_version[64] = {};
  pcre2_config_8(PCRE2_CONFIG_VERSION, pcre2_version);
  benchmark::AddCustomContext("cpu_model", cpu_model());
  benchmark::AddCustomContext("cpu_flags", cpu_flags_of_interest());
  benchmark::AddCustomContext("hyperscan_version", hs_version());
  benchmark::AddCustomContext("pcre2_version", pcre2_version);
  benchmark::AddCustomContext("timing", "bytes_per_second = bytes / CPU time of the benchmark thread");

  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
