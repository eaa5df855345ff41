// Behaviour of the C++ validators that confirm Hyperscan candidates: every validator
// accepts real-looking values of its kind and rejects near misses (a wrong check digit,
// a reserved range, a malformed layout). Valid numbers are built here by computing their
// check digits, so a fixture cannot silently drift from the algorithm it exercises.
#include <gtest/gtest.h>

#include <cctype>
#include <optional>
#include <string>
#include <string_view>

#include "matchers/validator.h"
#include "matchers/validators/validators.h"

namespace piimatch {
namespace {

namespace v = validators;

bool accepts(ValidatorFn fn, std::string_view value, std::optional<double> arg = std::nullopt) {
  const std::string copy(value);
  Candidate candidate{copy, 0, copy.size(), true, true};
  return fn(candidate, arg);
}

// --- check-digit builders for fixtures ---

int digit_at(const std::string& s, std::size_t i) { return s[i] - '0'; }

// `payload` plus the digit that makes the whole string Luhn-valid.
std::string with_luhn_digit(const std::string& payload) {
  int sum = 0;
  bool double_it = true;  // the check digit will sit to the right
  for (std::size_t i = payload.size(); i-- > 0;) {
    int d = digit_at(payload, i);
    if (double_it) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double_it = !double_it;
  }
  return payload + static_cast<char>('0' + (10 - sum % 10) % 10);
}

int mod97(const std::string& alnum) {
  int remainder = 0;
  for (char ch : alnum) {
    if (ch >= '0' && ch <= '9') {
      remainder = (remainder * 10 + (ch - '0')) % 97;
    } else {
      remainder = (remainder * 100 + (ch - 'A' + 10)) % 97;
    }
  }
  return remainder;
}

std::string make_iban(const std::string& country, const std::string& bban) {
  const int check = 98 - mod97(bban + country + "00");
  std::string digits = std::to_string(check);
  if (digits.size() == 1) digits = "0" + digits;
  return country + digits + bban;
}

// Replaces the digit at `index` with the next digit (mod 10): a single-digit typo.
std::string with_typo(std::string value, std::size_t index) {
  value[index] = static_cast<char>('0' + (value[index] - '0' + 1) % 10);
  return value;
}

std::string make_cpf(const std::string& nine) {
  std::string number = nine;
  for (int round = 0; round < 2; ++round) {
    int sum = 0;
    const int first_weight = static_cast<int>(number.size()) + 1;
    for (std::size_t i = 0; i < number.size(); ++i) sum += digit_at(number, i) * (first_weight - static_cast<int>(i));
    const int r = sum % 11;
    number += static_cast<char>('0' + (r < 2 ? 0 : 11 - r));
  }
  return number;
}

std::string make_cnpj(const std::string& twelve) {
  static const int kWeights[13] = {6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};
  std::string number = twelve;
  for (int round = 0; round < 2; ++round) {
    const int offset = round == 0 ? 1 : 0;
    int sum = 0;
    for (std::size_t i = 0; i < number.size(); ++i) sum += (number[i] - '0') * kWeights[i + offset];
    const int r = sum % 11;
    number += static_cast<char>('0' + (r < 2 ? 0 : 11 - r));
  }
  return number;
}

std::string with_verhoeff_digit(const std::string& payload) {
  static const int d[10][10] = {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
                                {2, 3, 4, 0, 1, 7, 8, 9, 5, 6}, {3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
                                {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
                                {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
                                {8, 7, 6, 5, 9, 3, 2, 1, 0, 4}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
  static const int p[8][10] = {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
                               {5, 8, 0, 3, 7, 9, 6, 1, 4, 2}, {8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
                               {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
                               {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};
  static const int inverse[10] = {0, 4, 3, 2, 1, 5, 6, 7, 8, 9};
  int c = 0;
  for (std::size_t i = 0; i < payload.size(); ++i) {
    const int digit = digit_at(payload, payload.size() - 1 - i);
    c = d[c][p[(i + 1) % 8][digit]];
  }
  return payload + static_cast<char>('0' + inverse[c]);
}

std::string with_mod_11_10_digit(const std::string& ten) {
  int product = 10;
  for (char ch : ten) {
    int sum = (ch - '0' + product) % 10;
    if (sum == 0) sum = 10;
    product = (sum * 2) % 11;
  }
  const int check = (11 - product) % 10;
  return ten + static_cast<char>('0' + check);
}

std::string with_dni_letter(const std::string& digits, int value) {
  return digits + "TRWAGMYFPDXBNJZSQVHLCKE"[value % 23];
}

std::string with_codice_fiscale_check(const std::string& fifteen) {
  static const int kOdd[26] = {1,  0,  5,  7,  9,  13, 15, 17, 19, 21, 2,  4,  18,
                               20, 11, 3,  6,  8,  12, 14, 16, 10, 22, 25, 24, 23};
  int sum = 0;
  for (std::size_t i = 0; i < fifteen.size(); ++i) {
    const char ch = fifteen[i];
    const int index = (ch >= '0' && ch <= '9') ? ch - '0' : ch - 'A';
    sum += (i % 2 == 0) ? kOdd[index] : index;
  }
  return fifteen + static_cast<char>('A' + sum % 26);
}

std::string with_nir_key(const std::string& thirteen) {
  const long long value = std::stoll(thirteen);
  const long long key = 97 - value % 97;
  std::string digits = std::to_string(key);
  if (digits.size() == 1) digits = "0" + digits;
  return thirteen + digits;
}

// --- checksums ---

TEST(LuhnValidator, AcceptsLuhnValidDigitsWithSeparators) {
  const std::string number = with_luhn_digit("7992739871");
  EXPECT_TRUE(accepts(v::luhn, number));
  EXPECT_TRUE(accepts(v::luhn, number.substr(0, 4) + " " + number.substr(4)));
  EXPECT_FALSE(accepts(v::luhn, with_typo(number, 3)));
  EXPECT_FALSE(accepts(v::luhn, number + "x"));
  EXPECT_FALSE(accepts(v::luhn, ""));
}

TEST(PaymentCardValidator, AcceptsEachMajorBrandWithItsLength) {
  const char* payloads[] = {
      "411111111111111",     // Visa 16
      "411111111111",        // Visa 13
      "511122223333444",     // Mastercard 51-55
      "222300001111222",     // Mastercard 2-series
      "37828224631000",      // American Express 15
      "601100001111222",     // Discover 6011
      "353011112222333",     // JCB
      "3056930902590",       // Diners 14
      "621234567890123",     // UnionPay
      "50123456789",         // Maestro 12
  };
  for (const char* payload : payloads) {
    const std::string card = with_luhn_digit(payload);
    EXPECT_TRUE(accepts(v::payment_card, card)) << card;
  }
}

TEST(PaymentCardValidator, AcceptsGroupedDigits) {
  const std::string card = with_luhn_digit("411111111111111");
  EXPECT_TRUE(accepts(v::payment_card, card.substr(0, 4) + " " + card.substr(4, 4) + " " +
                                           card.substr(8, 4) + " " + card.substr(12)));
  EXPECT_TRUE(accepts(v::payment_card, card.substr(0, 4) + "-" + card.substr(4, 4) + "-" +
                                           card.substr(8, 4) + "-" + card.substr(12)));
}

TEST(PaymentCardValidator, RejectsBadChecksumUnknownPrefixAndWrongLength) {
  const std::string visa = with_luhn_digit("411111111111111");
  EXPECT_FALSE(accepts(v::payment_card, with_typo(visa, 7)));
  EXPECT_FALSE(accepts(v::payment_card, with_luhn_digit("912345678901234")));  // no brand starts with 9
  EXPECT_FALSE(accepts(v::payment_card, with_luhn_digit("41111111111111")));   // Visa never has 15
  EXPECT_FALSE(accepts(v::payment_card, with_luhn_digit("3782822463100")));    // Amex needs 15
  EXPECT_FALSE(accepts(v::payment_card, with_luhn_digit("4111111111111111111")));  // 20 digits
}

TEST(IbanValidator, AcceptsValidIbansCompactGroupedAndLowerCase) {
  const std::string german = make_iban("DE", "370400440532013000");
  const std::string british = make_iban("GB", "WEST12345698765432");
  EXPECT_TRUE(accepts(v::iban, german));
  EXPECT_TRUE(accepts(v::iban, british));
  EXPECT_TRUE(accepts(v::iban, "DE" + german.substr(2, 2) + " 3704 0044 0532 0130 00"));
  std::string lower = british;
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  EXPECT_TRUE(accepts(v::iban, lower));
  EXPECT_TRUE(accepts(v::iban, make_iban("NO", "15037577003")));
  EXPECT_TRUE(accepts(v::iban, make_iban("MU", "BOMM0101101030300200000MUR")));
}

TEST(IbanValidator, RejectsWrongCheckDigitsLengthCountryAndLayout) {
  const std::string german = make_iban("DE", "370400440532013000");
  EXPECT_FALSE(accepts(v::iban, with_typo(german, 10)));
  EXPECT_FALSE(accepts(v::iban, make_iban("DE", "3704004405320130001")));  // 23 chars, DE has 22
  EXPECT_FALSE(accepts(v::iban, make_iban("QQ", "370400440532013000")));   // no such country
  EXPECT_FALSE(accepts(v::iban, make_iban("NL", "ABNA0A17164300")));       // NL account is digits only
  EXPECT_FALSE(accepts(v::iban, make_iban("GB", "1234" "12345698765432")));  // GB bank code is letters
  EXPECT_FALSE(accepts(v::iban, "D E" + german.substr(2)));                 // split country code
  EXPECT_FALSE(accepts(v::iban, german.substr(0, 8) + "  " + german.substr(8)));
  std::string mixed = make_iban("GB", "WEST12345698765432");
  mixed[5] = 'e';  // "WeST": a mangled bank code, not a lower-cased IBAN
  EXPECT_FALSE(accepts(v::iban, mixed));
}

TEST(ImeiValidator, AcceptsFifteenLuhnDigitsWithSeparators) {
  const std::string imei = with_luhn_digit("49015420323751");
  EXPECT_TRUE(accepts(v::imei, imei));
  EXPECT_TRUE(accepts(v::imei, imei.substr(0, 2) + "-" + imei.substr(2, 6) + "-" + imei.substr(8, 6) + "-" +
                                   imei.substr(14)));
  EXPECT_FALSE(accepts(v::imei, with_typo(imei, 5)));
  EXPECT_FALSE(accepts(v::imei, with_luhn_digit("4901542032375")));  // 14 digits
}

// --- network ---

TEST(Ipv4Validator, AcceptsDottedQuadsInRange) {
  EXPECT_TRUE(accepts(v::ipv4, "192.168.10.254"));
  EXPECT_TRUE(accepts(v::ipv4, "0.0.0.0"));
  EXPECT_TRUE(accepts(v::ipv4, "255.255.255.255"));
}

TEST(Ipv4Validator, RejectsOutOfRangeLeadingZerosAndWrongOctetCount) {
  EXPECT_FALSE(accepts(v::ipv4, "256.1.1.1"));
  EXPECT_FALSE(accepts(v::ipv4, "10.01.1.1"));
  EXPECT_FALSE(accepts(v::ipv4, "10.1.1"));
  EXPECT_FALSE(accepts(v::ipv4, "10.1.1.1.1"));
  EXPECT_FALSE(accepts(v::ipv4, "10..1.1"));
  EXPECT_FALSE(accepts(v::ipv4, "1000.1.1.1"));
}

TEST(Ipv6Validator, AcceptsFullCompressedEmbeddedIpv4AndZone) {
  EXPECT_TRUE(accepts(v::ipv6, "2001:0db8:85a3:0000:0000:8a2e:0370:7334"));
  EXPECT_TRUE(accepts(v::ipv6, "2001:db8::8a2e:370:7334"));
  EXPECT_TRUE(accepts(v::ipv6, "::1"));
  EXPECT_TRUE(accepts(v::ipv6, "fe80::"));
  EXPECT_TRUE(accepts(v::ipv6, "::ffff:192.0.2.128"));
  EXPECT_TRUE(accepts(v::ipv6, "fe80::1ff:fe23:4567:890a%eth0"));
}

TEST(Ipv6Validator, RejectsTimesBareDoubleColonAndMalformedGroups) {
  EXPECT_FALSE(accepts(v::ipv6, "12:30:45"));
  EXPECT_FALSE(accepts(v::ipv6, "::"));
  EXPECT_FALSE(accepts(v::ipv6, "2001:db8::1::2"));
  EXPECT_FALSE(accepts(v::ipv6, "2001:db8:0:0:0:0:0:0:1"));
  EXPECT_FALSE(accepts(v::ipv6, "2001:db8:0:0:0:0:1"));  // 7 groups without "::"
  EXPECT_FALSE(accepts(v::ipv6, "12345::1"));
  EXPECT_FALSE(accepts(v::ipv6, "2001:db8::g1"));
  EXPECT_FALSE(accepts(v::ipv6, "::ffff:192.0.2.256"));
  EXPECT_FALSE(accepts(v::ipv6, "fe80::1%"));
}

TEST(EmailValidator, AcceptsPlainAndEncodedAtSigns) {
  EXPECT_TRUE(accepts(v::email, "jane.roe+news@mail.example.org"));
  EXPECT_TRUE(accepts(v::email, "jane.roe%40example.org"));
  EXPECT_TRUE(accepts(v::email, "jane.roe\\u0040example.org"));
  EXPECT_TRUE(accepts(v::email, "jane.roe&#64;example.org"));
  EXPECT_TRUE(accepts(v::email, "jane.roe&#x40;example.org"));
  EXPECT_TRUE(accepts(v::email, "jane.roe&commat;example.org"));
  EXPECT_TRUE(accepts(v::email, "user@example.xn--p1ai"));
  EXPECT_TRUE(accepts(v::email, "j\xC3\xBCrgen@example.de"));  // UTF-8 local part
}

TEST(EmailValidator, RejectsMalformedLocalPartsAndDomains) {
  EXPECT_FALSE(accepts(v::email, "jane..roe@example.org"));
  EXPECT_FALSE(accepts(v::email, ".jane@example.org"));
  EXPECT_FALSE(accepts(v::email, "jane.@example.org"));
  EXPECT_FALSE(accepts(v::email, "jane@localhost"));
  EXPECT_FALSE(accepts(v::email, "jane@-example.org"));
  EXPECT_FALSE(accepts(v::email, "jane@example-.org"));
  EXPECT_FALSE(accepts(v::email, "jane@example.o"));
  EXPECT_FALSE(accepts(v::email, "jane@example.c0m"));
  EXPECT_FALSE(accepts(v::email, "jane@ex@ample.org"));
  EXPECT_FALSE(accepts(v::email, std::string(65, 'a') + "@example.org"));
  EXPECT_FALSE(accepts(v::email, "jane\xC2\xA0roe@example.org"));  // no-break space
  EXPECT_FALSE(accepts(v::email, "jane\xED\xA0\x80@example.org"));  // encoded surrogate
}

TEST(MacAddressValidator, AcceptsColonDashAndCiscoForms) {
  EXPECT_TRUE(accepts(v::mac_address, "3c:22:fb:0a:9e:11"));
  EXPECT_TRUE(accepts(v::mac_address, "3C-22-FB-0A-9E-11"));
  EXPECT_TRUE(accepts(v::mac_address, "3c22.fb0a.9e11"));
  EXPECT_TRUE(accepts(v::mac_address, "3C 22 FB 0A 9E 11"));
}

TEST(MacAddressValidator, AcceptsEightOctetEui64Forms) {
  EXPECT_TRUE(accepts(v::mac_address, "01:02:03:04:05:06:07:ab"));
  EXPECT_TRUE(accepts(v::mac_address, "01-02-03-04-05-06-07-AB"));
  EXPECT_TRUE(accepts(v::mac_address, "0102.0304.0506.07ab"));
  EXPECT_FALSE(accepts(v::mac_address, "01:02:03:04:05:06:07-ab"));  // mixed separators
  EXPECT_FALSE(accepts(v::mac_address, "00:00:00:00:00:00:00:00"));
  EXPECT_FALSE(accepts(v::mac_address, "0102.0304.0506.07ag"));
  EXPECT_FALSE(accepts(v::mac_address, "01:02:03:04:05:06:07"));     // seven octets
}

TEST(MacAddressValidator, RejectsMixedSeparatorsNullAndBroadcast) {
  EXPECT_FALSE(accepts(v::mac_address, "3c:22-fb:0a:9e:11"));
  EXPECT_FALSE(accepts(v::mac_address, "3c 22:fb:0a:9e:11"));
  EXPECT_FALSE(accepts(v::mac_address, "00:00:00:00:00:00"));
  EXPECT_FALSE(accepts(v::mac_address, "FF:FF:FF:FF:FF:FF"));
  EXPECT_FALSE(accepts(v::mac_address, "3c:22:fb:0a:9e:1g"));
  EXPECT_FALSE(accepts(v::mac_address, "3c:22:fb:0a:9e"));
}

// --- national identifiers ---

TEST(UsSsnValidator, AcceptsAssignableNumbersInEachLayout) {
  EXPECT_TRUE(accepts(v::us_ssn, "536-90-4399"));
  EXPECT_TRUE(accepts(v::us_ssn, "536 90 4399"));
  EXPECT_TRUE(accepts(v::us_ssn, "536904399"));
  EXPECT_TRUE(accepts(v::us_ssn, "536.90.4399"));
}

TEST(UsSsnValidator, RejectsReservedRangesPublicizedNumbersAndMixedSeparators) {
  EXPECT_FALSE(accepts(v::us_ssn, "000-90-4399"));
  EXPECT_FALSE(accepts(v::us_ssn, "666-90-4399"));
  EXPECT_FALSE(accepts(v::us_ssn, "912-90-4399"));
  EXPECT_FALSE(accepts(v::us_ssn, "536-00-4399"));
  EXPECT_FALSE(accepts(v::us_ssn, "536-90-0000"));
  EXPECT_FALSE(accepts(v::us_ssn, "078-05-1120"));
  EXPECT_FALSE(accepts(v::us_ssn, "219-09-9999"));
  EXPECT_FALSE(accepts(v::us_ssn, "123-45-6789"));
  EXPECT_FALSE(accepts(v::us_ssn, "536-90 4399"));
  EXPECT_FALSE(accepts(v::us_ssn, "536-904399"));
  EXPECT_FALSE(accepts(v::us_ssn, "536.90-4399"));
  EXPECT_FALSE(accepts(v::us_ssn, "078.05.1120"));  // publicized, in any layout
}

TEST(UsSsnValidator, MixedLayoutsAndPublicizedNumbersOnlyWhereACueRuleAsksForThem) {
  EXPECT_TRUE(accepts(v::us_ssn_after_cue, "536-904399"));
  EXPECT_TRUE(accepts(v::us_ssn_after_cue, "53690-4399"));
  EXPECT_TRUE(accepts(v::us_ssn_after_cue, "53690 4399"));
  EXPECT_TRUE(accepts(v::us_ssn_after_cue, "536-90-4399"));
  EXPECT_FALSE(accepts(v::us_ssn_after_cue, "5369-04399"));
  EXPECT_FALSE(accepts(v::us_ssn_after_cue, "536.904399"));
  EXPECT_FALSE(accepts(v::us_ssn_after_cue, "536-90.4399"));  // one separator throughout
  EXPECT_FALSE(accepts(v::us_ssn_after_cue, "000-904399"));  // the same allocation rules
  EXPECT_FALSE(accepts(v::us_ssn_after_cue, "666-90-4399"));
  EXPECT_FALSE(accepts(v::us_ssn_after_cue, "536-00-4399"));
  // The publicized sample numbers: refused bare, taken after a cue.
  EXPECT_TRUE(accepts(v::us_ssn_after_cue, "07805-1120"));
  EXPECT_TRUE(accepts(v::us_ssn_after_cue, "078051120"));
  EXPECT_TRUE(accepts(v::us_ssn_after_cue, "078-05-1120"));
  EXPECT_FALSE(accepts(v::us_ssn, "078051120"));
  EXPECT_TRUE(accepts(v::us_itin_mixed_layout, "912-701234"));
  EXPECT_TRUE(accepts(v::us_itin_mixed_layout, "91270-1234"));
  EXPECT_FALSE(accepts(v::us_itin_mixed_layout, "912-891234"));  // 89 is not an ITIN group
  EXPECT_FALSE(accepts(v::us_itin, "912-701234"));
}

TEST(UsItinValidator, AcceptsNineHundredsWithItinGroups) {
  EXPECT_TRUE(accepts(v::us_itin, "912-70-1234"));
  EXPECT_TRUE(accepts(v::us_itin, "912 94 1234"));
  EXPECT_TRUE(accepts(v::us_itin, "912501234"));
  EXPECT_FALSE(accepts(v::us_itin, "912-89-1234"));  // 89 is not an ITIN group
  EXPECT_FALSE(accepts(v::us_itin, "912-93-1234"));
  EXPECT_FALSE(accepts(v::us_itin, "812-70-1234"));
}

TEST(UkNinoValidator, AcceptsAllocatedPrefixesWithOrWithoutSuffix) {
  EXPECT_TRUE(accepts(v::uk_nino, "JG 10 37 48 C"));
  EXPECT_TRUE(accepts(v::uk_nino, "jg103748c"));
  EXPECT_TRUE(accepts(v::uk_nino, "JG103748"));
  EXPECT_FALSE(accepts(v::uk_nino, "JG103748E"));  // suffix is A-D
  EXPECT_FALSE(accepts(v::uk_nino, "DA103748A"));  // D never first
  EXPECT_FALSE(accepts(v::uk_nino, "AO103748A"));  // O never second
  EXPECT_FALSE(accepts(v::uk_nino, "GB103748A"));  // reserved pair
  EXPECT_FALSE(accepts(v::uk_nino, "JG10374A"));
}

TEST(DeSteuerIdValidator, AcceptsMod11_10WithOneRepeatedDigit) {
  const std::string id = with_mod_11_10_digit("8609574271");  // 7 appears twice
  EXPECT_TRUE(accepts(v::de_steuer_id, id));
  EXPECT_TRUE(accepts(v::de_steuer_id, id.substr(0, 2) + " " + id.substr(2, 3) + " " + id.substr(5, 3) + " " +
                                           id.substr(8)));
  EXPECT_TRUE(accepts(v::de_steuer_id, with_mod_11_10_digit("8609577271")));  // 7 three times, not adjacent
  EXPECT_FALSE(accepts(v::de_steuer_id, with_typo(id, 4)));
}

TEST(DeSteuerIdValidator, RejectsDigitPatternsTheOfficeNeverIssues) {
  EXPECT_FALSE(accepts(v::de_steuer_id, with_mod_11_10_digit("1234567890")));  // no repeat
  EXPECT_FALSE(accepts(v::de_steuer_id, with_mod_11_10_digit("1123455780")));  // two repeats
  EXPECT_FALSE(accepts(v::de_steuer_id, with_mod_11_10_digit("8609777421")));  // 777 in a row
  EXPECT_FALSE(accepts(v::de_steuer_id, with_mod_11_10_digit("0609574271")));  // leading zero
}

TEST(FrNirValidator, AcceptsKeyIncludingCorsicanDepartments) {
  const std::string mainland = with_nir_key("1850578006084");
  EXPECT_TRUE(accepts(v::fr_nir, mainland));
  EXPECT_TRUE(accepts(v::fr_nir, mainland.substr(0, 1) + " " + mainland.substr(1, 2) + " " +
                                     mainland.substr(3, 2) + " " + mainland.substr(5, 2) + " " +
                                     mainland.substr(7, 3) + " " + mainland.substr(10, 3) + " " +
                                     mainland.substr(13)));
  // 2A is keyed as 19, 2B as 18.
  const std::string ajaccio = with_nir_key("2850519004012");
  EXPECT_TRUE(accepts(v::fr_nir, ajaccio.substr(0, 5) + "2A" + ajaccio.substr(7)));
  const std::string bastia = with_nir_key("2850518033012");
  EXPECT_TRUE(accepts(v::fr_nir, bastia.substr(0, 5) + "2B" + bastia.substr(7)));
  EXPECT_FALSE(accepts(v::fr_nir, ajaccio.substr(0, 5) + "2B" + ajaccio.substr(7)));
  EXPECT_FALSE(accepts(v::fr_nir, with_typo(mainland, 9)));
  EXPECT_FALSE(accepts(v::fr_nir, "5" + mainland.substr(1)));  // no sex digit 5
}

TEST(EsDniValidator, AcceptsDniAndNieCheckLetters) {
  EXPECT_TRUE(accepts(v::es_dni, with_dni_letter("48302917", 48302917)));
  EXPECT_TRUE(accepts(v::es_dni, with_dni_letter("48302917-", 48302917)));
  EXPECT_TRUE(accepts(v::es_dni, with_dni_letter("48.302.917-", 48302917)));
  EXPECT_TRUE(accepts(v::es_dni, with_dni_letter("X4830291", 4830291)));
  EXPECT_TRUE(accepts(v::es_dni, with_dni_letter("Y4830291", 14830291)));
  EXPECT_TRUE(accepts(v::es_dni, with_dni_letter("Z4830291", 24830291)));
  EXPECT_TRUE(accepts(v::es_dni, with_dni_letter("4830291", 4830291)));  // leading zero dropped
}

TEST(EsDniValidator, RejectsWrongLetterAndSplitDigits) {
  EXPECT_FALSE(accepts(v::es_dni, with_dni_letter("48302917", 48302918)));
  EXPECT_FALSE(accepts(v::es_dni, with_dni_letter("X4830291", 14830291)));
  EXPECT_FALSE(accepts(v::es_dni, with_dni_letter("4830 2917", 48302917)));
  EXPECT_FALSE(accepts(v::es_dni, with_dni_letter("W4830291", 4830291)));
}

TEST(ItCodiceFiscaleValidator, AcceptsCheckCharacterAndOmocodia) {
  const std::string code = with_codice_fiscale_check("BNCGVN82L15F205");
  EXPECT_TRUE(accepts(v::it_codice_fiscale, code));
  // Omocodia: the last digit 5 becomes R (L M N P Q R ... stand for 0 1 2 3 4 5 ...).
  EXPECT_TRUE(accepts(v::it_codice_fiscale, with_codice_fiscale_check("BNCGVN82L15F20R")));
  EXPECT_TRUE(accepts(v::it_codice_fiscale, with_codice_fiscale_check("BNCGVN82L55F205")));  // woman: day+40
  EXPECT_FALSE(accepts(v::it_codice_fiscale, code.substr(0, 15) + (code[15] == 'A' ? "B" : "A")));
  EXPECT_FALSE(accepts(v::it_codice_fiscale, with_codice_fiscale_check("BNCGVN82X15F205")));  // no month X
  EXPECT_FALSE(accepts(v::it_codice_fiscale, with_codice_fiscale_check("BNCGVN82L35F205")));  // day 35
  EXPECT_FALSE(accepts(v::it_codice_fiscale, with_codice_fiscale_check("BNCGVN82L15F2A5")));  // A is no omocodia letter
}

TEST(NlBsnValidator, AcceptsElevenProof) {
  // 9*2 + 8*4 + 7*6 + 6*8 + 5*1 + 4*3 + 3*5 + 2*9 = 190; 190 - 3 = 187 = 17 * 11.
  EXPECT_TRUE(accepts(v::nl_bsn, "246813593"));
  EXPECT_TRUE(accepts(v::nl_bsn, "2468.13.593"));
  EXPECT_FALSE(accepts(v::nl_bsn, "246813594"));
  EXPECT_FALSE(accepts(v::nl_bsn, "000000000"));
  EXPECT_FALSE(accepts(v::nl_bsn, "24681359"));
}

TEST(BrCpfValidator, AcceptsCheckDigitsInPrintedAndBareForms) {
  const std::string cpf = make_cpf("529982247");
  EXPECT_TRUE(accepts(v::br_cpf, cpf));
  EXPECT_TRUE(accepts(v::br_cpf, cpf.substr(0, 3) + "." + cpf.substr(3, 3) + "." + cpf.substr(6, 3) + "-" +
                                     cpf.substr(9)));
  EXPECT_FALSE(accepts(v::br_cpf, with_typo(cpf, 2)));
  EXPECT_FALSE(accepts(v::br_cpf, "11111111111"));  // passes the arithmetic, never issued
}

TEST(BrCnpjValidator, AcceptsNumericAndAlphanumericCnpj) {
  const std::string cnpj = make_cnpj("112223330001");
  EXPECT_TRUE(accepts(v::br_cnpj, cnpj));
  EXPECT_TRUE(accepts(v::br_cnpj, cnpj.substr(0, 2) + "." + cnpj.substr(2, 3) + "." + cnpj.substr(5, 3) + "/" +
                                      cnpj.substr(8, 4) + "-" + cnpj.substr(12)));
  EXPECT_TRUE(accepts(v::br_cnpj, make_cnpj("12ABC34501DE")));  // 2026 alphanumeric form
  EXPECT_FALSE(accepts(v::br_cnpj, with_typo(cnpj, 5)));
  EXPECT_FALSE(accepts(v::br_cnpj, "00000000000000"));
}

TEST(InAadhaarValidator, AcceptsVerhoeffWithIssuableFirstDigit) {
  const std::string aadhaar = with_verhoeff_digit("49731250864");
  EXPECT_TRUE(accepts(v::in_aadhaar, aadhaar));
  EXPECT_TRUE(accepts(v::in_aadhaar, aadhaar.substr(0, 4) + " " + aadhaar.substr(4, 4) + " " + aadhaar.substr(8)));
  EXPECT_TRUE(accepts(v::in_aadhaar, aadhaar.substr(0, 4) + ":" + aadhaar.substr(4, 4) + ":" + aadhaar.substr(8)));
  EXPECT_FALSE(accepts(v::in_aadhaar, aadhaar.substr(0, 4) + ":" + aadhaar.substr(4, 4) + " " + aadhaar.substr(8)));
  EXPECT_FALSE(accepts(v::in_aadhaar, aadhaar.substr(0, 6) + ":" + aadhaar.substr(6)));
  EXPECT_FALSE(accepts(v::in_aadhaar, with_typo(aadhaar, 6)));
  EXPECT_FALSE(accepts(v::in_aadhaar, with_verhoeff_digit("19731250864")));  // starts with 1
}

TEST(InPanValidator, AcceptsShapeWithHolderTypeLetter) {
  EXPECT_TRUE(accepts(v::in_pan, "BKRPS4821L"));  // P: individual
  EXPECT_TRUE(accepts(v::in_pan, "AADCT7391Q"));  // C: company
  EXPECT_FALSE(accepts(v::in_pan, "BKRXS4821L"));  // X is no holder type
  EXPECT_FALSE(accepts(v::in_pan, "BKRPS48211"));
  EXPECT_FALSE(accepts(v::in_pan, "BKRPS4821"));
}

TEST(CaSinValidator, AcceptsLuhnAndRejectsUnassignedFirstDigits) {
  const std::string sin = with_luhn_digit("04645428");
  const std::string personal = with_luhn_digit("13069254");
  EXPECT_TRUE(accepts(v::ca_sin, personal));
  EXPECT_TRUE(accepts(v::ca_sin, personal.substr(0, 3) + "-" + personal.substr(3, 3) + "-" + personal.substr(6)));
  EXPECT_FALSE(accepts(v::ca_sin, with_typo(personal, 4)));
  EXPECT_FALSE(accepts(v::ca_sin, sin));                              // leading 0
  EXPECT_FALSE(accepts(v::ca_sin, with_luhn_digit("84645428")));      // 8: business numbers
}

TEST(AuTfnValidator, AcceptsWeightedMod11) {
  // Weights 1 4 3 7 5 8 6 9 10; the last weight is -1 mod 11, so the check digit is the
  // weighted sum of the first eight mod 11.
  const std::string first_eight = "12345677";
  const int weights[8] = {1, 4, 3, 7, 5, 8, 6, 9};
  int sum = 0;
  for (int i = 0; i < 8; ++i) sum += (first_eight[static_cast<std::size_t>(i)] - '0') * weights[i];
  ASSERT_LT(sum % 11, 10);
  const std::string tfn = first_eight + static_cast<char>('0' + sum % 11);
  EXPECT_TRUE(accepts(v::au_tfn, tfn));
  EXPECT_TRUE(accepts(v::au_tfn, tfn.substr(0, 3) + " " + tfn.substr(3, 3) + " " + tfn.substr(6)));
  EXPECT_FALSE(accepts(v::au_tfn, with_typo(tfn, 2)));
  EXPECT_FALSE(accepts(v::au_tfn, tfn + "0"));
}

TEST(NationalIdValidators, RejectDoubledLeadingAndTrailingSeparators) {
  const std::string cpf = make_cpf("529982247");
  EXPECT_FALSE(accepts(v::br_cpf, "-" + cpf));
  EXPECT_FALSE(accepts(v::br_cpf, cpf + "."));
  EXPECT_FALSE(accepts(v::br_cpf, cpf.substr(0, 3) + ".." + cpf.substr(3)));
  EXPECT_FALSE(accepts(v::nl_bsn, "246_813_593"));
}

// --- phones ---

TEST(PhoneValidator, AcceptsInternationalAndNationalNumbers) {
  EXPECT_TRUE(accepts(v::phone, "+44 20 7946 0958"));
  EXPECT_TRUE(accepts(v::phone, "0044 20 7946 0958"));
  EXPECT_TRUE(accepts(v::phone, "+1 (415) 555-0132"));
  EXPECT_TRUE(accepts(v::phone, "+49 30/901820"));
  EXPECT_TRUE(accepts(v::phone, "+358 9 1234567"));
  EXPECT_TRUE(accepts(v::phone, "(415) 555-0132"));
  EXPECT_TRUE(accepts(v::phone, "06 12 34 56 78"));
}

TEST(PhoneValidator, ReadsFormEncodedPlusAndSpaces) {
  // application/x-www-form-urlencoded: "%2B" is the plus, '+' and "%20" are spaces.
  EXPECT_TRUE(accepts(v::phone, "%2B44+20+7946+0958"));
  EXPECT_TRUE(accepts(v::phone, "%2b44%2020%207946%200958"));
  EXPECT_FALSE(accepts(v::phone, "%2B999+1234+5678"));  // unassigned country code
  EXPECT_FALSE(accepts(v::phone, "%2B44+20+7946+0958+12345"));  // 17 digits
  EXPECT_FALSE(accepts(v::phone, "44+20+7946+0958"));  // '+' is a space only after %2B
}

TEST(PhoneValidator, RejectsFillerWrongLengthAndUnknownCountryCodes) {
  EXPECT_FALSE(accepts(v::phone, "1234567890"));
  EXPECT_FALSE(accepts(v::phone, "9876543210"));
  EXPECT_FALSE(accepts(v::phone, "555 5555"));
  EXPECT_FALSE(accepts(v::phone, "+0 5555 1234"));
  EXPECT_FALSE(accepts(v::phone, "123 456"));                // 6 digits
  EXPECT_FALSE(accepts(v::phone, "+44 20 7946 0958 12345"));  // 17 digits
  EXPECT_FALSE(accepts(v::phone, "+999 1234 5678"));          // 999 is unassigned
  EXPECT_FALSE(accepts(v::phone, "+28 1234 5678"));           // 28x is unassigned
  EXPECT_FALSE(accepts(v::phone, "+44 20 7946 0958 ext 1"));
}

// --- secrets ---

TEST(EntropyValidator, ComparesShannonBitsPerByteWithTheArgument) {
  EXPECT_TRUE(accepts(v::entropy, "q8Zr2LmX0vBn4Tk7", 3.5));   // 16 distinct bytes: 4 bits
  EXPECT_FALSE(accepts(v::entropy, "aaaaaaaabbbbbbbb", 1.5));  // exactly 1 bit
  EXPECT_TRUE(accepts(v::entropy, "aaaaaaaabbbbbbbb", 1.0));
  EXPECT_FALSE(accepts(v::entropy, "q8Zr2LmX0vBn4Tk7"));      // the argument is required
  EXPECT_FALSE(accepts(v::entropy, "", 0.0));
}

// The validator sums count*log2(count) as it reads; a value exactly at the floor must
// still pass whatever the summation order rounds to, and long values (counts past the
// validator's table) must give the same bits as short ones of the same distribution.
TEST(EntropyValidator, ValuesExactlyAtTheFloorPassAndLongValuesMeasureTheSame) {
  const std::string eight_thrice = "abcdefghabcdefghabcdefgh";  // 8 bytes x 3: exactly 3 bits
  EXPECT_TRUE(accepts(v::entropy, eight_thrice, 3.0));
  EXPECT_FALSE(accepts(v::entropy, eight_thrice, 3.01));
  std::string long_value;
  for (int i = 0; i < 200; ++i) long_value += "abcd";  // 800 bytes, 4 bytes x 200: 2 bits
  EXPECT_TRUE(accepts(v::entropy, long_value, 2.0));
  EXPECT_FALSE(accepts(v::entropy, long_value, 2.01));
  std::string skewed(700, 'a');
  skewed += std::string(100, 'b');  // p = 7/8, 1/8: 0.5436 bits
  EXPECT_TRUE(accepts(v::entropy, skewed, 0.543));
  EXPECT_FALSE(accepts(v::entropy, skewed, 0.544));
}

TEST(NotPlaceholderValidator, AcceptsRealLookingSecrets) {
  EXPECT_TRUE(accepts(v::not_placeholder, "q8Zr2LmX0vBn4Tk7"));
  EXPECT_TRUE(accepts(v::not_placeholder, "\"hunter2-Prod-2024\""));
  // A short "xxxx" or "abc" by chance inside a long random token is not a mask.
  EXPECT_TRUE(accepts(v::not_placeholder, "bv3fw8dm7nuwpkqm8aaywyxxxxdg5nfy1ynct7z5"));
  EXPECT_TRUE(accepts(v::not_placeholder, "Qm9abcT2k8Lw0123pZ"));
}

TEST(NotPlaceholderValidator, RejectsTemplatesDummiesAndMaskedValues) {
  const char* placeholders[] = {"${API_TOKEN}",   "$API_TOKEN",      "{{ api_token }}", "<your-api-token>",
                                "Bearer %s",      "aaaaaaaaaa",      "xxxxxxxxxxxxxxx", "sk-****************",
                                "changeme",       "CHANGEME",        "password",        "Secret",
                                "example",        "dummy1234",       "undefined",       "\"null\"",
                                "your_api_key_here", "abc12",   "xoxp-5723-####################",
                                "~~~~~~~~~~~~~~~~", "sk_abcdefghijklmnopqrstuvwxyz123", "ghp_1234567890aZ"};
  for (const char* value : placeholders) {
    EXPECT_FALSE(accepts(v::not_placeholder, value)) << value;
  }
  // Markers in any case, anywhere, in short and in long values (a long one takes another path).
  std::string long_value(700, 'q');
  for (std::size_t i = 0; i < long_value.size(); ++i) long_value[i] = "q8Zr2LmX0vBn4Tk7"[i % 16];
  EXPECT_TRUE(accepts(v::not_placeholder, long_value));
  EXPECT_FALSE(accepts(v::not_placeholder, "q8Zr2LmX0vBn" + std::string("Replace_Me") + "Tk7"));
  EXPECT_FALSE(accepts(v::not_placeholder, long_value.substr(0, 600) + "PlaceHolder" + long_value.substr(0, 50)));
}

// --- registry ---

TEST(ValidatorRegistry, FindsEveryValidatorThisFileCovers) {
  const char* names[] = {"luhn",        "payment_card", "iban",      "imei",       "ipv4",
                         "ipv6",        "email",        "mac_address", "us_ssn",   "us_itin",
                         "uk_nino",     "de_steuer_id", "fr_nir",    "es_dni",     "it_codice_fiscale",
                         "nl_bsn",      "br_cpf",       "br_cnpj",   "in_aadhaar", "in_pan",
                         "ca_sin",      "au_tfn",       "phone",     "entropy",    "not_placeholder"};
  for (const char* name : names) {
    EXPECT_NE(find_validator(name), nullptr) << name;
  }
  ASSERT_NE(find_validator("entropy"), nullptr);
  EXPECT_TRUE(find_validator("entropy")->takes_arg);
}

}  // namespace
}  // namespace piimatch

namespace {
piimatch::Candidate cidr_candidate(const std::string& text) {
  piimatch::Candidate c;
  c.data = text;
  c.start = 0;
  c.end = text.size();
  return c;
}

TEST(NetworkValidators, CidrSuffixesWithinTheAddressFamily) {
  std::string a = "192.168.0.1/24", b = "10.0.0.0/33", c6 = "2001:db8::/32", d6 = "fe80::1/129", e = "10.0.0.1/024";
  auto ca = cidr_candidate(a), cb = cidr_candidate(b), cc = cidr_candidate(c6), cd = cidr_candidate(d6), ce = cidr_candidate(e);
  EXPECT_TRUE(piimatch::validators::ipv4(ca, std::nullopt));
  EXPECT_FALSE(piimatch::validators::ipv4(cb, std::nullopt));
  EXPECT_TRUE(piimatch::validators::ipv6(cc, std::nullopt));
  EXPECT_FALSE(piimatch::validators::ipv6(cd, std::nullopt));
  EXPECT_FALSE(piimatch::validators::ipv4(ce, std::nullopt));
}
}  // namespace
