#pragma once
// Generates strings that a regular expression matches, so a test can hand every bundled
// rule a value of its own shape (tests/every_rule_fires_test.cpp).
//
// It reads the syntax the rule packs use, in Hyperscan expressions and PCRE2 confirm
// regexes: literal bytes and escapes (\xHH, \t, \., \x60), the classes \d \w \s \h and
// their negations, bracket expressions with ranges, negation and POSIX names, groups of
// every kind ((?:...), named, branch reset, atomic), alternation, the quantifiers ? * +
// {n} {n,} {n,m} (lazy and possessive forms included) and the i flag, given for the whole
// pattern, inline ((?i), (?-i)) or scoped ((?i:...)).
//
// Sampling is not matching: assertions (^ $ \b \B, lookarounds) produce nothing, and a
// possessive quantifier is sampled like a greedy one. A sample can therefore break an
// assertion; the caller must check each sample with a real regex engine and discard the
// ones that do not match. Choices, for a sampler meant to feed validators:
//   - a repetition takes its minimum plus at most `max_extra_repeats` more;
//   - a bracket expression that holds printable ASCII (or \t \n \r) picks among those
//     bytes only, so [\s\S] gives text, not control bytes; one made only of other bytes
//     (a UTF-8 lead byte class) picks among them;
//   - a negated bracket expression and `.` pick printable ASCII outside the set.
// Unsupported syntax (back-references, \p, \Q, the x flag) throws std::invalid_argument,
// so a rule written in it shows up as a sampler gap, not as a silent wrong sample.
#include <algorithm>
#include <bitset>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace piitest {

// The top-level alternatives of a pattern ("a|b(?:c|d)|[|]" gives "a", "b(?:c|d)", "[|]"):
// a rule written as alternatives has one layout per alternative. Bytes in bracket
// expressions, escapes and groups are not split on.
inline std::vector<std::string> top_level_alternatives(std::string_view pattern) {
  std::vector<std::string> out(1);
  int depth = 0;
  bool in_bracket = false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      out.back() += pattern.substr(i, 2);
      ++i;
      continue;
    }
    if (in_bracket) {
      if (c == ']') in_bracket = false;
    } else if (c == '[') {
      in_bracket = true;
      out.back() += c;
      // A ']' right after '[' or '[^' is a member, not the end.
      if (i + 1 < pattern.size() && pattern[i + 1] == '^') out.back() += pattern[++i];
      if (i + 1 < pattern.size() && pattern[i + 1] == ']') out.back() += pattern[++i];
      continue;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (c == '|' && depth == 0) {
      out.emplace_back();
      continue;
    }
    out.back() += c;
  }
  return out;
}

class RegexSampler {
 public:
  struct Options {
    // Repetitions beyond a quantifier's minimum, at most (bounded by its maximum).
    std::uint32_t max_extra_repeats = 8;
  };

  // Throws std::invalid_argument naming the offset of the first unsupported construct.
  RegexSampler(std::string_view pattern, bool caseless) : pattern_(pattern) {
    Flags flags{caseless};
    root_ = parse_alternation(flags);
    if (pos_ != pattern_.size()) fail("unbalanced ')'");
  }

  std::string sample(std::mt19937& rng, Options options) const {
    std::string out;
    generate(root_, rng, options, out);
    return out;
  }
  std::string sample(std::mt19937& rng) const { return sample(rng, Options{}); }

 private:
  using ByteSet = std::bitset<256>;

  struct Node {
    enum class Kind { byte, sequence, alternation, repeat };
    Kind kind = Kind::sequence;
    std::vector<unsigned char> choices;  // byte: pick one of these (never empty)
    std::vector<std::size_t> children;   // sequence, alternation; repeat: exactly one
    std::uint32_t min = 0;               // repeat
    std::uint32_t max = 0;               // repeat (ignored when unbounded)
    bool unbounded = false;              // repeat
  };

  struct Flags {
    bool caseless = false;
  };

  static constexpr std::uint32_t kNoLimit = ~std::uint32_t{0};

  [[noreturn]] void fail(const std::string& what) const {
    throw std::invalid_argument("regex sampler: " + what + " at offset " + std::to_string(pos_) + " of '" +
                                std::string(pattern_) + "'");
  }

  bool at_end() const { return pos_ >= pattern_.size(); }
  char peek() const { return at_end() ? '\0' : pattern_[pos_]; }
  bool consume(std::string_view literal) {
    if (std::string_view(pattern_).substr(pos_, literal.size()) != literal) return false;
    pos_ += literal.size();
    return true;
  }

  std::size_t add(Node node) {
    nodes_.push_back(std::move(node));
    return nodes_.size() - 1;
  }
  std::size_t empty_node() { return add(Node{}); }

  static bool is_printable_or_line(unsigned b) { return (b >= 0x20 && b < 0x7f) || b == '\t' || b == '\n' || b == '\r'; }

  static ByteSet printable_ascii() {
    ByteSet set;
    for (unsigned b = 0x20; b < 0x7f; ++b) set.set(b);
    return set;
  }

  static void fold_case(ByteSet& set) {
    for (unsigned b = 'a'; b <= 'z'; ++b) {
      const unsigned upper = b - 'a' + 'A';
      if (set.test(b) || set.test(upper)) {
        set.set(b);
        set.set(upper);
      }
    }
  }

  std::size_t byte_node(ByteSet set) {
    ByteSet preferred;
    for (unsigned b = 0; b < 256; ++b) {
      if (set.test(b) && is_printable_or_line(b)) preferred.set(b);
    }
    if (preferred.any()) set = preferred;
    Node node;
    node.kind = Node::Kind::byte;
    for (unsigned b = 0; b < 256; ++b) {
      if (set.test(b)) node.choices.push_back(static_cast<unsigned char>(b));
    }
    if (node.choices.empty()) fail("a class that matches no byte");
    return add(std::move(node));
  }

  std::size_t literal_node(unsigned char byte, const Flags& flags) {
    ByteSet set;
    set.set(byte);
    if (flags.caseless) fold_case(set);
    return byte_node(set);
  }

  // alternation := sequence ('|' sequence)*
  std::size_t parse_alternation(Flags& flags) {
    Node alternation;
    alternation.kind = Node::Kind::alternation;
    alternation.children.push_back(parse_sequence(flags));
    while (consume("|")) alternation.children.push_back(parse_sequence(flags));
    if (alternation.children.size() == 1) return alternation.children[0];
    return add(std::move(alternation));
  }

  // sequence := (atom quantifier?)*, up to '|' or ')' or the end.
  std::size_t parse_sequence(Flags& flags) {
    Node sequence;
    sequence.kind = Node::Kind::sequence;
    while (!at_end() && peek() != '|' && peek() != ')') {
      std::size_t atom = parse_atom(flags);
      atom = parse_quantifier(atom);
      sequence.children.push_back(atom);
    }
    return add(std::move(sequence));
  }

  // Reads a quantifier after `atom`, if there is one. A '{' that does not start a valid
  // quantifier is a literal, as in PCRE2 and Hyperscan.
  std::size_t parse_quantifier(std::size_t atom) {
    std::uint32_t min = 0;
    std::uint32_t max = 0;
    bool unbounded = false;
    if (consume("*")) {
      unbounded = true;
    } else if (consume("+")) {
      min = 1;
      unbounded = true;
    } else if (consume("?")) {
      max = 1;
    } else if (peek() == '{' && read_braces(min, max, unbounded)) {
      // read_braces consumed it
    } else {
      return atom;
    }
    if (!consume("?")) consume("+");  // lazy or possessive: sampled alike
    Node repeat;
    repeat.kind = Node::Kind::repeat;
    repeat.children.push_back(atom);
    repeat.min = min;
    repeat.max = max;
    repeat.unbounded = unbounded;
    if (!unbounded && max < min) fail("a quantifier whose maximum is below its minimum");
    return add(std::move(repeat));
  }

  bool read_braces(std::uint32_t& min, std::uint32_t& max, bool& unbounded) {
    const std::size_t start = pos_;
    ++pos_;  // '{'
    auto read_number = [&](std::uint32_t& value) {
      const std::size_t from = pos_;
      value = 0;
      while (!at_end() && peek() >= '0' && peek() <= '9') value = value * 10 + static_cast<std::uint32_t>(pattern_[pos_++] - '0');
      return pos_ > from;
    };
    if (read_number(min)) {
      if (consume("}")) {
        max = min;
        return true;
      }
      if (consume(",")) {
        if (consume("}")) {
          unbounded = true;
          return true;
        }
        if (read_number(max) && consume("}")) return true;
      }
    }
    pos_ = start;
    return false;
  }

  std::size_t parse_atom(Flags& flags) {
    const char c = pattern_[pos_];
    switch (c) {
      case '(':
        return parse_group(flags);
      case '[':
        return parse_bracket(flags);
      case '.':
        ++pos_;
        return byte_node(printable_ascii());
      case '^':
      case '$':
        ++pos_;
        return empty_node();
      case '\\':
        return parse_escape(flags);
      case '*':
      case '+':
      case '?':
        fail("a quantifier with nothing to repeat");
      default:
        ++pos_;
        if (c == '{') return literal_node('{', flags);  // not a quantifier here
        return literal_node(static_cast<unsigned char>(c), flags);
    }
  }

  // Reads i / -i style flag letters up to ')' or ':'; returns the flags they give.
  Flags read_flag_letters(Flags flags) {
    bool negate = false;
    while (!at_end() && peek() != ')' && peek() != ':') {
      const char letter = pattern_[pos_++];
      if (letter == '-') {
        negate = true;
      } else if (letter == 'i') {
        flags.caseless = !negate;
      } else if (letter == 's' || letter == 'm') {
        // dotall / multiline change what . and ^ $ match; the sampler's . and assertions
        // do not depend on them.
      } else {
        --pos_;
        fail(std::string("unsupported inline flag '") + letter + "'");
      }
    }
    return flags;
  }

  std::size_t parse_group(Flags& flags) {
    ++pos_;  // '('
    bool generates = true;  // false for lookarounds and comments
    Flags inner = flags;
    if (consume("?")) {
      if (consume(":") || consume("|") || consume(">")) {
      } else if (consume("=") || consume("!") || consume("<=") || consume("<!")) {
        generates = false;
      } else if (consume("#")) {
        while (!at_end() && peek() != ')') ++pos_;
        if (!consume(")")) fail("unterminated comment");
        return empty_node();
      } else if (consume("P<") || consume("<") || consume("'")) {
        while (!at_end() && peek() != '>' && peek() != '\'') ++pos_;
        if (!consume(">") && !consume("'")) fail("unterminated group name");
      } else {
        inner = read_flag_letters(flags);
        if (consume(")")) {
          flags = inner;  // (?i): applies to the rest of the enclosing group
          return empty_node();
        }
        if (!consume(":")) fail("unterminated inline flags");
      }
    }
    const std::size_t body = parse_alternation(inner);
    if (!consume(")")) fail("missing ')'");
    return generates ? body : empty_node();
  }

  // One escape outside a bracket expression.
  std::size_t parse_escape(Flags& flags) {
    ++pos_;  // '\'
    if (at_end()) fail("a trailing backslash");
    const char c = pattern_[pos_];
    if (c == 'b' || c == 'B' || c == 'A' || c == 'z' || c == 'Z' || c == 'G') {
      ++pos_;
      return empty_node();
    }
    ByteSet set;
    if (read_class_escape(set)) {
      if (flags.caseless) fold_case(set);
      return byte_node(set);
    }
    return literal_node(read_escaped_byte(), flags);
  }

  // \d \w \s \h and their negations; true when one was read (into `set`).
  bool read_class_escape(ByteSet& set) {
    const char c = pattern_[pos_];
    ByteSet base;
    switch (c) {
      case 'd': case 'D':
        for (unsigned b = '0'; b <= '9'; ++b) base.set(b);
        break;
      case 'w': case 'W':
        for (unsigned b = '0'; b <= '9'; ++b) base.set(b);
        for (unsigned b = 'a'; b <= 'z'; ++b) base.set(b);
        for (unsigned b = 'A'; b <= 'Z'; ++b) base.set(b);
        base.set('_');
        break;
      case 's': case 'S':
        for (unsigned b : {' ', '\t', '\n', '\r', '\f', '\v'}) base.set(b);
        break;
      case 'h': case 'H':
        base.set(' ');
        base.set('\t');
        break;
      default:
        return false;
    }
    ++pos_;
    set |= (c >= 'A' && c <= 'Z') ? (printable_ascii() & ~base) : base;
    return true;
  }

  // The byte an escape stands for (after the backslash): \xHH, \x{HH}, \t \n \r \f \v \e
  // \a \0, or an escaped punctuation byte. Letters and digits with other meanings throw.
  unsigned char read_escaped_byte() {
    const char c = pattern_[pos_++];
    switch (c) {
      case 't': return '\t';
      case 'n': return '\n';
      case 'r': return '\r';
      case 'f': return '\f';
      case 'v': return '\v';
      case 'e': return 0x1b;
      case 'a': return 0x07;
      case '0': return 0;
      case 'x': {
        const bool braced = consume("{");
        unsigned value = 0;
        int digits = 0;
        while (!at_end() && digits < (braced ? 8 : 2) && std::isxdigit(static_cast<unsigned char>(peek()))) {
          const char h = pattern_[pos_++];
          value = value * 16 + static_cast<unsigned>(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
          ++digits;
        }
        if (digits == 0 || (braced && !consume("}")) || value > 0xff) fail("a malformed \\x escape");
        return static_cast<unsigned char>(value);
      }
      default:
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '1' && c <= '9')) {
          --pos_;
          fail(std::string("unsupported escape \\") + c);
        }
        return static_cast<unsigned char>(c);
    }
  }

  // [...] with ranges, escapes, POSIX names and negation.
  std::size_t parse_bracket(const Flags& flags) {
    ++pos_;  // '['
    const bool negated = consume("^");
    ByteSet set;
    bool first = true;
    while (true) {
      if (at_end()) fail("unterminated bracket expression");
      if (peek() == ']' && !first) {
        ++pos_;
        break;
      }
      first = false;
      if (consume("[:")) {
        read_posix_class(set);
        continue;
      }
      unsigned low = 0;
      if (peek() == '\\') {
        ++pos_;
        if (at_end()) fail("a trailing backslash");
        if (read_class_escape(set)) continue;
        if (peek() == 'b') {  // \b in a class is a backspace
          ++pos_;
          low = 0x08;
        } else {
          low = read_escaped_byte();
        }
      } else {
        low = static_cast<unsigned char>(pattern_[pos_++]);
      }
      unsigned high = low;
      if (peek() == '-' && pos_ + 1 < pattern_.size() && pattern_[pos_ + 1] != ']') {
        ++pos_;  // '-'
        if (peek() == '\\') {
          ++pos_;
          if (at_end()) fail("a trailing backslash");
          high = read_escaped_byte();
        } else {
          high = static_cast<unsigned char>(pattern_[pos_++]);
        }
        if (high < low) fail("a reversed range");
      }
      for (unsigned b = low; b <= high; ++b) set.set(b);
    }
    if (flags.caseless) fold_case(set);
    if (negated) set = printable_ascii() & ~set;
    return byte_node(set);
  }

  void read_posix_class(ByteSet& set) {
    const std::size_t close = pattern_.find(":]", pos_);
    if (close == std::string::npos) fail("unterminated POSIX class");
    const std::string name = pattern_.substr(pos_, close - pos_);
    pos_ = close + 2;
    for (unsigned b = 0; b < 128; ++b) {
      const bool digit = b >= '0' && b <= '9';
      const bool upper = b >= 'A' && b <= 'Z';
      const bool lower = b >= 'a' && b <= 'z';
      bool in = false;
      if (name == "digit") in = digit;
      else if (name == "alpha") in = upper || lower;
      else if (name == "alnum") in = digit || upper || lower;
      else if (name == "upper") in = upper;
      else if (name == "lower") in = lower;
      else if (name == "xdigit") in = digit || ((b | 0x20) >= 'a' && (b | 0x20) <= 'f');
      else if (name == "space") in = b == ' ' || (b >= '\t' && b <= '\r');
      else fail("unsupported POSIX class");
      if (in) set.set(b);
    }
  }

  void generate(std::size_t index, std::mt19937& rng, const Options& options, std::string& out) const {
    const Node& node = nodes_[index];
    switch (node.kind) {
      case Node::Kind::byte:
        out += static_cast<char>(node.choices[pick(rng, node.choices.size())]);
        return;
      case Node::Kind::sequence:
        for (std::size_t child : node.children) generate(child, rng, options, out);
        return;
      case Node::Kind::alternation:
        generate(node.children[pick(rng, node.children.size())], rng, options, out);
        return;
      case Node::Kind::repeat: {
        const std::uint32_t room = node.unbounded ? kNoLimit : node.max - node.min;
        const std::uint32_t extra = std::min(room, options.max_extra_repeats);
        const std::uint32_t count = node.min + static_cast<std::uint32_t>(pick(rng, std::size_t{extra} + 1));
        for (std::uint32_t i = 0; i < count; ++i) generate(node.children[0], rng, options, out);
        return;
      }
    }
  }

  static std::size_t pick(std::mt19937& rng, std::size_t count) {
    return std::uniform_int_distribution<std::size_t>(0, count - 1)(rng);
  }

  std::string pattern_;
  std::size_t pos_ = 0;
  std::vector<Node> nodes_;
  std::size_t root_ = 0;
};

}  // namespace piitest
