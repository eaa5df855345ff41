#pragma once
// One detection rule as loaded from a YAML rule pack, after validation.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "matchers/action.h"
#include "matchers/byte_class.h"
#include "matchers/category.h"

namespace piimatch {

// A validator reference, e.g. "luhn" or "entropy>=3.5" (name "entropy", arg 3.5).
struct ValidatorRef {
  std::string name;
  std::optional<double> arg;
};

// How sure a rule's findings are. `normal` rules are the default policy. A `low` rule finds
// plausible but ambiguous shapes (a checksum-valid bare digit run with no cue word: in
// digit-dense JSON one random number in ten passes a one-digit check), so it is compiled
// only when an operator asks for that recall (min_confidence: low) and accepts the extra
// masking. Ordered: a minimum keeps every rule at or above it.
enum class Confidence : std::uint8_t { low = 0, normal = 1 };

inline constexpr std::string_view confidence_name(Confidence confidence) noexcept {
  return confidence == Confidence::low ? "low" : "normal";
}

// "low" / "normal" -> the level; anything else (other case included) -> nullopt.
inline constexpr std::optional<Confidence> parse_confidence(std::string_view text) noexcept {
  if (text == "low") return Confidence::low;
  if (text == "normal") return Confidence::normal;
  return std::nullopt;
}

struct Rule {
  std::string id;                // unique across the rule set
  Category category = Category::email;
  std::string source;            // file the rule came from, for error messages

  // Exactly one of expression / dictionary is set.
  std::string expression;        // Hyperscan regex: finds candidates (no SOM is used)
  std::vector<std::string> dictionary;  // literals (already expanded to the configured forms)
  std::string dictionary_file;   // where the literals came from (for messages)

  bool caseless = false;         // HS_FLAG_CASELESS / PCRE2_CASELESS
  bool dotall = false;           // HS_FLAG_DOTALL / PCRE2_DOTALL
  bool multiline = false;        // HS_FLAG_MULTILINE / PCRE2_MULTILINE

  // PCRE2 regex run on the bytes just before a candidate's end to find its start and,
  // through a named group `value`, the part to redact (e.g. only the secret of
  // `password=...`). Defaults to `expression`. Must match ending exactly at the
  // candidate's end.
  std::string confirm;

  // Neighbour bytes that must NOT be in these classes for a candidate to count
  // (checked in C++ because Hyperscan's \b is ASCII-only and arrives late).
  ByteClass left_boundary;
  ByteClass right_boundary;

  std::vector<ValidatorRef> validators;  // all must accept
  std::vector<std::string> context;      // cue words; one must occur before the finding
  bool context_exact = false;            // cue words match as written (else lower-cased, any case)
  // Bytes before the finding searched for context words, and kept in the validators' view
  // (Candidate::data, validator.h): not_plain_number reads back that far, with or without context.
  std::uint32_t context_window = 0;

  Action action;
  int priority = 0;                      // breaks ties among equally long overlapping findings
  std::optional<std::uint32_t> max_width;  // cap for expressions of unbounded width
  std::uint32_t lookahead = 0;           // extra bytes after the match a validator may inspect
  // false: keep a digit-shaped rule in the stream database instead of the numeric-token path
  // (for a rule whose selectivity lies in digit values, such as an international "00" prefix).
  bool numeric_tokens = true;
  // Byte-class sequences one of which every match contains (see trigger.h); when set, the
  // rule is block-scanned only around them instead of running on every byte.
  std::vector<std::vector<ByteClass>> triggers;
  // Compiled only when the configured minimum is at or below it (RuleSet::drop_below).
  Confidence confidence = Confidence::normal;
};

}  // namespace piimatch
