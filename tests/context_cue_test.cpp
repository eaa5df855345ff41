// Cue words count only where a word starts. A bare digit run is a phone number after
// "phone", "cell" or "tel", but not after "cancelled" or "hotel": inside another word a cue
// is that word's substring, and taking it made order statuses turn version strings and ids
// into "phone numbers" in JSON (and cost a gated scan after every "cancelled").
#include <gtest/gtest.h>

#include "tests/support/redact.h"

namespace {

std::string masked(const std::string& input) {
  return piitest::mask_all(*piitest::bundled_engine(), input).output;
}

TEST(ContextCues, CountAtTheStartOfAWordOrKey) {
  EXPECT_EQ(masked(R"({"cell":"41555512"})"), R"({"cell":"********"})");
  EXPECT_EQ(masked("Tel: 41555512"), "Tel: ********");
  EXPECT_EQ(masked(R"({"TEL":"41555512"})"), R"({"TEL":"********"})");
  EXPECT_EQ(masked(R"({"cell_phone":"41555512"})"), R"({"cell_phone":"********"})");
}

TEST(ContextCues, CountAsTheCapitalizedPartOfACamelCaseKey) {
  EXPECT_EQ(masked(R"({"homePhone":"41555512"})"), R"({"homePhone":"********"})");
  EXPECT_EQ(masked(R"({"customerSsn":"078051121"})"), R"({"customerSsn":"*********"})");
}

TEST(ContextCues, InsideAnotherWordAreNotCues) {
  const std::string cancelled = R"({"status":"cancelled","ref":"41555512"})";
  EXPECT_EQ(masked(cancelled), cancelled);
  const std::string hotel = R"({"hotel":"41555512"})";
  EXPECT_EQ(masked(hotel), hotel);
  const std::string classname = R"({"classname":"078051121"})";
  EXPECT_EQ(masked(classname), classname);
  const std::string shouted = R"({"STATUS":"CANCELLED","REF":"41555512"})";
  EXPECT_EQ(masked(shouted), shouted);
}

// context_case: exact makes a rule's cue words match as written, so a title "Dr" can be a
// cue without every "dr..." word ("drive", "DR-" codes in lower case) opening a scan; two
// rules naming the same word in different ways keep their own literals.
TEST(ContextCues, ExactCaseCuesMatchOnlyAsWritten) {
  const auto engine = piitest::compile_yaml(R"(rules:
  - id: after-title
    category: person
    expression: 'Dr [A-Z][a-z]+'
    confirm: 'Dr (?<value>[A-Z][a-z]+)'
    max_width: 40
    context: [Dr]
    context_case: exact
  - id: any-case
    category: credential
    expression: 'k[0-9]{4}'
    context: [dr]
)");
  const auto masked_by = [&](const std::string& text) { return piitest::mask_all(*engine, text).output; };
  EXPECT_EQ(masked_by("met Dr Quoll"), "met Dr *****");
  EXPECT_EQ(masked_by("met dr Quoll"), "met dr Quoll");          // the exact cue needs 'Dr'
  EXPECT_EQ(masked_by("dr k1234 and DR k5678"), "dr ***** and DR *****");  // the other rule's cue is caseless
  // Bad values name the rule.
  for (const auto& [yaml, message] : std::vector<std::pair<std::string, std::string>>{
           {"rules:\n  - id: r1\n    category: person\n    expression: 'a'\n    context: [x]\n    context_case: upper\n",
            "'context_case' must be any or exact"},
           {"rules:\n  - id: r1\n    category: person\n    expression: 'a'\n    context_case: exact\n",
            "'context_case' needs 'context'"}}) {
    try {
      piimatch::RuleSet::parse(yaml, "t.yaml");
      ADD_FAILURE() << "accepted: " << yaml;
    } catch (const piimatch::RuleError& e) {
      EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("r1"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
