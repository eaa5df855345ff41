// One PCRE2-JIT pass per expression over the whole input: the simplest multi-regex scanner.
#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include <chrono>

#include "bench/peers.h"

namespace piibench {

struct Pcre2JitLoop::State {
  std::vector<pcre2_code*> codes;
  std::vector<std::uint32_t> pattern_of;
  pcre2_match_data* match_data = nullptr;
  pcre2_match_context* match_context = nullptr;
  pcre2_jit_stack* jit_stack = nullptr;
  ~State() {
    for (pcre2_code* c : codes) pcre2_code_free(c);
    pcre2_match_data_free(match_data);
    pcre2_match_context_free(match_context);
    pcre2_jit_stack_free(jit_stack);
  }
};

Pcre2JitLoop::Pcre2JitLoop() : state_(std::make_unique<State>()) {}
Pcre2JitLoop::~Pcre2JitLoop() = default;

PeerBuildResult Pcre2JitLoop::build(const std::vector<PeerPattern>& patterns) {
  PeerBuildResult result;
  const auto started = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    const PeerPattern& p = patterns[i];
    const std::uint32_t options = (p.caseless ? PCRE2_CASELESS : 0u) | (p.dotall ? PCRE2_DOTALL : 0u) |
                                  (p.multiline ? PCRE2_MULTILINE : 0u);
    int error = 0;
    PCRE2_SIZE offset = 0;
    pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(p.expression.data()), p.expression.size(),
                                     options, &error, &offset, nullptr);
    if (code == nullptr) {
      PCRE2_UCHAR message[256];
      pcre2_get_error_message(error, message, sizeof message);
      result.skipped.push_back(p.rule_id + ": " + reinterpret_cast<const char*>(message));
      continue;
    }
    if (pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) != 0) {
      result.skipped.push_back(p.rule_id + ": JIT compile failed");
      pcre2_code_free(code);
      continue;
    }
    state_->codes.push_back(code);
    state_->pattern_of.push_back(static_cast<std::uint32_t>(i));
  }
  state_->match_data = pcre2_match_data_create(1, nullptr);
  state_->match_context = pcre2_match_context_create(nullptr);
  state_->jit_stack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, nullptr);
  pcre2_jit_stack_assign(state_->match_context, nullptr, state_->jit_stack);
  result.compile_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

void Pcre2JitLoop::scan(std::string_view input, MatchRecorder& recorder) {
  State& s = *state_;
  const auto* subject = reinterpret_cast<PCRE2_SPTR>(input.data());
  for (std::size_t k = 0; k < s.codes.size(); ++k) {
    PCRE2_SIZE offset = 0;
    while (offset <= input.size()) {
      const int rc = pcre2_jit_match(s.codes[k], subject, input.size(), offset, 0, s.match_data, s.match_context);
      if (rc < 0) break;
      const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(s.match_data);
      recorder.on_match(s.pattern_of[k], ovector[0], ovector[1]);
      offset = ovector[1] > ovector[0] ? ovector[1] : ovector[0] + 1;
    }
  }
}

}  // namespace piibench
