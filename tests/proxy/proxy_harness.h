#pragma once
// Loopback harness for the proxy tests: a scripted upstream server, the piiproxy binary as
// a child process, and a small raw-socket HTTP client. Only what the tests need; the
// parsing here is deliberately simple (test code, talking to known peers).
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace proxytest {

using Clock = std::chrono::steady_clock;

inline std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A port that was free a moment ago (bind to 0, read it, close).
inline int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t n = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &n);
  ::close(fd);
  return ntohs(a.sin_port);
}

inline int connect_to(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

inline bool send_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Reads into `buf` until `pred(buf)` or EOF/timeout. Returns false on EOF/timeout/error.
inline bool read_until(int fd, std::string& buf, const std::function<bool(const std::string&)>& pred,
                       double timeout_s = 10) {
  const auto deadline = Clock::now() + std::chrono::duration<double>(timeout_s);
  char tmp[65536];
  while (!pred(buf)) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) return false;
    ssize_t n = ::recv(fd, tmp, sizeof tmp, 0);
    if (n <= 0) return false;
    buf.append(tmp, static_cast<std::size_t>(n));
  }
  return true;
}

// True when the peer closes within the timeout (bytes read meanwhile are discarded).
inline bool wait_closed(int fd, double timeout_s) {
  const auto deadline = Clock::now() + std::chrono::duration<double>(timeout_s);
  char tmp[65536];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) return false;
    ssize_t n = ::recv(fd, tmp, sizeof tmp, 0);
    if (n <= 0) return true;
  }
}

struct Message {
  std::string start_line;  // "GET / HTTP/1.1" or "HTTP/1.1 200 OK"
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string raw_head;
  bool chunked = false;
  bool complete = false;

  int status() const { return start_line.size() >= 12 ? std::atoi(start_line.c_str() + 9) : 0; }
  std::string target() const {
    auto a = start_line.find(' ');
    auto b = start_line.rfind(' ');
    return a == std::string::npos || b <= a ? "" : start_line.substr(a + 1, b - a - 1);
  }
  std::optional<std::string> header(const std::string& name) const {
    for (const auto& [k, v] : headers)
      if (lower(k) == lower(name)) return v;
    return std::nullopt;
  }
  int count(const std::string& name) const {
    int n = 0;
    for (const auto& [k, v] : headers) n += lower(k) == lower(name) ? 1 : 0;
    return n;
  }
};

// Reads one message (request or response) from fd, with `buf` holding bytes already read
// (and keeping the bytes after the message). `no_body`: a response to HEAD / 204 / 304.
// `until_close`: a response without length reads to EOF.
inline Message read_message(int fd, std::string& buf, bool is_response, bool no_body = false,
                            double timeout_s = 10) {
  Message m;
  if (!read_until(fd, buf, [](const std::string& b) { return b.find("\r\n\r\n") != std::string::npos; }, timeout_s))
    return m;
  std::size_t end = buf.find("\r\n\r\n");
  m.raw_head = buf.substr(0, end + 4);
  std::istringstream lines(buf.substr(0, end));
  buf.erase(0, end + 4);
  std::string line;
  std::getline(lines, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  m.start_line = line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string v = line.substr(colon + 1);
    while (!v.empty() && v.front() == ' ') v.erase(0, 1);
    m.headers.emplace_back(line.substr(0, colon), v);
  }
  if (is_response && (no_body || m.status() == 204 || m.status() == 304 || m.status() / 100 == 1)) {
    m.complete = true;
    return m;
  }
  auto te = m.header("transfer-encoding");
  auto cl = m.header("content-length");
  if (te && lower(*te).find("chunked") != std::string::npos) {
    m.chunked = true;
    for (;;) {
      if (!read_until(fd, buf, [](const std::string& b) { return b.find("\r\n") != std::string::npos; }, timeout_s))
        return m;
      std::size_t eol = buf.find("\r\n");
      std::size_t size = std::stoul(buf.substr(0, eol), nullptr, 16);
      buf.erase(0, eol + 2);
      if (!read_until(fd, buf, [&](const std::string& b) { return b.size() >= size + 2; }, timeout_s)) return m;
      m.body.append(buf, 0, size);
      buf.erase(0, size + 2);
      if (size == 0) break;
    }
    m.complete = true;
  } else if (cl) {
    std::size_t size = std::stoul(*cl);
    if (!read_until(fd, buf, [&](const std::string& b) { return b.size() >= size; }, timeout_s)) return m;
    m.body = buf.substr(0, size);
    buf.erase(0, size);
    m.complete = true;
  } else if (is_response) {
    read_until(fd, buf, [](const std::string&) { return false; }, timeout_s);
    m.body.swap(buf);
    m.complete = true;
  } else {
    m.complete = true;
  }
  return m;
}

inline std::string http_response(int status, const std::string& content_type, const std::string& body,
                                 const std::string& extra_headers = "") {
  return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: " + content_type +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" + extra_headers + "\r\n" + body;
}

// A TCP server on 127.0.0.1 whose connections are handled by `handler(fd)`, one thread each.
class TestUpstream {
 public:
  using Handler = std::function<void(int fd)>;
  explicit TestUpstream(Handler handler) : handler_(std::move(handler)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(listen_fd_, 128);
    socklen_t n = sizeof a;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &n);
    port_ = ntohs(a.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  ~TestUpstream() {
    stopping_ = true;
    ::shutdown(listen_fd_, SHUT_RDWR);
    ::close(listen_fd_);
    acceptor_.join();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      for (int fd : fds_) ::shutdown(fd, SHUT_RDWR);
    }
    for (auto& t : threads_) t.join();
  }
  int port() const { return port_; }
  int connections() const { return accepted_.load(); }

 private:
  void accept_loop() {
    for (;;) {
      int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) return;
      if (stopping_) {
        ::close(fd);
        return;
      }
      int one = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      ++accepted_;
      std::lock_guard<std::mutex> lock(mutex_);
      fds_.push_back(fd);
      threads_.emplace_back([this, fd] {
        handler_(fd);
        ::close(fd);
      });
    }
  }

  Handler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> accepted_{0};
  std::thread acceptor_;
  std::mutex mutex_;
  std::vector<int> fds_;
  std::vector<std::thread> threads_;
};

// Serves requests on one connection until the peer closes: `respond(request)` returns the
// raw response bytes to send.
inline void serve_requests(int fd, const std::function<std::string(const Message&)>& respond) {
  std::string buf;
  for (;;) {
    Message req = read_message(fd, buf, false, false, 30);
    if (!req.complete) return;
    if (!send_all(fd, respond(req))) return;
    auto conn = req.header("connection");
    if (conn && lower(*conn) == "close") return;
  }
}

// An upstream that keeps the last request it was sent and answers each with `response`.
class RecordingUpstream {
 public:
  explicit RecordingUpstream(std::string response = http_response(200, "text/plain", "ok"))
      : response_(std::move(response)), upstream_([this](int fd) {
          serve_requests(fd, [this](const Message& req) {
            std::lock_guard<std::mutex> lock(mutex_);
            last_ = req;
            return response_;
          });
        }) {}
  int port() const { return upstream_.port(); }
  Message last() {
    std::lock_guard<std::mutex> lock(mutex_);
    return last_;
  }

 private:
  const std::string response_;
  std::mutex mutex_;
  Message last_;
  TestUpstream upstream_;  // last: its thread uses the members above
};

inline std::string source_path(const std::string& relative) { return std::string(PIIPROXY_SOURCE_DIR) + "/" + relative; }

// The piiproxy binary running as a child process on a free port.
class ProxyProcess {
 public:
  ProxyProcess(int upstream_port, std::vector<std::string> extra_args = {}, bool use_test_rules = true) {
    port_ = free_port();
    std::vector<std::string> args = {PIIPROXY_BINARY, "--listen", "127.0.0.1:" + std::to_string(port_),
                                     "--upstream", "127.0.0.1:" + std::to_string(upstream_port),
                                     "--workers", "1"};
    if (use_test_rules) {
      args.push_back("--rules");
      args.push_back(source_path("tests/proxy/fixtures/rules.yaml"));
    }
    for (auto& a : extra_args) args.push_back(a);
    log_path_ = "/tmp/piiproxy-test-" + std::to_string(::getpid()) + "-" + std::to_string(port_) + ".log";
    pid_ = ::fork();
    if (pid_ == 0) {
      int log = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(log, 2);
      ::dup2(log, 1);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      _exit(127);
    }
    // Ready when it accepts connections.
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    while (Clock::now() < deadline) {
      int fd = connect_to(port_);
      if (fd >= 0) {
        ::close(fd);
        ready_ = true;
        break;
      }
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        exit_status_ = status;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  ~ProxyProcess() {
    if (!exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    ::unlink(log_path_.c_str());
  }
  bool ready() const { return ready_; }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::string log() const {
    std::ifstream in(log_path_);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  // Sends SIGTERM and waits; returns the exit code (or -1 when it did not exit in time).
  int terminate_and_wait(double timeout_s = 10) {
    ::kill(pid_, SIGTERM);
    return wait_exit(timeout_s);
  }
  int wait_exit(double timeout_s) {
    const auto deadline = Clock::now() + std::chrono::duration<double>(timeout_s);
    while (Clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return -1;
  }
  // Peak resident set (VmHWM) in KiB, from /proc.
  long peak_rss_kib() const {
    std::ifstream in("/proc/" + std::to_string(pid_) + "/status");
    std::string line;
    while (std::getline(in, line))
      if (line.rfind("VmHWM:", 0) == 0) return std::atol(line.c_str() + 6);
    return -1;
  }

 private:
  int port_ = 0;
  pid_t pid_ = -1;
  bool ready_ = false;
  bool exited_ = false;
  int exit_status_ = 0;
  std::string log_path_;
};

// One request on a fresh connection; returns the response.
inline Message round_trip(int port, const std::string& request, bool head_request = false, double timeout_s = 10) {
  int fd = connect_to(port);
  if (fd < 0) return {};
  send_all(fd, request);
  std::string buf;
  Message m = read_message(fd, buf, true, head_request, timeout_s);
  ::close(fd);
  return m;
}

// Runs a shell command, returns its stdout.
inline std::string run_command(const std::string& command) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (!p) return out;
  char tmp[4096];
  std::size_t n;
  while ((n = std::fread(tmp, 1, sizeof tmp, p)) > 0) out.append(tmp, n);
  ::pclose(p);
  return out;
}

}  // namespace proxytest
