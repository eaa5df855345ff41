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
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "matchers/engine.h"
#include "matchers/finding.h"

namespace piimatch {

// Thrown by write()/finish() when the scanner cannot do its job (Hyperscan error). The
// caller must fail closed: the bytes written so far are not known to be clean.
class ScanError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

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

  // The longest region after cue words or around triggers that is scanned in one piece
  // (a single region may be longer: twice its own length); it bounds what such regions
  // hold back.
  static constexpr std::uint64_t kMaxScanRegion = 8192;

  std::uint64_t bytes_in() const { return stream_end_; }
  std::uint64_t findings() const { return findings_emitted_; }
  // Bytes currently held (for memory-bound tests).
  std::size_t held_bytes() const { return buffer_.size(); }

 private:
  // A match end reported by Hyperscan whose rule has not confirmed it yet.
  struct Pending {
    std::uint32_t rule;
    std::uint64_t end;          // stream offset just past the match
    std::uint64_t known_start;  // dictionary literals: end - length; regex rules: kUnknown
  };
  // A confirmed finding waiting until it is certain no other finding can precede it.
  struct Accepted {
    std::uint32_t rule;
    std::uint64_t start;
    std::uint64_t end;
  };
  // An occurrence of a context word, [end - length, end).
  struct ContextHit {
    std::uint32_t word;
    std::uint64_t start;
    std::uint64_t end;
  };
  // A region after a context word still to be scanned with the gated database.
  struct GatedScan {
    std::uint64_t from;
    std::uint64_t to;
  };
  static constexpr std::uint64_t kUnknown = ~std::uint64_t{0};

  static int on_regex_match(unsigned id, unsigned long long from, unsigned long long to,
                            unsigned flags, void* ctx) noexcept;
  static int on_literal_match(unsigned id, unsigned long long from, unsigned long long to,
                              unsigned flags, void* ctx) noexcept;
  static int on_gated_match(unsigned id, unsigned long long from, unsigned long long to,
                            unsigned flags, void* ctx) noexcept;
  void run_gated_scans(bool at_end);
  bool cue_starts_word(std::uint64_t start) const noexcept;
  void scan_numeric_tokens(bool at_end);
  bool scan_numeric_token_directly(std::uint64_t token_start, std::uint64_t token_end, std::uint64_t done);
  void scan_triggers(bool at_end);
  void scan_name_words(bool at_end);
  static void on_name_word(void* ctx, std::uint32_t rule, std::uint64_t start, std::uint64_t end) noexcept;
  void add_scan_region(std::uint32_t group, std::uint64_t from, std::uint64_t to);
  void add_pending(std::uint32_t rule, std::uint64_t end, std::uint64_t known_start) noexcept;
  void scan(std::string_view input, bool at_end);
  void confirm_ready(bool at_end);
  bool confirm(const Pending& p, bool at_end, Accepted& out);
  // A context word of `rule` lies within [start - context_window, until).
  bool context_before(const CompiledRule& rule, std::uint64_t start, std::uint64_t until) const;
  void release(std::uint64_t upto, std::string& output);
  void emit(const Accepted& a, std::string& output);
  void trim();
  std::string_view bytes(std::uint64_t from, std::uint64_t to) const {
    return std::string_view(buffer_).substr(from - buffer_base_, to - from);
  }
  std::uint64_t safe_release_point(bool at_end) const;

  const Engine& engine_;
  Scratch& scratch_;
  FindingSink* sink_;
  RedactorOptions options_;
  // How start recovery scans back over a rule's alphabet: byte by byte, or 32 (AVX2) or
  // 64 (AVX-512 VBMI) bytes at a time (Engine::numeric_run_table().scan_back).
  NumericRunTable::Walk scan_back_ = NumericRunTable::Walk::bytewise;
  hs_stream_t* regex_stream_ = nullptr;
  hs_stream_t* literal_stream_ = nullptr;

  std::string buffer_;               // input bytes [buffer_base_, stream_end_)
  std::uint64_t buffer_base_ = 0;
  std::uint64_t stream_end_ = 0;     // total bytes written
  std::uint64_t released_ = 0;       // input bytes already turned into output
  std::uint64_t covered_until_ = 0;  // end of the last emitted finding (overlap suppression)
  bool finished_ = false;
  bool scan_failed_ = false;
  std::uint64_t findings_emitted_ = 0;

  std::vector<Pending> pending_;
  std::vector<Accepted> accepted_;
  std::vector<ContextHit> context_hits_;  // in stream order; trimmed with buffer_
  std::vector<std::vector<GatedScan>> gated_scans_;  // per gated group: disjoint, ascending
  std::uint64_t gated_base_ = 0;          // stream offset of the region being block-scanned
  // Every candidate end of a digit-shaped rule at or before this offset has been reported.
  std::uint64_t numeric_done_ = 0;
  // Every word starting before this offset has been looked up (NameWordTable::walk).
  std::uint64_t name_words_done_ = 0;
  // Every trigger starting before this offset has been looked for.
  std::uint64_t trigger_done_ = 0;
  std::vector<TriggerScanner::Hit> trigger_hits_;
};

}  // namespace piimatch
