#pragma once
// A detected piece of personal data. Never carries the raw value: only where it was,
// what it was and a keyed fingerprint, so findings may be logged and exported safely.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "matchers/action.h"
#include "matchers/category.h"

namespace piimatch {

struct Finding {
  std::string_view rule_id;  // points into the Engine's rule table; valid while the Engine lives
  Category category = Category::email;
  std::uint64_t start = 0;  // byte offsets into the redactor's input stream, [start, end)
  std::uint64_t end = 0;
  ActionKind action = ActionKind::report;  // action actually applied
  // First 8 bytes of HMAC-SHA256(key, value); hex-encode with fingerprint_hex().
  std::array<std::uint8_t, 8> fingerprint{};
  std::uint32_t rule_index = 0;  // index into Engine::rules()
};

// Receives findings in stream order (ascending start). Implementations must not throw
// back into the redactor; the redactor calls this from write()/finish() only.
class FindingSink {
 public:
  virtual ~FindingSink() = default;
  virtual void on_finding(const Finding& finding) = 0;
  // Whether this sink reads Finding::fingerprint. The HMAC costs about 0.4 us a finding, a
  // tenth of the engine's time at 10% PII: a sink that only counts findings or keeps their
  // offsets says false and is given an all-zero fingerprint. (A label or hash action
  // computes it regardless: its replacement text is made from it.)
  virtual bool wants_fingerprints() const { return true; }
};

// 16 lowercase hex characters.
std::array<char, 16> fingerprint_hex(const std::array<std::uint8_t, 8>& fp);

// Appends the text a label or hash action writes in place of a finding ("[EMAIL]",
// "<email:1a2b3c4d>"); nothing for mask and report, which keep the finding's length.
void append_replacement_text(ActionKind kind, Category category, const std::array<std::uint8_t, 8>& fingerprint,
                             std::string& out);

}  // namespace piimatch
