// person-after-title and person-after-cue stop at the first letter of the name and let the
// person_name_after validator read the name's words. They must find exactly what the rules
// found when the words were part of the Hyperscan expression (kept below as the reference),
// whatever the writes. One difference is deliberate and not in this corpus: the old confirm
// took the leftmost start for an end, so in "Mr. Clean and Dr Pepper" the end after
// "Pepper" belonged to "Mr." (value "Clean and Dr Pepper", rejected) and "Dr Pepper" was
// never tried; now each title's name is read on its own.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "tests/support/redact.h"
#include "tests/support/reference_rules.h"

namespace {

// The two rules as they were before 2026-11-23, the name's words in the expression.
const char* const kNameInExpression = R"yaml(rules:
  - id: person-after-title
    category: person
    expression: "(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Herr|Frau|Mme|Mlle|Madame|Monsieur|Sir|Dame|Lady|Lord|Rev|Capt|Sgt|Sra|Srta|Sr|Signor|Signora|Sig|Dott|Mevrouw|Meneer|Dhr|Mevr|MR|MRS|MS|MISS|DR|PROF)\\.?[ ]{1,2}(?:[A-Z]|[\\xc3-\\xc9][\\x80-\\xbf]|\\xe1[\\xb8-\\xbb][\\x80-\\xbf])(?:[A-Za-z'\\-]|[\\xc3-\\xdf][\\x80-\\xbf]|\\xe1[\\xb8-\\xbb][\\x80-\\xbf]){1,30}(?:[ ](?:[A-Za-z'.\\-]|[\\xc3-\\xdf][\\x80-\\xbf]|\\xe1[\\xb8-\\xbb][\\x80-\\xbf]){1,30}){0,3}"
    confirm: "(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Herr|Frau|Mme|Mlle|Madame|Monsieur|Sir|Dame|Lady|Lord|Rev|Capt|Sgt|Sra|Srta|Sr|Signor|Signora|Sig|Dott|Mevrouw|Meneer|Dhr|Mevr|MR|MRS|MS|MISS|DR|PROF)\\.?[ ]{1,2}(?<value>(?:[A-Z]|[\\xc3-\\xc9][\\x80-\\xbf]|\\xe1[\\xb8-\\xbb][\\x80-\\xbf])(?:[A-Za-z'\\-]|[\\xc3-\\xdf][\\x80-\\xbf]|\\xe1[\\xb8-\\xbb][\\x80-\\xbf]){1,30}(?:[ ](?:[A-Za-z'.\\-]|[\\xc3-\\xdf][\\x80-\\xbf]|\\xe1[\\xb8-\\xbb][\\x80-\\xbf]){1,30}){0,3})"
    max_width: 160
    context_window: 48
    lookahead: 48
    validator: person_field_value
  - id: person-after-cue
    category: person
    expression: "(?:[Dd]ear|[Hh]i|[Hh]ello|[Hh]ey|[Nn]ame is|I am|I'm|I\\xe2\\x80\\x99m|[Rr]egards,?|[Ss]incerely,?|[Cc]heers,?|[Tt]hanks,?|[Ss]igned(?: by)?|[Cc]ontact|[Rr]eported by|[Ss]ubmitted by|[Cc]reated by|[Ww]ritten by|[Aa]pproved by|[Rr]equested by|[Aa]ssigned to|[Ss]poke (?:to|with)|[Nn]amed|--):?(?:[ ]{1,2}|[,!.]?[ \\t]*\\r?\\n(?:[ \\t]*\\r?\\n)?[ \\t]*)(?:[A-Z]|[\\xc3-\\xc9][\\x80-\\xbf]|\\xe1[\\xb8-\\xbb][\\x80-\\xbf])(?:[A-Za-z'\\-]|[\\xc3-\\xdf][\\x80-\\xbf]|\\xe1[\\xb8-\\xbb][\\x80-\\xbf]){1,30}(?:[ ](?:[A-Za-z'.\\-]|[\\xc3-\\xdf][\\x80-\\xbf]|\\xe1[\\xb8-\\xbb][\\x80-\\xbf]){1,30}){0,3}"
    confirm: "(?:[Dd]ear|[Hh]i|[Hh]ello|[Hh]ey|[Nn]ame is|I am|I'm|I\\xe2\\x80\\x99m|[Rr]egards,?|[Ss]incerely,?|[Cc]heers,?|[Tt]hanks,?|[Ss]igned(?: by)?|[Cc]ontact|[Rr]eported by|[Ss]ubmitted by|[Cc]reated by|[Ww]ritten by|[Aa]pproved by|[Rr]equested by|[Aa]ssigned to|[Ss]poke (?:to|with)|[Nn]amed|--):?(?:[ ]{1,2}|[,!.]?[ \\t]*\\r?\\n(?:[ \\t]*\\r?\\n)?[ \\t]*)(?<value>(?:[A-Z]|[\\xc3-\\xc9][\\x80-\\xbf]|\\xe1[\\xb8-\\xbb][\\x80-\\xbf])(?:[A-Za-z'\\-]|[\\xc3-\\xdf][\\x80-\\xbf]|\\xe1[\\xb8-\\xbb][\\x80-\\xbf]){1,30}(?:[ ](?:[A-Za-z'.\\-]|[\\xc3-\\xdf][\\x80-\\xbf]|\\xe1[\\xb8-\\xbb][\\x80-\\xbf]){1,30}){0,3})"
    max_width: 200
    context_window: 48
    lookahead: 48
    validator: person_field_value
)yaml";

// Titles and cues followed by names and name-like text of every shape the grammar has edges
// for: one to five words, initials, ' and -, UTF-8 letters (two and three bytes), a word of
// 30 and of 31 letters after the first, digits or '_' or a letter byte right after, lower-case
// words, common words, JSON and line breaks around.
std::string corpus(unsigned seed) {
  std::mt19937 rng(seed);
  const std::vector<std::string> lead = {"Mr ", "Dr. ", "Mrs  ", "Frau ", "MRS ", "Prof ", "Sir ", "Dear ", "Hi ",
                                         "my name is ", "Regards,\n", "Thanks,\n\n  ", "reported by ", "I\xe2\x80\x99m ",
                                         "Contact: ", "-- ", "Signed by "};
  const std::vector<std::string> name = {"Ada", "Ada Quoll", "Ada Lovelace Quoll", "J. R. R. Tolkien", "Ada Quoll Byron Lee Smith",
                                         "O'Brien", "Smith-Jones", "\xc3\x96zdemir", "Nguy\xe1\xbb\x85n Van", "Ada quoll",
                                         "ADA QUOLL", "Quoll3", "Ada_x", "Ada Quoll\xc3\xa9", "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                                         "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "Ada Bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
                                         "Sir", "May", "Monday", "Ada, Bob", "Ada went home", "A", "Ada Quoll."};
  const std::vector<std::string> tail = {".", " ", "\n", "!", ", who", " said", "\",\"id\":7}", "'", "-x", "", " and Bob"};
  std::string out;
  while (out.size() < 200'000) {
    if (rng() % 3 == 0) out += "{\"note\":\"";
    out += lead[rng() % lead.size()];
    out += name[rng() % name.size()];
    out += tail[rng() % tail.size()];
    out += rng() % 2 ? " lorem ipsum dolor " : "\n";
  }
  return out;
}

TEST(PersonNameAfter, FindsWhatTheNameInTheExpressionFound) {
  const auto bundled = piitest::bundled_engine();
  piitest::expect_same_as_reference(*piitest::compile_yaml(kNameInExpression), *bundled, piitest::only_rules(*bundled, {"person-after-title", "person-after-cue"}),
                                    corpus, 1000);
}

TEST(PersonNameAfter, TheNameIsMaskedWholeAndOnlyTheName) {
  const auto bundled = piitest::bundled_engine();
  const auto options = piitest::only_rules(*bundled, {"person-after-title", "person-after-cue"});
  auto masked = [&](const std::string& text) { return piitest::redact(*bundled, text, options).output; };
  EXPECT_EQ(masked("Met Dr. Ada Lovelace today."), "Met Dr. ************ today.");
  EXPECT_EQ(masked("Regards,\nAda Quoll\n"), "Regards,\n*********\n");
  EXPECT_EQ(masked("Dear Ada, thanks"), "Dear ***, thanks");
  EXPECT_EQ(masked("Mr Quoll3 is an id"), "Mr Quoll3 is an id");  // no word end after the name
  EXPECT_EQ(masked("Dear Sir or Madam"), "Dear Sir or Madam");
}

}  // namespace
