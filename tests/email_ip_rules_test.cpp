// The e-mail and IP rules as a user of the proxy sees them (issues 3 and 4): unusual but
// well-formed addresses are masked where they stand as a value of their own and left alone
// in running text and URLs; an IP address at the end of a sentence loses only its dot; the
// unspecified IPv6 address is masked where it reads as a value and never in code.
// Every address here is made up or from the documentation ranges.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "support/redact.h"

namespace {

using piimatch::Category;

// Only the two packs this file is about, so no other category gets in the way.
std::shared_ptr<const piimatch::Engine> email_ip_engine() {
  static const auto engine = [] {
    const std::string dir = std::string(PIIPROXY_SOURCE_DIR) + "/conf/rules/";
    piimatch::RuleSet rules = piimatch::RuleSet::load(dir + "email.yaml");
    rules.append(piimatch::RuleSet::load(dir + "network.yaml"));
    piimatch::EngineOptions options;
    options.hmac_key = "test-key-0123456789";
    return piimatch::Engine::compile(rules, options);
  }();
  return engine;
}

// The findings' texts of one category, in order, with the input written in one piece.
std::vector<std::string> found(const std::string& input, Category category) {
  const auto r = piitest::mask_all(*email_ip_engine(), input);
  std::vector<std::string> out;
  for (const auto& f : r.findings) {
    if (f.category == category) out.push_back(input.substr(f.start, f.end - f.start));
  }
  return out;
}

using Texts = std::vector<std::string>;

std::string masked(const std::string& input) { return piitest::mask_all(*email_ip_engine(), input).output; }

TEST(EmailWholeValue, DotlessAndUnusualAddressesAreMaskedWhereTheyAreTheValue) {
  EXPECT_EQ(found("root@localhost", Category::email), Texts{"root@localhost"});
  EXPECT_EQ(found("test@io\r\n", Category::email), Texts{"test@io"});
  EXPECT_EQ(found("{\"to\":\"root@localhost\"}", Category::email), Texts{"root@localhost"});
  EXPECT_EQ(found("<a href=\"mailto:ops@mailhost\">ops</a>", Category::email), Texts{"ops@mailhost"});
  EXPECT_EQ(found("Reply-To: <postmaster@localhost>", Category::email), Texts{"postmaster@localhost"});
  // RFC 3696's examples of local parts with '/', '=', '&' and '?': the whole address, not
  // just the part after the last of them.
  EXPECT_EQ(found("customer/department=shipping@example.com", Category::email),
            Texts{"customer/department=shipping@example.com"});
  EXPECT_EQ(found("{\"from\":\"sales/emea=orders@example.org\"}", Category::email),
            Texts{"sales/emea=orders@example.org"});
}

TEST(EmailWholeValue, TheSameShapesInRunningTextAndTrafficAreLeftAlone) {
  EXPECT_EQ(found("ssh root@localhost and run it", Category::email), Texts{});
  EXPECT_EQ(found("GET /status@backend HTTP/1.1", Category::email), Texts{});
  // Quoted package specs: a name and a tag or version range, not a mailbox.
  EXPECT_EQ(found("{\"dependencies\":[\"lodash@latest\",\"react@18.x\"]}", Category::email), Texts{});
  EXPECT_EQ(found("z@co.c", Category::email), Texts{});  // no top-level domain has one letter
}

TEST(EmailWholeValue, AKeyOrPathInFrontOfAnAddressStaysReadable) {
  // A form body scanned alone: only the address is masked, never the field name.
  EXPECT_EQ(masked("to=jane@example.com"), "to=" + std::string(16, '*'));
  EXPECT_EQ(masked("a=1&to=jane@example.com"), "a=1&to=" + std::string(16, '*'));
  EXPECT_EQ(masked("\"/users/jane@example.com\""), "\"/users/" + std::string(16, '*') + "\"");
  EXPECT_EQ(found("to=root@localhost", Category::email), Texts{});
}

TEST(EmailWholeValue, StreamBoundariesDecideTheSameWhateverTheChunking) {
  const std::string input = "root@localhost";
  const auto one_byte = piitest::redact_chunked(*email_ip_engine(), input, [] { return std::size_t{1}; });
  ASSERT_EQ(one_byte.findings.size(), 1u);
  EXPECT_EQ(one_byte.findings[0].start, 0u);
  EXPECT_EQ(one_byte.findings[0].end, input.size());
}

TEST(EmailQuoted, ABackslashQuotesTheNextCharacterOfAQuotedLocalPart) {
  EXPECT_EQ(found("\"foo\\@bar\"@example.com", Category::email), Texts{"\"foo\\@bar\"@example.com"});
  EXPECT_EQ(found("to \"a\\\"b\"@example.com now", Category::email), Texts{"\"a\\\"b\"@example.com"});
  // An unquoted local part is still found without the quoted rule.
  EXPECT_EQ(found("{\"x\":\"jane@example.com\"}", Category::email), Texts{"jane@example.com"});
}

TEST(IpSentenceDot, AnAddressEndingASentenceLosesOnlyTheDot) {
  EXPECT_EQ(found("Route is 10.0.0.0/8.", Category::ip), Texts{"10.0.0.0/8"});
  EXPECT_EQ(found("Use 2001:db8::/32.", Category::ip), Texts{"2001:db8::/32"});
  EXPECT_EQ(found("from 203.0.113.7. Then", Category::ip), Texts{"203.0.113.7"});
  EXPECT_EQ(masked("from 203.0.113.7."), "from ***********.");
  EXPECT_EQ(found("link fe80::1%eth0.", Category::ip), Texts{"fe80::1%eth0"});
}

TEST(IpSentenceDot, LongerDottedTokensAreNotAddresses) {
  EXPECT_EQ(found("version 1.2.3.4.5 and oid 1.3.6.1.4.1.311", Category::ip), Texts{});
  EXPECT_EQ(found("mapped ::ffff:256.0.0.1.", Category::ip), Texts{});
  EXPECT_EQ(found("v1.2.3.4", Category::ip), Texts{});
}

TEST(IpForms, FullCompressedAndIpv4SuffixedFormsAreEachFound) {
  EXPECT_EQ(found("full 2001:0db8:85a3:0000:0000:8a2e:0370:7334.", Category::ip),
            Texts{"2001:0db8:85a3:0000:0000:8a2e:0370:7334"});
  EXPECT_EQ(found("[2001:db8::8a2e:370:7334]:443", Category::ip), Texts{"2001:db8::8a2e:370:7334"});
  EXPECT_EQ(found("x=0:0:0:0:0:ffff:192.0.2.1 y=::ffff:192.0.2.1", Category::ip),
            (Texts{"0:0:0:0:0:ffff:192.0.2.1", "::ffff:192.0.2.1"}));
  EXPECT_EQ(found("fe80::/10 and ::1", Category::ip), (Texts{"fe80::/10", "::1"}));
  // Clock times and hex pairs are not addresses, nor nine groups or two "::".
  EXPECT_EQ(found("at 12:30:45, ab:cd:ef, 1:2:3:4:5:6:7:8:9, 1::2::3", Category::ip), Texts{});
}

TEST(IpZone, SubInterfaceZonesBelongToTheAddress) {
  EXPECT_EQ(found("ff02::5678%pvc1.3", Category::ip), Texts{"ff02::5678%pvc1.3"});
  EXPECT_EQ(found("via fe80::1%eth0.5 up", Category::ip), Texts{"fe80::1%eth0.5"});
}

TEST(IpUnspecified, TheUnspecifiedAddressIsMaskedWhereItReadsAsAValue) {
  EXPECT_EQ(found("::", Category::ip), Texts{"::"});
  EXPECT_EQ(found("src=:: dst=::1", Category::ip), (Texts{"::", "::1"}));
  EXPECT_EQ(found("listening on ::\n", Category::ip), Texts{"::"});
  EXPECT_EQ(found("Unspecified ::.", Category::ip), Texts{"::"});
  EXPECT_EQ(found("route ::/0 via fe80::1", Category::ip), (Texts{"::/0", "fe80::1"}));
}

TEST(IpUnspecified, TwoColonsInCodeAreNotAnAddress) {
  EXPECT_EQ(found("std::string name; ::close(fd);", Category::ip), Texts{});
  EXPECT_EQ(found("length :: [a] -> Int", Category::ip), Texts{});
  EXPECT_EQ(found("reversed = items[::-1]", Category::ip), Texts{});
  EXPECT_EQ(found("parts = name.split(\"::\")", Category::ip), Texts{});
  EXPECT_EQ(found("Example:\n\n::\n\n   code", Category::ip), Texts{});
}

}  // namespace
