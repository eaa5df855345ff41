// The bundled rule packs for e-mail, network, device, payment, phone, national ids and
// postal addresses, as a user sees them: what gets masked in realistic text, in encoded
// forms, and what must stay untouched (dates, versions, bare numbers without a cue).
// Every identifier here is synthetic; check digits are computed by the test.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/corpus.h"
#include "support/redact.h"

namespace {

using piimatch::Category;

// Only the packs under test: compiling the whole bundled set (credentials, name
// dictionaries) would cost seconds in every test process.
std::shared_ptr<const piimatch::Engine> packs_engine() {
  static const auto engine = [] {
    const std::string dir = std::string(PIIPROXY_SOURCE_DIR) + "/conf/rules/";
    piimatch::RuleSet rules;
    for (const char* pack : {"address", "device", "email", "national_id", "network", "payment", "phone"}) {
      rules.append(piimatch::RuleSet::load(dir + pack + ".yaml"));
    }
    piimatch::EngineOptions options;
    options.hmac_key = "test-key-0123456789";
    return piimatch::Engine::compile(rules, options);
  }();
  return engine;
}

struct Found {
  std::string text;
  Category category;
};

std::vector<Found> findings_in(const std::string& input) {
  const auto r = piitest::mask_all(*packs_engine(), input);
  std::vector<Found> out;
  for (const auto& f : r.findings) out.push_back({input.substr(f.start, f.end - f.start), f.category});
  return out;
}

// The one finding's text, or "" when there is none; fails when there are several.
std::string only_finding(const std::string& input, Category expected_category) {
  const auto found = findings_in(input);
  if (found.empty()) return "";
  EXPECT_EQ(found.size(), 1u) << input;
  EXPECT_EQ(found[0].category, expected_category) << input;
  return found[0].text;
}


TEST(EmailPack, FindsAddressesInRunningTextAndStopsAtTheSentenceEnd) {
  EXPECT_EQ(only_finding("Write to jane.doe+news@mail.example.org.", Category::email), "jane.doe+news@mail.example.org");
  EXPECT_EQ(only_finding("From: \"Jane\" <j_o'hara@example.co.uk>", Category::email), "j_o'hara@example.co.uk");
}

TEST(EmailPack, EncodedFormsAreFoundAndTheirEncodedBytesMasked) {
  for (const std::string address : {"jane.doe%40example.com", "jane.doe\\u0040example.com", "jane.doe&#64;example.com",
                                    "JANE.DOE&#X40;EXAMPLE.COM", "jane.doe&commat;example.com"}) {
    const std::string input = "q=" + address + "&x=1";
    const auto r = piitest::mask_all(*packs_engine(), input);
    EXPECT_EQ(r.output, "q=" + std::string(address.size(), '*') + "&x=1") << address;
  }
}

TEST(EmailPack, InternationalisedAndQuotedAddresses) {
  EXPECT_EQ(only_finding("mail hans@m\xC3\xBCller.example now", Category::email), "hans@m\xC3\xBCller.example");
  EXPECT_EQ(only_finding("to \"john doe\"@example.com", Category::email), "\"john doe\"@example.com");
}

TEST(EmailPack, NoAddressWithoutARealLookingDomain) {
  EXPECT_EQ(only_finding("decorators like @Override and user@localhost", Category::email), "");
  // A no-break space is not part of a domain: only the address before it is found.
  EXPECT_EQ(only_finding("a@example.co\xC2\xA0m", Category::email), "a@example.co");
}

TEST(NetworkPack, Ipv4AndIpv6WithZonesAndSentenceEnds) {
  EXPECT_EQ(only_finding("client 203.0.113.7 connected", Category::ip), "203.0.113.7");
  EXPECT_EQ(only_finding("Server IP: 2001:db8::5054:ff:fe1b:b031.", Category::ip), "2001:db8::5054:ff:fe1b:b031");
  EXPECT_EQ(only_finding("link fe80::1%eth0 up", Category::ip), "fe80::1%eth0");
  EXPECT_EQ(only_finding("mapped ::ffff:198.51.100.2 ok", Category::ip), "::ffff:198.51.100.2");
}

TEST(NetworkPack, VersionsTimesAndInvalidAddressesAreNotIps) {
  EXPECT_TRUE(findings_in("version 1.2.3.4.5 at 12:30:45").empty());
  EXPECT_TRUE(findings_in("::ffff:256.0.0.1 and 999.1.1.1").empty());
}

TEST(DevicePack, MacAddressesAndImeis) {
  EXPECT_EQ(only_finding("wlan0 3c:22:fb:0a:9e:11 up", Category::national_id), "3c:22:fb:0a:9e:11");
  EXPECT_EQ(only_finding("switch port 3c22.fb0a.9e11", Category::national_id), "3c22.fb0a.9e11");
  EXPECT_EQ(only_finding("broadcast ff:ff:ff:ff:ff:ff", Category::national_id), "");
  const std::string imei = piitest::luhn_complete("35209900176148");
  EXPECT_EQ(only_finding("IMEI: " + imei, Category::national_id), imei);
  // The same 15 digits in a JSON id field are not an IMEI.
  EXPECT_EQ(only_finding("{\"order\":" + imei + "}", Category::national_id), "");
  const std::string dashed = imei.substr(0, 2) + "-" + imei.substr(2, 6) + "-" + imei.substr(8, 6) + "-" + imei.substr(14);
  EXPECT_EQ(only_finding("device " + dashed, Category::national_id), dashed);
}

TEST(DevicePack, EightOctetAddressesAndSpacedOctetsAfterACue) {
  EXPECT_EQ(only_finding("eui64 01:02:03:04:05:06:07:ab ok", Category::national_id), "01:02:03:04:05:06:07:ab");
  EXPECT_EQ(only_finding("node 0102.0304.0506.07ab up", Category::national_id), "0102.0304.0506.07ab");
  EXPECT_EQ(only_finding("MAC: 3C 22 FB 0A 9E 11 ok", Category::national_id), "3C 22 FB 0A 9E 11");
  // Without a cue, six space-separated hex pairs are just as likely part of a hex dump.
  EXPECT_EQ(only_finding("dump 3C 22 FB 0A 9E 11 12 13", Category::national_id), "");
}

TEST(PaymentPack, IbansAsPeopleWriteThem) {
  const std::string iban = piitest::make_iban("DE", "370400440532013000");
  EXPECT_EQ(only_finding("IBAN " + iban + " bitte", Category::iban), iban);
  std::string grouped;
  for (std::size_t i = 0; i < iban.size(); ++i) {
    if (i > 0 && i % 4 == 0) grouped += ' ';
    grouped += iban[i];
  }
  EXPECT_EQ(only_finding("Konto: " + grouped + ".", Category::iban), grouped);
  const std::string norwegian = piitest::make_iban("NO", "86011117947");
  const std::string spaced = norwegian.substr(0, 2) + " " + norwegian.substr(2, 2) + " " + norwegian.substr(4, 4) +
                             " " + norwegian.substr(8, 2) + " " + norwegian.substr(10);
  EXPECT_EQ(only_finding("konto " + spaced + " takk", Category::iban), spaced);
  std::string wrong = iban;
  wrong.back() = wrong.back() == '9' ? '0' : static_cast<char>(wrong.back() + 1);
  EXPECT_EQ(only_finding("IBAN " + wrong, Category::iban), "");
}

TEST(PaymentPack, LowerCaseIbansNeedACue) {
  std::string lower = piitest::make_iban("GB", "WEST12345698765432");
  for (char& ch : lower) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
  EXPECT_EQ(only_finding("iban: " + lower, Category::iban), lower);
  // Lower-case letters and digits are the shape of hex ids: no cue, no IBAN.
  EXPECT_EQ(only_finding("{\"ref\":\"" + lower + "\"}", Category::iban), "");
}

TEST(PaymentPack, CardsInGroups) {
  const std::string card = piitest::luhn_complete("411111111111111");
  const std::string grouped = card.substr(0, 4) + " " + card.substr(4, 4) + " " + card.substr(8, 4) + " " + card.substr(12);
  EXPECT_EQ(only_finding("card " + grouped + " exp 12/29", Category::card), grouped);
  EXPECT_EQ(only_finding("{\"pan\":\"" + card + "\"}", Category::card), card);
}

TEST(PaymentPack, TheFractionOfAFloatIsNotACard) {
  const std::string digits = piitest::luhn_complete("411111111111111");
  EXPECT_EQ(only_finding("{\"ratio\":0." + digits + "}", Category::card), "");
}

TEST(PhonePack, InternationalFormatsOfManyCountries) {
  for (const std::string number : {"+44 20 7946 0958", "+1 (415) 555-0132", "+49 30 123456", "+358 41 2345678",
                                   "+212 80-1234567", "+7 71234 5 67 89", "+33 1 42 68 53 00", "+14155550132"}) {
    EXPECT_EQ(only_finding("call " + number + " today", Category::phone), number);
  }
  EXPECT_EQ(only_finding("fax 0044 20 7946 0958", Category::phone), "0044 20 7946 0958");
}

TEST(PhonePack, FormEncodedNumbersAreMaskedWithTheirEncodedBytes) {
  const std::string input = "name=x&tel=%2B44+20+7946+0958&alt=%2b1%20415%20555%200132";
  const auto r = piitest::mask_all(*packs_engine(), input);
  EXPECT_EQ(r.output, "name=x&tel=" + std::string(18, '*') + "&alt=" + std::string(23, '*'));
}

TEST(PhonePack, NationalFormatsNeedATrunkPrefixParenthesesOrACue) {
  EXPECT_EQ(only_finding("ring 050 123 4567 later", Category::phone), "050 123 4567");
  EXPECT_EQ(only_finding("office (02) 1234 5678", Category::phone), "(02) 1234 5678");
  EXPECT_EQ(only_finding("Tel: 4258829090", Category::phone), "4258829090");
  EXPECT_EQ(only_finding("{\"tel\":\"4258829090\"}", Category::phone), "4258829090");
  EXPECT_EQ(only_finding("msisdn=4258829090&x=1", Category::phone), "4258829090");
  EXPECT_EQ(only_finding("{\"id\":4258829090}", Category::phone), "");
}

TEST(PhonePack, DatesAmountsAndVersionsAreNotPhones) {
  EXPECT_TRUE(findings_in("on 01-02-2024 and 2024-11-23, v10.2.3, total 1234567.89").empty());
}

TEST(NationalIdPack, PrintedLayoutsAreFoundWithoutACue) {
  EXPECT_EQ(only_finding("ssn 536-22-8745 on file", Category::national_id), "536-22-8745");
  EXPECT_EQ(only_finding("CPF 111.444.777-35", Category::national_id), "111.444.777-35");
  EXPECT_EQ(only_finding("NIE X-1234567-L", Category::national_id), "X-1234567-L");
  EXPECT_EQ(only_finding("DNI 12345678Z.", Category::national_id), "12345678Z");
  EXPECT_EQ(only_finding("ref 12345678-Z", Category::national_id), "12345678-Z");
  EXPECT_EQ(only_finding("ssn 536.22.8745 on file", Category::national_id), "536.22.8745");
  EXPECT_EQ(only_finding("NI number AB 12 34 56 C", Category::national_id), "AB 12 34 56 C");
  EXPECT_EQ(only_finding("CF RSSMRA85T10A562S", Category::national_id), "RSSMRA85T10A562S");
}

TEST(NationalIdPack, MixedSsnLayoutsAfterACueAreSsnsNotPhones) {
  // 078-228745 is also the shape of a national phone number (phone-national-trunk).
  EXPECT_EQ(only_finding("my ssn is 078-228745", Category::national_id), "078-228745");
  EXPECT_EQ(only_finding("social security: 53622-8745.", Category::national_id), "53622-8745");
  EXPECT_EQ(only_finding("ITIN 912-701234", Category::national_id), "912-701234");
  EXPECT_EQ(only_finding("order 536-228745", Category::national_id), "");
}

TEST(NationalIdPack, PublicizedSsnsOnlyAfterACue) {
  // 078-05-1120 (the Woolworth wallet card) is a sample in documentation far more often than
  // someone's number; after a cue the writer says it is theirs, and it is masked.
  EXPECT_EQ(only_finding("e.g. 078051120", Category::national_id), "");
  EXPECT_EQ(only_finding("my social security number is 078051120", Category::national_id), "078051120");
  EXPECT_EQ(only_finding("SSN: 078-05-1120", Category::national_id), "078-05-1120");
  EXPECT_EQ(only_finding("ssn 078.05.1120", Category::national_id), "078.05.1120");
  EXPECT_EQ(only_finding("ssn 078-05.1120", Category::national_id), "");
  EXPECT_EQ(only_finding("ssn 666-05-1120", Category::national_id), "");
}

TEST(NationalIdPack, CompactAndLowerCaseShapesOfHexIdsNeedACue) {
  // "12345678a..." starts many hex hashes, "ab123456c" many order numbers.
  EXPECT_EQ(only_finding("{\"h\":\"12345678z\"}", Category::national_id), "");
  EXPECT_EQ(only_finding("dni: 12345678z", Category::national_id), "12345678z");
  EXPECT_EQ(only_finding("order AB123456C", Category::national_id), "");
  EXPECT_EQ(only_finding("nino: AB123456C", Category::national_id), "AB123456C");
  EXPECT_EQ(only_finding("user rssmra85t10a562s", Category::national_id), "");
  EXPECT_EQ(only_finding("codice fiscale rssmra85t10a562s", Category::national_id), "rssmra85t10a562s");
}

TEST(NationalIdPack, BareDigitRunsNeedACue) {
  EXPECT_EQ(only_finding("{\"n\":536228745}", Category::national_id), "");
  EXPECT_EQ(only_finding("my SSN is 536228745", Category::national_id), "536228745");
  // A valid BSN (eleven-test: 9*1+8*2+7*3+6*4+5*5+4*6+3*7+2*8 - 2 = 154 = 14*11).
  EXPECT_EQ(only_finding("BSN: 123456782", Category::national_id), "123456782");
  EXPECT_EQ(only_finding("ref 123456782", Category::national_id), "");
}

TEST(AddressPack, StreetLinesZipCodesAndPostcodes) {
  EXPECT_EQ(only_finding("Ship to 221B Baker Street, London", Category::address), "221B Baker Street");
  EXPECT_EQ(only_finding("Springfield, IL 62704-1234", Category::address), "IL 62704-1234");
  EXPECT_EQ(only_finding("London SW1A 1AA", Category::address), "SW1A 1AA");
  EXPECT_EQ(only_finding("code QA1 1AA", Category::address), "");     // Q never starts a postcode
  EXPECT_EQ(only_finding("Austin, XX 12345", Category::address), "");  // no such state
  EXPECT_EQ(only_finding("order ID 12345 shipped", Category::address), "");  // not Idaho
  EXPECT_EQ(only_finding("Room 007 Main Street", Category::address), "");  // a code, not a house number
}

TEST(AddressPack, FormEncodedSpacesAreReadAsSpacesAndMaskedWithTheirBytes) {
  const std::string input = "name=x&street=221B+Baker+Street&zip=SW1A%201AA&city=Springfield%2C+CA+94105";
  const auto r = piitest::mask_all(*packs_engine(), input);
  EXPECT_EQ(r.output, "name=x&street=*****************&zip=**********&city=Springfield%2C+********");
}

}  // namespace

namespace {
TEST(NetworkPack, CidrRangesAreMaskedWhole) {
  const auto engine = piitest::bundled_engine();
  EXPECT_EQ(piitest::mask_all(*engine, "allow 192.168.10.0/24 and 2001:db8::/32 only").output,
            "allow *************** and ************* only");
}
}  // namespace
