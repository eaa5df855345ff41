// Bad input, broken peers and shutdown: the proxy answers with a clear status, never lets an
// ambiguous message through, and never crashes.
#include <gtest/gtest.h>

#include <fstream>

#include "proxy/proxy_harness.h"

using namespace proxytest;

namespace {

struct CountingUpstream {
  std::atomic<int> requests{0};
  TestUpstream server{[this](int fd) {
    serve_requests(fd, [this](const Message&) {
      ++requests;
      return http_response(200, "text/plain", "ok");
    });
  }};
};

TEST(ProxyFailures, AmbiguousOrMalformedRequestsGet400AndNeverReachTheUpstream) {
  CountingUpstream upstream;
  ProxyProcess proxy(upstream.server.port());
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"CL+TE", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"},
      {"TE+CL", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n"},
      {"two CLs", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"},
      {"same CL twice", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc"},
      {"CL list", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 3\r\n\r\nabc"},
      {"bad chunk size", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"},
      {"chunk size overflow", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                              "fffffffffffffffff1\r\nabc\r\n0\r\n\r\n"},
      {"TE not chunked last", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n"},
      {"obs-fold", "GET / HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n b\r\n\r\n"},
      {"space before colon", "GET / HTTP/1.1\r\nHost: x\r\nContent-Length : 0\r\n\r\n"},
      {"HTTP/1.0 with TE", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"},
      {"two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"},
      {"garbage", "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 hello\r\n\r\n"},
  };
  for (const auto& [name, request] : cases) {
    Message r = round_trip(proxy.port(), request);
    EXPECT_EQ(r.status(), 400) << name << ": " << r.start_line;
    EXPECT_EQ(r.header("connection").value_or(""), "close") << name;
  }
  EXPECT_EQ(upstream.requests.load(), 0);
  // Still serving.
  EXPECT_EQ(round_trip(proxy.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n").status(), 200);
}

TEST(ProxyFailures, ObsFoldIsRejectedHoweverTheSegmentsAreCut) {
  CountingUpstream upstream;
  ProxyProcess proxy(upstream.server.port());
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  const std::string request = "GET / HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n b\r\n\r\n";
  const std::size_t fold = request.find("\r\n b");
  // Cut just before, inside and just after the line break that starts the fold.
  for (std::size_t cut : {fold, fold + 1, fold + 2, fold + 3}) {
    int fd = connect_to(proxy.port());
    send_all(fd, request.substr(0, cut));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    send_all(fd, request.substr(cut));
    std::string buf;
    EXPECT_EQ(read_message(fd, buf, true, false, 5).status(), 400) << "cut at " << cut;
    ::close(fd);
  }
  // A value split in the middle is still fine, even one byte per segment.
  int fd = connect_to(proxy.port());
  for (char ch : std::string("GET / HTTP/1.1\r\nHost: x\r\nX-Long: abc def\r\n\r\n")) {
    send_all(fd, std::string(1, ch));
    std::this_thread::sleep_for(std::chrono::microseconds(300));
  }
  std::string buf;
  EXPECT_EQ(read_message(fd, buf, true, false, 5).status(), 200);
  ::close(fd);
  EXPECT_EQ(upstream.requests.load(), 1);
}

TEST(ProxyFailures, SmuggledSecondRequestInBodyIsNotForwardedSeparately) {
  CountingUpstream upstream;
  ProxyProcess proxy(upstream.server.port());
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  // The classic CL.TE shape: must be refused as a whole, not split in two requests.
  Message r = round_trip(proxy.port(),
                         "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 44\r\nTransfer-Encoding: chunked\r\n\r\n"
                         "0\r\n\r\nGET /admin HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(r.status(), 400);
  EXPECT_EQ(upstream.requests.load(), 0);
}

TEST(ProxyFailures, HeadLimitsAnswer414And431) {
  CountingUpstream upstream;
  ProxyProcess proxy(upstream.server.port());
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  EXPECT_EQ(round_trip(proxy.port(), "GET /" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n").status(), 414);
  std::string many = "GET / HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 150; ++i) many += "X-H" + std::to_string(i) + ": v\r\n";
  EXPECT_EQ(round_trip(proxy.port(), many + "\r\n").status(), 431);
  EXPECT_EQ(round_trip(proxy.port(), "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(70000, 'b') + "\r\n\r\n").status(), 431);
  EXPECT_EQ(upstream.requests.load(), 0);
}

TEST(ProxyFailures, UpstreamDownGives502) {
  const int dead_port = free_port();  // nothing listens there
  ProxyProcess proxy(dead_port);
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  Message r = round_trip(proxy.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(r.status(), 502);
  EXPECT_FALSE(r.body.empty());
  EXPECT_NE(proxy.log().find("upstream connection failed"), std::string::npos);
}

TEST(ProxyFailures, UpstreamClosingMidResponseCutsTheClient) {
  TestUpstream upstream([](int fd) {
    std::string buf;
    read_message(fd, buf, false);
    send_all(fd, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nonly part");
  });
  ProxyProcess proxy(upstream.port());
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  int fd = connect_to(proxy.port());
  send_all(fd, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string buf;
  Message r = read_message(fd, buf, true, false, 5);
  EXPECT_FALSE(r.complete);  // the client sees a truncated body, never a wrong one
  ::close(fd);
}

TEST(ProxyFailures, SlowUpstreamGives504) {
  TestUpstream upstream([](int fd) {
    std::string buf;
    read_message(fd, buf, false);
    wait_closed(fd, 10);  // never answers
  });
  ProxyProcess proxy(upstream.port(), {"--response-timeout", "0.5"});
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  const auto start = Clock::now();
  Message r = round_trip(proxy.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(r.status(), 504);
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(5));
}

TEST(ProxyFailures, ClientAbortClosesTheUpstreamSide) {
  std::atomic<bool> upstream_saw_close{false};
  TestUpstream upstream([&](int fd) {
    std::string buf;
    read_message(fd, buf, false);
    // Stream a response slowly; the client goes away meanwhile.
    send_all(fd, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
    upstream_saw_close = wait_closed(fd, 5);
  });
  ProxyProcess proxy(upstream.port());
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  int fd = connect_to(proxy.port());
  send_all(fd, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string buf;
  // The head arrives at once; the body bytes may be held back by the redactor's window.
  read_until(fd, buf, [](const std::string& b) { return b.find("\r\n\r\n") != std::string::npos; }, 5);
  ::close(fd);
  for (int i = 0; i < 100 && !upstream_saw_close; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_TRUE(upstream_saw_close.load());
}

TEST(ProxyFailures, SigtermDrainsInFlightRequestsAndExitsZero) {
  TestUpstream upstream([](int fd) {
    serve_requests(fd, [](const Message&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(700));
      return http_response(200, "text/plain", "finished");
    });
  });
  ProxyProcess proxy(upstream.port());
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  int idle = connect_to(proxy.port());  // an idle keep-alive client is closed at once
  int busy = connect_to(proxy.port());
  send_all(busy, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ::kill(proxy.pid(), SIGTERM);
  EXPECT_TRUE(wait_closed(idle, 3));
  std::string buf;
  Message r = read_message(busy, buf, true, false, 5);
  EXPECT_EQ(r.status(), 200);
  EXPECT_EQ(r.body, "finished");
  EXPECT_EQ(r.header("connection").value_or(""), "close");
  EXPECT_EQ(proxy.wait_exit(5), 0);
  EXPECT_LT(connect_to(proxy.port()), 0);  // no longer accepting
  ::close(idle);
  ::close(busy);
}

TEST(ProxyFailures, DrainDeadlineCutsStuckRequests) {
  TestUpstream upstream([](int fd) {
    std::string buf;
    read_message(fd, buf, false);
    wait_closed(fd, 10);
  });
  ProxyProcess proxy(upstream.port(), {"--drain-timeout", "0.5"});
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  int busy = connect_to(proxy.port());
  send_all(busy, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(proxy.terminate_and_wait(5), 0);
  ::close(busy);
}

TEST(ProxyFailures, StalledRequestBodyGets408) {
  CountingUpstream upstream;
  ProxyProcess proxy(upstream.server.port(), {"--body-idle-timeout", "0.5"});
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  int fd = connect_to(proxy.port());
  send_all(fd, "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n\r\nabc");
  std::string buf;
  Message r = read_message(fd, buf, true, false, 5);
  EXPECT_EQ(r.status(), 408);
  EXPECT_TRUE(wait_closed(fd, 2));
  ::close(fd);
}

TEST(ProxyFailures, ConnectionsBeyondTheLimitAreClosed) {
  CountingUpstream upstream;
  ProxyProcess proxy(upstream.server.port(), {"--max-connections", "2"});
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the readiness probe is gone
  int a = connect_to(proxy.port());
  int b = connect_to(proxy.port());
  std::string buf;
  send_all(a, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(read_message(a, buf, true).status(), 200);  // both admitted connections work
  send_all(b, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(read_message(b, buf, true).status(), 200);
  int c = connect_to(proxy.port());
  EXPECT_TRUE(wait_closed(c, 2));  // the third is closed at accept
  ::close(a);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(round_trip(proxy.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n").status(), 200);  // a slot is free again
  ::close(b);
  ::close(c);
  EXPECT_NE(proxy.log().find("max_connections"), std::string::npos);
}

TEST(ProxyConfig, UnknownKeyIsAnErrorNamingFileAndKey) {
  const std::string path = "/tmp/piiproxy-test-config-" + std::to_string(::getpid()) + ".yaml";
  {
    std::ofstream out(path);
    out << "listen: [\"127.0.0.1:1\"]\nlimits:\n  max_conections: 5\n";
  }
  std::string out = run_command(std::string(PIIPROXY_BINARY) + " --config " + path + " 2>&1; echo \"exit=$?\"");
  ::unlink(path.c_str());
  EXPECT_NE(out.find(path), std::string::npos) << out;
  EXPECT_NE(out.find("limits.max_conections"), std::string::npos) << out;
  EXPECT_NE(out.find("exit=2"), std::string::npos) << out;
}

TEST(ProxyConfig, DocumentedDefaultConfigLoadsAndFlagsOverrideIt) {
  CountingUpstream upstream;
  // conf/piiproxy.yaml listens on 8080 and uses the bundled packs; the flags move both.
  ProxyProcess proxy(upstream.server.port(), {"--config", source_path("conf/piiproxy.yaml")});
  ASSERT_TRUE(proxy.ready()) << proxy.log();
  EXPECT_EQ(round_trip(proxy.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n").status(), 200);
}

}  // namespace

namespace {
// A SIGTERM that arrives while the proxy is still compiling its rules (a cold start with the
// bundled packs and no cache takes seconds) must not kill it: it starts, drains and exits 0.
TEST(ProxyFailures, SigtermDuringStartupExitsZero) {
  const std::string port = std::to_string(free_port());
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const int devnull = ::open("/dev/null", O_WRONLY);
    ::dup2(devnull, 1);
    ::dup2(devnull, 2);
    ::execl(PIIPROXY_BINARY, PIIPROXY_BINARY, "--listen", ("127.0.0.1:" + port).c_str(), "--upstream",
            "127.0.0.1:9", "--workers", "1", "--cache-dir", "", static_cast<char*>(nullptr));
    _exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(150));  // well inside the compile
  ::kill(pid, SIGTERM);
  int status = 0;
  pid_t done = 0;
  for (int i = 0; i < 600 && done == 0; ++i) {  // up to 60 s (sanitizer builds compile slowly)
    done = ::waitpid(pid, &status, WNOHANG);
    if (done == 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (done == 0) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    FAIL() << "proxy did not exit after SIGTERM during startup";
  }
  ASSERT_TRUE(WIFEXITED(status)) << "killed by signal " << (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  EXPECT_EQ(WEXITSTATUS(status), 0);
}
}  // namespace
