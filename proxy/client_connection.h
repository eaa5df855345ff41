#pragma once
// One client connection and the exchange in flight on it (a request and its response, each
// with its own body pipeline). Exchanges run one at a time: after a request is complete the
// request codec pauses, so pipelined requests wait in the input buffer and are answered in
// order.
//
// Data flow:  client bev -> request codec -> request pipeline -> upstream bev
//             upstream bev -> response codec -> response pipeline -> client bev
// Backpressure: a side stops being read while the other side's output buffer holds more
// than limits.buffer_bytes; the write callback of that side resumes it at half of that.
//
// Lifetime: close() frees both bufferevents at once (no callback fires afterwards) and
// deletes the object from a zero-delay event, so code running inside a codec callback may
// call close() and must then only check closed_ and return.
#include <event2/bufferevent.h>
#include <netinet/in.h>

#include <memory>
#include <string>

#include "proxy/body_pipeline.h"
#include "proxy/http_codec.h"
#include "proxy/upstream_pool.h"

namespace piiproxy {

class Worker;

class ClientConnection final : public HttpCodec::Handler {
 public:
  ClientConnection(Worker& worker, evutil_socket_t fd, const sockaddr* peer, int peer_length);
  ~ClientConnection() override;
  ClientConnection(const ClientConnection&) = delete;
  ClientConnection& operator=(const ClientConnection&) = delete;

  void start();
  // SIGTERM: an idle connection closes now; a busy one closes after its current exchange.
  void begin_drain();
  // Forced close at the drain deadline.
  void close();

 private:
  // The response codec's events, routed here while this connection owns the upstream.
  class ResponseEvents final : public HttpCodec::Handler {
   public:
    explicit ResponseEvents(ClientConnection& c) : c_(c) {}
    bool on_head(MessageHead& head) override { return c_.on_response_head(head); }
    bool on_body(std::string_view data) override { return c_.on_response_body(data); }
    bool on_message_end() override { return c_.on_response_end(); }

   private:
    ClientConnection& c_;
  };

  // Request codec events.
  bool on_head(MessageHead& head) override;
  bool on_body(std::string_view data) override;
  bool on_message_end() override;
  // Response codec events.
  bool on_response_head(MessageHead& head);
  bool on_response_body(std::string_view data);
  bool on_response_end();

  static void on_client_read(bufferevent*, void* ctx);
  static void on_client_write(bufferevent*, void* ctx);
  static void on_client_event(bufferevent*, short what, void* ctx);
  static void on_upstream_read(bufferevent*, void* ctx);
  static void on_upstream_write(bufferevent*, void* ctx);
  static void on_upstream_event(bufferevent*, short what, void* ctx);
  static void on_deferred_delete(evutil_socket_t, short, void* ctx);

  void process_client_input();
  void flush_staged_to_upstream();
  void flush_staged_to_client();
  void process_upstream_input();
  void client_event(short what);
  void upstream_event(short what);
  bool attach_upstream(bool allow_reuse);
  bool retry_on_fresh_upstream();
  void finish_exchange();
  void upstream_failed(int status, const char* why);
  void send_error(int status, const char* message);
  void close_after_flush();
  void set_client_timeouts(double read_seconds);
  bool client_output_full() const;
  bool upstream_output_full() const;

  Worker& worker_;
  bufferevent* client_ = nullptr;
  std::string peer_ip_;
  HttpCodec request_codec_;
  ResponseEvents response_events_;
  // Parses the current upstream connection's response. Created per exchange (an idle
  // connection has none); freed only in finish_exchange(), never inside its own callbacks.
  std::unique_ptr<HttpCodec> response_codec_;
  std::unique_ptr<UpstreamConnection> upstream_;

  // The exchange in flight.
  bool exchange_active_ = false;
  bool request_complete_ = false;
  bool response_started_ = false;   // the upstream sent bytes of a (final) response
  bool response_head_sent_ = false; // the client got a status line: errors now mean closing
  bool interim_response_ = false;   // skipping a 1xx response from the upstream
  bool request_is_head_ = false;
  bool request_has_body_ = false;
  bool client_http10_ = false;
  bool client_keep_alive_ = true;
  bool upstream_keep_alive_ = true;
  bool retried_ = false;
  std::string upstream_request_head_;  // kept until the response starts, for one retry
  BodyPipeline request_body_;
  BodyPipeline response_body_;

  bool reading_paused_for_upstream_ = false;  // client reads stopped: upstream output full
  bool reading_paused_for_client_ = false;    // upstream reads stopped: client output full
  bool closing_ = false;  // flushing the last bytes to the client, then close()
  bool closed_ = false;
  bool draining_ = false;
};

}  // namespace piiproxy
