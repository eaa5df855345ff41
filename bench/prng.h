#pragma once
// A tiny deterministic pseudo-random generator (SplitMix64). The corpus must be the same
// bytes on every machine and library version, so neither std::mt19937 with the standard
// distributions (whose output is implementation-defined) nor rand() is used.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace piibench {

class Prng {
 public:
  explicit Prng(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, bound); bound > 0. The modulo bias is irrelevant for a corpus.
  std::uint64_t below(std::uint64_t bound) { return next() % bound; }
  // Uniform in [lo, hi].
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo + 1)));
  }
  bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }
  char digit() { return static_cast<char>('0' + below(10)); }
  char pick_char(std::string_view alphabet) { return alphabet[below(alphabet.size())]; }
  template <typename Container>
  const auto& pick(const Container& items) {
    return items[static_cast<std::size_t>(below(std::size(items)))];
  }

 private:
  std::uint64_t state_;
};

}  // namespace piibench
