#pragma once
// One message body on its way through the proxy: bytes in (already de-framed by the codec)
// -> optional body stages (redaction) -> re-framing for the next hop -> an evbuffer.
//
// A BodyStage is the Envoy-filter-style unit: it takes bytes plus an end-of-stream flag and
// appends the bytes it releases. Stages hold back at most a bounded number of bytes.
#include <event2/buffer.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "proxy/redaction.h"

namespace piiproxy {

class BodyStage {
 public:
  virtual ~BodyStage() = default;
  // Appends released bytes to `out`. After end_of_stream, no more calls.
  virtual void process(std::string_view input, bool end_of_stream, std::string& out) = 0;
};

// Redacts personal data with a leased piimatch::Redactor, or with its FormDecodingRedactor
// when the lease was taken for a form body.
class RedactStage final : public BodyStage {
 public:
  explicit RedactStage(RedactorLease lease) : lease_(std::move(lease)) {}
  void process(std::string_view input, bool end_of_stream, std::string& out) override;
  std::uint64_t findings() const { return lease_->recorder.count; }

 private:
  RedactorLease lease_;
};

// How the body is delimited towards the next hop.
enum class Framing : std::uint8_t {
  none,            // no body (HEAD, 204, 304, no-body requests)
  content_length,  // bytes as they are; the head carries Content-Length
  chunked,         // Transfer-Encoding: chunked
  close,           // delimited by closing the connection (HTTP/1.0 peers)
};

class BodyPipeline {
 public:
  // With `redact`, the body goes through a Redactor leased from `redaction` that reads it
  // as `encoding` says; without, it passes through.
  void start(Framing framing, RedactionContext* redaction, const char* location, bool redact,
             BodyEncoding encoding = BodyEncoding::raw);
  void reset();

  // Appends the framed output of `data` to `out`.
  void write(std::string_view data, evbuffer* out);
  // End of the body: flushes held-back bytes and writes the chunked terminator.
  void finish(evbuffer* out);

  Framing framing() const { return framing_; }
  bool active() const { return active_; }
  std::uint64_t bytes_out() const { return bytes_out_; }

 private:
  void emit(std::string_view bytes, evbuffer* out);

  Framing framing_ = Framing::none;
  RedactionContext* redaction_ = nullptr;
  std::unique_ptr<RedactStage> stage_;
  bool active_ = false;
  std::uint64_t bytes_out_ = 0;
};

}  // namespace piiproxy
