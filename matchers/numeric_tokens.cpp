#include "matchers/numeric_tokens.h"

#include <algorithm>
#include <cstring>

namespace piimatch {

namespace {

struct ScanContext {
  std::vector<NumericCandidate>* out;
  bool failed;
};

int on_match(unsigned id, unsigned long long, unsigned long long to, unsigned, void* ctx) noexcept {
  auto* context = static_cast<ScanContext*>(ctx);
  try {
    context->out->push_back({id, static_cast<std::uint32_t>(to)});
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
  if (slots_.empty()) slots_.resize(kSlots);
  const std::uint64_t hash = shape_hash(shape);
  Slot& slot = slots_[hash & (kSlots - 1)];
  if (slot.length == shape.length && slot.hash == hash && std::memcmp(slot.bytes, shape.bytes, shape.length) == 0) {
    first = slot.candidates;
    last = first + slot.count;
    return true;
  }
  overflow_.clear();
  if (!scan(std::string_view(shape.bytes, shape.length), db, scratch, overflow_)) return false;
  if (overflow_.size() <= kSlotCandidates) {
    slot.hash = hash;
    slot.length = static_cast<std::uint8_t>(shape.length);
    slot.count = static_cast<std::uint8_t>(overflow_.size());
    std::copy(overflow_.begin(), overflow_.end(), slot.candidates);
    std::memcpy(slot.bytes, shape.bytes, shape.length);
    first = slot.candidates;
    last = first + slot.count;
  } else {
    first = overflow_.data();
    last = first + overflow_.size();
  }
  return true;
}

std::size_t NumericShapeCache::shapes() const {
  std::size_t n = 0;
  for (const Slot& slot : slots_) n += slot.length != 0 ? 1 : 0;
  return n;
}

}  // namespace piimatch
