#pragma once
// Streaming redaction of one message (a body, a header value, a file).
//
//   Redactor r(engine, scratch, &sink);
//   r.write(chunk, out);   // appends the bytes that are final to `out`
//   r.finish(out);         // appends the rest
//
// Guarantees: the concatenated output and the findings are byte-identical for every way
// of splitting the same input into writes (one-byte writes included). At most
// engine.holdback() + engine.lookbehind() bytes plus one write are held in memory.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "matchers/engine.h"
#include "matchers/finding.h"

namespace piimatch {

struct RedactorOptions {
  // When set, replaces every rule's own action (scan --action, policy overrides).
  std::optional<Action> action_override;
  // Rules to skip (by index into Engine::rules()); empty = all enabled. Size must be
  // rules().size() when non-empty.
  std::vector<bool> rule_enabled;
};

class Redactor {
 public:
  Redactor(const Engine& engine, Scratch& scratch, FindingSink* sink, RedactorOptions options = {});
  ~Redactor();
  Redactor(const Redactor&) = delete;
  Redactor& operator=(const Redactor&) = delete;

  void write(std::string_view input, std::string& output);
  void finish(std::string& output);
  // Ready for a new message; reuses the Hyperscan stream (no allocation).
  void reset();

  std::uint64_t bytes_in() const { return stream_end_; }
  std::uint64_t findings() const { return findings_emitted_; }
  // Bytes currently held (for memory-bound tests).
  std::size_t held_bytes() const { return buffer_.size(); }

 private:
  struct Pending;   // candidate reported by Hyperscan, not yet confirmed
  struct Accepted;  // confirmed finding, not yet emitted
  static int on_regex_match(unsigned id, unsigned long long from, unsigned long long to,
                            unsigned flags, void* ctx) noexcept;
  static int on_literal_match(unsigned id, unsigned long long from, unsigned long long to,
                              unsigned flags, void* ctx) noexcept;
  void confirm_ready(bool at_end);
  void release(std::uint64_t upto, std::string& output);
  void emit(const Accepted& a, std::string& output);

  const Engine& engine_;
  Scratch& scratch_;
  FindingSink* sink_;
  RedactorOptions options_;
  hs_stream_t* regex_stream_ = nullptr;
  hs_stream_t* literal_stream_ = nullptr;

  std::string buffer_;           // bytes [buffer_base_, stream_end_) of the input
  std::uint64_t buffer_base_ = 0;
  std::uint64_t stream_end_ = 0; // total bytes written
  std::uint64_t released_ = 0;   // input bytes already turned into output
  std::uint64_t covered_until_ = 0;  // end of the last emitted finding (overlap suppression)
  bool finished_ = false;
  std::uint64_t findings_emitted_ = 0;

  std::vector<Pending>* pending_;
  std::vector<Accepted>* accepted_;
};

}  // namespace piimatch
