#include "matchers/regex_alphabet.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdint>

#include "matchers/percent_encoding.h"

namespace piimatch {

void append_regex_byte(unsigned char byte, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\x";
  out += kHex[byte >> 4];
  out += kHex[byte & 15];
}

namespace {

void add_word(ByteClass& c) { c.add_all(ByteClass::ascii_word()); }

void add_space(ByteClass& c) {
  for (char s : std::string_view(" \t\n\r\f\v")) c.add(static_cast<unsigned char>(s));
}

// Writes `set` as a bracket expression of \xHH bytes and ranges.
void append_bracket(const ByteClass& set, std::string& out) {
  auto byte = [&](unsigned b) { append_regex_byte(static_cast<unsigned char>(b), out); };
  out += '[';
  for (unsigned b = 0; b < 256;) {
    if (!set.contains(static_cast<unsigned char>(b))) { ++b; continue; }
    unsigned hi = b;
    while (hi + 1 < 256 && set.contains(static_cast<unsigned char>(hi + 1))) ++hi;
    byte(b);
    if (hi > b) {
      out += '-';
      byte(hi);
    }
    b = hi + 1;
  }
  out += ']';
}

bool has_digit(const ByteClass& set) {
  for (unsigned char d = '0'; d <= '9'; ++d) if (set.contains(d)) return true;
  return false;
}

// Reader over the pattern text. Every method returns false for "not modelled".
// With `rewrite` set it also copies the pattern there, writing every atom that can match
// a digit as a bracket expression that matches every digit (see widen_digits()).
class AlphabetReader {
 public:
  AlphabetReader(std::string_view p, ByteClass& out, std::string* rewrite = nullptr) : p_(p), out_(out), rewrite_(rewrite) {}

  bool read(bool& caseless) {
    while (i_ < p_.size()) {
      const char c = p_[i_];
      const std::size_t from = i_;
      if (c == '\\') {
        ByteClass set;
        bool is_assertion = false;
        if (!escape(set, is_assertion, false)) return false;
        // A widened pattern is scanned over a token's shape as its own block, where the
        // byte before the token is "start of data": \b, \B and anchors would read it wrong.
        if (is_assertion && rewrite_ != nullptr) return false;
        if (!is_assertion) merge(out_, set);
        emit_atom(from, set, is_assertion);
      } else if (c == '[') {
        ByteClass set;
        if (!bracket(set)) return false;
        merge(out_, set);
        emit_atom(from, set, false);
      } else if (c == '(') {
        ++i_;
        if (i_ < p_.size() && p_[i_] == '?') {
          if (!group_prefix(caseless)) return false;
        }
        emit_verbatim(from);
      } else if (c == '{') {
        // A quantifier {n}, {n,}, {n,m}: skip. Otherwise ({1,2,3}, {,2}) a literal brace,
        // as Hyperscan and PCRE2 read it.
        std::size_t j = i_ + 1;
        int commas = 0;
        while (j < p_.size() && (std::isdigit(static_cast<unsigned char>(p_[j])) || p_[j] == ',')) commas += p_[j++] == ',' ? 1 : 0;
        if (j < p_.size() && p_[j] == '}' && j > i_ + 1 && p_[i_ + 1] != ',' && commas <= 1) {
          i_ = j + 1;
        } else {
          out_.add('{');
          ++i_;
        }
        emit_verbatim(from);
      } else if (c == '.') {
        for (unsigned b = 0; b < 256; ++b) out_.add(static_cast<unsigned char>(b));
        ++i_;
        emit_verbatim(from);
      } else if (c == ')' || c == '|' || c == '*' || c == '+' || c == '?' || c == '^' || c == '$') {
        ++i_;
        emit_verbatim(from);
      } else {
        ByteClass set;
        set.add(static_cast<unsigned char>(c));
        out_.add(static_cast<unsigned char>(c));
        ++i_;
        emit_atom(from, set, false);
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
    // A rewrite cannot drop them (they still constrain the match): not modelled there.
    const bool lookaround = c == '=' || c == '!' || (c == '<' && i_ + 1 < p_.size() && (p_[i_ + 1] == '=' || p_[i_ + 1] == '!'));
    if (lookaround && rewrite_ != nullptr) return false;
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

 public:
  // The fewest bytes that must be digits in any match: atoms that match only digits count
  // one each, times their least repetition; alternatives take their minimum. Reads one
  // alternation up to an unmatched ')' or the end.
  bool min_digits(bool& caseless, std::uint32_t& out) {
    std::uint32_t best = UINT32_MAX;
    while (true) {
      std::uint32_t branch = 0;
      while (i_ < p_.size() && p_[i_] != '|' && p_[i_] != ')') {
        std::uint32_t item = 0;
        const char c = p_[i_];
        if (c == '(') {
          ++i_;
          bool skip = false;
          if (i_ < p_.size() && p_[i_] == '?') {
            const char k = i_ + 1 < p_.size() ? p_[i_ + 1] : 0;
            const bool lookaround = k == '=' || k == '!' || (k == '<' && i_ + 2 < p_.size() && (p_[i_ + 2] == '=' || p_[i_ + 2] == '!'));
            if (lookaround) {
              if (!group_prefix(caseless)) return false;  // skips the whole lookaround
              skip = true;
            } else if (!group_prefix(caseless)) {
              return false;
            }
            // An inline flag group "(?i)" ends at its ')': group_prefix consumed it.
            if (!skip && i_ > 0 && p_[i_ - 1] == ')') skip = true;
          }
          if (!skip) {
            if (!min_digits(caseless, item)) return false;
            if (i_ >= p_.size() || p_[i_] != ')') return false;
            ++i_;
          }
        } else if (c == '\\') {
          ByteClass set;
          bool assertion = false;
          if (!escape(set, assertion, false)) return false;
          item = !assertion && only_digits(set) ? 1 : 0;
        } else if (c == '[') {
          ByteClass set;
          if (!bracket(set)) return false;
          item = only_digits(set) ? 1 : 0;
        } else if (c == '^' || c == '$') {
          ++i_;
        } else {
          item = c >= '0' && c <= '9' ? 1 : 0;
          ++i_;
        }
        // Quantifier: the item counts its least repetition.
        if (i_ < p_.size()) {
          const char q = p_[i_];
          bool quantified = q == '?' || q == '*' || q == '+' || q == '{';
          if (q == '?' || q == '*') {
            item = 0;
            ++i_;
          } else if (q == '+') {
            ++i_;
          } else if (q == '{') {
            // {n}, {n,} or {n,m}; anything else is literal text, read as atoms next.
            std::size_t j = i_ + 1;
            std::uint32_t least = 0;
            while (j < p_.size() && std::isdigit(static_cast<unsigned char>(p_[j]))) least = least * 10 + static_cast<std::uint32_t>(p_[j++] - '0');
            if (j > i_ + 1 && j < p_.size() && p_[j] == ',') {
              ++j;
              while (j < p_.size() && std::isdigit(static_cast<unsigned char>(p_[j]))) ++j;
            }
            if (j > i_ + 1 && j < p_.size() && p_[j] == '}') {
              i_ = j + 1;
              item *= least;
            } else {
              quantified = false;
            }
          }
          if (quantified && i_ < p_.size() && (p_[i_] == '?' || p_[i_] == '+') && (q == '?' || q == '*' || q == '+' || q == '{')) ++i_;  // lazy / possessive
        }
        branch += item;
      }
      best = std::min(best, branch);
      if (i_ < p_.size() && p_[i_] == '|') {
        ++i_;
        continue;
      }
      out = best;
      return true;
    }
  }

 private:
  static bool only_digits(const ByteClass& set) {
    bool any = false;
    for (unsigned b = 0; b < 256; ++b) {
      if (!set.contains(static_cast<unsigned char>(b))) continue;
      if (b < '0' || b > '9') return false;
      any = true;
    }
    return any;
  }

 public:
  bool at_end() const { return i_ >= p_.size(); }

 private:

  // Copies the pattern text [from, i_) unchanged.
  void emit_verbatim(std::size_t from) {
    if (rewrite_ != nullptr) rewrite_->append(p_.substr(from, i_ - from));
  }
  // An atom that matches one byte of `set` was read from [from, i_): copy it, or widen it
  // to every digit when it can match one.
  void emit_atom(std::size_t from, const ByteClass& set, bool is_assertion) {
    if (rewrite_ == nullptr) return;
    if (is_assertion || !has_digit(set)) {
      emit_verbatim(from);
      return;
    }
    ByteClass widened = set;
    widened.add_range('0', '9');
    for (unsigned char d = '0'; d <= '9'; ++d) changed_ = changed_ || !set.contains(d);
    append_bracket(widened, *rewrite_);
  }

  std::string_view p_;
  ByteClass& out_;
  std::string* rewrite_;
  std::size_t i_ = 0;

 public:
  bool changed_ = false;  // some atom matched only some digits
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

bool min_digit_count(std::string_view pattern, std::uint32_t& out) {
  ByteClass alphabet;
  bool caseless = false;
  AlphabetReader reader(pattern, alphabet);
  std::uint32_t count = 0;
  if (!reader.min_digits(caseless, count) || !reader.at_end()) return false;
  out = count;
  return true;
}

bool widen_digits(std::string_view pattern, std::string& out, bool* changed) {
  out.clear();
  ByteClass alphabet;
  bool caseless = false;
  AlphabetReader reader(pattern, alphabet, &out);
  if (!reader.read(caseless)) {
    out.clear();
    return false;
  }
  if (changed != nullptr) *changed = reader.changed_;
  return true;
}

}  // namespace piimatch
