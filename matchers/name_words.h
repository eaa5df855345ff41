#pragma once
// Dictionary entries found as whole words, without a literal matcher.
//
// A dictionary rule whose boundaries reject every word byte on both sides (the default
// `word` boundary) can only accept an entry that is a whole word of the input: a maximal
// run of word bytes. When the entry is itself made of word bytes only, the literal matcher's
// other hits (an entry inside a longer word: "Ann" in "Anna", "Lee" in "Fleet") are exactly
// those the redactor's boundary checks reject. So instead of Hyperscan's literal matcher
// over ~57,000 names (its cost grows with the literal count, whatever the input holds),
// the words of the input are walked -- 64 bytes at a time from bit masks where the CPU has
// AVX-512 VBMI or AVX2, byte by byte elsewhere -- and each word that could start an entry (by its first byte and length) is
// looked up in an open-addressing table. JSON and logs have few capitalized words, prose
// one every few words; each costs a hash and, mostly, one probe of a 256 KB tag array.
//
// Word bytes: ASCII letters and digits, '_' and every byte >= 0x80 (the bytes of the
// `word` boundary class, byte_class.h; UTF-8 letters such as "É" are word bytes).
//
// An entry may hold other bytes inside ("Anne-Marie", "D'angelo") as long as it starts and
// ends with a word byte: a hit the boundaries accept then starts where a word starts and
// ends where one ends. Such an entry is keyed by its first word ("Anne", "D") and compared
// whole where that word occurs.
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "matchers/vector_walk.h"

namespace piimatch {

class NameWordTable {
 public:
  static bool is_word_byte(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
  }
  // The longest entry the table holds (entries are kept with an 8-bit length).
  static constexpr std::size_t kMaxEntryBytes = 255;
  // An entry the table can hold: 1..kMaxEntryBytes bytes, the first and the last a word byte.
  static bool can_hold(std::string_view entry);

  // Adds an entry of `rule`; the same entry may be added for several rules (each is
  // reported). Call before build(). Precondition: can_hold(entry).
  void add(std::string_view entry, std::uint32_t rule);
  // How the walk finds words: byte by byte (every CPU), or 64 bytes at a time from bit
  // masks made with AVX2 compares and nibble lookups, or with AVX-512 VBMI table lookups.
  using Walk = VectorWalk;
  // The fastest walk this CPU has.
  static Walk best_walk() { return best_vector_walk(); }
  // Lays out the table; walks with `walk`, or the fastest this CPU has if it lacks that one
  // (a slower walk is there to hold the others to the same answers).
  void build(Walk walk);

  bool empty() const { return entry_count_ == 0; }
  std::size_t size() const { return entry_count_; }
  std::uint32_t longest() const { return longest_; }
  Walk walk_kind() const { return walk_; }

  using Report = void (*)(void* context, std::uint32_t rule, std::uint64_t start, std::uint64_t end);

  // Reports (rule, start, end) for every entry that occurs where a word of the stream starts
  // in [from, end), when the entry's first word is that whole word, in stream offsets; `data` holds the stream's bytes from offset
  // `base` to `end`. A word is whole when the bytes around it are not word bytes or lie
  // beyond the stream's ends: the byte before `from` is read (when from > 0) to tell whether
  // `from` starts a word, so from > base unless from == 0. A word that reaches `end` is
  // complete only when `at_end`; otherwise the walk stops before it.
  //
  // Returns the offset to walk from next time: `end`, or the start of a word that reaches
  // `end`, may still grow, and could still start an entry, or of a word that starts an entry
  // longer than the bytes present (either way at most longest() bytes before `end`).
  // Words starting before the returned offset have all been looked up.
  std::uint64_t walk(const unsigned char* data, std::uint64_t base, std::uint64_t from, std::uint64_t end, bool at_end,
                     Report report, void* context) const;

 private:
  struct PendingEntry {
    std::uint32_t offset;  // in pool_
    std::uint32_t length;
    std::uint32_t key_length;  // of its first word
    std::uint32_t rule;
  };
  struct Slot {
    std::uint32_t offset = 0;  // in pool_
    std::uint8_t key_length = 0;
    std::uint8_t length = 0;
    std::uint32_t rule = 0;
  };
  std::uint64_t walk_bytes(const unsigned char* data, std::uint64_t base, std::uint64_t from, std::uint64_t end,
                           bool at_end, Report report, void* context) const;
  std::uint64_t walk_vector(const unsigned char* data, std::uint64_t base, std::uint64_t from, std::uint64_t end,
                            bool at_end, Report report, void* context) const;
  // Looks up the word [start, start + length) of the stream, `readable` bytes of which
  // (>= length) are present from `word` on. Returns false, reporting nothing, when an entry
  // keyed by the word is longer than what is present and matches so far, unless `at_end`:
  // the walk must come back to this word once more bytes have arrived.
  bool lookup(const unsigned char* word, std::size_t length, std::size_t readable, std::uint64_t start, bool at_end,
              Report report, void* context) const;
  // lookup() for the walks, inlined: most words are no entry and end at an empty slot or a
  // tag that differs, without a call.
  bool lookup_inline(const unsigned char* word, std::size_t length, std::size_t readable, std::uint64_t start, bool at_end,
                     Report report, void* context) const;
  // Reports the entry in `slot` if it occurs at `word` (its tag matched).
  void report_slot(std::uint64_t slot, const unsigned char* word, std::size_t length, std::size_t readable,
                   std::uint64_t start, Report report, void* context) const;

  std::vector<char> pool_;                // entry bytes, then 8 zero bytes (whole-word reads)
  std::vector<PendingEntry> added_;       // until build()
  std::vector<std::uint16_t> tags_;       // per slot: 0 = empty, else a hash's top bits | 1
  std::vector<Slot> slots_;
  std::uint64_t slot_mask_ = 0;
  std::size_t entry_count_ = 0;
  std::uint32_t longest_ = 0;                        // of entries
  std::uint32_t longest_key_ = 0;                    // of first words
  std::uint32_t shortest_key_ = ~std::uint32_t{0};
  bool has_multi_word_ = false;
  Walk walk_ = Walk::bytewise;
  // The AVX2 walk's first-byte test: 16 low-nibble then 16 high-nibble entries (see build()).
  std::array<unsigned char, 32> first_nibbles_{};
  // Per byte: bit 0 = word byte, bit 1 = some entry starts with it.
  std::array<unsigned char, 256> classes_{};
};

}  // namespace piimatch
