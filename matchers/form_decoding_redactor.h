#pragma once
// Streaming redaction of an application/x-www-form-urlencoded body: detection runs on the
// decoded bytes ('+' is a space, %XY the byte it names), redaction applies to the encoded
// bytes the caller passes on.
//
//   FormDecodingRedactor r(engine, scratch, &sink);
//   r.write(encoded_chunk, out);   // appends the encoded bytes that are final to `out`
//   r.finish(out);                 // appends the rest
//
// Input and output are encoded. Bytes outside findings leave byte for byte as they came.
// A finding covers the encoded bytes of its decoded value: mask turns each of them into the
// mask character (the body keeps its length), label and hash write their usual text
// percent-encoded, report leaves them. Findings reach the sink with ENCODED offsets and the
// fingerprint of the DECODED value, so one e-mail address has one fingerprint whether it
// was sent plain or as "alice%40example.com".
//
// Guarantees (inherited from Redactor): output and findings are identical for every way
// of splitting the same input into writes. Memory held: the inner Redactor's bytes plus the
// encoded bytes of the decoded bytes it has not released (at most three per decoded byte)
// plus an escape cut by the end of a write (at most two bytes).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "matchers/action.h"
#include "matchers/category.h"
#include "matchers/engine.h"
#include "matchers/finding.h"
#include "matchers/redactor.h"

namespace piimatch {

class FormDecodingRedactor {
 public:
  FormDecodingRedactor(const Engine& engine, Scratch& scratch, FindingSink* sink, RedactorOptions options = {});
  FormDecodingRedactor(const FormDecodingRedactor&) = delete;
  FormDecodingRedactor& operator=(const FormDecodingRedactor&) = delete;

  // Throws ScanError like Redactor::write; the caller must fail closed.
  void write(std::string_view input, std::string& output);
  void finish(std::string& output);
  // Ready for a new message; keeps the buffers' capacity and the inner Hyperscan streams.
  void reset();

  std::uint64_t bytes_in() const { return encoded_end_; }
  std::uint64_t findings() const { return findings_emitted_; }
  // Bytes currently held: the encoded bytes not yet released plus the inner Redactor's.
  std::size_t held_bytes() const { return encoded_.size() + inner_.held_bytes(); }

 private:
  // Collects the inner Redactor's findings (decoded offsets) until they are translated.
  // The inner Redactor only reports, so it computes fingerprints only when this says so:
  // when a label or hash replacement may need one, or the outer sink wants them.
  class Collector final : public FindingSink {
   public:
    Collector(bool for_replacements, const FindingSink* outer)
        : wanted_(for_replacements || (outer != nullptr && outer->wants_fingerprints())) {}
    void on_finding(const Finding& finding) override { findings.push_back(finding); }
    bool wants_fingerprints() const override { return wanted_; }
    std::vector<Finding> findings;

   private:
    bool wanted_;
  };
  // From decoded offset `decoded` on, decoded byte d starts at encoded offset
  // encoded + (d - decoded), up to the next breakpoint.
  struct Breakpoint {
    std::uint64_t decoded;
    std::uint64_t encoded;
  };
  enum class EscapeState : std::uint8_t { none, percent, percent_hex };

  // Appends the decoded bytes of `input` to decoded_ (and breakpoints); keeps an escape cut
  // by the end of `input` in escape_state_.
  void decode(std::string_view input);
  // Decodes the held '%' or '%X' as the literal bytes it is (end of input or non-hex next).
  void flush_partial_escape_literally();
  void push_decoded_escape(unsigned char byte);
  // Turns the inner Redactor's released decoded bytes and findings into encoded output.
  void release(std::string& output);
  void emit(const Finding& inner_finding, std::string& output);
  void append_encoded(std::uint64_t upto, std::string& output);
  std::uint64_t encoded_offset(std::uint64_t decoded) const;
  void drop_breakpoints_before(std::uint64_t decoded);
  Action action_of(const Finding& finding) const;

  const Engine& engine_;
  FindingSink* sink_;
  std::optional<Action> action_override_;
  Collector collector_;
  Redactor inner_;  // action report: its output is its input

  std::string encoded_;              // encoded bytes [encoded_base_, encoded_end_), not yet released
  std::uint64_t encoded_base_ = 0;   // encoded offset of encoded_[0] (== released encoded offset)
  std::uint64_t encoded_end_ = 0;    // total encoded bytes written
  std::uint64_t decoded_end_ = 0;    // total decoded bytes handed to the inner Redactor
  EscapeState escape_state_ = EscapeState::none;
  char escape_hex_ = 0;              // the first hex digit while escape_state_ == percent_hex
  // Ascending; breakpoints_[breakpoints_head_] is the last one at or before the released point.
  std::vector<Breakpoint> breakpoints_;
  std::size_t breakpoints_head_ = 0;
  std::string decoded_;              // decoded bytes of the current write (reused)
  std::string inner_output_;         // the inner Redactor's output of the current call (reused)
  std::string replacement_;          // a label or hash text before percent-encoding (reused)
  std::uint64_t inner_released_ = 0; // decoded bytes the inner Redactor has released
  std::uint64_t released_cursor_ = 0; // within release(): encoded bytes already output
  std::uint64_t findings_emitted_ = 0;
};

}  // namespace piimatch
