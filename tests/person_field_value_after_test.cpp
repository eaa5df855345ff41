// person-field-value stops at the value's first unit and lets person_field_value_after read
// the value. It must find what the rule found with the value in the Hyperscan expression
// (kept below as the reference), for keys, separators, quotes, escapes and terminators of
// JSON, forms, headers, XML and logs, whatever the writes.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "tests/support/redact.h"
#include "tests/support/reference_rules.h"

namespace {

// The rule as it was before 2026-11-24, the value in the expression.
const char* const kValueInExpression = R"yaml(rules:
  - id: person-field-value
    category: person
    expression: "(?:name|holder|customer|contact|requester|requestor|reporter|assignee|patient|recipient|sender|author|attn|attendees?|participants?|guest|passenger|employee|applicant|buyer|signed|apellidos?|prenom|pr\\xc3\\xa9nom|cognome|nome|nombre|vorname|nachname|voornaam|achternaam|sobrenome|forenames?|fname|lname)(?:\\\\?[\"'])?[ \\t]{0,3}[:=>][ \\t]{0,3}(?:\\\\?[\"'])?(?:[A-Za-z'., +\\-\\x80-\\xff]|%[0-9A-Fa-f]{2}|\\\\u[0-9A-Fa-f]{4}){1,64}"
    confirm: "(?:name|holder|customer|contact|requester|requestor|reporter|assignee|patient|recipient|sender|author|attn|attendees?|participants?|guest|passenger|employee|applicant|buyer|signed|apellidos?|prenom|pr\\xc3\\xa9nom|cognome|nome|nombre|vorname|nachname|voornaam|achternaam|sobrenome|forenames?|fname|lname)(?:\\\\?[\"'])?[ \\t]{0,3}[:=>][ \\t]{0,3}(?:\\\\?[\"'])?(?<value>(?:[A-Za-z'., +\\-\\x80-\\xff]|%[0-9A-Fa-f]{2}|\\\\u[0-9A-Fa-f]{4}){1,64})"
    flags: [caseless]
    max_width: 160
    left_boundary: none
    # The value must end at a terminator; the confirmer re-checks the subtle cases.
    right_boundary: '[^\s"''&,;<)}\]|/!?.\\]'
    context_window: 48
    lookahead: 48
    validator: person_field_value
)yaml";

std::string corpus(unsigned seed) {
  std::mt19937 rng(seed);
  const std::vector<std::string> key = {"name", "first_name", "lastName", "customer_name", "Full Name", "contact",
                                        "cardholder", "sender", "author", "nombre", "Vorname", "X-Customer-Name",
                                        "fname", "file_name", "username", "attendees", "pr\xc3\xa9nom"};
  const std::vector<std::string> sep = {"\":\"", "\": \"", "=", ": ", ">", "\\\":\\\"", "':'", ":  '", " = ", ":\t",
                                        "\":    \""};
  const std::vector<std::string> value = {"Ada", "Ada Quoll", "ada quoll", "O'Brien", "Smith-Jones", "J. R. Tolkien",
                                          "%C3%89lodie+Dupont", "\\u00c9lodie", "Ada%20Quoll", "support desk", "Widget",
                                          "Run Tests", "null", "Ada3", "Quoll, Ada", "Ada & Bob", "Ada  Quoll", "Ada.",
                                          "Ada+", "'Ada'", " Ada", "\xc3\x89lodie Dupont",
                                          "Aaaaaaaaaa Bbbbbbbbbb Cccccccccc Dddddddddd Eeeeeeeeee Ffffffffff Gggggggggg",
                                          "Ada Quoll Byron Lee", "Mr Ada", "the team lead",
                                          // 63 and 66 bytes: around the 64-unit cap
                                          "Aaaaaaaaaa Bbbbbbbbbb Cccccccccc Dddddddddd Eeeeeeeeee Ffffffff",
                                          "Aaaaaaaaaa Bbbbbbbbbb Cccccccccc Dddddddddd Eeeeeeeeee Ffffffffff G"};
  const std::vector<std::string> end = {"\"", "&", ",", "\n", "</name>", "'", "}", " ", ";", "|", "\\\"", ".", "!", "?",
                                        ")", "x", "3", "="};
  std::string out;
  while (out.size() < 200'000) {
    out += rng() % 2 ? "{\"" : "&";
    out += key[rng() % key.size()];
    out += sep[rng() % sep.size()];
    out += value[rng() % value.size()];
    out += end[rng() % end.size()];
    out += rng() % 3 ? " id=7 " : "\n";
  }
  return out;
}

TEST(PersonFieldValueAfter, FindsWhatTheValueInTheExpressionFound) {
  const auto bundled = piitest::bundled_engine();
  piitest::expect_same_as_reference(*piitest::compile_yaml(kValueInExpression), *bundled, piitest::only_rules(*bundled, {"person-field-value"}),
                                    corpus, 1000);
}

}  // namespace
