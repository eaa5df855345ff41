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
#include <string>
#include <string_view>
#include <vector>

namespace piimatch {

// A candidate: `rule` (index into Engine::rules()) may match ending `end` bytes after the
// start of the scanned shape; `start` is the leftmost start of the widened rule's match
// ending there (the real rule's start too when widening changed nothing).
struct NumericCandidate {
  std::uint32_t rule;
  std::uint32_t start;
  std::uint32_t end;
};

// Candidate ends per token shape, for one thread (it lives in a Scratch). A direct-mapped
// table of kSlots shapes whose candidates live in one arena of kArenaCandidates: fixed
// memory (allocated on first use), no allocation once warm. A shape that collides with
// another evicts it; when the arena is full, the cache starts over.
class NumericShapeCache {
 public:
  static constexpr std::size_t kMaxShapeBytes = 64;  // longer shapes are scanned, not cached
  static constexpr std::size_t kSlots = 4096;
  static constexpr std::size_t kArenaCandidates = 65536;

  // A shape buffer: the token with every digit written as '0', zero-padded to a multiple
  // of 8 bytes.
  struct Shape {
    alignas(16) char bytes[kMaxShapeBytes];
    std::size_t length;
  };

  // Candidate ends in `shape`, from the cache or by scanning it with `db` (block mode).
  // [first, last) stays valid until the next call. False on a Hyperscan error.
  bool lookup(const Shape& shape, const hs_database_t* db, hs_scratch_t* scratch, const NumericCandidate*& first,
              const NumericCandidate*& last);

  // Scans `shape` (any length) with `db`, appending its candidate ends to `out`.
  static bool scan(std::string_view shape, const hs_database_t* db, hs_scratch_t* scratch, std::vector<NumericCandidate>& out);

  // Shapes held now (at most kSlots).
  std::size_t shapes() const;

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t first = 0;   // into arena_
    std::uint16_t count = 0;
    std::uint8_t length = 0;   // 0: empty
    char bytes[kMaxShapeBytes];
  };
  void clear();
  std::vector<Slot> slots_;
  std::vector<NumericCandidate> arena_;
  std::vector<NumericCandidate> found_;
};

// The engine's numeric byte tables in the form the vector path reads them, for the 128
// ASCII bytes: bit 0 numeric, bit 1 starts a short rule (Engine::numeric_starts_short).
struct NumericRunTable {
  unsigned char classes[128] = {};
  // The redactor walks tokens 64 bytes at a time: asked for (EngineOptions::
  // vector_token_walk), the CPU has AVX-512 VBMI, and no byte >= 0x80 is numeric.
  bool vector_walk = false;
};
NumericRunTable make_numeric_run_table(const bool* numeric, const bool* starts_short, bool vector_walk_wanted);
// AVX-512 BW and VBMI, which the vector token walk needs.
bool cpu_has_avx512_vbmi();

}  // namespace piimatch
