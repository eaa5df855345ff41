#include "matchers/name_words.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <stdexcept>

#include "matchers/nibble_set.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define PIIMATCH_NAME_WORDS_X86 1
#endif

namespace piimatch {

namespace {

constexpr unsigned char kWordClass = 1;
constexpr unsigned char kFirstClass = 2;

// n (1..8) bytes at p as a little-endian-loaded word, zero above them; reads 8 bytes when
// `readable` (bytes from p that may be read) allows, which is the common case.
inline std::uint64_t load_word(const unsigned char* p, std::size_t n, std::size_t readable) {
  std::uint64_t w = 0;
  if (readable >= 8) {
    std::memcpy(&w, p, 8);
    if (n < 8) w &= ~std::uint64_t{0} >> (64 - 8 * n);
  } else {
    std::memcpy(&w, p, n);
  }
  return w;
}

inline std::uint64_t mix(std::uint64_t h) {
  h ^= h >> 32;
  h *= 0xd6e8feb86659fd93ull;
  h ^= h >> 32;
  return h;
}

// The same hash for an entry (in the padded pool) and a word of the input: it depends only
// on the word's bytes and length.
inline std::uint64_t word_hash(const unsigned char* p, std::size_t length, std::size_t readable) {
  std::uint64_t h = 0x9e3779b97f4a7c15ull * (length + 1);
  std::size_t i = 0;
  for (; i + 8 <= length; i += 8) h = (h ^ load_word(p + i, 8, 8)) * 0xbf58476d1ce4e5b9ull;
  if (i < length) h = (h ^ load_word(p + i, length - i, readable - i)) * 0x94d049bb133111ebull;
  return mix(h);
}

inline std::uint16_t tag_of(std::uint64_t hash) { return static_cast<std::uint16_t>((hash >> 48) | 1u); }

}  // namespace

bool NameWordTable::can_hold(std::string_view entry) {
  if (entry.empty() || entry.size() > kMaxEntryBytes) return false;
  return is_word_byte(static_cast<unsigned char>(entry.front())) && is_word_byte(static_cast<unsigned char>(entry.back()));
}

void NameWordTable::add(std::string_view entry, std::uint32_t rule) {
  if (!can_hold(entry)) throw std::invalid_argument("NameWordTable: an entry must be 1-255 bytes from word byte to word byte");
  if (pool_.size() + entry.size() >= (std::size_t{1} << 31)) throw std::length_error("NameWordTable: entries too long in all");
  std::size_t key_length = 0;
  while (key_length < entry.size() && is_word_byte(static_cast<unsigned char>(entry[key_length]))) ++key_length;
  added_.push_back({static_cast<std::uint32_t>(pool_.size()), static_cast<std::uint32_t>(entry.size()),
                    static_cast<std::uint32_t>(key_length), rule});
  pool_.insert(pool_.end(), entry.begin(), entry.end());
  longest_ = std::max<std::uint32_t>(longest_, static_cast<std::uint32_t>(entry.size()));
  longest_key_ = std::max<std::uint32_t>(longest_key_, static_cast<std::uint32_t>(key_length));
  shortest_key_ = std::min<std::uint32_t>(shortest_key_, static_cast<std::uint32_t>(key_length));
  has_multi_word_ = has_multi_word_ || key_length < entry.size();
  classes_[static_cast<unsigned char>(entry[0])] |= kFirstClass;
}

void NameWordTable::build(Walk walk) {
  for (unsigned b = 0; b < 256; ++b) {
    const auto c = static_cast<unsigned char>(b);
    if (is_word_byte(c)) classes_[b] |= kWordClass;
    // The AVX2 walk's first-byte test (nibble_set.h): a superset of the first bytes where
    // two rows of 16 bytes share a bit (h and h + 8); the walk checks each start again.
    if ((classes_[b] & kFirstClass) != 0) add_to_nibble_set(first_nibbles_, c);
  }
  pool_.insert(pool_.end(), 8, '\0');
  // At most half full: a word that is no entry (most looked-up words) ends its probe at an
  // empty slot after ~1.5 slots on average.
  std::size_t capacity = 16;
  while (capacity < 2 * added_.size()) capacity *= 2;
  tags_.assign(capacity, 0);
  slots_.assign(capacity, Slot{});
  slot_mask_ = capacity - 1;
  const auto* pool = reinterpret_cast<const unsigned char*>(pool_.data());
  for (const PendingEntry& entry : added_) {
    const std::uint64_t hash = word_hash(pool + entry.offset, entry.key_length, pool_.size() - entry.offset);
    std::uint64_t slot = hash & slot_mask_;
    while (tags_[slot] != 0) slot = (slot + 1) & slot_mask_;
    tags_[slot] = tag_of(hash);
    slots_[slot] = {entry.offset, static_cast<std::uint8_t>(entry.key_length), static_cast<std::uint8_t>(entry.length), entry.rule};
  }
  entry_count_ = added_.size();
  added_.clear();
  added_.shrink_to_fit();
  walk_ = std::min(walk, best_walk());
}

bool NameWordTable::lookup(const unsigned char* word, std::size_t length, std::size_t readable, std::uint64_t start,
                           bool at_end, Report report, void* context) const {
  const std::uint64_t hash = word_hash(word, length, readable);
  const std::uint16_t tag = tag_of(hash);
  const char* const pool = pool_.data();
  // An entry longer than its first word, matching as far as the bytes go, may still occur:
  // the caller comes back later (then the bytes it needs are present). Checked before any
  // report so that none is made twice.
  if (has_multi_word_ && !at_end && readable < longest_) {
    for (std::uint64_t slot = hash & slot_mask_; tags_[slot] != 0; slot = (slot + 1) & slot_mask_) {
      const Slot& entry = slots_[slot];
      if (tags_[slot] != tag || entry.key_length != length || entry.length <= readable) continue;
      if (std::memcmp(pool + entry.offset, word, readable) == 0) return false;
    }
  }
  for (std::uint64_t slot = hash & slot_mask_; tags_[slot] != 0; slot = (slot + 1) & slot_mask_) {
    if (tags_[slot] == tag) report_slot(slot, word, length, readable, start, report, context);
  }
  return true;
}

void NameWordTable::report_slot(std::uint64_t slot, const unsigned char* word, std::size_t length, std::size_t readable,
                                std::uint64_t start, Report report, void* context) const {
  const Slot& entry = slots_[slot];
  if (entry.key_length != length || entry.length > readable) return;
  if (std::memcmp(pool_.data() + entry.offset, word, entry.length) == 0) report(context, entry.rule, start, start + entry.length);
}

inline __attribute__((always_inline)) bool NameWordTable::lookup_inline(const unsigned char* word, std::size_t length,
                                                                        std::size_t readable, std::uint64_t start,
                                                                        bool at_end, Report report, void* context) const {
  // Near the end of the input an entry of several words may need bytes not yet written.
  if (has_multi_word_ && !at_end && readable < longest_) return lookup(word, length, readable, start, at_end, report, context);
  const std::uint64_t hash = word_hash(word, length, readable);
  const std::uint16_t tag = tag_of(hash);
  const std::uint16_t* const tags = tags_.data();
  for (std::uint64_t slot = hash & slot_mask_;; slot = (slot + 1) & slot_mask_) {
    const std::uint16_t here = tags[slot];
    if (here == 0) return true;
    if (here == tag) report_slot(slot, word, length, readable, start, report, context);
  }
}

std::uint64_t NameWordTable::walk(const unsigned char* data, std::uint64_t base, std::uint64_t from, std::uint64_t end,
                                  bool at_end, Report report, void* context) const {
  if (empty() || from >= end) return std::max(from, end);
  if (walk_ != Walk::bytewise) return walk_vector(data, base, from, end, at_end, report, context);
  return walk_bytes(data, base, from, end, at_end, report, context);
}

std::uint64_t NameWordTable::walk_bytes(const unsigned char* data, std::uint64_t base, std::uint64_t from,
                                        std::uint64_t end, bool at_end, Report report, void* context) const {
  const auto word_at = [&](std::uint64_t offset) { return (classes_[data[offset - base]] & kWordClass) != 0; };
  std::uint64_t p = from;
  // A word going on from before `from` was looked up (or ruled out) by an earlier walk.
  if (p > 0 && word_at(p - 1)) {
    while (p < end && word_at(p)) ++p;
  }
  while (p < end) {
    if (!word_at(p)) {
      ++p;
      continue;
    }
    const std::uint64_t start = p;
    while (p < end && word_at(p)) ++p;
    const std::uint64_t length = p - start;
    const bool may_start_entry = (classes_[data[start - base]] & kFirstClass) != 0 && length <= longest_key_;
    if (p == end && !at_end) return may_start_entry ? start : end;
    if (may_start_entry && length >= shortest_key_ &&
        !lookup_inline(data + (start - base), static_cast<std::size_t>(length), static_cast<std::size_t>(end - start), start,
                       at_end, report, context)) {
      return start;
    }
  }
  return end;
}

namespace {

// Per 64-byte block, bit i for byte i: a word byte; a byte that may start an entry (exact
// in the VBMI masks, a superset in the AVX2 ones: the walk checks the byte again).
struct BlockMasks {
  std::uint64_t words;
  std::uint64_t firsts;
};
// Blocks per call of a mask function: the call and its table loads are paid once per 1 KB.
constexpr std::size_t kBlocksPerBatch = 16;

#if defined(PIIMATCH_NAME_WORDS_X86)
// `classes` as four 64-byte tables: a byte's class is looked up by its low 7 bits in the
// lower or the upper half, chosen by its top bit. Reads only the `size` bytes at p.
__attribute__((target("avx512f,avx512bw,avx512vbmi"))) void block_masks_vbmi(const unsigned char* p, std::size_t size,
                                                                            const unsigned char* classes,
                                                                            BlockMasks* out) {
  const __m512i low_a = _mm512_loadu_si512(classes);
  const __m512i low_b = _mm512_loadu_si512(classes + 64);
  const __m512i high_a = _mm512_loadu_si512(classes + 128);
  const __m512i high_b = _mm512_loadu_si512(classes + 192);
  const __m512i word_bit = _mm512_set1_epi8(static_cast<char>(kWordClass));
  const __m512i first_bit = _mm512_set1_epi8(static_cast<char>(kFirstClass));
  for (std::size_t at = 0; at < size; at += 64) {
    const std::size_t present = std::min<std::size_t>(64, size - at);
    const __mmask64 valid = present == 64 ? ~__mmask64{0} : (__mmask64{1} << present) - 1;
    const __m512i bytes = _mm512_maskz_loadu_epi8(valid, p + at);
    const __m512i low = _mm512_permutex2var_epi8(low_a, bytes, low_b);
    const __m512i high = _mm512_permutex2var_epi8(high_a, bytes, high_b);
    const __m512i classes_of_bytes = _mm512_mask_blend_epi8(_mm512_movepi8_mask(bytes), low, high);
    out->words = _mm512_test_epi8_mask(classes_of_bytes, word_bit) & valid;
    out->firsts = _mm512_test_epi8_mask(classes_of_bytes, first_bit) & valid;
    ++out;
  }
}

// 32 bytes: word bytes are [A-Za-z0-9_] and >= 0x80, by compares; first bytes by the
// nibble lookups of nibble_set.h (a superset of the set: see NameWordTable::build).
__attribute__((target("avx2"))) inline BlockMasks half_masks_avx2(__m256i bytes, const NibbleSetVectors& firsts) {
  const __m256i letter = _mm256_sub_epi8(_mm256_or_si256(bytes, _mm256_set1_epi8(0x20)), _mm256_set1_epi8('a'));
  const __m256i is_letter = _mm256_cmpeq_epi8(_mm256_min_epu8(letter, _mm256_set1_epi8(25)), letter);
  const __m256i digit = _mm256_sub_epi8(bytes, _mm256_set1_epi8('0'));
  const __m256i is_digit = _mm256_cmpeq_epi8(_mm256_min_epu8(digit, _mm256_set1_epi8(9)), digit);
  const __m256i is_underscore = _mm256_cmpeq_epi8(bytes, _mm256_set1_epi8('_'));
  const __m256i word = _mm256_or_si256(_mm256_or_si256(is_letter, is_digit), _mm256_or_si256(is_underscore, bytes));
  BlockMasks m;
  m.words = static_cast<std::uint32_t>(_mm256_movemask_epi8(word));  // the top bit of each byte
  m.firsts = nonzero_byte_mask(nibble_set_test(firsts, bytes, high_nibbles_of(bytes)));
  return m;
}

__attribute__((target("avx2"))) void block_masks_avx2(const unsigned char* p, std::size_t size, const NibbleTables& first_bytes,
                                                      BlockMasks* out) {
  const NibbleSetVectors firsts = load_nibble_set(first_bytes);
  for (std::size_t at = 0; at < size; at += 64) {
    const std::size_t present = std::min<std::size_t>(64, size - at);
    alignas(32) unsigned char padded[64];
    const unsigned char* block = p + at;
    if (present < 64) {  // never read past the input: the last block is copied, zero-padded
      std::memset(padded, 0, sizeof padded);
      std::memcpy(padded, block, present);
      block = padded;
    }
    const BlockMasks lo = half_masks_avx2(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(block)), firsts);
    const BlockMasks hi = half_masks_avx2(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(block + 32)), firsts);
    const std::uint64_t valid = present == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << present) - 1;
    out->words = (lo.words | hi.words << 32) & valid;
    out->firsts = (lo.firsts | hi.firsts << 32) & valid;
    ++out;
  }
}
#else  // only the byte-wise walk is ever chosen here
void block_masks_vbmi(const unsigned char*, std::size_t, const unsigned char*, BlockMasks*) {}
void block_masks_avx2(const unsigned char*, std::size_t, const NibbleTables&, BlockMasks*) {}
#endif

}  // namespace

std::uint64_t NameWordTable::walk_vector(const unsigned char* data, std::uint64_t base, std::uint64_t from,
                                         std::uint64_t end, bool at_end, Report report, void* context) const {
  const auto word_at = [&](std::uint64_t offset) { return (classes_[data[offset - base]] & kWordClass) != 0; };
  BlockMasks masks[kBlocksPerBatch];
  // Bit 0: the byte before the block is a word byte (a word going on from there).
  std::uint64_t carry = from > 0 && word_at(from - 1) ? 1 : 0;
  for (std::uint64_t batch = from; batch < end; batch += 64 * kBlocksPerBatch) {
    const auto batch_size = static_cast<std::size_t>(std::min<std::uint64_t>(64 * kBlocksPerBatch, end - batch));
    if (walk_ == Walk::avx512_vbmi) {
      block_masks_vbmi(data + (batch - base), batch_size, classes_.data(), masks);
    } else {
      block_masks_avx2(data + (batch - base), batch_size, first_nibbles_, masks);
    }
    for (std::size_t b = 0; b * 64 < batch_size; ++b) {
      const std::uint64_t block = batch + 64 * b;
      const std::uint64_t present = std::min<std::uint64_t>(64, end - block);
      const std::uint64_t valid = present == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << present) - 1;
      const std::uint64_t words = masks[b].words;
      const std::uint64_t stops = ~words & valid;
      std::uint64_t starts = words & ~((words << 1) | carry) & masks[b].firsts;
      carry = present == 64 ? words >> 63 : 0;
      while (starts != 0) {
        const auto i = static_cast<unsigned>(std::countr_zero(starts));
        starts &= starts - 1;
        const std::uint64_t start = block + i;
        if ((classes_[data[start - base]] & kFirstClass) == 0) continue;  // the AVX2 masks' superset
        const std::uint64_t stops_after = stops & (~std::uint64_t{0} << i);
        std::uint64_t stop;
        if (stops_after != 0) {
          stop = block + static_cast<std::uint64_t>(std::countr_zero(stops_after));
        } else {
          // The word reaches the block's end: follow it byte by byte, no further than an
          // entry's first word can be long (then no later start lies in this block).
          stop = block + present;
          while (stop < end && stop - start <= longest_key_ && word_at(stop)) ++stop;
          if (stop - start > longest_key_) continue;
          if (stop == end && !at_end) return start;
        }
        const std::uint64_t length = stop - start;
        if (length >= shortest_key_ && length <= longest_key_ &&
            !lookup_inline(data + (start - base), static_cast<std::size_t>(length), static_cast<std::size_t>(end - start),
                           start, at_end, report, context)) {
          return start;
        }
      }
    }
  }
  return end;
}

}  // namespace piimatch
