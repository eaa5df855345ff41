#pragma once
// Triggers: short sequences of byte classes found with SIMD compares instead of Hyperscan.
//
// A rule whose expression starts with a character class ([A-Z]{2}..., [0-9A-Fa-f]{2}:...)
// gives Hyperscan no literal to search for: it runs an automaton over every byte, and a
// handful of such rules cost more than the other 300 together. When every match of such a
// rule contains one of a few fixed-length class sequences (an IBAN: two capitals and a
// digit, or two capitals, a space and a digit), the engine looks for those sequences with
// a table lookup per 64 bytes and a few vector tests for all triggers at once, and
// block-scans the rule only in the region around a hit, as it does after a cue word for
// context-gated rules.
//
// The rule's author states the triggers (`triggers:` in the pack); the engine trusts that
// every match contains one. tests/trigger_test.cpp checks the bundled packs' triggers
// against the stream database on generated and planted data.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "matchers/byte_class.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace piimatch {

// Parses a trigger: a sequence of atoms, each a bracket expression ("[A-Z]", "[^a-z]"), an
// escaped byte ("\x2d", "\.", "\ "), or a literal byte, optionally repeated ("{4}",
// "{1,4}"). A repetition range stands for every length in it, so one trigger text gives
// one or more fixed-length sequences (":[0-9a-f]{1,4}:" gives four), at most
// kMaxTriggerSequences, each of 1 to TriggerScanner::kMaxAtoms atoms. Returns false with
// `error` set on a bad trigger.
inline constexpr std::size_t kMaxTriggerSequences = 256;
bool parse_trigger(std::string_view text, std::vector<std::vector<ByteClass>>& sequences, std::string& error);

// Which classifier a TriggerScanner uses. `best`: AVX-512 VBMI where the CPU has it, else
// AVX2 where it has that, else none (the engine then runs the rules in the stream
// database). `avx2`: AVX2 even where VBMI is there (to measure and test it on such a CPU).
// `portable`: none, as on a CPU with neither.
enum class TriggerPath { best, avx2, portable };

class TriggerScanner {
 public:
  static constexpr std::size_t kMaxAtoms = 16;
  static constexpr std::size_t kMaxClasses = 64;  // distinct atom classes over all triggers

  struct Hit {
    std::uint32_t group;  // the group the trigger was added with
    std::uint64_t position;  // where the trigger starts, relative to the scanned data
  };

  // Adds a trigger for `group` (atoms: 1..kMaxAtoms classes). False when the triggers would
  // use more than kMaxClasses distinct classes, or a class of more than 8 byte ranges.
  bool add(std::uint32_t group, const std::vector<ByteClass>& atoms);
  bool empty() const { return triggers_.empty(); }
  // The longest trigger, in bytes.
  std::size_t max_length() const { return max_length_; }

  // True when this CPU has the fastest classifier (AVX-512 VBMI: one table lookup
  // classifies 64 bytes into 16 classes; GFNI: one affine transform turns that into
  // per-class bit masks; VBMI2: one funnel shift lines up eight tests' masks). Every CPU
  // with VBMI but Cannon Lake has the other two.
  static bool fast();
  // True when this CPU has AVX2, BMI1 and BMI2 (Haswell, Zen and later): 32 bytes are classified
  // with two nibble lookups per eight nibble products (trigger_avx2.cpp), and the pairs'
  // tests are variable shifts of the class masks. About 0.5 ms/MB slower than VBMI, and
  // 2-3 ms/MB faster than the rules in the stream database. With neither, the portable
  // range compares cost more than the stream database, and the engine runs the rules there.
  static bool avx2();
  // The classifier this scanner uses; `best` until set. Set it before scanning (it is not
  // synchronised with concurrent scans).
  void set_path(TriggerPath path) { path_ = path; }
  TriggerPath path() const { return path_; }
  // True when scan() takes a fast path for these triggers: the path's CPU support, and every
  // class fits the classifier's tables (ASCII, at most 16 distinct classes; for AVX2 also
  // in at most four groups of eight nibble products, see trigger_avx2.cpp).
  bool fast_here() const {
    switch (path_) {
      case TriggerPath::best:
        return fast() ? tables_usable_ : avx2() && tables_usable_ && avx2_.usable;
      case TriggerPath::avx2:
        return avx2() && tables_usable_ && avx2_.usable;
      case TriggerPath::portable:
        break;
    }
    return false;
  }

  // Appends a hit for every trigger that starts at a position in [0, positions) of `data`,
  // which holds `available` >= positions bytes (bytes past `available` are taken as
  // absent: no trigger matches across them).
  void scan(const unsigned char* data, std::size_t positions, std::size_t available, std::vector<Hit>& hits) const;
  // The same with SSE2 range compares (or byte by byte), whatever the CPU: what scan() falls
  // back to, public so tests can hold both to the same answers.
  void scan_portable(const unsigned char* data, std::size_t positions, std::size_t available, std::vector<Hit>& hits) const;
  // The same with the AVX2 classifier (trigger_avx2.cpp), public so tests can hold it to the
  // portable scan's answers on a CPU that would take the VBMI path. Where the CPU lacks
  // AVX2 or the classes do not fit its tables, it is scan_portable().
  void scan_avx2(const unsigned char* data, std::size_t positions, std::size_t available, std::vector<Hit>& hits) const;

 private:
  struct Range {
    unsigned char lo;
    unsigned char hi;
  };
  struct Sequence {
    std::uint32_t group;
    std::vector<std::uint32_t> classes;  // indices into class_sets_ / ranges_
    std::vector<std::uint32_t> order;    // atom positions in test order: the rarest pair in traffic first
  };
  // A class as vector constants: a byte is in it when (byte - lo) <= width, unsigned, for
  // one of its ranges.
  struct ClassRanges {
    static constexpr std::size_t kMax = 8;
    std::size_t count = 0;
#if defined(__SSE2__)
    __m128i lo[kMax];
    __m128i width[kMax];
#endif
  };
  // The triggers as a trie over their (class, offset) atoms in test order, flattened in
  // preorder, for the fast path: triggers that share their first tests (the sixteen IPv6
  // shapes all start with ':' at 0 and ':' at 2..5) compute them once per block, and a
  // subtree whose shared prefix fails is skipped whole. Invariant: a node's children follow
  // it directly, `skip` is the index just past its subtree.
  struct TrieNode {
    std::uint32_t cls;
    std::uint32_t offset;
    std::uint32_t depth;        // number of atoms tested before this one
    std::uint32_t skip;
    std::uint32_t groups_from;  // trie_groups_[groups_from, groups_to): triggers ending here
    std::uint32_t groups_to;
  };
  // The trie's first two levels as pairs, for the fast path to test eight at a time
  // without a branch per node: one pair per second-level node (its parent's test and its
  // own), and one per first-level node where a trigger of one atom ends (its test twice).
  // A block where no pair passes has no trigger start; where some pass, only their
  // subtrees are walked. Fields are 64-bit lanes (class index, offset), padded with zeros to
  // a multiple of 8; the scan masks off lanes past the real count (`pair_node_.size()`).
  struct PairLanes {
    std::vector<std::uint64_t> first_class, first_offset, second_class, second_offset;
  };
  void rebuild_trie();
  std::vector<TrieNode> trie_;
  std::vector<std::uint32_t> trie_groups_;
  PairLanes pairs_;
  std::vector<std::uint32_t> pair_node_;  // per pair: the trie node whose test is the second
  std::vector<ClassRanges> ranges_;          // per class in class_sets_, for the vector compares
  std::vector<ByteClass> class_sets_;        // the same, to find duplicates
  // Per class: the positions of the traffic sample (trigger.cpp) whose byte is in it, as
  // bits, to rank the pairs by how often they pass.
  std::vector<std::vector<std::uint64_t>> class_sample_bits_;
  std::vector<Sequence> triggers_;
  std::size_t max_length_ = 0;
  // Class tables for the AVX-512 VBMI path: byte b (< 0x80) has bit (c % 8) of table c / 8
  // set when it is in class c. Usable while every class is ASCII and there are <= 16.
  unsigned char table_low_[128] = {};
  unsigned char table_high_[128] = {};
  bool tables_usable_ = true;
  // The AVX2 path's tables (built by build_avx2_tables(), trigger_avx2.cpp, after every
  // add). A byte's high nibble and low nibble each index a 16-byte table per group of eight
  // nibble products; the AND of the two lookups has bit s set when the byte is in product s
  // of the group. A product is (high nibbles H) x (low nibbles L); a class is the union of
  // one or more products of one group (of [A-Z]: 4 x {1..F} and 5 x {0..A}), so its mask is
  // "any of its bits". The classes the pairs test ("eager") are classified in every block,
  // from the first `eager_groups` groups; the others only in blocks where a pair passes.
  struct Avx2Tables {
    static constexpr std::size_t kMaxGroups = 4;
    static constexpr std::size_t kMaxClasses = 16;
    static constexpr std::size_t kMaxAtomLanes = 64;  // at most 256 distinct tests in the pairs
    // Four (class, offset) tests of one class, one per 64-bit lane: a class's mask is
    // broadcast and shifted by four offsets at once. Unused lanes repeat the first.
    struct AtomLanes {
      std::uint64_t cls;
      std::uint64_t offset[4];
      std::uint64_t from_next[4];  // 64 - offset: the next block's mask moves that far up
    };
    // A pair as two indices into the atoms (4 * AtomLanes index + lane) and its trie node.
    struct PairAtoms {
      std::uint16_t first;
      std::uint16_t second;
      std::uint32_t node;
    };
    bool usable = true;
    std::size_t groups = 0;
    std::size_t eager_groups = 0;
    unsigned char low_nibble[kMaxGroups][16] = {};
    unsigned char high_nibble[kMaxGroups][16] = {};
    unsigned char class_group[kMaxClasses] = {};  // per class: its group
    unsigned char class_bits[kMaxClasses] = {};   // per class: its products' bits in that group
    unsigned char class_order[kMaxClasses] = {};  // the eager classes, then the lazy ones
    std::size_t eager_count = 0;
    std::size_t class_count = 0;
    std::vector<AtomLanes> atoms;
    std::vector<PairAtoms> pairs;  // in pairs_' order
  };
  Avx2Tables avx2_;
  TriggerPath path_ = TriggerPath::best;
  void build_avx2_tables();
  void scan_vbmi(const unsigned char* data, std::size_t positions, std::size_t available, std::vector<Hit>& hits) const;
  // scan_avx2's vector body; only after scan_avx2 has checked the CPU and the tables.
  void scan_avx2_vector(const unsigned char* data, std::size_t positions, std::size_t available,
                        std::vector<Hit>& hits) const;
  // Reports the starts in `pair_bits` (those that passed the pair ending at trie node
  // `pair_end`) for the groups whose triggers end there, and walks the node's subtree from
  // them: shared by the VBMI and AVX2 paths, which differ only in how they find the pairs.
  // Masks are per class (at most 16): bit i of current_masks[c] is byte from + i, of
  // next_masks[c] byte from + 64 + i. Defined in trigger_walk.h.
  static inline void report_and_walk(const TrieNode* trie, const std::uint32_t* trie_groups, std::uint32_t pair_end,
                              std::uint64_t pair_bits, const std::uint64_t* current_masks,
                              const std::uint64_t* next_masks, std::uint64_t from, std::vector<Hit>& hits);
};

}  // namespace piimatch
