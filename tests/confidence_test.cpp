// Rule confidence: `confidence: low` rules (cue-less bare id numbers) are parsed, dropped
// below the configured minimum before compiling, and, when an operator asks for them, mask
// checksum-valid bare numbers that the default policy leaves alone.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <utility>

#include <unistd.h>

#include "matchers/engine.h"
#include "matchers/rule_set.h"
#include "matchers/validator.h"
#include "matchers/validators/validators.h"
#include "support/redact.h"

namespace {

using piimatch::Confidence;
using piimatch::Engine;
using piimatch::RuleError;
using piimatch::RuleSet;

const std::string kBundled = std::string(PIIPROXY_SOURCE_DIR) + "/conf/rules";

std::string rule_yaml(const std::string& id, const std::string& extra = "") {
  return "  - id: " + id + "\n    category: national_id\n    expression: '[0-9]{9}'\n" + extra;
}

// The bundled packs at a level, compiled once per process (the databases are cached on disk
// in the build tree, so only the first test process pays for the compile).
std::shared_ptr<const Engine> bundled_at(Confidence minimum) {
  piimatch::EngineOptions options;
  options.hmac_key = "test-key-0123456789";
  options.cache_dir = PIIPROXY_TEST_CACHE_DIR;
  return Engine::compile(RuleSet::load(kBundled, minimum), options);
}

const Engine& bundled_normal() {
  static const auto engine = bundled_at(Confidence::normal);
  return *engine;
}

const Engine& bundled_low() {
  static const auto engine = bundled_at(Confidence::low);
  return *engine;
}

bool fully_masked(const Engine& engine, const std::string& value) {
  const std::string input = "{\"value\":\"" + value + "\"}";
  return piitest::mask_all(engine, input).output == "{\"value\":\"" + std::string(value.size(), '*') + "\"}";
}

bool untouched(const Engine& engine, const std::string& value) {
  const std::string input = "{\"value\":\"" + value + "\"}";
  return piitest::mask_all(engine, input).output == input;
}

TEST(RuleConfidence, DefaultsToNormalAndAcceptsLowAndNormal) {
  const RuleSet set = RuleSet::parse("rules:\n" + rule_yaml("plain") + rule_yaml("weak", "    confidence: low\n") +
                                         rule_yaml("sure", "    confidence: normal\n"),
                                     "t.yaml");
  ASSERT_EQ(set.rules.size(), 3u);
  EXPECT_EQ(set.rules[0].confidence, Confidence::normal);
  EXPECT_EQ(set.rules[1].confidence, Confidence::low);
  EXPECT_EQ(set.rules[2].confidence, Confidence::normal);
}

TEST(RuleConfidence, AnyOtherValueNamesFileRuleAndAllowedValues) {
  for (const std::string bad : {"high", "LOW", "0.5", "''"}) {
    try {
      RuleSet::parse("rules:\n" + rule_yaml("weak", "    confidence: " + bad + "\n"), "packs/ids.yaml");
      ADD_FAILURE() << "confidence '" << bad << "' was accepted";
    } catch (const RuleError& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find("packs/ids.yaml"), std::string::npos) << message;
      EXPECT_NE(message.find("'weak'"), std::string::npos) << message;
      EXPECT_NE(message.find("low or normal"), std::string::npos) << message;
    }
  }
  EXPECT_THROW(RuleSet::parse("rules:\n" + rule_yaml("weak", "    confidence: [low]\n"), "t.yaml"), RuleError);
}

TEST(RuleConfidence, DropBelowNormalRemovesOnlyLowRulesAndKeepsTheOrder) {
  RuleSet set = RuleSet::parse("rules:\n" + rule_yaml("a") + rule_yaml("weak-1", "    confidence: low\n") +
                                   rule_yaml("b") + rule_yaml("weak-2", "    confidence: low\n") + rule_yaml("c"),
                               "t.yaml");
  EXPECT_EQ(set.count(Confidence::low), 2u);
  EXPECT_EQ(set.drop_below(Confidence::low), 0u);  // nothing is below the lowest level
  ASSERT_EQ(set.rules.size(), 5u);
  EXPECT_EQ(set.drop_below(Confidence::normal), 2u);
  ASSERT_EQ(set.rules.size(), 3u);
  EXPECT_EQ(set.rules[0].id, "a");
  EXPECT_EQ(set.rules[1].id, "b");
  EXPECT_EQ(set.rules[2].id, "c");
  EXPECT_EQ(set.count(Confidence::low), 0u);
}

TEST(RuleConfidence, LoadingTheBundledPacksSkipsLowRulesUnlessAskedFor) {
  const RuleSet normal = RuleSet::load(kBundled);
  const RuleSet low = RuleSet::load(kBundled, Confidence::low);
  EXPECT_EQ(normal.count(Confidence::low), 0u);
  EXPECT_GT(low.count(Confidence::low), 0u);
  EXPECT_EQ(low.rules.size(), normal.rules.size() + low.count(Confidence::low));
  // The default policy is exactly the normal rules of the full load, in the same order.
  RuleSet filtered = low;
  filtered.drop_below(Confidence::normal);
  ASSERT_EQ(filtered.rules.size(), normal.rules.size());
  for (std::size_t i = 0; i < normal.rules.size(); ++i) EXPECT_EQ(filtered.rules[i].id, normal.rules[i].id);
}

// Bare digit runs of the shapes presidio scores low (a US SSN bare and split 5-4) and a
// bare Australian TFN (weights 1,4,3,7,5,8,6,9,10 give 253 = 23 * 11): masked only at low.
TEST(RuleConfidence, BareSsnAndTfnAreMaskedAtLowOnly) {
  for (const std::string value : {"536228745", "53622-8745", "123456782"}) {
    EXPECT_TRUE(untouched(bundled_normal(), value)) << value << " masked at normal";
    EXPECT_TRUE(fully_masked(bundled_low(), value)) << value << " not masked at low";
  }
  // 078-051121 is also a national phone number with its trunk 0, masked at any level; at
  // low the SSN reading finds it too.
  EXPECT_TRUE(fully_masked(bundled_low(), "078-051121"));
  const auto ssn_alone = piitest::redact(bundled_low(), "078-051121", piitest::only_rules(bundled_low(), {"us-ssn-mixed-bare"}));
  EXPECT_EQ(ssn_alone.findings.size(), 1u);
}

// A twin whose check digit is wrong (and that no other low rule's checks accept) stays.
TEST(RuleConfidence, InvalidChecksumTwinsStayAtLow) {
  EXPECT_TRUE(fully_masked(bundled_low(), "67924708"));  // 8-digit TFN, weighted mod 11
  EXPECT_TRUE(untouched(bundled_low(), "67924709"));
  EXPECT_TRUE(fully_masked(bundled_low(), "964265651"));  // 9-digit TFN starting with 9: no SSN
  EXPECT_TRUE(untouched(bundled_low(), "964265652"));
  EXPECT_TRUE(fully_masked(bundled_low(), "351243185978"));  // Aadhaar, Verhoeff
  EXPECT_TRUE(untouched(bundled_low(), "351243185977"));
  // The publicized sample SSN stays without a cue, in every layout.
  EXPECT_TRUE(untouched(bundled_low(), "078051120"));
  EXPECT_TRUE(untouched(bundled_low(), "07805-1120"));
}

// Digits after '.' are a fraction and after '+' a phone number, not an id.
TEST(RuleConfidence, LowRulesSkipDecimalFractionsAndPlusPrefixedNumbers) {
  EXPECT_TRUE(untouched(bundled_low(), "3.536228745"));
  // (A leading 0 keeps the '+' form from being a real country code, which a phone rule takes.)
  EXPECT_TRUE(fully_masked(bundled_low(), "012345678"));
  EXPECT_TRUE(untouched(bundled_low(), "+012345678"));
  // A sentence may end right after the number.
  EXPECT_EQ(piitest::mask_all(bundled_low(), "SSA file 536228745.").output, "SSA file *********.");
}

// National ids travel in JSON as strings; an unquoted number value is a record id or a
// count (and masking it would break the JSON), however the bytes arrive.
TEST(RuleConfidence, LowRulesLeaveUnquotedJsonNumbersAlone) {
  for (const std::string json : {"{\"id\":371494589}", "{\"id\": 371494589}", "{\"id\" :\n  371494589,\"n\":1}"}) {
    const auto whole = piitest::mask_all(bundled_low(), json);
    EXPECT_EQ(whole.output, json);
    piimatch::RedactorOptions options;
    options.action_override = piimatch::Action{piimatch::ActionKind::mask};
    EXPECT_EQ(piitest::redact_chunked(bundled_low(), json, [] { return std::size_t{1}; }, options).output, json);
  }
  EXPECT_EQ(piitest::mask_all(bundled_low(), "{\"id\":\"371494589\"}").output, "{\"id\":\"*********\"}");
  // Array elements and a decimal's whole part are numbers of their own too: the JSON stays
  // JSON, the amount readable.
  EXPECT_EQ(piitest::mask_all(bundled_low(), "[371494589, 536228745]").output, "[371494589, 536228745]");
  EXPECT_EQ(piitest::mask_all(bundled_low(), "paid 536228745.50 in total").output, "paid 536228745.50 in total");
  EXPECT_EQ(piitest::mask_all(bundled_low(), "paid to 536228745.").output, "paid to *********.");
}

// Where a cue makes a normal rule find the same bytes, the normal rule reports them.
TEST(RuleConfidence, ACueGatedNormalRuleWinsTheSameBytes) {
  const auto collected = piitest::mask_all(bundled_low(), "TFN: 123456782");
  ASSERT_EQ(collected.findings.size(), 1u);
  EXPECT_EQ(collected.findings[0].rule_id, "au-tfn-with-context");
}

// `text` with the candidate at [start, start + length).
bool validator_accepts(piimatch::ValidatorFn fn, const std::string& text, std::size_t start, std::size_t length) {
  piimatch::Candidate candidate;
  candidate.data = text;
  candidate.start = start;
  candidate.end = start + length;
  candidate.at_stream_begin = true;
  candidate.at_stream_end = true;
  return fn(candidate, std::nullopt);
}

bool validator_accepts(piimatch::ValidatorFn fn, const std::string& whole) {
  return validator_accepts(fn, whole, 0, whole.size());
}

TEST(LowConfidenceValidators, SsnMixedLayoutsFollowTheAllocationRulesAndRefusePublicizedNumbers) {
  namespace v = piimatch::validators;
  EXPECT_TRUE(validator_accepts(v::us_ssn_mixed_layout, "078-051121"));
  EXPECT_TRUE(validator_accepts(v::us_ssn_mixed_layout, "53622-8745"));
  EXPECT_TRUE(validator_accepts(v::us_ssn_mixed_layout, "078 051121"));
  EXPECT_TRUE(validator_accepts(v::us_ssn_mixed_layout, "536228745"));
  EXPECT_FALSE(validator_accepts(v::us_ssn_mixed_layout, "078-051120"));  // publicized
  EXPECT_FALSE(validator_accepts(v::us_ssn_mixed_layout, "07805-1120"));
  EXPECT_FALSE(validator_accepts(v::us_ssn_mixed_layout, "666-051121"));  // never issued
  EXPECT_FALSE(validator_accepts(v::us_ssn_mixed_layout, "078-001121"));
  EXPECT_FALSE(validator_accepts(v::us_ssn_mixed_layout, "07805-0000"));
  EXPECT_FALSE(validator_accepts(v::us_ssn_mixed_layout, "0780-51121"));  // not a layout
  // After a cue the publicized numbers count: the validators differ in that only.
  EXPECT_TRUE(validator_accepts(v::us_ssn_after_cue, "078-051120"));
}

TEST(LowConfidenceValidators, NotPlainNumberRefusesJsonNumbersAndDecimalsOnly) {
  namespace v = piimatch::validators;
  auto accepts_run = [](const std::string& text) {
    const std::size_t at = text.find("371494589");
    return validator_accepts(v::not_plain_number, text, at, 9);
  };
  // Unquoted JSON member values and array elements: record ids and counts.
  EXPECT_FALSE(accepts_run(R"({"id":371494589})"));
  EXPECT_FALSE(accepts_run("{\"id\" :\n\t 371494589}"));
  EXPECT_FALSE(accepts_run("[371494589]"));
  EXPECT_FALSE(accepts_run("[ 371494589, 2]"));
  EXPECT_FALSE(accepts_run("[1, 371494589]"));
  EXPECT_FALSE(accepts_run(R"(["a",371494589])"));
  EXPECT_FALSE(accepts_run("[null, 371494589]"));
  EXPECT_FALSE(accepts_run("[{},371494589]"));
  // The whole part of a decimal: an amount.
  EXPECT_FALSE(accepts_run("total 371494589.50 EUR"));
  // Strings and text are taken.
  EXPECT_TRUE(accepts_run(R"({"id":"371494589"})"));
  EXPECT_TRUE(accepts_run("ref: 371494589"));  // a colon in text, no key quote before it
  EXPECT_TRUE(accepts_run("Alice, 371494589"));
  EXPECT_TRUE(accepts_run("untrue, 371494589"));  // a word that ends like true is no true
  EXPECT_TRUE(accepts_run("file 371494589."));      // a sentence end, not a decimal
  EXPECT_TRUE(accepts_run("371494589"));
}

TEST(LowConfidenceValidators, TfnRefusesOneDigitRepeated) {
  namespace v = piimatch::validators;
  EXPECT_FALSE(validator_accepts(v::au_tfn, "000000000"));
  EXPECT_FALSE(validator_accepts(v::au_tfn, "55555555"));  // the 8-digit weights pass every repetition
  EXPECT_TRUE(validator_accepts(v::au_tfn, "123456782"));
  EXPECT_TRUE(validator_accepts(v::au_tfn, "67924708"));
}

// No bundled low rule is dead: each, on its own, masks a valid value of its layout.
TEST(RuleConfidence, EveryBundledLowRuleFindsItsLayout) {
  const std::pair<const char*, const char*> examples[] = {
      {"us-ssn-bare", "526018159"},
      {"us-ssn-mixed-bare", "526-018159"},
      {"us-itin-bare", "931860913"},
      {"us-itin-mixed-bare", "93186-0913"},
      {"de-steuer-id-bare", "81397054826"},
      {"de-steuer-id-grouped-bare", "81 397 054 826"},
      {"fr-nir-bare", "180851612138425"},
      {"fr-nir-key-apart-bare", "1808516121384 25"},
      {"nl-bsn-bare", "946288975"},
      {"nl-bsn-grouped-bare", "9462.88.975"},
      {"br-cpf-bare", "35699908854"},
      {"br-cpf-check-apart-bare", "356999088-54"},
      {"br-cnpj-bare", "48682763505476"},
      {"in-aadhaar-bare", "351243185978"},
      {"ca-sin-bare", "977183417"},
      {"ca-sin-grouped-bare", "977-183-417"},
      {"au-tfn-bare", "964265651"},
      {"au-tfn-8-bare", "67924708"},
      {"au-tfn-grouped-bare", "964 265 651"},
      {"au-tfn-8-grouped-bare", "679 247 08"},
      {"imei-bare", "384721772245632"},
  };
  const Engine& engine = bundled_low();
  std::size_t low_rules = 0;
  for (const auto& compiled : engine.rules()) low_rules += compiled.rule.confidence == Confidence::low ? 1 : 0;
  EXPECT_EQ(low_rules, std::size(examples)) << "a low rule without an example here";
  for (const auto& [id, value] : examples) {
    const std::string input = std::string("x ") + value + " y";
    auto options = piitest::only_rules(engine, {id});
    options.action_override = piimatch::Action{piimatch::ActionKind::mask};
    const auto alone = piitest::redact(engine, input, options);
    ASSERT_EQ(alone.findings.size(), 1u) << id << " did not find its example";
    EXPECT_EQ(alone.findings[0].rule_id, id);
    EXPECT_EQ(alone.output, "x " + std::string(std::string(value).size(), '*') + " y") << id;
  }
}

// The database cache keys on the expressions actually compiled: a warm cache filled at
// normal never hands the low level a database without its rules, nor the reverse.
TEST(RuleConfidence, CachedDatabasesFollowTheLevel) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("piiproxy-confidence-cache-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  piimatch::EngineOptions options;
  options.hmac_key = "test-key-0123456789";
  options.cache_dir = dir.string();
  const RuleSet ids = RuleSet::load(kBundled + "/national_id.yaml", Confidence::low);
  RuleSet normal_ids = ids;
  normal_ids.drop_below(Confidence::normal);
  const auto cold_normal = Engine::compile(normal_ids, options);
  const auto low = Engine::compile(ids, options);
  const auto warm_normal = Engine::compile(normal_ids, options);
  EXPECT_TRUE(warm_normal->stats().from_cache);
  EXPECT_TRUE(untouched(*cold_normal, "536228745"));
  EXPECT_TRUE(fully_masked(*low, "536228745"));
  EXPECT_TRUE(untouched(*warm_normal, "536228745"));
  std::filesystem::remove_all(dir);
}

}  // namespace
