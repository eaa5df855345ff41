// The per-shape candidate cache of the numeric-token path (matchers/numeric_tokens.h) and
// the filter the redactor gives it. Both are shortcuts: a shape seen before is not scanned
// again, and candidates that the shape alone proves to be rejected are not kept. What a
// user must not notice is any difference from scanning every token with the stream
// database: no lost finding, whatever digits stand where the shape has '0'.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "matchers/numeric_tokens.h"
#include "tests/support/redact.h"

namespace {

using piimatch::Engine;
using piimatch::NumericCandidate;
using piimatch::NumericShapeCache;

std::string rule(const std::string& expression, const std::string& extra) {
  return "rules:\n  - id: r\n    category: phone\n    expression: '" + expression + "'\n" + extra;
}

std::vector<std::pair<std::uint64_t, std::uint64_t>> spans(const std::string& pack, const std::string& input, bool numeric) {
  piimatch::EngineOptions options;
  options.hmac_key = "k";
  options.numeric_tokens = numeric;
  const auto engine = Engine::compile(piimatch::RuleSet::parse(pack, "test.yaml"), options);
  EXPECT_EQ(engine->rules()[0].numeric, numeric) << pack;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> out;
  // Twice through one scratch: the second pass reads every shape from the cache.
  piimatch::Scratch scratch(*engine);
  for (int pass = 0; pass < 2; ++pass) {
    piitest::CollectingSink sink;
    piimatch::Redactor redactor(*engine, scratch, &sink);
    std::string output;
    redactor.write(input, output);
    redactor.finish(output);
    out.clear();
    for (const auto& f : sink.findings) out.emplace_back(f.start, f.end);
  }
  return out;
}

void expect_stream_spans(const std::string& pack, const std::string& input,
                         const std::vector<std::pair<std::uint64_t, std::uint64_t>>& expected) {
  EXPECT_EQ(spans(pack, input, false), expected) << "stream database, " << pack;
  EXPECT_EQ(spans(pack, input, true), expected) << "numeric tokens, " << pack;
}

TEST(NumericShapeFilter, ADigitAfterTheEndRejectsOnlyWhenTheBoundaryHoldsEveryDigit) {
  // In the shape every digit is '0': the byte after the end may be a 0 (not in the
  // boundary) in one token and a 7 (in it) in another of the same shape.
  const std::string pack = rule("[0-9]{4}", "    left_boundary: none\n    right_boundary: '[5-9]'\n");
  expect_stream_spans(pack, "a 12340 b 12347 c", {{2, 6}, {11, 15}});
}

TEST(NumericShapeFilter, ADigitBeforeAnExactStartRejectsOnlyWhenTheBoundaryHoldsEveryDigit) {
  const std::string pack = rule("[0-9]{3}", "    left_boundary: '[1-4]'\n    right_boundary: '[0-9]'\n");
  expect_stream_spans(pack, "a 5123 b 1123 c", {{3, 6}});
}

TEST(NumericShapeFilter, ASeparatorNextToACandidateDecidesForEveryTokenOfTheShape) {
  const std::string pack = rule("[0-9]{3}", "    left_boundary: '[.]'\n    right_boundary: '[-]'\n");
  expect_stream_spans(pack, "a 1.234 b 567-8 c 1.234 d 567-8 e 765", {{34, 37}});
}

TEST(NumericShapeFilter, AWidenedStartIsNotTheStartTheLeftBoundaryTests) {
  // Widened, [1-9] matches the 0 too: the widened match ending after "7.0123" starts at the
  // '0', after a '.' the left boundary holds; the rule's own match starts at the '1'.
  const std::string pack = rule("[1-9][0-9]{0,3}|[0-9]\\.[0-9]", "    left_boundary: '[.]'\n    right_boundary: '[0-9]'\n");
  EXPECT_FALSE(piitest::compile_yaml(pack)->rules()[0].numeric_exact_start);
  expect_stream_spans(pack, "x 7.0123 y 7.0123 z", {{2, 3}, {5, 8}, {11, 12}, {14, 17}});
}

// The vector walk does not visit tokens inside a 64-byte block that are shorter than every
// rule. Tokens of every length at every offset from a block's ends, split across blocks,
// next to the byte that starts a shorter rule: the same findings as the stream database.
TEST(NumericShapeFilter, ShortTokensSkippedInABlockHideNoFinding) {
  const std::string pack =
      "rules:\n"
      "  - id: five\n    category: phone\n    expression: '[0-9]{2}-?[0-9]{3}'\n    boundary: digit\n"
      "  - id: plus\n    category: phone\n    expression: '\\+[0-9]{2}'\n    boundary: digit\n"
      "  - id: dashes\n    category: phone\n    expression: '[0-9]{2}-{4}'\n    boundary: digit\n";
  // A token whose digits all lie in one block and whose rest goes on into the next, split
  // at every point (blocks start at multiples of 64 when the input is written at once).
  std::string input;
  for (std::size_t split = 1; split < 6; ++split) {
    const std::size_t at = input.size() + 64 - input.size() % 64 + 64;  // a block boundary ahead
    input += std::string(at - split - input.size(), 'x') + "12----" + "x";
  }
  std::mt19937 rng(5);
  while (input.size() < 20000) {
    const std::size_t piece = rng() % 8;
    for (std::size_t k = 0; k < piece; ++k) input += "0123456789"[rng() % 10];
    input += rng() % 60 == 0 ? '+' : "-x a- "[rng() % 6];  // most blocks without a '+'
  }
  for (const std::size_t write : {input.size(), std::size_t{97}, std::size_t{64}, std::size_t{1}}) {
    std::vector<std::pair<std::uint64_t, std::uint64_t>> got[2];
    for (const bool numeric : {false, true}) {
      piimatch::EngineOptions options;
      options.hmac_key = "k";
      options.numeric_tokens = numeric;
      const auto engine = Engine::compile(piimatch::RuleSet::parse(pack, "test.yaml"), options);
      for (const auto& f : piitest::redact_chunked(*engine, input, [&] { return write; }).findings) {
        got[numeric ? 1 : 0].emplace_back(f.start, f.end);
      }
    }
    ASSERT_GT(got[0].size(), 100u);
    EXPECT_EQ(got[1], got[0]) << "writes of " << write;
  }
}

// Shapes that share their first 16 bytes, differ only in length or in one late byte, or
// collide in a slot must each get their own candidates, the same as scanning them.
TEST(NumericShapeCache, EveryShapeGetsTheCandidatesOfItsOwnScan) {
  const auto engine = piitest::compile_yaml(rule("[0-9]{3}-[0-9]{2}|[0-9]{4}\\.[0-9]{2}", "    boundary: none\n"));
  ASSERT_NE(engine->numeric_db(), nullptr);
  piimatch::Scratch scratch(*engine);
  NumericShapeCache cache;
  std::mt19937 rng(11);
  std::vector<std::string> shapes;
  for (std::size_t length : {1u, 7u, 8u, 15u, 16u, 17u, 24u, 25u, 63u, 64u}) {
    shapes.push_back(std::string(length, '0'));
    std::string dashed(length, '0');
    if (length > 4) dashed[3] = '-';
    shapes.push_back(dashed);
  }
  // Same first words, same length, many later words: some share a slot.
  for (const std::size_t same : {8u, 16u, 32u}) {
    for (int i = 0; i < 3000; ++i) {
      std::string shape(same, '0');
      for (std::size_t b = 0; b < 8; ++b) shape += "0.-"[rng() % 3];
      shapes.push_back(shape);
    }
  }
  for (int i = 0; i < 3000; ++i) {  // more than the slots: evictions too
    std::string shape(1 + rng() % NumericShapeCache::kMaxShapeBytes, '0');
    for (char& c : shape) c = "000.-"[rng() % 5];
    shapes.push_back(shape);
  }
  for (int round = 0; round < 2; ++round) {
    for (const std::string& text : shapes) {
      NumericShapeCache::Shape shape{};
      text.copy(shape.bytes, text.size());
      shape.length = text.size();
      const NumericCandidate* first = nullptr;
      const NumericCandidate* last = nullptr;
      ASSERT_TRUE(cache.lookup(shape, engine->numeric_db(), scratch.hs(), {}, first, last));
      std::vector<std::pair<std::uint32_t, std::uint32_t>> got, want;
      for (; first != last; ++first) got.emplace_back(first->rule, first->end);
      std::vector<NumericCandidate> scanned;
      ASSERT_TRUE(NumericShapeCache::scan(text, engine->numeric_db(), scratch.hs(), scanned));
      for (const NumericCandidate& c : scanned) want.emplace_back(c.rule, c.end);
      ASSERT_EQ(got, want) << "shape '" << text << "' round " << round;
    }
  }
  EXPECT_LE(cache.shapes(), NumericShapeCache::kSlots);
}

}  // namespace
