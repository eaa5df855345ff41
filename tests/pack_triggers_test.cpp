// us-state-zip, uk-postcode (conf/rules/address.yaml) and uk-nino (national_id.yaml) are
// found around their triggers instead of in the stream database. The triggers are the pack author's claim that every
// match holds one of them: here the engine with triggers must find exactly what the stream
// database finds, for every layout the expressions allow (spaces, '+', %20, compact), among
// near misses, whatever the writes.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <random>
#include <string>

#include "matchers/trigger.h"
#include "tests/support/redact.h"

namespace {

std::shared_ptr<const piimatch::Engine> bundled(bool triggers) {
  piimatch::EngineOptions options;
  options.hmac_key = "test-key-0123456789";
  options.cache_dir = PIIPROXY_TEST_CACHE_DIR;
  options.triggers = triggers;
  return piimatch::Engine::compile(piimatch::RuleSet::load(std::string(PIIPROXY_SOURCE_DIR) + "/conf/rules"), options);
}

std::string planted_corpus() {
  std::mt19937 rng(31);
  // Every way the expressions join their parts, and near misses (no comma, four digits, a
  // made-up postcode area, lower case, the unallocated NINO prefix QQ).
  static const char* values[] = {
      "San Francisco, CA 94105",   "Austin,TX 78701-1234",     "Boise%2C+ID+83702",        "Reno%2c%20NV%2089501",
      "Portland, OR+97201",        "London SW1A 1AA",          "post EC1A1BB",             "M1 1AE",
      "CR2 6XH",                   "SE10 1AA",                 "SE101AA",                  "W1A+0AX",
      "DN55%201PT",                "GIR 0AA",                  "GIR0AA",                   "B33 8TH",
      "NI AB 12 34 56 C",          "ni: jg 10 37 49 d",        "JG 10 37 49 B",            "QQ 12 34 56 C"};
  static const char* noise[] = {"ID 12345",     "CA 9410",   "ZZ1 1AA",  "sw1a 1aa", "AB12CD", "X1 2YZ", "v1.2.3",
                                "HTTP/1.1 200", "ORD-12345", "A1B2C3",   "2026-11-23T10:11:12Z"};
  std::string out;
  while (out.size() < 400'000) {
    if (rng() % 4 == 0) {
      out += "{\"addr\":\"";
      out += values[rng() % std::size(values)];
      out += "\",\"n\":" + std::to_string(rng()) + "}\n";
    } else {
      out += "note ";
      out += noise[rng() % std::size(noise)];
      out += rng() % 2 ? " and " : "\n";
    }
  }
  return out;
}

TEST(PackTriggers, SameFindingsAsTheStreamDatabaseUnderAnyChunking) {
  const auto with = bundled(true);
  const auto without = bundled(false);
  for (const auto& rule : with->rules()) {
    if (rule.rule.id == "us-state-zip" || rule.rule.id == "uk-postcode" || rule.rule.id == "uk-nino") {
      EXPECT_EQ(rule.triggered, piimatch::TriggerScanner::fast()) << rule.rule.id;
    }
  }
  const std::string corpus = planted_corpus();
  const auto reference = piitest::redact_chunked(*without, corpus, [] { return std::size_t{16384}; });
  std::map<std::string, int> by_rule;
  for (const auto& f : reference.findings) ++by_rule[std::string(f.rule_id)];
  EXPECT_GT(by_rule["us-state-zip"], 500);
  EXPECT_GT(by_rule["uk-postcode"], 1000);
  EXPECT_GT(by_rule["uk-nino"], 200);
  std::mt19937 rng(5);
  for (const auto& [what, next] : std::vector<std::pair<std::string, std::function<std::size_t()>>>{
           {"one write", [&] { return corpus.size(); }},
           {"16 KB writes", [] { return std::size_t{16384}; }},
           {"random writes", [&] { return std::size_t{1} + rng() % 50; }}}) {
    const auto got = piitest::redact_chunked(*with, corpus, next);
    ASSERT_EQ(got.findings.size(), reference.findings.size()) << what;
    for (std::size_t i = 0; i < got.findings.size(); ++i) {
      ASSERT_EQ(got.findings[i].rule_id, reference.findings[i].rule_id) << what << " finding " << i;
      ASSERT_EQ(got.findings[i].start, reference.findings[i].start) << what << " finding " << i;
      ASSERT_EQ(got.findings[i].end, reference.findings[i].end) << what << " finding " << i;
    }
    EXPECT_TRUE(got.output == reference.output) << what;
  }
}

}  // namespace
