// The regex alphabet must be a superset of every byte a match can consume (or "unknown"),
// otherwise start recovery would cut matches short.
#include <gtest/gtest.h>

#include <string>

#include "matchers/regex_alphabet.h"
#include "support/redact.h"

namespace {

using piimatch::ByteClass;
using piimatch::regex_alphabet;

std::string members(const ByteClass& c) {
  std::string s;
  for (unsigned b = 32; b < 127; ++b) if (c.contains(static_cast<unsigned char>(b))) s += static_cast<char>(b);
  return s;
}

TEST(RegexAlphabet, LiteralsClassesAndEscapes) {
  ByteClass c;
  ASSERT_TRUE(regex_alphabet("AKIA[0-9A-Z]{16}", false, c));
  EXPECT_EQ(members(c), "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");
  ASSERT_TRUE(regex_alphabet("\\d{3}-\\d{2}", false, c));
  EXPECT_EQ(members(c), "-0123456789");
  ASSERT_TRUE(regex_alphabet("(?:@|%40|\\\\u0040)x\\.y", false, c));
  EXPECT_EQ(members(c), "%.04@\\uxy");
}

TEST(RegexAlphabet, CaselessAndInlineFlagsAddBothCases) {
  ByteClass c;
  ASSERT_TRUE(regex_alphabet("(?i)tok_[a-f]{2}", false, c));
  EXPECT_TRUE(c.contains('T'));
  EXPECT_TRUE(c.contains('F'));
  EXPECT_FALSE(c.contains('G'));
  ASSERT_TRUE(regex_alphabet("key", true, c));
  EXPECT_TRUE(c.contains('K'));
}

TEST(RegexAlphabet, NegatedClassesAndNamedGroups) {
  ByteClass c;
  ASSERT_TRUE(regex_alphabet("password=(?<value>[^&\\s]{6,40})", false, c));
  EXPECT_TRUE(c.contains('x'));
  EXPECT_TRUE(c.contains(0xc3));
  EXPECT_FALSE(c.contains('&'));
  EXPECT_FALSE(c.contains(' '));
  ASSERT_TRUE(regex_alphabet("a{2,}b{,3}", false, c));  // "{,3}" is a literal in PCRE2
  EXPECT_TRUE(c.contains('{'));
}

TEST(RegexAlphabet, UnmodelledConstructsAreReportedUnknown) {
  ByteClass c;
  EXPECT_FALSE(regex_alphabet("\\p{L}+", false, c));
  EXPECT_FALSE(regex_alphabet("[[:alpha:]]", false, c));
  EXPECT_FALSE(regex_alphabet("\\Qa.b\\E", false, c));
  EXPECT_FALSE(regex_alphabet("[abc", false, c));
}

// End to end: a match whose leftmost start is far back inside a run of alphabet bytes is
// still found whole (the scan-back must not stop early).
TEST(RegexAlphabet, StartRecoveryFindsTheLeftmostStart) {
  const auto engine = piitest::compile_yaml(R"(
rules:
  - id: run
    category: credential
    expression: 'k[a-z0-9]{4,40}9'
    boundary: none
)");
  EXPECT_EQ(piitest::redact(*engine, "xx kabcabcabcabcabc9 yy").output, "xx ***************** yy");
}

}  // namespace

namespace {
TEST(RegexAlphabet, LookaroundsConsumeNothing) {
  ByteClass c;
  ASSERT_TRUE(regex_alphabet("(?<![a-z])(?=[a-z]{1,8}@)(?![^@]*@x)[a-z]{1,8}@b", false, c));
  EXPECT_EQ(members(c), "@ab" "cdefghijklmnopqrstuvwxyz");
  EXPECT_FALSE(c.contains(' '));  // only the lookahead's [^@] allowed spaces
  EXPECT_FALSE(regex_alphabet("(?(1)a|b)", false, c));
  EXPECT_FALSE(regex_alphabet("(?=[a-z]", false, c));
}
}  // namespace
