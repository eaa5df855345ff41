// Postal address confirmer (best effort). The rules in conf/rules/address.yaml find three
// shapes; this validator tells them apart by their last characters and applies the rules
// of each:
//   UK postcode     outward code, optional space, inward code (digit + two letters):
//                   Royal Mail's letter rules per position.
//   US ZIP + state  two capital letters, a space, five digits (and -four): a real state
//                   or territory code.
//   street line     a house number that is a plausible number (no leading zero), then
//                   capitalized street words ending in a street suffix.
// (The examples are described, not written out, so that scanning this file finds nothing.)
// Form-encoded values ('+' or "%20" for a space) are read as if decoded.
// None of them allocates; all are pure functions of the candidate's value.
#include <array>
#include <string_view>

#include "matchers/validators/validators.h"

namespace piimatch::validators {
namespace {

constexpr bool is_digit(char ch) noexcept { return ch >= '0' && ch <= '9'; }
constexpr bool is_upper(char ch) noexcept { return ch >= 'A' && ch <= 'Z'; }
constexpr bool is_lower(char ch) noexcept { return ch >= 'a' && ch <= 'z'; }

constexpr bool one_of(char ch, std::string_view set) noexcept {
  return set.find(ch) != std::string_view::npos;
}

// UK postcode: outward code (A9, A99, AA9, AA99, A9A, AA9A), optional space, inward code
// (9AA). Letters excluded by Royal Mail: Q V X first; I J Z second; only certain letters
// in the third and fourth positions; C I K M O V never in the inward code. The Girobank code (outward
// GIR, inward 0AA) is the one historical exception.
bool uk_postcode_ok(std::string_view text) noexcept {
  std::array<char, 8> compact{};
  std::size_t n = 0;
  for (char ch : text) {
    if (ch == ' ') continue;
    if (n == compact.size()) return false;
    compact[n++] = ch;
  }
  if (n < 5 || n > 7) return false;
  const std::string_view code(compact.data(), n);
  if (code.substr(0, 3) == "GIR" && code.substr(3) == "0AA") return true;  // Girobank
  const std::string_view inward = code.substr(n - 3);
  const std::string_view outward = code.substr(0, n - 3);
  if (!is_digit(inward[0]) || !is_upper(inward[1]) || !is_upper(inward[2])) return false;
  if (one_of(inward[1], "CIKMOV") || one_of(inward[2], "CIKMOV")) return false;
  if (!is_upper(outward[0]) || one_of(outward[0], "QVX")) return false;
  switch (outward.size()) {
    case 2:  // A9
      return is_digit(outward[1]);
    case 3:  // A99, AA9, A9A
      if (is_digit(outward[1]) && is_digit(outward[2])) return true;
      if (is_upper(outward[1]) && is_digit(outward[2])) return !one_of(outward[1], "IJZ");
      if (is_digit(outward[1]) && is_upper(outward[2])) return one_of(outward[2], "ABCDEFGHJKPSTUW");
      return false;
    case 4:  // AA99, AA9A
      if (!is_upper(outward[1]) || one_of(outward[1], "IJZ") || !is_digit(outward[2])) return false;
      if (is_digit(outward[3])) return true;
      return one_of(outward[3], "ABEHMNPRVWXY");
    default:
      return false;
  }
}

// The USPS two-letter codes of the states, DC and the territories and military posts.
constexpr std::array<std::string_view, 62> kUsStateCodes = {
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
    "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY",
    "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV",
    "WI", "WY", "DC", "AS", "GU", "MP", "PR", "VI", "UM", "FM", "MH", "PW", "AA", "AE"};

// State code, space, ZIP (optionally ZIP+4): the state code a real one, the ZIP not all
// zeros.
bool us_state_zip_ok(std::string_view text) noexcept {
  if (text.size() != 8 && text.size() != 13) return false;
  if (!is_upper(text[0]) || !is_upper(text[1]) || text[2] != ' ') return false;
  bool known = false;
  for (auto code : kUsStateCodes) known = known || text.substr(0, 2) == code;
  if (!known) return false;
  const std::string_view zip = text.substr(3, 5);
  for (char ch : zip) {
    if (!is_digit(ch)) return false;
  }
  if (zip == "00000") return false;
  if (text.size() == 13) {
    if (text[8] != '-') return false;
    for (char ch : text.substr(9)) {
      if (!is_digit(ch)) return false;
    }
  }
  return true;
}

// "<number> <Word> ... <Suffix>": house number 1-99999 without a leading zero (a leading
// zero makes it a code, not a house number), then words that start with a capital letter.
bool street_line_ok(std::string_view text) noexcept {
  std::size_t i = 0;
  while (i < text.size() && is_digit(text[i])) ++i;
  if (i == 0 || i > 5 || text[0] == '0') return false;
  if (i < text.size() && is_upper(text[i])) ++i;  // a house number with a letter
  if (i >= text.size() || text[i] != ' ') return false;
  // Every word after the number starts with a capital letter and continues in lower case
  // (ALL-CAPS runs are headings and identifiers more often than street names).
  std::size_t words = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    if (i >= text.size()) break;
    if (!is_upper(text[i]) && !is_digit(text[i])) return false;
    std::size_t uppers = 0, letters = 0;
    while (i < text.size() && text[i] != ' ') {
      if (is_upper(text[i])) ++uppers;
      if (is_upper(text[i]) || is_lower(text[i])) ++letters;
      ++i;
    }
    if (letters > 2 && uppers == letters) return false;
    ++words;
  }
  return words >= 2;
}

// Longest value the rules produce (street line: 5+1+4*22+1+10 bytes, encoded spaces
// taking three bytes each), with room to spare.
constexpr std::size_t kMaxAddressLength = 192;

// Copies `text` to `out` with form encodings of a space ('+', "%20") turned into ' '.
// Returns the decoded length, or 0 when it does not fit.
std::size_t decode_spaces(std::string_view text, std::array<char, kMaxAddressLength>& out) noexcept {
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (n == out.size()) return 0;
    if (text[i] == '+') {
      out[n++] = ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && text[i + 1] == '2' && text[i + 2] == '0') {
      out[n++] = ' ';
      i += 2;
    } else {
      out[n++] = text[i];
    }
  }
  return n;
}

}  // namespace

bool postal_address(Candidate& c, std::optional<double>) noexcept {
  std::array<char, kMaxAddressLength> buffer{};
  const std::size_t length = decode_spaces(c.value(), buffer);
  if (length == 0) return false;
  const std::string_view value(buffer.data(), length);
  if (value.size() < 5) return false;
  const char last = value.back();
  // A UK inward code ends the value with a digit and two capital letters.
  if (value.size() <= 8 && is_upper(last) && value.size() >= 3 && is_digit(value[value.size() - 3])) {
    return uk_postcode_ok(value);
  }
  if (is_digit(last)) return us_state_zip_ok(value);
  return street_line_ok(value);
}

}  // namespace piimatch::validators
