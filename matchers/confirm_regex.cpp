#include "matchers/confirm_regex.h"

#include <algorithm>

namespace piimatch {

CompiledConfirm compile_end_anchored(const std::string& pattern, const Rule& rule) {
  static constexpr std::size_t kPrefix = 3;  // "(?:" before the pattern
  const std::string anchored = "(?:" + pattern + ")\\z";
  std::uint32_t options = PCRE2_DOLLAR_ENDONLY;
  if (rule.caseless) options |= PCRE2_CASELESS;
  if (rule.dotall) options |= PCRE2_DOTALL;
  if (rule.multiline) options |= PCRE2_MULTILINE;
  CompiledConfirm out;
  PCRE2_SIZE offset = 0;
  out.code = pcre2_compile_8(reinterpret_cast<PCRE2_SPTR8>(anchored.data()), anchored.size(), options, &out.error_code,
                             &offset, nullptr);
  if (out.code == nullptr) {
    // An error found only at the end of the wrapper (a missing ')') points at the pattern's end.
    out.error_offset = std::min<std::size_t>(offset > kPrefix ? offset - kPrefix : 0, pattern.size());
    return out;
  }
  pcre2_jit_compile_8(out.code, PCRE2_JIT_COMPLETE);  // falls back to the interpreter if JIT is unavailable
  const int group = pcre2_substring_number_from_name_8(out.code, reinterpret_cast<PCRE2_SPTR8>("value"));
  out.value_group = group > 0 ? static_cast<std::uint32_t>(group) : 0;
  return out;
}

}  // namespace piimatch
