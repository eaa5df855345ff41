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
    // Every encoding starts with '%', '\\' or '&' (no letter case to fold): other bytes,
    // nearly all of an address, are copied without trying the five encodings.
    if (decoded == '%' || decoded == '\\' || decoded == '&') {
      for (std::string_view encoding : kEncodedAt) {
        if (starts_with_ignore_case(text.substr(i), encoding)) {
          consumed = encoding.size();
          decoded = '@';
          break;
        }
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

// As a table: every byte of every address candidate is looked up (three e-mail rules).
constexpr std::array<bool, 256> kLocalPartChars = [] {
  std::array<bool, 256> table{};
  for (int b = 0; b < 256; ++b) {
    const char ch = static_cast<char>(b);
    table[b] = is_alpha(ch) || is_digit(ch) || is_utf8_byte(ch) ||
               std::string_view("!#$%&'*+/=?^_`{|}~.-").find(ch) != std::string_view::npos;
  }
  return table;
}();

constexpr bool is_local_part_char(char ch) noexcept { return kLocalPartChars[static_cast<unsigned char>(ch)]; }

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

namespace {

// A dot right after an address either ends a sentence ("from 203.0.113.7.") or continues a
// longer dotted token (a version 1.2.3.4.5, an OID, ::ffff:256.0.0.1). The IP rules match
// one optional trailing dot and rely on their right boundary (no letter or digit after the
// match) to tell the two apart; this drops that dot from the finding. A candidate without
// the dot is rejected when a dot follows it: the candidate one byte longer decides.
// Returns false to reject; otherwise narrows `c` and `text` to the address without the dot.
bool drop_sentence_dot(Candidate& c, std::string_view& text) noexcept {
  if (!text.empty() && text.back() == '.') {
    text.remove_suffix(1);
    --c.end;
    return true;
  }
  return c.end >= c.data.size() || c.data[c.end] != '.';
}

}  // namespace

bool ipv4(Candidate& c, std::optional<double>) noexcept {
  std::string_view text = c.value();
  if (!drop_sentence_dot(c, text)) return false;
  return strip_cidr_prefix(text, 32) && parse_ipv4(text);
}

namespace {

// The unspecified address alone (two colons, nothing else) identifies nobody, and code
// uses the same two colons everywhere: C++ and Perl scopes, Haskell's "x :: Int", Python's
// a[::-1], string literals in split calls, reST's literal-block marker on a line of its own.
// It is reported only where it reads as a value in a line of text: the whole data, after
// '=' ("src=:: dst=::1"), or after a blank and at the end of the line, the data or a
// sentence ("listens on ::").
bool unspecified_address_reads_as_value(const Candidate& c) noexcept {
  if (c.start == 0 && !c.at_stream_begin) return false;  // cannot see what comes before
  const bool at_begin = c.start == 0;
  const char before = at_begin ? '\0' : c.data[c.start - 1];
  const bool after_equals = before == '=';
  if (!at_begin && !after_equals && before != ' ' && before != '\t') return false;
  if (c.end >= c.data.size()) return c.at_stream_end;
  const char after = c.data[c.end];
  // A '.' here is a sentence dot that drop_sentence_dot() has taken off the finding.
  if (after == '\n' || after == '\r' || after == '.') return true;
  return after_equals && (after == ' ' || after == '\t' || after == '&' || after == ',' || after == ';');
}

}  // namespace

bool ipv6(Candidate& c, std::optional<double>) noexcept {
  std::string_view text = c.value();
  if (!drop_sentence_dot(c, text)) return false;
  if (!strip_cidr_prefix(text, 128)) return false;
  if (text.size() < 3 || text.size() > 64) return false;  // "::" alone: see ipv6_unspecified

  const std::size_t percent = text.find('%');
  if (percent != std::string_view::npos) {
    if (!zone_ok(text.substr(percent + 1))) return false;
    text = text.substr(0, percent);
  }
  if (text == "::") return false;  // "::%zone" names no address

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

bool ipv6_unspecified(Candidate& c, std::optional<double>) noexcept {
  std::string_view text = c.value();
  if (!drop_sentence_dot(c, text)) return false;
  const bool has_prefix = text.find('/') != std::string_view::npos;
  if (!strip_cidr_prefix(text, 128) || text != "::") return false;
  // With a prefix length (the default route ::/0) it is a value wherever it stands.
  return has_prefix || unspecified_address_reads_as_value(c);
}

bool email(Candidate& c, std::optional<double>) noexcept {
  std::array<char, kMaxEmailLength> buffer;  // only the decoded length is read: no need to clear it
  const auto length = decode_at_signs(c.value(), buffer);
  if (!length) return false;
  const std::string_view address(buffer.data(), *length);
  if (!utf8_without_spaces(address)) return false;

  const std::size_t at = address.find('@');
  if (at == std::string_view::npos || address.find('@', at + 1) != std::string_view::npos) return false;
  return local_part_ok(address.substr(0, at)) && domain_ok(address.substr(at + 1));
}

namespace {

bool equals_ignore_case(std::string_view text, std::string_view lower) noexcept {
  return text.size() == lower.size() && starts_with_ignore_case(text, lower);
}

// Where an address stands as a value of its own rather than inside running text or a URL.
enum class ValueContext { none, whole_data, enclosed, mailto };

// The candidate [start, end) is the whole data (a trailing line end allowed), enclosed in
// matching quotes or angle brackets, or the address of a mailto: link.
ValueContext value_context(const Candidate& c) noexcept {
  if (c.start == 0 && !c.at_stream_begin) return ValueContext::none;  // cannot see before
  if (c.end >= c.data.size() && !c.at_stream_end) return ValueContext::none;
  const bool at_begin = c.start == 0;
  const bool at_end = c.end >= c.data.size();
  const char before = at_begin ? '\0' : c.data[c.start - 1];
  const char after = at_end ? '\0' : c.data[c.end];
  const bool line_end_after = after == '\r' || after == '\n';
  if (at_begin && (at_end || line_end_after)) return ValueContext::whole_data;
  if ((before == '"' && after == '"') || (before == '\'' && after == '\'') || (before == '<' && after == '>')) {
    return ValueContext::enclosed;
  }
  constexpr std::string_view kMailto = "mailto:";
  constexpr std::string_view kMailtoEnds = "\"'>?&) \t\r\n";
  if (c.start >= kMailto.size() && starts_with_ignore_case(c.data.substr(c.start - kMailto.size()), kMailto) &&
      (at_end || kMailtoEnds.find(after) != std::string_view::npos)) {
    return ValueContext::mailto;
  }
  return ValueContext::none;
}

// A local part that starts like a form field or a path ("to=jane", "a=1&b=jane",
// "?q=jane", "/users/jane") is a key or path in front of an address, not part of it.
bool reads_as_key_or_path(std::string_view local) noexcept {
  for (std::size_t i = 0; i < local.size(); ++i) {
    const char ch = local[i];
    if (is_alpha(ch) || is_digit(ch) || ch == '_' || ch == '.' || ch == '-') continue;
    return ch == '=' || ch == '?' || ch == '&' || (ch == '/' && i == 0);
  }
  return false;
}

// Domain for an address that stands as a value: dot-separated labels of letters, digits
// and inner hyphens, or a single label (a host name such as localhost). The last label
// starts with a letter (not an IPv4-like domain) and has at least two characters: a@b.c is
// well-formed by RFC 5321, but no top-level domain has one letter, validators reject it,
// and "pkg@1.x" is a package version range. Returns the number of labels, 0 if bad.
int whole_value_domain_labels(std::string_view domain) noexcept {
  if (domain.empty() || domain.size() > 253) return 0;
  int labels = 0;
  std::size_t i = 0;
  while (true) {
    const std::size_t dot = domain.find('.', i);
    const std::string_view label =
        domain.substr(i, dot == std::string_view::npos ? std::string_view::npos : dot - i);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return 0;
    for (char ch : label) {
      if (!(is_alpha(ch) || is_digit(ch) || ch == '-')) return 0;
    }
    ++labels;
    if (dot == std::string_view::npos) return is_alpha(label.front()) && label.size() >= 2 ? labels : 0;
    i = dot + 1;
  }
}

}  // namespace

bool email_whole_value(Candidate& c, std::optional<double>) noexcept {
  const std::string_view address = c.value();
  if (address.size() > kMaxEmailLength) return false;
  const std::size_t at = address.find('@');
  if (at == std::string_view::npos || address.find('@', at + 1) != std::string_view::npos) return false;
  const std::string_view local = address.substr(0, at);
  const std::string_view domain = address.substr(at + 1);
  if (!local_part_ok(local) || reads_as_key_or_path(local)) return false;
  const int labels = whole_value_domain_labels(domain);
  if (labels == 0) return false;
  const ValueContext context = value_context(c);
  if (context == ValueContext::none) return false;
  // A dotless domain in quotes is as often a package and tag ("lodash@latest") as a
  // mailbox; there only the one host name every system has counts.
  if (labels == 1 && context == ValueContext::enclosed) return equals_ignore_case(domain, "localhost");
  return true;
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
