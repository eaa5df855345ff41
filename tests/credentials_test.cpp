// The credential packs (conf/rules/credentials-*.yaml): provider tokens are masked whole,
// secrets under a key are masked while the key name stays readable, and placeholders,
// templates and look-alike words are left alone.
//
// Every fake token here is assembled at run time from a prefix and pseudo-random bytes of the
// provider's alphabet, so no realistic secret appears in the source (push-protection scanners
// would flag one) and each value has the entropy a real one would.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "matchers/engine.h"
#include "matchers/rule_set.h"
#include "support/redact.h"

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::string_view kLowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::string_view kUpperBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::string_view kHex = "0123456789abcdef";
constexpr std::string_view kBase64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kUrlSafe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// `length` pseudo-random characters of `alphabet`; the same seed gives the same string.
std::string fake(std::string_view alphabet, std::size_t length, std::uint32_t seed) {
  std::string out;
  std::uint64_t state = 0x9E3779B97F4A7C15ull ^ seed;
  for (std::size_t i = 0; i < length; ++i) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    out.push_back(alphabet[(state >> 33) % alphabet.size()]);
  }
  return out;
}

// Only the credential packs, so these tests speak for them alone (other packs have their own
// tests); compiled once per process and cached on disk for the other test processes.
std::shared_ptr<const piimatch::Engine> credentials_engine() {
  static const auto engine = [] {
    piimatch::RuleSet rules;
    std::vector<fs::path> packs;
    for (const auto& entry : fs::directory_iterator(fs::path(PIIPROXY_SOURCE_DIR) / "conf" / "rules")) {
      if (entry.path().filename().string().rfind("credentials", 0) == 0) packs.push_back(entry.path());
    }
    std::sort(packs.begin(), packs.end());
    for (const auto& pack : packs) rules.append(piimatch::RuleSet::load(pack));
    piimatch::EngineOptions options;
    options.hmac_key = "test-key-0123456789";
    options.cache_dir = PIIPROXY_TEST_CACHE_DIR;
    return piimatch::Engine::compile(rules, options);
  }();
  return engine;
}

std::string masked(const std::string& input) { return piitest::mask_all(*credentials_engine(), input).output; }

bool all_masked(std::string_view bytes) {
  return !bytes.empty() && bytes.find_first_not_of('*') == std::string_view::npos;
}

// A text, the secret inside it (every byte must be masked) and the parts a reader must still
// see (key names, scheme words, user and host).
struct Case {
  std::string name;
  std::string text;
  std::string secret;
  std::vector<std::string> visible = {};
};

void expect_redacted(const Case& c) {
  const std::size_t at = c.text.find(c.secret);
  ASSERT_NE(at, std::string::npos) << c.name << ": the fixture must contain its secret";
  const std::string out = masked(c.text);
  ASSERT_EQ(out.size(), c.text.size()) << c.name;
  EXPECT_TRUE(all_masked(std::string_view(out).substr(at, c.secret.size())))
      << c.name << ": secret not fully masked in: " << out;
  for (const auto& keep : c.visible) {
    EXPECT_NE(out.find(keep), std::string::npos) << c.name << ": '" << keep << "' should stay visible in: " << out;
  }
}

void expect_untouched(const std::string& name, const std::string& text) {
  EXPECT_EQ(masked(text), text) << name << ": nothing here is a credential";
}

// --- provider tokens with a prefix of their own --------------------------------------------

std::vector<Case> provider_cases() {
  std::vector<Case> cases;
  auto add = [&](std::string name, std::string token, std::string context = "value: ") {
    cases.push_back({name, context + token + "\n", token});
  };
  add("aws access key id", "AKIA" + fake(kUpperBase32, 16, 101));
  add("gcp api key", "AIza" + fake(kUrlSafe, 35, 102));
  add("alibaba access key id", "LTAI" + fake(kAlnum, 20, 103));
  add("digitalocean pat", "dop_v1_" + fake(kHex, 64, 104));
  add("cloudflare origin ca key", "v1.0-" + fake(kHex, 24, 105) + "-" + fake(kHex, 146, 106));
  add("heroku api key v2", "HRKU-AA" + fake(kUrlSafe, 58, 107));
  add("vault service token", "hvs." + fake(kUrlSafe, 95, 108));
  add("terraform cloud token", fake(kAlnum, 14, 109) + ".atlasv1." + fake(kUrlSafe, 64, 110));
  add("pulumi token", "pul-" + fake(kHex, 40, 111));
  add("doppler token", "dp.pt." + fake(kAlnum, 43, 112));
  add("databricks token", "dapi" + fake(kHex, 32, 113));
  add("age secret key", "AGE-SECRET-KEY-1" + fake("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58, 114));
  add("github pat", "ghp_" + fake(kAlnum, 36, 115));
  add("github oauth token", "gho_" + fake(kAlnum, 36, 116));
  add("github fine-grained pat", "github_pat_" + fake(kAlnum, 82, 117));
  add("gitlab pat", "glpat-" + fake(kAlnum, 20, 118));
  add("gitlab runner token", "glrt-" + fake(kAlnum, 20, 119));
  add("npm token", "npm_" + fake(kAlnum, 36, 120));
  add("pypi upload token", "pypi-AgEIcHlwaS5vcmc" + fake(kUrlSafe, 120, 121));
  add("rubygems key", "rubygems_" + fake(kHex, 48, 122));
  add("clojars token", "CLOJARS_" + fake(kAlnum, 60, 123));
  add("nuget api key", "oy2" + fake(kLowerAlnum, 43, 124));
  add("artifactory api key", "AKCp" + fake(kAlnum, 69, 125));
  add("slack bot token", "xoxb-" + fake("0123456789", 12, 126) + "-" + fake("0123456789", 12, 127) + "-" +
                             fake(kAlnum, 24, 128));
  add("stripe secret key", "sk_" + std::string("live_") + fake(kAlnum, 24, 129));
  add("square access token", "sq0atp-" + fake(kUrlSafe, 22, 130));
  add("shopify access token", "shpat_" + fake(kHex, 32, 131));
  add("sendgrid key", "SG." + fake(kUrlSafe, 22, 132) + "." + fake(kUrlSafe, 43, 133));
  add("mailchimp key", fake(kHex, 32, 134) + "-us12");
  add("twilio api key", "SK" + fake(kHex, 32, 135));
  add("new relic user key", "NRAK-" + fake(kAlnum, 27, 136));
  add("sentry user token", "sntryu_" + fake(kHex, 64, 137));
  add("grafana service account token", "glsa_" + fake(kAlnum, 32, 138) + "_" + fake(kHex, 8, 139));
  add("dynatrace token", "dt0c01." + fake(kAlnum, 24, 140) + "." + fake(kAlnum, 64, 141));
  add("openai key", "sk-" + fake(kAlnum, 20, 142) + "T3BlbkFJ" + fake(kAlnum, 20, 143));
  add("anthropic key", "sk-ant-api03-" + fake(kUrlSafe, 93, 144) + "AA");
  add("hugging face token", "hf_" + fake("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 34, 145));
  add("perplexity key", "pplx-" + fake(kAlnum, 48, 146));
  add("linear key", "lin_api_" + fake(kAlnum, 40, 147));
  add("postman key", "PMAK-" + fake(kHex, 24, 148) + "-" + fake(kHex, 34, 149));
  add("1password secret key", "A3-" + fake("ABCDEFGHJKLMNPQRSTVWXYZ23456789", 6, 150) + "-" +
                                  fake("ABCDEFGHJKLMNPQRSTVWXYZ23456789", 11, 151) + "-" +
                                  fake("ABCDEFGHJKLMNPQRSTVWXYZ23456789", 5, 152) + "-" +
                                  fake("ABCDEFGHJKLMNPQRSTVWXYZ23456789", 5, 153) + "-" +
                                  fake("ABCDEFGHJKLMNPQRSTVWXYZ23456789", 5, 154));
  add("slack webhook", "https://hooks.slack.com/services/T" + fake(kAlnum, 8, 155) + "/B" + fake(kAlnum, 8, 156) +
                           "/" + fake(kAlnum, 24, 157));
  return cases;
}

TEST(CredentialProviders, EveryFamilyIsMaskedWhole) {
  const auto cases = provider_cases();
  ASSERT_GE(cases.size(), 30u);
  for (const auto& c : cases) expect_redacted(c);
}

TEST(CredentialProviders, AzureStorageKeepsTheFieldName) {
  const std::string key = fake(kBase64, 86, 501) + "==";
  expect_redacted({"azure connection string", "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=" + key + ";EndpointSuffix=core.windows.net",
                   key, {"AccountKey=", "AccountName=acme", "EndpointSuffix"}});
}

// Provider secrets without a prefix are only recognised under the provider's name.
TEST(CredentialProviders, KeyedSecretsNeedTheProviderName) {
  const std::string datadog = fake(kLowerAlnum, 40, 601);
  expect_redacted({"datadog env", "DATADOG_API_TOKEN=" + datadog + "\n", datadog, {"DATADOG_API_TOKEN="}});
  const std::string discord = fake(kHex, 64, 602);
  expect_redacted({"discord json", "{\"discord_bot_secret\": \"" + discord + "\"}", discord, {"\"discord_bot_secret\""}});
  const std::string heroku = fake(kHex, 8, 603) + "-" + fake(kHex, 4, 604) + "-" + fake(kHex, 4, 605) + "-" +
                             fake(kHex, 4, 606) + "-" + fake(kHex, 12, 607);
  expect_redacted({"heroku yaml", "heroku_api_key: " + heroku + "\n", heroku, {"heroku_api_key:"}});
  const std::string telegram = fake("0123456789", 10, 608) + ":A" + fake(kUrlSafe, 34, 609);
  expect_redacted({"telegram go", "telegramBotToken := \"" + telegram + "\"", telegram, {"telegramBotToken"}});
  const std::string aws_secret = fake(kBase64, 40, 610);
  expect_redacted({"aws secret ini", "aws_secret_access_key = " + aws_secret + "\n", aws_secret, {"aws_secret_access_key"}});
  // The same random value next to an unrelated word is not claimed by a provider rule.
  expect_untouched("hex without a provider key", "checksum: " + fake(kHex, 64, 611) + "\n");
}

// The rules whose Hyperscan expressions were reshaped for speed (literal prefixes spelled
// out, key words at the top level, softlayer/cloudant gated by cue words) still find every
// form they found before, and keyed ones still leave the key readable.
std::vector<Case> reshaped_rule_cases() {
  const std::string uuid = fake(kHex, 8, 801) + "-" + fake(kHex, 4, 802) + "-" + fake(kHex, 4, 803) + "-" +
                           fake(kHex, 4, 804) + "-" + fake(kHex, 12, 805);
  std::vector<Case> cases;
  auto keyed = [&](std::string name, std::string key, std::string secret, std::string after = "\n") {
    cases.push_back({name, key + secret + after, secret, {key}});
  };
  auto bare = [&](std::string name, std::string secret) { cases.push_back({name, "value: " + secret + "\n", secret}); };
  bare("aws session key id", "ASIA" + fake(kUpperBase32, 16, 806));
  bare("aws A3T key id", "A3TX" + fake(kUpperBase32, 16, 807));
  bare("azure ad client secret", fake(kAlnum, 3, 808) + "8Q~" + fake(kAlnum, 34, 809));
  bare("fly.io macaroon", "fm2_" + fake(kBase64, 120, 810));
  bare("twilio key, upper-case hex", "SK" + fake("0123456789ABCDEF", 32, 811));
  bare("github app token", "ghs_" + fake(kAlnum, 36, 812));
  bare("sonarqube token", "sqa_" + fake(kHex, 40, 813));
  bare("sourcegraph token", "sgp_" + fake(kHex, 40, 814));
  bare("sourcegraph token with instance id", "sgp_" + fake(kHex, 16, 815) + "_" + fake(kHex, 40, 816));
  bare("sourcegraph local token", "sgp_local_" + fake(kHex, 40, 817));
  bare("artifactory short password", "AP6" + fake(kAlnum, 10, 818));
  keyed("softlayer env", "SOFTLAYER_API_KEY=", fake(kLowerAlnum, 64, 819));
  keyed("softlayer short key", "sl_pass: ", fake(kLowerAlnum, 64, 820));
  keyed("softlayer api url", "https://api.softlayer.com/rest/v3.1/", fake(kLowerAlnum, 64, 821), "/SoftLayer_Account");
  keyed("cloudant password", "cloudant_password=\"", fake(kHex, 64, 822), "\"");
  keyed("cloudant short api key", "CL_APIKEY: ", fake("abcdefghijklmnopqrstuvwxyz", 24, 823));
  keyed("messagebird", "MESSAGEBIRD_API_KEY=", fake(kLowerAlnum, 25, 824));
  keyed("datadog", "DD_API_KEY=", fake(kHex, 32, 825));
  keyed("new relic license key", "NEW_RELIC_LICENSE_KEY=", fake(kHex, 36, 826) + "NRAL");
  keyed("sumo logic access id", "SUMO_ACCESS_ID=", "su" + fake(kAlnum, 12, 827));
  keyed("meraki", "MERAKI_API_KEY=", fake(kHex, 40, 828));
  keyed("private ai", "PRIVATE_AI_KEY=", fake(kLowerAlnum, 32, 829));
  keyed("etsy", "etsy_token: ", fake(kLowerAlnum, 24, 830));
  keyed("linkedin", "linkedin_client_secret: ", fake(kLowerAlnum, 16, 831));
  keyed("okta", "OKTA_TOKEN=", "00" + fake(kAlnum, 40, 832));
  keyed("jira", "JIRA_API_TOKEN=", fake(kLowerAlnum, 20, 833) + fake(kHex, 4, 834));
  keyed("snyk", "SNYK_TOKEN=", uuid);
  keyed("sonar", "SONAR_TOKEN=", fake(kLowerAlnum, 40, 835));
  keyed("secret, quoted", "client_secret = \"", fake(kAlnum, 24, 836), "\"");
  keyed("api key, unquoted", "API_KEY=", fake(kAlnum, 24, 837));
  keyed("access key, xml", "<accessKey>", fake(kAlnum, 24, 838), "</accessKey>");
  keyed("session cookie", "Cookie: myapp_session=", fake(kUrlSafe, 32, 839));
  cases.push_back({"secret compared with a password variable", "if (\"" + fake(kAlnum, 14, 840) + "\" == user.password) {",
                   "", {"== user.password"}});
  cases.back().secret = cases.back().text.substr(5, 14);
  return cases;
}

TEST(CredentialProviders, ReshapedRulesFindEveryFormTheyFoundBefore) {
  for (const auto& c : reshaped_rule_cases()) expect_redacted(c);
  // The key names stay required: the same values without them are left alone.
  expect_untouched("40 hex digits without a New Relic key", "sha1: " + fake(kHex, 40, 841) + "\n");
  expect_untouched("64 characters without a SoftLayer key", "slot: " + fake(kLowerAlnum, 64, 842) + "\n");
  expect_untouched("24 letters without a Cloudant key", "class: " + fake("abcdefghijklmnopqrstuvwxyz", 24, 843) + "\n");
}

// softlayer-api-key and cloudant-credential run only after a cue word: however the stream is
// cut between the cue and the value, they still find the value.
TEST(CredentialProviders, CueGatedKeysDoNotDependOnChunking) {
  std::string corpus;
  for (const auto& c : reshaped_rule_cases()) corpus += c.text + "\n";
  const auto engine = credentials_engine();
  piimatch::RedactorOptions mask;
  mask.action_override = piimatch::Action{piimatch::ActionKind::mask};
  const auto reference = piitest::redact(*engine, corpus, mask);
  const auto one_byte = piitest::redact_chunked(*engine, corpus, [] { return std::size_t{1}; }, mask);
  EXPECT_TRUE(one_byte.output == reference.output);
  ASSERT_EQ(one_byte.findings.size(), reference.findings.size());
  std::size_t gated = 0;
  for (std::size_t i = 0; i < reference.findings.size(); ++i) {
    EXPECT_EQ(one_byte.findings[i].start, reference.findings[i].start) << i;
    const auto& id = engine->rules()[reference.findings[i].rule_index].rule.id;
    gated += id == "softlayer-api-key" || id == "cloudant-credential";
  }
  EXPECT_EQ(gated, 4u) << "two SoftLayer and two Cloudant keys";
}

// --- generic key/value forms -----------------------------------------------------------------

TEST(GenericCredentials, PasswordInEveryCommonSyntaxKeepsTheKey) {
  const std::string pw = fake(kAlnum, 14, 701) + "#!";
  const std::vector<Case> cases = {
      {"json", "{\"user\": \"bob\", \"password\": \"" + pw + "\"}", pw, {"\"password\"", "\"bob\""}},
      {"yaml", "db:\n  password: " + pw + "\n  host: db1\n", pw, {"password:", "host: db1"}},
      {"yaml quoted", "db:\n  password: '" + pw + "'\n", pw, {"password:"}},
      {"env", "DB_PASSWORD=" + pw + "\nDB_HOST=db1\n", pw, {"DB_PASSWORD=", "DB_HOST=db1"}},
      {"query string", "GET /login?user=bob&password=" + pw + "&next=/home HTTP/1.1", pw, {"password=", "&next=/home"}},
      {"form post", "username=bob&passwd=" + pw + "&remember=1", pw, {"passwd=", "&remember=1"}},
      {"xml element", "<config><password>" + pw + "</password></config>", pw, {"<password>", "</password>"}},
      {"xml attribute", "<user name=\"bob\" password=\"" + pw + "\"/>", pw, {"password=\""}},
      {"code", "String dbPassword = \"" + pw + "\";", pw, {"dbPassword"}},
      {"properties", "spring.datasource.password=" + pw + "\n", pw, {"spring.datasource.password="}},
      {"comparison", "if (\"" + pw + "\" == admin_password) {", pw, {"admin_password"}},
  };
  for (const auto& c : cases) expect_redacted(c);
}

TEST(GenericCredentials, SecretTokenAndApiKeyAssignments) {
  const std::string v = fake(kAlnum, 32, 702);
  const std::vector<Case> cases = {
      {"api_key json", "{\"api_key\": \"" + v + "\"}", v, {"\"api_key\""}},
      {"apikey yaml", "apiKey: " + v + "\n", v, {"apiKey:"}},
      {"client secret env", "OAUTH_CLIENT_SECRET=" + v + "\n", v, {"OAUTH_CLIENT_SECRET="}},
      {"access key", "access-key: \"" + v + "\"", v, {"access-key:"}},
      {"private key field", "private_key = '" + v + "'", v, {"private_key"}},
      {"auth token", "authToken=" + v + "&x=1", v, {"authToken=", "&x=1"}},
      {"credentials", "\"credentials\": \"" + v + "\"", v, {"\"credentials\""}},
      {"header-like", "X-Api-Key: " + v + "\r\n", v, {"X-Api-Key:"}},
      {"xml token", "<accessToken>\n  " + v + "\n</accessToken>", v, {"<accessToken>"}},
  };
  for (const auto& c : cases) expect_redacted(c);
}

TEST(GenericCredentials, AuthorizationHeaderKeepsTheSchemeWord) {
  const std::string bearer = fake(kUrlSafe, 40, 703);
  expect_redacted({"bearer", "GET / HTTP/1.1\r\nAuthorization: Bearer " + bearer + "\r\nAccept: */*\r\n", bearer,
                   {"Authorization: Bearer ", "Accept: */*"}});
  const std::string basic = fake(kBase64, 27, 704) + "=";
  expect_redacted({"basic", "Authorization: Basic " + basic + "\r\n", basic, {"Authorization: Basic "}});
  const std::string token = fake(kHex, 40, 705);
  expect_redacted({"token scheme", "authorization: token " + token + "\n", token, {"authorization: token "}});
  expect_redacted({"bare bearer", "curl -H 'Bearer " + bearer + "' https://api", bearer, {"Bearer "}});
}

TEST(GenericCredentials, UrlPasswordOnlyThePasswordIsMasked) {
  const std::string pw = fake(kAlnum, 16, 706);
  expect_redacted({"postgres", "DATABASE_URL=postgres://app_user:" + pw + "@db.internal:5432/app", pw,
                   {"postgres://app_user:", "@db.internal:5432/app"}});
  expect_redacted({"amqp", "amqp://guest:" + pw + "@rabbit/", pw, {"amqp://guest:", "@rabbit/"}});
  expect_untouched("url without password", "see https://example.org:8443/path?q=1 and mailto:bob@example.org");
}

TEST(GenericCredentials, SessionCookiesKeepTheirNames) {
  const std::string id = fake("0123456789ABCDEF", 32, 720);
  expect_redacted({"cookie header", "Cookie: theme=dark; JSESSIONID=" + id + "; lang=en\r\n", id,
                   {"Cookie: theme=dark; JSESSIONID=", "; lang=en"}});
  const std::string rails = fake(kBase64, 40, 721) + "--" + fake(kHex, 8, 722);
  expect_redacted({"set-cookie", "Set-Cookie: _shop_session=" + rails + "; path=/; HttpOnly\r\n", rails,
                   {"_shop_session=", "; path=/; HttpOnly"}});
  expect_untouched("short session number", "sessionid=1234\n");
}

TEST(GenericCredentials, CurlUserCredential) {
  const std::string pw = fake(kAlnum, 14, 707);
  expect_redacted({"curl -u", "curl -u deploy:" + pw + " https://ci.internal/api", "deploy:" + pw, {"curl -u "}});
  expect_untouched("curl -u with a variable", "curl -u \"$USER:$PASS\" https://ci.internal/api");
}

TEST(GenericCredentials, JsonWebToken) {
  const std::string jwt = "eyJ" + fake(kUrlSafe, 30, 708) + ".eyJ" + fake(kUrlSafe, 60, 709) + "." + fake(kUrlSafe, 43, 710);
  expect_redacted({"jwt in json", "{\"id_token\":\"" + jwt + "\",\"expires_in\":3600}", jwt, {"\"id_token\"", "\"expires_in\":3600"}});
  expect_redacted({"jwt in url", "https://app.example/cb?state=1&jwt=" + jwt, jwt, {"state=1"}});
}

// A PEM block is masked header to footer; the widest (a 4096-bit RSA key) still fits the
// rule's max_width, so the hold-back window sees it whole.
TEST(GenericCredentials, PrivateKeyBlocksUpTo4096BitRsa) {
  auto pem = [](const std::string& label, std::size_t body_bytes, std::uint32_t seed) {
    std::string body = fake(kBase64, body_bytes, seed);
    std::string out = "-----BEGIN " + label + "-----\n";
    for (std::size_t i = 0; i < body.size(); i += 64) out += body.substr(i, 64) + "\n";
    return out + "-----END " + label + "-----";
  };
  for (const std::string label : {"RSA PRIVATE KEY", "EC PRIVATE KEY", "PRIVATE KEY", "ENCRYPTED PRIVATE KEY",
                                   "OPENSSH PRIVATE KEY", "DSA PRIVATE KEY", "PGP PRIVATE KEY BLOCK"}) {
    const std::string key = pem(label, 300, 711);
    expect_redacted({label, "config:\n" + key + "\nnext: 1\n", key, {"config:", "next: 1"}});
  }
  const std::string rsa4096 = pem("RSA PRIVATE KEY", 3168, 712);  // PKCS#1 DER of ~2350 bytes
  ASSERT_GT(rsa4096.size(), 3200u);
  expect_redacted({"rsa 4096", "key: |\n" + rsa4096 + "\n", rsa4096});
  // Cut into small writes the block is still found whole.
  const std::string text = "x\n" + rsa4096 + "\ny\n";
  const auto chunked = piitest::redact_chunked(*credentials_engine(), text, [] { return std::size_t{97}; },
                                               [] { piimatch::RedactorOptions o; o.action_override = piimatch::Action{piimatch::ActionKind::mask}; return o; }());
  EXPECT_TRUE(all_masked(std::string_view(chunked.output).substr(2, rsa4096.size())));
}

TEST(GenericCredentials, PublicMaterialIsNotAPrivateKey) {
  const std::string body = fake(kBase64, 300, 713);
  expect_untouched("certificate", "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n");
  expect_untouched("public key", "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n");
}

// --- what must stay untouched ----------------------------------------------------------------

TEST(GenericCredentials, PlaceholdersTemplatesAndDummiesStayVisible) {
  expect_untouched("env reference", "password: ${DB_PASSWORD}\n");
  expect_untouched("shell variable", "PASSWORD=$DB_PASSWORD\n");
  expect_untouched("handlebars", "api_key: \"{{ .Values.apiKey }}\"\n");
  expect_untouched("your-key-here", "api_key = \"your_api_key_here\"\n");
  expect_untouched("masked already", "token: \"****************\"\n");
  expect_untouched("x placeholder", "secret = \"xxxxxxxxxxxxxxxxxxxxxxxx\"\n");
  expect_untouched("changeme", "password: changeme\n");
  expect_untouched("aws documentation key", "aws_access_key_id: AKIA" + std::string("IOSFODNN7") + "EXAMPLE\n");
  expect_untouched("github placeholder", "token: ghp_" + std::string(36, 'x') + "\n");
  expect_untouched("encrypted sops value", "password: ENC[AES256_GCM,data:abc,iv:def,tag:ghi,type:str]\n");
}

TEST(GenericCredentials, LookAlikeWordsAreNotKeys) {
  const std::string v = fake(kAlnum, 20, 714);
  expect_untouched("bypass", "bypass_cache = '" + v + "'");
  expect_untouched("compass", "compass_heading: " + v + "\n");
  expect_untouched("author", "author = \"" + v + "\"");
  expect_untouched("passenger", "passenger_id=" + v + "\n");
  expect_untouched("csrf token", "csrf_token=" + v + "\n");
  expect_untouched("token url", "token_url: \"https://auth.example.org/oauth/token\"\n");
  expect_untouched("secret name", "secret_name = \"prod-db-credentials\"");
  expect_untouched("prose", "Enter your password and the secret token you received by mail.");
  expect_untouched("identifier value", "password: settings.database_password\n");
}

// Source code assigns secrets from expressions; the expression is not the secret.
TEST(GenericCredentials, CodeExpressionsAreNotValues) {
  expect_untouched("call", "        token = self.get_token()\n");
  expect_untouched("method chain", "    private_key = ed25519.Ed25519PrivateKey.from_private_bytes(secret)\n");
  expect_untouched("subscript", "    secret = keypair[:32]\n");
  expect_untouched("type annotation", "    def __init__(self, password: bytes):\n");
  expect_untouched("default none", "def connect(host, password=None):\n");
  expect_untouched("python list of words", "KEYWORDS = ['noperspective', 'pass', 'pixelfragment', 'precise']\n");
  expect_untouched("prose with quotes", "  * Pass '--admindir' option over to dpkg-query.\n");
  // ... while a literal in the same code is one.
  const std::string v = fake(kAlnum, 24, 715);
  expect_redacted({"literal in code", "        token = \"" + v + "\"\n", v, {"token = "}});
}

// With every bundled pack loaded, a credential is still masked whole: no rule of another
// category claims part of it first.
TEST(GenericCredentials, BundledPacksStillMaskCredentialsWhole) {
  const std::string pat = "ghp_" + fake(kAlnum, 36, 715);
  const std::string pw = fake(kAlnum, 16, 716);
  const std::string text = "{\"user\":\"bob@example.org\",\"token\":\"" + pat + "\",\"db\":\"mysql://bob:" + pw + "@10.0.0.5/app\"}";
  const std::string out = piitest::mask_all(*piitest::bundled_engine(), text).output;
  EXPECT_TRUE(all_masked(std::string_view(out).substr(text.find(pat), pat.size()))) << out;
  EXPECT_TRUE(all_masked(std::string_view(out).substr(text.find(pw), pw.size()))) << out;
  EXPECT_NE(out.find("\"token\":\""), std::string::npos) << out;
}

// Credential findings do not depend on how the stream is cut: the PCRE2 confirms (key
// filters, placeholder lookaheads) see the same bytes whatever the write sizes.
TEST(CredentialPacks, FindingsDoNotDependOnChunking) {
  std::string corpus;
  for (const auto& c : provider_cases()) corpus += c.text;
  const std::string pw = fake(kAlnum, 14, 730);
  corpus += "{\"password\": \"" + pw + "\", \"api_key\": \"" + fake(kAlnum, 32, 731) + "\"}\n";
  corpus += "GET /x?user=bob&password=" + pw + "&y=1 HTTP/1.1\r\nAuthorization: Bearer " + fake(kUrlSafe, 40, 732) + "\r\n";
  corpus += "Cookie: JSESSIONID=" + fake("0123456789ABCDEF", 32, 733) + "\r\n";
  corpus += "url=postgres://u:" + pw + "@h/db token = self.get_token() password: ${DB_PASSWORD}\n";
  corpus += "-----BEGIN EC PRIVATE KEY-----\n" + fake(kBase64, 160, 734) + "\n-----END EC PRIVATE KEY-----\n";
  const auto engine = credentials_engine();
  piimatch::RedactorOptions mask;
  mask.action_override = piimatch::Action{piimatch::ActionKind::mask};
  const auto reference = piitest::redact(*engine, corpus, mask);
  ASSERT_GE(reference.findings.size(), provider_cases().size() + 6);
  std::mt19937 rng(11);
  std::uniform_int_distribution<std::size_t> size(1, 64);
  for (const auto& chunked : {piitest::redact_chunked(*engine, corpus, [] { return std::size_t{1}; }, mask),
                              piitest::redact_chunked(*engine, corpus, [&] { return size(rng); }, mask)}) {
    EXPECT_TRUE(chunked.output == reference.output);
    ASSERT_EQ(chunked.findings.size(), reference.findings.size());
    for (std::size_t i = 0; i < reference.findings.size(); ++i) {
      EXPECT_EQ(chunked.findings[i].rule_index, reference.findings[i].rule_index) << i;
      EXPECT_EQ(chunked.findings[i].start, reference.findings[i].start) << i;
      EXPECT_EQ(chunked.findings[i].end, reference.findings[i].end) << i;
    }
  }
}

TEST(CredentialPacks, EveryRuleIsACredentialWithAnAttributedFormat) {
  const auto engine = credentials_engine();
  ASSERT_GE(engine->rules().size(), 220u) << "the catalog should be at least as broad as gitleaks' defaults";
  for (const auto& compiled : engine->rules()) {
    EXPECT_EQ(compiled.rule.category, piimatch::Category::credential) << compiled.rule.id;
  }
  // The widest credential rule (a PEM block) sets the hold-back window: keep it bounded.
  EXPECT_LE(engine->holdback(), 4096u);
}

}  // namespace
