// The trigger scanner's AVX2 path (TriggerScanner::scan_avx2), for CPUs without AVX-512
// VBMI: most servers in the field (Zen 2/3, Skylake, Cascade Lake). Same answers as
// scan_portable() and scan_vbmi(); it differs from the VBMI path in how it classifies bytes
// and tests the trie's first pairs, and shares the walk below them (trigger_walk.h).
//
// Classifying: AVX2 has no 128-entry byte lookup, but VPSHUFB looks up 32 bytes in a
// 16-entry table at once. A byte is in the product set H x L (H a set of high nibbles, L of
// low nibbles) when table_high[high nibble] and table_low[low nibble] both have the set's
// bit: two lookups and an AND give eight such sets per 32 bytes. Every class is a union
// of products (group its bytes by high nibble; equal low-nibble sets share a product), and
// the bundled triggers' 16 classes take 21 distinct products, three groups of eight. A
// class's mask is then "any of its products' bits" per byte: AND with its bits, a
// saturating add of 0x7f that carries any set bit into bit 7, and VPMOVMSKB.
//
// Pairs: the VBMI path tests eight pairs per instruction with a funnel shift per lane (a
// lookup of 16 class masks AVX2 does not have). Here each distinct (class, offset) test of
// the pairs is computed once per block, four of one class to a vector (a broadcast of the
// class's mask and two variable shifts), and each pair is a scalar AND of two of them.
// Scanner alone on the bench corpora, 16 KB writes: 0.27 ms/MB classifying, 0.16 the
// tests, 0.35-0.5 the pairs and the walks below them; 0.8-1.0 ms/MB in all, against
// 0.25-0.45 for VBMI and 5-6 for the portable scan.
#include <algorithm>
#include <bit>
#include <cstring>
#include <utility>
#include <vector>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "matchers/trigger.h"
#include "matchers/trigger_walk.h"

namespace piimatch {

bool TriggerScanner::avx2() {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  static const bool supported =
      __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2");
  return supported;
#else
  return false;
#endif
}

// Splits each class into nibble products and packs them into groups of eight so that every
// class's products are in one group (a product two classes share, such as [0-9] = 3 x
// {0..9}, may sit in several groups). Greedy: the classes the pairs test first, so that
// they take the fewest groups (each group costs two lookups per 32 bytes in every block),
// then the others; within each, classes with the most products first, each into the group
// that needs the fewest new products. Today's triggers: 11 pair classes in two groups, the
// other five in one more. Invariant when usable: byte b is in class c exactly when
// low_nibble[g][b & 15] & high_nibble[g][b >> 4] & class_bits[c] != 0, g = class_group[c].
void TriggerScanner::build_avx2_tables() {
  Avx2Tables tables;
  const std::size_t classes = class_sets_.size();
  const std::size_t pair_count = pair_node_.size();
  auto give_up = [&] {
    tables.usable = false;
    avx2_ = std::move(tables);
  };
  if (classes > Avx2Tables::kMaxClasses) return give_up();
  struct Product {
    std::uint16_t high = 0;  // bit h: high nibble h
    std::uint16_t low = 0;   // bit l: low nibble l
    bool operator==(const Product&) const = default;
  };
  std::vector<std::vector<Product>> products(classes);
  for (std::size_t c = 0; c < classes; ++c) {
    for (unsigned h = 0; h < 16; ++h) {
      std::uint16_t low = 0;
      for (unsigned l = 0; l < 16; ++l) {
        if (class_sets_[c].contains(static_cast<unsigned char>(16 * h + l))) low = static_cast<std::uint16_t>(low | (1u << l));
      }
      if (low == 0) continue;
      auto same = std::find_if(products[c].begin(), products[c].end(), [&](const Product& p) { return p.low == low; });
      if (same == products[c].end()) {
        products[c].push_back({static_cast<std::uint16_t>(1u << h), low});
      } else {
        same->high = static_cast<std::uint16_t>(same->high | (1u << h));
      }
    }
  }
  std::vector<bool> eager(classes, false);
  for (std::size_t k = 0; k < pair_count; ++k) {
    eager[pairs_.first_class[k]] = true;
    eager[pairs_.second_class[k]] = true;
  }
  std::vector<std::size_t> order(classes);
  for (std::size_t c = 0; c < classes; ++c) order[c] = c;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (eager[a] != eager[b]) return static_cast<bool>(eager[a]);
    return products[a].size() > products[b].size();
  });
  std::vector<std::vector<Product>> groups;
  tables.eager_groups = Avx2Tables::kMaxGroups + 1;  // not yet known
  for (const std::size_t c : order) {
    if (!eager[c] && tables.eager_groups > Avx2Tables::kMaxGroups) tables.eager_groups = groups.size();
    auto missing = [&](const std::vector<Product>& group) {
      std::size_t n = 0;
      for (const Product& p : products[c]) n += std::find(group.begin(), group.end(), p) == group.end() ? 1 : 0;
      return n;
    };
    std::size_t best = groups.size(), best_missing = 9;
    for (std::size_t g = 0; g < groups.size(); ++g) {
      const std::size_t n = missing(groups[g]);
      if (groups[g].size() + n <= 8 && n < best_missing) {
        best = g;
        best_missing = n;
      }
    }
    if (best == groups.size()) {
      if (groups.size() == Avx2Tables::kMaxGroups || products[c].size() > 8) return give_up();
      groups.emplace_back();
    }
    std::vector<Product>& group = groups[best];
    unsigned bits = 0;
    for (const Product& p : products[c]) {
      auto at = std::find(group.begin(), group.end(), p);
      if (at == group.end()) at = group.insert(group.end(), p);
      bits |= 1u << (at - group.begin());
    }
    tables.class_group[c] = static_cast<unsigned char>(best);
    tables.class_bits[c] = static_cast<unsigned char>(bits);
    tables.class_order[tables.class_count++] = static_cast<unsigned char>(c);
    tables.eager_count += eager[c] ? 1 : 0;
  }
  tables.groups = groups.size();
  if (tables.eager_groups > Avx2Tables::kMaxGroups) tables.eager_groups = groups.size();  // every class is eager
  for (std::size_t g = 0; g < groups.size(); ++g) {
    for (std::size_t s = 0; s < groups[g].size(); ++s) {
      for (unsigned n = 0; n < 16; ++n) {
        if ((groups[g][s].high >> n) & 1u) tables.high_nibble[g][n] = static_cast<unsigned char>(tables.high_nibble[g][n] | (1u << s));
        if ((groups[g][s].low >> n) & 1u) tables.low_nibble[g][n] = static_cast<unsigned char>(tables.low_nibble[g][n] | (1u << s));
      }
    }
  }
  // The pairs' distinct (class, offset) tests, four of a class to a vector.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> atoms;  // (class, offset)
  for (std::size_t k = 0; k < pair_count; ++k) {
    atoms.emplace_back(pairs_.first_class[k], pairs_.first_offset[k]);
    atoms.emplace_back(pairs_.second_class[k], pairs_.second_offset[k]);
  }
  std::sort(atoms.begin(), atoms.end());
  atoms.erase(std::unique(atoms.begin(), atoms.end()), atoms.end());
  std::vector<std::pair<std::uint64_t, std::uint64_t>> placed;  // atom at index 4 * vector + lane
  for (std::size_t a = 0; a < atoms.size(); ++a) {
    const bool opens = tables.atoms.empty() || tables.atoms.back().cls != atoms[a].first || placed.size() % 4 == 0;
    if (opens) {
      while (placed.size() % 4 != 0) placed.push_back(placed[placed.size() / 4 * 4]);
      const std::uint64_t offset = atoms[a].second, from_next = 64 - offset;
      tables.atoms.push_back({atoms[a].first, {offset, offset, offset, offset}, {from_next, from_next, from_next, from_next}});
    }
    tables.atoms.back().offset[placed.size() % 4] = atoms[a].second;
    tables.atoms.back().from_next[placed.size() % 4] = 64 - atoms[a].second;
    placed.push_back(atoms[a]);
  }
  if (tables.atoms.size() > Avx2Tables::kMaxAtomLanes) return give_up();
  auto index_of = [&](std::uint64_t cls, std::uint64_t offset) {
    return static_cast<std::uint16_t>(std::find(placed.begin(), placed.end(), std::make_pair(cls, offset)) - placed.begin());
  };
  for (std::size_t k = 0; k < pair_count; ++k) {
    tables.pairs.push_back({index_of(pairs_.first_class[k], pairs_.first_offset[k]),
                            index_of(pairs_.second_class[k], pairs_.second_offset[k]), pair_node_[k]});
  }
  avx2_ = std::move(tables);
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
namespace {

#define PIIMATCH_TRIGGER_AVX2_TARGET __attribute__((target("avx2,bmi,bmi2")))

constexpr std::size_t kClassLimit = 16;  // TriggerScanner::Avx2Tables::kMaxClasses
constexpr std::size_t kGroupLimit = 4;   // TriggerScanner::Avx2Tables::kMaxGroups

// The classifier's constants as vectors, loaded once per scan.
struct Avx2Classifier {
  std::size_t groups = 0;
  std::size_t eager_groups = 0;
  std::size_t eager_count = 0;
  std::size_t class_count = 0;
  __m256i low_nibble[kGroupLimit];   // per group, its table in both 128-bit lanes
  __m256i high_nibble[kGroupLimit];
  __m256i class_bits[kClassLimit];  // per class, its products' bits in every byte
  unsigned char class_group[kClassLimit];
  const unsigned char* class_order;  // eager classes, then lazy ones
};

// Per group in [0, groups), for the 32 bytes in `bytes`: byte i has bit s set when byte i
// is in product s. The high nibble is masked to 4 bits, so bytes >= 0x80 index entries
// 8..15, which hold no product of an ASCII class.
PIIMATCH_TRIGGER_AVX2_TARGET inline void products_of(__m256i bytes, const Avx2Classifier& k, std::size_t groups,
                                                     __m256i* products) {
  const __m256i nibble = _mm256_set1_epi8(0x0f);
  const __m256i low = _mm256_and_si256(bytes, nibble);
  const __m256i high = _mm256_and_si256(_mm256_srli_epi16(bytes, 4), nibble);
  for (std::size_t g = 0; g < groups; ++g) {
    products[g] = _mm256_and_si256(_mm256_shuffle_epi8(k.low_nibble[g], low), _mm256_shuffle_epi8(k.high_nibble[g], high));
  }
}

// masks[c] = class c's mask of the (up to 64) bytes at p, bit i set when byte i is in it,
// for the classes k.class_order[first, last), whose products are in groups [0, groups). Reads
// only the `present` bytes; absent bytes are in no class (a class may hold 0).
PIIMATCH_TRIGGER_AVX2_TARGET inline void classify_block(const unsigned char* p, std::size_t present, const Avx2Classifier& k,
                                                        std::size_t groups, std::size_t first, std::size_t last,
                                                        std::uint64_t* masks) {
  alignas(32) unsigned char tail[64];
  if (present < 64) {
    std::memcpy(tail, p, present);
    std::memset(tail + present, 0, sizeof tail - present);
    p = tail;
  }
  const std::uint64_t valid = present >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << present) - 1;
  __m256i low_half[kGroupLimit], high_half[kGroupLimit];
  products_of(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)), k, groups, low_half);
  products_of(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32)), k, groups, high_half);
  // A byte with any of the class's bits becomes >= 0x80 after a saturating add of 0x7f.
  const __m256i carry = _mm256_set1_epi8(0x7f);
  for (std::size_t i = first; i < last; ++i) {
    const std::size_t c = k.class_order[i];
    const std::size_t g = k.class_group[c];
    const auto low = static_cast<std::uint32_t>(
        _mm256_movemask_epi8(_mm256_adds_epu8(_mm256_and_si256(low_half[g], k.class_bits[c]), carry)));
    const auto high = static_cast<std::uint32_t>(
        _mm256_movemask_epi8(_mm256_adds_epu8(_mm256_and_si256(high_half[g], k.class_bits[c]), carry)));
    masks[c] = ((std::uint64_t{high} << 32) | low) & valid;
  }
}

}  // namespace
#endif

// Checks the CPU before anything compiled for AVX2 runs: the compiler may place VEX
// instructions (register spills, vzeroupper) anywhere in a function with the target
// attribute, so the check cannot live inside scan_avx2_vector itself.
void TriggerScanner::scan_avx2(const unsigned char* data, std::size_t positions, std::size_t available,
                               std::vector<Hit>& hits) const {
  if (triggers_.empty() || positions == 0) return;
  if (!avx2() || !tables_usable_ || !avx2_.usable) {
    scan_portable(data, positions, available, hits);
    return;
  }
  scan_avx2_vector(data, positions, available, hits);
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
PIIMATCH_TRIGGER_AVX2_TARGET
#endif
void TriggerScanner::scan_avx2_vector(const unsigned char* data, std::size_t positions, std::size_t available,
                                      std::vector<Hit>& hits) const {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  static_assert(Avx2Tables::kMaxGroups == kGroupLimit && Avx2Tables::kMaxClasses == kClassLimit);
  Avx2Classifier k;
  k.groups = avx2_.groups;
  k.eager_groups = avx2_.eager_groups;
  k.eager_count = avx2_.eager_count;
  k.class_count = avx2_.class_count;
  k.class_order = avx2_.class_order;
  for (std::size_t g = 0; g < k.groups; ++g) {
    k.low_nibble[g] = _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(avx2_.low_nibble[g])));
    k.high_nibble[g] = _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(avx2_.high_nibble[g])));
  }
  for (std::size_t c = 0; c < kClassLimit; ++c) {
    k.class_bits[c] = _mm256_set1_epi8(static_cast<char>(avx2_.class_bits[c]));
    k.class_group[c] = avx2_.class_group[c];
  }
  // Locals, so that the hits' push_back (a store the compiler cannot tell apart from these
  // members) does not reload them on every pair.
  const TrieNode* const trie = trie_.data();
  const std::uint32_t* const trie_groups = trie_groups_.data();
  const Avx2Tables::AtomLanes* const atom_lanes = avx2_.atoms.data();
  const std::size_t atom_vectors = avx2_.atoms.size();
  const Avx2Tables::PairAtoms* const pairs = avx2_.pairs.data();
  const std::size_t pair_count = avx2_.pairs.size();
  const bool lazy = k.eager_count < k.class_count;
  alignas(64) std::uint64_t masks_a[kClassLimit] = {}, masks_b[kClassLimit] = {};
  alignas(32) std::uint64_t atoms[4 * Avx2Tables::kMaxAtomLanes];
  std::uint64_t pair_passed[64];
  std::uint64_t* current = masks_a;
  std::uint64_t* next = masks_b;
  // `current_full`: the lazy classes' masks of the current block are there too.
  classify_block(data, std::min<std::size_t>(64, available), k, k.eager_groups, 0, k.eager_count, current);
  bool current_full = !lazy, next_full = !lazy;
  for (std::size_t from = 0; from < positions; from += 64) {
    // The next block's masks supply the bytes a trigger starting in this block runs into.
    const std::size_t next_present = from + 64 < available ? std::min<std::size_t>(64, available - from - 64) : 0;
    if (next_present != 0) {
      classify_block(data + from + 64, next_present, k, k.eager_groups, 0, k.eager_count, next);
      next_full = !lazy;
    } else {
      std::fill(next, next + kClassLimit, 0);
      next_full = true;
    }
    const std::uint64_t starts = positions - from >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << (positions - from)) - 1;
    // Per test (class c, offset j) of a pair: bits j.. of c's mask in this block and the
    // first j of the next one, i.e. bit i set when the byte j after start i is in c, and i
    // is a start to report. A shift by 64 (j = 0) gives 0 in AVX2's variable shifts.
    const __m256i start_lanes = _mm256_set1_epi64x(static_cast<long long>(starts));
    for (std::size_t v = 0; v < atom_vectors; ++v) {
      const __m256i here = _mm256_set1_epi64x(static_cast<long long>(current[atom_lanes[v].cls]));
      const __m256i after = _mm256_set1_epi64x(static_cast<long long>(next[atom_lanes[v].cls]));
      const __m256i tested = _mm256_or_si256(
          _mm256_srlv_epi64(here, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(atom_lanes[v].offset))),
          _mm256_sllv_epi64(after, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(atom_lanes[v].from_next))));
      _mm256_store_si256(reinterpret_cast<__m256i*>(atoms + 4 * v), _mm256_and_si256(tested, start_lanes));
    }
    // The pairs without a branch each: several pass in a fifth to two fifths of the blocks
    // of logs and prose, a branch that mispredicts often. Which passed is collected as
    // bits, and only those are visited.
    for (std::size_t base = 0; base < pair_count; base += 64) {
      const std::size_t count = std::min<std::size_t>(64, pair_count - base);
      std::uint64_t passing = 0;
      for (std::size_t p = 0; p < count; ++p) {
        const std::uint64_t passed = atoms[pairs[base + p].first] & atoms[pairs[base + p].second];
        pair_passed[p] = passed;
        passing |= static_cast<std::uint64_t>(passed != 0) << p;
      }
      if (passing == 0) continue;
      // The walk below a pair may test any class: classify the rest of both blocks.
      if (!current_full) {
        classify_block(data + from, std::min<std::size_t>(64, available - from), k, k.groups, k.eager_count, k.class_count,
                       current);
        current_full = true;
      }
      if (!next_full) {
        classify_block(data + from + 64, next_present, k, k.groups, k.eager_count, k.class_count, next);
        next_full = true;
      }
      for (; passing != 0; passing &= passing - 1) {
        const auto p = static_cast<std::size_t>(std::countr_zero(passing));
        report_and_walk(trie, trie_groups, pairs[base + p].node, pair_passed[p], current, next, from, hits);
      }
    }
    std::swap(current, next);
    std::swap(current_full, next_full);
  }
#else
  scan_portable(data, positions, available, hits);
#endif
}

}  // namespace piimatch
