#include "proxy/client_connection.h"

#include <arpa/inet.h>
#include <event2/buffer.h>
#include <spdlog/spdlog.h>

#include <cstring>

#include "proxy/event_util.h"
#include "proxy/transport.h"
#include "proxy/worker.h"

namespace piiproxy {

namespace {

// Hop-by-hop fields (RFC 9110 7.6.1) never cross the proxy; framing fields are rewritten.
constexpr const char* kHopByHop[] = {"connection", "keep-alive", "proxy-connection", "te", "trailer",
                                     "transfer-encoding", "upgrade", "proxy-authenticate",
                                     "proxy-authorization", "content-length"};

// Removes hop-by-hop fields and those the Connection field names.
void strip_hop_by_hop(MessageHead& head) {
  std::vector<std::string> named;
  for (const auto& h : head.headers) {
    if (!iequals(h.name, "connection")) continue;
    std::string_view v(h.value);
    while (!v.empty()) {
      std::size_t comma = v.find(',');
      std::string_view item = v.substr(0, comma);
      while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
      while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
      if (!item.empty()) named.emplace_back(item);
      if (comma == std::string_view::npos) break;
      v.remove_prefix(comma + 1);
    }
  }
  for (const char* name : kHopByHop) head.remove(name);
  for (const auto& name : named) {
    // Never let a client remove the fields the proxy relies on through Connection.
    if (iequals(name, "host") || iequals(name, "x-forwarded-for") || iequals(name, "via") ||
        iequals(name, "accept-encoding") || iequals(name, "content-type") || iequals(name, "content-encoding"))
      continue;
    head.remove(name);
  }
}

bool is_identity_encoding(const std::string* encoding) {
  if (!encoding) return true;
  std::string_view v(*encoding);
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return v.empty() || iequals(v, "identity");
}

void append_list_value(MessageHead& head, std::string_view name, const std::string& item) {
  std::string value;
  for (auto it = head.headers.begin(); it != head.headers.end();) {
    if (iequals(it->name, name)) {
      if (!value.empty()) value += ", ";
      value += it->value;
      it = head.headers.erase(it);
    } else {
      ++it;
    }
  }
  if (!value.empty()) value += ", ";
  value += item;
  head.add(name, std::move(value));
}

}  // namespace

ClientConnection::ClientConnection(Worker& worker, evutil_socket_t fd, const sockaddr* peer, int)
    : worker_(worker),
      request_codec_(HTTP_REQUEST,
                     HeadLimits{worker.config().limits.max_request_line, worker.config().limits.max_header_bytes,
                                worker.config().limits.max_headers},
                     *this),
      response_events_(*this) {
  char ip[INET6_ADDRSTRLEN] = "";
  if (peer && peer->sa_family == AF_INET)
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(peer)->sin_addr, ip, sizeof ip);
  else if (peer && peer->sa_family == AF_INET6)
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(peer)->sin6_addr, ip, sizeof ip);
  peer_ip_ = ip;
  set_nodelay(fd);
  client_ = bufferevent_socket_new(worker.base(), fd, BEV_OPT_CLOSE_ON_FREE);
}

ClientConnection::~ClientConnection() {
  if (client_) bufferevent_free(client_);
}

void ClientConnection::start() {
  if (!client_) {
    close();
    return;
  }
  const std::uint32_t watermark = worker_.config().limits.buffer_bytes;
  bufferevent_setcb(client_, &ClientConnection::on_client_read, &ClientConnection::on_client_write,
                    &ClientConnection::on_client_event, this);
  bufferevent_setwatermark(client_, EV_READ, 0, watermark);
  bufferevent_setwatermark(client_, EV_WRITE, watermark / 2, 0);
  // libevent reads 16 KiB per call by default; bigger reads mean fewer parser and
  // redactor calls per body byte.
  bufferevent_set_max_single_read(client_, watermark);
  bufferevent_set_max_single_write(client_, watermark);
  set_client_timeouts(worker_.config().timeouts.client_idle);
  bufferevent_enable(client_, EV_READ | EV_WRITE);
}

void ClientConnection::set_client_timeouts(double read_seconds) {
  if (!client_) return;
  timeval write_tv = to_timeval(worker_.config().timeouts.body_idle);
  if (read_seconds > 0) {
    timeval read_tv = to_timeval(read_seconds);
    bufferevent_set_timeouts(client_, &read_tv, &write_tv);
  } else {
    bufferevent_set_timeouts(client_, nullptr, &write_tv);
  }
}

bool ClientConnection::client_output_full() const {
  return client_ && evbuffer_get_length(bufferevent_get_output(client_)) > worker_.config().limits.buffer_bytes;
}

bool ClientConnection::upstream_output_full() const {
  return upstream_ && evbuffer_get_length(bufferevent_get_output(upstream_->bev)) > worker_.config().limits.buffer_bytes;
}

void ClientConnection::begin_drain() {
  draining_ = true;
  if (closed_) return;
  if (!exchange_active_ && !request_codec_.started_message() &&
      evbuffer_get_length(bufferevent_get_input(client_)) == 0) {
    close();
  }
}

void ClientConnection::close() {
  if (closed_) return;
  closed_ = true;
  if (client_) {
    bufferevent_free(client_);
    client_ = nullptr;
  }
  upstream_.reset();  // never pooled: the exchange did not end cleanly
  request_body_.reset();
  response_body_.reset();
  worker_.connection_closed(this);
  timeval zero{0, 0};
  event_base_once(worker_.base(), -1, EV_TIMEOUT, &ClientConnection::on_deferred_delete, this, &zero);
}

void ClientConnection::on_deferred_delete(evutil_socket_t, short, void* ctx) {
  delete static_cast<ClientConnection*>(ctx);
}

void ClientConnection::close_after_flush() {
  if (closed_) return;
  closing_ = true;
  bufferevent_disable(client_, EV_READ);
  if (evbuffer_get_length(bufferevent_get_output(client_)) == 0) {
    close();
    return;
  }
  bufferevent_setwatermark(client_, EV_WRITE, 0, 0);  // write callback when fully flushed
}

void ClientConnection::send_error(int status, const char* message) {
  if (closed_) return;
  upstream_.reset();
  request_body_.reset();
  response_body_.reset();
  if (response_head_sent_) {  // too late for a status: cut the connection
    close();
    return;
  }
  response_head_sent_ = true;
  std::string body = std::string("piiproxy: ") + message + "\n";
  std::string out;
  out += client_http10_ ? "HTTP/1.0 " : "HTTP/1.1 ";
  out += std::to_string(status);
  out += ' ';
  out += reason_phrase(status);
  out += "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ";
  out += std::to_string(body.size());
  out += "\r\nConnection: close\r\n\r\n";
  if (!request_is_head_) out += body;
  evbuffer_add(bufferevent_get_output(client_), out.data(), out.size());
  close_after_flush();
}

// The worker's staging buffer collects what one codec call produced; it is emptied after
// every call, into the destination or (when that is gone) into nothing.
void ClientConnection::flush_staged_to_upstream() {
  evbuffer* staged = worker_.staging();
  if (!closed_ && upstream_) write_staged(upstream_->bev, staged, upstream_->connected);
  else evbuffer_drain(staged, evbuffer_get_length(staged));
}

void ClientConnection::flush_staged_to_client() {
  evbuffer* staged = worker_.staging();
  if (!closed_ && client_) write_staged(client_, staged, true);
  else evbuffer_drain(staged, evbuffer_get_length(staged));
}

// ---- client side ------------------------------------------------------------------------

void ClientConnection::on_client_read(bufferevent*, void* ctx) {
  auto* self = static_cast<ClientConnection*>(ctx);
  ReadOutcome more = ReadOutcome::more_later;
  if (!(self->exchange_active_ && self->request_complete_))
    more = read_available(self->client_, self->worker_.config().limits.buffer_bytes);
  self->process_client_input();
  if (more == ReadOutcome::end_of_stream) self->client_event(BEV_EVENT_EOF | BEV_EVENT_READING);
  else if (more == ReadOutcome::failed) self->client_event(BEV_EVENT_ERROR | BEV_EVENT_READING);
}

void ClientConnection::on_client_write(bufferevent*, void* ctx) {
  auto* self = static_cast<ClientConnection*>(ctx);
  if (self->closed_) return;
  if (self->closing_) {
    if (evbuffer_get_length(bufferevent_get_output(self->client_)) == 0) self->close();
    return;
  }
  if (self->reading_paused_for_client_ && self->upstream_) {
    self->reading_paused_for_client_ = false;
    bufferevent_enable(self->upstream_->bev, EV_READ);
    self->process_upstream_input();
  }
}

void ClientConnection::on_client_event(bufferevent*, short what, void* ctx) {
  static_cast<ClientConnection*>(ctx)->client_event(what);
}

void ClientConnection::client_event(short what) {
  if (closed_) return;
  if (what & BEV_EVENT_TIMEOUT) {
    if (what & BEV_EVENT_READING) {
      if (exchange_active_ && !request_complete_) {
        spdlog::info("client {}: request body idle for too long; answering 408", peer_ip_);
        send_error(408, "request body idle timeout");
      } else if (!exchange_active_ && request_codec_.started_message()) {
        spdlog::info("client {}: request head not received in time; answering 408", peer_ip_);
        send_error(408, "request head timeout");
      } else {
        close();  // idle keep-alive connection
      }
    } else {
      spdlog::info("client {}: not reading its response; closing", peer_ip_);
      close();
    }
    return;
  }
  // EOF or error: the client is gone. The upstream side of an unfinished exchange is
  // closed with it (never returned to the pool).
  if (exchange_active_) spdlog::info("client {}: connection closed before the response was complete", peer_ip_);
  close();
}

void ClientConnection::process_client_input() {
  if (closed_ || closing_) return;
  evbuffer* in = bufferevent_get_input(client_);
  while (!closed_ && evbuffer_get_length(in) > 0) {
    if (exchange_active_ && request_complete_) return;  // pipelined: wait for the response
    if (upstream_output_full()) break;
    evbuffer_iovec chunk;
    if (evbuffer_peek(in, -1, nullptr, &chunk, 1) < 1) break;
    HttpCodec::Result r = request_codec_.execute(static_cast<const char*>(chunk.iov_base), chunk.iov_len);
    flush_staged_to_upstream();
    if (closed_) return;
    evbuffer_drain(in, r.consumed);
    if (r.status == HttpCodec::Status::stopped || closing_) return;
    if (r.status == HttpCodec::Status::error) {
      spdlog::info("client {}: rejected request: {} ({})", peer_ip_, request_codec_.error_reason(),
                   request_codec_.error_status());
      send_error(request_codec_.error_status(), request_codec_.error_reason());
      return;
    }
  }
  if (closed_) return;
  if (upstream_output_full() && !reading_paused_for_upstream_) {
    reading_paused_for_upstream_ = true;
    bufferevent_disable(client_, EV_READ);
  }
}

bool ClientConnection::on_head(MessageHead& head) {
  const ProxyConfig& cfg = worker_.config();
  RedactionContext* redaction = worker_.redaction();
  exchange_active_ = true;
  request_complete_ = false;
  response_started_ = false;
  response_head_sent_ = false;
  interim_response_ = false;
  retried_ = false;
  upstream_keep_alive_ = true;
  client_http10_ = !head.http11();
  request_is_head_ = head.method == "HEAD";
  client_keep_alive_ = head.keep_alive && !draining_ && !worker_.draining();
  request_has_body_ = head.chunked || head.content_length > 0;

  if (head.method == "CONNECT" || head.has("upgrade")) {
    spdlog::info("client {}: refused {} with Upgrade/CONNECT (501)", peer_ip_, head.method);
    send_error(501, "protocol upgrade (e.g. WebSocket) and CONNECT are not supported");
    return false;
  }
  if (client_http10_ && head.has("transfer-encoding")) {
    spdlog::info("client {}: rejected HTTP/1.0 request with Transfer-Encoding (400)", peer_ip_);
    send_error(400, "Transfer-Encoding in an HTTP/1.0 request");
    return false;
  }
  int host_fields = 0;
  for (const auto& h : head.headers) host_fields += iequals(h.name, "host") ? 1 : 0;
  if (host_fields > 1) {
    spdlog::info("client {}: rejected request with {} Host fields (400)", peer_ip_, host_fields);
    send_error(400, "more than one Host field");
    return false;
  }
  bool expect_continue = false;
  if (const std::string* expect = head.find("expect")) {
    if (!iequals(*expect, "100-continue")) {
      send_error(417, "only Expect: 100-continue is supported");
      return false;
    }
    expect_continue = !client_http10_;
  }

  const bool redacting = redaction != nullptr;
  const bool scan_body = redacting && cfg.redaction.request_body && request_has_body_ &&
                         redaction->scans_media_type(head.find("content-type"));
  const BodyEncoding request_encoding = RedactionContext::body_encoding(head.find("content-type"));
  if (scan_body && !is_identity_encoding(head.find("content-encoding"))) {
    spdlog::warn("client {}: rejected a compressed request body of a scanned media type (415)", peer_ip_);
    send_error(415, "compressed request bodies cannot be scanned; send them uncompressed");
    return false;
  }

  // The request as the upstream sees it.
  Framing framing = Framing::none;
  std::uint64_t length = head.content_length;
  if (request_has_body_) {
    if (head.chunked || (scan_body && !redaction->length_preserving())) framing = Framing::chunked;
    else framing = Framing::content_length;
  }
  strip_hop_by_hop(head);
  head.remove("expect");
  if (!head.has("host")) head.add("Host", worker_.shared().upstream_authority);
  if (redacting) {
    if (cfg.redaction.response_body) head.set("Accept-Encoding", "identity");
    if (cfg.redaction.url) redaction->redact_url(head.target, "url");
    for (auto& h : head.headers) {
      if (!redaction->scans_header(h.name)) continue;
      if (iequals(h.name, "referer") || iequals(h.name, "location"))
        redaction->redact_url(h.value, "request header");
      else
        redaction->redact_value(h.value, "request header");
    }
  }
  append_list_value(head, "X-Forwarded-For", peer_ip_);
  head.set("X-Forwarded-Proto", "http");
  append_list_value(head, "Via", client_http10_ ? "1.0 piiproxy" : "1.1 piiproxy");
  if (framing == Framing::chunked) head.add("Transfer-Encoding", "chunked");
  else if (framing == Framing::content_length) head.add("Content-Length", std::to_string(length));

  upstream_request_head_.clear();
  append_request_head(head, upstream_request_head_);
  request_body_.start(framing, redaction, "request body", scan_body, request_encoding);

  if (!attach_upstream(true)) return false;
  evbuffer_add(worker_.staging(), upstream_request_head_.data(), upstream_request_head_.size());
  if (request_has_body_) {
    upstream_request_head_.clear();  // a body is streaming: no retry possible
    set_client_timeouts(cfg.timeouts.body_idle);
    if (expect_continue) evbuffer_add(bufferevent_get_output(client_), "HTTP/1.1 100 Continue\r\n\r\n", 25);
  }
  spdlog::debug("client {}: {} request forwarded", peer_ip_, head.method);
  return true;
}

bool ClientConnection::on_body(std::string_view data) {
  if (!upstream_) return false;
  request_body_.write(data, worker_.staging());
  return true;
}

bool ClientConnection::on_message_end() {
  request_complete_ = true;
  if (upstream_) {
    request_body_.finish(worker_.staging());
    // From now on the upstream has response_timeout to start answering.
    timeval read_tv = to_timeval(worker_.config().timeouts.upstream_response);
    timeval write_tv = to_timeval(worker_.config().timeouts.body_idle);
    if (upstream_->connected && !response_started_) bufferevent_set_timeouts(upstream_->bev, &read_tv, &write_tv);
  }
  // While waiting for the response the client may stay silent: no read timeout.
  set_client_timeouts(0);
  return true;  // the codec pauses here: pipelined bytes wait until the response is done
}

// ---- upstream side ----------------------------------------------------------------------

bool ClientConnection::attach_upstream(bool allow_reuse) {
  upstream_ = worker_.pool().acquire(allow_reuse);
  if (!upstream_) {
    spdlog::warn("client {}: cannot open a connection to the upstream; answering 502", peer_ip_);
    send_error(502, "upstream connection failed");
    return false;
  }
  if (!response_codec_) {
    const auto& limits = worker_.config().limits;
    response_codec_ = std::make_unique<HttpCodec>(
        HTTP_RESPONSE, HeadLimits{limits.max_request_line, limits.max_header_bytes, limits.max_headers},
        response_events_);
  } else {
    response_codec_->reset();
  }
  response_codec_->expect_no_body(request_is_head_);
  const std::uint32_t watermark = worker_.config().limits.buffer_bytes;
  bufferevent_setcb(upstream_->bev, &ClientConnection::on_upstream_read, &ClientConnection::on_upstream_write,
                    &ClientConnection::on_upstream_event, this);
  bufferevent_setwatermark(upstream_->bev, EV_WRITE, watermark / 2, 0);
  if (upstream_->reused) {
    upstream_->connected = true;
    timeval write_tv = to_timeval(worker_.config().timeouts.body_idle);
    bufferevent_set_timeouts(upstream_->bev, nullptr, &write_tv);
  }
  // EV_WRITE is enabled from the start (bufferevent_socket_new) and stays so; enabling it
  // again would arm the write event on an empty buffer (an epoll_ctl pair per request).
  bufferevent_enable(upstream_->bev, EV_READ);
  return true;
}

// A pooled connection may have been closed by the upstream just as it was reused; a request
// without a body whose response has not started can safely go again on a fresh connection.
bool ClientConnection::retry_on_fresh_upstream() {
  if (!upstream_ || !upstream_->reused || retried_ || response_started_ || upstream_request_head_.empty() ||
      !request_complete_)
    return false;
  retried_ = true;
  upstream_.reset();
  if (!attach_upstream(false)) return true;  // answered 502 already
  evbuffer_add(bufferevent_get_output(upstream_->bev), upstream_request_head_.data(), upstream_request_head_.size());
  spdlog::debug("client {}: pooled upstream connection was closed; retried on a new one", peer_ip_);
  return true;
}

void ClientConnection::on_upstream_read(bufferevent*, void* ctx) {
  auto* self = static_cast<ClientConnection*>(ctx);
  ReadOutcome more = ReadOutcome::more_later;
  if (self->upstream_ && !self->client_output_full())
    more = read_available(self->upstream_->bev, self->worker_.config().limits.buffer_bytes);
  self->process_upstream_input();
  if (more == ReadOutcome::end_of_stream) self->upstream_event(BEV_EVENT_EOF | BEV_EVENT_READING);
  else if (more == ReadOutcome::failed) self->upstream_event(BEV_EVENT_ERROR | BEV_EVENT_READING);
}

void ClientConnection::on_upstream_write(bufferevent*, void* ctx) {
  auto* self = static_cast<ClientConnection*>(ctx);
  if (self->closed_ || !self->reading_paused_for_upstream_) return;
  self->reading_paused_for_upstream_ = false;
  bufferevent_enable(self->client_, EV_READ);
  self->process_client_input();
}

void ClientConnection::on_upstream_event(bufferevent*, short what, void* ctx) {
  static_cast<ClientConnection*>(ctx)->upstream_event(what);
}

void ClientConnection::upstream_event(short what) {
  if (closed_ || !upstream_) return;
  if (what & BEV_EVENT_CONNECTED) {
    upstream_->connected = true;
    timeval write_tv = to_timeval(worker_.config().timeouts.body_idle);
    if (request_complete_) {
      timeval read_tv = to_timeval(worker_.config().timeouts.upstream_response);
      bufferevent_set_timeouts(upstream_->bev, &read_tv, &write_tv);
    } else {
      bufferevent_set_timeouts(upstream_->bev, nullptr, &write_tv);
    }
    return;
  }
  if (what & BEV_EVENT_TIMEOUT) {
    if (!upstream_->connected) {
      spdlog::warn("client {}: upstream connect timed out; answering 504", peer_ip_);
      upstream_failed(504, "upstream connect timeout");
    } else if (!response_started_) {
      spdlog::warn("client {}: upstream response timed out; answering 504", peer_ip_);
      upstream_failed(504, "upstream response timeout");
    } else {
      spdlog::warn("client {}: upstream stalled inside the response body; closing", peer_ip_);
      upstream_failed(504, "upstream body timeout");
    }
    return;
  }
  // EOF or error.
  if ((what & BEV_EVENT_EOF) && response_started_) {
    // Bytes may still wait in the input buffer (e.g. reading was paused): parse them first.
    process_upstream_input();
    if (closed_ || !upstream_) return;
    if (evbuffer_get_length(bufferevent_get_input(upstream_->bev)) > 0) {
      // Still paused by backpressure; the rest is parsed when the client drains. Finish
      // then. (Stop reading: the socket is at EOF.)
      bufferevent_disable(upstream_->bev, EV_READ);
      upstream_keep_alive_ = false;
      return;
    }
    HttpCodec::Status s = response_codec_->finish();
    if (closed_) return;
    if (s == HttpCodec::Status::message_end) {
      upstream_keep_alive_ = false;
      finish_exchange();
      return;
    }
    spdlog::warn("client {}: upstream closed the connection inside the response", peer_ip_);
    upstream_failed(502, "upstream closed the connection early");
    return;
  }
  if (retry_on_fresh_upstream()) return;
  if (!upstream_->connected) {
    spdlog::warn("client {}: upstream connection failed ({}); answering 502", peer_ip_,
                 evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
    upstream_failed(502, "upstream connection failed");
  } else {
    spdlog::warn("client {}: upstream closed the connection before a complete response; answering 502", peer_ip_);
    upstream_failed(502, "upstream closed the connection");
  }
}

void ClientConnection::upstream_failed(int status, const char* why) {
  upstream_.reset();
  send_error(status, why);  // or a plain close once the response head went out
}

void ClientConnection::process_upstream_input() {
  if (closed_ || !upstream_) return;
  evbuffer* in = bufferevent_get_input(upstream_->bev);
  while (upstream_ && evbuffer_get_length(in) > 0) {
    if (client_output_full()) {
      if (!reading_paused_for_client_) {
        reading_paused_for_client_ = true;
        bufferevent_disable(upstream_->bev, EV_READ);
      }
      return;
    }
    if (!exchange_active_) {
      // Bytes from the upstream with no request outstanding: out of step.
      upstream_.reset();
      return;
    }
    evbuffer_iovec chunk;
    if (evbuffer_peek(in, -1, nullptr, &chunk, 1) < 1) break;
    HttpCodec::Result r = response_codec_->execute(static_cast<const char*>(chunk.iov_base), chunk.iov_len);
    flush_staged_to_client();
    if (closed_ || !upstream_) return;
    evbuffer_drain(in, r.consumed);
    switch (r.status) {
      case HttpCodec::Status::need_more:
        break;
      case HttpCodec::Status::message_end:
        if (interim_response_) {
          interim_response_ = false;
          response_codec_->resume();
          break;
        }
        finish_exchange();
        return;
      case HttpCodec::Status::stopped:
        return;
      case HttpCodec::Status::error:
        spdlog::warn("client {}: malformed response from the upstream: {}", peer_ip_, response_codec_->error_reason());
        upstream_failed(502, "malformed response from the upstream");
        return;
    }
  }
}

bool ClientConnection::on_response_head(MessageHead& head) {
  const ProxyConfig& cfg = worker_.config();
  RedactionContext* redaction = worker_.redaction();
  if (head.status == 101) {
    spdlog::warn("client {}: upstream switched protocols without being asked; answering 502", peer_ip_);
    upstream_failed(502, "upstream switched protocols");
    return false;
  }
  response_started_ = true;
  upstream_request_head_.clear();
  if (head.status >= 100 && head.status < 200) {
    interim_response_ = true;  // 1xx: skipped (100 Continue was answered by the proxy)
    return true;
  }
  upstream_keep_alive_ = head.keep_alive;
  const bool no_body = request_is_head_ || head.status == 204 || head.status == 304;
  const bool until_close = !no_body && !head.chunked && !head.has_content_length;
  if (until_close) upstream_keep_alive_ = false;

  const bool scan_body = redaction && cfg.redaction.response_body && !no_body &&
                         redaction->scans_media_type(head.find("content-type"));
  const BodyEncoding response_encoding = RedactionContext::body_encoding(head.find("content-type"));
  bool redact_body = scan_body;
  if (scan_body && !is_identity_encoding(head.find("content-encoding"))) {
    if (cfg.redaction.compressed == "pass") {
      spdlog::warn("client {}: passing a compressed response (Content-Encoding: {}) unscanned, as configured",
                   peer_ip_, *head.find("content-encoding"));
      redact_body = false;
    } else {
      spdlog::warn("client {}: upstream sent a compressed response (Content-Encoding: {}) of a scanned media "
                   "type although identity was asked for; answering 502",
                   peer_ip_, *head.find("content-encoding"));
      upstream_keep_alive_ = false;
      upstream_failed(502, "upstream sent a compressed response that cannot be scanned");
      return false;
    }
  }

  const std::string* original_length = head.find("content-length");
  std::string kept_length = original_length && no_body ? *original_length : std::string();
  Framing framing = Framing::none;
  if (!no_body) {
    const bool keeps_length = head.has_content_length && !head.chunked &&
                              (!redact_body || redaction->length_preserving());
    if (keeps_length) framing = Framing::content_length;
    else if (!client_http10_) framing = Framing::chunked;
    else framing = Framing::close;
  }
  strip_hop_by_hop(head);
  if (redaction) {
    for (auto& h : head.headers) {
      if (!redaction->scans_header(h.name)) continue;
      if (iequals(h.name, "location") || iequals(h.name, "referer") || iequals(h.name, "content-location"))
        redaction->redact_url(h.value, "response header");
      else
        redaction->redact_value(h.value, "response header");
    }
  }
  append_list_value(head, "Via", "1.1 piiproxy");
  if (framing == Framing::close || !request_complete_ || worker_.draining() || draining_) client_keep_alive_ = false;
  if (framing == Framing::content_length) head.add("Content-Length", std::to_string(head.content_length));
  else if (framing == Framing::chunked) head.add("Transfer-Encoding", "chunked");
  else if (!kept_length.empty()) head.add("Content-Length", kept_length);
  if (!client_keep_alive_) head.add("Connection", "close");
  else if (client_http10_) head.add("Connection", "keep-alive");
  head.version_major = 1;
  head.version_minor = client_http10_ ? 0 : 1;

  std::string out;
  append_response_head(head, out);
  evbuffer_add(worker_.staging(), out.data(), out.size());
  response_head_sent_ = true;
  response_body_.start(framing, redaction, "response body", redact_body, response_encoding);
  timeval idle_tv = to_timeval(cfg.timeouts.body_idle);
  bufferevent_set_timeouts(upstream_->bev, &idle_tv, &idle_tv);
  return true;
}

bool ClientConnection::on_response_body(std::string_view data) {
  response_body_.write(data, worker_.staging());
  return true;
}

bool ClientConnection::on_response_end() { return true; }

void ClientConnection::finish_exchange() {
  if (closed_) return;
  response_body_.finish(worker_.staging());
  write_staged(client_, worker_.staging(), true);
  const bool reuse_upstream = upstream_ && upstream_keep_alive_ && request_complete_ && !draining_ &&
                              evbuffer_get_length(bufferevent_get_input(upstream_->bev)) == 0;
  if (reuse_upstream) {
    response_codec_->resume();
    worker_.pool().release(std::move(upstream_));
  }
  upstream_.reset();
  reading_paused_for_client_ = false;
  exchange_active_ = false;
  // An idle keep-alive connection holds no per-request memory.
  // (finish_exchange runs after the response codec returned, never inside its callbacks.)
  request_codec_.release_memory();
  response_codec_.reset();
  std::string().swap(upstream_request_head_);
  if (!request_complete_) {
    // The upstream answered before the request body was complete: the rest of the request
    // cannot be told apart from a next request, so this connection ends here.
    client_keep_alive_ = false;
    request_body_.reset();
  }
  if (!client_keep_alive_ || draining_ || worker_.draining()) {
    close_after_flush();
    return;
  }
  request_codec_.resume();
  set_client_timeouts(worker_.config().timeouts.client_idle);
  if (reading_paused_for_upstream_) {
    reading_paused_for_upstream_ = false;
    bufferevent_enable(client_, EV_READ);
  }
  process_client_input();  // a pipelined request may be waiting
}

}  // namespace piiproxy
