#pragma once
// HTTP/1.x message parsing with llhttp, turned into three events: head, body bytes, end.
// One HttpCodec per connection side (requests from the client, responses from the
// upstream). The codec enforces the head limits and stops after each complete message so
// pipelined bytes stay unread until the caller is ready for the next exchange.
#include <llhttp.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "proxy/http_message.h"

namespace piiproxy {

struct HeadLimits {
  std::uint32_t max_request_line = 8192;
  std::uint32_t max_header_bytes = 65536;
  std::uint32_t max_headers = 100;
};

class HttpCodec {
 public:
  // Receives the events. Returning false stops parsing at once (the handler has dealt with
  // the situation, e.g. answered an error or closed the connection); no further events
  // come until the codec is reset.
  class Handler {
   public:
    virtual ~Handler() = default;
    virtual bool on_head(MessageHead& head) = 0;
    virtual bool on_body(std::string_view data) = 0;
    virtual bool on_message_end() = 0;
  };

  enum class Status {
    need_more,   // all bytes consumed, message not complete yet
    message_end, // a message completed; bytes after it are not consumed (call resume())
    stopped,     // the handler returned false
    error,       // malformed input; see error_status() / error_reason()
  };
  struct Result {
    Status status;
    std::size_t consumed;
  };

  HttpCodec(llhttp_type_t type, const HeadLimits& limits, Handler& handler);
  HttpCodec(const HttpCodec&) = delete;
  HttpCodec& operator=(const HttpCodec&) = delete;

  Result execute(const char* data, std::size_t length);
  // The peer closed: completes a close-delimited response. Returns message_end, or error
  // when a message was cut short, or need_more when no message was in progress.
  Status finish();
  // After message_end: ready to parse the next message.
  void resume();
  // Forgets any message in progress (a new connection or exchange starts).
  void reset();
  // Frees the memory of the last head (an idle keep-alive connection keeps none).
  void release_memory() { head_ = MessageHead(); }

  // Response codec: the next response answers a HEAD request (it has no body).
  void expect_no_body(bool no_body) { no_body_expected_ = no_body; }
  // Close-delimited body (response without Content-Length or chunked).
  bool body_until_close() const { return llhttp_message_needs_eof(&parser_) != 0; }
  bool in_message() const { return in_message_; }
  bool started_message() const { return in_message_ || head_bytes_ > 0; }

  // After error: the status to answer (400, 414, 431) and a short reason (no user data).
  int error_status() const { return error_status_; }
  const char* error_reason() const { return error_reason_; }

 private:
  static int on_message_begin(llhttp_t* p) noexcept;
  static int on_url(llhttp_t* p, const char* at, std::size_t n) noexcept;
  static int on_status(llhttp_t* p, const char* at, std::size_t n) noexcept;
  static int on_header_field(llhttp_t* p, const char* at, std::size_t n) noexcept;
  static int on_header_value(llhttp_t* p, const char* at, std::size_t n) noexcept;
  static int on_headers_complete(llhttp_t* p) noexcept;
  static int on_body(llhttp_t* p, const char* at, std::size_t n) noexcept;
  static int on_message_complete(llhttp_t* p) noexcept;
  int fail(int status, const char* reason);
  bool add_head_bytes(std::size_t n);

  static const llhttp_settings_t& settings();  // the same callbacks for every codec

  llhttp_t parser_;
  HeadLimits limits_;
  Handler& handler_;
  MessageHead head_;
  bool in_message_ = false;
  bool last_was_value_ = false;
  bool no_body_expected_ = false;
  bool handler_stopped_ = false;
  const char* execute_start_ = nullptr;  // first byte of the current execute() call
  const char* execute_end_ = nullptr;    // one past its last byte
  bool value_reached_buffer_end_ = false;  // the last header value span ended a buffer
  std::uint32_t head_bytes_ = 0;
  std::uint32_t target_bytes_ = 0;
  int error_status_ = 400;
  const char* error_reason_ = "malformed request";
};

}  // namespace piiproxy
