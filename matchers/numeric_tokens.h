#pragma once
// The numeric-token path: candidate ends of digit-shaped rules without running them over
// every byte.
//
// Digit-shaped rules (cards, phones, SSNs, IPv4...) are the costliest kind for Hyperscan on
// digit-dense text: no literal to prefilter on, and a candidate at every run of digits. But
// every match of such a rule is made only of "numeric" bytes (digits and a few separators),
// so it lies inside one numeric token: a maximal run of those bytes. And JSON, logs and
// forms repeat a handful of token shapes (13-digit timestamps, 19-digit ids, dates, amounts).
//
// So the engine compiles these rules with their digits widened (every atom that can match a
// digit matches all ten; see widen_digits()), and scans a token's *shape* -- the token with
// every digit written as '0' -- instead of the token. The widened rules match a superset of
// the real matches and cannot tell one digit from another, so the candidate ends found in
// the shape are a superset of the real ones, the same for every token of that shape. They
// are cached per shape; the confirm step (PCRE2 on the real bytes, boundaries, validators)
// then decides each candidate exactly as it does for the stream database's candidates.
#include <hs/hs.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "matchers/nibble_set.h"
#include "matchers/vector_walk.h"

namespace piimatch {

// A candidate: `rule` (index into Engine::rules()) may match ending `end` bytes after the
// start of the scanned shape; `start` is the leftmost start of the widened rule's match
// ending there (the real rule's start too when widening changed nothing).
struct NumericCandidate {
  std::uint32_t rule;
  std::uint32_t start;
  std::uint32_t end;
};

// Candidate ends per token shape, for one thread (it lives in a Scratch). Two 2-way
// set-associative tables -- kShortSlots shapes of up to 16 bytes in compact slots (most tokens: dates,
// amounts, timestamps, pieces of ids), kLongSlots longer ones -- whose candidates live in one
// arena of kArenaCandidates: fixed memory (allocated on first use), no allocation once warm.
// A shape whose set is full evicts the least recently filled; when the arena is full, the
// cache starts over.
class NumericShapeCache {
 public:
  static constexpr std::size_t kMaxShapeBytes = 64;  // longer shapes are scanned, not cached
  static constexpr std::size_t kShortShapeBytes = 16;
  static constexpr std::size_t kShortSlots = 2048;
  static constexpr std::size_t kLongSlots = 2048;
  static constexpr std::size_t kSlots = kShortSlots + kLongSlots;
  static constexpr std::size_t kArenaCandidates = 65536;

  // A shape buffer: the token with every digit written as '0', zero-padded to a multiple
  // of 8 bytes, and to 16 bytes at least.
  struct Shape {
    alignas(64) char bytes[kMaxShapeBytes];
    std::size_t length;
  };

  // Decides, the first time a shape is scanned, whether a candidate is worth keeping, and
  // may rewrite what the caller reads from a kept one (its start). It may drop only
  // candidates that the shape alone proves to be rejected for every token of that shape
  // (see Redactor), and must decide the same way for every call on one cache.
  using KeepFn = bool (*)(const void* context, const Shape& shape, NumericCandidate& candidate);
  struct Filter {
    KeepFn keep = nullptr;  // null: keep every candidate
    const void* context = nullptr;
  };

  // Candidate ends in `shape`, from the cache or by scanning it with `db` (block mode), less
  // those `filter` drops. [first, last) stays valid until the next call. False on a
  // Hyperscan error. Most tokens of a shape seen before end here, so this stays small and
  // calls nothing: a short shape is two words, hashed with two multiplies and compared
  // with two compares.
  bool lookup(const Shape& shape, const hs_database_t* db, hs_scratch_t* scratch, Filter filter,
              const NumericCandidate*& first, const NumericCandidate*& last) {
    if (!short_slots_.empty()) {
      if (shape.length <= kShortShapeBytes) {
        if (find_short(load_word(shape.bytes, 0), load_word(shape.bytes, 1), shape.length, first, last)) return true;
      } else {
        const std::size_t words = (shape.length + 7) / 8;
        const std::size_t set = long_index(shape, words);
        for (std::size_t way = 0; way < kWays; ++way) {
          const LongSlot& slot = long_slots_[set + way];
          if (slot.length == shape.length && same_words(slot.words, shape.bytes, words)) {
            first = arena_.data() + slot.first;
            last = first + slot.count;
            return true;
          }
        }
      }
    }
    return fill(shape, db, scratch, filter, first, last);
  }

  // The cached candidates of the short shape (length <= kShortShapeBytes) whose 16 bytes,
  // zero-padded, are the words lo and hi; false when it is not cached (then call lookup).
  bool find_short(std::uint64_t lo, std::uint64_t hi, std::size_t length, const NumericCandidate*& first,
                  const NumericCandidate*& last) const {
    if (short_slots_.empty()) return false;
    const std::size_t set = short_index(lo, hi);
    for (std::size_t way = 0; way < kWays; ++way) {
      const ShortSlot& slot = short_slots_[set + way];
      if (slot.lo == lo && slot.hi == hi && slot.length == length) {
        first = arena_.data() + slot.first;
        last = first + slot.count;
        return true;
      }
    }
    return false;
  }

  // Scans `shape` (any length) with `db`, appending its candidate ends to `out`.
  static bool scan(std::string_view shape, const hs_database_t* db, hs_scratch_t* scratch, std::vector<NumericCandidate>& out);

  // Shapes held now (at most kSlots).
  std::size_t shapes() const;

 private:
  static constexpr std::size_t kWords = kMaxShapeBytes / 8;
  // 32 bytes: a set of two is one cache line, the one miss a lookup may take.
  struct alignas(32) ShortSlot {
    std::uint64_t lo = 0, hi = 0;  // the shape's 16 bytes, zero-padded
    std::uint32_t first = 0;       // into arena_
    std::uint16_t count = 0;
    std::uint8_t length = 0;       // 0: empty
  };
  struct LongSlot {
    std::uint32_t first = 0;
    std::uint16_t count = 0;
    std::uint8_t length = 0;       // 0: empty
    std::uint64_t words[kWords];   // the shape, zero-padded to whole words
  };
  static std::uint64_t load_word(const char* bytes, std::size_t word) {
    std::uint64_t value;
    std::memcpy(&value, bytes + 8 * word, sizeof value);
    return value;
  }
  // Each table is set-associative: a shape may sit in any of the kWays slots of its set, the
  // most recently filled first. A direct-mapped table thrashed: with a hundred shapes in
  // use, some pairs always shared a slot and rescanned each other out (a Hyperscan scan per
  // token of either shape).
  static constexpr std::size_t kWays = 2;
  // The first slot of the shape's set (a shape's length shows in its padding; the compare
  // checks it anyway). Short shapes differ mostly in their last bytes, the high bits of a
  // word, which a product carries only upwards: the high half is folded back down and
  // multiplied again before the top bits are taken.
  static std::size_t short_index(std::uint64_t lo, std::uint64_t hi) {
    std::uint64_t h = (lo * 0x9e3779b97f4a7c15ull) ^ (hi * 0xff51afd7ed558ccdull);
    h = (h ^ (h >> 32)) * 0xc4ceb9fe1a85ec53ull;
    return static_cast<std::size_t>(h >> 32) % (kShortSlots / kWays) * kWays;
  }
  static std::size_t long_index(const Shape& shape, std::size_t words) {
    std::uint64_t h = 0x9e3779b97f4a7c15ull ^ shape.length;
    for (std::size_t w = 0; w < words; ++w) {
      h = (h ^ load_word(shape.bytes, w)) * 0xff51afd7ed558ccdull;
      h ^= h >> 32;
    }
    return static_cast<std::size_t>(h) % (kLongSlots / kWays) * kWays;
  }
  static bool same_words(const std::uint64_t* held, const char* bytes, std::size_t words) {
    for (std::size_t w = 0; w < words; ++w) {
      if (held[w] != load_word(bytes, w)) return false;
    }
    return true;
  }
  bool fill(const Shape& shape, const hs_database_t* db, hs_scratch_t* scratch, Filter filter,
            const NumericCandidate*& first, const NumericCandidate*& last);
  void clear();
  std::vector<ShortSlot> short_slots_;
  std::vector<LongSlot> long_slots_;
  std::vector<NumericCandidate> arena_;
  std::vector<NumericCandidate> found_;
};

// The engine's numeric byte tables in the form the vector walks read them, for the 128
// ASCII bytes: bit 0 numeric, bit 1 starts a short rule (Engine::numeric_starts_short).
struct NumericRunTable {
  // How the redactor finds numeric tokens: byte by byte (every CPU), or 64 bytes at a time
  // from bit masks, made with AVX2 nibble lookups (nibble_set.h) or AVX-512 VBMI table
  // lookups. Ordered slowest first.
  using Walk = VectorWalk;
  // The fastest walk this CPU has.
  static Walk best_walk() { return best_vector_walk(); }

  unsigned char classes[128] = {};
  // The same two classes for the AVX2 walk (exact: both hold ASCII bytes only).
  NibbleTables numeric_nibbles{};
  NibbleTables short_start_nibbles{};
  // The token walk: the one asked for (EngineOptions::token_walk) or the fastest the CPU
  // has if slower; bytewise too when a byte >= 0x80 is numeric (the vector walks look up
  // 7 bits).
  Walk walk = Walk::bytewise;
  // How confirm finds where a rule's alphabet run starts before a candidate end: the walk
  // asked for, as far as the CPU has it (any byte may be in an alphabet).
  Walk scan_back = Walk::bytewise;
};
NumericRunTable make_numeric_run_table(const bool* numeric, const bool* starts_short, NumericRunTable::Walk wanted);
// AVX-512 BW and VBMI, which the fastest vector walks need.
bool cpu_has_avx512_vbmi();

}  // namespace piimatch
