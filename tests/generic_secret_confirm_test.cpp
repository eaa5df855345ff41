// The confirm regexes of the generic key/value credential rules (generic-secret-quoted,
// -unquoted, generic-password-quoted, -unquoted in conf/rules/credentials-generic.yaml) are
// written for speed: a leading lookahead lets PCRE2 give up at once where no key word starts,
// the placeholder scan tests its words only at bytes that can begin one, and runs that must
// end at a byte outside their class are possessive. None of that may change what the rules
// find. These tests pin the behaviour at exactly those places: every key word and case form
// still opens a match, key words inside longer words still do not, placeholders are skipped
// wherever they sit in the value (first byte, middle, last byte, 200 bytes in), and code-like
// unquoted values are still skipped.
//
// Values are pseudo-random bytes made at run time (no realistic secret in the source).
// Known quirk kept as is: "password_policy" is a password key (the exclusion after "password"
// is bypassed by reading "pass" as the key word and "word_policy" as its suffix).
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "matchers/engine.h"
#include "matchers/rule_set.h"
#include "support/fake_secret.h"
#include "support/redact.h"

namespace {

using piitest::fake_secret;

std::shared_ptr<const piimatch::Engine> generic_engine() {
  static const auto engine = [] {
    piimatch::EngineOptions options;
    options.hmac_key = "test-key-0123456789";
    options.cache_dir = PIIPROXY_TEST_CACHE_DIR;
    return piimatch::Engine::compile(
        piimatch::RuleSet::load(std::string(PIIPROXY_SOURCE_DIR) + "/conf/rules/credentials-generic.yaml"), options);
  }();
  return engine;
}

// True when `rule` reports exactly the bytes of `value` (its first occurrence) in `text`.
bool finds(std::string_view rule, const std::string& text, const std::string& value) {
  const std::size_t at = text.find(value);
  EXPECT_NE(at, std::string::npos) << "the fixture must contain its value";
  const auto collected = piitest::redact(*generic_engine(), text);
  for (const auto& f : collected.findings) {
    if (f.rule_id == rule && f.start == at && f.end == at + value.size()) return true;
  }
  return false;
}

// True when `rule` reports nothing at all in `text`.
bool silent(std::string_view rule, const std::string& text) {
  const auto collected = piitest::redact(*generic_engine(), text);
  for (const auto& f : collected.findings) {
    if (f.rule_id == rule) return false;
  }
  return true;
}

const std::vector<std::string> kSecretKeys = {
    "secret",      "client_secret", "clientSecret", "CLIENT_SECRET", "token",    "authToken",   "access_token",
    "sessiontoken", "oauthtoken",   "api_key",      "apiKey",        "API-KEY",  "api.key",     "apikey",
    "accessKey",   "ACCESS_KEY",    "private_key",  "privateKey",    "auth",     "AUTH",        "credentials",
    "Credential",  "creds",         "x_api_key",    "dbCreds"};
const std::vector<std::string> kPasswordKeys = {"password", "db_password", "dbPassword", "DB_PASSWORD", "passwd",
                                                "pwd",      "userPwd",     "passphrase", "Pass",        "PASS"};

TEST(GenericSecretConfirm, EveryKeyWordAndCaseFormOpensAMatch) {
  std::uint32_t seed = 1;
  for (const auto& key : kSecretKeys) {
    const std::string value = fake_secret(40, seed++);
    EXPECT_TRUE(finds("generic-secret-quoted", "{\"" + key + "\": \"" + value + "\"}\n", value)) << key;
    EXPECT_TRUE(finds("generic-secret-quoted", "const " + key + " string = '" + value + "';\n", value)) << key;
    EXPECT_TRUE(finds("generic-secret-unquoted", key + "=" + value + "\n", value)) << key;
  }
  for (const auto& key : kPasswordKeys) {
    const std::string value = fake_secret(24, seed++);
    EXPECT_TRUE(finds("generic-password-quoted", "{\"" + key + "\": \"" + value + "\"}\n", value)) << key;
    EXPECT_TRUE(finds("generic-password-unquoted", key + ": " + value + "\n", value)) << key;
  }
}

TEST(GenericSecretConfirm, KeyWordsInsideOtherWordsAreNotKeys) {
  std::uint32_t seed = 100;
  for (const std::string key : {"mysecret", "mytoken", "secretary", "tokenizer", "author", "authority", "csrf_token",
                                "publicToken", "secret_name", "apikeyid", "withCredentials"}) {
    const std::string value = fake_secret(40, seed++);
    EXPECT_TRUE(silent("generic-secret-quoted", "{\"" + key + "\": \"" + value + "\"}\n")) << key;
    EXPECT_TRUE(silent("generic-secret-unquoted", key + "=" + value + "\n")) << key;
  }
  for (const std::string key : {"passport", "passing", "bypass", "passenger", "passage"}) {
    const std::string value = fake_secret(24, seed++);
    EXPECT_TRUE(silent("generic-password-quoted", "{\"" + key + "\": \"" + value + "\"}\n")) << key;
    EXPECT_TRUE(silent("generic-password-unquoted", key + "=" + value + "\n")) << key;
  }
}

TEST(GenericSecretConfirm, PlaceholdersAreSkippedWhereverTheyStandInTheValue) {
  const std::vector<std::string> placeholders = {"xxxxxx",      "XXXXXX",   "***",      "####",      "...",
                                                 "example",     "Example",  "your_",    "your-",     "put_your",
                                                 "put-your",    "replaceme", "replace_me", "changeme", "change-me",
                                                 "CHANGE_ME",   "placeholder", "redacted", "dummy",   "abcdefghij"};
  std::uint32_t seed = 200;
  for (const auto& word : placeholders) {
    const std::string head = fake_secret(20, seed++);
    const std::string tail = fake_secret(20, seed++);
    // First byte, middle, last byte of the value, and ending 200 bytes in (the longest value).
    const std::vector<std::string> values = {word + head, head + word + tail, head + word,
                                             fake_secret(200 - word.size(), seed++) + word};
    for (const auto& value : values) {
      EXPECT_TRUE(silent("generic-secret-quoted", "{\"api_key\": \"" + value + "\"}\n")) << word << " in " << value.size();
      EXPECT_TRUE(silent("generic-secret-unquoted", "API_KEY=" + value + "\n")) << word << " in " << value.size();
      EXPECT_TRUE(silent("generic-password-quoted", "{\"password\": \"" + value + "\"}\n")) << word;
      EXPECT_TRUE(silent("generic-password-unquoted", "password=" + value + "\n")) << word;
    }
  }
  // The same shapes without a placeholder are found: the skips above come from the words.
  const std::string plain = fake_secret(40, seed++);
  EXPECT_TRUE(finds("generic-secret-quoted", "{\"api_key\": \"" + plain + "\"}\n", plain));
  EXPECT_TRUE(finds("generic-secret-unquoted", "API_KEY=" + plain + "\n", plain));
  EXPECT_TRUE(finds("generic-password-quoted", "{\"password\": \"" + plain + "\"}\n", plain));
  EXPECT_TRUE(finds("generic-password-unquoted", "password=" + plain + "\n", plain));
  // " = " inside a quoted value reads as code, not as a secret.
  const std::string code = fake_secret(12, 250) + " = " + fake_secret(12, 251);
  EXPECT_TRUE(silent("generic-secret-quoted", "{\"api_key\": \"" + code + "\"}\n"));
}

TEST(GenericSecretConfirm, ValuesUpTo200BytesAreFoundAndLongerOnesAreNot) {
  const std::string longest = fake_secret(200, 300);
  EXPECT_TRUE(finds("generic-secret-quoted", "{\"api_key\": \"" + longest + "\"}\n", longest));
  EXPECT_TRUE(finds("generic-secret-unquoted", "API_KEY=" + longest + "\n", longest));
  EXPECT_TRUE(finds("generic-password-quoted", "{\"password\": \"" + longest + "\"}\n", longest));
  const std::string too_long = fake_secret(201, 301);
  EXPECT_TRUE(silent("generic-secret-quoted", "{\"api_key\": \"" + too_long + "\"}\n"));
  EXPECT_TRUE(silent("generic-password-quoted", "{\"password\": \"" + too_long + "\"}\n"));
}

TEST(GenericSecretConfirm, CodeLikeUnquotedValuesAreSkipped) {
  // Random parts keep the entropy validator out of it: the value's shape is what skips it.
  const std::string a = fake_secret(14, 400), b = fake_secret(14, 401), c = fake_secret(14, 402);
  const std::vector<std::string> code = {
      "a" + a + ".b" + b + ".c" + c,  // dotted identifier (settings.section.key)
      "get" + a + "(" + b + ")",      // call
      "items" + a + "[0]",            // subscript
      "A" + a + "_B" + b + "-C" + c,  // CONSTANT_NAME (read caselessly)
      "self." + a,                    // member of the current object
  };
  for (const auto& value : code) {
    EXPECT_TRUE(silent("generic-secret-unquoted", "secret=" + value + "\n")) << value;
    EXPECT_TRUE(silent("generic-password-unquoted", "password=" + value + "\n")) << value;
  }
  // The same bytes with the shape broken by a digit are found.
  const std::string value = "a" + a + ".9" + b + ".c" + c;
  EXPECT_TRUE(finds("generic-secret-unquoted", "secret=" + value + "\n", value));
  EXPECT_TRUE(finds("generic-password-unquoted", "password=" + value + "\n", value));
}

}  // namespace
