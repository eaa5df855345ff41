// `min_confidence` (config key) and `--min-confidence` (flag): which rules the proxy
// compiles. At the default, normal, a rule marked `confidence: low` does not run; at low it
// redacts what it finds, on the wire.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "proxy/config.h"
#include "proxy/proxy_harness.h"

using namespace proxytest;

namespace {

// A file under /tmp that is removed with the object.
class TempFile {
 public:
  TempFile(const std::string& name, const std::string& text)
      : path_("/tmp/piiproxy-minconf-" + std::to_string(::getpid()) + "-" + name) {
    std::ofstream(path_) << text;
  }
  ~TempFile() { ::unlink(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

piiproxy::ProxyConfig parse_flags(std::vector<std::string> flags) {
  flags.insert(flags.begin(), "piiproxy");
  std::vector<char*> argv;
  for (auto& f : flags) argv.push_back(f.data());
  piiproxy::ProxyConfig config;
  piiproxy::parse_command_line(static_cast<int>(argv.size()), argv.data(), config);
  return config;
}

TEST(MinConfidenceConfig, DefaultsToNormal) {
  EXPECT_EQ(piiproxy::ProxyConfig{}.min_confidence, piimatch::Confidence::normal);
  EXPECT_EQ(parse_flags({}).min_confidence, piimatch::Confidence::normal);
}

TEST(MinConfidenceConfig, FileKeyAndFlagSetTheLevelAndTheFlagWins) {
  TempFile low("low.yaml", "min_confidence: low\n");
  piiproxy::ProxyConfig config;
  piiproxy::load_config_file(low.path(), config);
  EXPECT_EQ(config.min_confidence, piimatch::Confidence::low);
  EXPECT_EQ(parse_flags({"--min-confidence", "low"}).min_confidence, piimatch::Confidence::low);
  EXPECT_EQ(parse_flags({"--config", low.path(), "--min-confidence", "normal"}).min_confidence,
            piimatch::Confidence::normal);
}

TEST(MinConfidenceConfig, ABadValueNamesTheFileKeyOrFlag) {
  TempFile bad("bad.yaml", "min_confidence: lowest\n");
  piiproxy::ProxyConfig config;
  try {
    piiproxy::load_config_file(bad.path(), config);
    ADD_FAILURE() << "min_confidence: lowest was accepted";
  } catch (const piiproxy::ConfigError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(bad.path()), std::string::npos) << message;
    EXPECT_NE(message.find("'min_confidence'"), std::string::npos) << message;
    EXPECT_NE(message.find("normal, low"), std::string::npos) << message;
  }
  try {
    parse_flags({"--min-confidence", "High"});
    ADD_FAILURE() << "--min-confidence High was accepted";
  } catch (const piiproxy::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("--min-confidence"), std::string::npos) << e.what();
  }
}

// A pack with one normal rule (an SSN after a cue) and its low-confidence bare twin.
const char* const kPack =
    "rules:\n"
    "  - id: ssn-after-cue\n"
    "    category: national_id\n"
    "    expression: '[0-9]{9}'\n"
    "    context: [ssn]\n"
    "    context_window: 8\n"
    "    validator: us_ssn\n"
    "  - id: ssn-bare\n"
    "    category: national_id\n"
    "    confidence: low\n"
    "    expression: '[0-9]{9}'\n"
    "    validator: us_ssn\n";

std::string echo_through(const ProxyProcess& proxy, const std::string& body) {
  Message r = round_trip(proxy.port(), "POST /hr HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                       "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  return r.complete ? r.body : "(no response)";
}

void echo_handler(int fd) {
  serve_requests(fd, [](const Message& req) { return http_response(200, "application/json", req.body); });
}

TEST(MinConfidenceProxy, ABareNumberIsMaskedOnlyAtLow) {
  TempFile pack("pack.yaml", kPack);
  const std::string body = R"({"ssn":"078051121","employee":"078051121"})";
  const std::string cue_only = R"({"ssn":"*********","employee":"078051121"})";
  const std::string both = R"({"ssn":"*********","employee":"*********"})";
  {
    TestUpstream upstream(echo_handler);
    ProxyProcess proxy(upstream.port(), {"--rules", pack.path(), "--cache-dir", ""}, false);
    ASSERT_TRUE(proxy.ready()) << proxy.log();
    EXPECT_EQ(echo_through(proxy, body), cue_only);
    EXPECT_NE(proxy.log().find("0 low-confidence rules loaded, 1 skipped"), std::string::npos) << proxy.log();
  }
  {
    TestUpstream upstream(echo_handler);
    ProxyProcess proxy(upstream.port(), {"--rules", pack.path(), "--cache-dir", "", "--min-confidence", "low"}, false);
    ASSERT_TRUE(proxy.ready()) << proxy.log();
    EXPECT_EQ(echo_through(proxy, body), both);
    EXPECT_NE(proxy.log().find("1 low-confidence rules loaded, 0 skipped"), std::string::npos) << proxy.log();
  }
  {
    TempFile config("config.yaml", "min_confidence: low\n");
    TestUpstream upstream(echo_handler);
    ProxyProcess proxy(upstream.port(), {"--config", config.path(), "--rules", pack.path(), "--cache-dir", ""}, false);
    ASSERT_TRUE(proxy.ready()) << proxy.log();
    EXPECT_EQ(echo_through(proxy, body), both);
  }
}

TEST(MinConfidenceProxy, ABadLevelStopsTheStartWithExitStatus2) {
  const std::string out = run_command(std::string(PIIPROXY_BINARY) + " --min-confidence none 2>&1; echo \"exit=$?\"");
  EXPECT_NE(out.find("--min-confidence"), std::string::npos) << out;
  EXPECT_NE(out.find("exit=2"), std::string::npos) << out;
}

}  // namespace
