#pragma once
// The confirm regex as the engine compiles it: a rule's `confirm` (or its expression)
// anchored at the candidate's end, with the rule's flags, JIT-compiled. PCRE2 then finds the
// leftmost start whose match ends exactly where Hyperscan reported the candidate. Tests that
// must judge a value the way the engine does use this too, so the two cannot drift apart.
#include <cstddef>
#include <cstdint>
#include <string>

#include "matchers/engine.h"  // pcre2.h with the project's code unit width
#include "matchers/rule.h"

namespace piimatch {

struct CompiledConfirm {
  pcre2_code_8* code = nullptr;  // null when `pattern` is not valid PCRE2 (see error_*)
  std::uint32_t value_group = 0;  // the `value` group's number, 0 when there is none
  int error_code = 0;
  std::size_t error_offset = 0;  // into `pattern`
};

// The caller owns `code` (pcre2_code_free_8).
CompiledConfirm compile_end_anchored(const std::string& pattern, const Rule& rule);

}  // namespace piimatch
