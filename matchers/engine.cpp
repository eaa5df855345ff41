// Compiles a RuleSet into the Hyperscan databases and per-rule metadata the scan path needs.
#include "matchers/engine.h"

#include "matchers/confirm_regex.h"
#include "matchers/database_cache.h"
#include "matchers/regex_alphabet.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>

namespace piimatch {

namespace {

unsigned hs_flags_for(const Rule& rule) {
  unsigned flags = 0;
  if (rule.caseless) flags |= HS_FLAG_CASELESS;
  if (rule.dotall) flags |= HS_FLAG_DOTALL;
  if (rule.multiline) flags |= HS_FLAG_MULTILINE;
  return flags;
}

[[noreturn]] void fail(const Rule& rule, const std::string& reason) {
  throw RuleError(rule.source + ": rule '" + rule.id + "': " + reason);
}

// Expression width, checked one rule at a time so errors name the rule.
void measure_width(const Rule& rule, CompiledRule& out) {
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_expression_info(rule.expression.c_str(), hs_flags_for(rule), &info, &error) != HS_SUCCESS) {
    std::string message = error != nullptr ? error->message : "unknown error";
    hs_free_compile_error(error);
    fail(rule, "expression does not compile: " + message);
  }
  const unsigned min_width = info->min_width;
  const unsigned max_width = info->max_width;
  const bool unordered = info->unordered_matches != 0;
  const bool at_eod_only = info->matches_only_at_eod != 0;
  std::free(info);
  if (min_width == 0) fail(rule, "expression can match the empty string");
  if (unordered || at_eod_only) fail(rule, "expression uses end-of-data anchors ($, \\z); boundaries are checked by the engine instead");
  if (max_width == UINT_MAX) {
    if (!rule.max_width) fail(rule, "expression width is unbounded; set max_width");
    out.width_max = *rule.max_width;
  } else {
    // With a `confirm` regex, max_width is the longest full match, which may be wider than
    // the candidate expression (e.g. an expression that starts at the '@' of an e-mail
    // address while confirm adds the local part). Otherwise it can only narrow the width.
    if (rule.max_width && !rule.confirm.empty()) {
      out.width_max = std::max<std::uint32_t>(*rule.max_width, max_width);
    } else {
      out.width_max = rule.max_width ? std::min<std::uint32_t>(*rule.max_width, max_width) : max_width;
    }
  }
  out.width_min = std::min<std::uint32_t>(min_width, out.width_max);
  if (out.width_max > 16384) fail(rule, "expression can match " + std::to_string(out.width_max) + " bytes; set max_width (at most 16384)");
}

pcre2_code_8* compile_confirm(const Rule& rule, const std::string& pattern, std::uint32_t& value_group) {
  const CompiledConfirm compiled = compile_end_anchored(pattern, rule);
  if (compiled.code == nullptr) {
    PCRE2_UCHAR8 message[256];
    pcre2_get_error_message_8(compiled.error_code, message, sizeof message);
    fail(rule, std::string(rule.confirm.empty() ? "expression" : "confirm") + " is not valid PCRE2 at offset " +
                   std::to_string(compiled.error_offset) + ": " + reinterpret_cast<char*>(message));
  }
  value_group = compiled.value_group;
  return compiled.code;
}

// True when the expression has ^ or $ outside a bracket expression.
bool uses_anchor(std::string_view expression) {
  bool in_bracket = false;
  for (std::size_t i = 0; i < expression.size(); ++i) {
    const char c = expression[i];
    if (c == '\\') { ++i; continue; }
    if (in_bracket) {
      if (c == ']') in_bracket = false;
      continue;
    }
    if (c == '[') {
      in_bracket = true;
      if (i + 1 < expression.size() && expression[i + 1] == '^') ++i;
      if (i + 1 < expression.size() && expression[i + 1] == ']') ++i;  // []...] and [^]...]
      continue;
    }
    if (c == '^' || c == '$') return true;
  }
  return false;
}

// Bytes a digit-shaped rule may consume besides digits: the separators people write in
// numbers. Letters and JSON/CSV punctuation (" , :) stay out, so numeric tokens stay short.
// ':' is in: IPv6-free colon-grouped ids (Aadhaar 1234:5678:9012) and times use it.
bool numeric_separator(unsigned char c) {
  return c == ' ' || c == '.' || c == '-' || c == '/' || c == '(' || c == ')' || c == '+' || c == ':';
}

// A rule is digit-shaped when every byte its expression can consume is a digit or a numeric
// separator: every match then lies inside one numeric token. Fills the expression's
// alphabet and its digit-widened form.
bool numeric_shaped(const std::string& expression, bool caseless, ByteClass& alphabet, std::string& widened,
                    bool& widened_more) {
  if (!regex_alphabet(expression, caseless, alphabet)) return false;
  bool has_digit = false;
  for (unsigned b = 0; b < 256; ++b) {
    const auto c = static_cast<unsigned char>(b);
    if (!alphabet.contains(c)) continue;
    if (c >= '0' && c <= '9') {
      has_digit = true;
    } else if (!numeric_separator(c)) {
      return false;
    }
  }
  // Every match holds a digit, so tokens without one can be skipped.
  std::uint32_t digits = 0;
  return has_digit && min_digit_count(expression, digits) && digits >= 1 && widen_digits(expression, widened, &widened_more);
}

// The bytes a match of the rule's expression can start with, as PCRE2's start-up analysis
// finds them; every byte when it finds none.
ByteClass first_bytes(const Rule& rule) {
  ByteClass all;
  all.invert();
  int error_code = 0;
  PCRE2_SIZE error_offset = 0;
  pcre2_code_8* code = pcre2_compile_8(reinterpret_cast<PCRE2_SPTR8>(rule.expression.data()), rule.expression.size(),
                                       rule.caseless ? PCRE2_CASELESS : 0, &error_code, &error_offset, nullptr);
  if (code == nullptr) return all;
  ByteClass out;
  std::uint32_t type = 0;
  pcre2_pattern_info_8(code, PCRE2_INFO_FIRSTCODETYPE, &type);
  const std::uint8_t* bitmap = nullptr;
  pcre2_pattern_info_8(code, PCRE2_INFO_FIRSTBITMAP, &bitmap);
  if (type == 1) {
    std::uint32_t unit = 0;
    pcre2_pattern_info_8(code, PCRE2_INFO_FIRSTCODEUNIT, &unit);
    out.add(static_cast<unsigned char>(unit));
    if (rule.caseless) {
      out.add(static_cast<unsigned char>(std::tolower(static_cast<int>(unit))));
      out.add(static_cast<unsigned char>(std::toupper(static_cast<int>(unit))));
    }
  } else if (bitmap != nullptr) {
    for (unsigned b = 0; b < 256; ++b) {
      if ((bitmap[b / 8] >> (b % 8)) & 1u) out.add(static_cast<unsigned char>(b));
    }
  } else {
    out = all;
  }
  pcre2_code_free_8(code);
  return out;
}

// A literal as a Hyperscan expression: every byte written \xHH, so no byte is an operator.
std::string escaped_literal(const std::string& literal) {
  std::string out;
  out.reserve(literal.size() * 4);
  for (const unsigned char c : literal) append_regex_byte(c, out);
  return out;
}

// Whether the boundary class holds every word byte (NameWordTable::is_word_byte).
bool rejects_every_word_byte(const ByteClass& boundary) {
  for (unsigned b = 0; b < 256; ++b) {
    if (NameWordTable::is_word_byte(static_cast<unsigned char>(b)) && !boundary.contains(static_cast<unsigned char>(b))) return false;
  }
  return true;
}

std::string compile_error_message(hs_compile_error_t* error) {
  std::string message = error != nullptr && error->message != nullptr ? error->message : "unknown error";
  hs_free_compile_error(error);
  return message;
}

}  // namespace

Engine::~Engine() {
  for (auto& rule : rules_) pcre2_code_free_8(rule.confirm);
  hs_free_database(regex_db_);
  hs_free_database(literal_db_);
  for (hs_database_t* db : gated_dbs_) hs_free_database(db);
  hs_free_database(numeric_db_);
}

std::shared_ptr<const Engine> Engine::compile(const RuleSet& rule_set, const EngineOptions& options) {
  if (rule_set.rules.empty()) throw RuleError("no rules to compile");
  std::shared_ptr<Engine> engine(new Engine());
  engine->hmac_ = Hmac(options.hmac_key);
  const auto started = std::chrono::steady_clock::now();

  std::vector<std::string> expressions;
  std::vector<unsigned> expression_flags;
  std::vector<unsigned> expression_ids;
  std::vector<std::string> literals;
  std::vector<unsigned> literal_flags;
  std::vector<unsigned> literal_ids;
  std::size_t dictionary_literals = 0;  // entries left to the literal database
  const NameWordTable::Walk walk = std::min(options.name_walk, NameWordTable::best_walk());
  const bool word_walk =
      options.name_words && (walk != NameWordTable::Walk::bytewise || options.name_walk == NameWordTable::Walk::bytewise);

  engine->rules_.reserve(rule_set.rules.size());
  for (std::uint32_t index = 0; index < rule_set.rules.size(); ++index) {
    const Rule& rule = rule_set.rules[index];
    CompiledRule compiled;
    compiled.rule = rule;
    compiled.lookahead = std::max<std::uint32_t>(rule.lookahead, 1);
    bool has_confirmer = false;
    for (const auto& ref : rule.validators) {
      const ValidatorInfo* info = find_validator(ref.name);
      if (info == nullptr) fail(rule, "unknown validator '" + ref.name + "'");
      compiled.validators.push_back(info);
      compiled.validator_args.push_back(ref.arg);
      compiled.lookahead = std::max(compiled.lookahead, info->lookahead);
      has_confirmer = has_confirmer || info->lookahead > 0;
    }
    compiled.widen_before = has_confirmer ? rule.context_window : 0;
    compiled.before = rule.context_window + 1;

    if (!rule.dictionary.empty()) {
      // An entry that starts and ends with a word byte, of a rule whose boundaries reject
      // every word byte, counts only where it is a whole word (or starts with one, for
      // "Anne-Marie"): the word walk finds exactly those hits (name_words.h). Other entries,
      // and rules with other boundaries, stay in the literal database.
      const bool whole_words_only = word_walk && rejects_every_word_byte(rule.left_boundary) &&
                                    rejects_every_word_byte(rule.right_boundary);
      std::uint32_t longest = 0, shortest = UINT32_MAX;
      for (const auto& literal : rule.dictionary) {
        longest = std::max<std::uint32_t>(longest, static_cast<std::uint32_t>(literal.size()));
        shortest = std::min<std::uint32_t>(shortest, static_cast<std::uint32_t>(literal.size()));
        if (whole_words_only && NameWordTable::can_hold(literal)) {
          engine->name_words_.add(literal, index);
          continue;
        }
        ++dictionary_literals;
        literal_ids.push_back(static_cast<unsigned>(engine->literals_.size()));
        engine->literals_.push_back({index, static_cast<std::uint32_t>(literal.size()), false});
        literals.push_back(literal);
        literal_flags.push_back(0);
      }
      if (longest > 256) fail(rule, "dictionary entries must be at most 256 bytes");
      compiled.width_max = longest;
      compiled.width_min = shortest;
      compiled.fixed_width = true;  // each literal knows its own length
    } else {
      measure_width(rule, compiled);
      const bool capped = rule.max_width.has_value();
      compiled.fixed_width = compiled.width_min == compiled.width_max && rule.confirm.empty() && !capped;
      if (!compiled.fixed_width) {
        const std::string& pattern = rule.confirm.empty() ? rule.expression : rule.confirm;
        compiled.confirm = compile_confirm(rule, pattern, compiled.value_group);
        compiled.alphabet_known = regex_alphabet(pattern, rule.caseless, compiled.alphabet);
        std::uint32_t captures = 0;
        pcre2_pattern_info_8(compiled.confirm, PCRE2_INFO_CAPTURECOUNT, &captures);
        engine->max_groups_ = std::max(engine->max_groups_, captures + 1);
      }
      expressions.push_back(rule.expression);
      expression_flags.push_back(hs_flags_for(rule));
      expression_ids.push_back(index);
    }
    engine->rules_.push_back(std::move(compiled));
  }

  engine->name_words_.build(walk);
  // Context words: one literal each (caseless unless its rule says context_case: exact),
  // shared by every rule that names it the same way. Caseless ones go into the regex
  // stream database (below). Exact-case ones join the dictionary entries left in the
  // literal database; when none is left, they too go into the regex stream database: a
  // literal database of the 38 titles alone cost 0.13-0.17 ms per MB of the bench corpora
  // (its stream scan, whatever it holds), about what the whole word walk costs.
  const bool exact_cues_in_regex_db = dictionary_literals == 0;
  std::vector<bool> context_word_exact;  // parallel to context_words_
  std::vector<unsigned> regex_cue_literal_ids;  // their ids in literals_ (and exact ones moved there)
  auto context_word_index = [&](const std::string& word, bool exact) {
    for (std::size_t w = 0; w < engine->context_words_.size(); ++w) {
      if (engine->context_words_[w] == word && context_word_exact[w] == exact) return w;
    }
    return engine->context_words_.size();
  };
  for (auto& compiled : engine->rules_) {
    for (const auto& word : compiled.rule.context) {
      if (context_word_index(word, compiled.rule.context_exact) == engine->context_words_.size()) {
        if (compiled.rule.context_exact && !exact_cues_in_regex_db) {
          literal_ids.push_back(static_cast<unsigned>(engine->literals_.size()));
          literals.push_back(word);
          literal_flags.push_back(0u);
        } else {
          regex_cue_literal_ids.push_back(static_cast<unsigned>(engine->literals_.size()));
        }
        engine->literals_.push_back({static_cast<std::uint32_t>(engine->context_words_.size()),
                                     static_cast<std::uint32_t>(word.size()), true});
        engine->context_words_.push_back(word);
        context_word_exact.push_back(compiled.rule.context_exact);
      }
    }
  }
  for (auto& compiled : engine->rules_) {
    compiled.context_word_used.assign(engine->context_words_.size(), false);
    for (const auto& word : compiled.rule.context) {
      compiled.context_word_used[context_word_index(word, compiled.rule.context_exact)] = true;
    }
  }

  // Hold-back: no finding whose match has not yet ended can start more than this many bytes
  // before the end of the input seen so far (confirmers may move a start back by widen_before).
  std::uint32_t holdback = 1, lookbehind = 1;
  for (const auto& rule : engine->rules_) {
    holdback = std::max(holdback, rule.width_max + rule.widen_before);
    lookbehind = std::max(lookbehind, rule.before);
  }
  engine->holdback_ = holdback;
  engine->lookbehind_ = lookbehind;

  hs_platform_info_t platform;
  if (hs_populate_platform(&platform) != HS_SUCCESS) throw RuleError("hyperscan: cannot read the CPU's features");

  // Key material: everything that shapes a database (expressions, flags, ids, literals).
  auto key_of = [](const char* kind, const std::vector<std::string>& patterns, const std::vector<unsigned>& flags,
                   const std::vector<unsigned>& ids) {
    std::string key = kind;
    for (std::size_t i = 0; i < patterns.size(); ++i) {
      key += '\n' + std::to_string(ids[i]) + ':' + std::to_string(flags[i]) + ':' + std::to_string(patterns[i].size()) + ':';
      key += patterns[i];
    }
    return key;
  };
  // Context-gated rules (a cue word is required before every finding) need not run on
  // every byte: they go into a block-mode database that the redactor runs only over the
  // short region after a cue word. Rules with anchors stay in the stream database, since a
  // block scan of a region would move where ^ and $ match.
  std::vector<std::size_t> numeric_sources;    // per numeric rule: its index in expressions
  std::vector<ByteClass> numeric_alphabets;    // per numeric rule: its expression's bytes
  std::vector<std::string> stream_expressions, numeric_expressions;
  std::vector<unsigned> stream_flags, stream_ids, numeric_flags, numeric_ids;
  std::map<std::uint32_t, std::size_t> gated_expression_of;  // gated rule -> index in expressions
  std::vector<std::pair<std::uint32_t, std::size_t>> triggered_rules;  // (rule, index in expressions)
  for (std::size_t i = 0; i < expressions.size(); ++i) {
    CompiledRule& compiled = engine->rules_[expression_ids[i]];
    const bool anchored = uses_anchor(expressions[i]);
    compiled.context_gated = !compiled.rule.context.empty() && !anchored;
    std::string widened;
    ByteClass alphabet;
    bool widened_more = false;
    compiled.numeric = !compiled.context_gated && !anchored && options.numeric_tokens && compiled.rule.numeric_tokens &&
                       numeric_shaped(expressions[i], compiled.rule.caseless, alphabet, widened, widened_more);
    // Widened candidates are a superset of the expression's ends: the confirm regex must
    // then be the expression itself and must run on every candidate (a fixed-width rule
    // otherwise trusts Hyperscan's end). A rule with its own `confirm` keeps the stream.
    if (compiled.numeric && widened_more && !compiled.rule.confirm.empty()) compiled.numeric = false;
    if (compiled.numeric && widened_more && compiled.fixed_width) {
      compiled.fixed_width = false;
      compiled.confirm = compile_confirm(compiled.rule, compiled.rule.expression, compiled.value_group);
      compiled.value_group = 0;  // as in the stream: a fixed-width rule's finding is its whole match
      compiled.alphabet_known = regex_alphabet(compiled.rule.expression, compiled.rule.caseless, compiled.alphabet);
      std::uint32_t captures = 0;
      pcre2_pattern_info_8(compiled.confirm, PCRE2_INFO_CAPTURECOUNT, &captures);
      engine->max_groups_ = std::max(engine->max_groups_, captures + 1);
    }
    if (compiled.numeric) {
      // Exact when the widened rule is the rule, the finding is the whole match, and no
      // max_width narrows the match below the expression's own width.
      compiled.numeric_exact_start = !widened_more && compiled.value_group == 0 && compiled.rule.confirm.empty() &&
                                     !compiled.rule.max_width.has_value();
      numeric_expressions.push_back(widened);
      // Start of match where it is the real start (the scan of a shape runs only the first
      // time the shape is seen, so SOM costs little); others need only the end.
      numeric_flags.push_back(expression_flags[i] | (compiled.numeric_exact_start ? HS_FLAG_SOM_LEFTMOST : 0u));
      numeric_ids.push_back(expression_ids[i]);
      numeric_sources.push_back(i);
      numeric_alphabets.push_back(alphabet);
    } else if (!compiled.context_gated && !anchored && options.triggers && !compiled.rule.triggers.empty()) {
      compiled.triggered = true;
      triggered_rules.push_back({expression_ids[i], i});
    } else if (compiled.context_gated) {
      gated_expression_of[expression_ids[i]] = i;
      // Each cue word only needs a region as long as the rules that use it can reach.
      engine->gated_reach_.resize(engine->context_words_.size(), 0);
      for (std::size_t w = 0; w < engine->context_words_.size(); ++w) {
        if (compiled.context_word_used[w]) {
          engine->gated_reach_[w] = std::max(engine->gated_reach_[w], compiled.rule.context_window + compiled.width_max);
        }
      }
    } else {
      stream_expressions.push_back(expressions[i]);
      stream_flags.push_back(expression_flags[i]);
      stream_ids.push_back(expression_ids[i]);
    }
  }
  bool all_from_cache = true;
  auto regex_database = [&](const char* kind, unsigned mode, const std::vector<std::string>& exprs,
                            const std::vector<unsigned>& flags, const std::vector<unsigned>& ids) -> hs_database_t* {
    bool from_cache = false;
    hs_database_t* result = load_or_compile_database(
        options.cache_dir, key_of(kind, exprs, flags, ids),
        [&]() -> hs_database_t* {
          std::vector<const char*> pointers;
          for (const auto& e : exprs) pointers.push_back(e.c_str());
          hs_database_t* db = nullptr;
          hs_compile_error_t* error = nullptr;
          if (hs_compile_multi(pointers.data(), flags.data(), ids.data(), static_cast<unsigned>(pointers.size()), mode,
                               &platform, &db, &error) != HS_SUCCESS) {
            const int which = error != nullptr ? error->expression : -1;
            const std::string message = compile_error_message(error);
            if (which >= 0 && ids[static_cast<std::size_t>(which)] < engine->rules_.size()) {
              fail(engine->rules_[ids[static_cast<std::size_t>(which)]].rule, "expression does not compile: " + message);
            }
            throw RuleError("hyperscan: cannot compile the rule set: " + message);
          }
          return db;
        },
        from_cache);
    all_from_cache = all_from_cache && from_cache;
    return result;
  };
  // The numeric database first: a digit-shaped rule whose widened form Hyperscan cannot
  // compile (with start of match a large bounded repeat can be "too large") goes back to
  // the stream database instead of failing a pack that loads without the numeric path.
  if (!numeric_expressions.empty()) {
    try {
      engine->numeric_db_ = regex_database("block-numeric", HS_MODE_BLOCK, numeric_expressions, numeric_flags, numeric_ids);
    } catch (const RuleError&) {
      std::vector<std::string> kept_expressions;
      std::vector<unsigned> kept_flags, kept_ids;
      std::vector<std::size_t> kept_sources;
      std::vector<ByteClass> kept_alphabets;
      for (std::size_t n = 0; n < numeric_ids.size(); ++n) {
        const char* pattern = numeric_expressions[n].c_str();
        hs_database_t* alone = nullptr;
        hs_compile_error_t* error = nullptr;
        if (hs_compile(pattern, numeric_flags[n], HS_MODE_BLOCK, &platform, &alone, &error) == HS_SUCCESS) {
          hs_free_database(alone);
          kept_expressions.push_back(numeric_expressions[n]);
          kept_flags.push_back(numeric_flags[n]);
          kept_ids.push_back(numeric_ids[n]);
          kept_sources.push_back(numeric_sources[n]);
          kept_alphabets.push_back(numeric_alphabets[n]);
        } else {
          hs_free_compile_error(error);
          CompiledRule& compiled = engine->rules_[numeric_ids[n]];
          compiled.numeric = false;
          compiled.numeric_exact_start = false;
          stream_expressions.push_back(expressions[numeric_sources[n]]);
          stream_flags.push_back(expression_flags[numeric_sources[n]]);
          stream_ids.push_back(numeric_ids[n]);
        }
      }
      numeric_expressions = std::move(kept_expressions);
      numeric_flags = std::move(kept_flags);
      numeric_ids = std::move(kept_ids);
      numeric_sources = std::move(kept_sources);
      numeric_alphabets = std::move(kept_alphabets);
      if (!numeric_expressions.empty()) {
        engine->numeric_db_ = regex_database("block-numeric", HS_MODE_BLOCK, numeric_expressions, numeric_flags, numeric_ids);
      }
    }
  }
  // Triggers pay off only with a fast classifier (AVX-512 VBMI or AVX2, see trigger.h).
  // Without one every rule with triggers runs in the stream database; with one, so does
  // each rule whose triggers would not fit the classifier's tables next to the rules before
  // it (more than 16 classes, or a non-ASCII class), and the others keep theirs.
  if (!triggered_rules.empty()) {
    TriggerScanner probe;
    probe.set_path(options.trigger_path);
    std::vector<std::pair<std::uint32_t, std::size_t>> kept;
    for (const auto& entry : triggered_rules) {
      TriggerScanner trial = probe;
      bool fits = true;
      for (const auto& atoms : engine->rules_[entry.first].rule.triggers) fits = fits && trial.add(0, atoms);
      if (fits && trial.fast_here()) {
        probe = std::move(trial);
        kept.push_back(entry);
      } else {
        engine->rules_[entry.first].triggered = false;
        stream_expressions.push_back(expressions[entry.second]);
        stream_flags.push_back(expression_flags[entry.second]);
        stream_ids.push_back(entry.first);
      }
    }
    triggered_rules = std::move(kept);
  }
  // Stream expressions stay in load order whichever way they came.
  {
    std::vector<std::size_t> order(stream_ids.size());
    for (std::size_t n = 0; n < order.size(); ++n) order[n] = n;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return stream_ids[a] < stream_ids[b]; });
    std::vector<std::string> e;
    std::vector<unsigned> f, d;
    for (std::size_t n : order) {
      e.push_back(stream_expressions[n]);
      f.push_back(stream_flags[n]);
      d.push_back(stream_ids[n]);
    }
    stream_expressions = std::move(e);
    stream_flags = std::move(f);
    stream_ids = std::move(d);
  }
  std::vector<ByteClass> numeric_first_bytes;  // per numeric rule, in numeric_ids order
  for (std::size_t n = 0; n < numeric_ids.size(); ++n) {
    const CompiledRule& compiled = engine->rules_[numeric_ids[n]];
    for (unsigned b = 0; b < 256; ++b) {
      if (numeric_alphabets[n].contains(static_cast<unsigned char>(b))) engine->numeric_bytes_[b] = true;
    }
    engine->numeric_max_width_ = std::max(engine->numeric_max_width_, compiled.width_max);
    numeric_first_bytes.push_back(first_bytes(compiled.rule));
  }
  // Tokens are runs of numeric bytes; with all ten digits among them, a token holds every
  // digit next to its separators (the widened rules match any digit anyway).
  if (!numeric_ids.empty()) {
    for (unsigned char d = '0'; d <= '9'; ++d) engine->numeric_bytes_[d] = true;
  }
  // Which numeric tokens can hold a match: those at least as long as every rule whose match
  // can start with a digit, and shorter ones only when they hold a byte that starts one of
  // the shorter rules ('+' of an international phone number, '(' of an area code).
  engine->numeric_min_width_ = UINT32_MAX;
  for (std::size_t i = 0; i < numeric_ids.size(); ++i) {
    const CompiledRule& compiled = engine->rules_[numeric_ids[i]];
    bool digit_first = false;
    for (unsigned char d = '0'; d <= '9'; ++d) digit_first = digit_first || numeric_first_bytes[i].contains(d);
    if (digit_first) engine->numeric_min_width_ = std::min(engine->numeric_min_width_, compiled.width_min);
  }
  engine->numeric_short_min_width_ = engine->numeric_min_width_;
  for (std::size_t i = 0; i < numeric_ids.size(); ++i) {
    const CompiledRule& compiled = engine->rules_[numeric_ids[i]];
    if (compiled.width_min >= engine->numeric_min_width_) continue;
    engine->numeric_short_min_width_ = std::min(engine->numeric_short_min_width_, compiled.width_min);
    for (unsigned b = 0; b < 256; ++b) {
      if (numeric_first_bytes[i].contains(static_cast<unsigned char>(b))) engine->numeric_starts_short_[b] = true;
    }
  }
  engine->numeric_run_table_ = make_numeric_run_table(engine->numeric_bytes_.data(), engine->numeric_starts_short_.data(),
                                                      options.token_walk);

  // The order of expressions given to Hyperscan's compiler changes how it splits the set
  // into engines, and so the scan speed, though never the matches (ids carry the rule).
  // Measured on the bundled packs (16 MB digit-dense JSON, three runs each): reverse load
  // order scans 113-115 MB per CPU-second against 93-97 in load order; prose +3%. An
  // empirical choice, to revisit when the packs change (bench/ measures both).
  std::reverse(stream_expressions.begin(), stream_expressions.end());
  std::reverse(stream_flags.begin(), stream_flags.end());
  std::reverse(stream_ids.begin(), stream_ids.end());
  engine->gated_reach_.resize(engine->context_words_.size(), 0);
  // Caseless cue words are matched by the regex stream database, under ids from
  // regex_literal_base() on. In the literal database, beside the ~51,000 case-sensitive
  // name literals, these ~140 short caseless words more than doubled the cost of its
  // literal matcher on prose (1.1 ms per MB of the bench's text against 0.45 without them),
  // where the regex database, already a matcher of caseless key words, takes them for
  // ~0.1 more. Measured with whatif_engine (bench/) and the engine benchmarks. Exact-case
  // cue words join them when the literal database would hold nothing else (see above).
  engine->regex_literal_base_ = static_cast<std::uint32_t>(engine->rules_.size());
  for (const unsigned literal_id : regex_cue_literal_ids) {
    const LiteralInfo& cue = engine->literals_[literal_id];
    stream_expressions.push_back(escaped_literal(engine->context_words_[cue.index]));
    stream_flags.push_back(context_word_exact[cue.index] ? 0u : HS_FLAG_CASELESS);
    stream_ids.push_back(engine->regex_literal_base_ + literal_id);
  }
  if (!stream_expressions.empty()) {
    engine->regex_db_ = regex_database("stream-regex", HS_MODE_STREAM, stream_expressions, stream_flags, stream_ids);
  }
  // One gated database per distinct set of rules a cue word serves: the region after a cue
  // is scanned only for the rules that name that cue (the pack has ~140 cue words in ~20
  // such sets of 1-4 rules), not for every gated rule.
  engine->word_gated_group_.assign(engine->context_words_.size(), Engine::kNoGatedGroup);
  std::map<std::vector<std::uint32_t>, std::uint32_t> group_of_rules;
  for (std::uint32_t w = 0; w < engine->context_words_.size(); ++w) {
    std::vector<std::uint32_t> served;
    for (const auto& [rule, expression] : gated_expression_of) {
      if (engine->rules_[rule].context_word_used[w]) served.push_back(rule);
    }
    if (served.empty()) continue;
    auto [it, added] = group_of_rules.emplace(served, static_cast<std::uint32_t>(engine->gated_dbs_.size()));
    if (added) {
      std::vector<std::string> group_expressions;
      std::vector<unsigned> group_flags, group_ids;
      for (std::uint32_t rule : served) {
        group_expressions.push_back(expressions[gated_expression_of[rule]]);
        group_flags.push_back(expression_flags[gated_expression_of[rule]]);
        group_ids.push_back(rule);
      }
      engine->gated_dbs_.push_back(regex_database("block-gated", HS_MODE_BLOCK, group_expressions, group_flags, group_ids));
    }
    engine->word_gated_group_[w] = it->second;
  }
  // Rules with triggers: one block database each, scanned around the triggers' hits. Their
  // groups follow the cue-word groups in gated_dbs_.
  engine->trigger_reach_.assign(engine->gated_dbs_.size(), 0);
  engine->triggers_.set_path(options.trigger_path);
  for (const auto& [rule, expression] : triggered_rules) {
    const auto group = static_cast<std::uint32_t>(engine->gated_dbs_.size());
    engine->gated_dbs_.push_back(regex_database("block-trigger", HS_MODE_BLOCK, {expressions[expression]},
                                                {expression_flags[expression]}, {rule}));
    const CompiledRule& compiled = engine->rules_[rule];
    engine->trigger_reach_.push_back(compiled.width_max);
    for (const auto& atoms : compiled.rule.triggers) {
      // Fits: the probe above added the same triggers in the same order.
      if (!engine->triggers_.add(group, atoms)) throw std::logic_error("trigger tables overflow after the probe");
    }
  }
  // A match containing a trigger not yet seen (it may straddle the end of the input so far)
  // starts at most width + trigger length before that end: hold that much back.
  for (const auto& [rule, expression] : triggered_rules) {
    const CompiledRule& compiled = engine->rules_[rule];
    const auto need = static_cast<std::uint32_t>(compiled.width_max + compiled.widen_before + engine->triggers_.max_length());
    engine->holdback_ = std::max(engine->holdback_, need);
  }
  if (!literals.empty()) {
    bool from_cache = false;
    engine->literal_db_ = load_or_compile_database(
        options.cache_dir, key_of("stream-literal", literals, literal_flags, literal_ids),
        [&]() -> hs_database_t* {
          std::vector<const char*> pointers;
          std::vector<std::size_t> lengths;
          for (const auto& l : literals) {
            pointers.push_back(l.data());
            lengths.push_back(l.size());
          }
          hs_database_t* db = nullptr;
          hs_compile_error_t* error = nullptr;
          if (hs_compile_lit_multi(pointers.data(), literal_flags.data(), literal_ids.data(), lengths.data(),
                                   static_cast<unsigned>(pointers.size()), HS_MODE_STREAM, &platform, &db,
                                   &error) != HS_SUCCESS) {
            throw RuleError("hyperscan: cannot compile the dictionaries: " + compile_error_message(error));
          }
          return db;
        },
        from_cache);
    all_from_cache = all_from_cache && from_cache;
  }
  engine->stats_.from_cache = all_from_cache && !options.cache_dir.empty();

  engine->stats_.compile_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::size_t state = 0, size = 0;
  if (engine->regex_db_ != nullptr && hs_stream_size(engine->regex_db_, &size) == HS_SUCCESS) state += size;
  if (engine->literal_db_ != nullptr && hs_stream_size(engine->literal_db_, &size) == HS_SUCCESS) state += size;
  engine->stats_.stream_state_bytes = state;
  // Once here rather than per confirm: the redactor's start recovery reads the alphabet as
  // a table (CompiledRule::alphabet_words).
  for (CompiledRule& compiled : engine->rules_) {
    for (unsigned b = 0; b < 256; ++b) {
      if (compiled.alphabet.contains(static_cast<unsigned char>(b))) compiled.alphabet_words[b / 64] |= std::uint64_t{1} << (b % 64);
    }
  }
  return engine;
}

Scratch::Scratch(const Engine& engine) {
  if (engine.regex_db() != nullptr && hs_alloc_scratch(engine.regex_db(), &hs_) != HS_SUCCESS) {
    throw std::runtime_error("hyperscan: cannot allocate scratch space");
  }
  for (std::uint32_t g = 0; g < engine.gated_groups(); ++g) {
    if (hs_alloc_scratch(engine.gated_db(g), &hs_) != HS_SUCCESS) {
      hs_free_scratch(hs_);
      throw std::runtime_error("hyperscan: cannot allocate scratch space");
    }
  }
  if (engine.numeric_db() != nullptr && hs_alloc_scratch(engine.numeric_db(), &hs_) != HS_SUCCESS) {
    hs_free_scratch(hs_);
    throw std::runtime_error("hyperscan: cannot allocate scratch space");
  }
  shape_buffer_.reserve(NumericShapeCache::kMaxShapeBytes);
  if (engine.literal_db() != nullptr && hs_alloc_scratch(engine.literal_db(), &hs_) != HS_SUCCESS) {
    hs_free_scratch(hs_);
    throw std::runtime_error("hyperscan: cannot allocate scratch space");
  }
  match_data_ = pcre2_match_data_create_8(engine.max_capture_groups(), nullptr);
  if (match_data_ == nullptr) {
    hs_free_scratch(hs_);
    throw std::runtime_error("pcre2: cannot allocate match data");
  }
}

Scratch::~Scratch() {
  hs_free_scratch(hs_);
  pcre2_match_data_free_8(match_data_);
}

}  // namespace piimatch
