// The trigger scanner's AVX2 path (matchers/trigger_avx2.cpp) is what CPUs without AVX-512
// VBMI run: most servers. A user must see exactly what the portable scan (and a byte-by-
// byte check) finds: a missed trigger is a value left unredacted. These tests force the
// path on any CPU with AVX2, including one that would take the VBMI path.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "matchers/rule_set.h"
#include "matchers/trigger.h"
#include "tests/support/corpus.h"
#include "tests/support/trigger_reference.h"

namespace {

using piimatch::ByteClass;
using piimatch::TriggerPath;
using piimatch::TriggerScanner;
using Found = piitest::TriggerHits;
using Sequence = piitest::TriggerSequence;

// The bundled pack's triggers, one group per rule, as the engine adds them.
struct PackTriggers {
  TriggerScanner scanner;
  std::vector<Sequence> sequences;
  std::vector<std::string> rule_ids;  // per group
};

const PackTriggers& pack_triggers() {
  static const PackTriggers pack = [] {
    PackTriggers out;
    const auto rules = piimatch::RuleSet::load(std::string(PIIPROXY_SOURCE_DIR) + "/conf/rules");
    for (const piimatch::Rule& rule : rules.rules) {
      if (rule.triggers.empty()) continue;
      const auto group = static_cast<std::uint32_t>(out.rule_ids.size());
      for (const auto& atoms : rule.triggers) {
        EXPECT_TRUE(out.scanner.add(group, atoms)) << rule.id;
        out.sequences.push_back({group, atoms});
      }
      out.rule_ids.push_back(rule.id);
    }
    return out;
  }();
  return pack;
}

Found sorted(const std::vector<TriggerScanner::Hit>& hits) { return piitest::sorted_trigger_hits(hits, false); }

// The answer both scans must give (byte by byte).
Found reference_hits(const std::vector<Sequence>& sequences, const unsigned char* data, std::size_t positions,
                     std::size_t available) {
  return piitest::reference_trigger_hits(sequences, data, positions, available);
}

// The AVX2 scan's hits, after checking they are the portable scan's.
Found avx2_hits_checked(const TriggerScanner& scanner, const std::string& text, std::size_t positions, std::size_t available,
                        const std::string& what) {
  const auto* data = reinterpret_cast<const unsigned char*>(text.data());
  std::vector<TriggerScanner::Hit> avx2, portable;
  scanner.scan_avx2(data, positions, available, avx2);
  scanner.scan_portable(data, positions, available, portable);
  Found got = sorted(avx2);
  EXPECT_EQ(got, sorted(portable)) << what << ": " << positions << " positions, " << available << " available";
  return got;
}

// Synthetic or documentation values of the rules that have triggers.
const std::vector<std::string>& planted_values() {
  static const std::vector<std::string> values = {
      "GB82 WEST 1234 5698 7654 32", "DE89370400440532013000", "X-1234567-L",        "RSSMRA85T10A562S",
      "ABCPE1234F",                  "00:1a:2b:3c:4d:5e",      "001a.2b3c.4d5e",     "2001:db8:0:1:0:0:0:1",
      "2 85 06 2b 123 456 26",       "Austin, TX 78701",       "Reno%2C+NV%2089501", "London SW1A 1AA",
      "M1 1AE",                      "JG 10 37 49 B",          "12.345.678-Z",       "11.222.333/0001-81"};
  return values;
}

#define SKIP_WITHOUT_AVX2()                     \
  if (!TriggerScanner::avx2()) {                \
    GTEST_SKIP() << "this CPU has no AVX2";     \
  }

// The bundled triggers fit the AVX2 classifier: on an AVX2 CPU the engine can keep their
// rules out of the stream database.
TEST(TriggersAvx2, BundledTriggersFitTheAvx2Tables) {
  TriggerScanner scanner = pack_triggers().scanner;
  ASSERT_GE(pack_triggers().rule_ids.size(), 12u);
  scanner.set_path(TriggerPath::avx2);
  EXPECT_EQ(scanner.fast_here(), TriggerScanner::avx2());
  scanner.set_path(TriggerPath::portable);
  EXPECT_FALSE(scanner.fast_here());
  scanner.set_path(TriggerPath::best);
  EXPECT_EQ(scanner.fast_here(), TriggerScanner::fast() || TriggerScanner::avx2());
}

TEST(TriggersAvx2, RandomBytesAndTriggerAlphabetsAgree) {
  SKIP_WITHOUT_AVX2();
  const PackTriggers& pack = pack_triggers();
  std::mt19937 rng(5);
  std::string bytes(200'000, '\0');
  for (char& b : bytes) b = static_cast<char>(rng());
  // Near misses: the planted values with a quarter of their bytes replaced by bytes of the
  // triggers' classes, their neighbours just outside them ('@', '[', '`', '{', ';') and
  // non-ASCII bytes that share a nibble with them.
  const std::string alphabet("AZaz09LMTVXYZxyzbfgF :-./%+,@[`{;\x80\xc1\xba\xff\x00\n", 39);
  std::string dense;
  while (dense.size() < 200'000) {
    std::string value = planted_values()[rng() % planted_values().size()];
    for (char& b : value) {
      if (rng() % 4 == 0) b = alphabet[rng() % alphabet.size()];
    }
    dense += value;
  }
  for (const std::string* text : {&bytes, &dense}) {
    const std::string name = text == &bytes ? "random bytes" : "trigger alphabet";
    const auto got = avx2_hits_checked(pack.scanner, *text, text->size(), text->size(), name);
    const auto* data = reinterpret_cast<const unsigned char*>(text->data());
    EXPECT_EQ(got, reference_hits(pack.sequences, data, text->size(), text->size())) << name;
    if (text == &dense) {
      EXPECT_GT(got.size(), 3000u);
    }
  }
}

TEST(TriggersAvx2, GeneratedTrafficAgrees) {
  SKIP_WITHOUT_AVX2();
  const PackTriggers& pack = pack_triggers();
  const std::string text = piitest::make_corpus(1 << 20, 11);
  const auto got = avx2_hits_checked(pack.scanner, text, text.size(), text.size(), "generated traffic");
  const auto* data = reinterpret_cast<const unsigned char*>(text.data());
  EXPECT_EQ(got, reference_hits(pack.sequences, data, text.size(), text.size()));
  // The corpus holds IBANs among capitalised words and numbers.
  std::size_t iban_hits = 0;
  for (const auto& [group, at] : got) iban_hits += pack.rule_ids[group] == "iban" ? 1 : 0;
  EXPECT_GT(iban_hits, 1000u);
}

// Each planted value at every alignment of a 64-byte block, and the data cut at every
// length around it: a value that straddles the block border, the end of the positions to
// report or the end of the bytes there.
TEST(TriggersAvx2, PlantedValuesAtEveryAlignmentAndEdge) {
  SKIP_WITHOUT_AVX2();
  const PackTriggers& pack = pack_triggers();
  const auto& values = planted_values();
  std::size_t planted_hits = 0;
  for (const std::string& value : values) {
    for (std::size_t align = 0; align < 64; ++align) {
      std::string text(192, 'q');
      text.replace(64 + align, value.size(), value);
      text.resize(std::min(text.size(), 64 + align + value.size() + 40));
      const auto* data = reinterpret_cast<const unsigned char*>(text.data());
      const auto whole = avx2_hits_checked(pack.scanner, text, text.size(), text.size(), value);
      EXPECT_EQ(whole, reference_hits(pack.sequences, data, text.size(), text.size())) << value << " at " << align;
      EXPECT_FALSE(whole.empty()) << value << " at " << align;
      planted_hits += whole.size();
      // Cut the data inside and around the value: fewer bytes there, fewer positions.
      if (align % 7 != 0) continue;
      for (std::size_t available = 64 + align; available <= std::min(text.size(), 64 + align + 28); ++available) {
        for (std::size_t positions : {available, available - std::min<std::size_t>(available, 5), std::size_t{64}}) {
          const auto cut = avx2_hits_checked(pack.scanner, text, std::min(positions, available), available, value);
          EXPECT_EQ(cut, reference_hits(pack.sequences, data, std::min(positions, available), available)) << value;
        }
      }
    }
  }
  EXPECT_GT(planted_hits, 64u * values.size());
}

// A string that is a whole number of blocks, one byte short and one byte over, with
// triggers at its very start and end, scanned from every offset into it.
TEST(TriggersAvx2, DataEdgesAndOffsets) {
  SKIP_WITHOUT_AVX2();
  const PackTriggers& pack = pack_triggers();
  for (std::size_t size : {1u, 2u, 63u, 64u, 65u, 127u, 128u, 129u, 191u, 192u, 193u}) {
    std::string text(size, '.');
    const std::string head = "GB82 WEST 12", tail = "00:1A:2B:3C:4D";
    text.replace(0, std::min(size, head.size()), head.substr(0, std::min(size, head.size())));
    if (size > tail.size()) text.replace(size - tail.size(), tail.size(), tail);
    for (std::size_t offset = 0; offset < std::min<std::size_t>(size, 20); ++offset) {
      const std::string view = text.substr(offset);
      const auto* data = reinterpret_cast<const unsigned char*>(view.data());
      for (std::size_t positions = 0; positions <= view.size(); positions += std::max<std::size_t>(1, view.size() / 9)) {
        const auto got = avx2_hits_checked(pack.scanner, view, positions, view.size(), "edges");
        EXPECT_EQ(got, reference_hits(pack.sequences, data, positions, view.size())) << size << " " << offset;
      }
    }
  }
}

// Classes that are not one nibble product: eight separate ranges, punctuation spread over
// four high nibbles, every ASCII byte but a few, control bytes, the zero byte. Each class's
// bytes and its neighbours' must be told apart exactly.
TEST(TriggersAvx2, ClassesOfManyRangesAgree) {
  SKIP_WITHOUT_AVX2();
  const char* triggers[] = {
      "[\\x01\\x03\\x05\\x07\\x09\\x0b\\x0d\\x0f][0-9]",            // eight single-byte ranges
      "[!-/:-@\\[-`{-~][A-Za-z]",                                     // punctuation: four ranges, four high nibbles
      "[\\x00-\\x1f\\x30-\\x5f\\x61-\\x7e][\\x00]",                   // the zero byte; most of ASCII
      "[!2CTev'H][;]",                                                // eight bytes, six products
      "[a-f][\\x3a-\\x40]",
  };
  TriggerScanner scanner;
  std::vector<Sequence> sequences;
  std::uint32_t group = 0;
  for (const char* text : triggers) {
    std::vector<std::vector<ByteClass>> parsed;
    std::string error;
    ASSERT_TRUE(piimatch::parse_trigger(text, parsed, error)) << text << ": " << error;
    for (const auto& atoms : parsed) {
      if (!scanner.add(group, atoms)) continue;  // a class of more than eight ranges does not fit add()
      sequences.push_back({group, atoms});
    }
    ++group;
  }
  ASSERT_EQ(sequences.size(), std::size(triggers));
  scanner.set_path(TriggerPath::avx2);
  ASSERT_TRUE(scanner.fast_here()) << "these classes fit the AVX2 tables: the test must run the AVX2 classifier";
  std::mt19937 rng(12);
  std::string text(100'000, '\0');
  for (char& b : text) b = static_cast<char>(rng() % 3 == 0 ? rng() % 128 : "\x01\x02\x03:;@[`{a0\x00"[rng() % 12]);
  const auto got = avx2_hits_checked(scanner, text, text.size(), text.size(), "many ranges");
  EXPECT_EQ(got, reference_hits(sequences, reinterpret_cast<const unsigned char*>(text.data()), text.size(), text.size()));
  EXPECT_GT(got.size(), 1000u);
}

// Classes that need more nibble products than the AVX2 tables hold: the path says it is not
// fast (the engine would run those rules in the stream), and scan_avx2 still answers right.
TEST(TriggersAvx2, TooManyProductsFallBackToThePortableScan) {
  TriggerScanner scanner;
  scanner.set_path(TriggerPath::avx2);
  // Classes of eight single bytes, one per high nibble, each with a different low nibble:
  // eight products each, a group of their own. Three and ':' fit the four groups; fifteen
  // (120 products) do not.
  std::vector<Sequence> sequences;
  ByteClass colon;
  colon.add(':');
  for (std::uint32_t c = 0; c < 15; ++c) {
    ByteClass atom;
    for (unsigned h = 0; h < 8; ++h) atom.add(static_cast<unsigned char>(16 * h + (c + 2 * h) % 16));
    ASSERT_TRUE(scanner.add(c, {atom, colon}));
    sequences.push_back({c, {atom, colon}});
    if (c == 2) {
      EXPECT_EQ(scanner.fast_here(), TriggerScanner::avx2());
    }
  }
  EXPECT_FALSE(scanner.fast_here());
  std::mt19937 rng(3);
  std::string text(20'000, ':');
  for (char& b : text) b = rng() % 2 ? ':' : static_cast<char>(rng() % 128);
  std::vector<TriggerScanner::Hit> avx2, portable;
  const auto* data = reinterpret_cast<const unsigned char*>(text.data());
  scanner.scan_avx2(data, text.size(), text.size(), avx2);
  scanner.scan_portable(data, text.size(), text.size(), portable);
  EXPECT_EQ(sorted(avx2), sorted(portable));
  EXPECT_EQ(sorted(avx2), reference_hits(sequences, data, text.size(), text.size()));
  EXPECT_GT(avx2.size(), 100u);
}

// scan() follows the instance's path: forced to AVX2 it gives the AVX2 scan's answers, and
// forced portable the portable scan's, on the same data.
TEST(TriggersAvx2, ScanFollowsTheChosenPath) {
  SKIP_WITHOUT_AVX2();
  TriggerScanner scanner = pack_triggers().scanner;
  const std::string text = piitest::make_corpus(200'000, 3);
  const auto* data = reinterpret_cast<const unsigned char*>(text.data());
  const auto expected = reference_hits(pack_triggers().sequences, data, text.size(), text.size());
  ASSERT_FALSE(expected.empty());
  for (TriggerPath path : {TriggerPath::best, TriggerPath::avx2, TriggerPath::portable}) {
    scanner.set_path(path);
    std::vector<TriggerScanner::Hit> hits;
    scanner.scan(data, text.size(), text.size(), hits);
    EXPECT_EQ(sorted(hits), expected) << static_cast<int>(path);
  }
}

}  // namespace
