#pragma once
// Loading rule packs (YAML) into a validated RuleSet. Every problem is reported as a
// RuleError whose message names the file, the rule id and the reason.
#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "matchers/rule.h"

namespace piimatch {

class RuleError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct RuleSet {
  std::vector<Rule> rules;

  // Loads one pack file, or every *.yaml / *.yml file of a directory (sorted by name).
  // Throws RuleError. Relative dictionary paths resolve against the pack's directory.
  // Every rule is parsed and checked (keys, values, boundaries, validator names and
  // dictionaries: a low-confidence rule broken in those fails the load at any level), then
  // the rules below `minimum` are dropped: by default the low-confidence ones, so a caller
  // that does not ask for them compiles exactly the default policy. Expressions and confirms
  // are compiled by Engine::compile, so one that Hyperscan or PCRE2 rejects in a dropped rule
  // is reported only at a level that keeps it.
  static RuleSet load(const std::filesystem::path& file_or_dir, Confidence minimum = Confidence::normal);

  // Parses one pack from text; `source` names it in messages. Keeps every rule, whatever
  // its confidence (the caller filters with drop_below).
  static RuleSet parse(const std::string& yaml_text, const std::string& source,
                       const std::filesystem::path& base_dir = ".");

  void append(RuleSet other);  // throws RuleError on duplicate ids

  // Removes the rules whose confidence is below `minimum`, keeping the others in order.
  // Returns how many were removed. Call before Engine::compile: a dropped rule costs nothing.
  std::size_t drop_below(Confidence minimum);

  // How many rules have exactly this confidence.
  std::size_t count(Confidence confidence) const;
};

// Where the bundled packs live: $PIIPROXY_RULES if set, else the source tree's conf/rules
// (compiled in), else the installed share directory.
std::filesystem::path default_rules_path();

}  // namespace piimatch
