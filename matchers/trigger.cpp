#include "matchers/trigger.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cstring>
#include <utility>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "matchers/percent_encoding.h"
#include "matchers/trigger_walk.h"

namespace piimatch {

namespace {

// Bytes [from, from + 64 + kMaxAtoms) of a block, as bit masks: word 0 holds bytes 0-63,
// word 1 bytes 64-79. Bits of absent bytes are 0.
struct WideMask {
  std::uint64_t low = 0;
  std::uint64_t high = 0;
  // Bits of this mask moved `by` bytes towards the block start (by < 64): bit i of the
  // result is bit i + by of the mask.
  std::uint64_t shifted(std::size_t by) const {
    if (by == 0) return low;
    return (low >> by) | (high << (64 - by));
  }
};

constexpr std::size_t kSpan = 64 + TriggerScanner::kMaxAtoms;  // bytes one block reads
constexpr std::size_t kChunks = (kSpan + 15) / 16;

// How often each byte turns up in the traffic the proxy sees, per 10,000 bytes, roughly:
// an estimate for a mix of JSON bodies, English prose and logs written from what those
// formats are made of (English letter frequencies scaled to the share of lower-case prose,
// digits and quotes of JSON numbers and keys, colons, dashes, dots and slashes of
// timestamps, dates, paths and UUIDs; capitals rare outside acronyms and sentence starts),
// not measured on any one corpus. Only the order it gives matters: a trigger's atoms are
// tested rarest first, so most blocks fail on the first two tests. Class size was a poor
// stand-in: ' ' is one byte and passes in every block of prose, [0-9] in every block of
// JSON, while two capitals in a row are rare everywhere.
constexpr std::array<std::uint16_t, 256> kTrafficWeight = [] {
  std::array<std::uint16_t, 256> w{};
  for (auto& x : w) x = 2;  // control bytes, UTF-8 bytes of non-English text
  const char* lower = "etaoinsrhldcumfpgwybvkxjqz";
  const std::uint16_t lower_weight[] = {560, 400, 370, 340, 320, 310, 290, 280, 200, 180, 170, 150, 130,
                                        120, 100, 90,  90,  70,  80,  70,  45,  40,  15,  8,   5,   5};
  for (int i = 0; i < 26; ++i) w[static_cast<unsigned char>(lower[i])] = lower_weight[i];
  const char* upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  const std::uint16_t upper_weight[] = {30, 12, 20, 15, 25, 10, 10, 12, 25, 5, 5, 15, 15,
                                        20, 15, 15, 2,  15, 30, 30, 8,  5, 8, 3, 5, 2};
  for (int i = 0; i < 26; ++i) w[static_cast<unsigned char>(upper[i])] = upper_weight[i];
  for (char d = '0'; d <= '9'; ++d) w[static_cast<unsigned char>(d)] = d <= '2' ? 190 : 130;
  const std::pair<char, std::uint16_t> other[] = {
      {' ', 900}, {'"', 250}, {',', 150}, {'.', 150}, {'\n', 150}, {':', 120}, {'-', 100}, {'/', 80},
      {'_', 60},  {'=', 40},  {'{', 30},  {'}', 30},  {'\t', 20},  {'[', 20},  {']', 20},  {'(', 20},
      {')', 20},  {'\'', 20}, {';', 15},  {'&', 15},  {'?', 10},   {'+', 10},  {'%', 10},  {'<', 10},
      {'>', 10},  {'\\', 10}, {'@', 5},   {'#', 5},   {'*', 5},    {'!', 5},   {'|', 5},   {'$', 3},
      {'\r', 3},  {'~', 2},   {'^', 1},   {'`', 1}};
  for (const auto& [c, weight] : other) w[static_cast<unsigned char>(c)] = weight;
  return w;
}();

// A few kilobytes of the traffic the proxy sees, free of personal data: access and
// application log lines, JSON API records, English prose and a form post, written for this
// purpose. The byte weights above miss what matters most for the first two tests: bytes are
// not independent. Capitals come in runs ("GET", "HTTP/1.1", "KHTML", "USD", "INFO"), ISO
// timestamps put a digit next to a capital ("T05", "Z") and colons three apart, prose puts
// spaces three apart around short words. A sequence's first two tests are the pair that
// passes in the fewest 64-byte blocks of this sample (ties: the rarest by weight), so the
// pairs the scanner tests for every block are rare in such traffic, not just made of rare
// bytes. Only the order of the tests depends on it, never which starts are hits.
constexpr std::string_view kTrafficSample =
    "10.0.3.7 - - [14/Mar/2025:09:12:44 +0000] \"GET /api/v2/catalog/items?page=3&sort=price HTTP/1.1\" 200 5120 "
    "\"https://shop.example.org/browse\" \"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
    "Gecko) Chrome/121.0.6167.85 Safari/537.36\" rt=0.042 upstream=127.0.0.1:8080\n"
    "10.0.3.9 - - [14/Mar/2025:09:12:45 +0000] \"POST /v1/sessions HTTP/2.0\" 201 88 \"-\" \"curl/8.4.0\" rt=0.003\n"
    "2025-03-14T09:12:46.512Z INFO  [worker-3] c.e.billing.InvoiceService - Processed batch 4411 in 812 ms (OK)\n"
    "2025-03-14T09:12:47.020Z WARN  [http-nio-8443-exec-7] o.a.c.c.C.[Tomcat].[localhost] - Request took 2315 ms, "
    "retrying with TLS 1.3\n"
    "2025-03-14 09:12:48,733 ERROR [main] db.pool: connection reset by peer; attempt=2 backoff=250ms host=db-2.internal\n"
    "Mar 14 09:12:49 web-01 nginx[2231]: upstream timed out (110: Connection timed out) while reading response header\n"
    "level=debug ts=2025-03-14T09:12:50.1Z caller=scrape.go:1290 component=\"scrape manager\" msg=\"Scrape failed\" "
    "err=\"context deadline exceeded\" target=http://10.0.7.12:9100/metrics\n"
    "{\"id\":48213,\"uuid\":\"6f1c2a9e-03b4-4c7d-9a51-e2f0b8d4c316\",\"created_at\":\"2025-02-28T17:45:03.118Z\","
    "\"updated_at\":\"2025-03-01T08:02:59Z\",\"status\":\"SHIPPED\",\"currency\":\"EUR\",\"total\":1249.90,"
    "\"items\":[{\"sku\":\"SKU-20931\",\"qty\":2,\"unit_price\":499.95},{\"sku\":\"ACC-118\",\"qty\":1,\"unit_price\":250.00}],"
    "\"shipping\":{\"method\":\"DHL_EXPRESS\",\"eta_days\":3},\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\","
    "\"version\":\"3.12.7\",\"flags\":[\"GIFT\",\"B2B\"],\"lat\":48.137154,\"lon\":11.576124,\"score\":0.8731}\n"
    "{\"event\":\"page_view\",\"ts\":1741943571204,\"session\":\"a3f09c2e71d84b5f\",\"path\":\"/en-US/help/returns\","
    "\"referrer\":\"https://www.example.com/\",\"viewport\":\"1440x900\",\"locale\":\"en_GB\",\"tz\":\"UTC\","
    "\"ab\":{\"checkout_v2\":true,\"exp_id\":\"EXP-42\"},\"duration_ms\":5311}\n"
    "The quarterly review is scheduled for next Tuesday at the main office. Please bring the updated figures for "
    "the EMEA and APAC regions, and a short note on why the Q3 numbers were lower than we had planned. If you cannot "
    "attend, send your comments to the team by Monday so that we can go over them in the meeting. As discussed on "
    "the call, the new API will be rolled out in two stages: first to internal users, then to all customers in "
    "May. It is a big step for us, and I am sure it will be a success.\n"
    "Hi all, a quick reminder that the office will be closed on Friday. The IT team will use the time to move our "
    "servers to the new data centre, so VPN access may be slow or down for an hour or so. Thanks for your patience!\n"
    "grant_type=authorization_code&redirect_uri=https%3A%2F%2Fapp.example.net%2Fcallback&scope=openid+profile+email"
    "&state=af0ifjsldkj&lang=en-US&return_to=%2Forders%3Fpage%3D2\n";

std::uint32_t traffic_weight(const ByteClass& atom) {
  std::uint32_t sum = 0;
  for (unsigned b = 0; b < 256; ++b) sum += atom.contains(static_cast<unsigned char>(b)) ? kTrafficWeight[b] : 0;
  return sum;
}

// Positions of kTrafficSample whose byte is in `atom`, as bits, with a zero word past the end
// (shifts read one word ahead).
std::vector<std::uint64_t> sample_bits(const ByteClass& atom) {
  std::vector<std::uint64_t> bits((kTrafficSample.size() + 63) / 64 + 1, 0);
  for (std::size_t p = 0; p < kTrafficSample.size(); ++p) {
    if (atom.contains(static_cast<unsigned char>(kTrafficSample[p]))) bits[p / 64] |= std::uint64_t{1} << (p % 64);
  }
  return bits;
}

// Word w of `bits` moved `by` (< 64) positions towards the start.
std::uint64_t shifted_word(const std::vector<std::uint64_t>& bits, std::size_t w, std::size_t by) {
  if (by == 0) return bits[w];
  return (bits[w] >> by) | (bits[w + 1] << (64 - by));
}

// The order in which the fast path tests a sequence's atoms (indices into `atoms`): first
// the pair that passes in the fewest 64-byte blocks of kTrafficSample, counting a pair that
// `pair_exists(i, j)` (an earlier sequence starts with tests i, j) as cheaper than a new
// one; ties broken by byte weight, the rarer of the two first. Then the rest, each the atom
// that the fewest sample blocks still pass with (ties, as once no start is left: by weight;
// equal weights keep atom order). Most blocks fail on the pair, which the fast path tests
// for every trigger at once, and rarely walk further.
template <typename PairExists>
std::vector<std::uint32_t> test_order(const std::vector<ByteClass>& atoms, const PairExists& pair_exists) {
  std::vector<std::uint32_t> by_weight(atoms.size());
  for (std::uint32_t j = 0; j < atoms.size(); ++j) by_weight[j] = j;
  std::vector<std::uint32_t> weight(atoms.size());
  for (std::size_t j = 0; j < atoms.size(); ++j) weight[j] = traffic_weight(atoms[j]);
  std::stable_sort(by_weight.begin(), by_weight.end(), [&](std::uint32_t a, std::uint32_t b) { return weight[a] < weight[b]; });
  if (atoms.size() < 3) return by_weight;
  std::vector<std::vector<std::uint64_t>> bits(atoms.size());
  for (std::size_t j = 0; j < atoms.size(); ++j) {
    // Atoms of one class share their bits.
    std::size_t same = 0;
    while (same < j && !(atoms[same] == atoms[j])) ++same;
    bits[j] = same < j ? bits[same] : sample_bits(atoms[j]);
  }
  const std::size_t words = bits[0].size() - 1;
  // A pair no earlier sequence starts with adds a lane to the vector tests of every block
  // (eight lanes a vector); it is charged as if it passed in an eighth of the sample's
  // blocks, about what a walk below a pair costs against a lane. Measured on the bench
  // corpora: charges from a ninth to a half of the blocks all scan 10-20% faster than none
  // (fewer pairs, one vector fewer), an eighth about the best.
  const std::size_t new_pair_cost = words / 8;
  std::size_t best_first = 0, best_second = 1, best_blocks = ~std::size_t{0};
  for (std::size_t a = 0; a < by_weight.size(); ++a) {
    for (std::size_t b = a + 1; b < by_weight.size(); ++b) {
      const std::uint32_t i = by_weight[a], j = by_weight[b];
      std::size_t blocks = pair_exists(i, j) ? 0 : new_pair_cost;
      for (std::size_t w = 0; w < words && blocks < best_blocks; ++w) {
        blocks += (shifted_word(bits[i], w, i) & shifted_word(bits[j], w, j)) != 0 ? 1 : 0;
      }
      if (blocks < best_blocks) {  // strictly fewer: ties keep the earlier, rarer by weight
        best_blocks = blocks;
        best_first = a;
        best_second = b;
      }
    }
  }
  std::vector<std::uint32_t> order = {by_weight[best_first], by_weight[best_second]};
  // Then, one at a time, the atom that leaves the fewest sample blocks with a start that
  // passed every test so far (ties, such as once no start is left: by weight).
  std::vector<std::uint64_t> passing(words);
  for (std::size_t w = 0; w < words; ++w) {
    passing[w] = shifted_word(bits[order[0]], w, order[0]) & shifted_word(bits[order[1]], w, order[1]);
  }
  std::vector<bool> used(by_weight.size(), false);
  used[best_first] = used[best_second] = true;
  while (order.size() < by_weight.size()) {
    std::size_t best = by_weight.size(), best_left = ~std::size_t{0};
    for (std::size_t a = 0; a < by_weight.size(); ++a) {
      if (used[a]) continue;
      const std::uint32_t j = by_weight[a];
      std::size_t left = 0;
      for (std::size_t w = 0; w < words && left < best_left; ++w) left += (passing[w] & shifted_word(bits[j], w, j)) != 0 ? 1 : 0;
      if (left < best_left) {
        best_left = left;
        best = a;
      }
    }
    used[best] = true;
    const std::uint32_t j = by_weight[best];
    order.push_back(j);
    for (std::size_t w = 0; w < words; ++w) passing[w] &= shifted_word(bits[j], w, j);
  }
  return order;
}

}  // namespace

bool parse_trigger(std::string_view text, std::vector<std::vector<ByteClass>>& sequences, std::string& error) {
  sequences.clear();
  struct Item {
    ByteClass atom;
    std::size_t min = 1;
    std::size_t max = 1;
  };
  std::vector<Item> items;
  std::size_t i = 0;
  while (i < text.size()) {
    ByteClass atom;
    if (text[i] == '[') {
      std::size_t end = i + 1;
      if (end < text.size() && text[end] == '^') ++end;
      if (end < text.size() && text[end] == ']') ++end;  // a literal ']' first in the class
      while (end < text.size() && text[end] != ']') end += text[end] == '\\' ? 2 : 1;
      if (end >= text.size()) {
        error = "unterminated '[' in trigger '" + std::string(text) + "'";
        return false;
      }
      if (!ByteClass::parse(text.substr(i, end - i + 1), atom)) {
        error = "bad class '" + std::string(text.substr(i, end - i + 1)) + "' in trigger '" + std::string(text) + "'";
        return false;
      }
      i = end + 1;
    } else if (text[i] == '\\') {
      if (i + 1 >= text.size()) {
        error = "trigger '" + std::string(text) + "' ends in a backslash";
        return false;
      }
      if (text[i + 1] == 'x') {
        if (i + 3 >= text.size() || hex_value(text[i + 2]) < 0 || hex_value(text[i + 3]) < 0) {
          error = "bad \\x escape in trigger '" + std::string(text) + "'";
          return false;
        }
        atom.add(static_cast<unsigned char>(hex_value(text[i + 2]) * 16 + hex_value(text[i + 3])));
        i += 4;
      } else if (std::isalnum(static_cast<unsigned char>(text[i + 1])) != 0) {
        error = "unknown escape '\\" + std::string(1, text[i + 1]) + "' in trigger '" + std::string(text) +
                "' (use a bracket expression such as [0-9])";
        return false;
      } else {
        atom.add(static_cast<unsigned char>(text[i + 1]));
        i += 2;
      }
    } else {
      atom.add(static_cast<unsigned char>(text[i]));
      ++i;
    }
    if (atom.empty()) {
      error = "trigger '" + std::string(text) + "' has an empty class";
      return false;
    }
    Item item{atom};
    if (i < text.size() && text[i] == '{') {
      const std::size_t close = text.find('}', i);
      const std::string_view range = close == std::string_view::npos ? std::string_view() : text.substr(i + 1, close - i - 1);
      const std::size_t comma = range.find(',');
      auto number = [](std::string_view digits, std::size_t& out) {
        if (digits.empty() || digits.size() > 2) return false;
        out = 0;
        for (char c : digits) {
          if (c < '0' || c > '9') return false;
          out = out * 10 + static_cast<std::size_t>(c - '0');
        }
        return true;
      };
      const bool ok = comma == std::string_view::npos
                          ? number(range, item.min) && number(range, item.max)
                          : number(range.substr(0, comma), item.min) && number(range.substr(comma + 1), item.max);
      if (!ok || item.min == 0 || item.min > item.max) {
        error = "bad repetition in trigger '" + std::string(text) + "' (write {N} or {MIN,MAX}, 1 <= MIN <= MAX)";
        return false;
      }
      i = close + 1;
    }
    items.push_back(item);
  }
  if (items.empty()) {
    error = "trigger '" + std::string(text) + "' is empty";
    return false;
  }
  // Every combination of the repetition counts is one sequence.
  std::vector<std::vector<ByteClass>> partial = {{}};
  for (const Item& item : items) {
    std::vector<std::vector<ByteClass>> longer;
    for (const auto& prefix : partial) {
      for (std::size_t n = item.min; n <= item.max; ++n) {
        if (prefix.size() + n > TriggerScanner::kMaxAtoms) {
          error = "trigger '" + std::string(text) + "' must have at most " + std::to_string(TriggerScanner::kMaxAtoms) +
                  " atoms in every length it stands for";
          return false;
        }
        if (longer.size() == kMaxTriggerSequences) {
          error = "trigger '" + std::string(text) + "' stands for more than " + std::to_string(kMaxTriggerSequences) +
                  " sequences";
          return false;
        }
        longer.push_back(prefix);
        longer.back().insert(longer.back().end(), n, item.atom);
      }
    }
    partial = std::move(longer);
  }
  sequences = std::move(partial);
  return true;
}

bool TriggerScanner::add(std::uint32_t group, const std::vector<ByteClass>& atoms) {
  Sequence sequence{group, {}, {}};
  for (const ByteClass& atom : atoms) {
    auto it = std::find(class_sets_.begin(), class_sets_.end(), atom);
    if (it == class_sets_.end()) {
      if (class_sets_.size() >= kMaxClasses) return false;
      std::vector<Range> ranges;
      for (unsigned b = 0; b < 256;) {
        if (!atom.contains(static_cast<unsigned char>(b))) {
          ++b;
          continue;
        }
        unsigned hi = b;
        while (hi + 1 < 256 && atom.contains(static_cast<unsigned char>(hi + 1))) ++hi;
        ranges.push_back({static_cast<unsigned char>(b), static_cast<unsigned char>(hi)});
        b = hi + 1;
      }
      if (ranges.size() > ClassRanges::kMax) return false;
      ClassRanges compiled;
      compiled.count = ranges.size();
#if defined(__SSE2__)
      for (std::size_t r = 0; r < ranges.size(); ++r) {
        compiled.lo[r] = _mm_set1_epi8(static_cast<char>(ranges[r].lo));
        compiled.width[r] = _mm_set1_epi8(static_cast<char>(ranges[r].hi - ranges[r].lo));
      }
#endif
      ranges_.push_back(compiled);
      class_sets_.push_back(atom);
      class_sample_bits_.push_back(sample_bits(atom));
      const std::size_t c = class_sets_.size() - 1;
      for (unsigned b = 0x80; b < 256; ++b) tables_usable_ = tables_usable_ && !atom.contains(static_cast<unsigned char>(b));
      if (c < 16) {
        unsigned char* table = c < 8 ? table_low_ : table_high_;
        for (unsigned b = 0; b < 128; ++b) {
          if (atom.contains(static_cast<unsigned char>(b))) table[b] = static_cast<unsigned char>(table[b] | (1u << (c % 8)));
        }
      } else {
        tables_usable_ = false;
      }
      it = class_sets_.end() - 1;
    }
    sequence.classes.push_back(static_cast<std::uint32_t>(it - class_sets_.begin()));
  }
  // An earlier sequence that starts with the same pair of tests shares its lane.
  auto pair_exists = [&](std::uint32_t i, std::uint32_t j) {
    for (const Sequence& t : triggers_) {
      if (t.order.size() >= 2 && t.order[0] == i && t.order[1] == j && t.classes[i] == sequence.classes[i] &&
          t.classes[j] == sequence.classes[j]) {
        return true;
      }
    }
    return false;
  };
  sequence.order = test_order(atoms, pair_exists);
  max_length_ = std::max(max_length_, atoms.size());
  triggers_.push_back(std::move(sequence));
  rebuild_trie();
  build_avx2_tables();
  return true;
}

void TriggerScanner::rebuild_trie() {
  // Each trigger's tests in order, as (class, offset) keys; sorted, equal prefixes are
  // adjacent and become shared nodes.
  using Key = std::vector<std::pair<std::uint32_t, std::uint32_t>>;
  std::vector<std::pair<Key, std::uint32_t>> keyed;  // key, group
  for (const Sequence& t : triggers_) {
    Key key;
    for (std::uint32_t j : t.order) key.emplace_back(t.classes[j], j);
    keyed.emplace_back(std::move(key), t.group);
  }
  std::sort(keyed.begin(), keyed.end());
  trie_.clear();
  trie_groups_.clear();
  // Builds the nodes for keyed[from, to), which share their first `depth` tests.
  auto build = [&](auto& self, std::size_t from, std::size_t to, std::uint32_t depth) -> void {
    std::size_t i = from;
    while (i < to && keyed[i].first.size() == depth) ++i;  // ended at the parent: not here
    while (i < to) {
      const auto atom = keyed[i].first[depth];
      std::size_t j = i;
      while (j < to && keyed[j].first[depth] == atom) ++j;
      const std::size_t node = trie_.size();
      trie_.push_back({atom.first, atom.second, depth, 0, 0, 0});
      trie_[node].groups_from = static_cast<std::uint32_t>(trie_groups_.size());
      std::size_t k = i;
      for (; k < j && keyed[k].first.size() == depth + 1; ++k) trie_groups_.push_back(keyed[k].second);
      trie_[node].groups_to = static_cast<std::uint32_t>(trie_groups_.size());
      self(self, k, j, depth + 1);
      trie_[node].skip = static_cast<std::uint32_t>(trie_.size());
      i = j;
    }
  };
  build(build, 0, keyed.size(), 0);

  // The pairs, those that pass in the most blocks of the traffic sample first: the fast
  // path branches once per vector of eight, and that branch is predictable when the pairs
  // that often pass share vectors and the rest rarely do.
  struct Pair {
    std::uint32_t first;   // trie nodes of the two tests
    std::uint32_t second;
    std::size_t sample_blocks;
  };
  std::vector<Pair> pairs;
  auto add_pair = [&](std::uint32_t first, std::uint32_t second) {
    const std::vector<std::uint64_t>& a = class_sample_bits_[trie_[first].cls];
    const std::vector<std::uint64_t>& b = class_sample_bits_[trie_[second].cls];
    std::size_t blocks = 0;
    for (std::size_t w = 0; w + 1 < a.size(); ++w) {
      blocks += (shifted_word(a, w, trie_[first].offset) & shifted_word(b, w, trie_[second].offset)) != 0 ? 1 : 0;
    }
    pairs.push_back({first, second, blocks});
  };
  for (std::uint32_t top = 0; top < trie_.size(); top = trie_[top].skip) {
    if (trie_[top].groups_from != trie_[top].groups_to) add_pair(top, top);
    for (std::uint32_t child = top + 1; child < trie_[top].skip; child = trie_[child].skip) add_pair(top, child);
  }
  std::stable_sort(pairs.begin(), pairs.end(), [](const Pair& x, const Pair& y) { return x.sample_blocks > y.sample_blocks; });
  pairs_ = {};
  pair_node_.clear();
  for (const Pair& pair : pairs) {
    pairs_.first_class.push_back(trie_[pair.first].cls);
    pairs_.first_offset.push_back(trie_[pair.first].offset);
    pairs_.second_class.push_back(trie_[pair.second].cls);
    pairs_.second_offset.push_back(trie_[pair.second].offset);
    pair_node_.push_back(pair.second);
  }
  while (pairs_.first_class.size() % 8 != 0) {
    for (auto* lanes : {&pairs_.first_class, &pairs_.first_offset, &pairs_.second_class, &pairs_.second_offset}) {
      lanes->push_back(0);
    }
  }
}

bool TriggerScanner::fast() {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  static const bool supported =
      __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vbmi") && __builtin_cpu_supports("avx512vbmi2") &&
      __builtin_cpu_supports("gfni");
  return supported;
#else
  return false;
#endif
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
namespace {

#define PIIMATCH_TRIGGER_TARGET __attribute__((target("avx512f,avx512bw,avx512vbmi,avx512vbmi2,gfni")))

// The all-lanes form of this intrinsic starts from GCC 12's _mm512_undefined_epi32(),
// which -Wuninitialized flags inside a target function; a full mask is the same instruction.
constexpr __mmask64 kAllBytes = ~__mmask64{0};

// The class masks of one block, as vectors: 64-bit lane c of `low` is the mask of class c
// (bit i set when byte i of the block is in it), lane c of `high` that of class 8 + c.
struct BlockMasks {
  __m512i low;
  __m512i high;
};

// Classifies the (up to 64) bytes at p. Reads only the `present` bytes (a masked load), so
// it never touches memory past them; absent and non-ASCII bytes are in no class.
//
// Each table lookup gives, per byte, one bit per class: a 64x8 bit matrix, byte-major. The
// masks want it class-major. A Galois-field affine transform with the block's bytes as
// the matrix transposes each 8x8 tile (tile q, row c: class c's bits for bytes 8q..8q+7),
// and a byte permutation gathers each class's eight tiles into one lane. The affine
// transform puts byte 8q+7-k of its matrix in bit k, so the bytes are first reversed
// within each lane to come out in order.
PIIMATCH_TRIGGER_TARGET BlockMasks block_masks(const unsigned char* p, std::size_t present, const __m512i& table_low0,
                                               const __m512i& table_low1, const __m512i& table_high0,
                                               const __m512i& table_high1) {
  static constexpr auto reverse_in_lanes = [] {
    std::array<unsigned char, 64> index{};
    for (unsigned i = 0; i < 64; ++i) index[i] = static_cast<unsigned char>((i & ~7u) | (7 - (i & 7u)));
    return index;
  }();
  static constexpr auto transpose_tiles = [] {
    std::array<unsigned char, 64> index{};
    for (unsigned c = 0; c < 8; ++c) {
      for (unsigned q = 0; q < 8; ++q) index[8 * c + q] = static_cast<unsigned char>(8 * q + c);
    }
    return index;
  }();
  const __mmask64 valid = present >= 64 ? ~__mmask64{0} : ((__mmask64{1} << present) - 1);
  // Absent bytes load as 0x80: non-ASCII, in no class (a class may hold the byte 0).
  const __m512i loaded = _mm512_mask_loadu_epi8(_mm512_set1_epi8(static_cast<char>(0x80)), valid, p);
  const __m512i bytes = _mm512_maskz_permutexvar_epi8(kAllBytes, _mm512_loadu_si512(reverse_in_lanes.data()), loaded);
  const __mmask64 ascii = ~_mm512_movepi8_mask(bytes);  // table lookups use 7 bits
  const __m512i low_bits = _mm512_maskz_permutex2var_epi8(ascii, table_low0, bytes, table_low1);
  const __m512i high_bits = _mm512_maskz_permutex2var_epi8(ascii, table_high0, bytes, table_high1);
  // Byte c of every lane is 1 << c: row c of each transposed tile is class c.
  const __m512i unit_rows = _mm512_set1_epi64(static_cast<long long>(0x8040201008040201ull));
  const __m512i gather = _mm512_loadu_si512(transpose_tiles.data());
  return {_mm512_maskz_permutexvar_epi8(kAllBytes, gather, _mm512_gf2p8affine_epi64_epi8(unit_rows, low_bits, 0)),
          _mm512_maskz_permutexvar_epi8(kAllBytes, gather, _mm512_gf2p8affine_epi64_epi8(unit_rows, high_bits, 0))};
}

// Per lane: bits `offset`.. of the class's mask in this block and the first `offset` of
// the next one, i.e. bit i set when the byte `offset` after start i is in the class: one
// funnel shift of the two blocks' masks (offset < 64).
PIIMATCH_TRIGGER_TARGET __m512i shifted_masks(const BlockMasks& current, const BlockMasks& next, __m512i classes,
                                              __m512i offsets) {
  const __m512i here = _mm512_permutex2var_epi64(current.low, classes, current.high);
  const __m512i after = _mm512_permutex2var_epi64(next.low, classes, next.high);
  return _mm512_shrdv_epi64(here, after, offsets);  // (after:here) >> offset, per lane
}

}  // namespace
#endif

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
PIIMATCH_TRIGGER_TARGET
#endif
void TriggerScanner::scan_vbmi(const unsigned char* data, std::size_t positions, std::size_t available,
                               std::vector<Hit>& hits) const {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  // Locals, so that the hits' push_back (a store the compiler cannot tell apart from these
  // members) does not reload them on every node.
  const TrieNode* const trie = trie_.data();
  const std::uint32_t* const trie_groups = trie_groups_.data();
  const std::uint32_t* const pair_node = pair_node_.data();
  const std::size_t pair_count = pair_node_.size();
  const std::size_t pair_lanes = pairs_.first_class.size();
  const __m512i table_low0 = _mm512_loadu_si512(table_low_), table_low1 = _mm512_loadu_si512(table_low_ + 64);
  const __m512i table_high0 = _mm512_loadu_si512(table_high_), table_high1 = _mm512_loadu_si512(table_high_ + 64);
  BlockMasks current = block_masks(data, std::min<std::size_t>(64, available), table_low0, table_low1, table_high0, table_high1);
  // For the scalar walk below a pair: the masks as arrays (class c at [c]), stored once
  // per block that needs them.
  alignas(64) std::uint64_t current_masks[16], next_masks[16], pair_passed[8];
  for (std::size_t from = 0; from < positions; from += 64) {
    // The next block's masks supply the bytes a trigger starting in this block runs into.
    const BlockMasks next = from + 64 < available
                                ? block_masks(data + from + 64, std::min<std::size_t>(64, available - from - 64), table_low0,
                                              table_low1, table_high0, table_high1)
                                : BlockMasks{_mm512_setzero_si512(), _mm512_setzero_si512()};
    const std::uint64_t block_starts = positions - from >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << (positions - from)) - 1;
    const __m512i starts = _mm512_set1_epi64(static_cast<long long>(block_starts));
    bool stored = false;
    for (std::size_t lane = 0; lane < pair_lanes; lane += 8) {
      const __m512i first = shifted_masks(current, next, _mm512_loadu_si512(pairs_.first_class.data() + lane),
                                          _mm512_loadu_si512(pairs_.first_offset.data() + lane));
      const __m512i second = shifted_masks(current, next, _mm512_loadu_si512(pairs_.second_class.data() + lane),
                                           _mm512_loadu_si512(pairs_.second_offset.data() + lane));
      const __m512i passed = _mm512_and_si512(_mm512_and_si512(first, second), starts);
      const __mmask8 real = pair_count - lane >= 8 ? __mmask8{0xff} : static_cast<__mmask8>((1u << (pair_count - lane)) - 1);
      unsigned any = _mm512_mask_test_epi64_mask(real, passed, passed);
      if (any == 0) continue;
      if (!stored) {
        _mm512_store_si512(current_masks, current.low);
        _mm512_store_si512(current_masks + 8, current.high);
        _mm512_store_si512(next_masks, next.low);
        _mm512_store_si512(next_masks + 8, next.high);
        stored = true;
      }
      _mm512_store_si512(pair_passed, passed);
      for (; any != 0; any &= any - 1) {
        const unsigned k = static_cast<unsigned>(std::countr_zero(any));
        report_and_walk(trie, trie_groups, pair_node[lane + k], pair_passed[k], current_masks, next_masks, from, hits);
      }
    }
    current = next;
  }
#else
  (void)data; (void)positions; (void)available; (void)hits;
#endif
}

void TriggerScanner::scan(const unsigned char* data, std::size_t positions, std::size_t available,
                          std::vector<Hit>& hits) const {
  if (triggers_.empty()) return;
  if (path_ == TriggerPath::best && fast() && tables_usable_) {
    scan_vbmi(data, positions, available, hits);
  } else if (fast_here()) {
    scan_avx2(data, positions, available, hits);
  } else {
    scan_portable(data, positions, available, hits);
  }
}

void TriggerScanner::scan_portable(const unsigned char* data, std::size_t positions, std::size_t available,
                                   std::vector<Hit>& hits) const {
  if (triggers_.empty()) return;
  alignas(16) unsigned char tail[kChunks * 16];
  std::array<WideMask, kMaxClasses> masks;
  for (std::size_t from = 0; from < positions; from += 64) {
    // The block's bytes: read in place while kSpan of them are there, else from a
    // zero-padded copy whose absent bytes are cleared from every mask.
    const std::size_t present = std::min(kSpan, available - from);
    const unsigned char* block = data + from;
    if (present < kSpan) {
      std::memcpy(tail, block, present);
      std::memset(tail + present, 0, sizeof tail - present);
      block = tail;
    }
    WideMask valid;
    valid.low = present >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << present) - 1;
    valid.high = present <= 64 ? 0 : (present - 64 >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << (present - 64)) - 1);
    std::uint64_t known = 0;  // bit c: masks[c] is computed for this block
    auto mask_of = [&](std::uint32_t c) -> const WideMask& {
      if ((known >> c) & 1u) return masks[c];
      const ClassRanges& ranges = ranges_[c];
      // Bits go straight into two registers: assembling them in a small array and reading
      // it back as one 16-byte value stalled on store forwarding (a quarter of the time).
      std::uint64_t low = 0, high = 0;
      for (std::size_t chunk = 0; chunk < kChunks; ++chunk) {
        std::uint64_t bits = 0;
#if defined(__SSE2__)
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(block + chunk * 16));
        __m128i in = _mm_setzero_si128();
        for (std::size_t r = 0; r < ranges.count; ++r) {
          // unsigned (byte - lo) <= (hi - lo)
          const __m128i offset = _mm_sub_epi8(bytes, ranges.lo[r]);
          in = _mm_or_si128(in, _mm_cmpeq_epi8(_mm_min_epu8(offset, ranges.width[r]), offset));
        }
        bits = static_cast<std::uint32_t>(_mm_movemask_epi8(in));
#else
        for (std::size_t i = 0; i < 16; ++i) {
          if (class_sets_[c].contains(block[chunk * 16 + i])) bits |= std::uint64_t{1} << i;
        }
#endif
        if (chunk < 4) {
          low |= bits << (chunk * 16);
        } else {
          high |= bits << ((chunk - 4) * 16);
        }
      }
      masks[c] = {low & valid.low, high & valid.high};
      known |= std::uint64_t{1} << c;
      return masks[c];
    };
    const std::uint64_t starts = positions - from >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << (positions - from)) - 1;
    for (const Sequence& trigger : triggers_) {
      std::uint64_t at = starts;
      for (std::size_t k = 0; k < trigger.order.size() && at != 0; ++k) {
        const std::uint32_t j = trigger.order[k];
        at &= mask_of(trigger.classes[j]).shifted(j);
      }
      while (at != 0) {
        hits.push_back({trigger.group, from + static_cast<std::uint64_t>(std::countr_zero(at))});
        at &= at - 1;
      }
    }
  }
}

}  // namespace piimatch
