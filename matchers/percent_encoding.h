#pragma once
// Percent-encoding (RFC 3986) as the redactors write and read it: the value of a hex digit,
// and replacement text made safe to put back into a form body or a URL.
#include <string>
#include <string_view>

namespace piimatch {

// 0-15 for a hex digit of either case, -1 for any other byte.
constexpr int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Appends `text` with every byte outside the unreserved set (A-Z a-z 0-9 - . _ ~) and
// outside `also_safe` written as %XY, so it can neither split nor join the fields around it.
void append_percent_encoded(std::string_view text, std::string& out, std::string_view also_safe = {});

}  // namespace piimatch
