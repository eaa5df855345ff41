// RE2::Set as a prefilter per line, then the matching rules' own RE2 to find the spans:
// the usual way to run many regexes with RE2.
#include <re2/re2.h>
#include <re2/set.h>

#include <chrono>

#include "bench/peers.h"

namespace piibench {

struct Re2SetPerLine::State {
  std::unique_ptr<re2::RE2::Set> set;
  std::vector<std::unique_ptr<re2::RE2>> regexes;  // by set index
  std::vector<std::uint32_t> pattern_of;           // set index -> pattern index
  std::vector<int> matched;                        // reused between lines
};

Re2SetPerLine::Re2SetPerLine() : state_(std::make_unique<State>()) {}
Re2SetPerLine::~Re2SetPerLine() = default;

namespace {

re2::RE2::Options options() {
  re2::RE2::Options o;
  o.set_log_errors(false);
  o.set_encoding(re2::RE2::Options::EncodingLatin1);  // bytes, as Hyperscan sees them
  o.set_max_mem(int64_t{512} << 20);  // the DFA of a whole pack needs more than the 8 MB default
  return o;
}

std::string with_inline_flags(const PeerPattern& p) {
  std::string flags;
  if (p.caseless) flags += 'i';
  if (p.dotall) flags += 's';
  if (p.multiline) flags += 'm';
  return flags.empty() ? p.expression : "(?" + flags + ")" + p.expression;
}

}  // namespace

PeerBuildResult Re2SetPerLine::build(const std::vector<PeerPattern>& patterns) {
  PeerBuildResult result;
  const auto started = std::chrono::steady_clock::now();
  state_->set = std::make_unique<re2::RE2::Set>(options(), re2::RE2::UNANCHORED);
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    const std::string pattern = with_inline_flags(patterns[i]);
    auto regex = std::make_unique<re2::RE2>(pattern, options());
    if (!regex->ok()) {
      result.skipped.push_back(patterns[i].rule_id + ": " + regex->error());
      continue;
    }
    std::string error;
    if (state_->set->Add(pattern, &error) < 0) {
      result.skipped.push_back(patterns[i].rule_id + ": " + error);
      continue;
    }
    state_->regexes.push_back(std::move(regex));
    state_->pattern_of.push_back(static_cast<std::uint32_t>(i));
  }
  if (!state_->set->Compile()) result.skipped.push_back("*: RE2::Set::Compile failed");
  state_->matched.reserve(patterns.size());
  result.compile_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

void Re2SetPerLine::scan(std::string_view input, MatchRecorder& recorder) {
  State& s = *state_;
  std::size_t line_start = 0;
  while (line_start < input.size()) {
    std::size_t line_end = input.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = input.size();
    const re2::StringPiece line(input.data() + line_start, line_end - line_start);
    s.matched.clear();
    if (s.set->Match(line, &s.matched)) {
      for (int index : s.matched) {
        const re2::RE2& regex = *s.regexes[static_cast<std::size_t>(index)];
        std::size_t pos = 0;
        re2::StringPiece m;
        while (pos <= line.size() && regex.Match(line, pos, line.size(), re2::RE2::UNANCHORED, &m, 1)) {
          const auto start = static_cast<std::size_t>(m.data() - line.data());
          recorder.on_match(s.pattern_of[static_cast<std::size_t>(index)], line_start + start,
                            line_start + start + m.size());
          pos = start + (m.empty() ? 1 : m.size());
        }
      }
    }
    line_start = line_end + 1;
  }
}

}  // namespace piibench
