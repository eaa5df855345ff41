// The word walk that finds dictionary entries instead of the literal database
// (matchers/name_words.h). What a user must not notice is any difference: the findings the
// literal database gave, for every chunking, UTF-8 capitals and UPPER forms included; and a
// pack whose dictionary does not qualify keeps working through the literal database. The
// names here are made up for the tests or taken from the bundled lists.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <tuple>
#include <vector>

#include "matchers/name_words.h"
#include "tests/support/redact.h"

namespace {

using piimatch::Engine;
using piimatch::EngineOptions;
using piimatch::NameWordTable;
using piimatch::RuleSet;

using Hit = std::tuple<std::uint32_t, std::uint64_t, std::uint64_t>;  // rule, start, end

void collect(void* context, std::uint32_t rule, std::uint64_t start, std::uint64_t end) {
  static_cast<std::vector<Hit>*>(context)->emplace_back(rule, start, end);
}

NameWordTable table_of(const std::vector<std::pair<std::string, std::uint32_t>>& entries, NameWordTable::Walk walk) {
  NameWordTable table;
  for (const auto& [entry, rule] : entries) table.add(entry, rule);
  table.build(walk);
  return table;
}

// Every walk this CPU has (a walk it lacks falls back to one of these).
const NameWordTable::Walk kWalks[] = {NameWordTable::Walk::bytewise, NameWordTable::Walk::avx2,
                                      NameWordTable::Walk::avx512_vbmi};

// Walks `text` as a stream cut after each offset in `cuts`, as the redactor does.
std::vector<Hit> walk_stream(const NameWordTable& table, const std::string& text, const std::vector<std::size_t>& cuts) {
  std::vector<Hit> hits;
  const auto* data = reinterpret_cast<const unsigned char*>(text.data());
  std::uint64_t done = 0;
  for (const std::size_t cut : cuts) done = table.walk(data, 0, done, cut, false, collect, &hits);
  table.walk(data, 0, done, text.size(), true, collect, &hits);
  std::sort(hits.begin(), hits.end());
  return hits;
}

const std::vector<std::pair<std::string, std::uint32_t>> kEntries = {
    {"Ann", 0},        {"ANN", 0},     {"Anna", 0},         {"Émile", 0}, {"ÉMILE", 0},
    {"Jean-Pierre", 1}, {"Jean", 0},    {"O'Brannagh", 1},   {"Quoll", 1}, {"Quoll", 2}};

const std::string kText =
    "Anna met Ann, JoAnn and ANN at Annette's; Jean-Pierre O'Brannagh and Émile (ÉMILE) said "
    "Jean-Pierrette Quoll\nAnn";

std::vector<Hit> expected_hits() {
  auto at = [](const std::string& what, std::size_t from = 0) { return static_cast<std::uint64_t>(kText.find(what, from)); };
  const std::uint64_t jp = at("Jean-Pierre ");
  const std::uint64_t jpx = at("Jean-Pierrette");
  std::vector<Hit> hits = {
      {0, 0, 4},                                                  // Anna, not Ann inside it
      {0, at("Ann,"), at("Ann,") + 3},                            // not in JoAnn nor Annette
      {0, at("ANN "), at("ANN ") + 3},                            // the UPPER form
      {0, jp, jp + 4},                                            // Jean, first word of Jean-Pierre
      {1, jp, jp + 11},                                           // Jean-Pierre whole
      {1, at("O'B"), at("O'B") + 10},                             // O'Brannagh
      {0, at("Émile"), at("Émile") + 6},                          // a UTF-8 capital
      {0, at("ÉMILE"), at("ÉMILE") + 6},
      {0, jpx, jpx + 4},                                          // Jean of Jean-Pierrette...
      {1, jpx, jpx + 11},                                         // ...and the literal's hit (the boundary check rejects it)
      {1, at("Quoll"), at("Quoll") + 5},                          // one entry, two rules
      {2, at("Quoll"), at("Quoll") + 5},
      {0, kText.size() - 3, kText.size()},                        // at the very end of the stream
  };
  std::sort(hits.begin(), hits.end());
  return hits;
}

TEST(NameWordTable, FindsEntriesWhereWholeWordsStart) {
  for (const NameWordTable::Walk walk : kWalks) {
    const NameWordTable table = table_of(kEntries, walk);
    EXPECT_EQ(walk_stream(table, kText, {}), expected_hits()) << "walk " << static_cast<int>(walk);
  }
}

TEST(NameWordTable, SameHitsForEveryCutOfTheStream) {
  for (const NameWordTable::Walk walk : kWalks) {
    const NameWordTable table = table_of(kEntries, walk);
    for (std::size_t cut = 0; cut <= kText.size(); ++cut) {
      ASSERT_EQ(walk_stream(table, kText, {cut}), expected_hits()) << "cut at " << cut << ", walk " << static_cast<int>(walk);
    }
    std::vector<std::size_t> every_byte;
    for (std::size_t cut = 1; cut <= kText.size(); ++cut) every_byte.push_back(cut);
    EXPECT_EQ(walk_stream(table, kText, every_byte), expected_hits()) << "one-byte writes, walk " << static_cast<int>(walk);
  }
}

TEST(NameWordTable, WordsAcrossManyVectorBlocks) {
  // Words that cross 64-byte blocks, a word longer than any entry, and long runs of bytes
  // that are not words.
  std::string text(61, ' ');
  text += "Quoll ";                       // crosses the first block's end
  text += std::string(200, 'x') + " ";   // a long word: nothing
  text += std::string(70, '-') + "Ann";  // ends the stream
  for (const NameWordTable::Walk walk : kWalks) {
    const NameWordTable table = table_of(kEntries, walk);
    const std::vector<Hit> expected = {{0, text.size() - 3, text.size()}, {1, 61, 66}, {2, 61, 66}};
    for (std::size_t cut = 0; cut <= text.size(); ++cut) {
      ASSERT_EQ(walk_stream(table, text, {cut}), expected) << "cut at " << cut << ", walk " << static_cast<int>(walk);
    }
  }
}

TEST(NameWordTable, HoldsEntriesFromWordByteToWordByte) {
  EXPECT_TRUE(NameWordTable::can_hold("Anne-Marie"));
  EXPECT_TRUE(NameWordTable::can_hold("Émile"));
  EXPECT_FALSE(NameWordTable::can_hold("St."));
  EXPECT_FALSE(NameWordTable::can_hold("-Ann"));
  EXPECT_FALSE(NameWordTable::can_hold(""));
}

std::filesystem::path write_dictionary(const std::string& name, const std::string& lines) {
  const auto dir = std::filesystem::temp_directory_path() / ("name_word_scan_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / name) << lines;
  return dir;
}

std::shared_ptr<const Engine> compile(const std::string& yaml, const std::filesystem::path& dir, bool name_words) {
  EngineOptions options;
  options.hmac_key = "test-key-0123456789";
  options.name_words = name_words;
  // Where the CPU has no vector walk only the byte-wise walk is there to test.
  if (NameWordTable::best_walk() == NameWordTable::Walk::bytewise) options.name_walk = NameWordTable::Walk::bytewise;
  return Engine::compile(RuleSet::parse(yaml, "test.yaml", dir), options);
}

TEST(NameWordScan, PackDictionaryFoundByTheWalkWithExactCueWordsStillWorking) {
  const auto dir = write_dictionary("names.txt", "Quoll\nAnne-Marie\nÉmile\n");
  const std::string yaml = R"(pack: t
rules:
  - id: name
    category: person
    dictionary: names.txt
  - id: ref
    category: national_id
    expression: "[0-9]{4}"
    context: [Ref]
    context_case: exact
)";
  const auto walked = compile(yaml, dir, true);
  const auto literal = compile(yaml, dir, false);
  ASSERT_FALSE(walked->name_words().empty());
  EXPECT_EQ(walked->literal_db(), nullptr) << "nothing is left for the literal database";
  ASSERT_NE(literal->literal_db(), nullptr);
  const std::string text = "ref 5678, QUOLL Quoll, Quolls, Anne-Marie Émile; Ref 1234, XQuoll Anne-Marie";
  const auto expected = piitest::redact(*literal, text);
  // QUOLL, Quoll, Anne-Marie, Émile, the 4 digits after "Ref", the last Anne-Marie; not
  // Quolls, XQuoll or the digits after "ref".
  auto span = [&](const std::string& what, std::size_t length) {
    const std::uint64_t at = text.find(what);
    return std::pair<std::uint64_t, std::uint64_t>(at, at + length);
  };
  const std::vector<std::pair<std::uint64_t, std::uint64_t>> want = {
      span("QUOLL", 5), span("Quoll,", 5), span("Anne-Marie", 10), span("Émile", 6), span("1234", 4),
      {text.size() - 10, text.size()}};
  EXPECT_EQ(piitest::spans(expected), want);
  for (std::size_t cut = 0; cut <= text.size(); ++cut) {
    std::size_t call = 0;
    const auto got = piitest::redact_chunked(*walked, text, [&] { return call++ == 0 ? std::max<std::size_t>(cut, 1) : text.size(); });
    ASSERT_EQ(piitest::spans(got), want) << "cut at " << cut;
    ASSERT_EQ(got.output, expected.output) << "cut at " << cut;
  }
  EXPECT_EQ(piitest::spans(piitest::redact_chunked(*walked, text, [] { return std::size_t{1}; })), want);
}

TEST(NameWordScan, DictionaryThatDoesNotQualifyStaysInTheLiteralDatabase) {
  const auto dir = write_dictionary("names.txt", "Quoll\nAnn\n");
  // Without boundaries a hit inside a longer word counts: the walk cannot find those.
  const auto engine = compile(R"(pack: t
rules:
  - id: name
    category: person
    dictionary: names.txt
    boundary: none
)",
                              dir, true);
  EXPECT_TRUE(engine->name_words().empty());
  ASSERT_NE(engine->literal_db(), nullptr);
  const std::string text = "JoAnn met Quolls";
  const std::vector<std::pair<std::uint64_t, std::uint64_t>> want = {{2, 5}, {10, 15}};
  EXPECT_EQ(piitest::spans(piitest::redact(*engine, text)), want);
  EXPECT_EQ(piitest::spans(piitest::redact_chunked(*engine, text, [] { return std::size_t{1}; })), want);
}

// The bundled pack: the walk and the literal database give the same findings and output,
// at every cut of the input into two writes and in one-byte writes.
TEST(NameWordScan, BundledPackSameFindingsAsTheLiteralDatabase) {
  EngineOptions options;
  options.hmac_key = "test-key-0123456789";
  options.cache_dir = PIIPROXY_TEST_CACHE_DIR;
  const RuleSet rules = RuleSet::load(std::string(PIIPROXY_SOURCE_DIR) + "/conf/rules");
  std::vector<std::shared_ptr<const Engine>> walked;
  for (const NameWordTable::Walk walk : kWalks) {
    options.name_walk = walk;
    walked.push_back(Engine::compile(rules, options));
  }
  ASSERT_EQ(walked.front()->name_words().walk_kind(), NameWordTable::Walk::bytewise);
  options.name_walk = NameWordTable::Walk::avx512_vbmi;
  options.name_words = false;
  const auto literal = Engine::compile(rules, options);
  ASSERT_GT(walked.front()->name_words().size(), 50000u);
  const std::string text =
      "Dear Anne-Marie Quoll,\nMr Jean-Pierre Halvorsen and Dr. ÉMILE DUBOIS met Élodie Zoë Marchetti. "
      "{\"first_name\":\"Ann\",\"lastName\":\"O'Brien\"} customer-name=Anna+Lindqvist&x=1 Annette JoAnn "
      "Regards,\nTobiah Marchetti\nMRS ODUYA signed. From: Ada Lovelace <a@b.c>\nhi Marie";
  const auto expected = piitest::mask_all(*literal, text);
  ASSERT_GE(expected.findings.size(), 8u) << "the sample must hold names the pack finds";
  piimatch::RedactorOptions mask;
  mask.action_override = piimatch::Action{piimatch::ActionKind::mask};
  for (const auto& engine : walked) {
    const auto whole = piitest::mask_all(*engine, text);
    EXPECT_EQ(piitest::spans(whole), piitest::spans(expected));
    EXPECT_EQ(whole.output, expected.output);
    for (std::size_t cut = 1; cut < text.size(); ++cut) {
      std::size_t call = 0;
      const auto got = piitest::redact_chunked(*engine, text, [&] { return call++ == 0 ? cut : text.size(); }, mask);
      ASSERT_EQ(piitest::spans(got), piitest::spans(expected)) << "cut at " << cut;
      ASSERT_EQ(got.output, expected.output) << "cut at " << cut;
    }
    const auto bytewise = piitest::redact_chunked(*engine, text, [] { return std::size_t{1}; }, mask);
    EXPECT_EQ(piitest::spans(bytewise), piitest::spans(expected));
  }
}

}  // namespace
