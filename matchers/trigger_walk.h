#pragma once
// The walk below a passing pair of the trigger trie (TriggerScanner::report_and_walk),
// shared by the AVX-512 VBMI and the AVX2 scans: only trigger.cpp and trigger_avx2.cpp
// include it. Inline so that each scan gets its own copy in its own target.
#include <bit>
#include <cstdint>
#include <vector>

#include "matchers/trigger.h"

namespace piimatch {

// Invariant (rebuild_trie): a node's subtree is trie[node + 1, node.skip) in preorder, and a
// node of depth d follows, in that order, the nodes of its path at depths < d, so at[d]
// holds the starts that passed its path's first d tests when it is reached.
[[gnu::always_inline]] inline void TriggerScanner::report_and_walk(const TrieNode* trie, const std::uint32_t* trie_groups,
                                                                   std::uint32_t pair_end, std::uint64_t pair_bits,
                                                                   const std::uint64_t* current_masks,
                                                                   const std::uint64_t* next_masks, std::uint64_t from,
                                                                   std::vector<Hit>& hits) {
  const TrieNode& end = trie[pair_end];
  for (std::uint32_t g = end.groups_from; g < end.groups_to; ++g) {
    for (std::uint64_t bits = pair_bits; bits != 0; bits &= bits - 1) {
      hits.push_back({trie_groups[g], from + static_cast<std::uint64_t>(std::countr_zero(bits))});
    }
  }
  // A first-level node paired with itself: its children have pairs of their own.
  if (end.depth == 0) return;
  // at[d]: the starts that passed the first d tests of the current trie path.
  std::uint64_t at[kMaxAtoms + 1];
  at[2] = pair_bits;
  for (std::size_t n = pair_end + 1; n < end.skip;) {
    const TrieNode& node = trie[n];
    const std::uint32_t c = node.cls;
    const std::uint32_t j = node.offset;
    // Bits j.. of this block's mask and the first j of the next one; (x << 1) << (63 - j)
    // is x << (64 - j) without the undefined shift by 64 when j == 0.
    const std::uint64_t node_passed = at[node.depth] & ((current_masks[c] >> j) | ((next_masks[c] << 1) << (63 - j)));
    if (node_passed == 0) {
      n = node.skip;
      continue;
    }
    at[node.depth + 1] = node_passed;
    for (std::uint32_t g = node.groups_from; g < node.groups_to; ++g) {
      for (std::uint64_t bits = node_passed; bits != 0; bits &= bits - 1) {
        hits.push_back({trie_groups[g], from + static_cast<std::uint64_t>(std::countr_zero(bits))});
      }
    }
    ++n;
  }
}

}  // namespace piimatch
