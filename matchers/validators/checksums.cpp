// Checksum validators for numbers that carry their own check digits: Luhn (cards,
// IMEI), card brand prefix/length tables, and the IBAN mod-97 check.
// Invariant for every function here: no heap allocation; digits are gathered into a
// fixed stack buffer and anything longer than the longest real format is rejected.
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

// Copies the digits of `text` into `out`, skipping any byte in `separators`.
// Returns the digit count, or nullopt on any other byte or when `out` would overflow.
template <std::size_t N>
std::optional<std::size_t> gather_digits(std::string_view text, std::string_view separators,
                                         std::array<std::uint8_t, N>& out) noexcept {
  std::size_t count = 0;
  for (char ch : text) {
    if (is_digit(ch)) {
      if (count == N) return std::nullopt;
      out[count++] = static_cast<std::uint8_t>(ch - '0');
    } else if (separators.find(ch) == std::string_view::npos) {
      return std::nullopt;
    }
  }
  return count;
}

bool luhn_ok(const std::uint8_t* digits, std::size_t count) noexcept {
  return luhn_valid(count, [digits](std::size_t i) { return digits[i]; });
}

// Leading `width` digits as a number (width <= 6, count >= width).
unsigned prefix_value(const std::uint8_t* digits, std::size_t width) noexcept {
  unsigned value = 0;
  for (std::size_t i = 0; i < width; ++i) value = value * 10 + digits[i];
  return value;
}

struct CardBrand {
  unsigned prefix_low;    // inclusive range of the leading `prefix_width` digits
  unsigned prefix_high;
  unsigned prefix_width;
  unsigned min_length;
  unsigned max_length;
  bool only_13_16_19;     // Visa issues 13, 16 and 19 digits, nothing between
};

// Issuer identification ranges of the major brands (public facts from the brands'
// published BIN tables). Order does not matter: a number is accepted if any row fits.
constexpr std::array kCardBrands = {
    CardBrand{4, 4, 1, 13, 19, true},             // Visa
    CardBrand{51, 55, 2, 16, 16, false},          // Mastercard
    CardBrand{2221, 2720, 4, 16, 16, false},      // Mastercard 2-series
    CardBrand{34, 34, 2, 15, 15, false},          // American Express
    CardBrand{37, 37, 2, 15, 15, false},          // American Express
    CardBrand{6011, 6011, 4, 16, 19, false},      // Discover
    CardBrand{644, 649, 3, 16, 19, false},        // Discover
    CardBrand{65, 65, 2, 16, 19, false},          // Discover
    CardBrand{3528, 3589, 4, 16, 19, false},      // JCB
    CardBrand{300, 305, 3, 14, 19, false},        // Diners Club International
    CardBrand{36, 36, 2, 14, 19, false},          // Diners Club
    CardBrand{38, 39, 2, 14, 19, false},          // Diners Club
    CardBrand{62, 62, 2, 16, 19, false},          // UnionPay
    CardBrand{81, 81, 2, 16, 19, false},          // UnionPay 81 series
    CardBrand{1, 1, 1, 15, 15, false},            // UATP (airline cards)
    CardBrand{2200, 2204, 4, 16, 19, false},      // Mir
    CardBrand{50, 50, 2, 12, 19, false},          // Maestro
    CardBrand{56, 69, 2, 12, 19, false},          // Maestro
};

// The brands' ranges widened to four leading digits ("51-55" -> 5100-5599), so a number's
// brand check reads its first four digits once instead of once per row: the validator
// runs on every 12-19 digit token of a JSON body (order ids, timestamps).
struct CardRange4 {
  unsigned low;
  unsigned high;
  unsigned min_length;
  unsigned max_length;
  bool only_13_16_19;
};
constexpr unsigned kPowersOfTen[] = {1, 10, 100, 1000, 10000};
constexpr bool card_prefixes_fit_four_digits() {
  for (const CardBrand& b : kCardBrands) {
    if (b.prefix_width < 1 || b.prefix_width > 4 || b.min_length < 4) return false;
  }
  return true;
}
static_assert(card_prefixes_fit_four_digits(), "a brand's prefix is read from the first four digits");
constexpr std::array<CardRange4, kCardBrands.size()> kCardRanges4 = [] {
  std::array<CardRange4, kCardBrands.size()> out{};
  for (std::size_t i = 0; i < kCardBrands.size(); ++i) {
    const CardBrand& b = kCardBrands[i];
    const unsigned scale = kPowersOfTen[4 - b.prefix_width];
    out[i] = {b.prefix_low * scale, (b.prefix_high + 1) * scale - 1, b.min_length, b.max_length, b.only_13_16_19};
  }
  return out;
}();

bool matches_card_brand(const std::uint8_t* digits, std::size_t count) noexcept {
  if (count < 4) return false;
  const unsigned first4 = prefix_value(digits, 4);
  for (const CardRange4& range : kCardRanges4) {
    if (first4 < range.low || first4 > range.high) continue;
    if (count < range.min_length || count > range.max_length) continue;
    if (range.only_13_16_19 && count != 13 && count != 16 && count != 19) continue;
    return true;
  }
  return false;
}

struct IbanCountry {
  char code[3];
  unsigned length;        // whole IBAN, country code and check digits included
  const char* structure;  // BBAN layout in registry notation: counts of n (digit),
                          // a (upper-case letter) or c (letter or digit)
};

// IBAN length and BBAN layout per country: the SWIFT IBAN registry, plus the French
// overseas codes (France's layout) and countries that use IBAN-format numbers
// nationally, whose layout is left open as alphanumerics.
constexpr std::array kIbanCountries = {
    IbanCountry{"AD", 24, "4n4n12c"}, IbanCountry{"AE", 23, "3n16n"}, IbanCountry{"AL", 28, "8n16c"},
    IbanCountry{"AO", 25, "21c"}, IbanCountry{"AT", 20, "5n11n"}, IbanCountry{"AZ", 28, "4a20c"},
    IbanCountry{"BA", 20, "3n3n8n2n"}, IbanCountry{"BE", 16, "3n7n2n"}, IbanCountry{"BF", 28, "24c"},
    IbanCountry{"BG", 22, "4a4n2n8c"}, IbanCountry{"BH", 22, "4a14c"}, IbanCountry{"BI", 27, "5n5n11n2n"},
    IbanCountry{"BJ", 28, "24c"}, IbanCountry{"BL", 27, "5n5n11c2n"}, IbanCountry{"BR", 29, "8n5n10n1a1c"},
    IbanCountry{"BY", 28, "4c4n16c"}, IbanCountry{"CF", 27, "23c"}, IbanCountry{"CG", 27, "23c"},
    IbanCountry{"CH", 21, "5n12c"}, IbanCountry{"CI", 28, "24c"}, IbanCountry{"CM", 27, "23c"},
    IbanCountry{"CR", 22, "18n"}, IbanCountry{"CV", 25, "21c"}, IbanCountry{"CY", 28, "3n5n16c"},
    IbanCountry{"CZ", 24, "4n6n10n"}, IbanCountry{"DE", 22, "8n10n"}, IbanCountry{"DJ", 27, "5n5n11n2n"},
    IbanCountry{"DK", 18, "4n9n1n"}, IbanCountry{"DO", 28, "4c20n"}, IbanCountry{"DZ", 26, "22c"},
    IbanCountry{"EE", 20, "2n2n11n1n"}, IbanCountry{"EG", 29, "4n4n17n"}, IbanCountry{"ES", 24, "4n4n1n1n10n"},
    IbanCountry{"FI", 18, "3n11n"}, IbanCountry{"FK", 18, "2a12n"}, IbanCountry{"FO", 18, "4n9n1n"},
    IbanCountry{"FR", 27, "5n5n11c2n"}, IbanCountry{"GA", 27, "23c"}, IbanCountry{"GB", 22, "4a6n8n"},
    IbanCountry{"GE", 22, "2a16n"}, IbanCountry{"GF", 27, "5n5n11c2n"}, IbanCountry{"GI", 23, "4a15c"},
    IbanCountry{"GL", 18, "4n9n1n"}, IbanCountry{"GP", 27, "5n5n11c2n"}, IbanCountry{"GQ", 27, "23c"},
    IbanCountry{"GR", 27, "3n4n16c"}, IbanCountry{"GT", 28, "4c20c"}, IbanCountry{"GW", 25, "21c"},
    IbanCountry{"HN", 28, "4a20n"}, IbanCountry{"HR", 21, "7n10n"}, IbanCountry{"HU", 28, "3n4n1n15n1n"},
    IbanCountry{"IE", 22, "4a6n8n"}, IbanCountry{"IL", 23, "3n3n13n"}, IbanCountry{"IQ", 23, "4a3n12n"},
    IbanCountry{"IR", 26, "22c"}, IbanCountry{"IS", 26, "4n2n6n10n"}, IbanCountry{"IT", 27, "1a5n5n12c"},
    IbanCountry{"JO", 30, "4a4n18c"}, IbanCountry{"KM", 27, "23c"}, IbanCountry{"KW", 30, "4a22c"},
    IbanCountry{"KZ", 20, "3n13c"}, IbanCountry{"LB", 28, "4n20c"}, IbanCountry{"LC", 32, "4a24c"},
    IbanCountry{"LI", 21, "5n12c"}, IbanCountry{"LT", 20, "5n11n"}, IbanCountry{"LU", 20, "3n13c"},
    IbanCountry{"LV", 21, "4a13c"}, IbanCountry{"LY", 25, "3n3n15n"}, IbanCountry{"MA", 28, "24c"},
    IbanCountry{"MC", 27, "5n5n11c2n"}, IbanCountry{"MD", 24, "2c18c"}, IbanCountry{"ME", 22, "3n13n2n"},
    IbanCountry{"MF", 27, "5n5n11c2n"}, IbanCountry{"MG", 27, "23c"}, IbanCountry{"MK", 19, "3n10c2n"},
    IbanCountry{"ML", 28, "24c"}, IbanCountry{"MN", 20, "4n12n"}, IbanCountry{"MQ", 27, "5n5n11c2n"},
    IbanCountry{"MR", 27, "5n5n11n2n"}, IbanCountry{"MT", 31, "4a5n18c"}, IbanCountry{"MU", 30, "4a2n2n12n3n3a"},
    IbanCountry{"MZ", 25, "21c"}, IbanCountry{"NC", 27, "5n5n11c2n"}, IbanCountry{"NE", 28, "24c"},
    IbanCountry{"NI", 28, "4a20n"}, IbanCountry{"NL", 18, "4a10n"}, IbanCountry{"NO", 15, "4n6n1n"},
    IbanCountry{"OM", 23, "3n16c"}, IbanCountry{"PF", 27, "5n5n11c2n"}, IbanCountry{"PK", 24, "4a16c"},
    IbanCountry{"PL", 28, "8n16n"}, IbanCountry{"PM", 27, "5n5n11c2n"}, IbanCountry{"PS", 29, "4a21c"},
    IbanCountry{"PT", 25, "4n4n11n2n"}, IbanCountry{"QA", 29, "4a21c"}, IbanCountry{"RE", 27, "5n5n11c2n"},
    IbanCountry{"RO", 24, "4a16c"}, IbanCountry{"RS", 22, "3n13n2n"}, IbanCountry{"RU", 33, "9n5n15c"},
    IbanCountry{"SA", 24, "2n18c"}, IbanCountry{"SC", 31, "4a2n2n16n3a"}, IbanCountry{"SD", 18, "2n12n"},
    IbanCountry{"SE", 24, "3n16n1n"}, IbanCountry{"SI", 19, "5n8n2n"}, IbanCountry{"SK", 24, "4n6n10n"},
    IbanCountry{"SM", 27, "1a5n5n12c"}, IbanCountry{"SN", 28, "24c"}, IbanCountry{"SO", 23, "4n3n12n"},
    IbanCountry{"ST", 25, "4n4n11n2n"}, IbanCountry{"SV", 28, "4a20n"}, IbanCountry{"TD", 27, "23c"},
    IbanCountry{"TF", 27, "5n5n11c2n"}, IbanCountry{"TG", 28, "24c"}, IbanCountry{"TL", 23, "3n14n2n"},
    IbanCountry{"TN", 24, "2n3n13n2n"}, IbanCountry{"TR", 26, "5n1n16c"}, IbanCountry{"UA", 29, "6n19c"},
    IbanCountry{"VA", 22, "3n15n"}, IbanCountry{"VG", 24, "4a16n"}, IbanCountry{"WF", 27, "5n5n11c2n"},
    IbanCountry{"XK", 20, "4n10n2n"}, IbanCountry{"YE", 30, "4a4n18c"}, IbanCountry{"YT", 27, "5n5n11c2n"},
};

constexpr unsigned structure_length(const char* structure) {
  unsigned total = 0;
  unsigned count = 0;
  for (const char* p = structure; *p != '\0'; ++p) {
    if (*p >= '0' && *p <= '9') {
      count = count * 10 + static_cast<unsigned>(*p - '0');
    } else {
      total += count;
      count = 0;
    }
  }
  return total;
}

constexpr bool iban_table_consistent() {
  for (const IbanCountry& country : kIbanCountries) {
    if (structure_length(country.structure) + 4 != country.length) return false;
  }
  return true;
}
static_assert(iban_table_consistent(), "each BBAN layout must add up to the IBAN length");

constexpr std::size_t kMaxIbanLength = 34;  // ISO 13616 upper bound

const IbanCountry* iban_country(char first, char second) noexcept {
  for (const IbanCountry& country : kIbanCountries) {
    if (country.code[0] == first && country.code[1] == second) return &country;
  }
  return nullptr;
}

// `bban` (upper-cased) follows the country's layout.
bool bban_matches(std::string_view bban, const char* structure) noexcept {
  std::size_t position = 0;
  unsigned count = 0;
  for (const char* p = structure; *p != '\0'; ++p) {
    if (*p >= '0' && *p <= '9') {
      count = count * 10 + static_cast<unsigned>(*p - '0');
      continue;
    }
    for (unsigned k = 0; k < count; ++k, ++position) {
      if (position >= bban.size()) return false;
      const char ch = bban[position];
      const bool digit = ch >= '0' && ch <= '9';
      const bool letter = ch >= 'A' && ch <= 'Z';
      if ((*p == 'n' && !digit) || (*p == 'a' && !letter) || (*p == 'c' && !digit && !letter)) return false;
    }
    count = 0;
  }
  return position == bban.size();
}

constexpr char to_upper_ascii(char ch) noexcept {
  return (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch;
}

constexpr bool is_upper_alnum(char ch) noexcept {
  return is_digit(ch) || (ch >= 'A' && ch <= 'Z');
}

// Separators are only print layout. Banks print groups of four, but national layouts
// ("NO 44 1850.05.14562", "ES72 2013-0692-81-0201150993") are common in real text, so a
// single ' ', '-' or '.' is allowed between characters, except inside the country code
// or the check digits; doubled, leading or trailing separators are not. Letters must
// share one case ("gb82west..." is a lower-cased IBAN, "bANK" is not a bank code).
constexpr bool is_iban_separator(char ch) noexcept { return ch == ' ' || ch == '-' || ch == '.'; }

bool iban_layout_ok(std::string_view text) noexcept {
  if (text.empty() || is_iban_separator(text.front()) || is_iban_separator(text.back())) return false;
  std::size_t characters_before = 0;  // non-separator characters seen so far
  bool has_lower = false;
  bool has_upper = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (is_iban_separator(ch)) {
      if (is_iban_separator(text[i - 1])) return false;
      if (characters_before == 1 || characters_before == 3) return false;
      continue;
    }
    has_lower = has_lower || (ch >= 'a' && ch <= 'z');
    has_upper = has_upper || (ch >= 'A' && ch <= 'Z');
    ++characters_before;
  }
  return !(has_lower && has_upper);
}

}  // namespace

bool luhn(Candidate& c, std::optional<double>) noexcept {
  std::array<std::uint8_t, 32> digits{};
  const auto count = gather_digits(c.value(), " -./", digits);
  if (!count || *count < 2) return false;
  return luhn_ok(digits.data(), *count);
}

bool payment_card(Candidate& c, std::optional<double>) noexcept {
  std::array<std::uint8_t, 19> digits{};
  const auto count = gather_digits(c.value(), " -", digits);
  if (!count || *count < 12) return false;
  return matches_card_brand(digits.data(), *count) && luhn_ok(digits.data(), *count);
}

bool iban(Candidate& c, std::optional<double>) noexcept {
  const std::string_view text = c.value();
  if (!iban_layout_ok(text)) return false;

  std::array<char, kMaxIbanLength> compact{};
  std::size_t length = 0;
  for (char ch : text) {
    if (is_iban_separator(ch)) continue;
    const char upper = to_upper_ascii(ch);
    if (!is_upper_alnum(upper) || length == compact.size()) return false;
    compact[length++] = upper;
  }
  if (length < 5) return false;
  if (!(compact[0] >= 'A' && compact[0] <= 'Z' && compact[1] >= 'A' && compact[1] <= 'Z')) return false;
  if (!is_digit(compact[2]) || !is_digit(compact[3])) return false;
  const IbanCountry* country = iban_country(compact[0], compact[1]);
  if (country == nullptr || country->length != length) return false;
  if (!bban_matches(std::string_view(compact.data() + 4, length - 4), country->structure)) return false;

  // ISO 7064 mod 97-10 on the rearranged string (BBAN first, then country + check
  // digits), letters expanded to 10..35; the remainder is carried digit by digit so
  // no big integer is needed.
  unsigned remainder = 0;
  for (std::size_t k = 0; k < length; ++k) {
    const char ch = compact[(k + 4) % length];
    if (is_digit(ch)) {
      remainder = (remainder * 10 + static_cast<unsigned>(ch - '0')) % 97;
    } else {
      const unsigned value = static_cast<unsigned>(ch - 'A') + 10;
      remainder = (remainder * 100 + value) % 97;
    }
  }
  return remainder == 1;
}

bool imei(Candidate& c, std::optional<double>) noexcept {
  std::array<std::uint8_t, 15> digits{};
  const auto count = gather_digits(c.value(), " -./", digits);
  if (!count || *count != 15) return false;
  return luhn_ok(digits.data(), *count);
}

}  // namespace piimatch::validators
