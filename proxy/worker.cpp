#include "proxy/worker.h"

#include <spdlog/spdlog.h>

#include <event2/buffer.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "proxy/client_connection.h"
#include "proxy/event_util.h"

namespace piiproxy {

Worker::Worker(ProxyShared& shared, int index) : shared_(shared), index_(index) {
  base_ = event_base_new();
  if (!base_) throw ConfigError("cannot create an event loop");
  if (::pipe2(drain_pipe_, O_NONBLOCK | O_CLOEXEC) != 0) throw ConfigError("cannot create a pipe");
  drain_event_ = event_new(base_, drain_pipe_[0], EV_READ, &Worker::on_drain_signal, this);
  event_add(drain_event_, nullptr);
  staging_ = evbuffer_new();
  drain_deadline_ = evtimer_new(base_, &Worker::on_drain_deadline, this);
  pool_ = std::make_unique<UpstreamPool>(*this);
}

Worker::~Worker() {
  join();
  for (ClientConnection* c : std::vector<ClientConnection*>(connections_.begin(), connections_.end())) c->close();
  for (evconnlistener* l : listeners_) evconnlistener_free(l);
  listeners_.clear();
  pool_.reset();
  // Run the deferred deletions scheduled by close().
  if (base_) event_base_loop(base_, EVLOOP_NONBLOCK);
  redaction_.reset();
  if (drain_event_) event_free(drain_event_);
  if (drain_deadline_) event_free(drain_deadline_);
  if (staging_) evbuffer_free(staging_);
  for (int fd : drain_pipe_)
    if (fd >= 0) ::close(fd);
  if (base_) event_base_free(base_);
}

void Worker::bind_listeners() {
  for (std::size_t i = 0; i < shared_.listen_addresses.size(); ++i) {
    evconnlistener* l = evconnlistener_new_bind(
        base_, &Worker::on_accept, this,
        LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE | LEV_OPT_REUSEABLE_PORT | LEV_OPT_CLOSE_ON_EXEC, 1024,
        reinterpret_cast<const sockaddr*>(&shared_.listen_addresses[i]),
        static_cast<int>(shared_.listen_address_lengths[i]));
    if (!l) {
      throw ConfigError("cannot listen on " + shared_.config.listen[i] + ": " + std::strerror(errno));
    }
    listeners_.push_back(l);
  }
}

void Worker::start() {
  thread_ = std::thread([this] { run(); });
}

void Worker::join() {
  if (thread_.joinable()) thread_.join();
}

void Worker::run() {
  try {
    if (shared_.engine)
      redaction_ = std::make_unique<RedactionContext>(shared_.engine, shared_.redactor_options, shared_.config.redaction);
  } catch (const std::exception& e) {
    spdlog::critical("worker {}: cannot prepare the scanner: {}", index_, e.what());
    std::abort();  // fail closed: never serve unscanned traffic by accident
  }
  event_base_dispatch(base_);
}

void Worker::on_accept(evconnlistener*, evutil_socket_t fd, sockaddr* address, int length, void* ctx) {
  auto* self = static_cast<Worker*>(ctx);
  if (self->draining_) {
    evutil_closesocket(fd);
    return;
  }
  if (self->shared_.open_connections.fetch_add(1, std::memory_order_relaxed) >= self->shared_.config.limits.max_connections) {
    self->shared_.open_connections.fetch_sub(1, std::memory_order_relaxed);
    spdlog::warn("refusing a client: limits.max_connections ({}) reached", self->shared_.config.limits.max_connections);
    evutil_closesocket(fd);
    return;
  }
  evutil_make_socket_nonblocking(fd);
  ClientConnection* c = nullptr;
  try {
    c = new ClientConnection(*self, fd, address, length);
  } catch (const std::exception&) {
    self->shared_.open_connections.fetch_sub(1, std::memory_order_relaxed);
    evutil_closesocket(fd);
    return;
  }
  self->connections_.insert(c);
  c->start();
}

void Worker::connection_closed(ClientConnection* connection) {
  if (connections_.erase(connection)) shared_.open_connections.fetch_sub(1, std::memory_order_relaxed);
  maybe_exit();
}

void Worker::begin_drain() {
  const char byte = 'd';
  [[maybe_unused]] ssize_t n = ::write(drain_pipe_[1], &byte, 1);
}

void Worker::on_drain_signal(evutil_socket_t, short, void* ctx) {
  auto* self = static_cast<Worker*>(ctx);
  if (self->draining_) return;
  self->draining_ = true;
  for (evconnlistener* l : self->listeners_) evconnlistener_free(l);
  self->listeners_.clear();
  self->pool_->close_all();
  for (ClientConnection* c : std::vector<ClientConnection*>(self->connections_.begin(), self->connections_.end()))
    c->begin_drain();
  timeval deadline = to_timeval(self->shared_.config.timeouts.drain);
  evtimer_add(self->drain_deadline_, &deadline);
  self->maybe_exit();
}

void Worker::on_drain_deadline(evutil_socket_t, short, void* ctx) {
  auto* self = static_cast<Worker*>(ctx);
  if (!self->connections_.empty())
    spdlog::warn("worker {}: drain deadline reached; closing {} connection(s)", self->index_, self->connections_.size());
  for (ClientConnection* c : std::vector<ClientConnection*>(self->connections_.begin(), self->connections_.end()))
    c->close();
  event_base_loopexit(self->base_, nullptr);
}

void Worker::maybe_exit() {
  if (draining_ && connections_.empty()) {
    // Let the deferred deletions run first (they are already active), then stop.
    timeval soon{0, 1000};
    event_base_loopexit(base_, &soon);
  }
}

}  // namespace piiproxy
