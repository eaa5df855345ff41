// National identifiers: each validator checks the number's layout and its check digit
// or assignment rules. Separators (' ', '-', '.', '/') are skipped where the real format
// prints them; letters are compared case-insensitively where the format allows.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "matchers/validators/check_digits.h"
#include "matchers/validators/validators.h"

namespace piimatch::validators {
namespace {

constexpr bool is_digit(char ch) noexcept { return ch >= '0' && ch <= '9'; }

// Reads "AAA?GG?SSSS" where ? is either absent throughout or the same separator (a '-'
// or ' ') in both places; with `mixed`, also "AAA-GGSSSS" and "AAAGG-SSSS" (a '-' or ' '),
// the layouts taken only after a cue. Writes the nine digits to `out`.
bool read_ssn_layout(std::string_view text, std::array<std::uint8_t, 9>& out, bool mixed = false) noexcept {
  std::size_t positions[9];
  if (text.size() == 9) {
    for (std::size_t i = 0; i < 9; ++i) positions[i] = i;
  } else if (mixed && text.size() == 10) {
    const std::size_t separator_at = text[3] == '-' || text[3] == ' ' ? 3 : 5;
    if (text[separator_at] != '-' && text[separator_at] != ' ') return false;
    for (std::size_t i = 0; i < 9; ++i) positions[i] = i < separator_at ? i : i + 1;
  } else if (text.size() == 11) {
    // One separator throughout: 078-05-1120, 078 05 1120 or 078.05.1120.
    const char separator = text[3];
    if ((separator != '-' && separator != ' ' && separator != '.') || text[6] != separator) return false;
    constexpr std::size_t kSpaced[9] = {0, 1, 2, 4, 5, 7, 8, 9, 10};
    for (std::size_t i = 0; i < 9; ++i) positions[i] = kSpaced[i];
  } else {
    return false;
  }
  for (std::size_t i = 0; i < 9; ++i) {
    const char ch = text[positions[i]];
    if (!is_digit(ch)) return false;
    out[i] = static_cast<std::uint8_t>(ch - '0');
  }
  return true;
}

unsigned digits_value(const std::uint8_t* digits, std::size_t count) noexcept {
  unsigned value = 0;
  for (std::size_t i = 0; i < count; ++i) value = value * 10 + digits[i];
  return value;
}

// Numbers the SSA voided after they were printed in advertising or samples.
constexpr std::array<unsigned, 14> kPublicizedSsns = {
    78051120,  219099999, 123456789, 2281852,   42103580,  62360749,  95073645,
    128036792, 212097694, 212099999, 306302348, 308125070, 468288779, 549241889};

constexpr bool is_upper(char ch) noexcept { return ch >= 'A' && ch <= 'Z'; }

constexpr char to_upper_ascii(char ch) noexcept {
  return (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch;
}

constexpr bool is_separator(char ch) noexcept {
  return ch == ' ' || ch == '-' || ch == '.' || ch == '/';
}

// A compacted identifier: letters upper-cased, separators removed. Fixed capacity so
// no validator here allocates; 16 is the longest format handled (codice fiscale).
struct Compact {
  std::array<char, 16> chars{};
  std::size_t size = 0;

  std::string_view view() const noexcept { return {chars.data(), size}; }
  unsigned digit(std::size_t i) const noexcept { return static_cast<unsigned>(chars[i] - '0'); }
  bool all_digits() const noexcept {
    for (std::size_t i = 0; i < size; ++i) {
      if (!is_digit(chars[i])) return false;
    }
    return true;
  }
  bool all_same() const noexcept {
    for (std::size_t i = 1; i < size; ++i) {
      if (chars[i] != chars[0]) return false;
    }
    return true;
  }
};

// Removes single separators between characters; rejects any other punctuation, a
// leading or trailing separator, doubled separators and anything longer than the buffer.
std::optional<Compact> compact(std::string_view text) noexcept {
  Compact out;
  bool previous_was_separator = true;  // forbids a leading separator
  for (char ch : text) {
    if (is_separator(ch)) {
      if (previous_was_separator) return std::nullopt;
      previous_was_separator = true;
      continue;
    }
    const char upper = to_upper_ascii(ch);
    if (!is_digit(upper) && !is_upper(upper)) return std::nullopt;
    if (out.size == out.chars.size()) return std::nullopt;
    out.chars[out.size++] = upper;
    previous_was_separator = false;
  }
  if (previous_was_separator) return std::nullopt;  // empty, or a trailing separator
  return out;
}

// sum(digit[i] * weight[i]) over the first `count` characters.
unsigned weighted_sum(const Compact& number, const unsigned* weights, std::size_t count) noexcept {
  unsigned sum = 0;
  for (std::size_t i = 0; i < count; ++i) sum += number.digit(i) * weights[i];
  return sum;
}

bool luhn_digits_ok(const Compact& number) noexcept {
  return luhn_valid(number.size, [&number](std::size_t i) { return number.digit(i); });
}

// Verhoeff's dihedral-group check (the tables are the D5 multiplication table and the
// position permutation); valid numbers reduce to 0.
bool verhoeff_ok(const Compact& number) noexcept {
  static constexpr std::uint8_t kMultiply[10][10] = {
      {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
      {2, 3, 4, 0, 1, 7, 8, 9, 5, 6}, {3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
      {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
      {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
      {8, 7, 6, 5, 9, 3, 2, 1, 0, 4}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
  static constexpr std::uint8_t kPermute[8][10] = {
      {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
      {5, 8, 0, 3, 7, 9, 6, 1, 4, 2}, {8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
      {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
      {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};
  unsigned check = 0;
  for (std::size_t position = 0; position < number.size; ++position) {
    const unsigned d = number.digit(number.size - 1 - position);
    check = kMultiply[check][kPermute[position % 8][d]];
  }
  return check == 0;
}

// Mod-11 check digit used by the Brazilian CPF and CNPJ: remainder < 2 gives 0.
unsigned brazil_check_digit(unsigned sum) noexcept {
  const unsigned remainder = sum % 11;
  return remainder < 2 ? 0 : 11 - remainder;
}

// Spanish numbers print a separator only before the check letter, after the NIE
// letter, or as '.' thousands grouping ("12.345.678-Z"); a space or '-' between two
// digits means two different numbers.
bool spanish_separators_ok(std::string_view text) noexcept {
  for (std::size_t i = 1; i + 1 < text.size(); ++i) {
    if ((text[i] == ' ' || text[i] == '-' || text[i] == '/') && is_digit(text[i - 1]) && is_digit(text[i + 1])) {
      return false;
    }
  }
  return true;
}

// The SSA's allocation rules: area 000, 666 and 900-999, group 00 and serial 0000 are
// never issued.
bool allocatable_ssn(const std::array<std::uint8_t, 9>& digits) noexcept {
  const unsigned area = digits_value(digits.data(), 3);
  const unsigned group = digits_value(digits.data() + 3, 2);
  const unsigned serial = digits_value(digits.data() + 5, 4);
  if (area == 0 || area == 666 || area >= 900) return false;
  return group != 0 && serial != 0;
}

bool publicized_ssn(const std::array<std::uint8_t, 9>& digits) noexcept {
  const unsigned whole = digits_value(digits.data(), 9);
  for (unsigned publicized : kPublicizedSsns) {
    if (whole == publicized) return true;
  }
  return false;
}

bool assignable_itin(const std::array<std::uint8_t, 9>& digits) noexcept {
  if (digits[0] != 9) return false;
  // Individual Taxpayer Identification Numbers use these group ranges only.
  const unsigned group = digits_value(digits.data() + 3, 2);
  const bool group_ok = (group >= 50 && group <= 65) || (group >= 70 && group <= 88) ||
                        (group >= 90 && group <= 92) || (group >= 94 && group <= 99);
  return group_ok && digits_value(digits.data() + 5, 4) != 0;
}

constexpr bool is_blank(char ch) noexcept { return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n'; }

// Index just past the last non-blank byte before `at` (0 when only blanks precede it).
std::size_t skip_blanks_back(std::string_view data, std::size_t at) noexcept {
  while (at > 0 && is_blank(data[at - 1])) --at;
  return at;
}

// Does data[..end) end a JSON value that an array element can follow ("1,", "\"a\",",
// "],", "},", "true,", "false,", "null,")?
bool ends_json_value(std::string_view data, std::size_t end) noexcept {
  if (end == 0) return false;
  const char last = data[end - 1];
  if (is_digit(last) || last == '"' || last == ']' || last == '}') return true;
  for (std::string_view word : {std::string_view("true"), std::string_view("false"), std::string_view("null")}) {
    if (end >= word.size() && data.substr(end - word.size(), word.size()) == word) {
      const std::size_t before = end - word.size();
      const char ch = before > 0 ? data[before - 1] : ' ';
      if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_')) return true;
    }
  }
  return false;
}

// A digit run that is a number of its own, not an id written as a string: an unquoted
// JSON member value (`"id": 371494589`), an element of a JSON array (`[371494589, 2]`,
// `[1, 371494589]`), or the whole part of a decimal (`371494589.50`). Reads back over
// blanks within the bytes `data` holds before the start (the rule's context_window) and
// two bytes after the end (the validator's lookahead); where the data ends before a
// decision (the stream began earlier, or ends right after the run) the run is taken.
bool is_number_value(const Candidate& c) noexcept {
  if (c.end + 1 < c.data.size() && c.data[c.end] == '.' && is_digit(c.data[c.end + 1])) return true;
  std::size_t at = skip_blanks_back(c.data, c.start);
  if (at == 0) return false;
  const char before = c.data[at - 1];
  if (before == '[') return true;
  if (before == ',') return ends_json_value(c.data, skip_blanks_back(c.data, at - 1));
  if (before != ':') return false;
  at = skip_blanks_back(c.data, at - 1);
  return at > 0 && c.data[at - 1] == '"';
}

}  // namespace

bool us_ssn(Candidate& c, std::optional<double>) noexcept {
  std::array<std::uint8_t, 9> digits{};
  return read_ssn_layout(c.value(), digits) && allocatable_ssn(digits) && !publicized_ssn(digits);
}

// After a cue the writer says the number is a social security number. The publicized
// numbers are then taken as well: they are not refused because they cannot be one (their
// area, group and serial were issued; tens of thousands of people gave the Woolworth
// card's 078-05-1120 as their own), only because without a cue they are far more often a
// sample in documentation than someone's number.
bool us_ssn_after_cue(Candidate& c, std::optional<double>) noexcept {
  std::array<std::uint8_t, 9> digits{};
  return read_ssn_layout(c.value(), digits, /*mixed=*/true) && allocatable_ssn(digits);
}

// Without a cue (low-confidence rules) the mixed layouts are read as us_ssn reads the
// printed ones: a publicized sample number is then more likely documentation than a person.
bool us_ssn_mixed_layout(Candidate& c, std::optional<double>) noexcept {
  std::array<std::uint8_t, 9> digits{};
  return read_ssn_layout(c.value(), digits, /*mixed=*/true) && allocatable_ssn(digits) && !publicized_ssn(digits);
}

// National ids travel in JSON as strings (leading zeros, layouts); an unquoted number value
// ("id": 371494589) is a record id, a count or an amount. Masking one would also leave the
// JSON invalid. For the cue-less low-confidence rules, where JSON ids are most of what a bare
// digit run is.
bool not_plain_number(Candidate& c, std::optional<double>) noexcept { return !is_number_value(c); }

bool us_itin(Candidate& c, std::optional<double>) noexcept {
  std::array<std::uint8_t, 9> digits{};
  return read_ssn_layout(c.value(), digits) && assignable_itin(digits);
}

bool us_itin_mixed_layout(Candidate& c, std::optional<double>) noexcept {
  std::array<std::uint8_t, 9> digits{};
  return read_ssn_layout(c.value(), digits, /*mixed=*/true) && assignable_itin(digits);
}

bool uk_nino(Candidate& c, std::optional<double>) noexcept {
  const auto number = compact(c.value());
  if (!number || (number->size != 8 && number->size != 9)) return false;
  const std::string_view text = number->view();
  if (!is_upper(text[0]) || !is_upper(text[1])) return false;
  for (std::size_t i = 2; i < 8; ++i) {
    if (!is_digit(text[i])) return false;
  }
  // The suffix is A-D; it is often left off, so its absence is accepted.
  if (text.size() == 9 && (text[8] < 'A' || text[8] > 'D')) return false;
  // HMRC never allocates these letters in the prefix, nor the reserved pairs below.
  if (std::string_view("DFIQUV").find(text[0]) != std::string_view::npos) return false;
  if (std::string_view("DFIOQUV").find(text[1]) != std::string_view::npos) return false;
  constexpr std::array<std::string_view, 7> kUnallocatedPrefixes = {"BG", "GB", "KN", "NK",
                                                                      "NT", "TN", "ZZ"};
  for (std::string_view prefix : kUnallocatedPrefixes) {
    if (text.substr(0, 2) == prefix) return false;
  }
  return true;
}

bool de_steuer_id(Candidate& c, std::optional<double>) noexcept {
  const auto number = compact(c.value());
  if (!number || number->size != 11 || !number->all_digits()) return false;
  if (number->chars[0] == '0') return false;

  // In the first ten digits exactly one digit repeats (twice, or three times but not
  // three in a row); every other digit appears at most once.
  std::array<unsigned, 10> counts{};
  for (std::size_t i = 0; i < 10; ++i) ++counts[number->digit(i)];
  unsigned repeated_digits = 0;
  unsigned tripled = 10;
  for (unsigned d = 0; d < 10; ++d) {
    if (counts[d] > 3) return false;
    if (counts[d] >= 2) ++repeated_digits;
    if (counts[d] == 3) tripled = d;
  }
  if (repeated_digits != 1) return false;
  if (tripled < 10) {
    for (std::size_t i = 0; i + 2 < 10; ++i) {
      if (number->digit(i) == tripled && number->digit(i + 1) == tripled &&
          number->digit(i + 2) == tripled) {
        return false;
      }
    }
  }

  // ISO 7064 MOD 11,10 over the first ten digits gives the eleventh.
  unsigned product = 10;
  for (std::size_t i = 0; i < 10; ++i) {
    unsigned sum = (number->digit(i) + product) % 10;
    if (sum == 0) sum = 10;
    product = (sum * 2) % 11;
  }
  unsigned check = 11 - product;
  if (check == 10) check = 0;
  return check == number->digit(10);
}

bool fr_nir(Candidate& c, std::optional<double>) noexcept {
  const auto number = compact(c.value());
  if (!number || number->size != 15) return false;
  const std::string_view text = number->view();
  // Sex digit: 1/2, or 3/4/7/8 for people registered provisionally.
  if (std::string_view("123478").find(text[0]) == std::string_view::npos) return false;

  // Corsica writes its department as 2A / 2B; the key is computed with them read as
  // 19 / 18 (the number minus 1,000,000 / 2,000,000). Every other character is a digit.
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < 13; ++i) {
    if (i == 5 && text[5] == '2' && (text[6] == 'A' || text[6] == 'B')) {
      value = value * 100 + (text[6] == 'A' ? 19 : 18);
      ++i;  // the department's second character is consumed too
      continue;
    }
    if (!is_digit(text[i])) return false;
    value = value * 10 + static_cast<unsigned>(text[i] - '0');
  }
  if (!is_digit(text[13]) || !is_digit(text[14])) return false;
  const unsigned key = number->digit(13) * 10 + number->digit(14);
  return key >= 1 && key <= 97 && key == 97 - value % 97;
}

bool es_dni(Candidate& c, std::optional<double>) noexcept {
  if (!spanish_separators_ok(c.value())) return false;
  const auto number = compact(c.value());
  if (!number || (number->size != 8 && number->size != 9)) return false;
  const std::string_view text = number->view();
  const std::size_t letter_at = text.size() - 1;

  // NIE numbers (foreigners) start with X, Y or Z standing for 0, 1, 2 and have seven
  // digits; DNI numbers have eight, or seven when a leading zero is dropped.
  unsigned value = 0;
  std::size_t first_digit = 0;
  if (text[0] == 'X' || text[0] == 'Y' || text[0] == 'Z') {
    if (text.size() != 9) return false;
    value = static_cast<unsigned>(text[0] - 'X');
    first_digit = 1;
  }
  for (std::size_t i = first_digit; i < letter_at; ++i) {
    if (!is_digit(text[i])) return false;
    value = value * 10 + number->digit(i);
  }
  constexpr std::string_view kLetters = "TRWAGMYFPDXBNJZSQVHLCKE";
  return text[letter_at] == kLetters[value % 23];
}

bool it_codice_fiscale(Candidate& c, std::optional<double>) noexcept {
  const auto number = compact(c.value());
  if (!number || number->size != 16) return false;
  const std::string_view text = number->view();

  // Layout: surname(3) name(3) year(2) month(1) day(2) municipality(1+3) check(1).
  // Omocodia: when two people would share a code, digits are replaced from the right
  // by the letters L M N P Q R S T U V (standing for 0..9).
  constexpr std::string_view kOmocodia = "LMNPQRSTUV";
  constexpr std::array<std::size_t, 7> kDigitPositions = {6, 7, 9, 10, 12, 13, 14};
  std::array<unsigned, 16> decoded{};
  for (std::size_t i : kDigitPositions) {
    if (is_digit(text[i])) {
      decoded[i] = static_cast<unsigned>(text[i] - '0');
    } else {
      const std::size_t index = kOmocodia.find(text[i]);
      if (index == std::string_view::npos) return false;
      decoded[i] = static_cast<unsigned>(index);
    }
  }
  for (std::size_t i : {0u, 1u, 2u, 3u, 4u, 5u, 8u, 11u, 15u}) {
    if (!is_upper(text[i])) return false;
  }
  if (std::string_view("ABCDEHLMPRST").find(text[8]) == std::string_view::npos) return false;
  const unsigned day = decoded[9] * 10 + decoded[10];  // women: day + 40
  if (!((day >= 1 && day <= 31) || (day >= 41 && day <= 71))) return false;

  // Check character: characters in odd (1-based) positions map through a fixed table,
  // even positions by their value; the sum mod 26 is the letter.
  static constexpr std::uint8_t kOddValue[26] = {1,  0,  5,  7,  9,  13, 15, 17, 19,
                                                 21, 2,  4,  18, 20, 11, 3,  6,  8,
                                                 12, 14, 16, 10, 22, 25, 24, 23};
  unsigned sum = 0;
  for (std::size_t i = 0; i < 15; ++i) {
    const char ch = text[i];
    const unsigned index = is_digit(ch) ? static_cast<unsigned>(ch - '0') : static_cast<unsigned>(ch - 'A');
    sum += (i % 2 == 0) ? kOddValue[index] : index;
  }
  return text[15] == static_cast<char>('A' + sum % 26);
}

bool nl_bsn(Candidate& c, std::optional<double>) noexcept {
  const auto number = compact(c.value());
  if (!number || number->size != 9 || !number->all_digits() || number->all_same()) return false;
  // "Elfproef": 9*d1 + 8*d2 + ... + 2*d8 - d9 is a multiple of 11.
  static constexpr unsigned kWeights[8] = {9, 8, 7, 6, 5, 4, 3, 2};
  const unsigned sum = weighted_sum(*number, kWeights, 8);
  return (sum + 11 * 10 - number->digit(8)) % 11 == 0;
}

bool br_cpf(Candidate& c, std::optional<double>) noexcept {
  const auto number = compact(c.value());
  if (!number || number->size != 11 || !number->all_digits() || number->all_same()) return false;
  static constexpr unsigned kFirst[9] = {10, 9, 8, 7, 6, 5, 4, 3, 2};
  static constexpr unsigned kSecond[10] = {11, 10, 9, 8, 7, 6, 5, 4, 3, 2};
  return brazil_check_digit(weighted_sum(*number, kFirst, 9)) == number->digit(9) &&
         brazil_check_digit(weighted_sum(*number, kSecond, 10)) == number->digit(10);
}

bool br_cnpj(Candidate& c, std::optional<double>) noexcept {
  const auto number = compact(c.value());
  if (!number || number->size != 14 || number->all_same()) return false;
  // Since 2026 the first twelve characters may be letters; every character counts as
  // its ASCII code minus '0' (digits keep their value). The two check digits are digits.
  if (!is_digit(number->chars[12]) || !is_digit(number->chars[13])) return false;
  static constexpr unsigned kFirst[12] = {5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};
  static constexpr unsigned kSecond[13] = {6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};
  unsigned first = 0;
  unsigned second = 0;
  for (std::size_t i = 0; i < 13; ++i) {
    const unsigned value = static_cast<unsigned>(number->chars[i] - '0');
    if (i < 12) first += value * kFirst[i];
    second += value * kSecond[i];
  }
  return brazil_check_digit(first) == number->digit(12) &&
         brazil_check_digit(second) == number->digit(13);
}

bool in_aadhaar(Candidate& c, std::optional<double>) noexcept {
  // 1234 5678 9012, 1234-5678-9012 or 1234:5678:9012 (as some forms print it), one
  // separator throughout; ':' is not a separator of any other identifier here, so the
  // grouped form is checked and compacted apart from compact().
  std::string_view text = c.value();
  std::array<char, 12> joined{};
  if (text.size() == 14 && text[4] == ':' && text[9] == ':') {
    std::size_t n = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (i != 4 && i != 9) joined[n++] = text[i];
    }
    text = std::string_view(joined.data(), joined.size());
  }
  const auto number = compact(text);
  if (!number || number->size != 12 || !number->all_digits()) return false;
  if (number->chars[0] < '2') return false;  // UIDAI never issues a leading 0 or 1
  // Palindromes are reserved and never issued.
  bool palindrome = true;
  for (std::size_t i = 0; i < 6; ++i) palindrome = palindrome && number->chars[i] == number->chars[11 - i];
  if (palindrome) return false;
  return verhoeff_ok(*number);
}

bool in_pan(Candidate& c, std::optional<double>) noexcept {
  const std::string_view text = c.value();
  if (text.size() != 10) return false;
  for (std::size_t i = 0; i < 10; ++i) {
    const char ch = to_upper_ascii(text[i]);
    const bool want_digit = i >= 5 && i <= 8;
    if (want_digit ? !is_digit(ch) : !is_upper(ch)) return false;
  }
  // Fourth letter: the holder type (Person, Company, HUF, Firm, AOP, Trust, BOI, Local
  // authority, artificial Juridical person, Government, Krish trust).
  return std::string_view("PCHFATBLJGK").find(to_upper_ascii(text[3])) != std::string_view::npos;
}

bool ca_sin(Candidate& c, std::optional<double>) noexcept {
  const auto number = compact(c.value());
  if (!number || number->size != 9 || !number->all_digits()) return false;
  // 0 is never assigned and 8 is for business numbers, not people.
  if (number->chars[0] == '0' || number->chars[0] == '8') return false;
  return luhn_digits_ok(*number);
}

bool au_tfn(Candidate& c, std::optional<double>) noexcept {
  const auto number = compact(c.value());
  if (!number || !number->all_digits()) return false;
  // One digit repeated is a placeholder, never an issued number, though the weights pass
  // 000000000 and every eight-digit repetition (they sum to 44, a multiple of 11).
  if (number->all_same()) return false;
  if (number->size == 9) {
    static constexpr unsigned kWeights[9] = {1, 4, 3, 7, 5, 8, 6, 9, 10};
    return weighted_sum(*number, kWeights, 9) % 11 == 0;
  }
  if (number->size == 8) {  // older eight-digit numbers
    static constexpr unsigned kWeights[8] = {10, 7, 8, 4, 6, 3, 5, 1};
    return weighted_sum(*number, kWeights, 8) % 11 == 0;
  }
  return false;
}

}  // namespace piimatch::validators
