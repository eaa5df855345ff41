// What a user of the proxy sees: personal data in responses, request bodies, URLs and
// headers comes out redacted, however the bytes are cut on the wire.
#include <gtest/gtest.h>

#include "proxy/proxy_harness.h"

using namespace proxytest;

namespace {

const std::string kEmail = "alice@example.com";

// AddressSanitizer keeps freed memory in quarantine, so RSS says nothing under it.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kRssMeaningful = false;
#else
constexpr bool kRssMeaningful = true;
#endif
const std::string kToken = "tok_abcdefgh12345678";

// Echoes the request body back with the request's Content-Type.
void echo_handler(int fd) {
  serve_requests(fd, [](const Message& req) {
    return http_response(200, req.header("content-type").value_or("application/json"), req.body);
  });
}

TEST(ProxyRedaction, ResponseBodyIsMaskedAndKeepsContentLength) {
  const std::string body = R"({"user":")" + kEmail + R"(","token":")" + kToken + R"("})";
  TestUpstream upstream([&](int fd) {
    serve_requests(fd, [&](const Message&) { return http_response(200, "application/json", body); });
  });
  ProxyProcess proxy(upstream.port());
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  Message r = round_trip(proxy.port(), "GET /u HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.status(), 200);
  EXPECT_EQ(r.body, R"({"user":")" + std::string(kEmail.size(), '*') + R"(","token":")" +
                        std::string(kToken.size(), '*') + R"("})");
  // Masking keeps the length, so the upstream's Content-Length stays.
  EXPECT_EQ(r.header("content-length").value_or(""), std::to_string(body.size()));
  EXPECT_FALSE(r.header("transfer-encoding"));
  // The log names the rule and offsets, never the value.
  EXPECT_EQ(proxy.log().find(kEmail), std::string::npos);
}

TEST(ProxyRedaction, RequestBodyIsRedactedBeforeTheUpstreamSeesIt) {
  TestUpstream upstream(echo_handler);
  ProxyProcess proxy(upstream.port());
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  const std::string body = "name=x&mail=" + kEmail + "&t=" + kToken;
  Message r = round_trip(proxy.port(), "POST /f HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                                       "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.body, "name=x&mail=" + std::string(kEmail.size(), '*') + "&t=" + std::string(kToken.size(), '*'));
}

TEST(ProxyRedaction, FindingSplitIntoOneByteUpstreamWritesIsRedacted) {
  const std::string body = "{\"note\":\"write to " + kEmail + " with " + kToken + "\"}";
  TestUpstream upstream([&](int fd) {
    serve_requests(fd, [&](const Message&) {
      std::string head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                         std::to_string(body.size()) + "\r\n\r\n";
      send_all(fd, head);
      for (char c : body) {  // one byte per TCP segment (TCP_NODELAY)
        send_all(fd, std::string(1, c));
        std::this_thread::sleep_for(std::chrono::microseconds(300));
      }
      return std::string();
    });
  });
  ProxyProcess proxy(upstream.port());
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  Message r = round_trip(proxy.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.body, "{\"note\":\"write to " + std::string(kEmail.size(), '*') + " with " +
                        std::string(kToken.size(), '*') + "\"}");
}

TEST(ProxyRedaction, FindingSplitIntoOneByteClientWritesIsRedacted) {
  TestUpstream upstream(echo_handler);
  ProxyProcess proxy(upstream.port());
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  const std::string body = "contact " + kEmail + " now";
  int fd = connect_to(proxy.port());
  send_all(fd, "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n");
  for (char c : body) {  // every byte its own chunk and its own segment
    send_all(fd, std::string("1\r\n") + c + "\r\n");
    std::this_thread::sleep_for(std::chrono::microseconds(300));
  }
  send_all(fd, "0\r\n\r\n");
  std::string buf;
  Message r = read_message(fd, buf, true);
  ::close(fd);
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.body, "contact " + std::string(kEmail.size(), '*') + " now");
}

TEST(ProxyRedaction, UrlAndConfiguredHeadersAreRedactedTowardsTheUpstream) {
  std::mutex m;
  Message seen;
  TestUpstream upstream([&](int fd) {
    serve_requests(fd, [&](const Message& req) {
      std::lock_guard<std::mutex> lock(m);
      seen = req;
      return http_response(302, "text/plain", "moved",
                           "Location: /inbox?user=" + kEmail + "\r\nSet-Cookie: sid=" + kToken +
                               "\r\nX-Other: " + kEmail + "\r\n");
    });
  });
  ProxyProcess proxy(upstream.port());
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  // The e-mail in the query is percent-encoded: detection runs on the decoded view.
  Message r = round_trip(proxy.port(),
                         "GET /users/" + kEmail + "/x?q=alice%40example.com&keep=1 HTTP/1.1\r\nHost: x\r\n"
                         "Authorization: Bearer " + kToken + "\r\nCookie: a=" + kEmail + "\r\n"
                         "Referer: http://site/?m=" + kEmail + "\r\nX-Custom: " + kEmail + "\r\n\r\n");
  ASSERT_TRUE(r.complete);
  std::lock_guard<std::mutex> lock(m);
  EXPECT_EQ(seen.target(), "/users/" + std::string(kEmail.size(), '*') + "/x?q=" +
                               std::string(kEmail.size(), '*') + "&keep=1");
  EXPECT_EQ(seen.header("authorization").value_or(""), "Bearer " + std::string(kToken.size(), '*'));
  EXPECT_EQ(seen.header("cookie").value_or(""), "a=" + std::string(kEmail.size(), '*'));
  EXPECT_EQ(seen.header("referer").value_or(""), "http://site/?m=" + std::string(kEmail.size(), '*'));
  // Headers not in the list pass unchanged.
  EXPECT_EQ(seen.header("x-custom").value_or(""), kEmail);
  // Response side: Location and Set-Cookie are scanned, other headers are not.
  EXPECT_EQ(r.header("location").value_or(""), "/inbox?user=" + std::string(kEmail.size(), '*'));
  EXPECT_EQ(r.header("set-cookie").value_or(""), "sid=" + std::string(kToken.size(), '*'));
  EXPECT_EQ(r.header("x-other").value_or(""), kEmail);
}

// In a query a '+' is a space: a card number sent by a form with GET is found, and the
// '+' around it (and in the path) stays as it was.
TEST(ProxyRedaction, QueryPlusReadsAsASpace) {
  RecordingUpstream upstream;
  ProxyProcess proxy(upstream.port(), {"--rules", source_path("conf/rules/payment.yaml"), "--log-level", "debug"}, false);
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  Message r = round_trip(proxy.port(), "GET /a+b/pay?card=4111+1111+1111+1111&q=red+shoes HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(r.complete);
  const Message seen = upstream.last();
  EXPECT_EQ(seen.target(), "/a+b/pay?card=" + std::string(19, '*') + "&q=red+shoes");
  EXPECT_EQ(proxy.log().find("4111"), std::string::npos);
}

// With an action that changes the length, each finding in the target is replaced by its
// own text, percent-encoded, and the bytes between findings stay where they were.
TEST(ProxyRedaction, TargetFindingsTakeTheirLabelsInTurn) {
  RecordingUpstream upstream;
  ProxyProcess proxy(upstream.port(), {"--action", "label"});
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  Message r = round_trip(proxy.port(), "GET /u/" + kEmail + "/x?m=bob@example.org&k=1 HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(r.complete);
  const Message seen = upstream.last();
  EXPECT_EQ(seen.target(), "/u/%5BEMAIL%5D/x?m=%5BEMAIL%5D&k=1");
}

TEST(ProxyRedaction, NonTextualBodiesStreamUnscanned) {
  const std::string body = "\x89PNG " + kEmail;
  TestUpstream upstream([&](int fd) {
    serve_requests(fd, [&](const Message&) { return http_response(200, "image/png", body); });
  });
  ProxyProcess proxy(upstream.port());
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  Message r = round_trip(proxy.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(r.body, body);
}

TEST(ProxyRedaction, NoRedactFlagPassesTrafficThrough) {
  const std::string body = "{\"e\":\"" + kEmail + "\"}";
  TestUpstream upstream([&](int fd) {
    serve_requests(fd, [&](const Message&) { return http_response(200, "application/json", body); });
  });
  ProxyProcess proxy(upstream.port(), {"--no-redact"});
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  Message r = round_trip(proxy.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(r.body, body);
}

TEST(ProxyRedaction, CompressedResponseOfScannedTypeIsRefusedWith502) {
  std::mutex m;
  std::string accept_encoding;
  TestUpstream upstream([&](int fd) {
    serve_requests(fd, [&](const Message& req) {
      std::lock_guard<std::mutex> lock(m);
      accept_encoding = req.header("accept-encoding").value_or("");
      return http_response(200, "application/json", "\x1f\x8b\x08 not really gzip", "Content-Encoding: gzip\r\n");
    });
  });
  ProxyProcess proxy(upstream.port());
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  Message r = round_trip(proxy.port(), "GET / HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip, br\r\n\r\n");
  EXPECT_EQ(r.status(), 502) << proxy.log();
  std::lock_guard<std::mutex> lock(m);
  EXPECT_EQ(accept_encoding, "identity");  // the proxy asked for an uncompressed body
  EXPECT_NE(proxy.log().find("compressed"), std::string::npos);
}

TEST(ProxyRedaction, LargeResponseStreamsWithBoundedMemory) {
  // 64 MiB of JSON-ish text with a finding at the start, one in the middle and one at the
  // very end; sent in 64 KiB writes. The proxy must not buffer the body.
  const std::size_t total = 64u << 20;
  const std::string line = "{\"k\":\"just some ordinary text, nothing personal here at all.....\"}\n";
  TestUpstream upstream([&](int fd) {
    serve_requests(fd, [&](const Message&) {
      send_all(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nContent-Length: " + std::to_string(total) +
                       "\r\n\r\n");
      std::string block;
      while (block.size() < (64u << 10)) block += line;
      block.resize(64u << 10);
      std::size_t sent = 0;
      while (sent < total) {
        std::string piece = block.substr(0, std::min(block.size(), total - sent));
        if (sent == 0) piece.replace(0, kEmail.size() + 1, kEmail + " ");
        if (sent == total / 2) piece.replace(100, kToken.size() + 2, " " + kToken + " ");
        if (sent + piece.size() == total) piece.replace(piece.size() - kEmail.size() - 1, kEmail.size() + 1, " " + kEmail);
        if (!send_all(fd, piece)) break;
        sent += piece.size();
      }
      return std::string();
    });
  });
  ProxyProcess proxy(upstream.port());
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  const long rss_before = proxy.peak_rss_kib();
  int fd = connect_to(proxy.port());
  send_all(fd, "GET /big HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string buf;
  Message r = read_message(fd, buf, true, false, 60);
  ::close(fd);
  ASSERT_TRUE(r.complete);
  ASSERT_EQ(r.body.size(), total);
  EXPECT_EQ(r.body.substr(0, kEmail.size()), std::string(kEmail.size(), '*'));
  EXPECT_EQ(r.body.substr(total / 2 + 101, kToken.size()), std::string(kToken.size(), '*'));
  EXPECT_EQ(r.body.substr(total - kEmail.size()), std::string(kEmail.size(), '*'));
  EXPECT_EQ(r.body.find('@'), std::string::npos);
  const long growth_kib = proxy.peak_rss_kib() - rss_before;
  if (kRssMeaningful) {
    EXPECT_LT(growth_kib, 16 * 1024) << "peak RSS grew by " << growth_kib << " KiB for a 64 MiB body";
  }
}

TEST(ProxyRedaction, LargeRequestBodyStreamsWithBoundedMemory) {
  // 64 MiB uploaded through the proxy to an upstream that counts bytes and findings' masks.
  const std::size_t total = 64u << 20;
  std::atomic<std::size_t> received{0};
  std::atomic<bool> saw_email{false};
  std::atomic<std::size_t> stars{0};
  TestUpstream upstream([&](int fd) {
    std::string buf;
    if (!read_until(fd, buf, [](const std::string& b) { return b.find("\r\n\r\n") != std::string::npos; })) return;
    buf.erase(0, buf.find("\r\n\r\n") + 4);
    std::size_t got = 0;
    char tmp[65536];
    auto account = [&](const char* p, std::size_t n) {
      got += n;
      for (std::size_t i = 0; i < n; ++i) stars += p[i] == '*' ? 1 : 0;
      if (std::string_view(p, n).find('@') != std::string_view::npos) saw_email = true;
    };
    account(buf.data(), buf.size());
    while (got < total) {
      ssize_t n = ::recv(fd, tmp, sizeof tmp, 0);
      if (n <= 0) break;
      account(tmp, static_cast<std::size_t>(n));
    }
    received = got;
    send_all(fd, http_response(200, "text/plain", "ok"));
  });
  ProxyProcess proxy(upstream.port());
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  const long rss_before = proxy.peak_rss_kib();
  int fd = connect_to(proxy.port());
  send_all(fd, "POST /up HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(total) +
                   "\r\n\r\n");
  std::string block(1u << 20, 'a');
  for (std::size_t i = 80; i < block.size(); i += 81) block[i] = '\n';
  block.replace(1000, kEmail.size() + 2, " " + kEmail + " ");
  for (std::size_t sent = 0; sent < total; sent += block.size()) ASSERT_TRUE(send_all(fd, block));
  std::string buf;
  Message r = read_message(fd, buf, true, false, 60);
  ::close(fd);
  EXPECT_EQ(r.status(), 200);
  EXPECT_EQ(received.load(), total);
  EXPECT_FALSE(saw_email.load());
  EXPECT_EQ(stars.load(), 64 * kEmail.size());
  const long growth_kib = proxy.peak_rss_kib() - rss_before;
  if (kRssMeaningful) {
    EXPECT_LT(growth_kib, 16 * 1024) << "peak RSS grew by " << growth_kib << " KiB for a 64 MiB upload";
  }
}

}  // namespace
