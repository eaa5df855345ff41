// Planted personal data must never reach the proxy's log, at any log level and on any path
// that logs: findings (debug), rejected requests, upstream failures, refused encodings.
#include <gtest/gtest.h>

#include "proxy/proxy_harness.h"

using namespace proxytest;

namespace {

const std::string kEmail = "carol.planted@example.com";
const std::string kToken = "tok_planted0secret99";

TEST(ProxyLogPrivacy, PlantedValuesNeverReachTheLogEvenAtTraceLevel) {
  TestUpstream upstream([&](int fd) {
    serve_requests(fd, [&](const Message& req) {
      if (req.target().rfind("/gzip", 0) == 0) {
        return http_response(200, "application/json", "{\"m\":\"" + kEmail + "\"}", "Content-Encoding: gzip\r\n");
      }
      return http_response(200, "application/json", "{\"echo\":\"" + req.body + "\",\"m\":\"" + kEmail + "\"}");
    });
  });
  ProxyProcess proxy(upstream.port(), {"--log-level", "trace"});
  ASSERT_TRUE(proxy.ready()) << proxy.log();

  // Findings in the URL, a header, the request body and the response body.
  const std::string body = "{\"t\":\"" + kToken + "\"}";
  Message r = round_trip(proxy.port(), "POST /users/" + kEmail + "?t=" + kToken + " HTTP/1.1\r\nHost: x\r\n"
                                       "Authorization: Bearer " + kToken + "\r\nContent-Type: application/json\r\n"
                                       "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.body.find(kEmail), std::string::npos);
  // A malformed request carrying the values in its target and headers (rejected with 400).
  r = round_trip(proxy.port(), "GET /x?m=" + kEmail + " HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n"
                               "Transfer-Encoding: chunked\r\nX-Note: " + kToken + "\r\n\r\n0\r\n\r\n");
  EXPECT_EQ(r.status(), 400);
  // A compressed response of a scanned type (refused with 502 and a log line).
  r = round_trip(proxy.port(), "GET /gzip/" + kEmail + " HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(r.status(), 502);

  const std::string log = proxy.log();
  EXPECT_NE(log.find("finding"), std::string::npos) << "trace level should log findings (without values):\n" << log;
  EXPECT_EQ(log.find(kEmail), std::string::npos) << log;
  EXPECT_EQ(log.find("carol.planted"), std::string::npos) << log;
  EXPECT_EQ(log.find(kToken), std::string::npos) << log;
  EXPECT_EQ(log.find("planted0secret"), std::string::npos) << log;
}

TEST(ProxyLogPrivacy, UpstreamDownLogLineCarriesNoRequestData) {
  const int dead_port = free_port();
  ProxyProcess proxy(dead_port, {"--log-level", "trace"});
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  Message r = round_trip(proxy.port(), "GET /users/" + kEmail + " HTTP/1.1\r\nHost: x\r\nCookie: s=" + kToken + "\r\n\r\n");
  EXPECT_EQ(r.status(), 502);
  const std::string log = proxy.log();
  EXPECT_EQ(log.find(kEmail), std::string::npos) << log;
  EXPECT_EQ(log.find(kToken), std::string::npos) << log;
}

}  // namespace
