// Form posts (application/x-www-form-urlencoded) through the proxy: a card number written
// "4111+1111+1111+1111" or an IBAN with '+' for its spaces reaches the upstream masked, the
// body keeps its length, and only form bodies are decoded. Synthetic values only.
#include <gtest/gtest.h>

#include "proxy/proxy_harness.h"

using namespace proxytest;

namespace {

const std::string kCard = "4111+1111+1111+1111";            // a test card number, grouped with '+'
const std::string kIban = "DE89+3704+0044+0532+0130+00";    // the well-known example IBAN
const std::string kCardDigits = "4111111111111111";

// The payment pack alone: cards and IBANs, compiled in well under a second.
std::vector<std::string> payment_rules() {
  return {"--rules", source_path("conf/rules/payment.yaml"), "--log-level", "debug"};
}

std::string stars(const std::string& s) { return std::string(s.size(), '*'); }

TEST(ProxyFormBody, EncodedCardAndIbanReachTheUpstreamMaskedWithTheSameLength) {
  RecordingUpstream upstream;
  ProxyProcess proxy(upstream.port(), payment_rules(), false);
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  const std::string body = "name=Jane+Roe&card=" + kCard + "&iban=" + kIban + "&note=100%25+sure";
  Message r = round_trip(proxy.port(), "POST /pay HTTP/1.1\r\nHost: x\r\n"
                                       "Content-Type: application/x-www-form-urlencoded\r\n"
                                       "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.status(), 200);
  const Message seen = upstream.last();
  EXPECT_EQ(seen.body, "name=Jane+Roe&card=" + stars(kCard) + "&iban=" + stars(kIban) + "&note=100%25+sure");
  // Masking covers the encoded bytes one for one: Content-Length stays valid.
  EXPECT_EQ(seen.header("content-length").value_or(""), std::to_string(body.size()));
  EXPECT_FALSE(seen.header("transfer-encoding"));
}

TEST(ProxyFormBody, FormResponsesAreDecodedWhateverTheCaseAndParameters) {
  const std::string body = "status=ok&card=" + kCard;
  TestUpstream upstream([&](int fd) {
    serve_requests(fd, [&](const Message&) {
      return http_response(200, "Application/X-WWW-Form-Urlencoded; charset=utf-8", body);
    });
  });
  ProxyProcess proxy(upstream.port(), payment_rules(), false);
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  Message r = round_trip(proxy.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.body, "status=ok&card=" + stars(kCard));
}

TEST(ProxyFormBody, OtherBodiesAreNotDecoded) {
  RecordingUpstream upstream;
  ProxyProcess proxy(upstream.port(), payment_rules(), false);
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  // In JSON a '+' is a plus sign: "4111+1111+..." is not a grouped card number there.
  const std::string body = R"({"expr":")" + kCard + R"(","ref":")" + kIban + R"("})";
  Message r = round_trip(proxy.port(), "POST /calc HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                       "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  ASSERT_TRUE(r.complete);
  const Message seen = upstream.last();
  EXPECT_EQ(seen.body, body);
}

TEST(ProxyFormBody, TheLogNamesFindingsButNeverTheirValues) {
  TestUpstream upstream([&](int fd) {
    serve_requests(fd, [&](const Message&) { return http_response(200, "text/plain", "ok"); });
  });
  ProxyProcess proxy(upstream.port(), {"--rules", source_path("conf/rules/payment.yaml"), "--log-level", "trace"}, false);
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  const std::string body = "card=" + kCard + "&iban=" + kIban;
  Message r = round_trip(proxy.port(), "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                                       "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  ASSERT_TRUE(r.complete);
  const std::string log = proxy.log();
  EXPECT_NE(log.find("finding rule=payment-card"), std::string::npos) << log;
  EXPECT_NE(log.find("finding rule=iban"), std::string::npos) << log;
  for (const std::string& planted : {kCard, kIban, std::string("4111 1111"), kCardDigits, std::string("DE89"),
                                     std::string("3704+0044"), std::string("3704 0044")}) {
    EXPECT_EQ(log.find(planted), std::string::npos) << planted << "\n" << log;
  }
}

}  // namespace
