#include "matchers/byte_class.h"

namespace piimatch {

namespace {
void add_word(ByteClass& c) {
  c.add_range('A', 'Z');
  c.add_range('a', 'z');
  c.add_range('0', '9');
  c.add('_');
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
  // Bracket expression: [ranges and bytes], with \\ escapes for ] \ and -.
  if (spec.size() < 3 || spec.front() != '[' || spec.back() != ']') return false;
  std::string_view body = spec.substr(1, spec.size() - 2);
  std::size_t i = 0;
  auto next = [&](unsigned char& c) {
    if (body[i] == '\\') {
      if (i + 1 >= body.size()) return false;
      ++i;
    }
    c = static_cast<unsigned char>(body[i++]);
    return true;
  };
  while (i < body.size()) {
    unsigned char lo = 0;
    if (!next(lo)) return false;
    if (i + 1 < body.size() && body[i] == '-') {
      ++i;
      unsigned char hi = 0;
      if (!next(hi) || hi < lo) return false;
      out.add_range(lo, hi);
    } else {
      out.add(lo);
    }
  }
  return true;
}

}  // namespace piimatch
