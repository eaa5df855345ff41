#pragma once
// A set of byte values, used for boundary checks around a candidate match.
#include <bitset>
#include <string_view>

namespace piimatch {

class ByteClass {
 public:
  ByteClass() = default;

  // Parses a named class ("word", "alnum", "digit", "none", "email_local", "token") or a
  // bracket expression such as "[A-Za-z0-9_-]". Bytes >= 0x80 are letters for "word",
  // "alnum" and "token" (UTF-8 continuation bytes of non-ASCII letters), which is the
  // boundary Hyperscan's ASCII-only \b gets wrong. Returns false on a bad spec.
  static bool parse(std::string_view spec, ByteClass& out);

  // [A-Za-z0-9_]: what \w means to PCRE2 and Hyperscan without Unicode support.
  static ByteClass ascii_word() {
    ByteClass c;
    c.add_range('A', 'Z');
    c.add_range('a', 'z');
    c.add_range('0', '9');
    c.add('_');
    return c;
  }

  bool contains(unsigned char c) const { return bits_[c]; }
  bool operator==(const ByteClass& other) const = default;
  void add_all(const ByteClass& other) { bits_ |= other.bits_; }
  bool empty() const { return bits_.none(); }
  std::size_t count() const { return bits_.count(); }
  void invert() { bits_.flip(); }
  void add(unsigned char c) { bits_.set(c); }
  void add_range(unsigned char lo, unsigned char hi) {
    for (unsigned c = lo; c <= hi; ++c) bits_.set(c);
  }

 private:
  std::bitset<256> bits_;
};

}  // namespace piimatch
