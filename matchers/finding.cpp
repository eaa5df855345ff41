#include "matchers/finding.h"

namespace piimatch {

std::array<char, 16> fingerprint_hex(const std::array<std::uint8_t, 8>& fp) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::array<char, 16> out{};
  for (std::size_t i = 0; i < fp.size(); ++i) {
    out[2 * i] = kHex[fp[i] >> 4];
    out[2 * i + 1] = kHex[fp[i] & 0x0f];
  }
  return out;
}

void append_replacement_text(ActionKind kind, Category category, const std::array<std::uint8_t, 8>& fingerprint,
                             std::string& out) {
  if (kind == ActionKind::label) {
    out.push_back('[');
    out.append(category_label(category));
    out.push_back(']');
  } else if (kind == ActionKind::hash) {
    const auto hex = fingerprint_hex(fingerprint);
    out.push_back('<');
    out.append(category_name(category));
    out.push_back(':');
    out.append(hex.data(), 8);
    out.push_back('>');
  }
}

}  // namespace piimatch
