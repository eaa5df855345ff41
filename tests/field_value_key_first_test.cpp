// person_field_value_after reads a field's key once per value and, under a key that only
// weakly names a person ("contact", "customer", "name"), rejects a value starting with a
// lower-case letter before reading its words. These tests pin what users see through that
// shortcut: the same values found and not found, whichever key spelling, for the keys of
// JSON API records ("contact": "support desk") and for the strong keys whose lower-case
// values are names all the same. The names are made up.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/redact.h"

namespace {

// The values person-field-value reports in `input`, as text.
std::vector<std::string> field_values(const std::string& input) {
  static const auto engine = piitest::bundled_engine();
  const auto found = piitest::redact(*engine, input, piitest::only_rules(*engine, {"person-field-value"}));
  std::vector<std::string> values;
  for (const auto& f : found.findings) values.push_back(input.substr(f.start, f.end - f.start));
  return values;
}

using Values = std::vector<std::string>;

TEST(FieldValueKeyFirst, LowerCaseValuesUnderWeakKeysAreNotNames) {
  EXPECT_EQ(field_values(R"({"id":1,"user":"user1","contact":"support desk","status":"active"})"), Values{});
  EXPECT_EQ(field_values(R"({"customer":"walk in","name":"widget","sender":"noreply"})"), Values{});
  EXPECT_EQ(field_values("contact=support+desk&name=ada%20quoll&author=ada"), Values{});
}

TEST(FieldValueKeyFirst, CapitalizedValuesUnderWeakKeysStillAre) {
  EXPECT_EQ(field_values(R"({"contact":"Ada Quoll","status":"active"})"), Values{"Ada Quoll"});
  EXPECT_EQ(field_values("customer=Ada+Quoll&x=1"), Values{"Ada+Quoll"});
  // A lower-case word after a capitalized one still rules the value out, as before.
  EXPECT_EQ(field_values(R"({"contact":"Ada quoll"})"), Values{});
}

TEST(FieldValueKeyFirst, StrongKeysTakeLowerCaseValues) {
  // Every spelling of keys that end in a strong suffix, whatever byte the suffix ends in.
  EXPECT_EQ(field_values(R"({"first_name":"ada"})"), Values{"ada"});
  EXPECT_EQ(field_values(R"({"contact_name":"ada quoll"})"), Values{"ada quoll"});
  EXPECT_EQ(field_values(R"({"cardholder":"ada quoll"})"), Values{"ada quoll"});
  EXPECT_EQ(field_values(R"({"apellidos":"quoll"})"), Values{"quoll"});
  EXPECT_EQ(field_values(R"({"vorname":"ada"})"), Values{"ada"});
  EXPECT_EQ(field_values("pr\xc3\xa9nom=ada&x=1"), Values{"ada"});
  // A placeholder is still no name.
  EXPECT_EQ(field_values(R"({"first_name":"unknown"})"), Values{});
}

TEST(FieldValueKeyFirst, KeysThatNameSomethingElseStayOut) {
  EXPECT_EQ(field_values(R"({"file_name":"Ada Quoll","host_name":"ada"})"), Values{});
}

}  // namespace
