#include "matchers/regex_alphabet.h"

#include <cctype>

namespace piimatch {

namespace {

void add_word(ByteClass& c) { c.add_all(ByteClass::ascii_word()); }

void add_space(ByteClass& c) {
  for (char s : std::string_view(" \t\n\r\f\v")) c.add(static_cast<unsigned char>(s));
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reader over the pattern text. Every method returns false for "not modelled".
class AlphabetReader {
 public:
  AlphabetReader(std::string_view p, ByteClass& out) : p_(p), out_(out) {}

  bool read(bool& caseless) {
    while (i_ < p_.size()) {
      const char c = p_[i_];
      if (c == '\\') {
        ByteClass set;
        bool is_assertion = false;
        if (!escape(set, is_assertion, false)) return false;
        if (!is_assertion) merge(out_, set);
      } else if (c == '[') {
        ByteClass set;
        if (!bracket(set)) return false;
        merge(out_, set);
      } else if (c == '(') {
        ++i_;
        if (i_ < p_.size() && p_[i_] == '?') {
          if (!group_prefix(caseless)) return false;
        }
      } else if (c == '{') {
        // A quantifier {n}, {n,}, {n,m}: skip. Otherwise a literal brace.
        std::size_t j = i_ + 1;
        while (j < p_.size() && (std::isdigit(static_cast<unsigned char>(p_[j])) || p_[j] == ',')) ++j;
        if (j < p_.size() && p_[j] == '}' && j > i_ + 1 && p_[i_ + 1] != ',') {
          i_ = j + 1;
        } else {
          out_.add('{');
          ++i_;
        }
      } else if (c == '.') {
        for (unsigned b = 0; b < 256; ++b) out_.add(static_cast<unsigned char>(b));
        ++i_;
      } else if (c == ')' || c == '|' || c == '*' || c == '+' || c == '?' || c == '^' || c == '$') {
        ++i_;
      } else {
        out_.add(static_cast<unsigned char>(c));
        ++i_;
      }
    }
    return true;
  }

 private:
  static void merge(ByteClass& into, const ByteClass& from) { into.add_all(from); }

  // At '\\'. Fills `set` with the bytes the escape can match.
  bool escape(ByteClass& set, bool& is_assertion, bool in_bracket) {
    if (i_ + 1 >= p_.size()) return false;
    const char e = p_[i_ + 1];
    i_ += 2;
    switch (e) {
      case 'd': set.add_range('0', '9'); return true;
      case 'w': add_word(set); return true;
      case 's': add_space(set); return true;
      case 'D': set.add_range('0', '9'); set.invert(); return true;
      case 'W': add_word(set); set.invert(); return true;
      case 'S': add_space(set); set.invert(); return true;
      case 'n': set.add('\n'); return true;
      case 't': set.add('\t'); return true;
      case 'r': set.add('\r'); return true;
      case 'f': set.add('\f'); return true;
      case 'v': set.add('\v'); return true;
      case 'e': set.add(0x1b); return true;
      case 'a': set.add(0x07); return true;
      case '0': set.add(0); return true;
      case 'x': {
        int value = 0;
        if (i_ < p_.size() && p_[i_] == '{') {
          std::size_t j = i_ + 1;
          while (j < p_.size() && hex_value(p_[j]) >= 0) value = value * 16 + hex_value(p_[j++]);
          if (j >= p_.size() || p_[j] != '}' || value > 255) return false;
          i_ = j + 1;
        } else {
          if (i_ + 1 >= p_.size() || hex_value(p_[i_]) < 0 || hex_value(p_[i_ + 1]) < 0) return false;
          value = hex_value(p_[i_]) * 16 + hex_value(p_[i_ + 1]);
          i_ += 2;
        }
        set.add(static_cast<unsigned char>(value));
        return true;
      }
      case 'b':
        if (in_bracket) { set.add(0x08); return true; }
        is_assertion = true;
        return true;
      case 'B': case 'A': case 'z': case 'Z': case 'G':
        if (in_bracket) return false;
        is_assertion = true;
        return true;
      default:
        if (std::isdigit(static_cast<unsigned char>(e))) {
          if (in_bracket) return false;
          is_assertion = true;  // back-reference: consumes only bytes a group already added
          while (i_ < p_.size() && std::isdigit(static_cast<unsigned char>(p_[i_]))) ++i_;
          return true;
        }
        if (std::isalnum(static_cast<unsigned char>(e))) return false;  // \p \Q \k \g \h \R ... not modelled
        set.add(static_cast<unsigned char>(e));  // escaped punctuation is itself
        return true;
    }
  }

  // At '['.
  bool bracket(ByteClass& set) {
    ++i_;
    bool negate = false;
    if (i_ < p_.size() && p_[i_] == '^') { negate = true; ++i_; }
    bool first = true;
    while (i_ < p_.size() && (p_[i_] != ']' || first)) {
      if (p_[i_] == '[' && i_ + 1 < p_.size() && p_[i_ + 1] == ':') return false;  // POSIX class
      int lo = -1;
      if (p_[i_] == '\\') {
        ByteClass escaped;
        bool assertion = false;
        const std::size_t before = i_;
        if (!escape(escaped, assertion, true)) return false;
        // A single-byte escape can start a range; a class escape cannot.
        int count = 0, only = -1;
        for (unsigned b = 0; b < 256; ++b) if (escaped.contains(static_cast<unsigned char>(b))) { ++count; only = static_cast<int>(b); }
        if (count == 1 && !(p_[before + 1] == 'd' || p_[before + 1] == 'w' || p_[before + 1] == 's')) {
          lo = only;
        } else {
          merge(set, escaped);
          first = false;
          continue;
        }
      } else {
        lo = static_cast<unsigned char>(p_[i_++]);
      }
      first = false;
      if (i_ + 1 < p_.size() && p_[i_] == '-' && p_[i_ + 1] != ']') {
        ++i_;
        int hi = -1;
        if (p_[i_] == '\\') {
          ByteClass escaped;
          bool assertion = false;
          if (!escape(escaped, assertion, true)) return false;
          for (unsigned b = 0; b < 256; ++b) if (escaped.contains(static_cast<unsigned char>(b))) hi = static_cast<int>(b);
        } else {
          hi = static_cast<unsigned char>(p_[i_++]);
        }
        if (hi < lo) return false;
        set.add_range(static_cast<unsigned char>(lo), static_cast<unsigned char>(hi));
      } else {
        set.add(static_cast<unsigned char>(lo));
      }
    }
    if (i_ >= p_.size()) return false;  // unterminated
    ++i_;                               // ']'
    if (negate) set.invert();
    return true;
  }

  // Inside a group just after its opening: moves past the matching ')', minding nested
  // groups, escapes and bracket expressions.
  bool skip_to_group_end() {
    int depth = 1;
    while (i_ < p_.size()) {
      const char c = p_[i_];
      if (c == '\\') {
        i_ += 2;
      } else if (c == '[') {
        ByteClass ignored;
        if (!bracket(ignored)) return false;
      } else {
        ++i_;
        if (c == '(') ++depth;
        if (c == ')' && --depth == 0) return true;
      }
    }
    return false;  // unbalanced
  }

  // At '?' just after '('.
  bool group_prefix(bool& caseless) {
    ++i_;
    if (i_ >= p_.size()) return false;
    const char c = p_[i_];
    // Lookarounds consume nothing, so no byte of a match comes from them: skip them whole.
    if (c == '=' || c == '!') { ++i_; return skip_to_group_end(); }
    if (c == '<' && i_ + 1 < p_.size() && (p_[i_ + 1] == '=' || p_[i_ + 1] == '!')) { i_ += 2; return skip_to_group_end(); }
    if (c == '(') return false;  // conditional group: not modelled
    if (c == ':' || c == '>' || c == '|') { ++i_; return true; }
    if (c == '#') {  // comment
      while (i_ < p_.size() && p_[i_] != ')') ++i_;
      ++i_;
      return true;
    }
    if (c == '<' || c == 'P' || c == '\'') {  // named group
      while (i_ < p_.size() && p_[i_] != '>' && !(c == '\'' && p_[i_] == '\'' && p_[i_ - 1] != '?')) ++i_;
      if (i_ >= p_.size()) return false;
      ++i_;
      return true;
    }
    // Inline flags: (?i) (?i: (?-i) (?s) ...
    bool negative = false;
    while (i_ < p_.size() && p_[i_] != ')' && p_[i_] != ':') {
      if (p_[i_] == '-') negative = true;
      else if (p_[i_] == 'i' && !negative) caseless = true;
      else if (!std::isalpha(static_cast<unsigned char>(p_[i_]))) return false;
      ++i_;
    }
    if (i_ >= p_.size()) return false;
    ++i_;
    return true;
  }

  std::string_view p_;
  ByteClass& out_;
  std::size_t i_ = 0;
};

}  // namespace

bool regex_alphabet(std::string_view pattern, bool caseless, ByteClass& out) {
  out = ByteClass{};
  AlphabetReader reader(pattern, out);
  if (!reader.read(caseless)) return false;
  if (caseless) {  // conservative: once any part is caseless, letters match in both cases
    for (unsigned char c = 'a'; c <= 'z'; ++c) {
      const auto upper = static_cast<unsigned char>(c - 'a' + 'A');
      if (out.contains(c) || out.contains(upper)) { out.add(c); out.add(upper); }
    }
  }
  return true;
}

}  // namespace piimatch
