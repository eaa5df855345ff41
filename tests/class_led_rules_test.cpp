// Letter- and class-led rules tuned for scan speed (issue 4): what a user sees of them after
// the tuning. The lower-case IBAN rule runs only after a cue, and "account" counts as a cue
// only where it labels a value (a field key, a label with ':' or '=', "account number",
// "bank account"): as a bare word in prose it is too common to scan after every time.
// The street-address candidate starts at the last street word before the suffix (a literal
// Hyperscan can search for); the confirm regex adds the house number and the other words,
// so the finding still covers the whole street line.
// UK postcodes start with a real postcode area, written out as literals for Hyperscan.
// Every identifier here is synthetic; check digits are computed by the test.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <string>
#include <vector>

#include "support/corpus.h"
#include "support/redact.h"

namespace {

using piimatch::Category;

// Only the payment pack: its two IBAN rules are what this file is about.
std::shared_ptr<const piimatch::Engine> payment_engine() {
  static const auto engine = [] {
    piimatch::EngineOptions options;
    options.hmac_key = "test-key-0123456789";
    return piimatch::Engine::compile(piimatch::RuleSet::load(std::string(PIIPROXY_SOURCE_DIR) + "/conf/rules/payment.yaml"),
                                     options);
  }();
  return engine;
}

std::shared_ptr<const piimatch::Engine> address_engine() {
  static const auto engine = [] {
    piimatch::EngineOptions options;
    options.hmac_key = "test-key-0123456789";
    return piimatch::Engine::compile(piimatch::RuleSet::load(std::string(PIIPROXY_SOURCE_DIR) + "/conf/rules/address.yaml"),
                                     options);
  }();
  return engine;
}

std::vector<std::string> addresses_in(const std::string& input) {
  const auto r = piitest::mask_all(*address_engine(), input);
  std::vector<std::string> out;
  for (const auto& f : r.findings) out.push_back(input.substr(f.start, f.end - f.start));
  return out;
}

// The IBAN findings' texts, in order.
std::vector<std::string> ibans_in(const std::string& input) {
  const auto r = piitest::mask_all(*payment_engine(), input);
  std::vector<std::string> out;
  for (const auto& f : r.findings) {
    if (f.category == Category::iban) out.push_back(input.substr(f.start, f.end - f.start));
  }
  return out;
}


std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// "gb.. west ..." in groups of four, as people type an IBAN.
std::string grouped(const std::string& iban) {
  std::string out;
  for (std::size_t i = 0; i < iban.size(); ++i) {
    if (i > 0 && i % 4 == 0) out += ' ';
    out += iban[i];
  }
  return out;
}

const std::string kGbIban = piitest::make_iban("GB", "WEST12345698765432");
const std::string kDeIban = piitest::make_iban("DE", "370400440532013000");

TEST(ClassLedRules, UpperCaseIbansNeedNoCue) {
  EXPECT_EQ(ibans_in("pay " + kGbIban + " today"), std::vector<std::string>{kGbIban});
  EXPECT_EQ(ibans_in("pay " + grouped(kDeIban) + " today"), std::vector<std::string>{grouped(kDeIban)});
  // A country the validator knows beyond the usual European ones (Saint Lucia, 32 chars).
  const std::string lc = piitest::make_iban("LC", "HEMM000100010012001200023015");
  EXPECT_EQ(ibans_in("ref " + lc), std::vector<std::string>{lc});
}

TEST(ClassLedRules, LowerCaseIbanIsFoundAfterAnIbanOrAccountLabel) {
  const std::string iban = lower(kGbIban);
  for (const std::string& before : {std::string("iban: "), std::string("IBAN "), std::string("Konto "),
                                    std::string("{\"account\": \""), std::string("account=") ,
                                    std::string("account_no="), std::string("Account number "),
                                    std::string("your bank account is ")}) {
    EXPECT_EQ(ibans_in(before + iban + " thanks"), std::vector<std::string>{iban}) << before;
  }
  EXPECT_EQ(ibans_in("Account: " + grouped(lower(kDeIban))), std::vector<std::string>{grouped(lower(kDeIban))});
}

TEST(ClassLedRules, LowerCaseIbanShapeWithoutALabelIsLeftAlone) {
  // Lower case, the shape is that of hex ids and UUID segments: without a cue it stays.
  EXPECT_TRUE(ibans_in("trace " + lower(kGbIban) + " done").empty());
  // "account" as a plain word in a sentence is not a label for the value after it.
  EXPECT_TRUE(ibans_in("the account holder wrote " + lower(kGbIban) + " twice").empty());
}

TEST(ClassLedRules, LowerCaseShapeFailingTheCheckDigitsIsNotAnIban) {
  std::string bad = lower(kGbIban);
  bad[2] = bad[2] == '9' ? '8' : static_cast<char>(bad[2] + 1);
  EXPECT_TRUE(ibans_in("iban: " + bad).empty());
}

TEST(ClassLedRules, StreetLineIsFoundWholeFromTheHouseNumber) {
  using V = std::vector<std::string>;
  EXPECT_EQ(addresses_in("Ship to 1600 Pennsylvania Avenue NW today"), V{"1600 Pennsylvania Avenue"});
  EXPECT_EQ(addresses_in("{\"address\":\"221B Baker Street\"}"), V{"221B Baker Street"});
  // Four words before the suffix, the most the rule takes.
  EXPECT_EQ(addresses_in("at 77 Great North West Cross Road."), V{"77 Great North West Cross Road"});
  // Form-encoded spaces, '+' and %20.
  EXPECT_EQ(addresses_in("street=742+Evergreen+Terrace&x=1"), V{"742+Evergreen+Terrace"});
  EXPECT_EQ(addresses_in("street=10%20Downing%20St&x=1"), V{"10%20Downing%20St"});
}

TEST(ClassLedRules, StreetWordsWithoutAHouseNumberAreNoAddress) {
  EXPECT_TRUE(addresses_in("Meet me at Baker Street station").empty());
  EXPECT_TRUE(addresses_in("Room 007 Main Street").empty());  // a leading zero: a code, not a house number
  EXPECT_TRUE(addresses_in("Street").empty());
}

TEST(ClassLedRules, UkPostcodesOfRealAreasAreFound) {
  using V = std::vector<std::string>;
  EXPECT_EQ(addresses_in("London SW1A 1AA, UK"), V{"SW1A 1AA"});
  EXPECT_EQ(addresses_in("to M1 1AA today"), V{"M1 1AA"});  // a one-letter area
  EXPECT_EQ(addresses_in("zip=EC1A1BB&x"), V{"EC1A1BB"});
  EXPECT_EQ(addresses_in("zip=DN55%201PT&x"), V{"DN55%201PT"});
  EXPECT_EQ(addresses_in("St Helier JE2 3AB"), V{"JE2 3AB"});  // Crown dependency
  EXPECT_EQ(addresses_in("Girobank GIR 0AA"), V{"GIR 0AA"});
}

TEST(ClassLedRules, PostcodeShapesWithoutARealAreaOrInsideATokenAreLeftAlone) {
  EXPECT_TRUE(addresses_in("code AA1 1AA here").empty());   // no postcode area AA
  EXPECT_TRUE(addresses_in("code ZZ9 9ZZ here").empty());
  EXPECT_TRUE(addresses_in("ABCM11AADEF").empty());         // inside a longer token
  EXPECT_TRUE(addresses_in("x_SW1A 1AA").empty());
}

}  // namespace
