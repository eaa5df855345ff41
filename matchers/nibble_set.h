#pragma once
// A byte set that AVX2 tests 32 bytes at a time, for the walks that find runs of a byte
// class from bit masks on CPUs without AVX-512 VBMI (name_words.cpp, redactor.cpp).
//
// AVX2 has no 128-entry byte lookup, but VPSHUFB looks up 32 bytes in a 16-entry table at
// once. The set is two such tables, 16 low-nibble then 16 high-nibble entries: byte b
// (high nibble h, low nibble l) is a member when tables[l] & tables[16 + h] != 0, where
// tables[16 + h] is bit h % 8 for every row h holding a member (0 for the other rows) and
// tables[l] has bit h % 8 for each member 16h + l. Rows h and h + 8 share a bit, so the
// test is exact for a row whose partner row holds no member, and a superset of the
// members otherwise. A set of ASCII bytes only is exact, and rejects every byte >= 0x80.
// (trigger_avx2.cpp packs many classes into groups of nibble products instead: a class
// there is one bit among eight, not one table pair.)
#include <array>
#include <cstdint>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define PIIMATCH_NIBBLE_SET_X86 1
#endif

namespace piimatch {

using NibbleTables = std::array<unsigned char, 32>;

inline void add_to_nibble_set(NibbleTables& tables, unsigned char byte) {
  const unsigned row = byte >> 4;
  const auto bit = static_cast<unsigned char>(1u << (row & 7));
  tables[byte & 0x0f] |= bit;
  tables[16 + row] = bit;
}

#if defined(PIIMATCH_NIBBLE_SET_X86)
// The set's two tables, each broadcast to both 128-bit lanes (VPSHUFB looks up per lane).
struct NibbleSetVectors {
  __m256i low;
  __m256i high;
};

__attribute__((target("avx2"))) inline NibbleSetVectors load_nibble_set(const NibbleTables& tables) {
  return {_mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(tables.data()))),
          _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(tables.data() + 16)))};
}

// Each byte's high nibble, as the index the high table takes (shared by several sets).
__attribute__((target("avx2"))) inline __m256i high_nibbles_of(__m256i bytes) {
  return _mm256_and_si256(_mm256_srli_epi16(bytes, 4), _mm256_set1_epi8(0x0f));
}

// Per byte: non-zero when the byte passes the set's test (see above), zero when it does not.
__attribute__((target("avx2"))) inline __m256i nibble_set_test(const NibbleSetVectors& set, __m256i bytes, __m256i high_nibbles) {
  const __m256i low = _mm256_shuffle_epi8(set.low, _mm256_and_si256(bytes, _mm256_set1_epi8(0x0f)));
  return _mm256_and_si256(low, _mm256_shuffle_epi8(set.high, high_nibbles));
}

// Bit i set when byte i of `v` is non-zero: a saturating add of 0x7f carries any set bit
// into bit 7, which VPMOVMSKB collects.
__attribute__((target("avx2"))) inline std::uint32_t nonzero_byte_mask(__m256i v) {
  return static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_adds_epu8(v, _mm256_set1_epi8(0x7f))));
}
#endif

}  // namespace piimatch
