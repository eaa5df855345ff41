#pragma once
// The compiled, immutable detection engine. Build one from a RuleSet, share it between
// threads as std::shared_ptr<const Engine>, give each thread its own Scratch.
#include <hs/hs.h>
#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "matchers/hmac.h"
#include "matchers/name_words.h"
#include "matchers/numeric_tokens.h"
#include "matchers/trigger.h"
#include "matchers/rule_set.h"
#include "matchers/validator.h"

namespace piimatch {

struct EngineOptions {
  // Key for fingerprints and the hash action. Empty: a random key per Engine.
  std::string hmac_key;
  // Directory for serialized Hyperscan databases; empty disables the cache.
  std::string cache_dir;
  // Find the candidates of digit-shaped rules through numeric tokens (numeric_tokens.h)
  // instead of the stream database. Off only to compare the two (tests, benchmarks).
  bool numeric_tokens = true;
  // Scan rules with `triggers` only around their triggers (trigger.h). Off: in the stream
  // database like any other rule (to compare the two).
  bool triggers = true;
  // The trigger classifier (trigger.h): `best` takes the CPU's fastest (AVX-512 VBMI, else
  // AVX2, else none: the rules run in the stream database). `avx2` forces the AVX2 path
  // where the CPU has it, to measure and test it on a VBMI machine.
  TriggerPath trigger_path = TriggerPath::best;
  // The fastest numeric-token walk to use, if the CPU has it: 64 bytes at a time from bit
  // masks (AVX-512 VBMI, else AVX2), else byte by byte. avx2: as an AVX2-only CPU runs it;
  // bytewise: the walk every CPU has (both to hold the walks to the same answers).
  NumericRunTable::Walk token_walk = NumericRunTable::Walk::avx512_vbmi;
  // Find the dictionary entries that can only count as whole words by walking the words of
  // the input and looking them up (name_words.h) instead of in the literal database, where
  // the CPU has AVX2 or AVX-512 VBMI: there the walk goes 64 bytes at a time. Elsewhere the
  // entries stay in the literal database, since the byte-wise walk is slower than its
  // matcher (0.7-1.8 against 0.3-0.6 ms per MB of the bench corpora). Off: the literal
  // database on every CPU (to compare the two).
  bool name_words = true;
  // The fastest word walk to use, if the CPU has it (avx2: as an AVX2-only CPU runs it).
  // bytewise: the byte-wise walk on any CPU, to hold it to the vector walks' answers.
  NameWordTable::Walk name_walk = NameWordTable::Walk::avx512_vbmi;
};

// Per-rule data the scan path needs, precomputed at compile time.
struct CompiledRule {
  Rule rule;
  std::uint32_t width_min = 0;
  std::uint32_t width_max = 0;      // finite: the expression's, or the rule's max_width
  bool fixed_width = false;         // start = end - width_max, no confirm regex needed
  pcre2_code_8* confirm = nullptr;  // owned by the Engine; null for fixed-width / dictionary rules
  std::uint32_t value_group = 0;    // capture group number of `value`, 0 = whole match
  std::vector<const ValidatorInfo*> validators;
  std::vector<std::optional<double>> validator_args;
  std::uint32_t lookahead = 0;      // max(rule.lookahead, validators' lookahead, 1)
  // How far before the matched start a confirmer may move the start (its context window);
  // 0 for rules without a confirmer. Part of the hold-back computation.
  std::uint32_t widen_before = 0;
  // Bytes before the (unwidened) start a validator may read: context_window + 1 boundary byte.
  std::uint32_t before = 1;
  // context_word_used[w] is true when context_words()[w] is one of this rule's cue words.
  std::vector<bool> context_word_used;
  // Bytes the confirm regex can consume (see regex_alphabet.h); when known, start recovery
  // scans back over them and PCRE2 tries starts only from there.
  ByteClass alphabet;
  bool alphabet_known = false;
  // `alphabet` as 256 bits (byte b is bit b % 64 of word b / 64), which the redactor's
  // vector scan back reads as a 32-byte table.
  std::array<std::uint64_t, 4> alphabet_words{};
  // Needs a context word before every finding: scanned only near context-word hits.
  bool context_gated = false;
  // Has triggers: block-scanned only around them (Engine::triggers()), not in the stream.
  bool triggered = false;
  // Digit-shaped: its candidates come from numeric tokens, not the stream database.
  bool numeric = false;
  // Numeric, and widening its digits changed nothing: the start Hyperscan reports for a
  // token's shape (leftmost, SOM) is the real start, so confirm needs no regex.
  bool numeric_exact_start = false;
};

struct CompileStats {
  double compile_seconds = 0;   // wall time to get the databases (compile or cache load)
  bool from_cache = false;
  std::size_t stream_state_bytes = 0;
};

class Engine {
 public:
  // Throws RuleError (naming file, rule and reason) when a rule cannot be compiled.
  static std::shared_ptr<const Engine> compile(const RuleSet& rules, const EngineOptions& options = {});

  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  const std::vector<CompiledRule>& rules() const { return rules_; }
  // Bytes a Redactor holds back: no finding can start before (input end - holdback()).
  std::uint32_t holdback() const { return holdback_; }
  // Bytes a Redactor keeps before the release point for context words and boundaries.
  std::uint32_t lookbehind() const { return lookbehind_; }
  const CompileStats& stats() const { return stats_; }
  const Hmac& hmac() const { return hmac_; }

  // Internals used by Scratch/Redactor.
  const hs_database_t* regex_db() const { return regex_db_; }
  const hs_database_t* literal_db() const { return literal_db_; }
  // The regex stream database also matches the caseless context words (and the exact-case
  // ones when no dictionary entry is left for the literal database): a match id at or
  // above regex_literal_base() is the literal literals()[id - regex_literal_base()], a
  // context word; ids below it are rule indexes. The literal database holds the dictionary
  // entries the word walk does not find (may be null) and the exact-case context words.
  std::uint32_t regex_literal_base() const { return regex_literal_base_; }
  // Block-mode databases of context-gated rules, run only after a context word: group g
  // holds the gated rules served by the cue words of that group (word_gated_group()).
  std::uint32_t gated_groups() const { return static_cast<std::uint32_t>(gated_dbs_.size()); }
  const hs_database_t* gated_db(std::uint32_t group) const { return gated_dbs_[group]; }
  static constexpr std::uint32_t kNoGatedGroup = ~std::uint32_t{0};
  // The gated group scanned after context word w, or kNoGatedGroup when no gated rule uses w.
  std::uint32_t word_gated_group(std::uint32_t word) const { return word_gated_group_[word]; }
  // The triggers of the rules that have them; a hit of group g at t asks for a block scan of
  // gated_db(g) over [t - trigger_reach(g), t + trigger_reach(g) + triggers().max_length()).
  const TriggerScanner& triggers() const { return triggers_; }
  std::uint32_t trigger_reach(std::uint32_t group) const { return trigger_reach_[group]; }
  // A finding of a gated rule that uses context word w lies within
  // [cue start, cue start + gated_reach(w)); 0 when no gated rule uses w.
  std::uint32_t gated_reach(std::uint32_t word) const { return gated_reach_[word]; }
  // Block-mode database of the digit-shaped rules with widened digits, scanned over the
  // shapes of numeric tokens (may be null); see numeric_tokens.h.
  const hs_database_t* numeric_db() const { return numeric_db_; }
  // Bytes numeric tokens are made of (indexed by byte): every digit, and every other byte a
  // digit-shaped rule's expression can match.
  const bool* numeric_byte_table() const { return numeric_bytes_.data(); }
  // A numeric token shorter than numeric_min_width() holds no match of a digit-shaped rule
  // unless it is at least numeric_short_min_width() long and holds a byte for which
  // numeric_starts_short() is true (the first byte of a shorter rule, e.g. '+').
  std::uint32_t numeric_min_width() const { return numeric_min_width_; }
  std::uint32_t numeric_short_min_width() const { return numeric_short_min_width_; }
  const bool* numeric_starts_short_table() const { return numeric_starts_short_.data(); }
  // The two tables above in the form the vector token walk reads.
  const NumericRunTable& numeric_run_table() const { return numeric_run_table_; }
  // The widest match of a digit-shaped rule (<= holdback()).
  std::uint32_t numeric_max_width() const { return numeric_max_width_; }
  // The dictionary entries found by walking the words of the input (see name_words.h);
  // empty when no rule qualifies.
  const NameWordTable& name_words() const { return name_words_; }
  // Literal id -> what it is: a dictionary entry of rule `index`, or context word `index`
  // (see context_words()).
  struct LiteralInfo { std::uint32_t index; std::uint32_t length; bool is_context_word; };
  const std::vector<LiteralInfo>& literals() const { return literals_; }
  std::uint32_t max_capture_groups() const { return max_groups_; }
  // Distinct lower-case context words of all rules; matched as literals (caselessly in the
  // regex stream database, exact-case ones in the literal database) so a rule's context
  // check is a lookup in the recent hits, not a search of the text.
  const std::vector<std::string>& context_words() const { return context_words_; }

 private:
  Engine() = default;
  std::vector<CompiledRule> rules_;
  std::vector<LiteralInfo> literals_;
  std::vector<std::string> context_words_;
  hs_database_t* regex_db_ = nullptr;
  hs_database_t* literal_db_ = nullptr;
  NameWordTable name_words_;
  std::uint32_t regex_literal_base_ = 0;
  std::vector<hs_database_t*> gated_dbs_;
  std::vector<std::uint32_t> word_gated_group_;  // per context word
  TriggerScanner triggers_;
  std::vector<std::uint32_t> trigger_reach_;     // per gated group (0 for cue-word groups)
  hs_database_t* numeric_db_ = nullptr;
  std::vector<std::uint32_t> gated_reach_;  // per context word
  std::array<bool, 256> numeric_bytes_{};
  std::uint32_t numeric_min_width_ = 0;
  std::uint32_t numeric_short_min_width_ = 0;
  std::array<bool, 256> numeric_starts_short_{};
  NumericRunTable numeric_run_table_;
  std::uint32_t numeric_max_width_ = 0;
  std::uint32_t holdback_ = 0;
  std::uint32_t lookbehind_ = 0;
  std::uint32_t max_groups_ = 1;
  CompileStats stats_;
  Hmac hmac_;
};

// Per-thread scan resources (Hyperscan scratch, PCRE2 match data). Create one per thread
// per Engine, outside the scan path; never share one between threads at the same time.
class Scratch {
 public:
  explicit Scratch(const Engine& engine);
  ~Scratch();
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;

  hs_scratch_t* hs() const { return hs_; }
  pcre2_match_data_8* match_data() const { return match_data_; }
  NumericShapeCache& numeric_shapes() { return numeric_shapes_; }
  // Reused buffers of the numeric-token path (no allocation per token once warm).
  NumericShapeCache::Shape& shape() { return shape_; }
  std::string& shape_buffer() { return shape_buffer_; }
  std::vector<NumericCandidate>& candidate_buffer() { return candidate_buffer_; }

 private:
  hs_scratch_t* hs_ = nullptr;
  pcre2_match_data_8* match_data_ = nullptr;
  NumericShapeCache numeric_shapes_;
  NumericShapeCache::Shape shape_{};
  std::string shape_buffer_;
  std::vector<NumericCandidate> candidate_buffer_;
};

}  // namespace piimatch
