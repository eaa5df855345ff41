// Person-name confirmers (matchers/validators/person_name.cpp), called the way the engine
// calls them: a Candidate over the retained bytes, the dictionary hit (or field value) as
// [start, end). The names here are made up for the tests.
#include <gtest/gtest.h>

#include <fstream>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "matchers/validators/validators.h"
#include "support/redact.h"

namespace piimatch {
namespace {

// Runs `fn` on the `occurrence`-th appearance of `hit` in `text` (the whole text is the
// stream). Returns the accepted span, or nullopt when rejected.
std::optional<std::string> run(bool (*fn)(Candidate&, std::optional<double>) noexcept, std::string_view text,
                               std::string_view hit, int occurrence = 0) {
  std::size_t pos = text.find(hit);
  for (int i = 0; i < occurrence && pos != std::string_view::npos; ++i) pos = text.find(hit, pos + 1);
  EXPECT_NE(pos, std::string_view::npos) << hit;
  if (pos == std::string_view::npos) return std::nullopt;
  Candidate c{text, pos, pos + hit.size(), true, true};
  if (!fn(c, std::nullopt)) return std::nullopt;
  return std::string(c.value());
}

std::optional<std::string> name(std::string_view text, std::string_view hit, int occurrence = 0) {
  return run(validators::person_name, text, hit, occurrence);
}

std::optional<std::string> field(std::string_view text, std::string_view value) {
  return run(validators::person_field_value, text, value);
}

TEST(PersonName, TitleBeforeTheNameConfirmsIt) {
  EXPECT_EQ(name("Please ask Mr Thorsby to call back.", "Thorsby"), "Thorsby");
  EXPECT_EQ(name("Appointment with Dr. Quillan at 10", "Quillan"), "Quillan");
  EXPECT_EQ(name("Sehr geehrte Frau Albrechtsen,", "Albrechtsen"), "Albrechtsen");
  EXPECT_EQ(name("MRS ODUYA signed", "ODUYA"), "ODUYA");
  // A title is never part of the name, even when a list also has it as a surname.
  EXPECT_EQ(name("Sehr geehrte Frau Albrechtsen,", "Frau"), std::nullopt);
  // A title also brings the rest of the name along.
  EXPECT_EQ(name("Prof Ingrid Halvorsen spoke", "Ingrid"), "Ingrid Halvorsen");
}

TEST(PersonName, CuePhrasesConfirmIt) {
  EXPECT_EQ(name("Hello, my name is Ingrid and I need help", "Ingrid"), "Ingrid");
  EXPECT_EQ(name("Dear Tobiah,\nthanks for", "Tobiah"), "Tobiah");
  EXPECT_EQ(name("Kind regards,\nTobiah Marchetti\n", "Tobiah"), "Tobiah Marchetti");
  EXPECT_EQ(name("Thanks!\r\n\r\nTobiah", "Tobiah"), "Tobiah");
  EXPECT_EQ(name("I'm Tobiah, the new admin", "Tobiah"), "Tobiah");
  EXPECT_EQ(name("I\u2019m Tobiah, the new admin", "Tobiah"), "Tobiah");
  EXPECT_EQ(name("Ticket reported by Tobiah yesterday", "Tobiah"), "Tobiah");
  EXPECT_EQ(name("hi Tobiah, see you", "Tobiah"), "Tobiah");
  EXPECT_EQ(name("ok\n-- \nTobiah Marchetti\nEngineer", "Tobiah"), "Tobiah Marchetti");
}

TEST(PersonName, FieldKeysConfirmIt) {
  EXPECT_EQ(name(R"({"first_name": "Ingrid", "age": 4})", "Ingrid"), "Ingrid");
  EXPECT_EQ(name(R"({"lastName":"Halvorsen"})", "Halvorsen"), "Halvorsen");
  EXPECT_EQ(name("customer-name=Ingrid&x=1", "Ingrid"), "Ingrid");
  EXPECT_EQ(name("X-Contact-Name: Ingrid Halvorsen\r\n", "Ingrid"), "Ingrid Halvorsen");
  EXPECT_EQ(name("<firstName>Ingrid</firstName>", "Ingrid"), "Ingrid");
  EXPECT_EQ(name("name: Ingrid\n", "Ingrid"), "Ingrid");
  EXPECT_EQ(name(R"("{\"first_name\":\"Ingrid\"}")", "Ingrid"), "Ingrid");
  // Keys that name other things stop it even though the value is a known name.
  EXPECT_EQ(name(R"({"file_name": "Ingrid Halvorsen"})", "Ingrid"), std::nullopt);
  EXPECT_EQ(name("hostname=Ingrid", "Ingrid"), std::nullopt);
  EXPECT_EQ(name(R"({"name": "Ingrid Street Bakery"})", "Ingrid"), std::nullopt);
  EXPECT_EQ(name(R"({"product_name": "Ingrid Halvorsen"})", "Halvorsen"), std::nullopt);
}

TEST(PersonName, AdjacentNamePartsConfirmAndExtend) {
  EXPECT_EQ(name("yesterday Ingrid Halvorsen wrote", "Ingrid"), "Ingrid Halvorsen");
  // The surname hit reaches back to the first name: both hits give one span.
  EXPECT_EQ(name("yesterday Ingrid Halvorsen wrote", "Halvorsen"), "Ingrid Halvorsen");
  EXPECT_EQ(name("a speech by John F. Kennedy in 1961", "John"), "John F. Kennedy");
  EXPECT_EQ(name("a speech by John F. Kennedy in 1961", "Kennedy"), "John F. Kennedy");
  EXPECT_EQ(name("signed J. Halvorsen", "Halvorsen"), "J. Halvorsen");
  EXPECT_EQ(name("the music of Ludwig van Beethoven is", "Ludwig"), "Ludwig van Beethoven");
  EXPECT_EQ(name("met Mary Ann Quillan there", "Mary"), "Mary Ann Quillan");
  EXPECT_EQ(name("met Jean-Pierre Dufour there", "Pierre"), "Jean-Pierre Dufour");
  EXPECT_EQ(name("met Siobhan O'Brien there", "Brien"), "Siobhan O'Brien");
  EXPECT_EQ(name("NAME INGRID HALVORSEN", "INGRID"), "INGRID HALVORSEN");
}

TEST(PersonName, ASpeechVerbAfterAKnownNameConfirmsIt) {
  EXPECT_EQ(name("ok so Ingrid said the deploy is blocked", "Ingrid"), "Ingrid");
  EXPECT_EQ(name("Halvorsen wrote back", "Halvorsen"), "Halvorsen");
  // Not for names that are words: "Will said" is a word and a verb too often.
  EXPECT_EQ(name("the Will said nothing of it", "Will"), std::nullopt);
}

TEST(PersonName, ANameAloneIsNotEnough) {
  EXPECT_EQ(name("we met Ingrid today", "Ingrid"), std::nullopt);
  EXPECT_EQ(name("Ingrid, no.", "Ingrid"), std::nullopt);
  // Capitalized neighbours that are not names: function words, days, places.
  EXPECT_EQ(name("The Halvorsen report", "Halvorsen"), std::nullopt);
  EXPECT_EQ(name("see Ingrid Monday", "Ingrid"), std::nullopt);
  EXPECT_EQ(name("at Quillan Street", "Quillan"), std::nullopt);
  EXPECT_EQ(name("the Quillan University campus", "Quillan"), std::nullopt);
  // Two-letter UPPER words are acronyms, not first names.
  EXPECT_EQ(name("the UK NINO format", "NINO"), std::nullopt);
  // Mixed case styles do not form a name.
  EXPECT_EQ(name("INGRID Halvorsen", "INGRID"), std::nullopt);
  // A lower-case title is a word.
  EXPECT_EQ(name("the sir Ingrid", "Ingrid"), std::nullopt);
}

TEST(PersonName, CommonWordNamesNeedAStrongCue) {
  EXPECT_EQ(name("May I ask a question?", "May"), std::nullopt);
  EXPECT_EQ(name("Will Power is a book", "Will"), std::nullopt);
  EXPECT_EQ(name("Grant Park opens at", "Grant"), std::nullopt);
  EXPECT_EQ(name("Brown Sugar Cookies", "Brown"), std::nullopt);
  EXPECT_EQ(name("Paris Saint Germain", "Paris"), std::nullopt);
  EXPECT_EQ(name("Dear Will,\nI", "Will"), "Will");
  EXPECT_EQ(name("Mrs May Halvorsen", "May"), "May Halvorsen");
  EXPECT_EQ(name(R"({"last_name": "Brown"})", "Brown"), "Brown");
  // A known surname confirms it from its own hit.
  EXPECT_EQ(name("Grant Thorsby called", "Thorsby"), "Grant Thorsby");
}

TEST(PersonName, NonAsciiNames) {
  EXPECT_EQ(name("Dear Zoë Ødegaard, hello", "Zoë"), "Zoë Ødegaard");
  EXPECT_EQ(name("met José Núñez there", "José"), "José Núñez");
  EXPECT_EQ(name("met Łukasz Żmuda there", "Żmuda"), "Łukasz Żmuda");
  // A name hit at the start of a longer non-ASCII word is not a name part.
  EXPECT_EQ(name("met José Ñandú", "José"), "José Ñandú");
  EXPECT_EQ(name("met José ñandú there", "José"), std::nullopt);
}

// The answer depends only on the bytes within the confirmer's window (48 before, 48
// after), so however a stream is cut the engine sees the same result.
TEST(PersonName, ResultDoesNotDependOnRetainedBytesOutsideTheWindow) {
  const std::string text =
      "Lorem ipsum dolor sit amet, consectetur adipiscing elit. Regards,\nIngrid Halvorsen-Quillan "
      "Thorsby Marchetti Oduya Albrechtsen, and then some more text that goes on and on.";
  const std::size_t pos = text.find("Ingrid");
  std::optional<std::pair<std::size_t, std::size_t>> reference;
  bool first = true;
  for (std::size_t before = 48; before <= pos; ++before) {
    for (std::size_t after = 48; pos + 6 + after <= text.size(); after += 7) {
      const std::size_t base = pos - before;
      Candidate c{std::string_view(text).substr(base, before + 6 + after), before, before + 6, base == 0,
                  pos + 6 + after == text.size()};
      std::optional<std::pair<std::size_t, std::size_t>> got;
      if (validators::person_name(c, std::nullopt)) got = std::make_pair(base + c.start, base + c.end);
      if (first) {
        reference = got;
        first = false;
      }
      ASSERT_EQ(got, reference) << "before=" << before << " after=" << after;
    }
  }
  ASSERT_TRUE(reference.has_value());
  EXPECT_EQ(text.substr(reference->first, reference->second - reference->first), "Ingrid Halvorsen-Quillan Thorsby Marchetti");
}

TEST(PersonFieldValue, ValuesUnderPersonKeysAreNames) {
  EXPECT_EQ(field(R"({"last_name": "Okonkwo-Bright", "id": 7})", "Okonkwo-Bright"), "Okonkwo-Bright");
  EXPECT_EQ(field(R"({"fullName":"Xaviera de la Fuente"})", "Xaviera de la Fuente"), "Xaviera de la Fuente");
  // Strong keys take lower-case values too.
  EXPECT_EQ(field("first_name=xaviera&last_name=q", "xaviera"), "xaviera");
  EXPECT_EQ(field("card_holder: XAVIERA QUOLL\n", "XAVIERA QUOLL"), "XAVIERA QUOLL");
  EXPECT_EQ(field("billing_first_name=Xaviera&", "Xaviera"), "Xaviera");
  EXPECT_EQ(field("Nachname: Quoll\n", "Quoll"), "Quoll");
  // JSON carried inside a JSON string (logs): escaped quotes.
  EXPECT_EQ(field(R"("{\"last_name\": \"Quoll\", \"id\": 1}")", "Quoll"), "Quoll");
  // In key=value logs the value stops before the next key.
  EXPECT_EQ(field("customer_name=Ada Quoll ip=10.0.0.1", "Ada Quoll ip"), std::nullopt);
  EXPECT_EQ(field("customer_name=Ada Quoll ip=10.0.0.1", "Ada Quoll"), "Ada Quoll");
}

TEST(PersonFieldValue, EncodedValuesAreDecodedBeforeTheShapeCheck) {
  EXPECT_EQ(field("customer_name=Jos%C3%A9+Garc%C3%ADa&step=2", "Jos%C3%A9+Garc%C3%ADa"), "Jos%C3%A9+Garc%C3%ADa");
  EXPECT_EQ(field(R"({"fullName": "Jos\u00e9 Garc\u00eda"})", R"(Jos\u00e9 Garc\u00eda)"), R"(Jos\u00e9 Garc\u00eda)");
  EXPECT_EQ(field("contact_name=Ada%20Quoll", "Ada%20Quoll"), "Ada%20Quoll");
  // An encoded digit or '@' is still not a name.
  EXPECT_EQ(field("full_name=ada%40example.com", "ada%40example.com"), std::nullopt);
}

TEST(PersonFieldValue, ABareNameKeyNeedsSeveralCapitalizedWords) {
  EXPECT_EQ(field(R"({"name": "Xaviera Quoll"})", "Xaviera Quoll"), "Xaviera Quoll");
  EXPECT_EQ(field("name=Xaviera+Quoll&", "Xaviera+Quoll"), "Xaviera+Quoll");
  EXPECT_EQ(field("From: Xaviera Quoll <x@example.com>", "Xaviera Quoll"), "Xaviera Quoll");
  EXPECT_EQ(field("Reported by: Xaviera Quoll\n", "Xaviera Quoll"), "Xaviera Quoll");
  EXPECT_EQ(field("Patient: Ștefan Ţurcanu, admitted", "Ștefan Ţurcanu"), "Ștefan Ţurcanu");
  EXPECT_EQ(field("Sort by: Last Modified\n", "Last Modified"), std::nullopt);
  EXPECT_EQ(field("Name: Quoll, Xaviera\n", "Quoll, Xaviera"), "Quoll, Xaviera");
  EXPECT_EQ(field("Name: Quoll, Xaviera\n", "Quoll"), std::nullopt);
  EXPECT_EQ(field(R"({"name": "widget"})", "widget"), std::nullopt);
  EXPECT_EQ(field(R"({"name": "Widget"})", "Widget"), std::nullopt);
  EXPECT_EQ(field("  - name: Run Tests\n", "Run Tests"), std::nullopt);
  EXPECT_EQ(field("  - name: Set up Python\n", "Set up Python"), std::nullopt);
}

TEST(PersonFieldValue, ValuesThatAreNotNamesAreRejected) {
  EXPECT_EQ(field(R"({"product_name": "Xaviera Quoll"})", "Xaviera Quoll"), std::nullopt);
  EXPECT_EQ(field(R"({"filename": "Report Final"})", "Report Final"), std::nullopt);
  EXPECT_EQ(field(R"({"first_name": "null"})", "null"), std::nullopt);
  EXPECT_EQ(field(R"({"last_name": "Quoll99"})", "Quoll99"), std::nullopt);
  EXPECT_EQ(field(R"({"full_name": "x@example.com"})", "x@example.com"), std::nullopt);
  EXPECT_EQ(field("full_name=A+B+C+D+E+F+G&", "A+B+C+D+E+F+G"), std::nullopt);
  EXPECT_EQ(field("the surname: the key rules it out", "the key rules"), std::nullopt);
  EXPECT_EQ(field(R"({"last_name": "Hall"})", "Hall"), "Hall");
  // Code: assignments and attribute access under a person-ish variable name.
  EXPECT_EQ(field("    fullname = entry\n", "entry"), std::nullopt);
  EXPECT_EQ(field("fullname=parent.name + x", "parent"), std::nullopt);
  // Only the whole value: a prefix that stops inside a word does not count.
  EXPECT_EQ(field(R"({"last_name": "Okonkwo"})", "Okon"), std::nullopt);
  EXPECT_EQ(field(R"({"last_name": "Okonkwo"} no key)", "no key"), std::nullopt);
}

TEST(PersonFieldValue, TitlesAndCuesTakeCapitalizedWords) {
  EXPECT_EQ(field("Please call Mrs Okafor today", "Okafor"), "Okafor");
  EXPECT_EQ(field("my name is Xaviera Quoll.", "Xaviera Quoll"), "Xaviera Quoll");
  EXPECT_EQ(field("Dear Customer,", "Customer"), std::nullopt);
  EXPECT_EQ(field("Hello World!", "World"), std::nullopt);
  EXPECT_EQ(field("I am Canadian.", "Canadian"), std::nullopt);
  EXPECT_EQ(field("Dear xaviera,", "xaviera"), std::nullopt);
  // A prefix of a longer capitalized run is not judged alone ("Acme" of "Acme Corp").
  EXPECT_EQ(field("signed by Quollsoft Corporation today", "Quollsoft"), std::nullopt);
  EXPECT_EQ(field("Dear Xaviera Quoll,", "Xaviera"), std::nullopt);
}

// Through the real engine and the bundled person pack: what a user of the proxy sees.
class PersonPack : public ::testing::Test {
 protected:
  static std::shared_ptr<const Engine> engine() {
    static const auto compiled = [] {
      EngineOptions options;
      options.hmac_key = "test-key-0123456789";
      options.cache_dir = PIIPROXY_TEST_CACHE_DIR;
      return Engine::compile(RuleSet::load(std::string(PIIPROXY_SOURCE_DIR) + "/conf/rules/person.yaml"), options);
    }();
    return compiled;
  }
  static std::string masked(const std::string& text) { return piitest::mask_all(*engine(), text).output; }
};

const std::string kLetter =
    "Dear Mrs Halvorsen,\n\nyour refund was approved. May I add that Will Power is a fine book?\n"
    "{\"first_name\": \"Xaviera\", \"last_name\": \"Quoll\", \"name\": \"Widget\", \"file_name\": \"Ingrid.txt\"}\n"
    "customer_name=Jos%C3%A9+Garc%C3%ADa&step=2\n"
    "The United Nations met in New York on Monday. Ingrid Halvorsen and Zoë Ødegaard attended.\n"
    "Kind regards,\nTobiah Marchetti\n";

TEST_F(PersonPack, MasksNamesAndLeavesWordsAndKeys) {
  const std::string out = masked(kLetter);
  for (const char* name : {"Halvorsen", "Xaviera", "Quoll", "Jos%C3%A9", "Garc%C3%ADa", "Ingrid Halvorsen",
                           "Zoë Ødegaard", "Tobiah Marchetti"}) {
    EXPECT_EQ(out.find(name), std::string::npos) << name << " should be masked";
  }
  for (const char* kept : {"Dear Mrs ", "May I add that Will Power", "\"first_name\": \"", "\"name\": \"Widget\"",
                           "Ingrid.txt", "The United Nations met in New York on Monday.", "customer_name=", "&step=2"}) {
    EXPECT_NE(out.find(kept), std::string::npos) << kept << " should stay";
  }
}

TEST_F(PersonPack, MailHeadersAndReportedByTakeUnknownNames) {
  const std::string out = masked("From: Xaviera Quoll <x@example.org>\r\ncc: Tobiah Okafor\r\n\r\nReported by: Ysolde Brannagh\n");
  for (const char* name : {"Xaviera Quoll", "Tobiah Okafor", "Ysolde Brannagh"}) {
    EXPECT_EQ(out.find(name), std::string::npos) << name << " should be masked";
  }
  EXPECT_NE(out.find("From: "), std::string::npos);
  // "to": in JSON is not a mail header.
  EXPECT_EQ(masked(R"({"to": "Main Gate", "sort_by": "Last Name"})"), R"({"to": "Main Gate", "sort_by": "Last Name"})");
}

TEST_F(PersonPack, FindingsDoNotDependOnHowTheStreamIsCut) {
  std::string text;
  for (int i = 0; i < 20; ++i) text += kLetter;
  const auto whole = piitest::redact(*engine(), text);
  ASSERT_EQ(whole.findings.size(), 20u * 7);  // seven names per letter
  const auto one_byte = piitest::redact_chunked(*engine(), text, [] { return std::size_t{1}; });
  std::mt19937 rng(3);
  std::uniform_int_distribution<std::size_t> size(1, 97);
  const auto random = piitest::redact_chunked(*engine(), text, [&] { return size(rng); });
  for (const auto* other : {&one_byte, &random}) {
    EXPECT_EQ(other->output, whole.output);
    ASSERT_EQ(other->findings.size(), whole.findings.size());
    for (std::size_t i = 0; i < whole.findings.size(); ++i) {
      EXPECT_EQ(other->findings[i].start, whole.findings[i].start);
      EXPECT_EQ(other->findings[i].end, whole.findings[i].end);
    }
  }
}

// The names held out to measure recall on unknown names are shipped all the same (the
// gate removes them from a copy of the packs): leaving them out of the product missed
// Sarah, Emma and 2,846 more in running text.
std::vector<std::string> name_list(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << path;
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '#') out.push_back(line);
  }
  return out;
}

TEST(PersonName, HeldOutNamesAreShipped) {
  const std::string root = PIIPROXY_SOURCE_DIR;
  const auto held = name_list(root + "/tests/data/held_out_names.txt");
  ASSERT_GT(held.size(), 2000u);
  std::set<std::string> shipped;
  for (const char* list : {"first_names.txt", "last_names.txt"}) {
    for (auto& n : name_list(root + "/conf/names/" + list)) shipped.insert(std::move(n));
  }
  std::size_t missing = 0;
  for (const auto& n : held) missing += shipped.count(n) == 0 ? 1 : 0;
  EXPECT_EQ(missing, 0u);
  const auto r = piitest::redact(*piitest::bundled_engine(), "Yesterday Sarah Smith joined the meeting.");
  EXPECT_EQ(r.output, "Yesterday *********** joined the meeting.");
}

}  // namespace
}  // namespace piimatch
