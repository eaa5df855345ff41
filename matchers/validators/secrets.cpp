// Validators for secret-looking values: a Shannon entropy floor, and a filter for
// template placeholders and dummy values that appear in docs, samples and config
// templates (masking those is noise, not protection).
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "matchers/validators/validators.h"

namespace piimatch::validators {
namespace {

// Counts below this read the entropy validator's table (values are at most a few hundred
// bytes; longer ones compute the rest).
constexpr std::size_t kEntropySteps = 512;

constexpr char to_lower_ascii(char ch) noexcept {
  return (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
}

constexpr bool is_alpha(char ch) noexcept {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

constexpr bool is_digit(char ch) noexcept { return ch >= '0' && ch <= '9'; }

bool equals_ignore_case(std::string_view a, std::string_view lower_b) noexcept {
  if (a.size() != lower_b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (to_lower_ascii(a[i]) != lower_b[i]) return false;
  }
  return true;
}

bool contains_ignore_case(std::string_view haystack, std::string_view lower_needle) noexcept {
  if (lower_needle.size() > haystack.size()) return false;
  for (std::size_t i = 0; i + lower_needle.size() <= haystack.size(); ++i) {
    if (equals_ignore_case(haystack.substr(i, lower_needle.size()), lower_needle)) return true;
  }
  return false;
}

// Whole values that are dummies, not credentials (compared case-insensitively).
constexpr std::array<std::string_view, 20> kDummyWords = {
    "changeme", "password", "passwd",  "secret",    "example", "dummy",  "test",
    "testing",  "null",     "nil",     "none",      "true",    "false",  "undefined",
    "default",  "sample",   "foobar",  "redacted",  "hidden",  "empty"};

// Fragments that mark a value as a stand-in wherever they occur.
constexpr std::array<std::string_view, 12> kPlaceholderMarkers = {
    "changeme", "change_me", "change-me", "placeholder", "example", "dummy",
    "your_",    "your-",     "replace_me", "replace-me", "redacted", "<your"};

// Strips one layer of matching quotes, which config and JSON values often keep.
std::string_view unquote(std::string_view value) noexcept {
  if (value.size() >= 2) {
    const char first = value.front();
    if ((first == '"' || first == '\'' || first == '`') && value.back() == first) {
      return value.substr(1, value.size() - 2);
    }
  }
  return value;
}

bool is_env_reference(std::string_view value) noexcept {
  // $VAR or ${VAR...}: the real secret lives elsewhere.
  if (value.size() < 2 || value.front() != '$') return false;
  if (value[1] == '{') return true;
  if (!(is_alpha(value[1]) || value[1] == '_')) return false;
  for (char ch : value.substr(1)) {
    if (!(is_alpha(ch) || is_digit(ch) || ch == '_')) return false;
  }
  return true;
}

// Masked or templated ("sk_live_xxxx", "AP6xxxxxxxxxx", "****-****"): long runs of a
// mask character, or a shorter run when mask characters are a large share of the value.
// A lone "xxxx" inside a long random token is chance, not a mask.
bool looks_masked(std::string_view value, char lower_mask) noexcept {
  std::size_t longest = 0;
  std::size_t current = 0;
  std::size_t total = 0;
  for (char ch : value) {
    const bool mask = to_lower_ascii(ch) == lower_mask;
    current = mask ? current + 1 : 0;
    total += mask ? 1 : 0;
    if (current > longest) longest = current;
  }
  return longest >= 6 || (longest >= 4 && total * 4 >= value.size());
}

// "abcdefghijklmnop", "1234567890": typed sequences that fill a sample value. A random
// token holds seven consecutive ascending letters or digits with odds of about 1e-11
// per position.
bool has_alphabet_run(std::string_view value) noexcept {
  constexpr std::size_t kRun = 7;
  std::size_t current = 1;
  for (std::size_t i = 1; i < value.size(); ++i) {
    const char previous = to_lower_ascii(value[i - 1]);
    const char ch = to_lower_ascii(value[i]);
    const bool same_class = (is_alpha(previous) && is_alpha(ch)) || (is_digit(previous) && is_digit(ch));
    current = (same_class && ch == previous + 1) ? current + 1 : 1;
    if (current >= kRun) return true;
  }
  return false;
}

}  // namespace

bool entropy(Candidate& c, std::optional<double> min_bits) noexcept {
  if (!min_bits) return false;  // the rule must say how much entropy it wants
  const std::string_view value = c.value();
  if (value.empty()) return false;

  // H = log2(N) - (1/N) * sum over distinct bytes of count * log2(count). The sum is kept
  // as the value is read: a byte seen k times before adds (k+1)log2(k+1) - k log2(k), from
  // a table for the counts secrets have, so a candidate costs one table read per byte and
  // one log2, not one log2 per distinct byte (this validator runs on every candidate of
  // the generic credential rules: 4% of the engine on JSON at 10% PII, log2 half of it).
  static const std::array<double, kEntropySteps> step = [] {
    std::array<double, kEntropySteps> t{};
    const auto f = [](double k) { return k == 0.0 ? 0.0 : k * std::log2(k); };
    for (std::size_t k = 0; k < t.size(); ++k) t[k] = f(static_cast<double>(k + 1)) - f(static_cast<double>(k));
    return t;
  }();
  std::array<std::uint32_t, 256> counts{};
  double weighted = 0.0;  // sum of count * log2(count)
  for (char ch : value) {
    const std::uint32_t k = counts[static_cast<unsigned char>(ch)]++;
    weighted += k < step.size() ? step[k]
                                : static_cast<double>(k + 1) * std::log2(static_cast<double>(k + 1)) -
                                      static_cast<double>(k) * std::log2(static_cast<double>(k));
  }
  const double total = static_cast<double>(value.size());
  const double bits = std::log2(total) - weighted / total;
  // Rounding differs by summation order; a value exactly at the floor ("aaaaaaaabbbbbbbb",
  // 1 bit) must not fall on either side by 1e-16.
  return bits >= *min_bits - 1e-9;
}

bool not_placeholder(Candidate& c, std::optional<double>) noexcept {
  const std::string_view value = unquote(c.value());
  if (value.size() < 6) return false;

  if (is_env_reference(value)) return false;
  if (value.find("${") != std::string_view::npos) return false;
  if (value.find("{{") != std::string_view::npos) return false;
  if (value.front() == '<' && value.back() == '>') return false;
  if (value.find("%s") != std::string_view::npos) return false;

  bool one_char = true;
  for (char ch : value) one_char = one_char && ch == value.front();
  if (one_char) return false;

  for (char mask : {'x', '*', '#', '~'}) {
    if (looks_masked(value, mask)) return false;
  }
  if (has_alphabet_run(value)) return false;

  for (std::string_view word : kDummyWords) {
    if (equals_ignore_case(value, word)) return false;
  }
  // The markers are searched in a lower-cased copy with find() (memchr-driven) rather than
  // compared at every offset: this validator runs on every credential candidate, and the
  // offset-by-offset loop was 5% of the engine on JSON with 10% PII.
  std::array<char, 512> lowered;
  if (value.size() <= lowered.size()) {
    for (std::size_t i = 0; i < value.size(); ++i) lowered[i] = to_lower_ascii(value[i]);
    const std::string_view lower(lowered.data(), value.size());
    for (std::string_view marker : kPlaceholderMarkers) {
      if (lower.find(marker) != std::string_view::npos) return false;
    }
    return true;
  }
  for (std::string_view marker : kPlaceholderMarkers) {
    if (contains_ignore_case(value, marker)) return false;
  }
  return true;
}

}  // namespace piimatch::validators
