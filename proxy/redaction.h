#pragma once
// The proxy's face of libpiimatch, one per worker thread: the thread's Scratch, a pool of
// Redactors (one is leased per body, URL or header value and reset when returned), and the
// policy questions "is this header / media type scanned?".
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "matchers/engine.h"
#include "matchers/finding.h"
#include "matchers/form_decoding_redactor.h"
#include "matchers/redactor.h"
#include "proxy/config.h"

namespace piiproxy {

// Logs each finding (rule, category, location, offsets, fingerprint; never the value) at
// debug level and optionally collects them for the caller.
class FindingRecorder final : public piimatch::FindingSink {
 public:
  void on_finding(const piimatch::Finding& finding) override;
  // Fingerprints are read by the debug log line and by whoever collects the findings.
  bool wants_fingerprints() const override;
  const char* location = "body";
  std::vector<piimatch::Finding>* collect = nullptr;  // when set, findings are appended
  std::uint64_t count = 0;
};

// How a body's bytes are read for detection.
enum class BodyEncoding : std::uint8_t {
  raw,   // as they are
  form,  // application/x-www-form-urlencoded: detection on the decoded bytes ('+', %XY),
         // redaction of the encoded ones (FormDecodingRedactor)
};

struct PooledRedactor {
  FindingRecorder recorder;
  std::unique_ptr<piimatch::Redactor> redactor;
  // Made the first time this slot serves a form body; most slots never do.
  std::unique_ptr<piimatch::FormDecodingRedactor> form_redactor;
  BodyEncoding leased_as = BodyEncoding::raw;  // which of the two the lease uses (reset on return)
};

class RedactionContext;
struct RedactorReturner {
  RedactionContext* owner = nullptr;
  void operator()(PooledRedactor* r) const;
};
using RedactorLease = std::unique_ptr<PooledRedactor, RedactorReturner>;

class RedactionContext {
 public:
  RedactionContext(std::shared_ptr<const piimatch::Engine> engine, piimatch::RedactorOptions options,
                   const RedactionConfig& config);
  ~RedactionContext();
  RedactionContext(const RedactionContext&) = delete;
  RedactionContext& operator=(const RedactionContext&) = delete;

  // A reset Redactor whose findings are logged with `location` ("request body", ...). With
  // BodyEncoding::form the lease's form_redactor is ready too, and is the one to use.
  RedactorLease acquire(const char* location, BodyEncoding encoding = BodyEncoding::raw);

  // True when every enabled rule's action keeps the byte length (Content-Length survives).
  bool length_preserving() const { return length_preserving_; }
  bool scans_header(std::string_view name) const;
  // `content_type` is the header value or null when absent.
  bool scans_media_type(const std::string* content_type) const;
  // form for application/x-www-form-urlencoded (any case, parameters ignored), else raw.
  static BodyEncoding body_encoding(const std::string* content_type);
  const RedactionConfig& config() const { return config_; }

  // Redacts a header value in place; returns the number of findings.
  std::uint64_t redact_value(std::string& value, const char* location);
  // Redacts a URL (request target, Referer, Location) in place. Detection runs on the
  // percent-decoded view; each finding's original bytes are replaced by the redacted text,
  // percent-encoded where needed, and the rest of the URL is left byte for byte.
  std::uint64_t redact_url(std::string& url, const char* location);

  // Worker-owned buffer for a body stage's output (reused; never shrinks).
  std::string& stage_output() { return stage_output_; }

 private:
  friend struct RedactorReturner;
  void give_back(PooledRedactor* r);

  std::shared_ptr<const piimatch::Engine> engine_;
  piimatch::Scratch scratch_;
  piimatch::RedactorOptions options_;
  RedactionConfig config_;
  bool length_preserving_ = true;
  std::vector<PooledRedactor*> idle_;
  std::string stage_output_;
  std::string decoded_, redacted_;
  std::vector<std::uint32_t> offsets_;
  std::vector<piimatch::Finding> findings_;
};

}  // namespace piiproxy
