#include "proxy/upstream_pool.h"

#include <event2/buffer.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "proxy/event_util.h"
#include "proxy/worker.h"

namespace piiproxy {

UpstreamConnection::~UpstreamConnection() {
  if (bev) bufferevent_free(bev);
}

UpstreamPool::~UpstreamPool() { close_all(); }

std::unique_ptr<UpstreamConnection> UpstreamPool::acquire(bool allow_reuse) {
  if (allow_reuse && !idle_.empty()) {
    std::unique_ptr<UpstreamConnection> c = std::move(idle_.back());
    idle_.pop_back();
    bufferevent_setcb(c->bev, nullptr, nullptr, nullptr, nullptr);
    c->pool = nullptr;
    c->reused = true;
    return c;
  }
  const ProxyShared& shared = worker_.shared();
  bufferevent* bev = bufferevent_socket_new(worker_.base(), -1, BEV_OPT_CLOSE_ON_FREE);
  if (!bev) return nullptr;
  auto c = std::make_unique<UpstreamConnection>(bev);
  const std::uint32_t watermark = shared.config.limits.buffer_bytes;
  bufferevent_setwatermark(bev, EV_READ, 0, watermark);
  bufferevent_set_max_single_read(bev, watermark);
  bufferevent_set_max_single_write(bev, watermark);
  timeval connect_tv = to_timeval(shared.config.timeouts.upstream_connect);
  bufferevent_set_timeouts(bev, nullptr, &connect_tv);
  if (bufferevent_socket_connect(bev, reinterpret_cast<const sockaddr*>(&shared.upstream_address),
                                 static_cast<int>(shared.upstream_address_length)) != 0) {
    // Immediate failure (e.g. no route): the caller answers 502. The error event may also
    // have been scheduled; the caller's callbacks are not set yet, so nothing fires.
    return nullptr;
  }
  evutil_socket_t fd = bufferevent_getfd(bev);
  if (fd >= 0) set_nodelay(fd);
  return c;
}

void UpstreamPool::release(std::unique_ptr<UpstreamConnection> c) {
  if (!c || worker_.draining() || idle_.size() >= worker_.config().upstream_pool_size ||
      evbuffer_get_length(bufferevent_get_input(c->bev)) != 0) {
    return;  // c closes here
  }
  bufferevent_setcb(c->bev, &UpstreamPool::on_idle_read, nullptr, &UpstreamPool::on_idle_event, c.get());
  timeval idle_tv = to_timeval(worker_.config().timeouts.upstream_idle);
  bufferevent_set_timeouts(c->bev, &idle_tv, nullptr);
  bufferevent_enable(c->bev, EV_READ);
  c->pool = this;
  idle_.push_back(std::move(c));
}

void UpstreamPool::drop(UpstreamConnection* connection) {
  auto it = std::find_if(idle_.begin(), idle_.end(), [&](const auto& p) { return p.get() == connection; });
  if (it != idle_.end()) idle_.erase(it);
}

void UpstreamPool::on_idle_read(bufferevent*, void* ctx) {
  // An idle upstream must not send anything: the connection is out of step; close it.
  auto* c = static_cast<UpstreamConnection*>(ctx);
  spdlog::debug("idle upstream connection sent unexpected bytes; closing it");
  c->pool->drop(c);
}

void UpstreamPool::on_idle_event(bufferevent*, short, void* ctx) {
  auto* c = static_cast<UpstreamConnection*>(ctx);
  c->pool->drop(c);
}

void UpstreamPool::close_all() { idle_.clear(); }

}  // namespace piiproxy
