// YAML rule packs -> validated Rules. Every error names the file, the rule and the reason;
// unknown keys are errors so a typo never silently disables a check.
#include "matchers/rule_set.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <set>
#include <sstream>

#include "matchers/trigger.h"
#include "matchers/validator.h"

namespace piimatch {
namespace fs = std::filesystem;

namespace {

const std::set<std::string, std::less<>> kPackKeys = {"pack", "rules", "description"};
const std::set<std::string, std::less<>> kRuleKeys = {
    "id", "category", "description", "expression", "dictionary", "dictionary_forms", "flags",
    "confirm", "boundary", "left_boundary", "right_boundary", "validator", "context",
    "context_window", "context_case", "action", "mask_char", "keep_last", "priority", "max_width", "lookahead", "numeric_tokens", "triggers",
    "confidence"};

[[noreturn]] void fail(const std::string& source, const std::string& rule_id, const std::string& reason) {
  if (rule_id.empty()) throw RuleError(source + ": " + reason);
  throw RuleError(source + ": rule '" + rule_id + "': " + reason);
}

bool valid_id(const std::string& id) {
  if (id.empty() || id.size() > 100) return false;
  auto ok_first = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!ok_first(id[0])) return false;
  return std::all_of(id.begin(), id.end(), [&](char c) { return ok_first(c) || c == '-' || c == '_' || c == '.'; });
}

std::string scalar(const YAML::Node& node, const std::string& key, const std::string& source,
                   const std::string& id) {
  if (!node.IsScalar()) fail(source, id, "'" + key + "' must be a string");
  return node.as<std::string>();
}

std::uint32_t unsigned_value(const YAML::Node& node, const std::string& key, const std::string& source,
                             const std::string& id, std::uint32_t max) {
  const std::string text = scalar(node, key, source, id);
  std::uint32_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value > max) {
    fail(source, id, "'" + key + "' must be an integer between 0 and " + std::to_string(max) + ", got '" + text + "'");
  }
  return value;
}

std::vector<std::string> string_list(const YAML::Node& node, const std::string& key,
                                     const std::string& source, const std::string& id) {
  std::vector<std::string> out;
  if (node.IsScalar()) {
    out.push_back(node.as<std::string>());
  } else if (node.IsSequence()) {
    for (const auto& item : node) out.push_back(scalar(item, key, source, id));
  } else {
    fail(source, id, "'" + key + "' must be a string or a list of strings");
  }
  return out;
}

ValidatorRef parse_validator_ref(const std::string& text, const std::string& source, const std::string& id) {
  ValidatorRef ref;
  const auto ge = text.find(">=");
  ref.name = text.substr(0, ge);
  const ValidatorInfo* info = find_validator(ref.name);
  if (info == nullptr) {
    std::string known;
    for (const auto& v : all_validators()) known += (known.empty() ? "" : ", ") + std::string(v.name);
    fail(source, id, "unknown validator '" + ref.name + "' (known: " + known + ")");
  }
  if (ge != std::string::npos) {
    const std::string arg = text.substr(ge + 2);
    double value = 0;
    auto [ptr, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), value);
    if (ec != std::errc() || ptr != arg.data() + arg.size()) fail(source, id, "validator '" + text + "': bad number '" + arg + "'");
    ref.arg = value;
  }
  if (info->takes_arg && !ref.arg) fail(source, id, "validator '" + ref.name + "' needs an argument, e.g. '" + ref.name + ">=3.5'");
  if (!info->takes_arg && ref.arg) fail(source, id, "validator '" + ref.name + "' takes no argument");
  return ref;
}

std::vector<std::string> load_dictionary(const fs::path& file, const std::vector<std::string>& forms,
                                         const std::string& source, const std::string& id) {
  std::ifstream in(file, std::ios::binary);
  if (!in) fail(source, id, "cannot read dictionary '" + file.string() + "'");
  std::set<std::string> literals;
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
    std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    line = line.substr(first);
    for (const auto& form : forms) {
      if (form == "as_is") {
        literals.insert(line);
      } else {  // upper: ASCII letters upper-cased; other bytes unchanged
        std::string upper = line;
        for (char& c : upper) if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        literals.insert(upper);
      }
    }
  }
  if (literals.empty()) fail(source, id, "dictionary '" + file.string() + "' is empty");
  return {literals.begin(), literals.end()};
}

Rule parse_rule(const YAML::Node& node, const std::string& source, const fs::path& base_dir) {
  if (!node.IsMap()) fail(source, "", "every entry of 'rules' must be a mapping");
  std::string id;
  if (node["id"]) id = scalar(node["id"], "id", source, "");
  if (id.empty()) fail(source, "", "a rule has no 'id'");
  if (!valid_id(id)) fail(source, id, "id must match [a-z0-9][a-z0-9._-]* (at most 100 characters)");
  for (const auto& kv : node) {
    const auto key = kv.first.as<std::string>();
    if (!kRuleKeys.contains(key)) fail(source, id, "unknown key '" + key + "'");
  }

  Rule rule;
  rule.id = id;
  rule.source = source;

  if (!node["category"]) fail(source, id, "missing 'category'");
  const std::string category = scalar(node["category"], "category", source, id);
  auto parsed = parse_category(category);
  if (!parsed) {
    std::string known;
    for (auto name : kCategoryNames) known += (known.empty() ? "" : ", ") + std::string(name);
    fail(source, id, "unknown category '" + category + "' (known: " + known + ")");
  }
  rule.category = *parsed;

  const bool has_expression = static_cast<bool>(node["expression"]);
  const bool has_dictionary = static_cast<bool>(node["dictionary"]);
  if (has_expression == has_dictionary) fail(source, id, "give exactly one of 'expression' and 'dictionary'");
  if (has_expression) {
    rule.expression = scalar(node["expression"], "expression", source, id);
    if (rule.expression.empty()) fail(source, id, "'expression' is empty");
    if (node["dictionary_forms"]) fail(source, id, "'dictionary_forms' needs 'dictionary'");
  } else {
    std::vector<std::string> forms = {"as_is", "upper"};
    if (node["dictionary_forms"]) {
      forms = string_list(node["dictionary_forms"], "dictionary_forms", source, id);
      for (const auto& f : forms) {
        if (f != "as_is" && f != "upper") fail(source, id, "unknown dictionary form '" + f + "' (known: as_is, upper)");
      }
    }
    const fs::path file = base_dir / scalar(node["dictionary"], "dictionary", source, id);
    rule.dictionary_file = file.lexically_normal().string();
    rule.dictionary = load_dictionary(file, forms, source, id);
    if (node["confirm"]) fail(source, id, "'confirm' applies to expressions, not dictionaries");
  }

  if (node["flags"]) {
    for (const auto& flag : string_list(node["flags"], "flags", source, id)) {
      if (flag == "caseless") rule.caseless = true;
      else if (flag == "dotall") rule.dotall = true;
      else if (flag == "multiline") rule.multiline = true;
      else fail(source, id, "unknown flag '" + flag + "' (known: caseless, dotall, multiline)");
    }
  }
  if (node["confirm"]) rule.confirm = scalar(node["confirm"], "confirm", source, id);

  std::string both = "word";
  if (node["boundary"]) both = scalar(node["boundary"], "boundary", source, id);
  std::string left = both, right = both;
  if (node["left_boundary"]) left = scalar(node["left_boundary"], "left_boundary", source, id);
  if (node["right_boundary"]) right = scalar(node["right_boundary"], "right_boundary", source, id);
  if (!ByteClass::parse(left, rule.left_boundary)) fail(source, id, "bad boundary class '" + left + "'");
  if (!ByteClass::parse(right, rule.right_boundary)) fail(source, id, "bad boundary class '" + right + "'");

  if (node["validator"]) {
    for (const auto& text : string_list(node["validator"], "validator", source, id)) {
      rule.validators.push_back(parse_validator_ref(text, source, id));
    }
  }
  if (node["context_case"]) {
    const std::string value = scalar(node["context_case"], "context_case", source, id);
    if (value != "any" && value != "exact") fail(source, id, "'context_case' must be any or exact, not '" + value + "'");
    if (!node["context"]) fail(source, id, "'context_case' needs 'context'");
    rule.context_exact = value == "exact";
  }
  if (node["context"]) {
    for (auto word : string_list(node["context"], "context", source, id)) {
      if (word.empty()) fail(source, id, "empty context word");
      if (!rule.context_exact) {
        for (char& c : word) if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
      rule.context.push_back(word);
    }
    rule.context_window = 64;
  }
  if (node["context_window"]) rule.context_window = unsigned_value(node["context_window"], "context_window", source, id, 1024);

  if (node["action"]) {
    const std::string action = scalar(node["action"], "action", source, id);
    auto kind = parse_action(action);
    if (!kind) fail(source, id, "unknown action '" + action + "' (known: mask, label, hash, report)");
    rule.action.kind = *kind;
  }
  if (node["mask_char"]) {
    const std::string mc = scalar(node["mask_char"], "mask_char", source, id);
    if (mc.size() != 1) fail(source, id, "'mask_char' must be exactly one byte");
    // The mask lands inside JSON strings, form fields, URLs and markup: a quote, '\\',
    // '&', '=', '%', '+', '<' or a control byte would change the structure around it (a form
    // body masked with '&' gains fields). Letters, digits and a few marks are safe in all.
    const auto c = static_cast<unsigned char>(mc[0]);
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      std::string_view("*#_.~-").find(static_cast<char>(c)) != std::string_view::npos;
    if (!safe) fail(source, id, "'mask_char' must be a letter, a digit or one of * # _ . ~ - (it is written into JSON, forms and URLs)");
    rule.action.mask_char = mc[0];
  }
  if (node["keep_last"]) rule.action.keep_last = unsigned_value(node["keep_last"], "keep_last", source, id, 64);
  if (node["priority"]) {
    const std::string text = scalar(node["priority"], "priority", source, id);
    int value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size()) fail(source, id, "'priority' must be an integer");
    rule.priority = value;
  }
  if (node["max_width"]) {
    rule.max_width = unsigned_value(node["max_width"], "max_width", source, id, 16384);
    if (*rule.max_width == 0) fail(source, id, "'max_width' must be positive");
  }
  if (node["lookahead"]) rule.lookahead = unsigned_value(node["lookahead"], "lookahead", source, id, 256);
  if (node["triggers"]) {
    if (rule.expression.empty()) fail(source, id, "'triggers' needs an 'expression'");
    for (const auto& text : string_list(node["triggers"], "triggers", source, id)) {
      std::vector<std::vector<ByteClass>> sequences;
      std::string error;
      if (!parse_trigger(text, sequences, error)) fail(source, id, error);
      for (std::vector<ByteClass>& atoms : sequences) {
        if (rule.caseless) {  // the rule matches letters in either case: so must its triggers
          for (ByteClass& atom : atoms) {
            for (unsigned char c = 'a'; c <= 'z'; ++c) {
              const auto upper = static_cast<unsigned char>(c - 'a' + 'A');
              if (atom.contains(c) || atom.contains(upper)) {
                atom.add(c);
                atom.add(upper);
              }
            }
          }
        }
        rule.triggers.push_back(std::move(atoms));
      }
    }
    if (rule.triggers.empty()) fail(source, id, "'triggers' must list at least one trigger");
  }
  if (node["numeric_tokens"]) {
    const std::string value = scalar(node["numeric_tokens"], "numeric_tokens", source, id);
    if (value != "true" && value != "false") fail(source, id, "'numeric_tokens' must be true or false");
    rule.numeric_tokens = value == "true";
  }
  if (node["confidence"]) {
    const std::string value = scalar(node["confidence"], "confidence", source, id);
    const auto level = parse_confidence(value);
    if (!level) fail(source, id, "'confidence' must be low or normal, not '" + value + "'");
    rule.confidence = *level;
  }
  return rule;
}

}  // namespace

RuleSet RuleSet::parse(const std::string& yaml_text, const std::string& source, const fs::path& base_dir) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    throw RuleError(source + ": line " + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  if (!root.IsMap()) fail(source, "", "a rule pack must be a mapping with a 'rules' list");
  for (const auto& kv : root) {
    const auto key = kv.first.as<std::string>();
    if (!kPackKeys.contains(key)) fail(source, "", "unknown key '" + key + "'");
  }
  if (!root["rules"] || !root["rules"].IsSequence()) fail(source, "", "'rules' must be a list");
  RuleSet set;
  try {
    for (const auto& node : root["rules"]) set.append(RuleSet{{parse_rule(node, source, base_dir)}});
  } catch (const YAML::Exception& e) {
    throw RuleError(source + ": line " + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  return set;
}

RuleSet RuleSet::load(const fs::path& file_or_dir, Confidence minimum) {
  std::error_code ec;
  std::vector<fs::path> files;
  if (fs::is_directory(file_or_dir, ec)) {
    for (const auto& entry : fs::directory_iterator(file_or_dir, ec)) {
      const auto ext = entry.path().extension();
      if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) files.push_back(entry.path());
    }
    if (ec) throw RuleError(file_or_dir.string() + ": cannot list directory: " + ec.message());
    std::sort(files.begin(), files.end());
    if (files.empty()) throw RuleError(file_or_dir.string() + ": no *.yaml rule packs in this directory");
  } else if (fs::exists(file_or_dir, ec)) {
    files.push_back(file_or_dir);
  } else {
    throw RuleError(file_or_dir.string() + ": no such file or directory");
  }
  RuleSet all;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw RuleError(file.string() + ": cannot read");
    std::stringstream text;
    text << in.rdbuf();
    all.append(parse(text.str(), file.string(), file.parent_path()));
  }
  all.drop_below(minimum);
  return all;
}

std::size_t RuleSet::drop_below(Confidence minimum) {
  const auto first_dropped = std::stable_partition(rules.begin(), rules.end(),
                                                   [minimum](const Rule& rule) { return rule.confidence >= minimum; });
  const auto dropped = static_cast<std::size_t>(rules.end() - first_dropped);
  rules.erase(first_dropped, rules.end());
  return dropped;
}

std::size_t RuleSet::count(Confidence confidence) const {
  return static_cast<std::size_t>(
      std::count_if(rules.begin(), rules.end(), [confidence](const Rule& rule) { return rule.confidence == confidence; }));
}

void RuleSet::append(RuleSet other) {
  for (auto& rule : other.rules) {
    for (const auto& existing : rules) {
      if (existing.id == rule.id) {
        throw RuleError(rule.source + ": rule '" + rule.id + "': duplicate id (first defined in " + existing.source + ")");
      }
    }
    rules.push_back(std::move(rule));
  }
}

fs::path default_rules_path() {
  if (const char* env = std::getenv("PIIPROXY_RULES"); env != nullptr && *env != '\0') return env;
  std::error_code ec;
  const fs::path source_tree = fs::path(PIIPROXY_SOURCE_CONF_DIR) / "rules";
  if (fs::is_directory(source_tree, ec)) return source_tree;
  return "/usr/share/piiproxy/rules";
}

}  // namespace piimatch
