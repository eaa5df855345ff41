// Output and findings must not depend on how the input is cut into writes: TCP reads, TLS
// records and chunked encoding cut bodies anywhere, one byte included.
#include <gtest/gtest.h>

#include "support/corpus.h"
#include "support/redact.h"

namespace {

using piitest::Collected;

void expect_same(const Collected& reference, const Collected& other, const std::string& what) {
  ASSERT_EQ(reference.output.size(), other.output.size()) << what;
  ASSERT_TRUE(reference.output == other.output) << what << ": output differs";
  ASSERT_EQ(reference.findings.size(), other.findings.size()) << what;
  for (std::size_t i = 0; i < reference.findings.size(); ++i) {
    const auto& a = reference.findings[i];
    const auto& b = other.findings[i];
    ASSERT_TRUE(a.rule_index == b.rule_index && a.start == b.start && a.end == b.end && a.fingerprint == b.fingerprint)
        << what << ": finding " << i << " differs (" << a.rule_id << " " << a.start << "-" << a.end << " vs "
        << b.rule_id << " " << b.start << "-" << b.end << ")";
  }
}

piimatch::RedactorOptions label_all() {
  piimatch::RedactorOptions o;
  o.action_override = piimatch::Action{piimatch::ActionKind::label};  // changes lengths: the harder case
  return o;
}

TEST(ChunkInvariance, RandomChunkingsOfAMultiMegabyteCorpus) {
  const auto engine = piitest::bundled_engine();
  const std::string corpus = piitest::make_corpus(3 << 20);
  const Collected reference = piitest::redact(*engine, corpus, label_all());
  ASSERT_GT(reference.findings.size(), 10000u) << "the corpus should plant many findings";

  for (std::size_t fixed : {7u, 4096u}) {
    expect_same(reference, piitest::redact_chunked(*engine, corpus, [&] { return fixed; }, label_all()),
                "chunk size " + std::to_string(fixed));
  }
  std::mt19937 rng(7);
  for (int round = 0; round < 4; ++round) {
    // Alternate small and large cuts: small ones split matches, large ones span windows.
    const std::size_t max_chunk = round % 2 == 0 ? 64 : 20000;
    std::uniform_int_distribution<std::size_t> size(1, max_chunk);
    expect_same(reference, piitest::redact_chunked(*engine, corpus, [&] { return size(rng); }, label_all()),
                "random chunking round " + std::to_string(round));
  }
}

TEST(ChunkInvariance, OneByteWrites) {
  const auto engine = piitest::bundled_engine();
  const std::string corpus = piitest::make_corpus(256 << 10, 99);
  const Collected reference = piitest::redact(*engine, corpus, label_all());
  ASSERT_GT(reference.findings.size(), 500u);
  expect_same(reference, piitest::redact_chunked(*engine, corpus, [] { return std::size_t{1}; }, label_all()), "1-byte writes");
}

TEST(ChunkInvariance, MaskOutputHasInputLength) {
  const auto engine = piitest::bundled_engine();
  const std::string corpus = piitest::make_corpus(512 << 10, 5);
  const auto masked = piitest::mask_all(*engine, corpus);
  EXPECT_EQ(masked.output.size(), corpus.size());
  // No planted e-mail survives.
  EXPECT_EQ(masked.output.find("@example"), std::string::npos);
}

}  // namespace
