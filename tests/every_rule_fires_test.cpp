// No bundled rule may be dead: every rule of conf/rules must find a value of its own shape.
// A rule that can never produce a finding (an expression whose values its validator cannot
// read, a confirm regex that disagrees with the expression, a cue that cannot precede the
// value) looks like a working rule in every listing and protects nothing.
//
// How a rule is probed, with only that rule enabled (so no other rule can hide it):
//   1. RegexSampler draws a string of the rule's shape, from its confirm regex or its
//      expression, placed in a message after a newline (and after its first cue word and
//      ": " when the rule needs a cue).
//   2. PCRE2 checks the draw as the engine will: the regex it was drawn from matches it
//      whole, and the confirm regex (the expression when there is none) finds a match
//      ending where it ends. A draw that fails is the sampler's miss, never the rule's.
//   3. The rule's own validators are asked first: a random draw rarely carries a valid
//      check digit, so draws are repeated until one passes (this is how checksummed ids
//      get a valid value without a hand-written builder per format). A rule whose
//      validators accept no draw in thousands is reported as such: either the validator
//      cannot accept the expression's values (the bug this test was written for), or the
//      rule needs a hand-made example (hand_made_examples() below).
//   4. The message goes through the engine; a finding of that rule must come out.
// A dictionary rule draws one of its own literals instead (probe_dictionary). Rules whose
// values random draws cannot reach (an IBAN's country length and mod-97 pair, a name after
// a cue, an address that must stand as a whole value) have hand-made examples, which must
// be found the same way. Every other rule must pass the probe: a new rule that neither
// passes nor has an example fails this test, so none slips in untested.
//
// A rule can also be partly dead, which the whole-rule probe cannot see because the live
// part hides the dead one: so each layout of a rule written as top-level alternatives
// (us-ssn's dashed, spaced and dotted forms) and each cue word of a cue-gated rule is
// probed on its own as well, and the engine must find every draw (a couple of dozen per
// rule) that the rule's documented semantics admit, not just one.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "matchers/confirm_regex.h"
#include "support/corpus.h"
#include "support/redact.h"
#include "support/regex_sampler.h"

namespace {

using piimatch::CompiledRule;
using piimatch::Engine;
using piitest::RegexSampler;

// ---------------------------------------------------------------------------------------
// PCRE2, compiled the way the engine compiles a confirm regex: anchored at the end.

struct Span {
  std::size_t start = 0;  // of the whole match
  std::size_t end = 0;
  std::size_t value_start = 0;  // of the `value` group, or the whole match
  std::size_t value_end = 0;
};

class EndAnchoredRegex {
 public:
  // Compiled exactly as the engine compiles a confirm (matchers/confirm_regex.h).
  EndAnchoredRegex(const std::string& pattern, const piimatch::Rule& rule) {
    const piimatch::CompiledConfirm compiled = piimatch::compile_end_anchored(pattern, rule);
    code_ = compiled.code;
    if (code_ == nullptr) return;
    data_ = pcre2_match_data_create_from_pattern_8(code_, nullptr);
    value_group_ = compiled.value_group;
  }
  ~EndAnchoredRegex() {
    pcre2_match_data_free_8(data_);
    pcre2_code_free_8(code_);
  }
  EndAnchoredRegex(const EndAnchoredRegex&) = delete;
  EndAnchoredRegex& operator=(const EndAnchoredRegex&) = delete;

  bool valid() const { return code_ != nullptr; }

  // The leftmost match within subject[from, size) that ends at subject's end (only one
  // starting at `from` when `anchored`); bytes before `from` are visible to lookbehinds.
  std::optional<Span> match(std::string_view subject, std::size_t from, bool anchored) const {
    const int rc = pcre2_match_8(code_, reinterpret_cast<PCRE2_SPTR8>(subject.data()), subject.size(), from,
                                 anchored ? PCRE2_ANCHORED : 0, data_, nullptr);
    if (rc <= 0) return std::nullopt;
    const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer_8(data_);
    Span span{ovector[0], ovector[1], ovector[0], ovector[1]};
    if (value_group_ != 0) {
      if (static_cast<std::uint32_t>(rc) <= value_group_ || ovector[2 * value_group_] == PCRE2_UNSET) return std::nullopt;
      span.value_start = ovector[2 * value_group_];
      span.value_end = ovector[2 * value_group_ + 1];
    }
    return span;
  }

 private:
  pcre2_code_8* code_ = nullptr;
  pcre2_match_data_8* data_ = nullptr;
  std::uint32_t value_group_ = 0;
};

// ---------------------------------------------------------------------------------------
// Running one message through the engine with one rule enabled.

class OneRuleScanner {
 public:
  explicit OneRuleScanner(const Engine& engine) : engine_(engine), scratch_(engine) {}

  // Whether rule `index` alone finds something in `message`.
  bool finds(std::size_t index, const std::string& message) {
    piimatch::RedactorOptions options;
    options.rule_enabled.assign(engine_.rules().size(), false);
    options.rule_enabled[index] = true;
    piitest::CollectingSink sink;
    piimatch::Redactor redactor(engine_, scratch_, &sink, std::move(options));
    std::string output;
    redactor.write(message, output);
    redactor.finish(output);
    for (const auto& finding : sink.findings) {
      if (finding.rule_index == index) return true;
    }
    return false;
  }

 private:
  const Engine& engine_;
  piimatch::Scratch scratch_;
};

// ---------------------------------------------------------------------------------------
// The probe.

enum class Outcome {
  found,            // the engine found a draw of the rule's own shape
  sampler_gap,      // the sampler cannot read the rule's regexes, or its draws never match them
  no_valid_draw,    // draws match, but the rule's validators accepted none of them
  not_admitted,     // validated draws, but the rule's boundaries or cue window rule them all out
  engine_misses,    // draws the rule admits, yet the engine finds none
};

const char* outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::found: return "found";
    case Outcome::sampler_gap: return "sampler gap (no draw matches the rule's regexes)";
    case Outcome::no_valid_draw: return "its validators accepted none of its draws";
    case Outcome::not_admitted: return "DEAD: its boundaries or cue window rule out every value its validators accept";
    case Outcome::engine_misses: return "DEAD: the engine finds none of the values the rule admits";
  }
  return "?";
}

struct ProbeResult {
  Outcome outcome = Outcome::sampler_gap;
  std::string detail;        // why, for the failure message
  std::string last_message;  // the last message the engine was given (synthetic)
};

// Draws tried per rule; a check digit passes one draw in 10 or 11, a pair in ~100.
constexpr int kDrawsPerRule = 3000;
// Admitted draws the engine must miss before the rule counts as dead (a margin for what
// the probe's model of the engine leaves out).
constexpr int kEngineMissesAllowed = 4;

// A rule's draws depend on its id only (not on its position in the pack), so adding a rule
// leaves every other rule's draws as they were.
std::uint32_t stable_seed(std::string_view id) {  // FNV-1a
  std::uint32_t hash = 2166136261u;
  for (char c : id) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
  return hash;
}

std::string escaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x20 && b < 0x7f && b != '\\') {
      out += c;
    } else {
      static const char* hex = "0123456789abcdef";
      out += "\\x";
      out += hex[b >> 4];
      out += hex[b & 15];
    }
  }
  return out;
}

// The text before a draw: a line start, and a cue word (the rule's first, unless another is
// given) when the rule needs one. The cue starts at kCueStart.
constexpr std::size_t kCueStart = 1;
std::string lead_in(const piimatch::Rule& rule, const std::string* cue = nullptr) {
  if (rule.context.empty()) return "\n";
  return "\n" + (cue != nullptr ? *cue : rule.context.front()) + ": ";
}

bool validators_accept(const CompiledRule& rule, const std::string& message, const Span& value) {
  piimatch::Candidate candidate;
  candidate.data = message;
  candidate.start = value.value_start;
  candidate.end = value.value_end;
  candidate.at_stream_begin = true;
  candidate.at_stream_end = true;
  for (std::size_t i = 0; i < rule.validators.size(); ++i) {
    if (!rule.validators[i]->fn(candidate, rule.validator_args[i])) return false;
  }
  return true;
}

// A dictionary rule draws one of its literals and places it after a title, the context
// every bundled dictionary (names) accepts: "Mr Halvorsen", "MR HALVORSEN".
ProbeResult probe_dictionary(const CompiledRule& compiled, std::size_t index, OneRuleScanner& scanner) {
  ProbeResult result;
  const auto& literals = compiled.rule.dictionary;
  if (literals.empty()) {
    result.outcome = Outcome::sampler_gap;
    result.detail = "an empty dictionary";
    return result;
  }
  std::mt19937 rng(stable_seed(compiled.rule.id));
  int validated_draws = 0;
  for (int draw = 0; draw < kDrawsPerRule; ++draw) {
    const std::string& literal = literals[std::uniform_int_distribution<std::size_t>(0, literals.size() - 1)(rng)];
    const std::string before = "\nPlease ask Mr ";
    const std::string message = before + literal + " to call back.\n";
    const Span span{before.size(), before.size() + literal.size(), before.size(), before.size() + literal.size()};
    if (!validators_accept(compiled, message, span)) continue;
    ++validated_draws;
    result.last_message = message;
    if (scanner.finds(index, message)) {
      result.outcome = Outcome::found;
      return result;
    }
    if (validated_draws >= kEngineMissesAllowed) break;
  }
  result.outcome = validated_draws > 0 ? Outcome::engine_misses : Outcome::no_valid_draw;
  return result;
}

// One draw the rule's regexes and validators accept, placed in its message.
struct Draw {
  std::string message;
  Span span;  // the confirm match (and its value) in `message`, ending with the draw
};

// Draws values from each of `sources` in turn (regexes the draws must match whole: the
// rule's confirm regex, its expression, or one layout of it), after `before`, and keeps
// those the rule's regexes and validators accept.
class ShapeDraws {
 public:
  ShapeDraws(const CompiledRule& rule, const std::vector<std::string>& sources, std::uint32_t seed, std::string before)
      : rule_(rule),
        expression_(rule.rule.expression, rule.rule),
        confirm_(rule.rule.confirm.empty() ? rule.rule.expression : rule.rule.confirm, rule.rule),
        before_(std::move(before)),
        rng_(seed) {
    if (!expression_.valid() || !confirm_.valid()) {
      error_ = "PCRE2 cannot compile the rule's regexes";
      return;
    }
    for (const std::string& source : sources) {
      try {
        samplers_.push_back(std::make_unique<RegexSampler>(source, rule.rule.caseless));
        drawn_from_.push_back(std::make_unique<EndAnchoredRegex>(source, rule.rule));
      } catch (const std::invalid_argument& e) {
        error_ += e.what();
        error_ += "; ";
      }
    }
    if (samplers_.empty() && error_.empty()) error_ = "nothing to draw from";
  }

  // The next accepted draw; nullopt once kDrawsPerRule draws have been made.
  std::optional<Draw> next() {
    static constexpr std::uint32_t kExtraRepeats[] = {2, 6, 12, 24};
    while (!samplers_.empty() && draws_ < kDrawsPerRule) {
      const int draw = draws_++;
      const std::size_t which = static_cast<std::size_t>(draw) % samplers_.size();
      const std::string value = samplers_[which]->sample(rng_, {kExtraRepeats[(draw / 2) % 4]});
      Draw out{before_ + value + "\n", {}};
      const std::size_t end = before_.size() + value.size();
      const std::string_view up_to_end = std::string_view(out.message).substr(0, end);
      // The source regex must match the draw whole (assertions the sampler skipped hold).
      if (!drawn_from_[which]->match(up_to_end, before_.size(), true)) continue;
      // Hyperscan's candidate: some match of the expression ends where the draw ends.
      if (!expression_.match(up_to_end, 0, false)) continue;
      // The engine's start recovery: the confirm regex over the rule's width before the end.
      const std::size_t window_start = end > rule_.width_max ? end - rule_.width_max : 0;
      const auto span = confirm_.match(up_to_end.substr(window_start), 0, false);
      if (!span) continue;
      ++matching_;
      out.span = {span->start + window_start, span->end + window_start, span->value_start + window_start,
                  span->value_end + window_start};
      if (!validators_accept(rule_, out.message, out.span)) continue;
      ++validated_;
      return out;
    }
    return std::nullopt;
  }

  bool usable() const { return !samplers_.empty() && expression_.valid() && confirm_.valid(); }
  const std::string& error() const { return error_; }  // why it is not usable
  int matching() const { return matching_; }    // draws its regexes accepted
  int validated() const { return validated_; }  // ... and its validators too

 private:
  const CompiledRule& rule_;
  const EndAnchoredRegex expression_;
  const EndAnchoredRegex confirm_;
  std::string before_;
  std::mt19937 rng_;
  std::vector<std::unique_ptr<RegexSampler>> samplers_;
  std::vector<std::unique_ptr<EndAnchoredRegex>> drawn_from_;
  std::string error_;
  int draws_ = 0;
  int matching_ = 0;
  int validated_ = 0;
};

// Whether the rule, by its documented semantics (docs/rule-format.md), must report `draw`:
// the byte before the match is outside left_boundary, the one after it outside
// right_boundary, and the cue (at `cue_start`) lies within context_window bytes before the
// finding. (The regexes and validators were checked when the draw was made.)
bool admitted_by_the_rule(const CompiledRule& rule, const Draw& draw, std::size_t cue_start) {
  const auto byte_at = [&](std::size_t i) { return static_cast<unsigned char>(draw.message[i]); };
  if (draw.span.start > 0 && rule.rule.left_boundary.contains(byte_at(draw.span.start - 1))) return false;
  if (draw.span.end < draw.message.size() && rule.rule.right_boundary.contains(byte_at(draw.span.end))) return false;
  if (!rule.rule.context.empty() && cue_start + rule.rule.context_window < draw.span.value_start) return false;
  return true;
}

// Hands the engine the draws the rule admits until one is found.
ProbeResult probe_sources(const Engine& engine, std::size_t index, OneRuleScanner& scanner,
                          const std::vector<std::string>& sources, std::uint32_t seed, const std::string& before) {
  ProbeResult result;
  ShapeDraws draws(engine.rules()[index], sources, seed, before);
  if (!draws.usable()) {
    result.detail = draws.error();
    return result;
  }
  int admitted = 0;
  while (const auto draw = draws.next()) {
    if (!admitted_by_the_rule(engine.rules()[index], *draw, kCueStart)) continue;
    ++admitted;
    result.last_message = draw->message;
    if (scanner.finds(index, draw->message)) {
      result.outcome = Outcome::found;
      return result;
    }
    if (admitted >= kEngineMissesAllowed) break;
  }
  if (admitted > 0) {
    result.outcome = Outcome::engine_misses;
  } else if (draws.validated() > 0) {
    result.outcome = Outcome::not_admitted;
    result.detail = std::to_string(draws.validated()) + " draws passed its validators";
  } else if (draws.matching() > 0) {
    result.outcome = Outcome::no_valid_draw;
    result.detail = std::to_string(draws.matching()) + " draws matched its regexes";
  } else {
    result.outcome = Outcome::sampler_gap;
  }
  return result;
}

// The whole rule: draws from its confirm regex (the full shape, with what it adds before a
// short Hyperscan candidate) and from its expression, in turn.
ProbeResult probe(const Engine& engine, std::size_t index, OneRuleScanner& scanner) {
  const piimatch::Rule& rule = engine.rules()[index].rule;
  if (rule.expression.empty()) return probe_dictionary(engine.rules()[index], index, scanner);
  std::vector<std::string> sources;
  if (!rule.confirm.empty()) sources.push_back(rule.confirm);
  sources.push_back(rule.expression);
  return probe_sources(engine, index, scanner, sources, stable_seed(rule.id), lead_in(rule));
}

// A rule written as alternatives (us-ssn's dashed, spaced and dotted layouts) is probed
// once per alternative: one layout its validator cannot read is as dead as a whole rule,
// and the other layouts would hide it from probe(). Rules with a confirm regex are left
// out: their draws come from the confirm, whose shape need not follow the alternatives.
struct LayoutProbe {
  std::string layout;
  ProbeResult result;
};

std::vector<LayoutProbe> probe_layouts(const Engine& engine, std::size_t index, OneRuleScanner& scanner) {
  const piimatch::Rule& rule = engine.rules()[index].rule;
  std::vector<LayoutProbe> out;
  if (rule.expression.empty() || !rule.confirm.empty()) return out;
  const auto layouts = piitest::top_level_alternatives(rule.expression);
  if (layouts.size() < 2) return out;
  for (std::size_t i = 0; i < layouts.size(); ++i) {
    const std::uint32_t seed = stable_seed(rule.id) + static_cast<std::uint32_t>(i);
    out.push_back({layouts[i], probe_sources(engine, index, scanner, {layouts[i]}, seed, lead_in(rule))});
  }
  return out;
}

// A cue-gated rule is probed once per cue word: a cue that can never open a finding (one
// the cue matcher cannot see where it is written, or one outside the rule's window) is a
// dead branch the first cue would hide. Draws come from the whole rule, as in probe().
struct CueProbe {
  std::string cue;
  ProbeResult result;
};

std::vector<CueProbe> probe_cues(const Engine& engine, std::size_t index, OneRuleScanner& scanner) {
  const piimatch::Rule& rule = engine.rules()[index].rule;
  std::vector<CueProbe> out;
  if (rule.expression.empty() || rule.context.size() < 2) return out;
  std::vector<std::string> sources;
  if (!rule.confirm.empty()) sources.push_back(rule.confirm);
  sources.push_back(rule.expression);
  for (const std::string& cue : rule.context) {
    out.push_back({cue, probe_sources(engine, index, scanner, sources, stable_seed(rule.id + cue), lead_in(rule, &cue))});
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Hand-made examples, for rules whose valid values random draws cannot reach. Each must be
// found by its rule alone, exactly as a probe's draw. All values are synthetic.

std::string grouped_in_fours(const std::string& compact) {  // as printed on statements
  std::string out;
  for (std::size_t i = 0; i < compact.size(); ++i) {
    if (i > 0 && i % 4 == 0) out += ' ';
    out += compact[i];
  }
  return out;
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::map<std::string, std::vector<std::string>> hand_made_examples() {
  // Made-up account numbers of each country's IBAN length; the check digits are computed.
  const std::string de = piitest::make_iban("DE", "370400440532013000");
  const std::string gb = piitest::make_iban("GB", "WEST12345698765432");
  const std::string fr = piitest::make_iban("FR", "30006000011234567890189");
  const std::string nl = piitest::make_iban("NL", "ABNA0417164300");
  return {
      // The country code must match the length of the country's IBAN and the mod-97 check
      // must hold: about one random draw in 10^5.
      {"iban", {"\nIBAN " + de + "\n", "\n" + grouped_in_fours(gb) + "\n", "\n" + grouped_in_fours(fr) + "\n", "\n" + nl + "\n"}},
      {"iban-lowercase-with-context",
       {"\niban: " + lower(grouped_in_fours(de)) + "\n", "\naccount number: " + lower(nl) + "\n"}},
      // Reported only where the address stands as a value of its own (quotes, brackets,
      // mailto:), never after a newline, which is where the probe puts its draws.
      {"email-address-whole-value", {"{\"to\":\"root@localhost\"}", "Reply-To: <postmaster@localhost>"}},
      // Name confirmers want name-like words (capitalised, not common words) after the cue;
      // random letters are not that.
      {"person-mail-header", {"From: Xaviera Quoll <x@example.org>\r\n"}},
      {"person-after-title", {"Please ask Mr Thorsby to call back.\n"}},
      {"person-after-cue", {"Dear Tobiah,\nthanks for the report\n"}},
  };
}

// The bundled packs with their low-confidence rules too (min_confidence: low), so no rule
// an operator can switch on is left unprobed.
std::shared_ptr<const Engine> engine() {
  static const auto all_levels = [] {
    piimatch::EngineOptions options;
    options.hmac_key = "test-key-0123456789";
    options.cache_dir = PIIPROXY_TEST_CACHE_DIR;
    return Engine::compile(
        piimatch::RuleSet::load(std::string(PIIPROXY_SOURCE_DIR) + "/conf/rules", piimatch::Confidence::low), options);
  }();
  return all_levels;
}

// Probes every bundled rule once per process.
const std::vector<ProbeResult>& bundled_probe_results() {
  static const std::vector<ProbeResult> results = [] {
    OneRuleScanner scanner(*engine());
    std::vector<ProbeResult> out;
    for (std::size_t i = 0; i < engine()->rules().size(); ++i) out.push_back(probe(*engine(), i, scanner));
    return out;
  }();
  return results;
}

std::string describe(const CompiledRule& rule, const ProbeResult& result) {
  std::string text = "rule '" + rule.rule.id + "' (" + rule.rule.source + "): " + outcome_name(result.outcome);
  if (!result.detail.empty()) text += ": " + result.detail;
  if (!result.last_message.empty()) text += "; last message tried: " + escaped(result.last_message);
  return text;
}

TEST(EveryRuleFires, EveryBundledRuleFindsAValueOfItsOwnShapeOrHasAHandMadeExample) {
  const auto& rules = engine()->rules();
  ASSERT_TRUE(std::any_of(rules.begin(), rules.end(), [](const CompiledRule& r) {
    return r.rule.confidence == piimatch::Confidence::low;
  })) << "the probe must cover the low-confidence rules too";
  const auto& results = bundled_probe_results();
  const auto hand_made = hand_made_examples();
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (results[i].outcome == Outcome::found || hand_made.count(rules[i].rule.id) != 0) continue;
    ADD_FAILURE() << describe(rules[i], results[i])
                  << "\n  A rule that cannot find a value of its own shape is dead: fix the rule or its validator. "
                     "If only random draws cannot reach its values, add one to hand_made_examples().";
  }
}

TEST(EveryRuleFires, EveryLayoutOfABundledRuleFires) {
  const auto& rules = engine()->rules();
  OneRuleScanner scanner(*engine());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    for (const auto& [layout, result] : probe_layouts(*engine(), i, scanner)) {
      if (result.outcome == Outcome::found) continue;
      ADD_FAILURE() << "layout '" << layout << "' of " << describe(rules[i], result)
                    << "\n  A layout (top-level alternative) that cannot find a value of its own shape is dead.";
    }
  }
}

TEST(EveryRuleFires, EveryCueWordOfABundledRuleOpensAFinding) {
  const auto& rules = engine()->rules();
  const auto& results = bundled_probe_results();
  OneRuleScanner scanner(*engine());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    // A rule that needs a hand-made example has no draws to put after its cues.
    if (results[i].outcome != Outcome::found) continue;
    for (const auto& [cue, result] : probe_cues(*engine(), i, scanner)) {
      if (result.outcome == Outcome::found) continue;
      ADD_FAILURE() << "cue '" << cue << "' of " << describe(rules[i], result)
                    << "\n  A cue word after which the rule finds nothing is dead.";
    }
  }
}

// Beyond "finds something": the engine must find every draw its rule admits (regexes,
// validators, boundaries, cue window; see admitted_by_the_rule). A miss here is a partly
// dead rule (a layout or a length the engine's fast paths - numeric tokens, triggers,
// cue-gated databases, start recovery - never deliver) or an engine bug; either way a real
// value goes unredacted.
constexpr int kAdmissibleDrawsPerRule = 24;

// The first of up to kAdmissibleDrawsPerRule admitted draws that the engine misses, if any.
std::optional<std::string> first_admitted_miss(const Engine& engine, std::size_t index, OneRuleScanner& scanner) {
  const piimatch::Rule& rule = engine.rules()[index].rule;
  if (rule.expression.empty()) return std::nullopt;
  std::vector<std::string> sources;
  if (!rule.confirm.empty()) sources.push_back(rule.confirm);
  sources.push_back(rule.expression);
  ShapeDraws draws(engine.rules()[index], sources, stable_seed(rule.id) ^ 0x5eedu, lead_in(rule));
  for (int checked = 0; checked < kAdmissibleDrawsPerRule;) {
    const auto draw = draws.next();
    if (!draw) break;
    if (!admitted_by_the_rule(engine.rules()[index], *draw, kCueStart)) continue;
    ++checked;
    if (!scanner.finds(index, draw->message)) return draw->message;
  }
  return std::nullopt;
}

TEST(EveryRuleFires, TheEngineFindsEveryDrawItsRuleAdmits) {
  const auto& rules = engine()->rules();
  OneRuleScanner scanner(*engine());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (const auto missed = first_admitted_miss(*engine(), i, scanner)) {
      ADD_FAILURE() << "rule '" << rules[i].rule.id << "' (" << rules[i].rule.source
                    << ") misses a value it admits: " << escaped(*missed);
    }
  }
}

TEST(EveryRuleFires, EveryHandMadeExampleIsFoundByItsRuleAlone) {
  const auto& rules = engine()->rules();
  OneRuleScanner scanner(*engine());
  for (const auto& [id, messages] : hand_made_examples()) {
    std::size_t index = rules.size();
    for (std::size_t i = 0; i < rules.size(); ++i) {
      if (rules[i].rule.id == id) index = i;
    }
    ASSERT_LT(index, rules.size()) << "example for '" << id << "', which no bundled pack defines any more";
    for (const auto& message : messages) {
      EXPECT_TRUE(scanner.finds(index, message)) << "rule '" << id << "' does not find its example " << escaped(message);
    }
  }
}

// The probe itself must tell a dead rule from a live one, or the tests above prove nothing.
// The first rule is the bug this test was written for: a 10-character layout sent to a
// validator that reads only 9 or 11 characters.
const char* const kDeadAndLiveRules = R"(
rules:
  - id: mixed-layout-sent-to-the-plain-validator
    category: national_id
    expression: '[0-9]{3}[- ][0-9]{6}|[0-9]{5}[- ][0-9]{4}'
    boundary: '[A-Za-z0-9_-]'
    context: [ssn]
    validator: us_ssn
  - id: cue-window-shorter-than-the-cue-layout
    category: national_id
    expression: '[0-9]{3}-[0-9]{2}-[0-9]{4}'
    boundary: '[A-Za-z0-9_-]'
    context: [ssn]
    context_window: 1
    validator: us_ssn
  - id: live-ssn
    category: national_id
    expression: '[0-9]{3}-[0-9]{2}-[0-9]{4}'
    boundary: '[A-Za-z0-9_-]'
    context: [ssn]
    validator: us_ssn
  - id: live-layout-and-dead-layout
    category: national_id
    expression: '[0-9]{3}-[0-9]{2}-[0-9]{4}|[0-9]{3}-[0-9]{6}'
    boundary: '[A-Za-z0-9_-]'
    context: [ssn]
    validator: us_ssn
  - id: long-cue-outside-a-short-window
    category: national_id
    expression: '[0-9]{3}-[0-9]{2}-[0-9]{4}'
    boundary: '[A-Za-z0-9_-]'
    context: [ssn, social security number]
    context_window: 8
    validator: us_ssn
  - id: trigger-that-misses-a-layout
    category: credential
    expression: '[A-Z]{2}-[0-9]{4}|[A-Z]{2}_[0-9]{4}'
    triggers: ['-[0-9]{4}']
)";

TEST(EveryRuleFires, TheProbeTellsDeadRulesFromLiveOnes) {
  const auto pack = piitest::compile_yaml(kDeadAndLiveRules);
  OneRuleScanner scanner(*pack);
  ASSERT_EQ(pack->rules().size(), 6u);
  EXPECT_EQ(probe(*pack, 0, scanner).outcome, Outcome::no_valid_draw);
  EXPECT_EQ(probe(*pack, 1, scanner).outcome, Outcome::not_admitted);
  EXPECT_EQ(probe(*pack, 2, scanner).outcome, Outcome::found);
  // The live layout hides the dead one from the whole-rule probe, not from the layout probe.
  EXPECT_EQ(probe(*pack, 3, scanner).outcome, Outcome::found);
  const auto layouts = probe_layouts(*pack, 3, scanner);
  ASSERT_EQ(layouts.size(), 2u);
  EXPECT_EQ(layouts[0].result.outcome, Outcome::found);
  EXPECT_EQ(layouts[1].layout, "[0-9]{3}-[0-9]{6}");
  EXPECT_EQ(layouts[1].result.outcome, Outcome::no_valid_draw);
  // Likewise the short cue hides the long one, which cannot fit in the window.
  EXPECT_EQ(probe(*pack, 4, scanner).outcome, Outcome::found);
  const auto cues = probe_cues(*pack, 4, scanner);
  ASSERT_EQ(cues.size(), 2u);
  EXPECT_EQ(cues[0].result.outcome, Outcome::found);
  EXPECT_EQ(cues[1].cue, "social security number");
  EXPECT_EQ(cues[1].result.outcome, Outcome::not_admitted);
  // Triggers that only one layout contains: where the CPU lets the engine scan the rule
  // around its triggers only, the other layout is never found, yet the whole rule is.
  EXPECT_EQ(probe(*pack, 5, scanner).outcome, Outcome::found);
  for (std::size_t i = 0; i < 5; ++i) EXPECT_FALSE(first_admitted_miss(*pack, i, scanner)) << pack->rules()[i].rule.id;
  const auto missed = first_admitted_miss(*pack, 5, scanner);
  if (pack->rules()[5].triggered) {
    ASSERT_TRUE(missed);
    EXPECT_NE(missed->find('_'), std::string::npos) << escaped(*missed);
    EXPECT_EQ(probe_layouts(*pack, 5, scanner).at(1).result.outcome, Outcome::engine_misses);
  } else {
    EXPECT_FALSE(missed);
  }
}

// ---------------------------------------------------------------------------------------
// The sampler on its own: what it draws is matched by the regex it was drawn from.

bool matches_whole(const std::string& pattern, bool caseless, const std::string& text) {
  piimatch::Rule rule;
  rule.caseless = caseless;
  const EndAnchoredRegex regex(pattern, rule);
  return regex.valid() && regex.match(text, 0, true).has_value();
}

TEST(RegexSampler, DrawsStringsTheirRegexMatches) {
  const std::vector<std::pair<std::string, bool>> patterns = {
      {R"([0-9]{3}-[0-9]{2}-[0-9]{4}|[0-9]{3} [0-9]{2} [0-9]{4})", false},
      {R"((?:pass|pwd)[\w.-]{0,30}["'\x60]?[ \t]{0,3}(?:=|:=)[ \t]{0,3}[^\s'"\x60;,<&\\]{6,})", true},
      {R"((?i:api)[_-]?(?-i:KEY)=(?<value>[A-Fa-f0-9]{8,12}))", false},
      {R"(\+[1-9][0-9]{0,2}(?:[ .\/-]?(?:\([0-9]{1,5}\)|[0-9]{1,12})){1,7})", false},
      {R"([^\x00-\x1f"]{4}\.[[:alpha:]]{2,}[\]x-]?)", false},
      {R"(Mr\.?[ ]{1,2}(?:[A-Z]|[\xc3-\xc9][\x80-\xbf]))", false},
  };
  std::mt19937 rng(7);
  for (const auto& [pattern, caseless] : patterns) {
    const RegexSampler sampler(pattern, caseless);
    for (int i = 0; i < 50; ++i) {
      const std::string drawn = sampler.sample(rng);
      EXPECT_TRUE(matches_whole(pattern, caseless, drawn)) << pattern << " drew " << escaped(drawn);
    }
  }
}

TEST(RegexSampler, NegatedClassesDrawPrintableBytesOutsideTheSet) {
  const RegexSampler sampler("[^A-Za-z0-9 ]{64}", false);
  std::mt19937 rng(3);
  const std::string drawn = sampler.sample(rng);
  ASSERT_EQ(drawn.size(), 64u);
  for (char c : drawn) {
    EXPECT_TRUE(std::ispunct(static_cast<unsigned char>(c))) << escaped(std::string(1, c));
  }
}

TEST(RegexSampler, RepetitionsStayNearTheirMinimum) {
  const RegexSampler sampler("a{3,}b{2,100}", false);
  std::mt19937 rng(5);
  for (int i = 0; i < 20; ++i) {
    const std::string drawn = sampler.sample(rng, {4});
    EXPECT_GE(drawn.size(), 5u);
    EXPECT_LE(drawn.size(), 13u);
  }
}

TEST(RegexSampler, AssertionsDrawNothingAndTheCallerMustCheck) {
  // (?!x) is skipped, so some draws of this pattern break it: the probe's PCRE2 check is
  // what keeps such draws out.
  const RegexSampler sampler("(?!x)[xy]", false);
  std::mt19937 rng(1);
  std::set<std::string> drawn;
  for (int i = 0; i < 40; ++i) drawn.insert(sampler.sample(rng));
  EXPECT_EQ(drawn, (std::set<std::string>{"x", "y"}));
  EXPECT_FALSE(matches_whole("(?!x)[xy]", false, "x"));
}

TEST(RegexSampler, TopLevelAlternativesAreTheLayoutsOfARule) {
  EXPECT_EQ(piitest::top_level_alternatives(R"(a|b(?:c|d)|[|\]]x|\|)"),
            (std::vector<std::string>{"a", "b(?:c|d)", R"([|\]]x)", R"(\|)"}));
  EXPECT_EQ(piitest::top_level_alternatives("[]|]|[^]|]"), (std::vector<std::string>{"[]|]", "[^]|]"}));
  EXPECT_EQ(piitest::top_level_alternatives("abc"), (std::vector<std::string>{"abc"}));
}

TEST(RegexSampler, UnsupportedSyntaxIsAnErrorNotAWrongDraw) {
  EXPECT_THROW(RegexSampler("(a)\\1", false), std::invalid_argument);
  EXPECT_THROW(RegexSampler("\\p{L}", false), std::invalid_argument);
  EXPECT_THROW(RegexSampler("(?x) a", false), std::invalid_argument);
  EXPECT_THROW(RegexSampler("(ab", false), std::invalid_argument);
}

}  // namespace
