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

namespace {

// Hash of a zero-padded shape: one multiply per 8 bytes it uses.
std::uint64_t shape_hash(const NumericShapeCache::Shape& shape) {
  std::uint64_t h = 0x9e3779b97f4a7c15ull ^ shape.length;
  for (std::size_t i = 0; i < shape.length; i += 8) {
    std::uint64_t word;
    std::memcpy(&word, shape.bytes + i, sizeof word);
    h = (h ^ word) * 0xff51afd7ed558ccdull;
    h ^= h >> 32;
  }
  return h;
}

}  // namespace

bool NumericShapeCache::lookup(const Shape& shape, const hs_database_t* db, hs_scratch_t* scratch,
                               const NumericCandidate*& first, const NumericCandidate*& last) {
  if (slots_.empty()) {
    slots_.resize(kSlots);
    arena_.reserve(kArenaCandidates);
  }
  const std::uint64_t hash = shape_hash(shape);
  Slot* slot = &slots_[hash & (kSlots - 1)];
  if (slot->length == shape.length && slot->hash == hash && std::memcmp(slot->bytes, shape.bytes, shape.length) == 0) {
    first = arena_.data() + slot->first;
    last = first + slot->count;
    return true;
  }
  found_.clear();
  if (!scan(std::string_view(shape.bytes, shape.length), db, scratch, found_)) return false;
  if (found_.size() > kArenaCandidates / 4) {  // a pathological shape: not worth a slot
    first = found_.data();
    last = first + found_.size();
    return true;
  }
  if (found_.size() > kArenaCandidates - arena_.size()) clear();
  slot->hash = hash;
  slot->first = static_cast<std::uint32_t>(arena_.size());
  slot->count = static_cast<std::uint16_t>(found_.size());
  slot->length = static_cast<std::uint8_t>(shape.length);
  std::memcpy(slot->bytes, shape.bytes, shape.length);
  arena_.insert(arena_.end(), found_.begin(), found_.end());  // within the reserved capacity
  first = arena_.data() + slot->first;
  last = first + slot->count;
  return true;
}

void NumericShapeCache::clear() {
  for (Slot& slot : slots_) slot.length = 0;
  arena_.clear();
}

std::size_t NumericShapeCache::shapes() const {
  std::size_t n = 0;
  for (const Slot& slot : slots_) n += slot.length != 0 ? 1 : 0;
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

NumericRunTable make_numeric_run_table(const bool* numeric, const bool* starts_short, bool vector_walk_wanted) {
  NumericRunTable table;
  bool ascii_only = true;
  for (unsigned b = 0; b < 256; ++b) {
    if (b >= 128) {
      ascii_only = ascii_only && !numeric[b];
    } else {
      table.classes[b] = static_cast<unsigned char>((numeric[b] ? 1u : 0u) | (starts_short[b] ? 2u : 0u));
    }
  }
  table.vector_walk = vector_walk_wanted && ascii_only && cpu_has_avx512_vbmi();
  return table;
}

}  // namespace piimatch
