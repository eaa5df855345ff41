// `piiproxy scan` as a user runs it: exit codes, byte-identical output for any chunk size,
// findings that never contain the values, one-line errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "support/cli_test.h"

namespace {

using ScanResult = piitest::CommandResult;

class ScanCommand : public piitest::CliTest {
 protected:
  // Runs `piiproxy scan ARGS` with the bundled packs and the test database cache.
  ScanResult scan(const std::string& args) {
    return run_piiproxy(std::string("scan --cache-dir ") + PIIPROXY_TEST_CACHE_DIR + " " + args);
  }
};

// Synthetic values: documentation IP ranges, example.com, a Luhn-valid test card, the
// IBAN from the ISO 13616 examples, an SSN in a valid area, a GitHub-shaped fake token.
const std::string kPlanted[] = {
    "jane.roe@example.com", "203.0.113.77", "4111 1111 1111 1111", "DE89 3704 0044 0532 0130 00",
    "536-22-7148",           "2001:db8::1:2", "+44 20 7946 0321", "pQ9vLm4Rt7Zs1"};

std::string sample_text() {
  std::string text = "Ticket from jane.roe@example.com (ip 203.0.113.77).\n";
  text += "Card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00, SSN 536-22-7148.\n";
  text += "{\"client\": \"2001:db8::1:2\", \"phone\": \"+44 20 7946 0321\"}\n";
  text += "export DB_PASSWORD=" + std::string("Xk2") + "pQ9vLm4Rt7Zs1\n";
  return text;
}

TEST_F(ScanCommand, MaskHidesEveryPlantedValueAndKeepsLength) {
  const auto input = write("in.txt", sample_text());
  const ScanResult r = scan("--action mask " + input.string());
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(r.out.size(), sample_text().size());
  for (const auto& value : kPlanted) EXPECT_EQ(r.out.find(value), std::string::npos) << value << " survived:\n" << r.out;
  EXPECT_NE(r.out.find("Ticket from "), std::string::npos) << "surrounding text must stay";
}

TEST_F(ScanCommand, OutputIsIdenticalForEveryChunkSize) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += sample_text();
  const auto input = write("in.txt", text);
  const ScanResult reference = scan("--action label " + input.string());
  ASSERT_EQ(reference.status, 1) << reference.err;
  for (const char* size : {"1", "7", "4096"}) {
    const ScanResult r = scan(std::string("--action label --chunk-size ") + size + " " + input.string());
    EXPECT_EQ(r.status, 1);
    EXPECT_TRUE(r.out == reference.out) << "chunk size " << size << " changed the output";
  }
}

TEST_F(ScanCommand, FindingsCarryOffsetsAndFingerprintsButNeverValues) {
  const auto input = write("in.txt", sample_text());
  const auto findings = dir_ / "findings.jsonl";
  const ScanResult r = scan("--action report --findings " + findings.string() + " " + input.string());
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, sample_text()) << "report leaves the bytes unchanged";
  const std::string jsonl = slurp(findings);
  EXPECT_NE(jsonl.find("\"category\":\"email\""), std::string::npos) << jsonl;
  EXPECT_NE(jsonl.find("\"fingerprint\":\""), std::string::npos);
  for (const auto& value : kPlanted) EXPECT_EQ(jsonl.find(value), std::string::npos) << value << " leaked into findings";
  // Offsets point at the value in the input.
  const auto at = jsonl.find("\"category\":\"email\",\"start\":");
  ASSERT_NE(at, std::string::npos);
  const std::size_t start = std::stoul(jsonl.substr(at + 27));
  EXPECT_EQ(sample_text().substr(start, 20), "jane.roe@example.com");
}

TEST_F(ScanCommand, ExitZeroWhenNothingIsFound) {
  const auto input = write("clean.txt", "Nothing personal here: build 1.2.3, 42 items, version 2026.11.\n");
  const ScanResult r = scan(input.string());
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out, "Nothing personal here: build 1.2.3, 42 items, version 2026.11.\n");
}

TEST_F(ScanCommand, ErrorsExitTwoWithOneLine) {
  ScanResult r = scan((dir_ / "missing.txt").string());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("cannot read"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;

  const auto bad = write("bad.yaml", "rules:\n  - id: aws-access-key\n    category: credential\n    expression: 'AKIA[0-9A-Z]+'\n");
  r = scan("--rules " + bad.string() + " " + write("x.txt", "x").string());
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "piiproxy scan: " + bad.string() + ": rule 'aws-access-key': expression width is unbounded; set max_width\n");

  r = scan("--action scrub");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--action must be"), std::string::npos);
}

TEST_F(ScanCommand, HashIsStableAcrossRunsWithAKeyFile) {
  const auto key = write("key", "0123456789abcdef0123456789abcdef\n");
  const auto input = write("in.txt", "mail jane.roe@example.com\n");
  const ScanResult a = scan("--action hash --hmac-key-file " + key.string() + " " + input.string());
  const ScanResult b = scan("--action hash --hmac-key-file " + key.string() + " --chunk-size 3 " + input.string());
  EXPECT_EQ(a.out, b.out);
  EXPECT_EQ(a.out.rfind("mail <email:", 0), 0u) << a.out;
}

}  // namespace
