#include "matchers/numeric_tokens.h"

#include <algorithm>
#include <cstring>

namespace piimatch {

namespace {

struct ScanContext {
  std::vector<NumericCandidate>* out;
  bool failed;
};

int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned, void* ctx) noexcept {
  auto* context = static_cast<ScanContext*>(ctx);
  try {
    context->out->push_back({id, static_cast<std::uint32_t>(from), static_cast<std::uint32_t>(to)});
  } catch (...) {
    context->failed = true;
    return 1;  // stop: the caller fails closed
  }
  return 0;
}

}  // namespace

bool NumericShapeCache::scan(std::string_view shape, const hs_database_t* db, hs_scratch_t* scratch,
                             std::vector<NumericCandidate>& out) {
  ScanContext context{&out, false};
  const hs_error_t rc = hs_scan(db, shape.data(), static_cast<unsigned>(shape.size()), 0, scratch, on_match, &context);
  return rc == HS_SUCCESS && !context.failed;
}

bool NumericShapeCache::fill(const Shape& shape, const hs_database_t* db, hs_scratch_t* scratch, Filter filter,
                             const NumericCandidate*& first, const NumericCandidate*& last) {
  if (short_slots_.empty()) {
    short_slots_.resize(kShortSlots);
    long_slots_.resize(kLongSlots);
    arena_.reserve(kArenaCandidates);
  }
  found_.clear();
  if (!scan(std::string_view(shape.bytes, shape.length), db, scratch, found_)) return false;
  if (filter.keep != nullptr) {
    std::erase_if(found_, [&](NumericCandidate& c) { return !filter.keep(filter.context, shape, c); });
  }
  if (found_.size() > kArenaCandidates / 4) {  // a pathological shape: not worth a slot
    first = found_.data();
    last = first + found_.size();
    return true;
  }
  if (found_.size() > kArenaCandidates - arena_.size()) clear();
  const auto at = static_cast<std::uint32_t>(arena_.size());
  const auto count = static_cast<std::uint16_t>(found_.size());
  const auto length = static_cast<std::uint8_t>(shape.length);
  // The new shape takes its set's first way; the one there moves to the second.
  static_assert(kWays == 2);
  if (shape.length <= kShortShapeBytes) {
    const std::uint64_t lo = load_word(shape.bytes, 0), hi = load_word(shape.bytes, 1);
    const std::size_t set = short_index(lo, hi);
    short_slots_[set + 1] = short_slots_[set];
    short_slots_[set] = {lo, hi, at, count, length};
  } else {
    const std::size_t words = (shape.length + 7) / 8;
    const std::size_t set = long_index(shape, words);
    long_slots_[set + 1] = long_slots_[set];
    LongSlot& slot = long_slots_[set];
    slot.first = at;
    slot.count = count;
    slot.length = length;
    for (std::size_t w = 0; w < kWords; ++w) slot.words[w] = w < words ? load_word(shape.bytes, w) : 0;
  }
  arena_.insert(arena_.end(), found_.begin(), found_.end());  // within the reserved capacity
  first = arena_.data() + at;
  last = first + count;
  return true;
}

void NumericShapeCache::clear() {
  for (ShortSlot& slot : short_slots_) slot.length = 0;
  for (LongSlot& slot : long_slots_) slot.length = 0;
  arena_.clear();
}

std::size_t NumericShapeCache::shapes() const {
  std::size_t n = 0;
  for (const ShortSlot& slot : short_slots_) n += slot.length != 0 ? 1 : 0;
  for (const LongSlot& slot : long_slots_) n += slot.length != 0 ? 1 : 0;
  return n;
}

bool cpu_has_avx512_vbmi() {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  static const bool supported = __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vbmi");
  return supported;
#else
  return false;
#endif
}

NumericRunTable make_numeric_run_table(const bool* numeric, const bool* starts_short, NumericRunTable::Walk wanted) {
  NumericRunTable table;
  bool ascii_only = true;
  for (unsigned b = 0; b < 256; ++b) {
    const auto byte = static_cast<unsigned char>(b);
    if (b >= 128) {
      ascii_only = ascii_only && !numeric[b];
      continue;
    }
    table.classes[b] = static_cast<unsigned char>((numeric[b] ? 1u : 0u) | (starts_short[b] ? 2u : 0u));
    if (numeric[b]) add_to_nibble_set(table.numeric_nibbles, byte);
    if (starts_short[b]) add_to_nibble_set(table.short_start_nibbles, byte);
  }
  table.scan_back = std::min(wanted, NumericRunTable::best_walk());
  table.walk = ascii_only ? table.scan_back : NumericRunTable::Walk::bytewise;
  return table;
}

}  // namespace piimatch
