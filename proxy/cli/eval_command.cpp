// `piiproxy eval`: measures detection quality on labelled JSON Lines data (the format of
// ../shared/eval/README.md) and on unlabelled text, through the real Engine and Redactor.
//
//   piiproxy eval [--rules PATH] [--thresholds FILE] [--json OUT]
//                 [--unlabelled PATH]... [--prose-words FILE | --no-prose] DATA.jsonl... | DIR...
//
// Every labelled case is scanned as one message (Redactor with action mask). A case becomes
// "targets" (spans of a category that must be masked) or, for a negative, a category that
// must not be reported. Results are grouped by (source file, category[subgroup]):
//   recall   = fully masked targets / targets        (partly masked and missed are listed)
//   flagged  = negatives with a finding of their category / negatives
// Unlabelled text (generated English prose, the repository's own files) gives findings per
// 100 KB. Types we do not claim (ABA routing numbers, BICs, wallets, ...) are counted as
// "not claimed" and are excluded from every rate.
//
// Nothing here prints a detected value: only counts, ids of cases and offsets.
#include "proxy/cli/eval_command.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "matchers/engine.h"
#include "matchers/redactor.h"
#include "matchers/rule_set.h"

namespace piiproxy::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// ---------------------------------------------------------------------------------------
// Case model

// A byte range of `text` that must be fully masked. `positioned == false` means the data
// says the entity is present but not where: any finding of the category counts as found.
struct Target {
  std::string category;
  std::string group;  // "email", "national_id[US_SSN]", "phone[E164]", ...
  std::size_t start = 0;
  std::size_t end = 0;
  bool positioned = true;
};

struct Case {
  std::string id;
  std::string text;
  bool positive = false;
  bool whole_string = false;
  std::vector<Target> targets;  // positives
  std::string neg_category;     // negatives: the category that must not be reported
  std::string neg_group;
  bool synthetic = false;       // an invalid number derived here from a valid one
  // A whole-string case of a kind our rules take only after a cue when it is a bare digit
  // run: it is scanned a second time after this label ("TFN: 123 456 782"), see
  // label_for_whole_string.
  std::string label;
};

// The category and result group for a source type label; nullopt = not claimed.
struct Claim {
  std::string category;
  std::string group;
};

std::optional<Claim> claim(std::string category, std::string subgroup = {}) {
  std::string group = category;
  if (!subgroup.empty()) group += "[" + subgroup + "]";
  return Claim{std::move(category), std::move(group)};
}

// Presidio-style entity names (also used for the "type" of spans in any source).
std::optional<Claim> claim_entity_type(const std::string& type) {
  static const std::map<std::string, std::string> kSimple = {
      {"EMAIL_ADDRESS", "email"}, {"IP_ADDRESS", "ip"},         {"CREDIT_CARD", "card"},
      {"IBAN_CODE", "iban"},      {"PHONE_NUMBER", "phone"},    {"PH_MOBILE_NUMBER", "phone"},
      {"TR_PHONE_NUMBER", "phone"}, {"PERSON", "person"},       {"SECRET", "credential"},
      {"UK_POSTCODE", "address"}, {"ADDRESS", "address"},       {"LOCATION_ADDRESS", "address"},
  };
  static const std::set<std::string> kNationalIds = {
      "US_SSN", "US_ITIN", "UK_NINO", "ES_NIE", "ES_NIF", "IT_FISCAL_CODE", "IN_AADHAAR",
      "IN_PAN", "CA_SIN", "AU_TFN", "DE_TAX_ID", "FR_NIR", "NL_BSN", "BR_CPF", "BR_CNPJ"};
  static const std::set<std::string> kDevices = {"MAC_ADDRESS", "IMEI"};
  if (auto it = kSimple.find(type); it != kSimple.end()) return claim(it->second);
  if (kNationalIds.count(type)) return claim("national_id", type);
  // Device identifiers (MAC addresses, IMEIs) are reported in the `national_id` category,
  // the category of identifiers; see conf/rules/device.yaml and docs/quality.md.
  if (kDevices.count(type)) return claim("national_id", type == "IMEI" ? "IMEI" : "MAC");
  return std::nullopt;
}

std::optional<Claim> claim_validatorjs(const std::string& validator, bool default_options) {
  static const std::map<std::string, std::pair<std::string, std::string>> kMap = {
      {"isEmail", {"email", ""}},        {"isIP", {"ip", ""}},
      {"isCreditCard", {"card", ""}},    {"isIBAN", {"iban", ""}},
      {"isMobilePhone", {"phone", ""}},  {"isJWT", {"credential", "JWT"}},
      {"isMACAddress", {"national_id", "MAC"}}, {"isIMEI", {"national_id", "IMEI"}},
  };
  auto it = kMap.find(validator);
  if (it == kMap.end()) return std::nullopt;
  std::string sub = it->second.second;
  if (!default_options) sub = sub.empty() ? "options" : sub + ",options";
  return claim(it->second.first, sub);
}

// python-stdnum module names we claim; national ids get one subgroup per module.
std::optional<Claim> claim_stdnum(const std::string& module) {
  static const std::set<std::string> kNationalIds = {
      "us.ssn", "us.itin", "gb.nino", "de.idnr", "fr.nir", "es.dni", "es.nie", "es.nif",
      "it.codicefiscale", "nl.bsn", "br.cpf", "br.cnpj", "in_.aadhaar", "in_.pan", "ca.sin",
      "au.tfn"};
  if (module == "iban") return claim("iban");
  if (kNationalIds.count(module)) return claim("national_id", module);
  if (module == "imei") return claim("national_id", "IMEI");
  if (module == "mac") return claim("national_id", "MAC");
  return std::nullopt;
}

// Whole-string cases test format validity (../shared/eval/README.md): "is this string a
// TFN?". For kinds whose bare digit runs count only after a cue word (national ids, device
// ids, phones: conf/rules/national_id.yaml says why), the bare string says nothing about
// the validator, so each such case is also scanned after the kind's name as a form, a log
// line or a JSON key would print it. Both numbers are reported: `recall` (bare) and
// `recall_labelled`, `flagged` and `flagged_labelled`. The label is the kind's common
// name, not a cue chosen to fit our rules: a label our rules do not know is a miss.
std::string label_for_whole_string(const std::string& group) {
  static const std::map<std::string, std::string> kLabels = {
      {"national_id[us.ssn]", "SSN"},         {"national_id[us.itin]", "ITIN"},
      {"national_id[gb.nino]", "NINO"},       {"national_id[de.idnr]", "Steuer-ID"},
      {"national_id[fr.nir]", "NIR"},         {"national_id[es.dni]", "DNI"},
      {"national_id[es.nie]", "NIE"},         {"national_id[es.nif]", "NIF"},
      {"national_id[it.codicefiscale]", "codice fiscale"},
      {"national_id[nl.bsn]", "BSN"},         {"national_id[br.cpf]", "CPF"},
      {"national_id[br.cnpj]", "CNPJ"},       {"national_id[in_.aadhaar]", "Aadhaar"},
      {"national_id[in_.pan]", "PAN"},        {"national_id[ca.sin]", "SIN"},
      {"national_id[au.tfn]", "TFN"},         {"national_id[IMEI]", "IMEI"},
      {"national_id[MAC]", "MAC"},
  };
  // validator.js cases with options ("national_id[IMEI,options]") get their kind's label.
  std::string kind = group;
  if (const auto at = kind.find(",options]"); at != std::string::npos) kind.replace(at, 9, "]");
  if (auto it = kLabels.find(kind); it != kLabels.end()) return it->second;
  if (kind == "phone" || kind.rfind("phone[", 0) == 0) return "phone";
  return {};
}

// Character (code point) offsets -> byte offsets of a UTF-8 string. Index i of the result
// is the byte offset of code point i; the last entry is text.size().
std::vector<std::size_t> char_to_byte_offsets(std::string_view text) {
  std::vector<std::size_t> offsets;
  offsets.reserve(text.size() + 1);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) offsets.push_back(i);
  }
  offsets.push_back(text.size());
  return offsets;
}

std::string json_string(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

// Alters the check character of a valid identifier so that it becomes invalid: the last
// digit or letter is replaced by the next one (9 -> 0, Z -> A). Returns false when the
// identifier has no alphanumeric character.
bool alter_check_character(std::string& text) {
  for (std::size_t i = text.size(); i-- > 0;) {
    char& c = text[i];
    if (c >= '0' && c <= '9') { c = c == '9' ? '0' : static_cast<char>(c + 1); return true; }
    if (c >= 'A' && c <= 'Z') { c = c == 'Z' ? 'A' : static_cast<char>(c + 1); return true; }
    if (c >= 'a' && c <= 'z') { c = c == 'z' ? 'a' : static_cast<char>(c + 1); return true; }
  }
  return false;
}

// Identifiers whose last character is a check character (so altering it must make the
// number invalid). PAN has no check character and is excluded. For an IBAN, the change
// moves the mod-97 number by (1, 9 or 25) times a power of ten, never a multiple of the
// prime 97, so the check fails.
bool has_check_character(const std::string& module) {
  return module != "in_.pan";
}

// ---------------------------------------------------------------------------------------
// Results

struct GroupCounts {
  std::uint64_t positives = 0, full = 0, partial = 0, missed = 0;
  std::uint64_t negatives = 0, flagged = 0, flagged_any = 0;
  std::uint64_t synthetic_negatives = 0;
  // Whole-string cases scanned again after their kind's label (label_for_whole_string).
  std::uint64_t labelled_positives = 0, labelled_full = 0;
  std::uint64_t labelled_negatives = 0, labelled_flagged = 0;
  // Findings of the group's category: on a target (true) or elsewhere in the case (false).
  std::uint64_t true_findings = 0, false_findings = 0;
};

struct SourceResult {
  std::string name;  // file stem
  std::map<std::string, GroupCounts> groups;
  std::map<std::string, std::uint64_t> not_claimed;  // type label -> cases
  std::uint64_t skipped = 0;                          // e.g. isemail "borderline"
  std::vector<std::string> missed_ids;                // a few examples for tuning
  std::vector<std::string> flagged_ids;
  std::vector<std::string> partial_ids;
  std::vector<std::string> missed_labelled_ids;   // missed even after their label
  std::vector<std::string> flagged_labelled_ids;
};

struct UnlabelledResult {
  std::string name;
  std::uint64_t bytes = 0;
  std::uint64_t files = 0;
  std::map<std::string, std::uint64_t> findings_by_category;
  std::map<std::string, std::uint64_t> findings_by_rule;
  // "file:byte-offset rule" of the first findings, so an operator can look at each one.
  std::vector<std::string> locations;
  std::uint64_t findings() const {
    std::uint64_t n = 0;
    for (const auto& [k, v] : findings_by_category) n += v;
    return n;
  }
  double per_100kb() const { return bytes ? static_cast<double>(findings()) * 102400.0 / static_cast<double>(bytes) : 0.0; }
};

double ratio(std::uint64_t num, std::uint64_t den) {
  return den ? static_cast<double>(num) / static_cast<double>(den) : 0.0;
}

// ---------------------------------------------------------------------------------------
// Scanning

struct CollectedFinding {
  std::uint64_t start, end;
  std::string_view category;
  std::string_view rule;
};

class CollectingSink : public piimatch::FindingSink {
 public:
  void on_finding(const piimatch::Finding& f) override {
    findings.push_back({f.start, f.end, piimatch::category_name(f.category), f.rule_id});
  }
  bool wants_fingerprints() const override { return false; }
  std::vector<CollectedFinding> findings;
};

// One engine, one scratch, one redactor reused for every message.
class MessageScanner {
 public:
  explicit MessageScanner(std::shared_ptr<const piimatch::Engine> engine)
      : engine_(std::move(engine)), scratch_(*engine_) {
    piimatch::RedactorOptions options;
    options.action_override = piimatch::Action{piimatch::ActionKind::mask, '*', 0};
    redactor_ = std::make_unique<piimatch::Redactor>(*engine_, scratch_, &sink_, options);
  }

  // Findings of `text` scanned as one message, offsets relative to its first byte.
  const std::vector<CollectedFinding>& scan(std::string_view text) {
    sink_.findings.clear();
    redactor_->reset();
    const std::uint64_t base = redactor_->bytes_in();
    output_.clear();
    redactor_->write(text, output_);
    redactor_->finish(output_);
    for (auto& f : sink_.findings) {
      f.start -= base;
      f.end -= base;
    }
    return sink_.findings;
  }

 private:
  std::shared_ptr<const piimatch::Engine> engine_;
  piimatch::Scratch scratch_;
  CollectingSink sink_;
  std::unique_ptr<piimatch::Redactor> redactor_;
  std::string output_;
};

// Bytes of [start, end) covered by the union of all findings.
std::size_t covered_bytes(const std::vector<CollectedFinding>& findings, std::size_t start, std::size_t end) {
  std::vector<std::pair<std::size_t, std::size_t>> parts;
  for (const auto& f : findings) {
    const std::size_t s = std::max<std::size_t>(start, f.start);
    const std::size_t e = std::min<std::size_t>(end, f.end);
    if (s < e) parts.emplace_back(s, e);
  }
  std::sort(parts.begin(), parts.end());
  std::size_t covered = 0, cursor = start;
  for (const auto& [s, e] : parts) {
    const std::size_t from = std::max(s, cursor);
    if (e > from) { covered += e - from; cursor = e; }
  }
  return covered;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// ---------------------------------------------------------------------------------------
// Reading labelled files

// Turns one record into zero or more cases (a stdnum positive with a check character also
// yields a synthetic invalid twin). Unclaimed records are counted in `result`.
void record_to_cases(const json& r, SourceResult& result, std::vector<Case>& out) {
  Case c;
  c.id = json_string(r, "id");
  c.text = json_string(r, "text");
  const std::string label = json_string(r, "label");
  c.whole_string = r.value("whole_string", false);
  if (label != "positive" && label != "negative") {
    ++result.skipped;  // "borderline" and anything else the data does not decide
    return;
  }
  c.positive = label == "positive";

  // The record's own type label and claim.
  std::string type_label;
  std::optional<Claim> record_claim;
  std::string stdnum_module;
  if (r.contains("validator")) {
    const std::string validator = json_string(r, "validator");
    const bool default_options = !r.contains("args") || (r["args"].is_array() && r["args"].empty());
    type_label = validator;
    record_claim = claim_validatorjs(validator, default_options);
  } else if (r.contains("stdnum_module")) {
    stdnum_module = json_string(r, "stdnum_module");
    type_label = "stdnum:" + stdnum_module;
    record_claim = claim_stdnum(stdnum_module);
  } else {
    type_label = json_string(r, "entity_type");
    if (type_label.empty()) type_label = json_string(r, "type");
    record_claim = claim_entity_type(type_label);
    if (record_claim && r.contains("format") && record_claim->category == "phone") {
      record_claim = claim("phone", json_string(r, "format"));
    }
  }
  // A record without a type of its own (running text with typed spans) is judged by the
  // types of its spans.
  const bool typed_by_spans = type_label.empty() && c.positive && r.contains("spans") && r["spans"].is_array() &&
                              !r["spans"].empty();
  if (!record_claim && !typed_by_spans) {
    ++result.not_claimed[type_label.empty() ? "(no type)" : type_label];
    return;
  }
  // A validator negative under a non-default option (a Visa number with provider "AmEx", an
  // IPv4 address with version 6) is valid data: it says nothing about a redactor.
  if (!c.positive && record_claim && record_claim->group.find("options") != std::string::npos) {
    ++result.not_claimed[type_label + " negative with options"];
    return;
  }

  const auto offsets = char_to_byte_offsets(c.text);
  const std::size_t n_chars = offsets.size() - 1;

  if (c.positive) {
    const json spans = r.value("spans", json::array());
    for (const auto& s : spans) {
      if (!s.contains("start") || !s.contains("end")) continue;
      const auto span_type = json_string(s, "type");
      // Span types of the record's own kind use the record's claim (validatorjs and
      // stdnum spans repeat the record type); others are mapped on their own.
      std::optional<Claim> span_claim = record_claim;
      if (!span_type.empty() && span_type != json_string(r, "type") && span_type != json_string(r, "entity_type")) {
        span_claim = claim_entity_type(span_type);
      }
      if (!span_claim) {
        ++result.not_claimed[span_type.empty() ? "(no type)" : span_type];
        continue;
      }
      const auto start = s["start"].get<std::size_t>();
      const auto end = s["end"].get<std::size_t>();
      if (start >= end || end > n_chars) continue;
      c.targets.push_back({span_claim->category, span_claim->group, offsets[start], offsets[end], true});
    }
    if (c.targets.empty() && record_claim && r.contains("expected") && r["expected"].is_array()) {
      // Secrets samples: values without offsets; find each in the text.
      for (const auto& v : r["expected"]) {
        if (!v.is_string()) continue;
        const auto value = v.get<std::string>();
        const auto at = value.empty() ? std::string::npos : c.text.find(value);
        if (at == std::string::npos) continue;
        c.targets.push_back({record_claim->category, record_claim->group, at, at + value.size(), true});
      }
    }
    if (c.targets.empty() && record_claim) {
      if (c.whole_string) {
        // The whole string is the entity (trimmed of surrounding blanks).
        std::size_t s = 0, e = c.text.size();
        while (s < e && is_space(c.text[s])) ++s;
        while (e > s && is_space(c.text[e - 1])) --e;
        if (s < e) c.targets.push_back({record_claim->category, record_claim->group, s, e, true});
      } else {
        // Present, position unknown.
        c.targets.push_back({record_claim->category, record_claim->group, 0, c.text.size(), false});
      }
    }
    if (c.targets.empty()) {
      ++result.skipped;
      return;
    }
    if (c.whole_string && c.targets.size() == 1) c.label = label_for_whole_string(c.targets.front().group);
    // A valid national id or IBAN with a check character gives an invalid twin (negative).
    if (record_claim && !stdnum_module.empty() &&
        (record_claim->category == "national_id" || record_claim->category == "iban") &&
        has_check_character(stdnum_module)) {
      Case twin;
      twin.id = c.id + "#altered";
      twin.text = c.text;
      twin.whole_string = true;
      twin.positive = false;
      twin.synthetic = true;
      twin.neg_category = record_claim->category;
      twin.neg_group = record_claim->group;
      twin.label = c.label;
      if (alter_check_character(twin.text)) out.push_back(std::move(twin));
    }
  } else {
    c.neg_category = record_claim->category;
    c.neg_group = record_claim->group;
    if (c.whole_string) c.label = label_for_whole_string(c.neg_group);
  }
  out.push_back(std::move(c));
}

// Attributes every finding of a category the case is labelled for to that category's
// group: a finding that overlaps a target of its category is true, any other is false.
void count_finding_precision(const Case& c, const std::vector<CollectedFinding>& findings, SourceResult& result) {
  for (const auto& f : findings) {
    if (!c.positive) {
      // As for `flagged`: in a validator-style negative only a finding of the whole string
      // is a wrong answer.
      const bool wrong = !c.whole_string || (f.start == 0 && f.end >= c.text.size());
      if (f.category == c.neg_category && wrong) ++result.groups[c.neg_group].false_findings;
      continue;
    }
    const Target* group_target = nullptr;
    bool on_target = false;
    for (const auto& t : c.targets) {
      if (t.category != f.category) continue;
      if (group_target == nullptr) group_target = &t;
      if (!t.positioned || (f.start < t.end && f.end > t.start)) {
        on_target = true;
        group_target = &t;
        break;
      }
    }
    if (group_target == nullptr) continue;  // a category this case says nothing about
    auto& g = result.groups[group_target->group];
    if (on_target) ++g.true_findings;
    else ++g.false_findings;
  }
}

// The whole-string case scanned after its label: the value must be masked whole (a
// positive) or must not be reported whole (a negative), as in evaluate_case.
void evaluate_labelled(const Case& c, MessageScanner& scanner, SourceResult& result) {
  const std::string prefix = c.label + ": ";
  const auto& findings = scanner.scan(prefix + c.text);
  if (c.positive) {
    const Target& t = c.targets.front();
    auto& g = result.groups[t.group];
    ++g.labelled_positives;
    const std::size_t start = prefix.size() + t.start, end = prefix.size() + t.end;
    if (covered_bytes(findings, start, end) == end - start) ++g.labelled_full;
    else if (result.missed_labelled_ids.size() < 50000) result.missed_labelled_ids.push_back(c.id + " " + t.group);
    return;
  }
  auto& g = result.groups[c.neg_group];
  ++g.labelled_negatives;
  const bool whole = std::any_of(findings.begin(), findings.end(), [&](const CollectedFinding& f) {
    return f.category == c.neg_category && f.start <= prefix.size() && f.end >= prefix.size() + c.text.size();
  });
  if (whole) {
    ++g.labelled_flagged;
    if (result.flagged_labelled_ids.size() < 50000) result.flagged_labelled_ids.push_back(c.id + " " + c.neg_group);
  }
}

void evaluate_bare(const Case& c, MessageScanner& scanner, SourceResult& result) {
  const auto& findings = scanner.scan(c.text);
  count_finding_precision(c, findings, result);
  if (c.positive) {
    for (const auto& t : c.targets) {
      auto& g = result.groups[t.group];
      ++g.positives;
      bool full = false, partial = false;
      if (!t.positioned) {
        full = std::any_of(findings.begin(), findings.end(),
                           [&](const CollectedFinding& f) { return f.category == t.category; });
      } else {
        const std::size_t covered = covered_bytes(findings, t.start, t.end);
        full = covered == t.end - t.start;
        partial = !full && covered > 0;
      }
      if (full) ++g.full;
      else if (partial) {
        ++g.partial;
        if (result.partial_ids.size() < 50000) result.partial_ids.push_back(c.id + " " + t.group);
      }
      else {
        ++g.missed;
        if (result.missed_ids.size() < 50000) result.missed_ids.push_back(c.id + " " + t.group);
      }
    }
    return;
  }
  auto& g = result.groups[c.neg_group];
  ++g.negatives;
  if (c.synthetic) ++g.synthetic_negatives;
  bool any = false, whole = false;
  for (const auto& f : findings) {
    if (f.category != c.neg_category) continue;
    any = true;
    if (f.start == 0 && f.end >= c.text.size()) whole = true;
  }
  // A validator-style negative asks "is the whole string one entity?": a finding of a
  // valid entity inside it (an address followed by a stray CR LF, a valid card number
  // inside a longer digit string) is not a wrong answer, so only a finding covering the
  // whole string counts. Running-text negatives count any finding of the category.
  const bool flagged = c.whole_string ? whole : any;
  if (any) ++g.flagged_any;
  if (flagged) {
    ++g.flagged;
    if (result.flagged_ids.size() < 50000) result.flagged_ids.push_back(c.id + " " + c.neg_group);
  }
}

void evaluate_case(const Case& c, MessageScanner& scanner, SourceResult& result) {
  evaluate_bare(c, scanner, result);
  if (!c.label.empty()) evaluate_labelled(c, scanner, result);
}

// Python's json module writes lone UTF-16 surrogates (e.g. "\\udc00") that strict JSON
// parsers reject. Each one is replaced by U+FFFD, which keeps it one code point, so the
// character offsets of the record stay right.
std::string replace_lone_surrogates(const std::string& line) {
  auto hex4 = [&](std::size_t at, unsigned& value) {
    if (at + 4 > line.size()) return false;
    value = 0;
    for (std::size_t k = at; k < at + 4; ++k) {
      const char h = line[k];
      value <<= 4;
      if (h >= '0' && h <= '9') value |= static_cast<unsigned>(h - '0');
      else if (h >= 'a' && h <= 'f') value |= static_cast<unsigned>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F') value |= static_cast<unsigned>(h - 'A' + 10);
      else return false;
    }
    return true;
  };
  std::string out;
  out.reserve(line.size());
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] != '\\' || i + 1 >= line.size()) { out += line[i]; continue; }
    unsigned unit = 0;
    if (line[i + 1] != 'u' || !hex4(i + 2, unit) || unit < 0xD800 || unit > 0xDFFF) {
      out += line[i];
      out += line[i + 1];
      ++i;
      continue;
    }
    unsigned low = 0;
    const bool paired = unit <= 0xDBFF && i + 11 < line.size() + 0 && line.compare(i + 6, 2, "\\u") == 0 &&
                        hex4(i + 8, low) && low >= 0xDC00 && low <= 0xDFFF;
    if (paired) {
      out.append(line, i, 12);
      i += 11;
    } else {
      out += "\\ufffd";
      i += 5;
    }
  }
  return out;
}

SourceResult evaluate_file(const fs::path& path, MessageScanner& scanner) {
  SourceResult result;
  result.name = path.stem().string();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::string line;
  std::vector<Case> cases;
  std::size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line.find_first_not_of(" \t\r") == std::string::npos) continue;
    json record;
    try {
      record = json::parse(line.find("\\ud") != std::string::npos || line.find("\\uD") != std::string::npos
                               ? replace_lone_surrogates(line)
                               : line);
    } catch (const json::exception& e) {
      throw std::runtime_error(path.string() + ":" + std::to_string(line_no) + ": bad JSON: " + e.what());
    }
    cases.clear();
    record_to_cases(record, result, cases);
    for (const auto& c : cases) evaluate_case(c, scanner, result);
  }
  return result;
}

// ---------------------------------------------------------------------------------------
// Unlabelled text

// Plain English prose: lower-case words of a word list (e.g. Debian's wamerican) joined
// into sentences and paragraphs with a fixed-seed generator, so the text is the same on
// every run and machine (std::mt19937 is fully specified; no std distributions are used).
std::string generate_prose(const fs::path& word_list, std::size_t target_bytes) {
  std::ifstream in(word_list);
  if (!in) return {};
  std::vector<std::string> words;
  std::string w;
  while (std::getline(in, w)) {
    if (w.empty() || w.size() > 14) continue;
    if (!std::all_of(w.begin(), w.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; })) continue;
    words.push_back(w);
  }
  if (words.empty()) return {};
  std::mt19937 rng(20261123u);
  std::string text;
  text.reserve(target_bytes + 256);
  std::size_t sentence_in_paragraph = 0;
  while (text.size() < target_bytes) {
    const std::size_t length = 5 + rng() % 14;
    for (std::size_t i = 0; i < length; ++i) {
      std::string word = words[rng() % words.size()];
      if (i == 0) word[0] = static_cast<char>(word[0] - 'a' + 'A');
      text += word;
      if (i + 1 < length) text += (rng() % 11 == 0) ? ", " : " ";
    }
    text += (rng() % 9 == 0) ? "? " : ". ";
    if (++sentence_in_paragraph == 6) {
      text += "\n\n";
      sentence_in_paragraph = 0;
    }
  }
  return text;
}

bool looks_like_text_file(const fs::path& p) {
  static const std::set<std::string> kExtensions = {".cpp", ".h", ".hpp", ".c", ".md", ".txt", ".sh",
                                                    ".cmake", ".py", ".yaml", ".yml", ".toml"};
  return kExtensions.count(p.extension().string()) || p.filename() == "CMakeLists.txt" || p.filename() == "Makefile";
}

void scan_unlabelled_text(std::string_view text, MessageScanner& scanner, UnlabelledResult& result,
                          const std::string& file_name) {
  result.bytes += text.size();
  ++result.files;
  for (const auto& f : scanner.scan(text)) {
    ++result.findings_by_category[std::string(f.category)];
    ++result.findings_by_rule[std::string(f.rule)];
    if (result.locations.size() < 1000) {
      result.locations.push_back(file_name + ":" + std::to_string(f.start) + " " + std::string(f.rule));
    }
  }
}

UnlabelledResult scan_unlabelled_path(const fs::path& path, MessageScanner& scanner) {
  UnlabelledResult result;
  result.name = path.filename().string();
  if (result.name.empty()) result.name = path.parent_path().filename().string();
  std::vector<fs::path> files;
  if (fs::is_directory(path)) {
    for (const auto& entry : fs::recursive_directory_iterator(path)) {
      if (entry.is_regular_file() && looks_like_text_file(entry.path())) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
  } else {
    files.push_back(path);
  }
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + file.string());
    std::stringstream buffer;
    buffer << in.rdbuf();
    scan_unlabelled_text(buffer.str(), scanner, result, file.string());
  }
  return result;
}

// ---------------------------------------------------------------------------------------
// Metrics, thresholds, report

// Every number by name: "<source>/<group>.recall", ".partial", ".flagged", ".flagged_any",
// ".precision", ".recall_labelled", ".flagged_labelled" (whole-string cases after their
// label); "all/<category>.recall" / ".flagged"; "unlabelled/<name>.per_100kb".
struct Metric {
  double value;
  std::uint64_t denominator;
};

std::map<std::string, Metric> collect_metrics(const std::vector<SourceResult>& sources,
                                              const std::vector<UnlabelledResult>& unlabelled,
                                              std::map<std::string, GroupCounts>& per_category) {
  std::map<std::string, Metric> m;
  for (const auto& src : sources) {
    for (const auto& [group, g] : src.groups) {
      const std::string key = src.name + "/" + group;
      if (g.positives) {
        m[key + ".recall"] = {ratio(g.full, g.positives), g.positives};
        m[key + ".partial"] = {ratio(g.partial, g.positives), g.positives};
      }
      if (g.true_findings + g.false_findings) {
        m[key + ".precision"] = {ratio(g.true_findings, g.true_findings + g.false_findings),
                                 g.true_findings + g.false_findings};
      }
      if (g.negatives) {
        m[key + ".flagged"] = {ratio(g.flagged, g.negatives), g.negatives};
        m[key + ".flagged_any"] = {ratio(g.flagged_any, g.negatives), g.negatives};
      }
      if (g.labelled_positives) {
        m[key + ".recall_labelled"] = {ratio(g.labelled_full, g.labelled_positives), g.labelled_positives};
      }
      if (g.labelled_negatives) {
        m[key + ".flagged_labelled"] = {ratio(g.labelled_flagged, g.labelled_negatives), g.labelled_negatives};
      }
      const std::string category = group.substr(0, group.find('['));
      auto& total = per_category[category];
      total.positives += g.positives; total.full += g.full; total.partial += g.partial; total.missed += g.missed;
      total.negatives += g.negatives; total.flagged += g.flagged; total.flagged_any += g.flagged_any;
      total.true_findings += g.true_findings; total.false_findings += g.false_findings;
    }
  }
  for (const auto& [category, g] : per_category) {
    if (g.positives) m["all/" + category + ".recall"] = {ratio(g.full, g.positives), g.positives};
    if (g.negatives) m["all/" + category + ".flagged"] = {ratio(g.flagged, g.negatives), g.negatives};
    if (g.true_findings + g.false_findings) {
      m["all/" + category + ".precision"] = {ratio(g.true_findings, g.true_findings + g.false_findings),
                                             g.true_findings + g.false_findings};
    }
  }
  for (const auto& u : unlabelled) {
    m["unlabelled/" + u.name + ".per_100kb"] = {u.per_100kb(), u.bytes};
  }
  return m;
}

struct Threshold {
  std::string metric;
  std::optional<double> min, max;
  std::string since;
};

// One map of thresholds: "metric" -> {min|max, since}.
std::vector<Threshold> read_threshold_map(const fs::path& file, const YAML::Node& node) {
  std::vector<Threshold> out;
  for (const auto& item : node) {
    Threshold t;
    t.metric = item.first.as<std::string>();
    const auto& spec = item.second;
    if (!spec.IsMap()) throw std::runtime_error(file.string() + ": '" + t.metric + "': expected {min|max, since}");
    for (const auto& kv : spec) {
      const auto key = kv.first.as<std::string>();
      if (key == "min") t.min = kv.second.as<double>();
      else if (key == "max") t.max = kv.second.as<double>();
      else if (key == "since") t.since = kv.second.as<std::string>();
      else if (key == "target" || key == "note") continue;  // documentation only
      else throw std::runtime_error(file.string() + ": '" + t.metric + "': unknown key '" + key + "'");
    }
    if (!t.min && !t.max) throw std::runtime_error(file.string() + ": '" + t.metric + "': needs min or max");
    if (t.since.empty()) throw std::runtime_error(file.string() + ": '" + t.metric + "': needs `since` (the date it was set or raised)");
    out.push_back(std::move(t));
  }
  return out;
}

// The thresholds for the rule level measured. `thresholds:` holds the default rules'
// numbers. With --min-confidence low they hold as well, except where the map
// `thresholds_at_low_confidence:` names the same metric again (the numbers low is meant to
// raise, and the ones it knowingly costs) or adds one; so one file holds both levels and a
// number no level changes is written once.
std::vector<Threshold> load_thresholds(const fs::path& file, piimatch::Confidence level) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(file.string());
  } catch (const YAML::Exception& e) {
    throw std::runtime_error(file.string() + ": " + e.what());
  }
  const auto node = root["thresholds"];
  if (!node || !node.IsMap()) throw std::runtime_error(file.string() + ": expected a map `thresholds:`");
  std::vector<Threshold> out = read_threshold_map(file, node);
  if (level != piimatch::Confidence::low) return out;
  const auto low = root["thresholds_at_low_confidence"];
  if (!low) return out;
  if (!low.IsMap()) throw std::runtime_error(file.string() + ": `thresholds_at_low_confidence:` must be a map");
  for (auto& t : read_threshold_map(file, low)) {
    auto same = std::find_if(out.begin(), out.end(), [&](const Threshold& o) { return o.metric == t.metric; });
    if (same != out.end()) *same = std::move(t);
    else out.push_back(std::move(t));
  }
  return out;
}

std::string format_rate(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", v);
  return buf;
}

void print_group_row(std::ostream& os, const std::string& source, const std::string& group, const GroupCounts& g) {
  auto count = [](std::uint64_t n) { return static_cast<unsigned long long>(n); };
  const std::uint64_t all_findings = g.true_findings + g.false_findings;
  char line[256];
  std::snprintf(line, sizeof line, "%-28s %-30s %7llu %7llu %7llu %7llu %8s %7llu %7llu %8s %9s\n", source.c_str(),
                group.c_str(), count(g.positives), count(g.full), count(g.partial), count(g.missed),
                g.positives ? format_rate(ratio(g.full, g.positives)).c_str() : "-", count(g.negatives),
                count(g.flagged), g.negatives ? format_rate(ratio(g.flagged, g.negatives)).c_str() : "-",
                all_findings ? format_rate(ratio(g.true_findings, all_findings)).c_str() : "-");
  os << line;
}

void print_report(std::ostream& os, const std::vector<SourceResult>& sources,
                  const std::map<std::string, GroupCounts>& per_category,
                  const std::vector<UnlabelledResult>& unlabelled) {
  char line[256];
  os << "Labelled cases (recall = fully masked / positives; rate = negatives flagged / negatives;\n"
        "precision = findings on a labelled span / findings of the category in labelled cases)\n";
  std::snprintf(line, sizeof line, "%-28s %-30s %7s %7s %7s %7s %8s %7s %7s %8s %9s\n", "source", "group", "pos", "full",
                "partial", "missed", "recall", "neg", "flagged", "rate", "precision");
  os << line;
  for (const auto& src : sources) {
    for (const auto& [group, g] : src.groups) print_group_row(os, src.name, group, g);
  }
  bool any_labelled = false;
  for (const auto& src : sources) {
    for (const auto& [group, g] : src.groups) any_labelled |= g.labelled_positives + g.labelled_negatives > 0;
  }
  if (any_labelled) {
    os << "\nWhole-string cases again after their kind's label (\"TFN: ...\"; kinds whose bare digit runs need a cue)\n";
    std::snprintf(line, sizeof line, "%-28s %-30s %7s %7s %8s %7s %7s %8s\n", "source", "group", "pos", "full", "recall",
                  "neg", "flagged", "rate");
    os << line;
    for (const auto& src : sources) {
      for (const auto& [group, g] : src.groups) {
        if (g.labelled_positives + g.labelled_negatives == 0) continue;
        std::snprintf(line, sizeof line, "%-28s %-30s %7llu %7llu %8s %7llu %7llu %8s\n", src.name.c_str(), group.c_str(),
                      static_cast<unsigned long long>(g.labelled_positives),
                      static_cast<unsigned long long>(g.labelled_full),
                      g.labelled_positives ? format_rate(ratio(g.labelled_full, g.labelled_positives)).c_str() : "-",
                      static_cast<unsigned long long>(g.labelled_negatives),
                      static_cast<unsigned long long>(g.labelled_flagged),
                      g.labelled_negatives ? format_rate(ratio(g.labelled_flagged, g.labelled_negatives)).c_str() : "-");
        os << line;
      }
    }
  }
  os << "\nPer category (all sources)\n";
  for (const auto& [category, g] : per_category) print_group_row(os, "all", category, g);
  if (!unlabelled.empty()) {
    os << "\nUnlabelled text (every finding counts against precision)\n";
    std::snprintf(line, sizeof line, "%-28s %7s %12s %9s %10s %10s  %s\n", "input", "files", "bytes", "findings",
                  "per 100KB", "per MB", "by rule");
    os << line;
    for (const auto& u : unlabelled) {
      std::string by_rule;
      for (const auto& [rule, n] : u.findings_by_rule) by_rule += rule + "=" + std::to_string(n) + " ";
      std::snprintf(line, sizeof line, "%-28s %7llu %12llu %9llu %10.3f %10.2f  ", u.name.c_str(),
                    static_cast<unsigned long long>(u.files), static_cast<unsigned long long>(u.bytes),
                    static_cast<unsigned long long>(u.findings()), u.per_100kb(), u.per_100kb() * 10.24);
      os << line << by_rule << "\n";
    }
  }
  os << "\nNot claimed (excluded from every rate)\n";
  for (const auto& src : sources) {
    std::uint64_t total = 0;
    for (const auto& [t, n] : src.not_claimed) total += n;
    os << "  " << src.name << ": " << total << " cases";
    if (src.skipped) os << ", " << src.skipped << " skipped (borderline or no target)";
    if (total) {
      os << " (";
      std::size_t shown = 0;
      for (const auto& [t, n] : src.not_claimed) {
        if (shown++ == 12) { os << ", ..."; break; }
        os << (shown > 1 ? ", " : "") << t << "=" << n;
      }
      os << ")";
    }
    os << "\n";
  }
}

json to_json(const std::vector<SourceResult>& sources, const std::vector<UnlabelledResult>& unlabelled,
             const std::map<std::string, Metric>& metrics, double seconds) {
  json j;
  j["seconds"] = seconds;
  for (const auto& [name, m] : metrics) j["metrics"][name] = {{"value", m.value}, {"n", m.denominator}};
  for (const auto& src : sources) {
    json s;
    for (const auto& [group, g] : src.groups) {
      s["groups"][group] = {{"positives", g.positives}, {"full", g.full},       {"partial", g.partial},
                            {"missed", g.missed},       {"negatives", g.negatives}, {"flagged", g.flagged},
                            {"flagged_any", g.flagged_any}, {"synthetic_negatives", g.synthetic_negatives},
                            {"true_findings", g.true_findings}, {"false_findings", g.false_findings},
                            {"labelled_positives", g.labelled_positives}, {"labelled_full", g.labelled_full},
                            {"labelled_negatives", g.labelled_negatives}, {"labelled_flagged", g.labelled_flagged}};
    }
    s["not_claimed"] = src.not_claimed;
    s["skipped"] = src.skipped;
    s["missed_ids"] = src.missed_ids;
    s["flagged_ids"] = src.flagged_ids;
    s["partial_ids"] = src.partial_ids;
    s["missed_labelled_ids"] = src.missed_labelled_ids;
    s["flagged_labelled_ids"] = src.flagged_labelled_ids;
    j["sources"][src.name] = s;
  }
  for (const auto& u : unlabelled) {
    j["unlabelled"][u.name] = {{"bytes", u.bytes}, {"files", u.files}, {"findings", u.findings_by_category},
                               {"by_rule", u.findings_by_rule}, {"per_100kb", u.per_100kb()},
                               {"locations", u.locations}};
  }
  return j;
}

void usage(std::ostream& os) {
  os << "usage: piiproxy eval [--rules PATH] [--rules-for NAME=PATH]... [--thresholds FILE] [--json OUT]\n"
        "                     [--unlabelled PATH]... [--prose-words FILE | --no-prose] [--cache-dir DIR]\n"
        "                     [--min-confidence normal|low] DATA.jsonl... | DIR...\n"
        "  DIR: every *.jsonl file in it (sorted). A non-.jsonl FILE argument is unlabelled text.\n"
        "  --rules-for NAME=PATH  scan the labelled file NAME.jsonl with the pack at PATH instead\n"
        "                     (e.g. dictionaries without the names its sentences were made from)\n"
        "  --unlabelled PATH  a file or directory (source/docs files) scanned as unlabelled text\n"
        "  --prose-words FILE word list for generated English prose (default\n"
        "                     /usr/share/dict/american-english; skipped when absent)\n"
        "  --thresholds FILE  exit 1 listing every number below (or above) its threshold (the map\n"
        "                     `thresholds:`; with --min-confidence low, `thresholds_at_low_confidence:`\n"
        "                     replaces or adds entries)\n"
        "  --min-confidence L load the rules of confidence L and above, as the proxy's setting does\n"
        "                     (default normal; low adds the cue-less digit-run rules)\n"
        "  --cache-dir DIR    keep compiled Hyperscan databases there between runs\n";
}

}  // namespace

int eval_command(int argc, char** argv) {
  std::optional<fs::path> rules_path, thresholds_path, json_path;
  std::map<std::string, fs::path> rules_for;  // labelled file stem -> its own pack
  std::string cache_dir;
  std::vector<fs::path> labelled, unlabelled_paths;
  fs::path prose_words = "/usr/share/dict/american-english";
  bool prose = true;
  piimatch::Confidence min_confidence = piimatch::Confidence::normal;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error("eval: " + arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--rules") rules_path = next();
    else if (arg == "--rules-for") {
      const std::string value = next();
      const std::size_t eq = value.find('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == value.size()) {
        std::cerr << "eval: --rules-for needs NAME=PATH, got '" << value << "'\n";
        return 2;
      }
      rules_for[value.substr(0, eq)] = value.substr(eq + 1);
    }
    else if (arg == "--thresholds") thresholds_path = next();
    else if (arg == "--json") json_path = next();
    else if (arg == "--unlabelled") unlabelled_paths.emplace_back(next());
    else if (arg == "--prose-words") prose_words = next();
    else if (arg == "--no-prose") prose = false;
    else if (arg == "--cache-dir") cache_dir = next();
    else if (arg == "--min-confidence") {
      const std::string value = next();
      const auto level = piimatch::parse_confidence(value);
      if (!level) {
        std::cerr << "eval: --min-confidence must be normal or low, got '" << value << "'\n";
        return 2;
      }
      min_confidence = *level;
    }
    else if (arg == "-h" || arg == "--help") { usage(std::cout); return 0; }
    else if (!arg.empty() && arg[0] == '-') { std::cerr << "eval: unknown option " << arg << "\n"; usage(std::cerr); return 2; }
    else {
      const fs::path p = arg;
      if (fs::is_directory(p)) {
        std::vector<fs::path> found;
        for (const auto& entry : fs::directory_iterator(p)) {
          if (entry.is_regular_file() && entry.path().extension() == ".jsonl") found.push_back(entry.path());
        }
        std::sort(found.begin(), found.end());
        labelled.insert(labelled.end(), found.begin(), found.end());
      } else if (!fs::exists(p)) {
        std::cerr << "eval: no such file or directory: " << arg << "\n";
        return 2;
      } else if (p.extension() == ".jsonl") {
        labelled.push_back(p);
      } else {
        unlabelled_paths.push_back(p);
      }
    }
  }
  if (labelled.empty() && unlabelled_paths.empty() && !prose) {
    usage(std::cerr);
    return 2;
  }

  const auto started = std::chrono::steady_clock::now();
  std::vector<Threshold> thresholds;
  if (thresholds_path) thresholds = load_thresholds(*thresholds_path, min_confidence);

  const auto rules = piimatch::RuleSet::load(rules_path ? *rules_path : piimatch::default_rules_path(), min_confidence);
  piimatch::EngineOptions engine_options;
  engine_options.cache_dir = cache_dir;
  const auto engine = piimatch::Engine::compile(rules, engine_options);
  const auto compile_stats = engine->stats();
  MessageScanner scanner(engine);

  // A file named in --rules-for is scanned with its own pack; naming no given file is an
  // error, so a typo cannot quietly measure the default pack instead.
  std::map<std::string, std::unique_ptr<MessageScanner>> own_scanners;
  for (const auto& [name, path] : rules_for) {
    const bool given = std::any_of(labelled.begin(), labelled.end(), [&](const fs::path& f) { return f.stem() == name; });
    if (!given) throw std::runtime_error("eval: --rules-for " + name + ": no labelled file " + name + ".jsonl was given");
    own_scanners[name] = std::make_unique<MessageScanner>(piimatch::Engine::compile(piimatch::RuleSet::load(path, min_confidence), engine_options));
  }
  std::vector<SourceResult> sources;
  for (const auto& file : labelled) {
    const auto own = own_scanners.find(file.stem().string());
    sources.push_back(evaluate_file(file, own != own_scanners.end() ? *own->second : scanner));
  }

  std::vector<UnlabelledResult> unlabelled;
  if (prose && fs::exists(prose_words)) {
    UnlabelledResult r;
    r.name = "english-prose";
    scan_unlabelled_text(generate_prose(prose_words, 1 << 20), scanner, r, r.name);
    unlabelled.push_back(std::move(r));
  }
  for (const auto& p : unlabelled_paths) unlabelled.push_back(scan_unlabelled_path(p, scanner));

  std::map<std::string, GroupCounts> per_category;
  const auto metrics = collect_metrics(sources, unlabelled, per_category);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  print_report(std::cout, sources, per_category, unlabelled);
  std::cout << "\n" << labelled.size() << " labelled files, " << unlabelled.size() << " unlabelled inputs in "
            << format_rate(seconds) << " s (" << rules.rules.size() << " rules at minimum confidence "
            << piimatch::confidence_name(min_confidence) << ", " << rules.count(piimatch::Confidence::low)
            << " of them low-confidence; databases "
            << (compile_stats.from_cache ? "loaded from cache" : "compiled") << " in "
            << format_rate(compile_stats.compile_seconds) << " s)\n";
  for (const auto& [name, path] : rules_for) std::cout << name << ".jsonl scanned with the pack " << path.string() << "\n";

  if (json_path) {
    std::ofstream out(*json_path);
    if (!out) throw std::runtime_error("cannot write " + json_path->string());
    json j = to_json(sources, unlabelled, metrics, seconds);
    j["min_confidence"] = std::string(piimatch::confidence_name(min_confidence));
    out << j.dump(1) << "\n";
  }

  if (thresholds.empty()) return 0;
  std::vector<std::string> failures;
  for (const auto& t : thresholds) {
    const auto it = metrics.find(t.metric);
    if (it == metrics.end()) {
      failures.push_back(t.metric + ": not measured (input missing?)");
      continue;
    }
    const double v = it->second.value;
    if (t.min && v < *t.min) {
      failures.push_back(t.metric + " = " + format_rate(v) + " is below its threshold " + format_rate(*t.min) +
                         " (set " + t.since + ")");
    }
    if (t.max && v > *t.max) {
      failures.push_back(t.metric + " = " + format_rate(v) + " is above its threshold " + format_rate(*t.max) +
                         " (set " + t.since + ")");
    }
  }
  if (failures.empty()) {
    std::cout << "quality: all " << thresholds.size() << " thresholds met (minimum confidence "
              << piimatch::confidence_name(min_confidence) << ")\n";
    return 0;
  }
  std::cout << "quality: " << failures.size() << " of " << thresholds.size() << " thresholds missed:\n";
  for (const auto& f : failures) std::cout << "  " << f << "\n";
  return 1;
}

}  // namespace piiproxy::cli
