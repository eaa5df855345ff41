// Validators for network identifiers: IPv4 and IPv6 addresses, e-mail addresses and
// MAC addresses. All parse the candidate in place or into a small stack buffer.
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

#include "matchers/validators/validators.h"

namespace piimatch::validators {
namespace {

constexpr bool is_digit(char ch) noexcept { return ch >= '0' && ch <= '9'; }

constexpr bool is_hex(char ch) noexcept {
  return is_digit(ch) || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
}

constexpr bool is_alpha(char ch) noexcept {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

constexpr char to_lower_ascii(char ch) noexcept {
  return (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
}

// Dotted-quad IPv4: four decimal octets 0..255, no leading zeros (so "01" and "1.2.3.04"
// are rejected: they are usually version strings or zero-padded serials).
bool parse_ipv4(std::string_view text) noexcept {
  int octets = 0;
  std::size_t i = 0;
  while (true) {
    const std::size_t begin = i;
    unsigned value = 0;
    while (i < text.size() && is_digit(text[i]) && i - begin < 4) {
      value = value * 10 + static_cast<unsigned>(text[i] - '0');
      ++i;
    }
    const std::size_t width = i - begin;
    if (width == 0 || width > 3 || value > 255) return false;
    if (width > 1 && text[begin] == '0') return false;
    ++octets;
    if (i == text.size()) break;
    if (text[i] != '.' || octets == 4) return false;
    ++i;
  }
  return octets == 4;
}

// Parses ':'-separated groups of 1-4 hex digits; when `allow_ipv4_tail` the last
// element may be a dotted quad, which counts as two groups. Returns the group count,
// or nullopt when malformed. An empty `text` is zero groups.
std::optional<int> parse_ipv6_groups(std::string_view text, bool allow_ipv4_tail) noexcept {
  if (text.empty()) return 0;
  int groups = 0;
  std::size_t i = 0;
  while (true) {
    std::size_t next = text.find(':', i);
    const std::string_view part =
        text.substr(i, next == std::string_view::npos ? std::string_view::npos : next - i);
    if (next == std::string_view::npos && allow_ipv4_tail &&
        part.find('.') != std::string_view::npos) {
      if (!parse_ipv4(part)) return std::nullopt;
      return groups + 2;
    }
    if (part.empty() || part.size() > 4) return std::nullopt;
    for (char ch : part) {
      if (!is_hex(ch)) return std::nullopt;
    }
    ++groups;
    if (next == std::string_view::npos) return groups;
    i = next + 1;
  }
}

bool zone_ok(std::string_view zone) noexcept {
  if (zone.empty() || zone.size() > 32) return false;
  for (char ch : zone) {
    if (!(is_alpha(ch) || is_digit(ch) || ch == '.' || ch == '_' || ch == '-' || ch == '~')) return false;
  }
  return true;
}

constexpr std::size_t kMaxEmailLength = 254;  // RFC 5321 path limit minus the brackets

bool starts_with_ignore_case(std::string_view text, std::string_view lower_prefix) noexcept {
  if (text.size() < lower_prefix.size()) return false;
  for (std::size_t i = 0; i < lower_prefix.size(); ++i) {
    if (to_lower_ascii(text[i]) != lower_prefix[i]) return false;
  }
  return true;
}

// Writes `text` into `out` with the '@' encodings seen in URLs, JSON and HTML (%40,
// \u0040, &#64;, &#x40;, &commat;, in any letter case) turned into '@'. Returns the
// decoded length, or nullopt when it does not fit.
std::optional<std::size_t> decode_at_signs(std::string_view text,
                                           std::array<char, kMaxEmailLength>& out) noexcept {
  constexpr std::array<std::string_view, 5> kEncodedAt = {"%40", "\\u0040", "&#64;", "&#x40;", "&commat;"};
  std::size_t length = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t consumed = 1;
    char decoded = text[i];
    for (std::string_view encoding : kEncodedAt) {
      if (starts_with_ignore_case(text.substr(i), encoding)) {
        consumed = encoding.size();
        decoded = '@';
        break;
      }
    }
    if (length == out.size()) return std::nullopt;
    out[length++] = decoded;
    i += consumed;
  }
  return length;
}

// RFC 5322 "atext" without quoting: what real addresses use in their local part.
// Bytes >= 0x80 are UTF-8 (RFC 6531 internationalised addresses); they are accepted
// as letters in both the local part and domain labels.
constexpr bool is_utf8_byte(char ch) noexcept { return static_cast<unsigned char>(ch) >= 0x80; }

constexpr bool is_local_part_char(char ch) noexcept {
  if (is_alpha(ch) || is_digit(ch) || is_utf8_byte(ch)) return true;
  return std::string_view("!#$%&'*+/=?^_`{|}~.-").find(ch) != std::string_view::npos;
}

bool local_part_ok(std::string_view local) noexcept {
  if (local.empty() || local.size() > 64) return false;
  if (local.front() == '.' || local.back() == '.') return false;
  if (local.find("..") != std::string_view::npos) return false;
  for (char ch : local) {
    if (!is_local_part_char(ch)) return false;
  }
  return true;
}

bool top_level_domain_ok(std::string_view tld) noexcept {
  if (tld.size() > 4 && to_lower_ascii(tld[0]) == 'x' && to_lower_ascii(tld[1]) == 'n' &&
      tld[2] == '-' && tld[3] == '-') {
    return true;  // internationalised TLD in punycode; label chars checked by the caller
  }
  if (tld.size() < 2 || tld.size() > 24) return false;
  for (char ch : tld) {
    if (!is_alpha(ch)) return false;
  }
  return true;
}

bool domain_ok(std::string_view domain) noexcept {
  if (domain.empty() || domain.size() > 253) return false;
  int labels = 0;
  std::size_t i = 0;
  std::string_view last_label;
  while (true) {
    const std::size_t dot = domain.find('.', i);
    const std::string_view label =
        domain.substr(i, dot == std::string_view::npos ? std::string_view::npos : dot - i);
    if (label.empty() || label.size() > 63) return false;
    if (label.front() == '-' || label.back() == '-') return false;
    for (char ch : label) {
      if (!(is_alpha(ch) || is_digit(ch) || ch == '-' || is_utf8_byte(ch))) return false;
    }
    ++labels;
    last_label = label;
    if (dot == std::string_view::npos) break;
    i = dot + 1;
  }
  return labels >= 2 && top_level_domain_ok(last_label);
}

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates) and holds no
// Unicode space characters, which never belong in an address and would otherwise let
// "name\u00A0more@host" through.
bool utf8_without_spaces(std::string_view text) noexcept {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    char32_t code = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
      code = lead & 0x1Fu;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      code = lead & 0x0Fu;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      code = lead & 0x07u;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0u) != 0x80u) return false;
      code = (code << 6) | (next & 0x3Fu);
    }
    const bool overlong = (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
    const bool surrogate = code >= 0xD800 && code <= 0xDFFF;
    const bool space = code == 0x85 || code == 0xA0 || code == 0x1680 ||
                       (code >= 0x2000 && code <= 0x200B) || code == 0x2028 || code == 0x2029 ||
                       code == 0x202F || code == 0x205F || code == 0x3000 || code == 0xFEFF;
    if (overlong || surrogate || code > 0x10FFFF || space) return false;
    i += length;
  }
  return true;
}

}  // namespace

// Splits a CIDR suffix ("/24") off an address: the prefix length must be 0..max_bits
// without leading zeros. Returns false when a suffix is present but malformed.
bool strip_cidr_prefix(std::string_view& text, unsigned max_bits) noexcept {
  const std::size_t slash = text.rfind('/');
  if (slash == std::string_view::npos) return true;
  const std::string_view bits = text.substr(slash + 1);
  if (bits.empty() || bits.size() > 3 || (bits.size() > 1 && bits[0] == '0')) return false;
  unsigned value = 0;
  for (char ch : bits) {
    if (ch < '0' || ch > '9') return false;
    value = value * 10 + static_cast<unsigned>(ch - '0');
  }
  if (value > max_bits) return false;
  text = text.substr(0, slash);
  return true;
}

bool ipv4(Candidate& c, std::optional<double>) noexcept {
  std::string_view text = c.value();
  return strip_cidr_prefix(text, 32) && parse_ipv4(text);
}

bool ipv6(Candidate& c, std::optional<double>) noexcept {
  std::string_view text = c.value();
  if (!strip_cidr_prefix(text, 128)) return false;
  if (text.size() < 3 || text.size() > 64) return false;

  const std::size_t percent = text.find('%');
  if (percent != std::string_view::npos) {
    if (!zone_ok(text.substr(percent + 1))) return false;
    text = text.substr(0, percent);
  }
  if (text == "::") return false;  // the unspecified address alone is noise, not an identifier

  const std::size_t gap = text.find("::");
  if (gap == std::string_view::npos) {
    // Uncompressed: exactly 8 groups. This also rules out clock times like 12:30:45.
    const auto groups = parse_ipv6_groups(text, true);
    return groups && *groups == 8;
  }
  if (text.find("::", gap + 1) != std::string_view::npos) return false;  // only one "::"
  const std::string_view left = text.substr(0, gap);
  const std::string_view right = text.substr(gap + 2);
  const auto left_groups = parse_ipv6_groups(left, false);
  const auto right_groups = parse_ipv6_groups(right, true);
  if (!left_groups || !right_groups) return false;
  // "::" stands for at least one zero group.
  return *left_groups + *right_groups <= 7;
}

bool email(Candidate& c, std::optional<double>) noexcept {
  std::array<char, kMaxEmailLength> buffer{};
  const auto length = decode_at_signs(c.value(), buffer);
  if (!length) return false;
  const std::string_view address(buffer.data(), *length);
  if (!utf8_without_spaces(address)) return false;

  const std::size_t at = address.find('@');
  if (at == std::string_view::npos || address.find('@', at + 1) != std::string_view::npos) return false;
  return local_part_ok(address.substr(0, at)) && domain_ok(address.substr(at + 1));
}

bool mac_address(Candidate& c, std::optional<double>) noexcept {
  const std::string_view text = c.value();
  // Six octets (EUI-48) or eight (EUI-64, as in IPv6 interface ids and Zigbee/Thread).
  std::array<unsigned, 16> nibbles{};
  std::size_t count = 0;

  if (text.size() == 17 || text.size() == 23) {
    // xx:xx:xx:xx:xx:xx, with '-' or ' ' instead of ':', one separator throughout.
    const char separator = text[2];
    if (separator != ':' && separator != '-' && separator != ' ') return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (i % 3 == 2) {
        if (text[i] != separator) return false;
      } else {
        if (!is_hex(text[i])) return false;
        nibbles[count++] = static_cast<unsigned>(to_lower_ascii(text[i]));
      }
    }
  } else if (text.size() == 14 || text.size() == 19) {
    // Cisco style xxxx.xxxx.xxxx (and xxxx.xxxx.xxxx.xxxx for EUI-64).
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (i % 5 == 4) {
        if (text[i] != '.') return false;
      } else {
        if (!is_hex(text[i])) return false;
        nibbles[count++] = static_cast<unsigned>(to_lower_ascii(text[i]));
      }
    }
  } else {
    return false;
  }

  // All-zero and broadcast addresses identify no device.
  bool all_zero = true;
  bool all_f = true;
  for (std::size_t i = 0; i < count; ++i) {
    const unsigned nibble = nibbles[i];
    all_zero = all_zero && nibble == '0';
    all_f = all_f && nibble == 'f';
  }
  return !all_zero && !all_f;
}

}  // namespace piimatch::validators
