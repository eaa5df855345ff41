#include "bench/fixtures.h"

#include <cstdio>
#include <map>
#include <tuple>

#include "matchers/category.h"

namespace piibench {

BenchOptions& bench_options() {
  static BenchOptions options;
  return options;
}

const piimatch::RuleSet& full_pack() {
  static const piimatch::RuleSet pack = piimatch::RuleSet::load(bench_options().rules);
  return pack;
}

const std::vector<std::string>& families() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (std::size_t c = 0; c < piimatch::kCategoryCount; ++c) {
      for (const piimatch::Rule& rule : full_pack().rules) {
        if (static_cast<std::size_t>(rule.category) == c) {
          out.emplace_back(piimatch::kCategoryNames[c]);
          break;
        }
      }
    }
    return out;
  }();
  return names;
}

piimatch::RuleSet ruleset_named(const std::string& name) {
  if (name == "all" || name == kAllStreamOnly || name == kAllWithoutVbmi || name == kAllWithoutAvx2) return full_pack();
  piimatch::RuleSet subset;
  for (const piimatch::Rule& rule : full_pack().rules) {
    if (piimatch::category_name(rule.category) == name) subset.rules.push_back(rule);
  }
  return subset;
}

std::shared_ptr<const piimatch::Engine> engine_named(const std::string& name) {
  static std::map<std::string, std::shared_ptr<const piimatch::Engine>> engines;
  auto it = engines.find(name);
  if (it != engines.end()) return it->second;
  piimatch::EngineOptions options;
  options.cache_dir = bench_options().cache_dir;
  options.hmac_key = "piiproxy-bench";
  options.numeric_tokens = name != kAllStreamOnly;
  options.triggers = name != kAllStreamOnly && name != kAllWithoutAvx2;
  if (name == kAllWithoutVbmi) {
    options.trigger_path = piimatch::TriggerPath::avx2;
    options.name_walk = piimatch::NameWordTable::Walk::avx2;
    options.token_walk = piimatch::NumericRunTable::Walk::avx2;
  }
  if (name == kAllWithoutAvx2) {
    options.name_words = false;
    options.token_walk = piimatch::NumericRunTable::Walk::bytewise;
  }
  auto engine = piimatch::Engine::compile(ruleset_named(name), options);
  engines.emplace(name, engine);
  return engine;
}

const Corpus& corpus_for(CorpusKind kind, double density, std::size_t size) {
  static std::map<std::tuple<int, double, std::size_t>, Corpus> corpora;
  const auto key = std::make_tuple(static_cast<int>(kind), density, size);
  auto it = corpora.find(key);
  if (it == corpora.end()) {
    CorpusSpec spec;
    spec.kind = kind;
    spec.pii_density = density;
    spec.size = size;
    spec.seed = 20261123;
    it = corpora.emplace(key, generate_corpus(spec)).first;
  }
  return it->second;
}

namespace {

std::string escaped_literal(const std::string& literal) {
  std::string out;
  for (char c : literal) {
    const auto u = static_cast<unsigned char>(c);
    const bool plain = u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ';
    if (!plain) out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::vector<PeerPattern> peer_patterns(const piimatch::RuleSet& rules) {
  std::vector<PeerPattern> out;
  for (const piimatch::Rule& rule : rules.rules) {
    PeerPattern p;
    p.rule_id = rule.id;
    p.caseless = rule.caseless;
    p.dotall = rule.dotall;
    p.multiline = rule.multiline;
    if (!rule.expression.empty()) {
      p.expression = rule.expression;
    } else {
      if (!bench_options().peer_dictionaries || rule.dictionary.empty()) continue;
      p.expression = "(?:";
      for (std::size_t i = 0; i < rule.dictionary.size(); ++i) {
        if (i > 0) p.expression += '|';
        p.expression += escaped_literal(rule.dictionary[i]);
      }
      p.expression += ')';
    }
    out.push_back(std::move(p));
  }
  return out;
}

std::string density_label(double density) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "d%g", density * 100.0);
  return buffer;
}

std::string size_label(std::size_t size) {
  if (size >= (1u << 20) && size % (1u << 20) == 0) return std::to_string(size >> 20) + "M";
  if (size >= 1024 && size % 1024 == 0) return std::to_string(size >> 10) + "K";
  return std::to_string(size);
}

std::string write_label(std::size_t write_size) {
  return write_size == 0 ? "whole" : "w" + size_label(write_size);
}

}  // namespace piibench
