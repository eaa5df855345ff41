// "What if" experiments for tuning the rule pack: the streaming Hyperscan databases the
// engine would build (every expression rule without context words, plus the dictionary and
// context-word literals) for the pack as it is, for the pack without each family, and for
// the pack with its digit-shaped rules replaced by one generic digit-run candidate (the
// design DESIGN.md proposes: one Hyperscan pattern for digit runs, classified in C++).
// Scanned with a counting callback, so the numbers are the Hyperscan floor of each variant.
// A second set (whatif_engine) is a grouped leave-one-out through Engine::compile itself:
// the engine's regex stream database and its literal database, timed apart, for the pack
// without one family, one pack file or one rule.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <string_view>
#include <set>
#include <stdexcept>

#include "bench/benchmarks.h"
#include "bench/fixtures.h"
#include "matchers/category.h"
#include "matchers/database_cache.h"

namespace piibench {
namespace {

// True when every character class and literal of the expression is digits or separators:
// the rules that all fire on the same digit runs of JSON ids, timestamps and amounts.
bool digit_shaped(const std::string& expression) {
  bool has_digit_class = false;
  for (std::size_t i = 0; i < expression.size(); ++i) {
    const char c = expression[i];
    if (c == '\\') {
      if (i + 1 < expression.size()) {
        const char e = expression[i + 1];
        if (e == 'd') has_digit_class = true;
        else if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z')) return false;  // \w, \s, \x..
      }
      ++i;
      continue;
    }
    if (c == '[') {
      const std::size_t close = expression.find(']', i + 2);
      if (close == std::string::npos) return false;
      const std::string body = expression.substr(i + 1, close - i - 1);
      for (char b : body) {
        if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z')) return false;
      }
      if (body.find_first_of("0123456789") != std::string::npos) has_digit_class = true;
      i = close;
      continue;
    }
    if (c == '(' && i + 2 < expression.size() && expression[i + 1] == '?' && expression[i + 2] == ':') {
      i += 2;
      continue;
    }
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return false;
  }
  return has_digit_class;
}

// True when `body` (the inside of a group, options prefix removed) is an alternation of
// plain literals of at least three bytes each, e.g. "aws" or "ibm|iam|cloud".
bool literal_alternation(const std::string& body) {
  std::size_t branch = 0, shortest = SIZE_MAX;
  for (std::size_t i = 0; i <= body.size(); ++i) {
    if (i == body.size() || body[i] == '|') {
      shortest = std::min(shortest, branch);
      branch = 0;
      continue;
    }
    const char c = body[i];
    if (c == '\\' && i + 1 < body.size()) {
      const char e = body[++i];
      if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (e >= '0' && e <= '9')) return false;
      ++branch;
      continue;
    }
    if (std::string_view("[](){}?*+.^$").find(c) != std::string_view::npos) return false;
    ++branch;
  }
  return shortest != SIZE_MAX && shortest >= 3;
}

// True when the expression has something Hyperscan's literal matcher can look for, so the
// automaton only runs near a hit: a run of three plain bytes at the top level, an '@', or a
// top-level group that is an alternation of literals ("(?:aws)", "(?i:ibm|iam|cloud)"). A
// top-level '|' needs it in every branch, so such expressions count as without one. A
// heuristic, good enough to sort rules for the report.
bool has_literal_factor(const std::string& expression) {
  int run = 0, best = 0;
  for (std::size_t i = 0; i < expression.size(); ++i) {
    const char c = expression[i];
    if (c == '@') return true;
    if (c == '\\' && i + 1 < expression.size()) {
      const char e = expression[++i];
      const bool literal_escape = !((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (e >= '0' && e <= '9'));
      run = literal_escape ? run + 1 : 0;
    } else if (c == '[') {
      const std::size_t close = expression.find(']', i + 2);
      i = close == std::string::npos ? expression.size() : close;
      run = 0;
    } else if (c == '(') {
      // Find the matching parenthesis; look inside only for a literal alternation.
      int depth = 1;
      std::size_t j = i + 1;
      for (; j < expression.size() && depth > 0; ++j) {
        if (expression[j] == '\\') ++j;
        else if (expression[j] == '[') j = std::min(expression.size() - 1, expression.find(']', j + 2));
        else if (expression[j] == '(') ++depth;
        else if (expression[j] == ')') --depth;
      }
      std::string body = expression.substr(i + 1, j - i - 2);
      if (body.rfind("?", 0) == 0) {
        const std::size_t colon = body.find(':');
        body = colon == std::string::npos ? "" : body.substr(colon + 1);
      }
      const bool optional = j < expression.size() && (expression[j] == '?' || expression[j] == '*' ||
                                                      (expression[j] == '{' && expression[j + 1] == '0'));
      if (!optional && literal_alternation(body)) return true;
      i = j - 1;
      run = 0;
    } else if (c == '|') {
      return false;  // top-level alternation: every branch would need one
    } else if (c == '{' || c == '?' || c == '*' || c == '+') {
      if (c == '{') {
        const std::size_t close = expression.find('}', i);
        i = close == std::string::npos ? expression.size() : close;
      }
      run = 0;  // the quantified byte is not a fixed literal
    } else if (c == '.' || c == '^' || c == '$') {
      run = 0;
    } else {
      run += 1;
    }
    best = std::max(best, run);
  }
  return best >= 3;
}

struct Variant {
  std::vector<std::string> expressions;
  std::vector<unsigned> flags;
  std::vector<std::string> literals;
  std::vector<unsigned> literal_flags;
  std::size_t dropped_rules = 0;
};

// Mirrors Engine::compile's split: expression rules with context words are gated (scanned
// only after a cue) and so are not in the stream database; their cue words are literals.
Variant make_variant(const std::string& name) {
  Variant v;
  std::set<std::string> cue_words;
  const bool collapse_digits = name.rfind("digit-run", 0) == 0 || name == "proposed";
  const bool keep_literals = name != "expressions-only";
  const bool keep_expressions = name != "literals-only";
  // "proposed": what the pack would cost if every rule without a literal factor were gated
  // by context words (scanned only after a cue) and the digit-shaped ones folded into one
  // digit-run candidate.
  const bool proposed = name == "proposed";
  const bool literal_factor_only = name == "literal-factor-only" || proposed;
  for (const piimatch::Rule& rule : full_pack().rules) {
    const std::string family(piimatch::category_name(rule.category));
    if (name == "without-" + family) {
      ++v.dropped_rules;
      continue;
    }
    for (const std::string& word : rule.context) cue_words.insert(word);
    if (!rule.dictionary.empty()) {
      if (!keep_literals) continue;
      for (const std::string& literal : rule.dictionary) {
        v.literals.push_back(literal);
        v.literal_flags.push_back(0);
      }
      continue;
    }
    if (!rule.context.empty() || !keep_expressions) continue;  // gated, or left out
    if ((collapse_digits && digit_shaped(rule.expression)) || (literal_factor_only && !has_literal_factor(rule.expression))) {
      ++v.dropped_rules;
      continue;
    }
    v.expressions.push_back(rule.expression);
    v.flags.push_back((rule.caseless ? HS_FLAG_CASELESS : 0u) | (rule.dotall ? HS_FLAG_DOTALL : 0u) |
                      (rule.multiline ? HS_FLAG_MULTILINE : 0u));
  }
  if (!keep_literals) cue_words.clear();
  for (const std::string& word : cue_words) {
    v.literals.push_back(word);
    v.literal_flags.push_back(HS_FLAG_CASELESS);
  }
  if (name == "digit-run" || name == "proposed") {
    // One candidate for every digit-shaped value: a run of digits and separators that
    // starts and ends with a digit, 7..40 bytes. The start is found in C++ by scanning
    // back over the same alphabet; the classifiers (Luhn, SSN areas, phone plans) run on it.
    v.expressions.push_back("[0-9][0-9 ().\\/+-]{5,38}[0-9]");
    v.flags.push_back(0);
  }
  return v;
}

hs_database_t* compile_cached(const std::string& key, const std::function<hs_database_t*()>& compile) {
  bool from_cache = false;
  return piimatch::load_or_compile_database(bench_options().cache_dir, key, compile, from_cache);
}

struct VariantDatabases {
  hs_database_t* regex = nullptr;
  hs_database_t* literal = nullptr;
  std::size_t dropped_rules = 0;
  std::size_t expressions = 0;
};

VariantDatabases build_variant(const std::string& name) {
  Variant v = make_variant(name);
  VariantDatabases out;
  out.dropped_rules = v.dropped_rules;
  out.expressions = v.expressions.size();
  std::string key = "whatif-regex";
  for (std::size_t i = 0; i < v.expressions.size(); ++i) key += "\n" + std::to_string(v.flags[i]) + ":" + v.expressions[i];
  out.regex = compile_cached(key, [&]() -> hs_database_t* {
    if (v.expressions.empty()) return nullptr;
    std::vector<const char*> pointers;
    std::vector<unsigned> ids;
    for (const std::string& e : v.expressions) {
      pointers.push_back(e.c_str());
      ids.push_back(static_cast<unsigned>(ids.size()));
    }
    hs_database_t* db = nullptr;
    hs_compile_error_t* error = nullptr;
    if (hs_compile_multi(pointers.data(), v.flags.data(), ids.data(), static_cast<unsigned>(pointers.size()),
                         HS_MODE_STREAM, nullptr, &db, &error) != HS_SUCCESS) {
      const std::string message = error->message;
      hs_free_compile_error(error);
      throw std::runtime_error("what-if '" + name + "': " + message);
    }
    return db;
  });
  std::string literal_key = "whatif-literal";
  for (std::size_t i = 0; i < v.literals.size(); ++i) literal_key += "\n" + std::to_string(v.literal_flags[i]) + ":" + v.literals[i];
  out.literal = compile_cached(literal_key, [&]() -> hs_database_t* {
    if (v.literals.empty()) return nullptr;
    std::vector<const char*> pointers;
    std::vector<std::size_t> lengths;
    std::vector<unsigned> ids;
    for (const std::string& l : v.literals) {
      pointers.push_back(l.data());
      lengths.push_back(l.size());
      ids.push_back(static_cast<unsigned>(ids.size()));
    }
    hs_database_t* db = nullptr;
    hs_compile_error_t* error = nullptr;
    if (hs_compile_lit_multi(pointers.data(), v.literal_flags.data(), ids.data(), lengths.data(),
                             static_cast<unsigned>(pointers.size()), HS_MODE_STREAM, nullptr, &db, &error) != HS_SUCCESS) {
      const std::string message = error->message;
      hs_free_compile_error(error);
      throw std::runtime_error("what-if '" + name + "': " + message);
    }
    return db;
  });
  return out;
}

int count_callback(unsigned, unsigned long long, unsigned long long, unsigned, void* ctx) noexcept {
  ++*static_cast<std::uint64_t*>(ctx);
  return 0;
}

std::uint64_t scan_stream(const hs_database_t* db, hs_scratch_t* scratch, std::string_view input, std::size_t write) {
  std::uint64_t callbacks = 0;
  if (db == nullptr) return 0;
  hs_stream_t* stream = nullptr;
  if (hs_open_stream(db, 0, &stream) != HS_SUCCESS) throw std::runtime_error("hs_open_stream failed");
  for (std::size_t pos = 0; pos < input.size(); pos += write) {
    const std::size_t n = std::min(write, input.size() - pos);
    hs_scan_stream(stream, input.data() + pos, static_cast<unsigned>(n), 0, scratch, count_callback, &callbacks);
  }
  hs_close_stream(stream, scratch, count_callback, &callbacks);
  return callbacks;
}

}  // namespace

namespace {

// The pack file a rule came from, without directory and extension ("credentials-saas").
std::string pack_of(const piimatch::Rule& rule) {
  std::string name = rule.source;
  const std::size_t slash = name.find_last_of('/');
  if (slash != std::string::npos) name.erase(0, slash + 1);
  const std::size_t dot = name.rfind('.');
  if (dot != std::string::npos) name.erase(dot);
  return name;
}

// True when `rule` belongs to the group a leave-one-out variant removes: "family:<category>",
// "pack:<file stem>" or "rule:<id>".
bool in_group(const piimatch::Rule& rule, const std::string& group) {
  if (group.rfind("family:", 0) == 0) return piimatch::category_name(rule.category) == group.substr(7);
  if (group.rfind("pack:", 0) == 0) return pack_of(rule) == group.substr(5);
  if (group.rfind("rule:", 0) == 0) return rule.id == group.substr(5);
  return false;
}

// The engine's own databases for the pack without one group of rules: unlike make_variant,
// this goes through Engine::compile, so numeric-token, trigger and after-cue rules are
// placed exactly as the product places them, and the regex and literal databases can be
// timed apart.
std::shared_ptr<const piimatch::Engine> engine_without(const std::string& variant) {
  static std::map<std::string, std::shared_ptr<const piimatch::Engine>> engines;
  auto it = engines.find(variant);
  if (it != engines.end()) return it->second;
  piimatch::RuleSet subset;
  const std::string group = variant == "current" ? "" : variant.substr(std::string("without-").size());
  for (const piimatch::Rule& rule : full_pack().rules) {
    if (!in_group(rule, group)) subset.rules.push_back(rule);
  }
  piimatch::EngineOptions options;
  options.cache_dir = bench_options().cache_dir;
  options.hmac_key = "piiproxy-bench";
  auto engine = piimatch::Engine::compile(subset, options);
  engines.emplace(variant, engine);
  return engine;
}

}  // namespace

std::vector<std::string> engine_whatif_variants(bool per_rule) {
  std::vector<std::string> names = {"current"};
  for (const std::string& family : families()) names.push_back("without-family:" + family);
  std::set<std::string> packs;
  for (const piimatch::Rule& rule : full_pack().rules) packs.insert(pack_of(rule));
  for (const std::string& pack : packs) names.push_back("without-pack:" + pack);
  if (per_rule) {
    for (const piimatch::Rule& rule : full_pack().rules) names.push_back("without-rule:" + rule.id);
  }
  return names;
}

void run_engine_whatif(benchmark::State& state, const ScanCase& c, const std::string& database) {
  std::shared_ptr<const piimatch::Engine> engine;
  try {
    engine = engine_without(c.ruleset);
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  const hs_database_t* db = database == "regex" ? engine->regex_db() : engine->literal_db();
  hs_scratch_t* scratch = nullptr;
  if (db != nullptr) hs_alloc_scratch(db, &scratch);
  const Corpus& corpus = corpus_for(c.kind, c.density, c.size);
  const std::size_t write = c.write_size == 0 ? corpus.bytes.size() : c.write_size;
  const std::uint64_t callbacks = scan_stream(db, scratch, corpus.bytes, write);
  for (auto _ : state) benchmark::DoNotOptimize(scan_stream(db, scratch, corpus.bytes, write));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(corpus.bytes.size()));
  state.counters["callbacks_per_MB"] = static_cast<double>(callbacks) / (static_cast<double>(corpus.bytes.size()) / 1e6);
  // Printed with an SI prefix: 1.9m is 1.9 ms of CPU per MB.
  state.counters["seconds_per_MB"] = benchmark::Counter(
      static_cast<double>(corpus.bytes.size()) / 1e6, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  hs_free_scratch(scratch);
}

std::string rule_shape(const piimatch::Rule& rule) {
  if (!rule.dictionary.empty()) return "dictionary";
  if (!rule.context.empty()) return "context-gated";
  if (digit_shaped(rule.expression)) return "digit-shaped";
  return has_literal_factor(rule.expression) ? "literal-factor" : "no-literal-factor";
}

std::vector<std::string> whatif_variants() {
  std::vector<std::string> names = {"current", "literals-only", "expressions-only", "literal-factor-only", "digit-run-removed", "digit-run", "proposed"};
  for (const std::string& family : families()) names.push_back("without-" + family);
  return names;
}

void run_whatif(benchmark::State& state, const ScanCase& c) {
  VariantDatabases dbs;
  try {
    dbs = build_variant(c.ruleset);
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  hs_scratch_t* scratch = nullptr;
  if (dbs.regex != nullptr) hs_alloc_scratch(dbs.regex, &scratch);
  if (dbs.literal != nullptr) hs_alloc_scratch(dbs.literal, &scratch);
  const Corpus& corpus = corpus_for(c.kind, c.density, c.size);
  const std::size_t write = c.write_size == 0 ? corpus.bytes.size() : c.write_size;
  const std::uint64_t callbacks =
      scan_stream(dbs.regex, scratch, corpus.bytes, write) + scan_stream(dbs.literal, scratch, corpus.bytes, write);
  for (auto _ : state) {
    benchmark::DoNotOptimize(scan_stream(dbs.regex, scratch, corpus.bytes, write));
    benchmark::DoNotOptimize(scan_stream(dbs.literal, scratch, corpus.bytes, write));
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(corpus.bytes.size()));
  state.counters["callbacks_per_MB"] = static_cast<double>(callbacks) / (static_cast<double>(corpus.bytes.size()) / 1e6);
  state.counters["dropped_rules"] = static_cast<double>(dbs.dropped_rules);
  state.counters["stream_expressions"] = static_cast<double>(dbs.expressions);
  hs_free_scratch(scratch);
  hs_free_database(dbs.regex);
  hs_free_database(dbs.literal);
}

}  // namespace piibench
