// The unquoted key/value credential rules (generic-secret-unquoted, generic-password-unquoted)
// skip values that read as code: a dotted identifier path (settings.section.key) already,
// and, the false positive this file pins, a C++/Rust/Perl scoped name such as
// `Table::Walk::avx512_vbmi` assigned to a variable whose name holds a key word
// (`token_walk`, `auth_mode`, `db_password`). What is still found: a random value after the
// same keys, also one that holds "::" where what follows is not an identifier.
//
// Values are made up here or built from pseudo-random bytes at run time.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "support/fake_secret.h"
#include "support/redact.h"

namespace {

using piitest::fake_secret;

// The values `rule` reports in `text`.
std::vector<std::string> reported(std::string_view rule, const std::string& text) {
  const auto engine = piitest::bundled_engine();
  const auto collected = piitest::redact(*engine, text, piitest::only_rules(*engine, {rule}));
  std::vector<std::string> out;
  for (const auto& f : collected.findings) out.push_back(text.substr(f.start, f.end - f.start));
  return out;
}

TEST(FpCodeValue, AScopedNameAssignedToAKeyWordVariableIsCode) {
  EXPECT_TRUE(reported("generic-secret-unquoted",
                       "  QuollRunTable::Walk token_walk = QuollRunTable::Walk::avx512_vbmi;\n")
                  .empty());
  EXPECT_TRUE(reported("generic-secret-unquoted", "let auth_kind = crate::quoll::AuthKind::Bearer2;\n").empty());
  EXPECT_TRUE(reported("generic-secret-unquoted", "my $api_key = Quoll::Config::ApiKeyFor8;\n").empty());
  EXPECT_TRUE(reported("generic-password-unquoted", "db_password = Vault9::Secrets::primaryDb;\n").empty());
}

TEST(FpCodeValue, SecretsAfterTheSameKeysAreStillFound) {
  const std::string value = fake_secret(32, 1);
  EXPECT_EQ(reported("generic-secret-unquoted", "token_walk = " + value + ";\n"), std::vector<std::string>{value});
  const std::string password = fake_secret(16, 2);
  EXPECT_EQ(reported("generic-password-unquoted", "db_password = " + password + ";\n"),
            std::vector<std::string>{password});
  // "::" followed by a digit is no scope operator: the value is not an identifier path.
  const std::string colons = fake_secret(12, 3) + "::9" + fake_secret(12, 4);
  EXPECT_EQ(reported("generic-secret-unquoted", "API_TOKEN=" + colons + "\n"), std::vector<std::string>{colons});
}

}  // namespace
