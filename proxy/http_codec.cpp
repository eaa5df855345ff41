#include "proxy/http_codec.h"

#include <exception>

namespace piiproxy {

namespace {
HttpCodec* self(llhttp_t* p) { return static_cast<HttpCodec*>(p->data); }
}  // namespace

const llhttp_settings_t& HttpCodec::settings() {
  static const llhttp_settings_t instance = [] {
    llhttp_settings_t s;
    llhttp_settings_init(&s);
    s.on_message_begin = &HttpCodec::on_message_begin;
    s.on_url = &HttpCodec::on_url;
    s.on_status = &HttpCodec::on_status;
    s.on_header_field = &HttpCodec::on_header_field;
    s.on_header_value = &HttpCodec::on_header_value;
    s.on_headers_complete = &HttpCodec::on_headers_complete;
    s.on_body = &HttpCodec::on_body;
    s.on_message_complete = &HttpCodec::on_message_complete;
    return s;
  }();
  return instance;
}

HttpCodec::HttpCodec(llhttp_type_t type, const HeadLimits& limits, Handler& handler)
    : limits_(limits), handler_(handler) {
  // Strict parsing (no lenient flags): llhttp then rejects Content-Length together with
  // Transfer-Encoding, duplicate Content-Length, bad chunk sizes and bare LF; obs-fold is
  // caught in on_header_value.
  llhttp_init(&parser_, type, &settings());
  parser_.data = this;
}

int HttpCodec::fail(int status, const char* reason) {
  error_status_ = status;
  error_reason_ = reason;
  return HPE_USER;
}

bool HttpCodec::add_head_bytes(std::size_t n) {
  head_bytes_ += static_cast<std::uint32_t>(n);
  return head_bytes_ <= limits_.max_header_bytes;
}

int HttpCodec::on_message_begin(llhttp_t* p) noexcept {
  HttpCodec* c = self(p);
  c->head_.clear();
  c->in_message_ = true;
  c->last_was_value_ = false;
  c->head_bytes_ = 0;
  c->target_bytes_ = 0;
  return 0;
}

int HttpCodec::on_url(llhttp_t* p, const char* at, std::size_t n) noexcept {
  HttpCodec* c = self(p);
  c->target_bytes_ += static_cast<std::uint32_t>(n);
  if (c->target_bytes_ > c->limits_.max_request_line) return c->fail(414, "request line too long");
  try { c->head_.target.append(at, n); } catch (...) { return c->fail(500, "out of memory"); }
  return 0;
}

int HttpCodec::on_status(llhttp_t* p, const char* at, std::size_t n) noexcept {
  HttpCodec* c = self(p);
  if (!c->add_head_bytes(n)) return c->fail(502, "response head too large");
  try { c->head_.reason.append(at, n); } catch (...) { return c->fail(500, "out of memory"); }
  return 0;
}

int HttpCodec::on_header_field(llhttp_t* p, const char* at, std::size_t n) noexcept {
  HttpCodec* c = self(p);
  const bool request = p->type == HTTP_REQUEST;
  if (!c->add_head_bytes(n)) return c->fail(request ? 431 : 502, "header section too large");
  try {
    if (c->head_.headers.empty() || c->last_was_value_) {
      if (c->head_.headers.size() >= c->limits_.max_headers)
        return c->fail(request ? 431 : 502, "too many header fields");
      c->head_.headers.emplace_back();
    }
    c->head_.headers.back().name.append(at, n);
  } catch (...) {
    return c->fail(500, "out of memory");
  }
  c->last_was_value_ = false;
  return 0;
}

int HttpCodec::on_header_value(llhttp_t* p, const char* at, std::size_t n) noexcept {
  HttpCodec* c = self(p);
  const bool request = p->type == HTTP_REQUEST;
  if (!c->add_head_bytes(n)) return c->fail(request ? 431 : 502, "header section too large");
  // llhttp accepts obsolete line folding (RFC 9112 5.2) and reports the continuation line
  // as one more value span of the same field. A value legitimately split across two
  // execute() calls also arrives in two spans, but then the first ends exactly at the end
  // of its buffer and the second starts exactly at the start of the next; anything else is
  // folding, which a proxy must reject rather than forward a message its peers may read
  // differently.
  if (c->last_was_value_ && !(c->value_reached_buffer_end_ && at == c->execute_start_))
    return c->fail(request ? 400 : 502, "obsolete line folding");
  c->value_reached_buffer_end_ = at + n == c->execute_end_;
  try { c->head_.headers.back().value.append(at, n); } catch (...) { return c->fail(500, "out of memory"); }
  c->last_was_value_ = true;
  return 0;
}

int HttpCodec::on_headers_complete(llhttp_t* p) noexcept {
  HttpCodec* c = self(p);
  MessageHead& h = c->head_;
  h.version_major = llhttp_get_http_major(p);
  h.version_minor = llhttp_get_http_minor(p);
  h.chunked = (p->flags & F_CHUNKED) != 0;
  h.has_content_length = (p->flags & F_CONTENT_LENGTH) != 0;
  h.content_length = h.has_content_length ? p->content_length : 0;
  h.keep_alive = llhttp_should_keep_alive(p) != 0;
  bool skip_body = false;
  if (p->type == HTTP_REQUEST) {
    h.method = llhttp_method_name(static_cast<llhttp_method_t>(llhttp_get_method(p)));
  } else {
    h.status = llhttp_get_status_code(p);
    // A response to HEAD, 1xx, 204 and 304 never has a body, whatever its headers say.
    skip_body = c->no_body_expected_ || (h.status >= 100 && h.status < 200) || h.status == 204 || h.status == 304;
  }
  bool go_on = false;
  try {
    go_on = c->handler_.on_head(h);
  } catch (const std::exception&) {
    go_on = false;
  }
  if (!go_on) {
    c->handler_stopped_ = true;
    return HPE_USER;
  }
  return skip_body ? 1 : 0;
}

int HttpCodec::on_body(llhttp_t* p, const char* at, std::size_t n) noexcept {
  HttpCodec* c = self(p);
  bool go_on = false;
  try {
    go_on = c->handler_.on_body(std::string_view(at, n));
  } catch (const std::exception&) {
    go_on = false;
  }
  if (!go_on) {
    c->handler_stopped_ = true;
    return HPE_USER;
  }
  return 0;
}

int HttpCodec::on_message_complete(llhttp_t* p) noexcept {
  HttpCodec* c = self(p);
  c->in_message_ = false;
  c->head_bytes_ = 0;
  bool go_on = false;
  try {
    go_on = c->handler_.on_message_end();
  } catch (const std::exception&) {
    go_on = false;
  }
  if (!go_on) {
    c->handler_stopped_ = true;
    return HPE_USER;
  }
  // Pause so the bytes of a pipelined next message stay in the caller's buffer.
  return HPE_PAUSED;
}

HttpCodec::Result HttpCodec::execute(const char* data, std::size_t length) {
  handler_stopped_ = false;
  execute_start_ = data;
  execute_end_ = data + length;
  llhttp_errno_t err = llhttp_execute(&parser_, data, length);
  if (err == HPE_OK) return {Status::need_more, length};
  const char* pos = llhttp_get_error_pos(&parser_);
  std::size_t consumed = pos && pos >= data && pos <= data + length ? static_cast<std::size_t>(pos - data) : length;
  if (err == HPE_PAUSED) return {Status::message_end, consumed};
  if (handler_stopped_) return {Status::stopped, consumed};
  if (err == HPE_USER) return {Status::error, consumed};  // a limit; error_status_ is set
  const bool request = parser_.type == HTTP_REQUEST;
  error_status_ = request ? 400 : 502;
  switch (err) {
    case HPE_UNEXPECTED_CONTENT_LENGTH: error_reason_ = "Content-Length with Transfer-Encoding, or duplicated"; break;
    case HPE_INVALID_CONTENT_LENGTH: error_reason_ = "invalid Content-Length"; break;
    case HPE_INVALID_TRANSFER_ENCODING: error_reason_ = "invalid Transfer-Encoding"; break;
    case HPE_INVALID_CHUNK_SIZE: error_reason_ = "invalid chunk size"; break;
    case HPE_INVALID_HEADER_TOKEN: error_reason_ = "invalid header field"; break;
    case HPE_INVALID_VERSION:
      error_reason_ = "unsupported HTTP version";
      if (request) error_status_ = 505;
      break;
    case HPE_INVALID_METHOD: error_reason_ = "invalid method"; break;
    case HPE_INVALID_URL: error_reason_ = "invalid request target"; break;
    case HPE_PAUSED_UPGRADE: error_reason_ = "protocol upgrade"; break;
    default: error_reason_ = request ? "malformed request" : "malformed response"; break;
  }
  return {Status::error, consumed};
}

HttpCodec::Status HttpCodec::finish() {
  handler_stopped_ = false;
  if (!in_message_) return Status::need_more;
  llhttp_errno_t err = llhttp_finish(&parser_);
  if (err == HPE_OK || err == HPE_PAUSED) return in_message_ ? Status::error : Status::message_end;
  if (handler_stopped_) return Status::stopped;
  error_status_ = 502;
  error_reason_ = "connection closed inside a message";
  return Status::error;
}

void HttpCodec::reset() {
  llhttp_reset(&parser_);
  in_message_ = false;
  last_was_value_ = false;
  no_body_expected_ = false;
  head_bytes_ = 0;
  target_bytes_ = 0;
}

void HttpCodec::resume() {
  if (llhttp_get_errno(&parser_) == HPE_PAUSED) llhttp_resume(&parser_);
}

}  // namespace piiproxy
