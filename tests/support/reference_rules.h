#pragma once
// Reshaped rules against the rules they replace: a rule rewritten for speed (an expression
// cut short, a validator reading the rest) must report what the old one reported.
#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <string>

#include "tests/support/redact.h"

namespace piitest {

// For each seed: `engine` with `options` reports the spans and output `reference` reports on
// corpus(seed), in one write and in random writes of 1-200 bytes. The reference must find
// more than `min_findings` (the corpus must exercise the rules).
inline void expect_same_as_reference(const piimatch::Engine& reference, const piimatch::Engine& engine,
                                     const piimatch::RedactorOptions& options,
                                     const std::function<std::string(unsigned)>& corpus, std::size_t min_findings) {
  for (unsigned seed : {1u, 2u, 3u}) {
    const std::string text = corpus(seed);
    const auto want = redact(reference, text);
    ASSERT_GT(want.findings.size(), min_findings) << "seed " << seed;
    const auto got = redact(engine, text, options);
    EXPECT_EQ(spans(got), spans(want)) << "seed " << seed;
    EXPECT_TRUE(got.output == want.output) << "seed " << seed;
    std::mt19937 rng(seed);
    const auto chunked = redact_chunked(engine, text, [&] { return std::size_t{1} + rng() % 200; }, options);
    EXPECT_EQ(spans(chunked), spans(want)) << "seed " << seed << ", random writes";
  }
}

}  // namespace piitest
