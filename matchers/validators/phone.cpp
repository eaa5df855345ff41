// Phone number plausibility: the digit count of E.164 (at most 15), not a filler
// pattern, and when written internationally ('+' or "00") a real ITU country code.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "matchers/validators/validators.h"

namespace piimatch::validators {
namespace {

constexpr bool is_digit(char ch) noexcept { return ch >= '0' && ch <= '9'; }

// ITU-T E.164 country calling codes in service (ITU Operational Bulletin list). The set
// is prefix-free, so at most one of the 1-, 2- and 3-digit prefixes of a number matches.
constexpr std::array<std::uint16_t, 2> kOneDigitCodes = {1, 7};

constexpr std::array<std::uint16_t, 44> kTwoDigitCodes = {
    20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54,
    55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98};

struct CodeRange {
  std::uint16_t low;
  std::uint16_t high;
};

constexpr std::array kThreeDigitCodes = {
    CodeRange{211, 213}, CodeRange{216, 216}, CodeRange{218, 218}, CodeRange{220, 258},
    CodeRange{260, 269}, CodeRange{290, 291}, CodeRange{297, 299}, CodeRange{350, 359},
    CodeRange{370, 383}, CodeRange{385, 387}, CodeRange{389, 389}, CodeRange{420, 421},
    CodeRange{423, 423}, CodeRange{500, 509}, CodeRange{590, 599}, CodeRange{670, 670},
    CodeRange{672, 683}, CodeRange{685, 692}, CodeRange{800, 800}, CodeRange{808, 808},
    CodeRange{850, 850}, CodeRange{852, 853}, CodeRange{855, 856}, CodeRange{870, 870},
    CodeRange{878, 878}, CodeRange{880, 883}, CodeRange{886, 886}, CodeRange{888, 888},
    CodeRange{960, 968}, CodeRange{970, 977}, CodeRange{979, 979}, CodeRange{992, 996},
    CodeRange{998, 998}};

bool starts_with_country_code(const std::uint8_t* digits, std::size_t count) noexcept {
  if (count < 1) return false;
  const std::uint16_t one = digits[0];
  for (std::uint16_t code : kOneDigitCodes) {
    if (code == one) return true;
  }
  if (count < 2) return false;
  const auto two = static_cast<std::uint16_t>(one * 10 + digits[1]);
  for (std::uint16_t code : kTwoDigitCodes) {
    if (code == two) return true;
  }
  if (count < 3) return false;
  const auto three = static_cast<std::uint16_t>(two * 10 + digits[2]);
  for (const CodeRange& range : kThreeDigitCodes) {
    if (three >= range.low && three <= range.high) return true;
  }
  return false;
}

// True for 1111111, 1234567890, 9876543210 and the like: keyboard filler, not numbers.
bool is_filler_pattern(const std::uint8_t* digits, std::size_t count) noexcept {
  bool same = true;
  bool ascending = true;
  bool descending = true;
  for (std::size_t i = 1; i < count; ++i) {
    same = same && digits[i] == digits[0];
    ascending = ascending && digits[i] == (digits[i - 1] + 1) % 10;
    descending = descending && digits[i] == (digits[i - 1] + 9) % 10;
  }
  return same || ascending || descending;
}

}  // namespace

bool phone(Candidate& c, std::optional<double>) noexcept {
  std::string_view text = c.value();
  constexpr std::string_view kSeparators = " -.()/";

  // Skip leading separators such as "(" so "(+44) ..." keeps its international prefix.
  std::size_t lead = 0;
  while (lead < text.size() && kSeparators.find(text[lead]) != std::string_view::npos &&
         text[lead] != '-' && text[lead] != '.') {
    ++lead;
  }
  text.remove_prefix(lead);

  // A form-encoded number (application/x-www-form-urlencoded, query strings) writes the
  // plus as "%2B" and each space as '+' or "%20": %2B44+20+7946+0958.
  bool form_encoded = false;
  bool international = false;
  if (text.size() >= 3 && text[0] == '%' && text[1] == '2' && (text[2] == 'B' || text[2] == 'b')) {
    form_encoded = true;
    international = true;
    text.remove_prefix(3);
  } else if (!text.empty() && text.front() == '+') {
    international = true;
    text.remove_prefix(1);
  } else if (text.size() >= 2 && text[0] == '0' && text[1] == '0') {
    international = true;
    text.remove_prefix(2);
  }

  std::array<std::uint8_t, 15> digits{};
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (is_digit(ch)) {
      if (count == digits.size()) return false;
      digits[count++] = static_cast<std::uint8_t>(ch - '0');
    } else if (form_encoded && ch == '+') {
      continue;  // an encoded space
    } else if (form_encoded && ch == '%' && text.substr(i, 3) == "%20") {
      i += 2;
    } else if (kSeparators.find(ch) == std::string_view::npos) {
      return false;
    }
  }
  if (count < 7) return false;
  if (is_filler_pattern(digits.data(), count)) return false;
  if (international && !starts_with_country_code(digits.data(), count)) return false;
  return true;
}

}  // namespace piimatch::validators
