// The streaming redactor: actions, offsets, overlap resolution, boundaries, context, the
// value group, fingerprints and the memory bound.
#include <gtest/gtest.h>

#include <map>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "support/redact.h"

namespace {

using piimatch::Action;
using piimatch::ActionKind;
using piitest::compile_yaml;
using piitest::redact;

const char* kTokenRules = R"(
rules:
  - id: token
    category: credential
    expression: 'tok_[a-z0-9]{8}'
  - id: email
    category: email
    expression: '[a-z.]{1,20}@[a-z]{1,20}\.(?:com|org)'
    left_boundary: email_local
)";

piimatch::RedactorOptions with_action(ActionKind kind, std::uint32_t keep_last = 0, char mask_char = '*') {
  piimatch::RedactorOptions o;
  o.action_override = Action{kind, mask_char, keep_last};
  return o;
}

TEST(Redactor, MaskIsLengthPreservingAndReportsByteOffsets) {
  const auto engine = compile_yaml(kTokenRules);
  const std::string input = "key tok_abc12345 for jane.doe@example.com.";
  const auto r = redact(*engine, input);
  EXPECT_EQ(r.output, "key ************ for ********************.");
  ASSERT_EQ(r.findings.size(), 2u);
  EXPECT_EQ(r.findings[0].rule_id, "token");
  EXPECT_EQ(r.findings[0].start, 4u);
  EXPECT_EQ(r.findings[0].end, 16u);
  EXPECT_EQ(r.findings[1].category, piimatch::Category::email);
  EXPECT_EQ(input.substr(r.findings[1].start, r.findings[1].end - r.findings[1].start), "jane.doe@example.com");
}

TEST(Redactor, MaskCharacterAndKeepLast) {
  const auto engine = compile_yaml(kTokenRules);
  EXPECT_EQ(redact(*engine, "tok_abc12345", with_action(ActionKind::mask, 4, '#')).output, "########2345");
}

TEST(Redactor, LabelHashAndReport) {
  const auto engine = compile_yaml(kTokenRules);
  const std::string input = "a@b.com and tok_abc12345";
  EXPECT_EQ(redact(*engine, input, with_action(ActionKind::label)).output, "[EMAIL] and [CREDENTIAL]");
  const auto hashed = redact(*engine, input, with_action(ActionKind::hash)).output;
  EXPECT_TRUE(hashed.starts_with("<email:")) << hashed;
  EXPECT_NE(hashed.find("> and <credential:"), std::string::npos) << hashed;
  const auto reported = redact(*engine, input, with_action(ActionKind::report));
  EXPECT_EQ(reported.output, input);
  EXPECT_EQ(reported.findings.size(), 2u);
  EXPECT_EQ(reported.findings[0].action, ActionKind::report);
}

TEST(Redactor, HashIsDeterministicPerKeyAndMatchesHmacSha256) {
  const auto a = compile_yaml(kTokenRules, "key-one-0123456789");
  const auto b = compile_yaml(kTokenRules, "key-two-0123456789");
  const std::string input = "x tok_abc12345 y tok_abc12345";
  const auto ra = redact(*a, input, with_action(ActionKind::hash)).output;
  const auto rb = redact(*b, input, with_action(ActionKind::hash)).output;
  // Same value, same key: same token, twice.
  const auto first = ra.substr(2, ra.find(' ', 2) - 2);
  EXPECT_NE(ra.find(first, ra.find(first) + 1), std::string::npos) << ra;
  EXPECT_NE(ra, rb) << "different keys must give different hashes";
  // The token is the first 4 bytes of HMAC-SHA256(key, value), hex.
  unsigned char digest[32];
  unsigned int len = 0;
  const std::string key = "key-one-0123456789", value = "tok_abc12345";
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(value.data()),
       value.size(), digest, &len);
  char hex[9];
  std::snprintf(hex, sizeof hex, "%02x%02x%02x%02x", digest[0], digest[1], digest[2], digest[3]);
  EXPECT_EQ(first, std::string("<credential:") + hex + ">");
}

// A sink that only counts findings (the proxy's recorder at its default log level) is not
// given fingerprints, which saves an HMAC per finding; the hash action still gets its own,
// and a sink that reads them gets the real one.
class CountingSink final : public piimatch::FindingSink {
 public:
  void on_finding(const piimatch::Finding& f) override { findings.push_back(f); }
  bool wants_fingerprints() const override { return false; }
  std::vector<piimatch::Finding> findings;
};

std::string redact_into(const piimatch::Engine& engine, piimatch::FindingSink& sink, const std::string& input,
                        ActionKind kind) {
  piimatch::Scratch scratch(engine);
  piimatch::Redactor redactor(engine, scratch, &sink, with_action(kind));
  std::string out;
  redactor.write(input, out);
  redactor.finish(out);
  return out;
}

TEST(Redactor, FingerprintsOnlyForSinksThatReadThemAndForHashes) {
  const auto engine = compile_yaml(kTokenRules);
  const std::string input = "x tok_abc12345 y";
  const std::array<std::uint8_t, 8> none{};

  CountingSink counting;
  EXPECT_EQ(redact_into(*engine, counting, input, ActionKind::mask), "x ************ y");
  ASSERT_EQ(counting.findings.size(), 1u);
  EXPECT_EQ(counting.findings[0].fingerprint, none);

  piitest::CollectingSink reading;  // wants them (the default)
  redact_into(*engine, reading, input, ActionKind::mask);
  ASSERT_EQ(reading.findings.size(), 1u);
  EXPECT_NE(reading.findings[0].fingerprint, none);

  // The hash text is made from the fingerprint whatever the sink wants.
  CountingSink counting_hash;
  piitest::CollectingSink reading_hash;
  const std::string hashed = redact_into(*engine, counting_hash, input, ActionKind::hash);
  EXPECT_EQ(hashed, redact_into(*engine, reading_hash, input, ActionKind::hash));
  EXPECT_EQ(counting_hash.findings[0].fingerprint, reading.findings[0].fingerprint);
}

TEST(Redactor, LeftmostThenLongestThenPriority) {
  const auto engine = compile_yaml(R"(
rules:
  - id: short
    category: phone
    expression: '[0-9]{3}-[0-9]{4}'
    boundary: none
  - id: long
    category: card
    expression: '[0-9]{3}-[0-9]{4}-[0-9]{2}'
    boundary: none
  - id: low
    category: ip
    expression: 'abc[0-9]'
    boundary: none
  - id: high
    category: email
    expression: 'ab[a-z][0-9]'
    boundary: none
    priority: 5
)");
  auto r = redact(*engine, "123-4567-89", with_action(ActionKind::label));
  EXPECT_EQ(r.output, "[CARD]");  // same start: the longest wins
  r = redact(*engine, "abc1", with_action(ActionKind::label));
  EXPECT_EQ(r.output, "[EMAIL]");  // same span: the higher priority wins
  ASSERT_EQ(r.findings.size(), 1u);
}

TEST(Redactor, BoundariesTreatNonAsciiLettersAsWordCharacters) {
  const auto engine = compile_yaml("rules:\n  - id: code\n    category: credential\n    expression: 'SECRET[0-9]{4}'\n");
  EXPECT_EQ(redact(*engine, "x SECRET1234 y").output, "x ********** y");
  EXPECT_EQ(redact(*engine, "xSECRET1234").output, "xSECRET1234");
  EXPECT_EQ(redact(*engine, "SECRET12345").output, "SECRET12345");
  // "é" is two bytes >= 0x80: a letter, so no boundary (Hyperscan's \b would see one).
  EXPECT_EQ(redact(*engine, "\xc3\xa9SECRET1234").output, "\xc3\xa9SECRET1234");
}

TEST(Redactor, ValueGroupRedactsOnlyTheSecret) {
  const auto engine = compile_yaml(R"(
rules:
  - id: password-assignment
    category: credential
    expression: 'password=[^&\s]{6,40}'
    confirm: 'password=(?<value>[^&\s]{6,40})'
    right_boundary: '[^&\s]'
)");
  const auto r = redact(*engine, "user=bob&password=hunter22&x=1");
  EXPECT_EQ(r.output, "user=bob&password=********&x=1");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].start, 18u);
}

TEST(Redactor, ContextWordsGateAmbiguousMatches) {
  const auto engine = compile_yaml(R"(
rules:
  - id: bare-ssn
    category: national_id
    expression: '[0-9]{9}'
    context: [ssn, social security]
    context_window: 20
)");
  EXPECT_EQ(redact(*engine, "SSN: 123456789").output, "SSN: *********");
  EXPECT_EQ(redact(*engine, "order 123456789").output, "order 123456789");
  EXPECT_EQ(redact(*engine, "ssn is below, far away from it.......... 123456789").output,
            "ssn is below, far away from it.......... 123456789");
}

TEST(Redactor, ValidatorsRejectBadChecksums) {
  const auto engine = compile_yaml("rules:\n  - id: card\n    category: card\n    expression: '[0-9]{16}'\n    validator: luhn\n");
  EXPECT_EQ(redact(*engine, "4111111111111111").output, "****************");
  EXPECT_EQ(redact(*engine, "4111111111111112").output, "4111111111111112");
}

TEST(Redactor, HeldBytesStayWithinWindowPlusOneWrite) {
  const auto engine = piitest::bundled_engine();
  piimatch::Scratch scratch(*engine);
  piitest::CollectingSink sink;
  piimatch::Redactor redactor(*engine, scratch, &sink);
  const std::size_t bound = engine->holdback() + engine->lookbehind() + 4096;
  std::string chunk, out;
  for (int i = 0; i < 4096; ++i) chunk += static_cast<char>('a' + i % 26);
  chunk.replace(100, 20, "mail me@example.com ");
  std::size_t peak = 0;
  for (int i = 0; i < 2000; ++i) {  // 8 MB
    out.clear();
    redactor.write(chunk, out);
    peak = std::max(peak, redactor.held_bytes());
    EXPECT_GT(out.size(), 0u);
  }
  redactor.finish(out);
  EXPECT_LE(peak, bound);
  EXPECT_EQ(redactor.findings(), 2000u);
}

TEST(Redactor, ResetStartsAFreshMessage) {
  const auto engine = compile_yaml(kTokenRules);
  piimatch::Scratch scratch(*engine);
  piitest::CollectingSink sink;
  piimatch::Redactor redactor(*engine, scratch, &sink);
  std::string out;
  redactor.write("tok_abc1", out);  // an unfinished token must not leak into the next message
  redactor.finish(out);
  redactor.reset();
  std::string second;
  redactor.write("2345 tok_abc12345", second);
  redactor.finish(second);
  EXPECT_EQ(out, "tok_abc1");
  EXPECT_EQ(second, "2345 ************");
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].start, 5u);
}

TEST(Redactor, DisabledRulesDoNotFire) {
  const auto engine = compile_yaml(kTokenRules);
  piimatch::RedactorOptions options;
  options.rule_enabled = {false, true};
  const auto r = redact(*engine, "tok_abc12345 a@b.com", options);
  EXPECT_EQ(r.output, "tok_abc12345 *******");
}

}  // namespace

namespace {
// Context-gated rules run only near their cue words; results must equal a plain run.
TEST(Redactor, ContextGatedRulesFindTheSameAsAStreamRule) {
  const char* gated = R"(
rules:
  - id: bare-nine
    category: national_id
    expression: '[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{3}'
    context: [sin, social insurance]
    context_window: 24
)";
  // A cue before the digits within 24 bytes makes a finding; no cue, or a cue too far
  // away, does not; and the result is the same for every chunking.
  const auto engine = piitest::compile_yaml(gated);
  ASSERT_EQ(engine->gated_groups(), 1u);
  std::string text;
  for (int i = 0; i < 300; ++i) {
    text += "id 123 456 789; ";                          // no cue: stays
    text += "SIN: 046 454 " + std::to_string(100 + i) + " "; // cue within the window: masked
    text += "social insurance number was filed long ago and then 111222333 ";  // cue too far
  }
  const auto whole = piitest::redact(*engine, text);
  EXPECT_EQ(whole.findings.size(), 300u);
  EXPECT_NE(whole.output.find("id 123 456 789; SIN: *********** "), std::string::npos);
  EXPECT_NE(whole.output.find("then 111222333"), std::string::npos);
  for (std::size_t chunk : {1u, 5u, 13u, 64u}) {
    const auto cut = piitest::redact_chunked(*engine, text, [&] { return chunk; });
    EXPECT_TRUE(cut.output == whole.output) << "chunk " << chunk;
    EXPECT_EQ(cut.findings.size(), whole.findings.size()) << "chunk " << chunk;
  }
}

// Gated rules with different cue words: the region after a cue is scanned only for the
// rules that name it, and a rule that shares a cue with another is found after both of its
// own cues, under any chunking.
TEST(Redactor, EachCueScansTheRulesThatNameIt) {
  const char* pack = R"(
rules:
  - id: nine-after-sin
    category: national_id
    expression: '[0-9]{9}'
    context: [sin, number]
    context_window: 16
  - id: eight-after-tfn
    category: national_id
    expression: '[0-9]{8}'
    context: [tfn, number]
    context_window: 16
)";
  const auto engine = piitest::compile_yaml(pack);
  ASSERT_EQ(engine->gated_groups(), 3u);  // {sin}, {tfn}, {number}
  std::string text;
  for (int i = 0; i < 50; ++i) {
    text += "sin 123456789 tfn 12345678 sin 12345678 tfn 123456789 number 87654321 number 987654321 none 123456789\n";
  }
  const auto whole = piitest::redact(*engine, text);
  std::map<std::string, int> by_rule;
  for (const auto& f : whole.findings) ++by_rule[std::string(f.rule_id)];
  EXPECT_EQ(by_rule["nine-after-sin"], 100);  // after 'sin' and after 'number'
  EXPECT_EQ(by_rule["eight-after-tfn"], 100);
  EXPECT_NE(whole.output.find("sin 12345678 tfn 123456789 number"), std::string::npos);  // the other rule's cue
  EXPECT_NE(whole.output.find("none 123456789"), std::string::npos);
  for (std::size_t chunk : {1u, 7u, 64u}) {
    const auto cut = piitest::redact_chunked(*engine, text, [&] { return chunk; });
    EXPECT_TRUE(cut.output == whole.output) << "chunk " << chunk;
  }
}
}  // namespace

namespace {
// A cheap literal-anchored candidate with a wider confirm: the finding covers the whole
// confirmed match, including bytes before the candidate's expression.
TEST(Redactor, ConfirmWiderThanTheCandidateUsesMaxWidth) {
  const auto engine = piitest::compile_yaml(R"(
rules:
  - id: at-anchored-email
    category: email
    expression: '@[a-z]{1,20}\.com'
    confirm: '[a-z.]{1,30}@[a-z]{1,20}\.com'
    max_width: 55
    left_boundary: email_local
)");
  EXPECT_EQ(piitest::redact(*engine, "to: jane.doe@example.com!").output, "to: ********************!");
  EXPECT_EQ(piitest::redact(*engine, "to: @example.com").output, "to: @example.com");
}
}  // namespace
