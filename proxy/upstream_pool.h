#pragma once
// Connections to the upstream, per worker: a new one is opened when no idle one is left,
// and a connection whose last response ended cleanly with keep-alive goes back to the idle
// list. Idle connections are closed when the upstream closes them, sends unexpected bytes,
// or stay unused longer than timeouts.upstream_idle.
#include <event2/bufferevent.h>

#include <cstddef>
#include <list>
#include <memory>


namespace piiproxy {

class Worker;
class UpstreamPool;

// One TCP connection to the upstream. Its response parser lives in the exchange that owns
// the connection (a connection is only reused after a complete response, when a fresh
// parser is equivalent), so closing a connection never destroys a parser mid-callback.
struct UpstreamConnection {
  explicit UpstreamConnection(bufferevent* b) : bev(b) {}
  ~UpstreamConnection();
  UpstreamConnection(const UpstreamConnection&) = delete;
  UpstreamConnection& operator=(const UpstreamConnection&) = delete;

  bufferevent* bev;
  UpstreamPool* pool = nullptr;  // set while idle in a pool
  bool reused = false;           // served an earlier exchange (it may have been closed meanwhile)
  bool connected = false;
};

class UpstreamPool {
 public:
  explicit UpstreamPool(Worker& worker) : worker_(worker) {}
  ~UpstreamPool();
  UpstreamPool(const UpstreamPool&) = delete;
  UpstreamPool& operator=(const UpstreamPool&) = delete;

  // An idle connection, or a new one being connected (writes are queued until connected).
  // Returns null when the connect cannot even start. The caller sets the callbacks.
  std::unique_ptr<UpstreamConnection> acquire(bool allow_reuse = true);
  // Takes back a connection whose response ended cleanly; it may be closed instead.
  void release(std::unique_ptr<UpstreamConnection> connection);
  void close_all();
  std::size_t idle_count() const { return idle_.size(); }

 private:
  static void on_idle_read(bufferevent* bev, void* ctx);
  static void on_idle_event(bufferevent* bev, short what, void* ctx);
  void drop(UpstreamConnection* connection);

  Worker& worker_;
  std::list<std::unique_ptr<UpstreamConnection>> idle_;
};

}  // namespace piiproxy
