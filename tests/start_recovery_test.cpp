// Start recovery in the redactor's confirm step: for a rule whose match end is reported
// without its start, the bytes before the end that the rule can consume are scanned back
// (64 at a time where the CPU allows) and PCRE2 tries starts only from there. A start found
// one byte too late would cut the front off a finding; the user would see it unmasked.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "tests/support/redact.h"

namespace {

TEST(StartRecovery, TheLeftmostStartIsFoundWhateverTheRunsLengthAndAlignment) {
  const std::string pack =
      "rules:\n  - id: run\n    category: phone\n    expression: '[a-c]+x'\n    boundary: none\n    max_width: 300\n";
  const auto engine = piitest::compile_yaml(pack);
  ASSERT_TRUE(engine->rules()[0].alphabet_known);
  ASSERT_FALSE(engine->rules()[0].fixed_width);
  std::string input;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> expected;
  for (std::size_t length = 1; length <= 290; length += (length < 140 ? 1 : 7)) {
    input += std::string(1 + length % 5, 'z');  // moves the run against 64-byte blocks
    const std::uint64_t start = input.size();
    for (std::size_t k = 0; k < length; ++k) input += "abc"[k % 3];
    input += 'x';
    expected.emplace_back(start, input.size());
    input += "\n";
  }
  for (const std::size_t write : {input.size(), std::size_t{100}, std::size_t{1}}) {
    std::vector<std::pair<std::uint64_t, std::uint64_t>> got;
    for (const auto& f : piitest::redact_chunked(*engine, input, [&] { return write; }).findings) got.emplace_back(f.start, f.end);
    EXPECT_EQ(got, expected) << "writes of " << write;
  }
}

}  // namespace
