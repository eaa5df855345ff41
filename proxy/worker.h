#pragma once
// One event-loop thread: its event_base, its listeners (SO_REUSEPORT, so the kernel spreads
// connections over the workers), its client connections, its upstream pool and its
// redaction context. Nothing here is shared with other workers except the read-only
// ProxyShared and one atomic connection counter, so the request path takes no locks.
#include <event2/event.h>
#include <event2/listener.h>
#include <sys/socket.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "matchers/engine.h"
#include "matchers/redactor.h"
#include "proxy/config.h"
#include "proxy/redaction.h"
#include "proxy/upstream_pool.h"

namespace piiproxy {

class ClientConnection;

// Read-only after start-up, shared by every worker.
struct ProxyShared {
  ProxyConfig config;
  std::shared_ptr<const piimatch::Engine> engine;  // null when redaction is off
  piimatch::RedactorOptions redactor_options;
  sockaddr_storage upstream_address{};
  socklen_t upstream_address_length = 0;
  std::string upstream_authority;  // host:port, for requests without Host (HTTP/1.0)
  std::vector<sockaddr_storage> listen_addresses;
  std::vector<socklen_t> listen_address_lengths;
  std::atomic<std::uint32_t> open_connections{0};
};

class Worker {
 public:
  Worker(ProxyShared& shared, int index);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Binds the listeners (on the calling thread; throws ConfigError when a bind fails).
  void bind_listeners();
  void start();        // runs the loop on a new thread
  void begin_drain();  // callable from any thread: stop accepting, finish in-flight work, then exit
  void join();

  event_base* base() const { return base_; }
  const ProxyConfig& config() const { return shared_.config; }
  const ProxyShared& shared() const { return shared_; }
  RedactionContext* redaction() const { return redaction_.get(); }
  UpstreamPool& pool() { return *pool_; }
  // Scratch output buffer of this thread's codec callbacks; always empty between calls.
  evbuffer* staging() const { return staging_; }
  bool draining() const { return draining_; }

  void connection_closed(ClientConnection* connection);

 private:
  static void on_accept(evconnlistener* listener, evutil_socket_t fd, sockaddr* address, int length, void* ctx);
  static void on_drain_signal(evutil_socket_t, short, void* ctx);
  static void on_drain_deadline(evutil_socket_t, short, void* ctx);
  void run();
  void maybe_exit();

  ProxyShared& shared_;
  int index_;
  event_base* base_ = nullptr;
  event* drain_event_ = nullptr;
  int drain_pipe_[2] = {-1, -1};  // main thread -> worker: "drain now" (no libevent locking needed)
  evbuffer* staging_ = nullptr;
  event* drain_deadline_ = nullptr;
  std::vector<evconnlistener*> listeners_;
  std::unordered_set<ClientConnection*> connections_;
  std::unique_ptr<RedactionContext> redaction_;
  std::unique_ptr<UpstreamPool> pool_;
  bool draining_ = false;
  std::thread thread_;
};

}  // namespace piiproxy
