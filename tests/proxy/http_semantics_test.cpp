// HTTP/1.1 behaviour a client or service behind the proxy relies on: keep-alive, chunked
// bodies, re-framing, HTTP/1.0, pipelining, Expect, HEAD, hop-by-hop and forwarding headers.
#include <gtest/gtest.h>

#include "proxy/proxy_harness.h"

using namespace proxytest;

namespace {

const std::string kEmail = "alice@example.com";
const std::string kMasked(kEmail.size(), '*');

TEST(ProxyHttp, KeepAliveReusesBothConnections) {
  TestUpstream upstream([](int fd) {
    serve_requests(fd, [](const Message& req) { return http_response(200, "text/plain", "hello " + req.target()); });
  });
  ProxyProcess proxy(upstream.port());
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  int fd = connect_to(proxy.port());
  std::string buf;
  for (int i = 0; i < 3; ++i) {
    send_all(fd, "GET /r" + std::to_string(i) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    Message r = read_message(fd, buf, true);
    ASSERT_TRUE(r.complete) << i;
    EXPECT_EQ(r.body, "hello /r" + std::to_string(i));
  }
  ::close(fd);
  // A second client connection reuses the pooled upstream connection as well.
  Message r = round_trip(proxy.port(), "GET /again HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(r.body, "hello /again");
  EXPECT_EQ(upstream.connections(), 1);
}

TEST(ProxyHttp, RequestOnAPooledConnectionTheUpstreamDroppedIsRetried) {
  // Each upstream connection answers one request, then drops the next one unanswered
  // (as a server whose keep-alive timeout just expired would).
  TestUpstream upstream([](int fd) {
    std::string buf;
    Message first = read_message(fd, buf, false);
    if (!first.complete) return;
    send_all(fd, http_response(200, "text/plain", "answered " + first.target()));
    read_message(fd, buf, false);
  });
  ProxyProcess proxy(upstream.port());
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  EXPECT_EQ(round_trip(proxy.port(), "GET /one HTTP/1.1\r\nHost: x\r\n\r\n").body, "answered /one");
  EXPECT_EQ(round_trip(proxy.port(), "GET /two HTTP/1.1\r\nHost: x\r\n\r\n").body, "answered /two");
  EXPECT_EQ(upstream.connections(), 2);
}

TEST(ProxyHttp, ChunkedRequestAndResponseBodies) {
  std::mutex m;
  Message seen;
  TestUpstream upstream([&](int fd) {
    serve_requests(fd, [&](const Message& req) {
      {
        std::lock_guard<std::mutex> lock(m);
        seen = req;
      }
      return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
             "6\r\nmail: \r\n5\r\nalice\r\nc\r\n@example.com\r\n0\r\n\r\n";
    });
  });
  ProxyProcess proxy(upstream.port());
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  Message r = round_trip(proxy.port(),
                         "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                         "3\r\nto \r\n8\r\nalice@ex\r\n9\r\nample.com\r\n0\r\n\r\n");
  ASSERT_TRUE(r.complete);
  EXPECT_TRUE(r.chunked);
  EXPECT_EQ(r.body, "mail: " + kMasked);
  std::lock_guard<std::mutex> lock(m);
  EXPECT_TRUE(seen.chunked);
  EXPECT_EQ(seen.body, "to " + kMasked);
}

TEST(ProxyHttp, LengthChangingActionReframesAsChunkedOrClose) {
  const std::string body = "{\"e\":\"" + kEmail + "\"}";
  std::mutex m;
  Message seen;
  TestUpstream upstream([&](int fd) {
    serve_requests(fd, [&](const Message& req) {
      {
        std::lock_guard<std::mutex> lock(m);
        seen = req;
      }
      return http_response(200, "application/json", body);
    });
  });
  ProxyProcess proxy(upstream.port(), {"--action", "label"});
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  Message r11 = round_trip(proxy.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(r11.complete);
  EXPECT_TRUE(r11.chunked);
  EXPECT_FALSE(r11.header("content-length"));
  EXPECT_EQ(r11.body, "{\"e\":\"[EMAIL]\"}");
  // An HTTP/1.0 client cannot take chunked: the body ends with the connection.
  Message r10 = round_trip(proxy.port(), "GET / HTTP/1.0\r\n\r\n");
  ASSERT_TRUE(r10.complete);
  EXPECT_EQ(r10.start_line.substr(0, 8), "HTTP/1.0");
  EXPECT_FALSE(r10.header("content-length"));
  EXPECT_FALSE(r10.header("transfer-encoding"));
  EXPECT_EQ(r10.body, "{\"e\":\"[EMAIL]\"}");
  // A request body with Content-Length reaches the upstream chunked, with its new length.
  round_trip(proxy.port(), "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
                               std::to_string(body.size()) + "\r\n\r\n" + body);
  std::lock_guard<std::mutex> lock(m);
  EXPECT_TRUE(seen.chunked);
  EXPECT_FALSE(seen.header("content-length"));
  EXPECT_EQ(seen.body, "{\"e\":\"[EMAIL]\"}");
}

TEST(ProxyHttp, ChunkedUpstreamResponseReachesHttp10ClientCloseDelimited) {
  TestUpstream upstream([](int fd) {
    serve_requests(fd, [](const Message&) {
      return std::string("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                         "4\r\nmail\r\n13\r\n alice@example.com \r\n0\r\n\r\n");
    });
  });
  ProxyProcess proxy(upstream.port());
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  Message r = round_trip(proxy.port(), "GET / HTTP/1.0\r\n\r\n");
  ASSERT_TRUE(r.complete);
  EXPECT_FALSE(r.header("transfer-encoding"));
  EXPECT_EQ(r.header("connection").value_or(""), "close");
  EXPECT_EQ(r.body, "mail " + kMasked + " ");
}

TEST(ProxyHttp, Http10ClientWithKeepAlive) {
  TestUpstream upstream([](int fd) {
    serve_requests(fd, [](const Message& req) {
      return http_response(200, "text/plain", "host=" + req.header("host").value_or("none"));
    });
  });
  ProxyProcess proxy(upstream.port());
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  int fd = connect_to(proxy.port());
  std::string buf;
  send_all(fd, "GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  Message a = read_message(fd, buf, true);
  ASSERT_TRUE(a.complete);
  EXPECT_EQ(a.header("connection").value_or(""), "keep-alive");
  EXPECT_EQ(a.body, "host=127.0.0.1:" + std::to_string(upstream.port()));  // Host added for HTTP/1.0
  send_all(fd, "GET /b HTTP/1.0\r\n\r\n");
  Message b = read_message(fd, buf, true);
  ASSERT_TRUE(b.complete);
  EXPECT_TRUE(wait_closed(fd, 5));  // no keep-alive asked: closed after the response
  ::close(fd);
}

TEST(ProxyHttp, PipelinedRequestsAreAnsweredInOrder) {
  TestUpstream upstream([](int fd) {
    serve_requests(fd, [](const Message& req) {
      if (req.target() == "/slow") std::this_thread::sleep_for(std::chrono::milliseconds(200));
      return http_response(200, "text/plain", req.target());
    });
  });
  ProxyProcess proxy(upstream.port());
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  int fd = connect_to(proxy.port());
  send_all(fd, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /fast HTTP/1.1\r\nHost: x\r\n\r\n"
               "POST /post HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Type: text/plain\r\n\r\nabc");
  std::string buf;
  EXPECT_EQ(read_message(fd, buf, true).body, "/slow");
  EXPECT_EQ(read_message(fd, buf, true).body, "/fast");
  EXPECT_EQ(read_message(fd, buf, true).body, "/post");
  ::close(fd);
}

TEST(ProxyHttp, ExpectContinueIsAnswered) {
  TestUpstream upstream([](int fd) {
    serve_requests(fd, [](const Message& req) {
      return http_response(200, "text/plain", "expect=" + req.header("expect").value_or("none") + " body=" + req.body);
    });
  });
  ProxyProcess proxy(upstream.port());
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  int fd = connect_to(proxy.port());
  send_all(fd, "PUT /x HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
  std::string buf;
  Message cont = read_message(fd, buf, true, false, 5);
  EXPECT_EQ(cont.status(), 100);
  send_all(fd, "hello");
  Message r = read_message(fd, buf, true);
  EXPECT_EQ(r.body, "expect=none body=hello");
  ::close(fd);
}

TEST(ProxyHttp, HeadAnd204And304HaveNoBody) {
  TestUpstream upstream([](int fd) {
    serve_requests(fd, [](const Message& req) -> std::string {
      if (req.target() == "/204") return "HTTP/1.1 204 No Content\r\n\r\n";
      if (req.target() == "/304") return "HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\n";
      if (req.start_line.rfind("HEAD", 0) == 0)
        return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1234\r\n\r\n";
      return http_response(200, "text/plain", "after");
    });
  });
  ProxyProcess proxy(upstream.port());
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  int fd = connect_to(proxy.port());
  std::string buf;
  send_all(fd, "HEAD /h HTTP/1.1\r\nHost: x\r\n\r\n");
  Message h = read_message(fd, buf, true, /*no_body=*/true);
  EXPECT_EQ(h.status(), 200);
  EXPECT_EQ(h.header("content-length").value_or(""), "1234");
  send_all(fd, "GET /204 HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(read_message(fd, buf, true).status(), 204);
  send_all(fd, "GET /304 HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(read_message(fd, buf, true).status(), 304);
  // The connection is still in step: the next response is the right one.
  send_all(fd, "GET /next HTTP/1.1\r\nHost: x\r\n\r\n");
  Message n = read_message(fd, buf, true);
  EXPECT_EQ(n.body, "after");
  ::close(fd);
}

TEST(ProxyHttp, HopByHopRemovedAndForwardingHeadersAdded) {
  std::mutex m;
  Message seen;
  TestUpstream upstream([&](int fd) {
    serve_requests(fd, [&](const Message& req) {
      {
        std::lock_guard<std::mutex> lock(m);
        seen = req;
      }
      return http_response(200, "text/plain", "ok", "Keep-Alive: timeout=5\r\nX-Hop: 1\r\nConnection: X-Hop\r\n");
    });
  });
  ProxyProcess proxy(upstream.port());
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  Message r = round_trip(proxy.port(),
                         "GET / HTTP/1.1\r\nHost: svc\r\nConnection: keep-alive, X-Secret-Hop\r\nX-Secret-Hop: 1\r\n"
                         "Keep-Alive: 300\r\nTE: trailers\r\nProxy-Connection: keep-alive\r\n"
                         "X-Forwarded-For: 10.0.0.1\r\n\r\n");
  ASSERT_TRUE(r.complete);
  EXPECT_FALSE(r.header("keep-alive"));
  EXPECT_FALSE(r.header("x-hop"));
  EXPECT_EQ(r.header("via").value_or(""), "1.1 piiproxy");
  std::lock_guard<std::mutex> lock(m);
  EXPECT_FALSE(seen.header("x-secret-hop"));
  EXPECT_FALSE(seen.header("keep-alive"));
  EXPECT_FALSE(seen.header("te"));
  EXPECT_FALSE(seen.header("proxy-connection"));
  EXPECT_EQ(seen.header("host").value_or(""), "svc");
  EXPECT_EQ(seen.header("x-forwarded-for").value_or(""), "10.0.0.1, 127.0.0.1");
  EXPECT_EQ(seen.header("x-forwarded-proto").value_or(""), "http");
  EXPECT_EQ(seen.header("via").value_or(""), "1.1 piiproxy");
}

TEST(ProxyHttp, EmptyHeaderValuesKeepTheirFields) {
  std::mutex m;
  Message seen;
  TestUpstream upstream([&](int fd) {
    serve_requests(fd, [&](const Message& req) {
      {
        std::lock_guard<std::mutex> lock(m);
        seen = req;
      }
      return http_response(200, "text/plain", "ok", "X-Empty-Response:\r\nX-Next: 2\r\n");
    });
  });
  ProxyProcess proxy(upstream.port());
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  Message r = round_trip(proxy.port(), "GET / HTTP/1.1\r\nHost: x\r\nX-Empty:\r\nX-After: 1\r\n\r\n");
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.header("x-empty-response").value_or("missing"), "");
  EXPECT_EQ(r.header("x-next").value_or(""), "2");
  std::lock_guard<std::mutex> lock(m);
  EXPECT_EQ(seen.header("x-empty").value_or("missing"), "");
  EXPECT_EQ(seen.header("x-after").value_or(""), "1");
}

TEST(ProxyHttp, UpgradeIsRefusedWith501) {
  TestUpstream upstream([](int fd) {
    serve_requests(fd, [](const Message&) { return http_response(200, "text/plain", "should not happen"); });
  });
  ProxyProcess proxy(upstream.port());
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  Message r = round_trip(proxy.port(),
                         "GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                         "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
  EXPECT_EQ(r.status(), 501);
  EXPECT_NE(r.body.find("upgrade"), std::string::npos);
  EXPECT_EQ(upstream.connections(), 0);
}

TEST(ProxyHttp, CurlSeesRedactedResponse) {
  TestUpstream upstream([](int fd) {
    serve_requests(fd, [](const Message&) { return http_response(200, "application/json", "{\"e\":\"" + kEmail + "\"}"); });
  });
  ProxyProcess proxy(upstream.port());
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  const std::string url = "http://127.0.0.1:" + std::to_string(proxy.port()) + "/";
  std::string out = run_command("curl -sS --max-time 10 " + url + " " + url);  // two requests, one connection
  EXPECT_EQ(out, "{\"e\":\"" + kMasked + "\"}{\"e\":\"" + kMasked + "\"}");
  EXPECT_EQ(upstream.connections(), 1);
}

}  // namespace
