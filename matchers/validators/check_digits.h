#pragma once
// Check-digit algorithms shared by the validators. Each takes the digit count and a
// function giving the value (0..9) of digit i, so it works on any compacted form without
// copying it again.
#include <cstddef>

namespace piimatch::validators {

// Luhn (ISO/IEC 7812-1): from the rightmost digit, double every second digit (subtracting
// 9 above 9); valid when the sum is a multiple of 10.
template <typename DigitAt>
bool luhn_valid(std::size_t count, DigitAt digit_at) noexcept {
  unsigned sum = 0;
  bool double_it = false;
  for (std::size_t i = count; i-- > 0;) {
    unsigned d = static_cast<unsigned>(digit_at(i));
    if (double_it) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double_it = !double_it;
  }
  return sum % 10 == 0;
}

}  // namespace piimatch::validators
