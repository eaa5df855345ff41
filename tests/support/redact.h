#pragma once
// Test helpers: run a whole input through a Redactor with a given chunking and collect the
// output and findings.
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "matchers/engine.h"
#include "matchers/redactor.h"
#include "matchers/rule_set.h"

namespace piitest {

struct Collected {
  std::string output;
  std::vector<piimatch::Finding> findings;
};

class CollectingSink final : public piimatch::FindingSink {
 public:
  void on_finding(const piimatch::Finding& f) override { findings.push_back(f); }
  std::vector<piimatch::Finding> findings;
};

inline std::shared_ptr<const piimatch::Engine> compile_yaml(const std::string& yaml, const std::string& key = "test-key-0123456789") {
  piimatch::EngineOptions options;
  options.hmac_key = key;
  return piimatch::Engine::compile(piimatch::RuleSet::parse(yaml, "test.yaml"), options);
}

// Each test runs in its own process (gtest_discover_tests), so the compiled bundled pack is
// cached on disk in the build tree: only the first test pays for the compile.
inline std::shared_ptr<const piimatch::Engine> bundled_engine() {
  static const auto engine = [] {
    piimatch::EngineOptions options;
    options.hmac_key = "test-key-0123456789";
    options.cache_dir = PIIPROXY_TEST_CACHE_DIR;
    return piimatch::Engine::compile(piimatch::RuleSet::load(std::string(PIIPROXY_SOURCE_DIR) + "/conf/rules"), options);
  }();
  return engine;
}

// `next_chunk` returns the size of the next write (>= 1).
inline Collected redact_chunked(const piimatch::Engine& engine, const std::string& input,
                                const std::function<std::size_t()>& next_chunk,
                                piimatch::RedactorOptions options = {}) {
  piimatch::Scratch scratch(engine);
  CollectingSink sink;
  piimatch::Redactor redactor(engine, scratch, &sink, std::move(options));
  Collected c;
  std::size_t pos = 0;
  while (pos < input.size()) {
    const std::size_t n = std::min(next_chunk(), input.size() - pos);
    redactor.write(std::string_view(input).substr(pos, n), c.output);
    pos += n;
  }
  redactor.finish(c.output);
  c.findings = std::move(sink.findings);
  return c;
}

inline Collected redact(const piimatch::Engine& engine, const std::string& input, piimatch::RedactorOptions options = {}) {
  return redact_chunked(engine, input, [&] { return input.size() + 1; }, std::move(options));
}

inline Collected mask_all(const piimatch::Engine& engine, const std::string& input) {
  piimatch::RedactorOptions options;
  options.action_override = piimatch::Action{piimatch::ActionKind::mask};
  return redact(engine, input, options);
}

// `text` with only the findings of `category` masked ('*' per byte): what a test of one
// category's rules asserts, unaffected by other categories' findings in the same text.
inline std::string mask_category(const piimatch::Engine& engine, const std::string& text, piimatch::Category category) {
  const Collected collected = mask_all(engine, text);
  std::string out = text;
  for (const auto& f : collected.findings) {
    if (f.category != category) continue;
    for (auto i = f.start; i < f.end; ++i) out[i] = '*';
  }
  return out;
}

// Each finding as [start, end): what two engines that must agree are compared on.
inline std::vector<std::pair<std::uint64_t, std::uint64_t>> spans(const Collected& c) {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> out;
  for (const auto& f : c.findings) out.emplace_back(f.start, f.end);
  return out;
}

// Options that enable only the rules with these ids.
inline piimatch::RedactorOptions only_rules(const piimatch::Engine& engine, std::initializer_list<std::string_view> ids) {
  piimatch::RedactorOptions options;
  options.rule_enabled.assign(engine.rules().size(), false);
  for (std::size_t i = 0; i < engine.rules().size(); ++i) {
    for (std::string_view id : ids) {
      if (engine.rules()[i].rule.id == id) options.rule_enabled[i] = true;
    }
  }
  return options;
}

}  // namespace piitest
