// Triggers (matchers/trigger.h) test each sequence's atoms in an order picked for speed: first
// the pair of atoms that passes least often on a sample of typical traffic, which for
// capital-led shapes is rarely their first two atoms (capitals come in runs: "GET",
// "HTTP"). The order must never change which starts are reported: in logs, JSON and prose
// full of capital runs, timestamps and short words, the scanner reports exactly the starts
// a byte-by-byte check of every sequence finds, in every block and across block borders.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "matchers/trigger.h"
#include "tests/support/trigger_reference.h"

namespace {

using piimatch::ByteClass;
using piimatch::TriggerScanner;
using Found = piitest::TriggerHits;
using Sequence = piitest::TriggerSequence;

// Shapes like the bundled pack's capital-, space- and digit-led triggers (IBAN with and
// without a space, US state + ZIP, UK postcodes, NINO groups, the Corsican NIR, PAN).
std::vector<Sequence> pack_like_sequences() {
  const char* triggers[] = {"[A-Z][A-Z][0-9][0-9][A-Z0-9 .-]",
                            "[A-Z][A-Z] [0-9][0-9][A-Z0-9 .-]",
                            "[A-Z]{2}[ +][0-9]{5}",
                            "[A-Z][0-9]{2,3}[A-Z]{2}",
                            "[0-9][ +][0-9][A-Z]{2}",
                            "[A-Z]{3}[0-9][A-Z]{2}",
                            " [0-9]{2} [0-9]{2} [0-9]{2} ",
                            " [0-9][ABab] [0-9]",
                            "[A-Z][A-Z][A-Z][ABCFGHJLPT][A-Z][0-9]"};
  std::vector<Sequence> out;
  std::uint32_t group = 0;
  for (const char* text : triggers) {
    std::vector<std::vector<ByteClass>> sequences;
    std::string error;
    EXPECT_TRUE(piimatch::parse_trigger(text, sequences, error)) << text << ": " << error;
    for (auto& atoms : sequences) out.push_back({group, std::move(atoms)});
    ++group;
  }
  return out;
}

// Every (group, start) in [0, positions) where all of a sequence's atoms match, byte by byte.
Found reference_hits(const std::vector<Sequence>& sequences, const std::string& text, std::size_t positions) {
  return piitest::reference_trigger_hits(sequences, reinterpret_cast<const unsigned char*>(text.data()), positions,
                                         text.size());
}

Found sorted_unique(const std::vector<TriggerScanner::Hit>& hits) { return piitest::sorted_trigger_hits(hits, true); }

// Traffic where the pairs a naive order would test first pass in most blocks, with
// values of every shape planted at every offset of a block.
std::string noisy_traffic_with_plants() {
  const char* filler[] = {"\"GET /api/v1/items HTTP/1.1\" 200 512 ",
                          "(KHTML, like Gecko) Chrome/121.0 ",
                          "2025-03-14T09:12:46.512Z INFO [main] ",
                          "{\"currency\":\"EUR\",\"status\":\"SHIPPED\",\"sku\":\"SKU-20931\"} ",
                          "and it is a big step for us, so we go on. ",
                          "at 10 am on 12 May we met in room 4 b ",
                          "NASA JPL ABC DEF USA ",
                          "Q3 B2B EXP-42 "};
  const char* plants[] = {"GB82WEST1234", "GB82 WEST 12", "CA 94105",     "TX+78701",  "SW1A 1AA",   "M1 1AE",
                          "CR2 6XH",      "EC1A1BB",      "W1A+0AX",      "GIR 0AA",   " 12 34 56 ", " 2A 12",
                          " 3b 45",       "ABCPE1234F",   "ZZZ9ZZ",       "AB 12 34 56 C"};
  std::mt19937 rng(2025);
  std::string text;
  std::size_t plant = 0;
  while (text.size() < 40'000) {
    text += filler[rng() % std::size(filler)];
    if (rng() % 3 == 0) {
      // Pad so that the next plant lands at the next offset of a 64-byte block in turn.
      const std::size_t want = plant % 64;
      while (text.size() % 64 != want) text += rng() % 2 ? 'x' : ' ';
      text += plants[plant % std::size(plants)];
      ++plant;
    }
  }
  return text;
}

TEST(TriggerPairChoice, EveryStartInTrafficFullOfCapitalRunsAndShortWords) {
  const std::vector<Sequence> sequences = pack_like_sequences();
  TriggerScanner scanner;
  for (const Sequence& s : sequences) ASSERT_TRUE(scanner.add(s.group, s.atoms));
  const std::string text = noisy_traffic_with_plants();
  const auto* data = reinterpret_cast<const unsigned char*>(text.data());

  const Found expected = reference_hits(sequences, text, text.size());
  std::vector<std::size_t> per_group(9, 0);
  for (const auto& [group, at] : expected) ++per_group[group];
  for (std::uint32_t g = 0; g < per_group.size(); ++g) EXPECT_GT(per_group[g], 10u) << "group " << g << " is not exercised";

  std::vector<TriggerScanner::Hit> fast, portable;
  scanner.scan(data, text.size(), text.size(), fast);
  scanner.scan_portable(data, text.size(), text.size(), portable);
  EXPECT_EQ(sorted_unique(fast), expected);
  EXPECT_EQ(sorted_unique(portable), expected);

  // In pieces, as the redactor scans writes: each piece sees the bytes after it that the
  // longest trigger needs, and reports only starts inside the piece.
  for (std::size_t piece : {61u, 64u, 1000u}) {
    Found pieces;
    for (std::size_t from = 0; from < text.size(); from += piece) {
      const std::size_t positions = std::min(piece, text.size() - from);
      const std::size_t available = std::min(positions + scanner.max_length(), text.size() - from);
      std::vector<TriggerScanner::Hit> hits;
      scanner.scan(data + from, positions, available, hits);
      for (const auto& hit : hits) pieces.emplace_back(hit.group, from + hit.position);
    }
    std::sort(pieces.begin(), pieces.end());
    pieces.erase(std::unique(pieces.begin(), pieces.end()), pieces.end());
    EXPECT_EQ(pieces, expected) << "pieces of " << piece;
  }
}

}  // namespace
