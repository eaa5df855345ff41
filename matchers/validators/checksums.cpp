// Checksum validators for numbers that carry their own check digits: Luhn (cards,
// IMEI), card brand prefix/length tables, and the IBAN mod-97 check.
// Invariant for every function here: no heap allocation; digits are gathered into a
// fixed stack buffer and anything longer than the longest real format is rejected.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

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

// Luhn: from the rightmost digit, double every second digit; the sum must be 0 mod 10.
bool luhn_ok(const std::uint8_t* digits, std::size_t count) noexcept {
  unsigned sum = 0;
  bool double_it = false;
  for (std::size_t i = count; i-- > 0;) {
    unsigned d = digits[i];
    if (double_it) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double_it = !double_it;
  }
  return sum % 10 == 0;
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
    CardBrand{2200, 2204, 4, 16, 19, false},      // Mir
    CardBrand{50, 50, 2, 12, 19, false},          // Maestro
    CardBrand{56, 69, 2, 12, 19, false},          // Maestro
};

bool matches_card_brand(const std::uint8_t* digits, std::size_t count) noexcept {
  for (const CardBrand& brand : kCardBrands) {
    if (count < brand.min_length || count > brand.max_length) continue;
    if (brand.only_13_16_19 && count != 13 && count != 16 && count != 19) continue;
    const unsigned prefix = prefix_value(digits, brand.prefix_width);
    if (prefix >= brand.prefix_low && prefix <= brand.prefix_high) return true;
  }
  return false;
}

struct IbanCountry {
  char code[3];
  unsigned length;
};

// Total IBAN length per country code: the SWIFT IBAN registry, plus countries that use
// IBAN-format numbers nationally (the French overseas codes share France's layout).
constexpr std::array kIbanCountries = {
    IbanCountry{"AD", 24}, IbanCountry{"AE", 23}, IbanCountry{"AL", 28}, IbanCountry{"AO", 25},
    IbanCountry{"AT", 20}, IbanCountry{"AZ", 28}, IbanCountry{"BA", 20}, IbanCountry{"BE", 16},
    IbanCountry{"BF", 28}, IbanCountry{"BG", 22}, IbanCountry{"BH", 22}, IbanCountry{"BI", 27},
    IbanCountry{"BJ", 28}, IbanCountry{"BL", 27}, IbanCountry{"BR", 29}, IbanCountry{"BY", 28},
    IbanCountry{"CF", 27}, IbanCountry{"CG", 27}, IbanCountry{"CH", 21}, IbanCountry{"CI", 28},
    IbanCountry{"CM", 27}, IbanCountry{"CR", 22}, IbanCountry{"CV", 25}, IbanCountry{"CY", 28},
    IbanCountry{"CZ", 24}, IbanCountry{"DE", 22}, IbanCountry{"DJ", 27}, IbanCountry{"DK", 18},
    IbanCountry{"DO", 28}, IbanCountry{"DZ", 26}, IbanCountry{"EE", 20}, IbanCountry{"EG", 29},
    IbanCountry{"ES", 24}, IbanCountry{"FI", 18}, IbanCountry{"FK", 18}, IbanCountry{"FO", 18},
    IbanCountry{"FR", 27}, IbanCountry{"GA", 27}, IbanCountry{"GB", 22}, IbanCountry{"GE", 22},
    IbanCountry{"GF", 27}, IbanCountry{"GI", 23}, IbanCountry{"GL", 18}, IbanCountry{"GP", 27},
    IbanCountry{"GQ", 27}, IbanCountry{"GR", 27}, IbanCountry{"GT", 28}, IbanCountry{"GW", 25},
    IbanCountry{"HN", 28}, IbanCountry{"HR", 21}, IbanCountry{"HU", 28}, IbanCountry{"IE", 22},
    IbanCountry{"IL", 23}, IbanCountry{"IQ", 23}, IbanCountry{"IR", 26}, IbanCountry{"IS", 26},
    IbanCountry{"IT", 27}, IbanCountry{"JO", 30}, IbanCountry{"KM", 27}, IbanCountry{"KW", 30},
    IbanCountry{"KZ", 20}, IbanCountry{"LB", 28}, IbanCountry{"LC", 32}, IbanCountry{"LI", 21},
    IbanCountry{"LT", 20}, IbanCountry{"LU", 20}, IbanCountry{"LV", 21}, IbanCountry{"LY", 25},
    IbanCountry{"MA", 28}, IbanCountry{"MC", 27}, IbanCountry{"MD", 24}, IbanCountry{"ME", 22},
    IbanCountry{"MF", 27}, IbanCountry{"MG", 27}, IbanCountry{"MK", 19}, IbanCountry{"ML", 28},
    IbanCountry{"MN", 20}, IbanCountry{"MQ", 27}, IbanCountry{"MR", 27}, IbanCountry{"MT", 31},
    IbanCountry{"MU", 30}, IbanCountry{"MZ", 25}, IbanCountry{"NC", 27}, IbanCountry{"NE", 28},
    IbanCountry{"NI", 28}, IbanCountry{"NL", 18}, IbanCountry{"NO", 15}, IbanCountry{"OM", 23},
    IbanCountry{"PF", 27}, IbanCountry{"PK", 24}, IbanCountry{"PL", 28}, IbanCountry{"PM", 27},
    IbanCountry{"PS", 29}, IbanCountry{"PT", 25}, IbanCountry{"QA", 29}, IbanCountry{"RE", 27},
    IbanCountry{"RO", 24}, IbanCountry{"RS", 22}, IbanCountry{"RU", 33}, IbanCountry{"SA", 24},
    IbanCountry{"SC", 31}, IbanCountry{"SD", 18}, IbanCountry{"SE", 24}, IbanCountry{"SI", 19},
    IbanCountry{"SK", 24}, IbanCountry{"SM", 27}, IbanCountry{"SN", 28}, IbanCountry{"SO", 23},
    IbanCountry{"ST", 25}, IbanCountry{"SV", 28}, IbanCountry{"TD", 27}, IbanCountry{"TF", 27},
    IbanCountry{"TG", 28}, IbanCountry{"TL", 23}, IbanCountry{"TN", 24}, IbanCountry{"TR", 26},
    IbanCountry{"UA", 29}, IbanCountry{"VA", 22}, IbanCountry{"VG", 24}, IbanCountry{"WF", 27},
    IbanCountry{"XK", 20}, IbanCountry{"YE", 30}, IbanCountry{"YT", 27},
};

constexpr std::size_t kMaxIbanLength = 34;  // ISO 13616 upper bound

std::optional<unsigned> iban_length_for(char first, char second) noexcept {
  for (const IbanCountry& country : kIbanCountries) {
    if (country.code[0] == first && country.code[1] == second) return country.length;
  }
  return std::nullopt;
}

constexpr char to_upper_ascii(char ch) noexcept {
  return (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch;
}

constexpr bool is_upper_alnum(char ch) noexcept {
  return is_digit(ch) || (ch >= 'A' && ch <= 'Z');
}

// Spaces are only the print layout: groups of four with single spaces, the last group
// one to four characters. Any other spacing is not an IBAN as written by a bank.
bool iban_spacing_ok(std::string_view text) noexcept {
  if (text.find(' ') == std::string_view::npos) return true;
  std::size_t group = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == ' ') {
      if (group != 4) return false;
      group = 0;
    } else {
      ++group;
    }
  }
  return group >= 1 && group <= 4;
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
  if (!iban_spacing_ok(text)) return false;

  std::array<char, kMaxIbanLength> compact{};
  std::size_t length = 0;
  for (char ch : text) {
    if (ch == ' ') continue;
    const char upper = to_upper_ascii(ch);
    if (!is_upper_alnum(upper) || length == compact.size()) return false;
    compact[length++] = upper;
  }
  if (length < 5) return false;
  if (!(compact[0] >= 'A' && compact[0] <= 'Z' && compact[1] >= 'A' && compact[1] <= 'Z')) return false;
  if (!is_digit(compact[2]) || !is_digit(compact[3])) return false;
  const auto expected = iban_length_for(compact[0], compact[1]);
  if (!expected || *expected != length) return false;

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
