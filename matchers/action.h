#pragma once
// What happens to the bytes of a finding in the redacted stream.
#include <cstdint>
#include <optional>
#include <string_view>

namespace piimatch {

enum class ActionKind : std::uint8_t {
  mask,    // every byte becomes mask_char (length-preserving); optionally keep the last N
  label,   // the finding becomes "[CATEGORY]"
  hash,    // the finding becomes "<category:hex>", a truncated keyed HMAC-SHA256
  report,  // bytes unchanged; the finding is only reported
};

struct Action {
  ActionKind kind = ActionKind::mask;
  char mask_char = '*';
  std::uint32_t keep_last = 0;  // mask only: leave this many trailing bytes visible

  // True when applying the action never changes the body length (so Content-Length stays).
  bool length_preserving() const { return kind == ActionKind::mask || kind == ActionKind::report; }
};

std::string_view action_name(ActionKind k);
std::optional<ActionKind> parse_action(std::string_view name);

}  // namespace piimatch
