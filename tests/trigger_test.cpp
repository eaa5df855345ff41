// Triggers (matchers/trigger.h): rules that start with a character class are scanned only
// around short class sequences found with vector compares. A user must not see any
// difference from running them on every byte: same findings, same output, any chunking.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>

#include "matchers/trigger.h"
#include "tests/support/corpus.h"
#include "tests/support/redact.h"

namespace {

using piimatch::ByteClass;
using piimatch::TriggerScanner;

std::vector<std::vector<ByteClass>> sequences_of(const std::string& text) {
  std::vector<std::vector<ByteClass>> sequences;
  std::string error;
  EXPECT_TRUE(piimatch::parse_trigger(text, sequences, error)) << text << ": " << error;
  return sequences;
}

std::vector<ByteClass> atoms_of(const std::string& text) {
  const auto sequences = sequences_of(text);
  EXPECT_EQ(sequences.size(), 1u) << text;
  return sequences.empty() ? std::vector<ByteClass>{} : sequences.front();
}

TEST(Triggers, ParseClassesEscapesAndLiterals) {
  const auto atoms = atoms_of("[A-Z]\\x2d \\.[^0-9]");
  ASSERT_EQ(atoms.size(), 5u);
  EXPECT_TRUE(atoms[0].contains('Q'));
  EXPECT_FALSE(atoms[0].contains('q'));
  EXPECT_TRUE(atoms[1].contains('-'));
  EXPECT_TRUE(atoms[2].contains(' '));
  EXPECT_TRUE(atoms[3].contains('.'));
  EXPECT_TRUE(atoms[4].contains('x'));
  EXPECT_FALSE(atoms[4].contains('7'));
  std::vector<std::vector<ByteClass>> out;
  std::string error;
  EXPECT_FALSE(piimatch::parse_trigger("[A-Z", out, error));
  EXPECT_NE(error.find("unterminated"), std::string::npos);
  EXPECT_FALSE(piimatch::parse_trigger("\\d\\d", out, error));
  EXPECT_NE(error.find("unknown escape"), std::string::npos);
  EXPECT_FALSE(piimatch::parse_trigger("", out, error));
  EXPECT_FALSE(piimatch::parse_trigger(std::string(17, 'a'), out, error));
}

// A repetition stands for every length in its range: one sequence per combination.
TEST(Triggers, RepetitionsExpandToEveryLength) {
  const auto sequences = sequences_of(":[0-9a-f]{1,4}:[0-9a-f]{2}:");
  ASSERT_EQ(sequences.size(), 4u);
  for (std::size_t n = 0; n < 4; ++n) {
    const auto& atoms = sequences[n];
    ASSERT_EQ(atoms.size(), (n + 1) + 5);  // ":", n + 1 digits, ":", 2 digits, ":"
    EXPECT_TRUE(atoms[0].contains(':'));
    for (std::size_t k = 1; k <= n + 1; ++k) EXPECT_TRUE(atoms[k].contains('f') && !atoms[k].contains(':'));
    EXPECT_TRUE(atoms[n + 2].contains(':'));
    EXPECT_TRUE(atoms.back().contains(':'));
  }
  EXPECT_EQ(sequences_of("a{1,4}b{1,4}c{1,4}").size(), 64u);
  std::vector<std::vector<ByteClass>> out;
  std::string error;
  for (const char* bad : {"a{0,2}", "a{3,1}", "a{x}", "a{2", "a{1,100}"}) {
    EXPECT_FALSE(piimatch::parse_trigger(bad, out, error)) << bad;
    EXPECT_NE(error.find("repetition"), std::string::npos) << bad << ": " << error;
  }
  EXPECT_FALSE(piimatch::parse_trigger("a{10}b{7}", out, error));  // 17 atoms
  EXPECT_NE(error.find("at most 16 atoms"), std::string::npos) << error;
  EXPECT_FALSE(piimatch::parse_trigger("a{1,4}b{1,4}c{1,4}d{1,4}e{1,2}", out, error));  // 512 sequences
  EXPECT_NE(error.find("more than 256"), std::string::npos) << error;
}

TEST(Triggers, BadTriggersInAPackNameTheRule) {
  try {
    piitest::compile_yaml("rules:\n  - id: r1\n    category: iban\n    expression: '[A-Z]{2}[0-9]{2}'\n    triggers: ['[A-Z']\n");
    FAIL() << "expected an error";
  } catch (const piimatch::RuleError& e) {
    EXPECT_NE(std::string(e.what()).find("rule 'r1': unterminated '['"), std::string::npos) << e.what();
  }
}

// The number of atoms in a trigger without repetitions.
std::size_t parse_length(const std::string& text) { return atoms_of(text).size(); }

std::vector<std::pair<std::uint32_t, std::uint64_t>> sorted_hits(const std::vector<TriggerScanner::Hit>& hits) {
  std::vector<std::pair<std::uint32_t, std::uint64_t>> out;
  for (const auto& hit : hits) out.emplace_back(hit.group, hit.position);
  std::sort(out.begin(), out.end());
  return out;
}

// The fast path (AVX-512 VBMI where the CPU has it) and the portable one agree on random
// text full of near-misses, at every length and offset.
TEST(Triggers, FastAndPortableScansAgree) {
  TriggerScanner scanner;
  ASSERT_TRUE(scanner.add(0, atoms_of("[A-Z][A-Z][0-9][0-9]")));
  ASSERT_TRUE(scanner.add(1, atoms_of("[0-9A-Fa-f][0-9A-Fa-f]:[0-9A-Fa-f][0-9A-Fa-f]:")));
  ASSERT_TRUE(scanner.add(2, atoms_of("[XYZxyz]-[0-9]")));
  std::mt19937 rng(4);
  const std::string alphabet = "AB12:-xX9f \x80\xff";
  std::string text;
  for (int i = 0; i < 5000; ++i) text += alphabet[rng() % alphabet.size()];
  const auto* data = reinterpret_cast<const unsigned char*>(text.data());
  for (std::size_t length : {1u, 15u, 63u, 64u, 65u, 130u, 5000u}) {
    for (std::size_t offset : {0u, 1u, 37u}) {
      const std::size_t available = std::min(length, text.size() - offset);
      for (std::size_t positions : {available, available > 10 ? available - 10 : 0}) {
        std::vector<TriggerScanner::Hit> fast, portable;
        scanner.scan(data + offset, positions, available, fast);
        scanner.scan_portable(data + offset, positions, available, portable);
        EXPECT_EQ(sorted_hits(fast), sorted_hits(portable)) << length << " " << offset << " " << positions;
        if (length == 5000 && positions == available) {
          EXPECT_GT(fast.size(), 20u);
        }
      }
    }
  }
}

// Triggers that share their first tests are evaluated once per block (a trie): the answers
// must stay those of testing every trigger on its own, for a family of sixteen shapes, a
// trigger that is a prefix of another, and one trigger given to two groups.
TEST(Triggers, TriggersSharingPrefixesFindWhatEachFindsAlone) {
  TriggerScanner scanner;
  const std::string hex = "[0-9A-Fa-f]";
  std::uint32_t group = 0;
  for (int a = 1; a <= 4; ++a) {
    for (int b = 1; b <= 4; ++b) {
      std::string t = ":";
      for (int k = 0; k < a; ++k) t += hex;
      t += ":";
      for (int k = 0; k < b; ++k) t += hex;
      t += ":";
      ASSERT_TRUE(scanner.add(group++ % 3, atoms_of(t))) << t;
    }
  }
  ASSERT_TRUE(scanner.add(3, atoms_of(":" + hex + ":")));  // a prefix of ":H:H:"
  ASSERT_TRUE(scanner.add(4, atoms_of(":" + hex + ":")));  // the same trigger, another group
  std::mt19937 rng(8);
  const std::string alphabet = "::::0a9fFgG. ";
  std::string text;
  for (int i = 0; i < 20000; ++i) text += alphabet[rng() % alphabet.size()];
  const auto* data = reinterpret_cast<const unsigned char*>(text.data());
  std::vector<TriggerScanner::Hit> fast, portable;
  scanner.scan(data, text.size(), text.size(), fast);
  scanner.scan_portable(data, text.size(), text.size(), portable);
  EXPECT_EQ(sorted_hits(fast), sorted_hits(portable));
  // Every group is exercised, and the shared trigger reports for both of its groups.
  std::map<std::uint32_t, std::size_t> per_group;
  for (const auto& hit : fast) ++per_group[hit.group];
  for (std::uint32_t g = 0; g < 5; ++g) EXPECT_GT(per_group[g], 10u) << g;
  EXPECT_EQ(per_group[3], per_group[4]);
}

// The fast path tests the first two atoms of every trigger eight at a time, then walks on
// only where they pass: random trigger sets with one- and two-atom triggers, shared first
// atoms, 16 classes (more than eight first pairs) and bytes outside every class must find
// what the portable scan finds, block by block and in the last, partial block.
TEST(Triggers, RandomTriggerSetsAgreeWithThePortableScan) {
  std::mt19937 rng(31);
  const std::string bytes = "AZaz09:-. \x01";
  for (int round = 0; round < 20; ++round) {
    // Sixteen distinct classes: single bytes and small sets of the alphabet above.
    std::vector<std::string> classes;
    while (classes.size() < 16) {
      std::string members;
      for (char b : bytes) {
        if (rng() % 4 == 0) members += b;
      }
      if (members.empty()) continue;
      std::string text = "[";
      for (char b : members) {
        char escaped[8];
        std::snprintf(escaped, sizeof escaped, "\\x%02x", static_cast<unsigned char>(b));
        text += escaped;
      }
      text += "]";
      if (std::find(classes.begin(), classes.end(), text) == classes.end()) classes.push_back(text);
    }
    TriggerScanner scanner;
    std::size_t added = 0;
    for (std::uint32_t group = 0; group < 24; ++group) {
      // Short triggers (one and two atoms) and longer ones, often starting alike.
      const std::size_t length = group < 4 ? 1 + group % 2 : 2 + rng() % 6;
      std::string trigger = group % 3 == 0 ? classes[0] : "";
      while (trigger.size() < 2 || parse_length(trigger) < length) trigger += classes[rng() % classes.size()];
      if (scanner.add(group, atoms_of(trigger))) ++added;
    }
    ASSERT_GT(added, 20u);
    if (TriggerScanner::fast()) {
      ASSERT_TRUE(scanner.fast_here());
    }
    std::string text;
    for (int i = 0; i < 3000; ++i) text += rng() % 9 == 0 ? static_cast<char>(0xc3) : bytes[rng() % bytes.size()];
    const auto* data = reinterpret_cast<const unsigned char*>(text.data());
    std::size_t found = 0;
    for (std::size_t length : {0u, 1u, 2u, 63u, 64u, 65u, 127u, 200u, 3000u}) {
      for (std::size_t positions : {length, length > 5 ? length - 5 : 0}) {
        std::vector<TriggerScanner::Hit> fast, portable;
        scanner.scan(data, positions, length, fast);
        scanner.scan_portable(data, positions, length, portable);
        ASSERT_EQ(sorted_hits(fast), sorted_hits(portable)) << "round " << round << ", " << length << " bytes, " << positions;
        found += fast.size();
      }
    }
    EXPECT_GT(found, 100u) << "round " << round;
  }
}

// One- and two-atom triggers end at the first level or the pairs; a block with nothing in
// it reports nothing, and a trigger in the last, partial block is still found.
TEST(Triggers, ShortTriggersAndQuietBlocks) {
  TriggerScanner scanner;
  ASSERT_TRUE(scanner.add(0, atoms_of("#")));
  ASSERT_TRUE(scanner.add(1, atoms_of("#[0-9]")));
  ASSERT_TRUE(scanner.add(2, atoms_of("#[0-9]Z")));
  ASSERT_TRUE(scanner.add(3, atoms_of("[A-Z]:")));
  std::string text(300, 'x');  // blocks 1 and 2 hold no trigger
  text.replace(10, 3, "#7Z");
  text.replace(63, 2, "Q:");   // across the first block boundary
  text.replace(280, 2, "#5");  // in the last, partial block
  text.replace(298, 2, "K:");  // ends at the last byte
  std::vector<TriggerScanner::Hit> hits;
  scanner.scan(reinterpret_cast<const unsigned char*>(text.data()), text.size(), text.size(), hits);
  const std::vector<std::pair<std::uint32_t, std::uint64_t>> expected = {{0, 10}, {0, 280}, {1, 10}, {1, 280},
                                                                         {2, 10}, {3, 63},  {3, 298}};
  EXPECT_EQ(sorted_hits(hits), expected);
}

// A class may hold the byte 0; bytes past `available` are absent, not zeros.
TEST(Triggers, ZeroBytesPastTheEndAreNotInAnyClass) {
  TriggerScanner scanner;
  ASSERT_TRUE(scanner.add(0, atoms_of("\\x00\\x00")));
  const std::string text("ab\0\0c\0", 6);
  const auto* data = reinterpret_cast<const unsigned char*>(text.data());
  std::vector<TriggerScanner::Hit> hits;
  scanner.scan(data, text.size(), text.size(), hits);
  EXPECT_EQ(sorted_hits(hits), (std::vector<std::pair<std::uint32_t, std::uint64_t>>{{0, 2}}));
  hits.clear();
  scanner.scan(data, 3, 3, hits);  // the second zero is not there yet
  EXPECT_TRUE(hits.empty());
}

// Hits at every position a trigger starts, including across the 64-byte blocks the scanner
// works in, and none that would need bytes past the end of what is there.
TEST(Triggers, ScannerFindsEveryStartAcrossBlocks) {
  TriggerScanner scanner;
  ASSERT_TRUE(scanner.add(0, atoms_of("[A-Z][A-Z][0-9]")));
  ASSERT_TRUE(scanner.add(1, atoms_of("x-9")));
  std::string text(200, '.');
  for (std::size_t at : {0u, 62u, 63u, 64u, 127u, 150u}) text.replace(at, 3, "AB1");
  text.replace(100, 3, "x-9");
  text.replace(198, 2, "CD");  // a trigger cut off by the end of the data
  std::vector<TriggerScanner::Hit> hits;
  const auto* data = reinterpret_cast<const unsigned char*>(text.data());
  scanner.scan(data, text.size(), text.size(), hits);
  std::vector<std::pair<std::uint32_t, std::uint64_t>> got;
  for (const auto& hit : hits) got.emplace_back(hit.group, hit.position);
  std::sort(got.begin(), got.end());
  const std::vector<std::pair<std::uint32_t, std::uint64_t>> expected = {
      {0, 0}, {0, 64}, {0, 127}, {0, 150}, {1, 100}};  // the plants at 62 and 63 were overwritten by later ones
  EXPECT_EQ(got, expected);
  // Positions past `positions` are not reported; bytes past `available` are absent.
  hits.clear();
  scanner.scan(data, 100, 129, hits);
  got.clear();
  for (const auto& hit : hits) got.emplace_back(hit.group, hit.position);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<std::pair<std::uint32_t, std::uint64_t>>{{0, 0}, {0, 64}}));
}

std::shared_ptr<const piimatch::Engine> bundled(bool triggers, piimatch::TriggerPath path = piimatch::TriggerPath::best) {
  piimatch::EngineOptions options;
  options.hmac_key = "test-key-0123456789";
  options.cache_dir = PIIPROXY_TEST_CACHE_DIR;
  options.triggers = triggers;
  options.trigger_path = path;
  return piimatch::Engine::compile(piimatch::RuleSet::load(std::string(PIIPROXY_SOURCE_DIR) + "/conf/rules"), options);
}

// JSON and prose with IBANs, NIEs, codici fiscali, PANs, MAC and IPv6 addresses, Corsican NIRs,
// US state + ZIP codes, UK postcodes, NINOs, Spanish DNIs and CNPJs planted -- every layout the expressions allow
// (spaces, '+', %20, compact) -- among ids, hex strings, timestamps, colon-joined numbers,
// capitalised words and near misses (no comma, four digits, a made-up postcode area, the
// unallocated NINO prefix QQ). All synthetic or documentation values.
std::string planted_corpus() {
  std::mt19937 rng(17);
  static const char* values[] = {"GB82WEST12345698765432", "GB82 WEST 1234 5698 7654 32", "DE89370400440532013000",
                                 "X1234567L",              "x-1234567-l",                  "RSSMRA85T10A562S",
                                 "ABCPE1234F",             "00:1A:2B:3C:4D:5E",            "00-1a-2b-3c-4d-5e",
                                 "001a.2b3c.4d5e",         "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
                                 "fe80:0:0:0:204:61ff:fe9d:f156%eth0", "0:0:0:0:0:ffff:192.0.2.1/96",
                                 "1 85 05 2A 123 456 33",  "2 85 06 2b 123 456 26",
                                 "San Francisco, CA 94105", "Austin,TX 78701-1234",         "Boise%2C+ID+83702",
                                 "Reno%2c%20NV%2089501",   "Portland, OR+97201",           "London SW1A 1AA",
                                 "post EC1A1BB",           "M1 1AE",                       "CR2 6XH",
                                 "SE10 1AA",               "SE101AA",                      "W1A+0AX",
                                 "DN55%201PT",             "GIR 0AA",                      "GIR0AA",
                                 "B33 8TH",                "NI AB 12 34 56 C",             "ni: jg 10 37 49 d",
                                 "JG 10 37 49 B",          "QQ 12 34 56 C",              "12345678-Z",
                                 "1234567-L",              "12.345.678-Z",                 "12.345.678Z",
                                 "12345678-A",             "11.222.333/0001-81",           "12.ABC.345/01DE-35",
                                 "11.222.333.0001-81",     "11.222.333/0001-82"};
  static const char* noise[] = {"ABCD1234", "SKU-543288", "2026-11-23T10:11:12.123Z", "96d3ada9-f55d-4ee5-a7b2-6bb1e9e9cb42",
                                "X11; Linux x86_64", "23:02:22", "NASA JPL", "ff:ee", "Mozilla/5.0",
                                "10:11:12:13:14", "a:b:c:d:e:f:1", "1 85 05 2A 999 456 33",
                                "ID 12345", "CA 9410", "ZZ1 1AA", "sw1a 1aa", "AB12CD", "X1 2YZ", "HTTP/1.1 200",
                                "ORD-12345", "A1B2C3", "192.168.100.200", "1.234.567Z", "v2-B",
                                "/2024-11-23/", "1.222.333/0001-81"};
  std::string out;
  while (out.size() < 600'000) {
    if (rng() % 3 == 0) {
      out += "{\"ref\":\"";
      out += values[rng() % std::size(values)];
      out += "\",\"ts\":" + std::to_string(rng()) + "}\n";
    } else {
      out += "note ";
      out += noise[rng() % std::size(noise)];
      out += rng() % 2 ? " and " : "\n";
    }
  }
  return out;
}

// The engine with triggers against the stream database; run for the CPU's best classifier
// and, where the CPU has AVX2, for the AVX2 path an AVX2-only server takes.
void same_findings_as_the_stream_database(piimatch::TriggerPath path) {
  const auto with = bundled(true, path);
  const auto without = bundled(false);
  std::size_t triggered = 0;
  for (const auto& rule : with->rules()) triggered += rule.triggered ? 1 : 0;
  if (TriggerScanner::fast() || TriggerScanner::avx2()) {
    ASSERT_GE(triggered, 12u) << "iban, es-dni, es-nie, it-codice-fiscale, in-pan, mac-address, ipv6-address, "
                                  "fr-nir-corsica, us-state-zip, uk-postcode, uk-nino and br-cnpj have triggers";
  } else {
    EXPECT_EQ(triggered, 0u) << "without the fast classifier, rules with triggers run in the stream";
  }
  for (const auto& rule : without->rules()) EXPECT_FALSE(rule.triggered);

  for (const std::string& corpus : {planted_corpus(), piitest::make_corpus(1 << 20, 9)}) {
    const auto reference = piitest::redact_chunked(*without, corpus, [] { return std::size_t{16384}; });
    std::map<std::string, int> by_rule;
    for (const auto& f : reference.findings) {
      if (with->rules()[f.rule_index].triggered) ++by_rule[std::string(f.rule_id)];
    }
    std::mt19937 rng(23);
    for (const auto& [what, next] : std::vector<std::pair<std::string, std::function<std::size_t()>>>{
             {"one write", [&] { return corpus.size(); }},
             {"16 KB writes", [] { return std::size_t{16384}; }},
             {"random writes", [&] { return std::size_t{1} + rng() % 50; }}}) {
      const auto got = piitest::redact_chunked(*with, corpus, next);
      ASSERT_EQ(got.findings.size(), reference.findings.size()) << what;
      for (std::size_t i = 0; i < got.findings.size(); ++i) {
        ASSERT_EQ(got.findings[i].rule_id, reference.findings[i].rule_id) << what << " finding " << i;
        ASSERT_EQ(got.findings[i].start, reference.findings[i].start) << what << " finding " << i;
        ASSERT_EQ(got.findings[i].end, reference.findings[i].end) << what << " finding " << i;
      }
      EXPECT_TRUE(got.output == reference.output) << what;
    }
    if (corpus.size() < 700'000) {
      for (const char* id : {"iban", "es-dni", "es-nie", "it-codice-fiscale", "in-pan", "mac-address", "ipv6-address",
                             "fr-nir-corsica", "us-state-zip", "uk-postcode", "uk-nino", "br-cnpj"}) {
        EXPECT_GT(by_rule[id], 100) << id << " must be exercised by the planted corpus";
      }
    }
  }
}

TEST(Triggers, SameFindingsAsTheStreamDatabaseUnderAnyChunking) {
  same_findings_as_the_stream_database(piimatch::TriggerPath::best);
}

TEST(Triggers, SameFindingsAsTheStreamDatabaseOnTheAvx2Path) {
  if (!TriggerScanner::avx2()) GTEST_SKIP() << "this CPU has no AVX2";
  same_findings_as_the_stream_database(piimatch::TriggerPath::avx2);
}

// Triggers (and cue words) close together on every line must not hold the stream back:
// the region to scan around them is joined only up to a cap, so bytes keep flowing and the
// memory a redactor holds stays bounded (hold-back + look-behind + one write + the cap).
TEST(Triggers, DenseTriggersAndCuesKeepMemoryBounded) {
  const auto engine = bundled(true);
  for (const std::string& line : {std::string("DE89370400440532013000\n"), std::string("iban x "),
                                  std::string("00:1a:2b:3c:4d:5e ")}) {
    std::string input;
    while (input.size() < 2'000'000) input += line;
    const std::size_t write = 16384;
    piimatch::Scratch scratch(*engine);
    piitest::CollectingSink sink;
    piimatch::Redactor redactor(*engine, scratch, &sink);
    std::string out;
    std::size_t most_held = 0, released_midway = 0;
    for (std::size_t pos = 0; pos < input.size(); pos += write) {
      redactor.write(std::string_view(input).substr(pos, write), out);
      most_held = std::max(most_held, redactor.held_bytes());
      if (pos < input.size() / 2) released_midway = out.size();
    }
    redactor.finish(out);
    EXPECT_EQ(out.size(), input.size());
    const std::size_t bound = std::max<std::size_t>(engine->holdback(), piimatch::Redactor::kMaxScanRegion) +
                              engine->lookbehind() + write;
    EXPECT_LE(most_held, bound) << line;
    EXPECT_GT(released_midway, input.size() / 2 - 2 * bound) << line << ": output must flow while input arrives";
  }
}

TEST(Triggers, ARuleWhoseTriggersDoNotFitKeepsTheStreamAlone) {
  const auto engine = piitest::compile_yaml(R"(
rules:
  - id: ascii
    category: iban
    expression: '[A-Z]{2}[0-9]{8}'
    triggers: ['[A-Z][A-Z][0-9]']
  - id: latin
    category: person
    expression: '\xc3[\x80-\xbf][a-z]{4}'
    triggers: ['\xc3[\x80-\xbf]']
)");
  EXPECT_EQ(engine->rules()[0].triggered, TriggerScanner::fast() || TriggerScanner::avx2());
  EXPECT_FALSE(engine->rules()[1].triggered) << "a non-ASCII class does not fit the classifier";
  const auto found = piitest::redact(*engine, "id AB12345678 and \xc3\xa9" "abcd.");
  EXPECT_EQ(found.findings.size(), 2u);
}

TEST(Triggers, ACaselessRuleMatchesItsTriggersInEitherCase) {
  const auto engine = piitest::compile_yaml(R"(
rules:
  - id: code
    category: national_id
    expression: '[A-Z]{2}[0-9]{2}[A-Z]{3}'
    flags: [caseless]
    triggers: ['[A-Z][A-Z][0-9][0-9]']
)");
  const auto found = piitest::redact(*engine, "x ab12cde y AB12CDE z");
  EXPECT_EQ(found.findings.size(), 2u);
}

}  // namespace
