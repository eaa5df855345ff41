#pragma once
// Secret-shaped values for credential tests, written here (never taken from labelled data):
// `length` letters and digits from a fixed-seed generator, every fourth byte a digit, since a
// value of letters only reads as a word, which the generic rules skip.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace piitest {

inline std::string fake_secret(std::size_t length, std::uint32_t seed) {
  constexpr std::string_view kAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string out;
  std::uint64_t state = 0x2545F4914F6CDD1Dull ^ seed;
  for (std::size_t i = 0; i < length; ++i) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    const std::string_view alphabet = i % 4 == 3 ? kAlnum.substr(52) : kAlnum;
    out.push_back(alphabet[(state >> 33) % alphabet.size()]);
  }
  return out;
}

}  // namespace piitest
