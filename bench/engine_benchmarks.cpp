// Benchmarks of piimatch itself: the Redactor over the whole pack or one family, the
// engine's Hyperscan databases alone (how much of the time is Hyperscan and how much the
// C++ confirm path), each rule alone, and startup (cold compile, cache load, pack load).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>

#include "bench/benchmarks.h"
#include "bench/fixtures.h"
#include "bench/quality_counters.h"
#include "matchers/form_decoding_redactor.h"
#include "matchers/redactor.h"

namespace piibench {

std::string benchmark_name(const std::string& suite, const std::string& mode, const ScanCase& c) {
  return suite + "/" + mode + "/" + std::string(corpus_kind_name(c.kind)) + "/" + density_label(c.density) + "/" +
         size_label(c.size) + "/" + write_label(c.write_size) + "/" + c.ruleset;
}

namespace {

// Counts findings; keeps their spans only in the (untimed) quality pass.
class RecordingSink final : public piimatch::FindingSink {
 public:
  void on_finding(const piimatch::Finding& finding) override {
    ++count;
    if (keep_spans) spans.push_back({finding.start, finding.end});
  }
  // As the proxy's recorder at its default log level: no fingerprints (they are not read).
  bool wants_fingerprints() const override { return false; }
  std::uint64_t count = 0;
  bool keep_spans = false;
  std::vector<FoundSpan> spans;
};

// One message through the redactor (a Redactor or a FormDecodingRedactor), in writes of
// `write_size` bytes. Output is consumed per write (as a proxy sends it), so the output
// buffer stays the size of a write.
template <typename AnyRedactor>
void redact_message(AnyRedactor& redactor, std::string_view input, std::size_t write_size, std::string& out) {
  for (std::size_t pos = 0; pos < input.size(); pos += write_size) {
    out.clear();
    redactor.write(input.substr(pos, write_size), out);
    benchmark::DoNotOptimize(out.data());
  }
  out.clear();
  redactor.finish(out);
  benchmark::DoNotOptimize(out.data());
  redactor.reset();
}

int count_callback(unsigned, unsigned long long, unsigned long long, unsigned, void* ctx) noexcept {
  ++*static_cast<std::uint64_t*>(ctx);
  return 0;
}

// Scans stream-mode databases the way the Redactor feeds them, with a callback that only
// counts: the Hyperscan share of the engine's time and its candidate rate.
class CountingStreamScanner {
 public:
  explicit CountingStreamScanner(std::vector<const hs_database_t*> databases) : databases_(std::move(databases)) {
    for (const hs_database_t* db : databases_) {
      if (hs_alloc_scratch(db, &scratch_) != HS_SUCCESS) throw std::runtime_error("hs_alloc_scratch failed");
    }
  }
  ~CountingStreamScanner() { hs_free_scratch(scratch_); }
  CountingStreamScanner(const CountingStreamScanner&) = delete;
  CountingStreamScanner& operator=(const CountingStreamScanner&) = delete;

  std::uint64_t scan(std::string_view input, std::size_t write_size) {
    std::uint64_t callbacks = 0;
    for (const hs_database_t* db : databases_) {
      hs_stream_t* stream = nullptr;
      if (hs_open_stream(db, 0, &stream) != HS_SUCCESS) throw std::runtime_error("hs_open_stream failed");
      for (std::size_t pos = 0; pos < input.size(); pos += write_size) {
        const std::size_t n = std::min(write_size, input.size() - pos);
        hs_scan_stream(stream, input.data() + pos, static_cast<unsigned>(n), 0, scratch_, count_callback, &callbacks);
      }
      hs_close_stream(stream, scratch_, count_callback, &callbacks);
    }
    return callbacks;
  }

 private:
  std::vector<const hs_database_t*> databases_;
  hs_scratch_t* scratch_ = nullptr;
};

std::size_t effective_write(const ScanCase& c, const Corpus& corpus) {
  return c.write_size == 0 ? corpus.bytes.size() : c.write_size;
}

void set_throughput(benchmark::State& state, const Corpus& corpus) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(corpus.bytes.size()));
}

}  // namespace

namespace {

template <typename AnyRedactor>
void run_redactor(benchmark::State& state, const ScanCase& c, const piimatch::Engine& engine, const Corpus& corpus,
                  AnyRedactor& redactor, RecordingSink& sink) {
  const std::size_t write_size = effective_write(c, corpus);
  std::string out;
  out.reserve(write_size + engine.holdback() + engine.lookbehind() + 4096);

  // Untimed quality pass: what the engine found on this corpus.
  sink.keep_spans = true;
  redact_message(redactor, corpus.bytes, write_size, out);
  sink.keep_spans = false;
  const std::uint64_t findings_per_pass = sink.count;
  add_quality_counters(state, corpus, evaluate_quality(corpus, std::move(sink.spans)), c.detailed_quality);

  for (auto _ : state) redact_message(redactor, corpus.bytes, write_size, out);

  set_throughput(state, corpus);
  state.counters["findings_per_MB"] = static_cast<double>(findings_per_pass) / (static_cast<double>(corpus.bytes.size()) / 1e6);
  state.counters["holdback"] = engine.holdback();
  state.counters["stream_state_bytes"] = static_cast<double>(engine.stats().stream_state_bytes);
}

}  // namespace

void run_engine(benchmark::State& state, const ScanCase& c, bool redact) {
  const auto engine = engine_named(c.ruleset);
  const Corpus& corpus = corpus_for(c.kind, c.density, c.size);
  piimatch::Scratch scratch(*engine);
  RecordingSink sink;
  piimatch::RedactorOptions options;
  options.action_override = piimatch::Action{redact ? piimatch::ActionKind::mask : piimatch::ActionKind::report};
  // Form posts go through the decoding redactor, as the proxy sends
  // application/x-www-form-urlencoded bodies; its findings are spans of the encoded bytes,
  // which is where the corpus records its planted values. (The form records inside the
  // mixed corpus stay raw: no proxy would decode a mixed body.)
  if (c.kind == CorpusKind::form) {
    piimatch::FormDecodingRedactor redactor(*engine, scratch, &sink, options);
    run_redactor(state, c, *engine, corpus, redactor, sink);
  } else {
    piimatch::Redactor redactor(*engine, scratch, &sink, options);
    run_redactor(state, c, *engine, corpus, redactor, sink);
  }
}

void run_engine_hyperscan_only(benchmark::State& state, const ScanCase& c) {
  const auto engine = engine_named(c.ruleset);
  const Corpus& corpus = corpus_for(c.kind, c.density, c.size);
  std::vector<const hs_database_t*> databases;
  if (engine->regex_db() != nullptr) databases.push_back(engine->regex_db());
  if (engine->literal_db() != nullptr) databases.push_back(engine->literal_db());
  CountingStreamScanner scanner(databases);
  const std::size_t write_size = effective_write(c, corpus);
  const std::uint64_t callbacks = scanner.scan(corpus.bytes, write_size);
  for (auto _ : state) benchmark::DoNotOptimize(scanner.scan(corpus.bytes, write_size));
  set_throughput(state, corpus);
  state.counters["callbacks_per_MB"] = static_cast<double>(callbacks) / (static_cast<double>(corpus.bytes.size()) / 1e6);
}

void run_rule_hyperscan_only(benchmark::State& state, const ScanCase& c) {
  const piimatch::Rule* rule = nullptr;
  for (const piimatch::Rule& r : full_pack().rules) {
    if (r.id == c.ruleset) rule = &r;
  }
  if (rule == nullptr) {
    state.SkipWithError("no such rule");
    return;
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  const unsigned flags = (rule->caseless ? HS_FLAG_CASELESS : 0u) | (rule->dotall ? HS_FLAG_DOTALL : 0u) |
                         (rule->multiline ? HS_FLAG_MULTILINE : 0u);
  hs_error_t rc;
  if (!rule->expression.empty()) {
    rc = hs_compile(rule->expression.c_str(), flags, HS_MODE_STREAM, nullptr, &db, &error);
  } else {
    std::vector<const char*> literals;
    std::vector<std::size_t> lengths;
    std::vector<unsigned> literal_flags(rule->dictionary.size(), 0u);
    // Distinct ids: with one id for all literals Hyperscan's literal compile takes minutes.
    std::vector<unsigned> ids;
    for (const std::string& literal : rule->dictionary) {
      literals.push_back(literal.data());
      lengths.push_back(literal.size());
      ids.push_back(static_cast<unsigned>(ids.size()));
    }
    rc = hs_compile_lit_multi(literals.data(), literal_flags.data(), ids.data(), lengths.data(),
                              static_cast<unsigned>(literals.size()), HS_MODE_STREAM, nullptr, &db, &error);
  }
  if (rc != HS_SUCCESS) {
    state.SkipWithError(error != nullptr ? error->message : "compile failed");
    hs_free_compile_error(error);
    return;
  }
  const Corpus& corpus = corpus_for(c.kind, c.density, c.size);
  {
    CountingStreamScanner scanner({db});
    const std::size_t write_size = effective_write(c, corpus);
    const std::uint64_t callbacks = scanner.scan(corpus.bytes, write_size);
    for (auto _ : state) benchmark::DoNotOptimize(scanner.scan(corpus.bytes, write_size));
    set_throughput(state, corpus);
    state.counters["callbacks_per_MB"] = static_cast<double>(callbacks) / (static_cast<double>(corpus.bytes.size()) / 1e6);
  }
  hs_free_database(db);
}

void run_startup_cold(benchmark::State& state) {
  const piimatch::RuleSet& pack = full_pack();
  piimatch::EngineOptions options;  // no cache: a full Hyperscan compile every time
  double compile_seconds = 0;
  for (auto _ : state) {
    auto engine = piimatch::Engine::compile(pack, options);
    compile_seconds = engine->stats().compile_seconds;
    benchmark::DoNotOptimize(engine.get());
  }
  state.counters["hs_compile_seconds"] = compile_seconds;
  state.counters["rules"] = static_cast<double>(pack.rules.size());
}

void run_startup_warm(benchmark::State& state) {
  const piimatch::RuleSet& pack = full_pack();
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("piiproxy-bench-warm-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  piimatch::EngineOptions options;
  options.cache_dir = dir.string();
  piimatch::Engine::compile(pack, options);  // fills the cache, untimed
  bool from_cache = false;
  double compile_seconds = 0;
  for (auto _ : state) {
    auto engine = piimatch::Engine::compile(pack, options);
    from_cache = engine->stats().from_cache;
    compile_seconds = engine->stats().compile_seconds;
    benchmark::DoNotOptimize(engine.get());
  }
  std::filesystem::remove_all(dir);
  state.counters["from_cache"] = from_cache ? 1 : 0;
  state.counters["hs_load_seconds"] = compile_seconds;
}

void run_load_rules(benchmark::State& state) {
  std::size_t rules = 0;
  for (auto _ : state) {
    auto pack = piimatch::RuleSet::load(bench_options().rules);
    rules = pack.rules.size();
    benchmark::DoNotOptimize(pack.rules.data());
  }
  state.counters["rules"] = static_cast<double>(rules);
}

}  // namespace piibench
