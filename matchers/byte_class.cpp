#include "matchers/byte_class.h"

namespace piimatch {

namespace {
// `word` for boundaries: ASCII word bytes and every byte >= 0x80, so the UTF-8 bytes of a
// non-ASCII letter never look like a boundary.
void add_word(ByteClass& c) {
  c.add_all(ByteClass::ascii_word());
  c.add_range(0x80, 0xff);
}
}  // namespace

bool ByteClass::parse(std::string_view spec, ByteClass& out) {
  out = ByteClass{};
  if (spec == "none") return true;
  if (spec == "word") { add_word(out); return true; }
  if (spec == "alnum") {
    out.add_range('A', 'Z'); out.add_range('a', 'z'); out.add_range('0', '9'); out.add_range(0x80, 0xff);
    return true;
  }
  if (spec == "digit") { out.add_range('0', '9'); return true; }
  if (spec == "token") {
    add_word(out);
    for (char c : std::string_view("-.+/=")) out.add(static_cast<unsigned char>(c));
    return true;
  }
  if (spec == "email_local") {
    out.add_range('A', 'Z'); out.add_range('a', 'z'); out.add_range('0', '9');
    for (char c : std::string_view("._%+-")) out.add(static_cast<unsigned char>(c));
    return true;
  }
  // Bracket expression: [...] or negated [^...]; ranges a-z; escapes \s \d \w, \xHH for a
  // byte by value, and \c for a literal punctuation byte c (e.g. \] \- \\).
  if (spec.size() < 3 || spec.front() != '[' || spec.back() != ']') return false;
  std::string_view body = spec.substr(1, spec.size() - 2);
  bool negate = false;
  if (!body.empty() && body[0] == '^') {
    negate = true;
    body.remove_prefix(1);
    if (body.empty()) return false;
  }
  std::size_t i = 0;
  // Reads one element; returns false on a dangling escape. `set_class` is true when the
  // element was a class escape (\s \d \w), already added to `out`.
  auto next = [&](unsigned char& c, bool& set_class) {
    set_class = false;
    if (body[i] == '\\') {
      if (i + 1 >= body.size()) return false;
      const char e = body[i + 1];
      i += 2;
      if (e == 's') { for (char w : std::string_view(" \t\r\n\f\v")) out.add(static_cast<unsigned char>(w)); set_class = true; return true; }
      if (e == 'd') { out.add_range('0', '9'); set_class = true; return true; }
      if (e == 'w') { add_word(out); set_class = true; return true; }
      // Control-character escapes, as in a regex.
      if (e == 't') { c = '\t'; return true; }
      if (e == 'n') { c = '\n'; return true; }
      if (e == 'r') { c = '\r'; return true; }
      if (e == 'f') { c = '\f'; return true; }
      if (e == 'v') { c = '\v'; return true; }
      if (e == 'x') {  // \xHH: one byte by its hex value
        auto hex = [](char h) {
          if (h >= '0' && h <= '9') return h - '0';
          if (h >= 'a' && h <= 'f') return h - 'a' + 10;
          if (h >= 'A' && h <= 'F') return h - 'A' + 10;
          return -1;
        };
        if (i + 1 >= body.size() || hex(body[i]) < 0 || hex(body[i + 1]) < 0) return false;
        c = static_cast<unsigned char>(hex(body[i]) * 16 + hex(body[i + 1]));
        i += 2;
        return true;
      }
      c = static_cast<unsigned char>(e);
      return true;
    }
    c = static_cast<unsigned char>(body[i++]);
    return true;
  };
  while (i < body.size()) {
    unsigned char lo = 0;
    bool is_class = false;
    if (!next(lo, is_class)) return false;
    if (is_class) continue;
    if (i + 1 < body.size() && body[i] == '-') {
      ++i;
      unsigned char hi = 0;
      if (!next(hi, is_class) || is_class || hi < lo) return false;
      out.add_range(lo, hi);
    } else {
      out.add(lo);
    }
  }
  if (negate) out.invert();
  return true;
}

}  // namespace piimatch
