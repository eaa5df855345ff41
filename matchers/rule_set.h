#pragma once
// Loading rule packs (YAML) into a validated RuleSet. Every problem is reported as a
// RuleError whose message names the file, the rule id and the reason.
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
  static RuleSet load(const std::filesystem::path& file_or_dir);

  // Parses one pack from text; `source` names it in messages.
  static RuleSet parse(const std::string& yaml_text, const std::string& source,
                       const std::filesystem::path& base_dir = ".");

  void append(RuleSet other);  // throws RuleError on duplicate ids
};

// Where the bundled packs live: $PIIPROXY_RULES if set, else the source tree's conf/rules
// (compiled in), else the installed share directory.
std::filesystem::path default_rules_path();

}  // namespace piimatch
