// The numeric-token path (matchers/numeric_tokens.h): digit-shaped rules find their
// candidates by token shape instead of running over every byte. What a user must not
// notice is any difference: the same findings and output as the stream database gives,
// for every chunking, with memory still bounded by the hold-back window.
#include <gtest/gtest.h>

#include <functional>
#include <random>

#include "matchers/regex_alphabet.h"
#include "tests/support/corpus.h"
#include "tests/support/redact.h"

namespace {

using piimatch::Engine;
using piimatch::EngineOptions;
using piimatch::RuleSet;

using Walk = piimatch::NumericRunTable::Walk;

std::shared_ptr<const Engine> bundled(bool numeric_tokens, Walk token_walk = Walk::avx512_vbmi) {
  EngineOptions options;
  options.hmac_key = "test-key-0123456789";
  options.cache_dir = PIIPROXY_TEST_CACHE_DIR;
  options.numeric_tokens = numeric_tokens;
  options.token_walk = token_walk;
  return Engine::compile(RuleSet::load(std::string(PIIPROXY_SOURCE_DIR) + "/conf/rules"), options);
}

std::size_t numeric_rules(const Engine& engine) {
  std::size_t n = 0;
  for (const auto& rule : engine.rules()) n += rule.numeric ? 1 : 0;
  return n;
}

void expect_same(const piitest::Collected& expected, const piitest::Collected& actual, const std::string& what) {
  for (std::size_t i = 0; i < std::min(expected.findings.size(), actual.findings.size()); ++i) {
    if (expected.findings[i].start != actual.findings[i].start || expected.findings[i].rule_id != actual.findings[i].rule_id) {
      ADD_FAILURE() << what << ": first difference at finding " << i << ": expected " << expected.findings[i].rule_id << " ["
                    << expected.findings[i].start << "," << expected.findings[i].end << ") got " << actual.findings[i].rule_id
                    << " [" << actual.findings[i].start << "," << actual.findings[i].end << ")";
      break;
    }
  }
  ASSERT_EQ(expected.findings.size(), actual.findings.size()) << what;
  for (std::size_t i = 0; i < expected.findings.size(); ++i) {
    EXPECT_EQ(expected.findings[i].rule_id, actual.findings[i].rule_id) << what << " finding " << i;
    EXPECT_EQ(expected.findings[i].start, actual.findings[i].start) << what << " finding " << i;
    EXPECT_EQ(expected.findings[i].end, actual.findings[i].end) << what << " finding " << i;
  }
  EXPECT_TRUE(expected.output == actual.output) << what << ": outputs differ";
}

TEST(RegexDigitWidening, EveryAtomThatCanMatchADigitMatchesAllOfThem) {
  std::string out;
  ASSERT_TRUE(piimatch::widen_digits("[2-9][0-9]{2}-0", out));
  EXPECT_EQ(out, "[\\x30-\\x39][\\x30-\\x39]{2}-[\\x30-\\x39]");
  // Letters, separators, groups and quantifiers are copied; a mixed class keeps its letters.
  ASSERT_TRUE(piimatch::widen_digits("(?:\\+|00)[1-9][A-F5]?x", out));
  EXPECT_EQ(out, "(?:\\+|[\\x30-\\x39][\\x30-\\x39])[\\x30-\\x39][\\x30-\\x39\\x41-\\x46]?x");
  // A negated class that excludes some digits matches them all once widened.
  ASSERT_TRUE(piimatch::widen_digits("[^5]", out));
  EXPECT_EQ(out, "[\\x00-\\xff]");
  // Lookarounds cannot be dropped from a rewrite: not modelled.
  EXPECT_FALSE(piimatch::widen_digits("(?<![0-9])[0-9]{9}", out));
  EXPECT_TRUE(out.empty());
}

TEST(RegexDigitWidening, CountsTheFewestDigitsAnyMatchHolds) {
  auto count = [](const char* pattern) {
    std::uint32_t n = 99;
    EXPECT_TRUE(piimatch::min_digit_count(pattern, n)) << pattern;
    return n;
  };
  EXPECT_EQ(count("[0-9]{3}-[0-9]{2}-[0-9]{4}"), 9u);
  EXPECT_EQ(count("\\+[1-9][0-9]{0,2}(?: [0-9]{2})?"), 1u);
  EXPECT_EQ(count("(?:[0-9]{2}){3}|x[0-9]+"), 1u);
  EXPECT_EQ(count("(?i)0[1-9](?:[ .-][0-9]{2}){4}"), 10u);
  EXPECT_EQ(count("[ .-]{2,}|[0-9A-F]{4}"), 0u);  // a class that also takes letters counts 0
  std::uint32_t n = 0;
  EXPECT_FALSE(piimatch::min_digit_count("(?:[0-9]", n));
}

TEST(NumericTokens, DigitShapedRulesOfTheBundledPackTakeThePath) {
  const auto engine = bundled(true);
  std::vector<std::string> numeric;
  for (const auto& rule : engine->rules()) {
    if (rule.numeric) numeric.push_back(rule.rule.id);
  }
  for (const char* id : {"payment-card", "us-ssn", "phone-e164", "phone-us-national", "ipv4-address"}) {
    EXPECT_NE(std::find(numeric.begin(), numeric.end(), id), numeric.end()) << id << " should find candidates through numeric tokens";
  }
  // Letters in the expression keep a rule off the path: its matches can leave a numeric token.
  for (const char* id : {"iban", "email-address", "uk-nino"}) {
    EXPECT_EQ(std::find(numeric.begin(), numeric.end(), id), numeric.end()) << id;
  }
  EXPECT_EQ(numeric_rules(*bundled(false)), 0u);
  // A rule can opt out (its selectivity is in digit values the token shape does not keep).
  EXPECT_EQ(std::find(numeric.begin(), numeric.end(), "phone-international-00"), numeric.end());
  const auto opted_out = piitest::compile_yaml(
      "rules:\n  - id: card\n    category: card\n    expression: '[0-9]{16}'\n    numeric_tokens: false\n");
  EXPECT_FALSE(opted_out->rules()[0].numeric);
  EXPECT_EQ(opted_out->numeric_db(), nullptr);
}

// The mixed corpus (JSON, logs, prose, env files with planted values of every family):
// findings and output with the path on equal those with every rule in the stream database.
TEST(NumericTokens, SameFindingsAsTheStreamDatabaseUnderAnyChunking) {
  const auto with_tokens = bundled(true);
  const auto without = bundled(false);
  const std::string corpus = piitest::make_corpus(1 << 20, 7);
  const auto reference = piitest::redact_chunked(*without, corpus, [] { return std::size_t{16384}; });
  ASSERT_GT(reference.findings.size(), 1000u);
  std::size_t numeric_findings = 0;
  for (const auto& f : reference.findings) numeric_findings += with_tokens->rules()[f.rule_index].numeric ? 1 : 0;
  ASSERT_GT(numeric_findings, 300u) << "the corpus must exercise the digit-shaped rules";

  expect_same(reference, piitest::redact_chunked(*with_tokens, corpus, [&] { return corpus.size(); }), "one write");
  expect_same(reference, piitest::redact_chunked(*with_tokens, corpus, [] { return std::size_t{16384}; }), "16 KB writes");
  std::mt19937 rng(11);
  expect_same(reference, piitest::redact_chunked(*with_tokens, corpus, [&] { return std::size_t{1} + rng() % 97; }),
              "random writes");
  const std::string slice = corpus.substr(0, 64 * 1024);
  expect_same(piitest::redact_chunked(*without, slice, [] { return std::size_t{1}; }),
              piitest::redact_chunked(*with_tokens, slice, [] { return std::size_t{1}; }), "one-byte writes");
}

// A vector token walk (64-byte bit masks) and the byte-wise walk every CPU has report the
// same tokens: same findings and output, whatever the writes (tokens split across blocks
// and writes, 1-byte writes included). Start recovery scans back the way the walk does.
void expect_walk_agrees_with_byte_walk(Walk walk) {
  const auto vector_walk = bundled(true, walk);
  const auto byte_walk = bundled(true, Walk::bytewise);
  ASSERT_EQ(vector_walk->numeric_run_table().walk, walk) << "the engine must take the walk asked for";
  ASSERT_EQ(vector_walk->numeric_run_table().scan_back, walk);
  ASSERT_EQ(byte_walk->numeric_run_table().walk, Walk::bytewise);
  ASSERT_EQ(byte_walk->numeric_run_table().scan_back, Walk::bytewise);
  std::mt19937 rng(3);
  // The same findings and output for 16 KB and random writes; `least` guards against a
  // text that exercises nothing.
  const auto agree_under_writes = [&](const std::string& text, const std::string& label, std::size_t least) {
    for (const auto& [what, next] : std::vector<std::pair<std::string, std::function<std::size_t()>>>{
             {label + ", 16 KB writes", [] { return std::size_t{16384}; }},
             {label + ", random writes", [&] { return std::size_t{1} + rng() % 150; }}}) {
      const auto want = piitest::redact_chunked(*byte_walk, text, next);
      ASSERT_GT(want.findings.size(), least) << what;
      expect_same(want, piitest::redact_chunked(*vector_walk, text, next), what);
    }
  };
  const std::string corpus = piitest::make_corpus(1 << 19, 13);
  agree_under_writes(corpus, "corpus", 500);
  const std::string slice = corpus.substr(0, 32 * 1024);
  expect_same(piitest::redact_chunked(*byte_walk, slice, [] { return std::size_t{1}; }),
              piitest::redact_chunked(*vector_walk, slice, [] { return std::size_t{1}; }), "one-byte writes");

  // Bytes the corpus seldom holds side by side: numeric tokens of every length from 1 to
  // 40 (digits, separators, '+' that starts the shorter phone rules) between letters and
  // bytes >= 0x80 whose low nibble is a digit's or a separator's (the nibble lookups must
  // not take 0xb0-0xb9 for digits), across 64-byte blocks and writes.
  std::mt19937 noise_rng(17);
  const std::string numeric_bytes = "01234567890123456789012345678901234567890123456789-.-./:+++ ()";
  const std::string other_bytes = std::string("_,xXaZ") + "\xb0\xb5\xad\xae\xa0\x80\xff";
  std::string noise;
  while (noise.size() < 256 * 1024) {
    for (std::size_t n = 1 + noise_rng() % 40; n > 0; --n) noise.push_back(numeric_bytes[noise_rng() % numeric_bytes.size()]);
    for (std::size_t n = 1 + noise_rng() % 3; n > 0; --n) noise.push_back(other_bytes[noise_rng() % other_bytes.size()]);
  }
  agree_under_writes(noise, "noise", 100);
}

TEST(NumericTokens, VbmiAndByteWiseTokenWalksAgree) {
  if (piimatch::NumericRunTable::best_walk() < Walk::avx512_vbmi) GTEST_SKIP() << "this CPU has no AVX-512 VBMI";
  expect_walk_agrees_with_byte_walk(Walk::avx512_vbmi);
}

// What CPUs without VBMI run (most servers in the field): forced here on any AVX2 CPU.
TEST(NumericTokens, Avx2AndByteWiseTokenWalksAgree) {
  if (piimatch::NumericRunTable::best_walk() < Walk::avx2) GTEST_SKIP() << "this CPU has no AVX2";
  expect_walk_agrees_with_byte_walk(Walk::avx2);
}

// A token shorter than every long rule is looked at only when it holds a byte that starts
// a shorter rule ('+' here): the vector walks must carry that byte's bit across blocks and
// writes as the byte-wise walk does, or such findings are lost.
TEST(NumericTokens, ShortRuleTokensAreFoundByEveryWalk) {
  const std::string yaml =
      "rules:\n"
      "  - id: long-number\n    category: card\n    expression: '[0-9]{8}'\n"
      "  - id: short-plus\n    category: phone\n    expression: '\\+[0-9]{2}'\n";
  std::string text;
  std::mt19937 rng(5);
  for (std::size_t i = 0; i < 3000; ++i) {
    text.append(1 + rng() % 70, ',');  // puts tokens at every offset of a 64-byte block
    text.append(rng() % 2 == 0 ? "+12" : " (+34");
  }
  std::vector<Walk> walks{Walk::bytewise};
  if (piimatch::NumericRunTable::best_walk() >= Walk::avx2) walks.push_back(Walk::avx2);
  if (piimatch::NumericRunTable::best_walk() >= Walk::avx512_vbmi) walks.push_back(Walk::avx512_vbmi);
  for (const Walk walk : walks) {
    EngineOptions options;
    options.hmac_key = "test-key-0123456789";
    options.token_walk = walk;
    const auto engine = Engine::compile(RuleSet::parse(yaml, "test.yaml"), options);
    ASSERT_EQ(engine->numeric_run_table().walk, walk);
    std::mt19937 chunks(9);
    const auto found = piitest::redact_chunked(*engine, text, [&] { return std::size_t{1} + chunks() % 100; });
    EXPECT_EQ(found.findings.size(), 3000u) << "walk " << static_cast<int>(walk);
  }
}

// By default the engine takes the fastest walk the CPU has (a CPU without the one asked
// for takes the fastest it has), start recovery included.
TEST(NumericTokens, TheFastestWalkTheCpuHasIsTheDefault) {
  const auto engine = bundled(true);
  EXPECT_EQ(engine->numeric_run_table().walk, piimatch::NumericRunTable::best_walk());
  EXPECT_EQ(engine->numeric_run_table().scan_back, piimatch::NumericRunTable::best_walk());
}

// Numbers inside one long numeric token (a space-separated digit dump): tokens longer than
// the cache takes, and tokens still open at the end of a write, are scanned in pieces from
// where a match can still end; nothing is missed and the window stays bounded.
TEST(NumericTokens, LongTokensAreScannedInBoundedPieces) {
  const auto with_tokens = bundled(true);
  const auto without = bundled(false);
  std::mt19937 rng(5);
  std::string input;
  const std::string card = piitest::luhn_complete("411111111111111");  // a test Visa number
  while (input.size() < 300000) {
    const auto pick = rng() % 50;
    if (pick == 0) {
      input += card;
    } else if (pick == 1) {
      input += "078-05-1120";  // an SSN shape (the Woolworth wallet number: area 078 is valid)
    } else if (pick == 2) {
      input += "+44 20 7946 0958";
    } else {
      input += std::to_string(rng() % 1000);
    }
    input += ' ';
  }
  const auto reference = piitest::redact_chunked(*without, input, [] { return std::size_t{16384}; });
  ASSERT_GT(reference.findings.size(), 100u);
  for (std::size_t write : {std::size_t{1} << 20, std::size_t{4096}, std::size_t{7}}) {
    piimatch::Scratch scratch(*with_tokens);
    piitest::CollectingSink sink;
    piimatch::Redactor redactor(*with_tokens, scratch, &sink);
    piitest::Collected got;
    std::size_t most_held = 0;
    for (std::size_t pos = 0; pos < input.size(); pos += write) {
      redactor.write(std::string_view(input).substr(pos, write), got.output);
      most_held = std::max(most_held, redactor.held_bytes());
    }
    redactor.finish(got.output);
    got.findings = std::move(sink.findings);
    expect_same(reference, got, "writes of " + std::to_string(write));
    EXPECT_LE(most_held, with_tokens->holdback() + with_tokens->lookbehind() + write) << "writes of " << write;
  }
}

// Input with endless distinct token shapes fills the per-thread shape cache far beyond its
// slots: evictions and collisions must change neither the findings nor the memory it holds.
TEST(NumericTokens, ManyDistinctShapesEvictWithoutChangingFindings) {
  const auto with_tokens = bundled(true);
  const auto without = bundled(false);
  std::mt19937 rng(3);
  std::string input;
  static const char separators[] = " .-/";
  while (input.size() < 1'000'000) {
    const auto groups = 2 + rng() % 6;
    for (std::size_t g = 0; g < groups; ++g) {
      input += std::to_string(rng() % 1000000).substr(0, 1 + rng() % 6);
      input += separators[rng() % 4];
    }
    input += rng() % 8 == 0 ? "ssn 078-05-1120 x " : "x ";
  }
  piimatch::Scratch scratch(*with_tokens);
  piitest::CollectingSink sink;
  piimatch::Redactor redactor(*with_tokens, scratch, &sink);
  piitest::Collected got;
  redactor.write(input, got.output);
  redactor.finish(got.output);
  got.findings = std::move(sink.findings);
  const auto reference = piitest::redact_chunked(*without, input, [&] { return input.size(); });
  ASSERT_GT(reference.findings.size(), 1000u);
  expect_same(reference, got, "distinct shapes");
  EXPECT_GT(scratch.numeric_shapes().shapes(), 500u);
  EXPECT_LE(scratch.numeric_shapes().shapes(), piimatch::NumericShapeCache::kSlots);
}

// Packs that once behaved differently on the numeric-token path (found by review): each
// must give the same findings as with every rule in the stream database.
std::vector<std::pair<std::uint64_t, std::uint64_t>> spans(const std::string& pack, const std::string& input, bool numeric) {
  piimatch::EngineOptions options;
  options.hmac_key = "k";
  options.numeric_tokens = numeric;
  const auto engine = Engine::compile(RuleSet::parse(pack, "test.yaml"), options);
  std::vector<std::pair<std::uint64_t, std::uint64_t>> out;
  for (std::size_t write : {input.size() + 1, std::size_t{1}}) {
    out.clear();
    for (const auto& f : piitest::redact_chunked(*engine, input, [&] { return write; }).findings) out.emplace_back(f.start, f.end);
  }
  return out;
}

void expect_same_spans(const std::string& pack, const std::string& input) {
  const auto stream = spans(pack, input, false);
  EXPECT_EQ(spans(pack, input, true), stream) << pack << "\n" << input.substr(0, 80);
}

std::string rule(const std::string& expression, const std::string& extra = "    boundary: none\n") {
  return "rules:\n  - id: r\n    category: phone\n    expression: '" + expression + "'\n" + extra;
}

TEST(NumericTokens, WordBoundaryAssertionsKeepTheirMeaning) {
  // \b and \B read the byte before a token, which a token's shape does not have.
  expect_same_spans(rule("\\b[0-9]{4}"), "id x1234 y 5678");
  expect_same_spans(rule("\\B[0-9]{3}"), "ab123 456");
  expect_same_spans(rule("\\b\\([0-9]{3}\\)"), "x(555) (666)");
  EXPECT_FALSE(piitest::compile_yaml(rule("\\b[0-9]{4}"))->rules()[0].numeric);
}

TEST(NumericTokens, TokensLongerThanAPieceWithAWideRuleFinish) {
  // A rule as wide as a scan piece once made the pieces stop moving on.
  const std::string pack = rule("[0-9]{9}[0-9]*", "    max_width: 16384\n");
  const std::string input = "x " + std::string(20000, '7') + " y";
  expect_same_spans(pack, input);
}

TEST(NumericTokens, PatternsTooLargeWithStartOfMatchStayInTheStream) {
  const std::string pack = rule("[0-9][0-9 ]{8,300}[0-9]");
  const auto engine = piitest::compile_yaml(pack);  // must load, as it does without the path
  expect_same_spans(pack, "call 123 456 789 0 now");
}

TEST(NumericTokens, BracesThatAreNotAQuantifierAreLiteralText) {
  expect_same_spans(rule("[0-9]{3}-{1,2,3}[0-9]{3}"), "x 123-{1,2,3}456 123--456 y");
  EXPECT_FALSE(piitest::compile_yaml(rule("[0-9]{3}-{1,2,3}[0-9]{3}"))->rules()[0].numeric);
}

TEST(NumericTokens, AFixedWidthRulesFindingIsItsWholeMatch) {
  // A named group 'value' does not narrow a fixed-width rule in the stream; nor here.
  expect_same_spans(rule("(?<value>[0-9]{3})-[2-9][0-9]{3}"), "x 123-4567 y 123-0567");
}

}  // namespace
