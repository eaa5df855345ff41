#pragma once
// The baselines the engine is compared with, on the same corpus in the same process. Each
// takes the rule pack's expressions as they are written (no confirm step, no boundaries,
// no validators): what a team would get by pasting the pack into a regex library.
//
//   NaiveHyperscan  every expression in one stream-mode database, HS_FLAG_SOM_LEFTMOST on all
//   Re2SetPerLine   RE2::Set over each line to learn which rules match, then each matching
//                   rule's RE2 to locate the matches in that line
//   Pcre2JitLoop    each expression compiled with PCRE2-JIT, run over the whole input in turn
//
// Scans report every match through a MatchRecorder; none allocates on the scan path except
// as the recorder is asked to keep spans.
#include <hs/hs.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace piibench {

struct PeerPattern {
  std::string rule_id;
  std::string expression;  // Hyperscan/PCRE syntax; dictionaries arrive as an alternation
  bool caseless = false;
  bool dotall = false;
  bool multiline = false;
};

struct MatchSpan {
  std::uint64_t start = 0;
  std::uint64_t end = 0;
  std::uint32_t pattern = 0;
};

// Counts matches; keeps their spans only when `keep_spans` (quality pass, not timed).
struct MatchRecorder {
  std::uint64_t matches = 0;
  bool keep_spans = false;
  std::vector<MatchSpan> spans;
  void on_match(std::uint32_t pattern, std::uint64_t start, std::uint64_t end) {
    ++matches;
    if (keep_spans) spans.push_back({start, end, pattern});
  }
};

// Patterns a peer could not compile (unsupported syntax, "pattern too large", SOM
// limits) are left out and listed, so the report can say what each peer really ran.
struct PeerBuildResult {
  std::vector<std::string> skipped;  // "rule-id: reason"
  double compile_seconds = 0;
};

class NaiveHyperscan {
 public:
  PeerBuildResult build(const std::vector<PeerPattern>& patterns);
  ~NaiveHyperscan();
  // Feeds `input` in writes of `write_size` bytes (0 = one write) to a fresh stream.
  void scan(std::string_view input, std::size_t write_size, MatchRecorder& recorder);

 private:
  hs_database_t* db_ = nullptr;
  hs_scratch_t* scratch_ = nullptr;
  hs_stream_t* stream_ = nullptr;
};

class Re2SetPerLine {
 public:
  Re2SetPerLine();
  ~Re2SetPerLine();
  PeerBuildResult build(const std::vector<PeerPattern>& patterns);
  void scan(std::string_view input, MatchRecorder& recorder);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

class Pcre2JitLoop {
 public:
  Pcre2JitLoop();
  ~Pcre2JitLoop();
  PeerBuildResult build(const std::vector<PeerPattern>& patterns);
  void scan(std::string_view input, MatchRecorder& recorder);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace piibench
