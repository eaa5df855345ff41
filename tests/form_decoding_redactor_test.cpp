// Form bodies (application/x-www-form-urlencoded) as the proxy redacts them: personal data
// written with '+' for spaces and %XY for punctuation is found, and exactly its encoded bytes
// are redacted; everything else leaves byte for byte, whatever the chunking.
// Every value here is synthetic (test card number, documentation IPs, example.com).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "matchers/category.h"
#include "matchers/form_decoding_redactor.h"
#include "support/cli_test.h"
#include "support/corpus.h"
#include "support/redact.h"

namespace {

using piimatch::ActionKind;
using piimatch::Category;

piitest::Collected form_redact_chunked(const std::string& input, const std::function<std::size_t()>& next_chunk,
                                       piimatch::RedactorOptions options = {}) {
  const auto engine = piitest::bundled_engine();
  piimatch::Scratch scratch(*engine);
  piitest::CollectingSink sink;
  piimatch::FormDecodingRedactor redactor(*engine, scratch, &sink, std::move(options));
  piitest::Collected c;
  for (std::size_t pos = 0; pos < input.size();) {
    const std::size_t n = std::min(next_chunk(), input.size() - pos);
    redactor.write(std::string_view(input).substr(pos, n), c.output);
    pos += n;
  }
  redactor.finish(c.output);
  EXPECT_EQ(redactor.findings(), sink.findings.size());
  EXPECT_EQ(redactor.bytes_in(), input.size());
  c.findings = std::move(sink.findings);
  return c;
}

piimatch::RedactorOptions with_action(ActionKind kind) {
  piimatch::RedactorOptions options;
  options.action_override = piimatch::Action{kind};
  return options;
}

piitest::Collected form_redact(const std::string& input, ActionKind kind = ActionKind::mask) {
  return form_redact_chunked(input, [&] { return input.size() + 1; }, with_action(kind));
}

// `input` with each of `values` (which must occur in it) turned into '*'s of its length.
std::string masked(std::string input, const std::vector<std::string>& values) {
  for (const auto& value : values) {
    const std::size_t at = input.find(value);
    EXPECT_NE(at, std::string::npos) << value;
    if (at != std::string::npos) input.replace(at, value.size(), std::string(value.size(), '*'));
  }
  return input;
}

const std::string kCard = "4111+1111+1111+1111";
const std::string kIban = "DE89+3704+0044+0532+0130+00";
const std::string kIpv6 = "2001%3Adb8%3A%3A1";
const std::string kPhone = "%28415%29+555-0132";
const std::string kEmail = "jane.doe%40example.com";

std::string encoded_body() {
  return "a=1&card=" + kCard + "&iban=" + kIban + "&ip=" + kIpv6 + "&tel=" + kPhone + "&mail=" + kEmail + "&z=2";
}

TEST(FormDecodingRedactor, EncodedValuesAreFoundAndTheirEncodedBytesMasked) {
  const std::string body = encoded_body();
  const auto r = form_redact(body);
  EXPECT_EQ(r.output, masked(body, {kCard, kIban, kIpv6, kPhone, kEmail}));
  ASSERT_EQ(r.findings.size(), 5u);
  const std::vector<Category> categories{Category::card, Category::iban, Category::ip, Category::phone, Category::email};
  for (std::size_t i = 0; i < r.findings.size(); ++i) EXPECT_EQ(r.findings[i].category, categories[i]) << i;
}

TEST(FormDecodingRedactor, FindingOffsetsAreOffsetsInTheEncodedBody) {
  const std::string body = encoded_body();
  const auto r = form_redact(body, ActionKind::report);
  EXPECT_EQ(r.output, body);  // report leaves every byte
  std::vector<std::string> found;
  for (const auto& f : r.findings) {
    EXPECT_EQ(f.action, ActionKind::report);
    found.push_back(body.substr(f.start, f.end - f.start));
  }
  EXPECT_EQ(found, (std::vector<std::string>{kCard, kIban, kIpv6, kPhone, kEmail}));
}

TEST(FormDecodingRedactor, TheRulesOwnActionAppliesWithoutAnOverride) {
  // The bundled pack masks e-mail addresses: the finding says so and the bytes show it.
  const std::string body = "mail=" + kEmail;
  const auto r = form_redact_chunked(body, [&] { return body.size(); });
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].action, ActionKind::mask);
  EXPECT_EQ(r.output, masked(body, {kEmail}));
}

TEST(FormDecodingRedactor, FingerprintsAreThoseOfTheDecodedValue) {
  const auto encoded = form_redact("mail=" + kEmail, ActionKind::report);
  const auto plain = piitest::redact(*piitest::bundled_engine(), "mail=jane.doe@example.com", with_action(ActionKind::report));
  ASSERT_EQ(encoded.findings.size(), 1u);
  ASSERT_EQ(plain.findings.size(), 1u);
  EXPECT_EQ(encoded.findings[0].fingerprint, plain.findings[0].fingerprint);
}

TEST(FormDecodingRedactor, LabelAndHashAreWrittenPercentEncoded) {
  const std::string body = "mail=" + kEmail + "&card=" + kCard + "&z=2";
  const auto labelled = form_redact(body, ActionKind::label);
  EXPECT_EQ(labelled.output, "mail=%5B" + std::string(piimatch::category_label(Category::email)) + "%5D&card=%5B" +
                                 std::string(piimatch::category_label(Category::card)) + "%5D&z=2");

  const auto hashed = form_redact(body, ActionKind::hash);
  ASSERT_EQ(hashed.findings.size(), 2u);
  const auto hex = [](const piimatch::Finding& f) { return std::string(piimatch::fingerprint_hex(f.fingerprint).data(), 8); };
  EXPECT_EQ(hashed.output, "mail=%3Cemail%3A" + hex(hashed.findings[0]) + "%3E&card=%3Ccard%3A" + hex(hashed.findings[1]) + "%3E&z=2");
  // Decoded, the replacement is exactly what a plain body gets.
  const auto plain = piitest::redact(*piitest::bundled_engine(), "mail=jane.doe@example.com&z=2", with_action(ActionKind::hash));
  EXPECT_EQ(plain.output, "mail=<email:" + hex(hashed.findings[0]) + ">&z=2");
}

TEST(FormDecodingRedactor, KeepLastKeepsTheEncodedBytesOfTheLastDecodedBytes) {
  piimatch::RedactorOptions options;
  options.action_override = piimatch::Action{ActionKind::mask, '#', 4};
  const std::string body = "ip=" + kIpv6 + "&x=1";  // decoded 2001:db8::1: the last four are "8::1", encoded "8%3A%3A1"
  const auto r = form_redact_chunked(body, [&] { return body.size(); }, options);
  EXPECT_EQ(r.output, "ip=" + std::string(std::string("2001%3Adb").size(), '#') + "8%3A%3A1&x=1");
}

TEST(FormDecodingRedactor, InvalidEscapesPassThroughUnchanged) {
  for (const std::string body : {"note=100%&x=%zz&y=%4", "a=%", "a=%4", "a=%%41%g1+%2", "q=50%+off%"}) {
    const auto r = form_redact(body);
    EXPECT_EQ(r.output, body) << body;
    EXPECT_TRUE(r.findings.empty()) << body;
  }
  // A literal '%' before a finding does not shift it.
  const std::string body = "x=100%&d=%zz&mail=" + kEmail + "&y=%";
  const auto r = form_redact(body);
  EXPECT_EQ(r.output, masked(body, {kEmail}));
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(body.substr(r.findings[0].start, r.findings[0].end - r.findings[0].start), kEmail);
}

void expect_same(const piitest::Collected& want, const piitest::Collected& got, const std::string& how) {
  EXPECT_EQ(want.output, got.output) << how;
  ASSERT_EQ(want.findings.size(), got.findings.size()) << how;
  for (std::size_t i = 0; i < want.findings.size(); ++i) {
    EXPECT_EQ(want.findings[i].rule_index, got.findings[i].rule_index) << how << " finding " << i;
    EXPECT_EQ(want.findings[i].start, got.findings[i].start) << how << " finding " << i;
    EXPECT_EQ(want.findings[i].end, got.findings[i].end) << how << " finding " << i;
    EXPECT_EQ(want.findings[i].fingerprint, got.findings[i].fingerprint) << how << " finding " << i;
  }
}

// A form body of many fields: encoded values, escapes of every kind, invalid escapes.
std::string long_form_body(std::size_t target) {
  std::mt19937 rng(7);
  const auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
  std::string body;
  for (int i = 0; body.size() < target; ++i) {
    body += (i == 0 ? "" : "&");
    switch (pick(8)) {
      case 0: body += "mail=user" + std::to_string(pick(9999)) + "%40example.com"; break;
      case 1: body += "card=" + kCard; break;
      case 2: body += "iban=" + kIban; break;
      case 3: body += "ip=" + kIpv6; break;
      case 4: body += "tel=" + kPhone; break;
      case 5: body += "note=50%25+off+the+%22deal%22+100%+sure%zz"; break;
      case 6: body += "q=caf%C3%A9+au+lait&n=" + std::to_string(pick(100000)); break;
      default: body += "comment=nothing+to+see+here%2C+really%21"; break;
    }
  }
  return body;
}

TEST(FormDecodingRedactor, OutputAndFindingsDoNotDependOnTheChunking) {
  const std::string body = long_form_body(40000);
  const auto one = form_redact_chunked(body, [&] { return body.size(); });
  ASSERT_GT(one.findings.size(), 100u);
  expect_same(one, form_redact_chunked(body, [] { return std::size_t{16384}; }), "16 KB writes");
  expect_same(one, form_redact_chunked(body, [] { return std::size_t{1}; }), "1-byte writes");
  for (std::uint32_t seed = 1; seed <= 3; ++seed) {
    std::mt19937 rng(seed);
    expect_same(one, form_redact_chunked(body, [&] { return std::uniform_int_distribution<std::size_t>(1, 700)(rng); }),
                "random writes, seed " + std::to_string(seed));
  }
}

// The whole body decoded at once, with where each decoded byte starts in the body.
struct DecodedBody {
  std::string text;
  std::vector<std::size_t> encoded_start;  // one more entry than text: the body's end
};

DecodedBody decode_whole(const std::string& body) {
  const auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  DecodedBody d;
  for (std::size_t i = 0; i < body.size();) {
    d.encoded_start.push_back(i);
    if (body[i] == '%' && i + 2 < body.size() && hex(body[i + 1]) && hex(body[i + 2])) {
      d.text.push_back(static_cast<char>(std::stoi(body.substr(i + 1, 2), nullptr, 16)));
      i += 3;
    } else {
      d.text.push_back(body[i] == '+' ? ' ' : body[i]);
      i += 1;
    }
  }
  d.encoded_start.push_back(body.size());
  return d;
}

TEST(FormDecodingRedactor, FindsWhatThePlainRedactorFindsInTheDecodedBody) {
  const std::string body = long_form_body(20000);
  const DecodedBody decoded = decode_whole(body);
  const auto plain = piitest::redact(*piitest::bundled_engine(), decoded.text, with_action(ActionKind::report));
  const auto form = form_redact_chunked(body, [] { return std::size_t{777}; }, with_action(ActionKind::report));
  ASSERT_GT(plain.findings.size(), 50u);
  ASSERT_EQ(form.findings.size(), plain.findings.size());
  for (std::size_t i = 0; i < plain.findings.size(); ++i) {
    EXPECT_EQ(form.findings[i].rule_index, plain.findings[i].rule_index) << i;
    EXPECT_EQ(form.findings[i].start, decoded.encoded_start[plain.findings[i].start]) << i;
    EXPECT_EQ(form.findings[i].end, decoded.encoded_start[plain.findings[i].end]) << i;
    EXPECT_EQ(form.findings[i].fingerprint, plain.findings[i].fingerprint) << i;
  }
  EXPECT_EQ(form.output, body);
}

TEST(FormDecodingRedactor, EscapesCutAtEveryPointOfAWriteDecodeTheSame) {
  const std::string body = "mail=jane.doe%40example.com&x=%4&y=%%41";
  const auto whole = form_redact(body);
  ASSERT_EQ(whole.findings.size(), 1u);
  const std::size_t at = body.find("%40");
  for (std::size_t cut = at; cut <= at + 3; ++cut) {  // "...doe" | "%40", "%" | "40", "%4" | "0", "%40" | "..."
    bool first = true;
    const auto got = form_redact_chunked(body, [&] {
      const std::size_t n = first ? cut : body.size();
      first = false;
      return n;
    }, with_action(ActionKind::mask));
    expect_same(whole, got, "cut at " + std::to_string(cut));
  }
}

TEST(FormDecodingRedactor, WithoutEscapesItAgreesWithThePlainRedactor) {
  std::string body = piitest::make_corpus(60000, 11);
  std::replace(body.begin(), body.end(), '+', '-');
  std::replace(body.begin(), body.end(), '%', '-');
  const auto plain = piitest::redact_chunked(*piitest::bundled_engine(), body, [] { return std::size_t{4096}; });
  ASSERT_GT(plain.findings.size(), 10u);
  expect_same(plain, form_redact_chunked(body, [] { return std::size_t{4096}; }), "4 KB writes");
}

TEST(FormDecodingRedactor, HeldBytesStayBoundedOnALongBody) {
  const auto engine = piitest::bundled_engine();
  // Densely escaped: every decoded byte of the values costs three encoded bytes.
  std::string field = "&v=";
  for (int i = 0; i < 200; ++i) field += "%41%2C";
  field += "&mail=jane.doe%40example.com";
  std::string body;
  while (body.size() < (std::size_t{2} << 20)) body += field;
  const std::size_t write = 4096;
  piimatch::Scratch scratch(*engine);
  piitest::CollectingSink sink;
  piimatch::FormDecodingRedactor redactor(*engine, scratch, &sink, with_action(ActionKind::mask));
  std::string out;
  std::size_t most_held = 0, released_midway = 0;
  for (std::size_t pos = 0; pos < body.size(); pos += write) {
    redactor.write(std::string_view(body).substr(pos, write), out);
    most_held = std::max(most_held, redactor.held_bytes());
    if (pos < body.size() / 2) released_midway = out.size();
  }
  redactor.finish(out);
  EXPECT_EQ(out.size(), body.size());  // masking keeps the length
  // The plain Redactor's bound for its own bytes; the encoded bytes it has not released are
  // at most three per decoded byte, plus a cut escape.
  const std::size_t redactor_bound =
      std::max<std::size_t>(engine->holdback(), piimatch::Redactor::kMaxScanRegion) + engine->lookbehind() + write;
  EXPECT_LE(most_held, 4 * redactor_bound + 2);
  EXPECT_GT(released_midway, body.size() / 2 - 4 * redactor_bound) << "output must flow while input arrives";
  EXPECT_EQ(sink.findings.size(), redactor.findings());
  EXPECT_GT(redactor.findings(), 1000u);
}

TEST(FormDecodingRedactor, ResetStartsAFreshBody) {
  const auto engine = piitest::bundled_engine();
  piimatch::Scratch scratch(*engine);
  piitest::CollectingSink sink;
  piimatch::FormDecodingRedactor redactor(*engine, scratch, &sink, with_action(ActionKind::mask));
  std::string out;
  redactor.write("mail=jane.doe%4", out);  // a cut escape must not leak into the next body
  redactor.reset();
  sink.findings.clear();
  out.clear();
  const std::string body = "0&mail=" + kEmail;
  redactor.write(body, out);
  redactor.finish(out);
  EXPECT_EQ(out, masked(body, {kEmail}));
  ASSERT_EQ(sink.findings.size(), 1u);
  EXPECT_EQ(sink.findings[0].start, body.find(kEmail));
}

class FormScanCommand : public piitest::CliTest {};

TEST_F(FormScanCommand, ScanFormReadsTheInputAsAFormBody) {
  const std::string body = encoded_body() + "&pct=%";
  const auto input = write("post.txt", body);
  const auto findings = dir_ / "findings.jsonl";
  const std::string common = std::string("scan --cache-dir ") + PIIPROXY_TEST_CACHE_DIR + " --action mask ";
  const auto form = run_piiproxy(common + "--form --chunk-size 3 --findings " + findings.string() + " " + input.string());
  EXPECT_EQ(form.status, 1) << form.err;
  EXPECT_EQ(form.out, masked(body, {kCard, kIban, kIpv6, kPhone, kEmail}));
  // The findings file gives encoded offsets: the card starts where "4111+" does.
  EXPECT_NE(slurp(findings).find("\"start\":" + std::to_string(body.find(kCard)) + ","), std::string::npos) << slurp(findings);
  // Without --form the '+'-grouped card is not a card.
  const auto raw = run_piiproxy(common + input.string());
  EXPECT_NE(raw.out.find(kCard), std::string::npos);
}

// The form redactor's inner scan only reports, so the hash text must not depend on whether
// the outer sink reads fingerprints (a counting sink does not).
class CountingSink final : public piimatch::FindingSink {
 public:
  void on_finding(const piimatch::Finding&) override { ++count; }
  bool wants_fingerprints() const override { return false; }
  std::size_t count = 0;
};

TEST(FormDecodingRedactor, HashTextIsTheSameWhateverTheSinkReads) {
  const std::string body = "name=x&email=jane.doe%40example.com&note=hi";
  const auto engine = piitest::bundled_engine();
  piimatch::Scratch scratch(*engine);
  CountingSink counting;
  piimatch::FormDecodingRedactor redactor(*engine, scratch, &counting, with_action(ActionKind::hash));
  std::string out;
  redactor.write(body, out);
  redactor.finish(out);
  EXPECT_EQ(counting.count, 1u);
  EXPECT_EQ(out, form_redact(body, ActionKind::hash).output);
  EXPECT_EQ(out.find("0000000"), std::string::npos) << out;
}

}  // namespace
