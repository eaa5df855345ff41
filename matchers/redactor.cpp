// The streaming redactor. Data flow of one write():
//   append to buffer_ -> Hyperscan reports match ends -> Pending
//   -> confirm (start recovery, boundaries, context, validators) -> Accepted
//   -> release everything before the safe point: plain bytes and replacements -> output
//   -> trim buffer_ to what future confirmations may still read.
//
// Chunk invariance rests on two facts: (1) a candidate is confirmed only when every byte
// its rule may read (width + context before, lookahead after) is present, so it sees the
// same bytes whatever the chunking; (2) bytes are released only before the safe point,
// before which every finding that can exist is already accepted, so overlap resolution
// (leftmost, longest, priority, rule order) sees the same set.
#include "matchers/redactor.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#endif

namespace piimatch {

Redactor::Redactor(const Engine& engine, Scratch& scratch, FindingSink* sink, RedactorOptions options)
    : engine_(engine), scratch_(scratch), sink_(sink), options_(std::move(options)),
      scan_back_(engine.numeric_run_table().scan_back) {
  if (!options_.rule_enabled.empty() && options_.rule_enabled.size() != engine_.rules().size()) {
    throw std::invalid_argument("RedactorOptions::rule_enabled must have one entry per rule");
  }
  if (engine_.regex_db() != nullptr && hs_open_stream(engine_.regex_db(), 0, &regex_stream_) != HS_SUCCESS) {
    throw ScanError("hyperscan: cannot open a stream");
  }
  if (engine_.literal_db() != nullptr && hs_open_stream(engine_.literal_db(), 0, &literal_stream_) != HS_SUCCESS) {
    hs_close_stream(regex_stream_, nullptr, nullptr, nullptr);
    throw ScanError("hyperscan: cannot open a stream");
  }
  pending_.reserve(64);
  accepted_.reserve(16);
  gated_scans_.resize(engine_.gated_groups());
}

Redactor::~Redactor() {
  // No scratch: matches at end of data are not wanted any more.
  if (regex_stream_ != nullptr) hs_close_stream(regex_stream_, nullptr, nullptr, nullptr);
  if (literal_stream_ != nullptr) hs_close_stream(literal_stream_, nullptr, nullptr, nullptr);
}

void Redactor::reset() {
  if (regex_stream_ != nullptr) hs_reset_stream(regex_stream_, 0, nullptr, nullptr, nullptr);
  if (literal_stream_ != nullptr) hs_reset_stream(literal_stream_, 0, nullptr, nullptr, nullptr);
  buffer_.clear();
  buffer_base_ = stream_end_ = released_ = covered_until_ = 0;
  finished_ = false;
  findings_emitted_ = 0;
  pending_.clear();
  accepted_.clear();
  context_hits_.clear();
  for (auto& scans : gated_scans_) scans.clear();
  numeric_done_ = 0;
  name_words_done_ = 0;
  trigger_done_ = 0;
}

int Redactor::on_regex_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                             void* ctx) noexcept {
  auto* self = static_cast<Redactor*>(ctx);
  // The regex database also matches the caseless context words (Engine::regex_literal_base()).
  const std::uint32_t literal_base = self->engine_.regex_literal_base();
  if (id >= literal_base) return on_literal_match(id - literal_base, from, to, flags, ctx);
  self->add_pending(id, to, kUnknown);
  return 0;
}

int Redactor::on_literal_match(unsigned id, unsigned long long, unsigned long long to, unsigned, void* ctx) noexcept {
  auto* self = static_cast<Redactor*>(ctx);
  const auto& literal = self->engine_.literals()[id];
  if (literal.is_context_word) {
    const std::uint64_t start = to - literal.length;
    if (!self->cue_starts_word(start)) return 0;
    try {
      self->context_hits_.push_back({literal.index, start, to});
      const std::uint32_t group = self->engine_.word_gated_group(literal.index);
      if (group != Engine::kNoGatedGroup) {
        const std::uint64_t region_end = start + self->engine_.gated_reach(literal.index);
        self->add_scan_region(group, std::max(start, self->buffer_base_), region_end);
      }
    } catch (...) {
      self->scan_failed_ = true;
    }
  } else {
    self->add_pending(literal.index, to, to - literal.length);
  }
  return 0;
}

// Asks for a block scan of [from, to) with gated group `group`'s database, joining the
// group's last region when they overlap -- but only while the joined region stays short:
// a region is scanned (and bytes before it released) only once all of it has arrived, so a
// region that every write extends (an IBAN on every line, a cue word every few bytes) would
// hold the whole input back. Past the cap a new, overlapping region starts; a match in the
// overlap is reported twice and release() keeps one. Throws std::bad_alloc.
void Redactor::add_scan_region(std::uint32_t group, std::uint64_t from, std::uint64_t to) {
  auto& scans = gated_scans_[group];
  const std::uint64_t cap = std::max<std::uint64_t>(kMaxScanRegion, 2 * (to - from));
  if (!scans.empty() && from <= scans.back().to && std::max(scans.back().to, to) - std::min(scans.back().from, from) <= cap) {
    // A longer cue can end after a shorter one and start before it.
    scans.back().from = std::min(scans.back().from, from);
    scans.back().to = std::max(scans.back().to, to);
  } else {
    scans.push_back({from, to});
  }
}

// A cue word counts where a word starts: after a byte that is not a letter, or as the
// capitalized part of a camelCase key ("homePhone"). Inside a word it is another word's
// substring: 'cell' in "cancelled", 'tel' in "hotel", 'ssn' in "classname". The byte
// before a cue is always buffered (the hold-back window is wider than any cue word).
bool Redactor::cue_starts_word(std::uint64_t start) const noexcept {
  if (start == 0 || start <= buffer_base_) return true;
  const auto is_letter = [](unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; };
  const auto first = static_cast<unsigned char>(buffer_[start - buffer_base_]);
  const auto before = static_cast<unsigned char>(buffer_[start - 1 - buffer_base_]);
  if (!is_letter(first) || !is_letter(before)) return true;
  // camelCase: a capital after a lower-case letter ("homePhone"); in all capitals
  // ("CANCELLED") a capital starts no word.
  return first >= 'A' && first <= 'Z' && before >= 'a' && before <= 'z';
}

int Redactor::on_gated_match(unsigned id, unsigned long long, unsigned long long to, unsigned, void* ctx) noexcept {
  auto* self = static_cast<Redactor*>(ctx);
  self->add_pending(id, self->gated_base_ + to, kUnknown);
  return 0;
}

// Scans each region after a context word once all its bytes are buffered. A gated rule's
// finding lies inside such a region (its cue is at most context_window bytes before it),
// and block-scanning the region reports every match that lies inside it, so the candidates
// are the same as if the rule ran on the whole stream.
void Redactor::run_gated_scans(bool at_end) {
  for (std::uint32_t group = 0; group < gated_scans_.size(); ++group) {
    auto& scans = gated_scans_[group];
    std::size_t done = 0;
    for (; done < scans.size(); ++done) {
      const GatedScan& scan = scans[done];
      if (!at_end && scan.to > stream_end_) break;
      const std::uint64_t to = std::min(scan.to, stream_end_);
      if (to <= scan.from) continue;
      const std::string_view region = bytes(scan.from, to);
      gated_base_ = scan.from;
      if (hs_scan(engine_.gated_db(group), region.data(), static_cast<unsigned>(region.size()), 0, scratch_.hs(),
                  on_gated_match, this) != HS_SUCCESS) {
        scan_failed_ = true;
      }
    }
    scans.erase(scans.begin(), scans.begin() + static_cast<std::ptrdiff_t>(done));
  }
  if (scan_failed_) throw ScanError("hyperscan: scan failed");
}

namespace {

bool is_ascii_digit(unsigned char c) { return static_cast<unsigned char>(c - '0') < 10; }

// The first digit in [data, data + size), or size when there is none. Digits are what
// every numeric token must hold, and most text has few: skip 16 bytes at a time.
std::size_t next_digit(const unsigned char* data, std::size_t size) {
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i zero_char = _mm_set1_epi8('0');
  const __m128i nine = _mm_set1_epi8(9);
  for (; i + 16 <= size; i += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
    const __m128i offset = _mm_sub_epi8(bytes, zero_char);             // digits become 0..9
    const __m128i digit = _mm_cmpeq_epi8(_mm_min_epu8(offset, nine), offset);  // unsigned offset <= 9
    const int mask = _mm_movemask_epi8(digit);
    if (mask != 0) return i + static_cast<std::size_t>(std::countr_zero(static_cast<unsigned>(mask)));
  }
#endif
  for (; i < size; ++i) {
    if (is_ascii_digit(data[i])) return i;
  }
  return size;
}

// A numeric token's shape byte: every digit is '0', every separator itself.
char shape_byte(unsigned char c) { return is_ascii_digit(c) ? '0' : static_cast<char>(c); }

// Bit i of each mask describes byte i of a 64-byte block (0 past its present bytes).
struct NumericMasks {
  std::uint64_t numeric;
  std::uint64_t digit;
  std::uint64_t short_start;
};
// Blocks per call of the AVX2 mask function.
constexpr std::size_t kNumericBlocksPerBatch = 16;

#if defined(PIIMATCH_NIBBLE_SET_X86)
// Reads only the present bytes (a masked load), so never past the buffer.
__attribute__((target("avx512f,avx512bw,avx512vbmi"))) NumericMasks numeric_block_masks_avx512(const unsigned char* p,
                                                                                       std::size_t present,
                                                                                       const unsigned char* table) {
  const __mmask64 valid = present >= 64 ? ~__mmask64{0} : ((__mmask64{1} << present) - 1);
  const __m512i bytes = _mm512_maskz_loadu_epi8(valid, p);
  const __mmask64 ascii = valid & ~_mm512_movepi8_mask(bytes);  // the lookup uses 7 bits
  const __m512i classes = _mm512_permutex2var_epi8(_mm512_loadu_si512(table), bytes, _mm512_loadu_si512(table + 64));
  NumericMasks m;
  m.numeric = _mm512_test_epi8_mask(classes, _mm512_set1_epi8(1)) & ascii;
  m.short_start = _mm512_test_epi8_mask(classes, _mm512_set1_epi8(2)) & ascii;
  m.digit = _mm512_cmplt_epu8_mask(_mm512_sub_epi8(bytes, _mm512_set1_epi8('0')), _mm512_set1_epi8(10)) & valid;
  return m;
}

// The shape of the `length` (<= 64) bytes at src into dst[0, 64), zero past the length.
__attribute__((target("avx512f,avx512bw"))) void write_shape_avx512(const unsigned char* src, std::size_t length, char* dst) {
  const __mmask64 valid = length >= 64 ? ~__mmask64{0} : ((__mmask64{1} << length) - 1);
  const __m512i bytes = _mm512_maskz_loadu_epi8(valid, src);
  const __mmask64 digits = _mm512_cmplt_epu8_mask(_mm512_sub_epi8(bytes, _mm512_set1_epi8('0')), _mm512_set1_epi8(10)) & valid;
  _mm512_storeu_si512(dst, _mm512_mask_blend_epi8(digits, bytes, _mm512_set1_epi8('0')));
}

// How many bytes at the end of [p, p + size) are in the class `words` (256 bits, byte b at
// bit b % 64 of word b / 64): 64 bytes a time, from the end. Reads only those bytes.
__attribute__((target("avx512f,avx512bw,avx512vbmi"))) std::size_t alphabet_run_before_avx512(const unsigned char* p,
                                                                                            std::size_t size,
                                                                                            const std::uint64_t* words) {
  // Byte b's bit is bit b % 8 of table byte b / 8 (< 32): one lookup for the byte, one for
  // the bit.
  const __m512i table = _mm512_maskz_loadu_epi64(0x0f, words);
  const __m512i bit_of = _mm512_set1_epi64(static_cast<long long>(0x8040201008040201ull));
  std::size_t end = size;
  while (end > 0) {
    const std::size_t n = std::min<std::size_t>(64, end);
    const __mmask64 valid = n == 64 ? ~__mmask64{0} : ((__mmask64{1} << n) - 1);
    const __m512i bytes = _mm512_maskz_loadu_epi8(valid, p + end - n);
    const __m512i table_bytes = _mm512_permutex2var_epi8(
        table, _mm512_and_si512(_mm512_srli_epi16(bytes, 3), _mm512_set1_epi8(0x1f)), table);
    const __m512i bits = _mm512_permutex2var_epi8(bit_of, _mm512_and_si512(bytes, _mm512_set1_epi8(7)), bit_of);
    const std::uint64_t outside = ~_mm512_test_epi8_mask(table_bytes, bits) & valid;
    if (outside != 0) return size - (end - n + 64 - static_cast<std::size_t>(std::countl_zero(outside)));
    end -= n;
  }
  return size;
}

// The AVX2 counterparts, for CPUs without VBMI. AVX2 has no masked byte load: a block with
// fewer than 64 bytes present is copied, zero-padded, unless the caller knows the bytes
// around it may be read.

// Per 32 bytes: numeric and short-start bytes by nibble lookups (exact: both sets hold
// ASCII bytes only, so they reject every byte >= 0x80), digits by compares.
__attribute__((target("avx2"))) inline void half_numeric_masks_avx2(__m256i bytes, const NibbleSetVectors& numeric,
                                                                   const NibbleSetVectors& short_start, unsigned shift,
                                                                   NumericMasks& m) {
  const __m256i high_nibbles = high_nibbles_of(bytes);
  const __m256i offset = _mm256_sub_epi8(bytes, _mm256_set1_epi8('0'));
  const __m256i digit = _mm256_cmpeq_epi8(_mm256_min_epu8(offset, _mm256_set1_epi8(9)), offset);
  m.numeric |= std::uint64_t{nonzero_byte_mask(nibble_set_test(numeric, bytes, high_nibbles))} << shift;
  m.short_start |= std::uint64_t{nonzero_byte_mask(nibble_set_test(short_start, bytes, high_nibbles))} << shift;
  m.digit |= std::uint64_t{static_cast<std::uint32_t>(_mm256_movemask_epi8(digit))} << shift;
}

// The masks of the 64-byte blocks of [p, p + size), one per block into `out`: the call and
// its table loads are paid once per batch of blocks, not per block (in prose most blocks
// cost little more than their masks).
__attribute__((target("avx2"))) void numeric_block_masks_avx2(const unsigned char* p, std::size_t size,
                                                              const NumericRunTable& table, NumericMasks* out) {
  const NibbleSetVectors numeric = load_nibble_set(table.numeric_nibbles);
  const NibbleSetVectors short_start = load_nibble_set(table.short_start_nibbles);
  for (std::size_t at = 0; at < size; at += 64, ++out) {
    const std::size_t present = std::min<std::size_t>(64, size - at);
    alignas(32) unsigned char padded[64];
    const unsigned char* block = p + at;
    if (present < 64) {  // never read past the input
      std::memset(padded, 0, sizeof padded);
      std::memcpy(padded, block, present);
      block = padded;
    }
    NumericMasks m{0, 0, 0};
    half_numeric_masks_avx2(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(block)), numeric, short_start, 0, m);
    half_numeric_masks_avx2(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(block + 32)), numeric, short_start, 32, m);
    const std::uint64_t valid = present >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << present) - 1;
    *out = {m.numeric & valid, m.digit & valid, m.short_start & valid};
  }
}

// write_shape_avx512 where 64 bytes from src may be read: digits become '0' by a blend,
// bytes past the length 0 by a compare with their index.
__attribute__((target("avx2"))) void write_shape_avx2(const unsigned char* src, std::size_t length, char* dst) {
  const __m256i zero_char = _mm256_set1_epi8('0');
  const __m256i nine = _mm256_set1_epi8(9);
  const __m256i index = _mm256_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
                                         23, 24, 25, 26, 27, 28, 29, 30, 31);
  const __m256i kept_length = _mm256_set1_epi8(static_cast<char>(length));  // <= 64: positive
  for (unsigned half = 0; half < 2; ++half) {
    const __m256i bytes = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + 32 * half));
    const __m256i offset = _mm256_sub_epi8(bytes, zero_char);
    const __m256i digit = _mm256_cmpeq_epi8(_mm256_min_epu8(offset, nine), offset);
    const __m256i kept = _mm256_cmpgt_epi8(kept_length, _mm256_add_epi8(index, _mm256_set1_epi8(static_cast<char>(32 * half))));
    const __m256i shaped = _mm256_and_si256(_mm256_blendv_epi8(bytes, zero_char, digit), kept);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + 32 * half), shaped);
  }
}

// alphabet_run_before_avx512 32 bytes at a time; `readable_before` bytes before p may be
// read too, so that a short last piece is one load (the bytes before it masked off). Byte
// b's table byte b / 8 (< 32) is looked up in one of two 16-byte halves, chosen by b's top
// bit; its bit b % 8 by a second lookup.
__attribute__((target("avx2"))) std::size_t alphabet_run_before_avx2(const unsigned char* p, std::size_t size,
                                                                     std::size_t readable_before, const std::uint64_t* words) {
  const __m256i table_low = _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(words)));
  const __m256i table_high = _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(words + 2)));
  const __m256i bit_of = _mm256_set1_epi64x(static_cast<long long>(0x8040201008040201ull));
  const __m256i low_nibble = _mm256_set1_epi8(0x0f);
  std::size_t end = size;
  while (end > 0) {
    std::uint32_t valid = ~std::uint32_t{0};
    if (end < 32) {
      if (end + readable_before < 32) {  // fewer than 32 bytes buffered before the window's end: byte by byte
        const auto in_class = [&](unsigned char b) { return ((words[b / 64] >> (b % 64)) & 1) != 0; };
        while (end > 0 && in_class(p[end - 1])) --end;
        return size - end;
      }
      valid <<= 32 - end;  // the bytes before p are not asked about
    }
    const __m256i bytes = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + end - 32));
    const __m256i table_index = _mm256_and_si256(_mm256_srli_epi16(bytes, 3), low_nibble);
    const __m256i table_bytes =
        _mm256_blendv_epi8(_mm256_shuffle_epi8(table_low, table_index), _mm256_shuffle_epi8(table_high, table_index), bytes);
    const __m256i bits = _mm256_shuffle_epi8(bit_of, _mm256_and_si256(bytes, _mm256_set1_epi8(7)));
    const __m256i outside_bytes = _mm256_cmpeq_epi8(_mm256_and_si256(table_bytes, bits), _mm256_setzero_si256());
    const std::uint32_t outside = static_cast<std::uint32_t>(_mm256_movemask_epi8(outside_bytes)) & valid;
    // The last byte outside the class is at end - 32 + (31 - countl_zero).
    if (outside != 0) return size - (end - static_cast<std::size_t>(std::countl_zero(outside)));
    end = end >= 32 ? end - 32 : 0;
  }
  return size;
}
#else  // NumericRunTable's walk and scan_back are always bytewise here
NumericMasks numeric_block_masks_avx512(const unsigned char*, std::size_t, const unsigned char*) { return {0, 0, 0}; }
void numeric_block_masks_avx2(const unsigned char*, std::size_t, const NumericRunTable&, NumericMasks*) {}
void write_shape_avx512(const unsigned char*, std::size_t, char*) {}
void write_shape_avx2(const unsigned char*, std::size_t, char*) {}
std::size_t alphabet_run_before_avx512(const unsigned char*, std::size_t, const std::uint64_t*) { return 0; }
std::size_t alphabet_run_before_avx2(const unsigned char*, std::size_t, std::size_t, const std::uint64_t*) { return 0; }
#endif

// The first offset in [0, size] from which every byte of p[offset, size) is in the class
// (`readable_before` bytes before p are buffered too).
std::size_t alphabet_run_before(const unsigned char* p, std::size_t size, std::size_t readable_before,
                                const std::uint64_t* words, NumericRunTable::Walk walk) {
  if (walk == NumericRunTable::Walk::avx512_vbmi) return size - alphabet_run_before_avx512(p, size, words);
  return size - alphabet_run_before_avx2(p, size, readable_before, words);
}

// The shape of a token of `length` <= kMaxShapeBytes bytes, zero-padded to a multiple of 8
// bytes and to 16 at least (the cache reads whole words). `readable`: bytes from src that
// may be read.
void write_shape(const unsigned char* src, std::size_t length, std::size_t readable, char* dst, NumericRunTable::Walk walk) {
  if (walk == NumericRunTable::Walk::avx512_vbmi) {
    write_shape_avx512(src, length, dst);
    return;
  }
  if (walk == NumericRunTable::Walk::avx2 && readable >= 64) {
    write_shape_avx2(src, length, dst);
    return;
  }
  for (std::size_t i = 0; i < length; ++i) dst[i] = shape_byte(src[i]);
  for (std::size_t i = length; i % 8 != 0 || i < NumericShapeCache::kShortShapeBytes; ++i) dst[i] = 0;
}

// A short shape as the two words NumericShapeCache::find_short takes.
struct ShortShape {
  std::uint64_t lo = 0;
  std::uint64_t hi = 0;
};

// The shape of the `length` (<= 16) bytes at src, zero-padded to 16, made in a register;
// reads 16 bytes from src. False where there is no SSE2 (the caller then writes the shape).
bool short_shape_of(const unsigned char* src, std::uint64_t length, ShortShape& out) {
#if defined(__SSE2__)
  // Byte i of kKeep[n] is 0xff for i < n.
  static constexpr auto kKeep = [] {
    std::array<std::array<unsigned char, 16>, 17> keep{};
    for (std::size_t n = 0; n <= 16; ++n) {
      for (std::size_t i = 0; i < n; ++i) keep[n][i] = 0xff;
    }
    return keep;
  }();
  const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src));
  const __m128i offset = _mm_sub_epi8(bytes, _mm_set1_epi8('0'));
  const __m128i digit = _mm_cmpeq_epi8(_mm_min_epu8(offset, _mm_set1_epi8(9)), offset);
  const __m128i shaped = _mm_or_si128(_mm_and_si128(digit, _mm_set1_epi8('0')), _mm_andnot_si128(digit, bytes));
  const __m128i kept = _mm_and_si128(shaped, _mm_loadu_si128(reinterpret_cast<const __m128i*>(kKeep[length].data())));
  out.lo = static_cast<std::uint64_t>(_mm_cvtsi128_si64(kept));
  out.hi = static_cast<std::uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(kept, kept)));
  return true;
#else
  (void)src;
  (void)length;
  (void)out;
  return false;
#endif
}

// Whether a candidate found in a token's shape can be a finding, as far as the shape alone
// tells (the shape cache keeps only those; see NumericShapeCache::Filter). A byte inside the
// token stands in the shape for itself, or as '0' for any digit: a test on it is decided by
// the shape when the boundary holds that separator, or every digit. Dropped here is only
// what add_pending (right boundary) or confirm (left boundary of an exact start) would
// reject for every token of the shape; most of a long digit run's ends go (a 19-digit id
// gives a card rule six ends, five of them followed by a digit). A kept candidate's start
// becomes kNoExactStart unless it is the real start, so the per-token loop need not ask.
// The start the cache keeps for a rule whose start is not exact (confirm finds it).
constexpr std::uint32_t kNoExactStart = ~std::uint32_t{0};

bool keep_numeric_candidate(const void* context, const NumericShapeCache::Shape& shape, NumericCandidate& candidate) {
  const CompiledRule& rule = static_cast<const Engine*>(context)->rules()[candidate.rule];
  const auto rejects = [](const ByteClass& boundary, unsigned char shape_byte) {
    if (shape_byte != '0') return boundary.contains(shape_byte);
    for (unsigned char digit = '0'; digit <= '9'; ++digit) {
      if (!boundary.contains(digit)) return false;
    }
    return true;
  };
  if (candidate.end < shape.length && rejects(rule.rule.right_boundary, static_cast<unsigned char>(shape.bytes[candidate.end]))) {
    return false;
  }
  // The start is the candidate's own only when exact (else confirm finds it); before the
  // token's first byte lies a byte the shape does not hold.
  if (rule.numeric_exact_start && rule.value_group == 0 && candidate.start > 0 &&
      rejects(rule.rule.left_boundary, static_cast<unsigned char>(shape.bytes[candidate.start - 1]))) {
    return false;
  }
  if (!rule.numeric_exact_start) candidate.start = kNoExactStart;
  return true;
}

}  // namespace

// A numeric token the shape cache does not take (long, still open, or begun before the
// floor): scans it directly, in pieces that overlap by the widest match, from where a match
// ending after `done` can start, and reports the ends after `done`. False on a Hyperscan
// error. Rare, so kept out of the per-token path.
bool Redactor::scan_numeric_token_directly(std::uint64_t token_start, std::uint64_t token_end, std::uint64_t done) {
  const std::uint64_t reach = engine_.numeric_max_width();
  // Each piece moves on by at least 3 reaches (a reach may be as long as max_width allows).
  const std::uint64_t piece_size = std::max<std::uint64_t>(16384, 4 * reach);
  std::uint64_t from = std::max(token_start, done > reach ? done - reach : 0);
  std::uint64_t reported = done;
  std::string& piece = scratch_.shape_buffer();
  auto& found = scratch_.candidate_buffer();
  while (true) {
    const std::uint64_t to = std::min(token_end, from + piece_size);
    const std::string_view bytes_in_piece = bytes(from, to);
    piece.assign(bytes_in_piece.data(), bytes_in_piece.size());
    for (char& c : piece) c = shape_byte(static_cast<unsigned char>(c));
    found.clear();
    if (!NumericShapeCache::scan(piece, engine_.numeric_db(), scratch_.hs(), found)) return false;
    for (const NumericCandidate& candidate : found) {
      const std::uint64_t end = from + candidate.end;
      if (end > reported) add_pending(candidate.rule, end, kUnknown);
    }
    reported = to;
    if (to >= token_end) return true;
    from = to - reach;
  }
}

// Reports the candidate ends of digit-shaped rules in the bytes written since the last call
// (see numeric_tokens.h). Invariant kept: every end <= numeric_done_ has been reported.
//
// A match of such a rule lies inside one numeric token and is at most numeric_max_width()
// bytes long, so a match ending after numeric_done_ starts after floor = numeric_done_ -
// numeric_max_width(); those bytes are still buffered (holdback >= that width). A token that
// begins before the floor, or is longer than the cache takes, or is still open at the end of
// the input, is scanned directly from where it can matter: the widened rules then report a
// superset of its real ends, which is all a candidate list needs (confirm decides).
void Redactor::scan_numeric_tokens(bool at_end) {
  if (engine_.numeric_db() == nullptr) return;
  const std::uint64_t done = numeric_done_;
  const std::uint64_t reach = engine_.numeric_max_width();
  const std::uint64_t floor = std::max(buffer_base_, done > reach ? done - reach : 0);
  const auto* const data = reinterpret_cast<const unsigned char*>(buffer_.data());
  const std::uint64_t base = buffer_base_;
  const std::uint64_t end_of_input = stream_end_;
  const bool* const numeric = engine_.numeric_byte_table();
  const bool* const starts_short = engine_.numeric_starts_short_table();
  const std::uint64_t min_width = engine_.numeric_min_width();
  const std::uint64_t short_min_width = engine_.numeric_short_min_width();
  std::uint64_t p = done;
  while (p > floor && numeric[data[p - 1 - base]]) --p;
  // The token at p started before the floor: its start is not known here.
  const std::uint64_t first_start = p;
  const bool first_truncated = p > 0 && p == floor && numeric[data[p - 1 - base]];
  NumericShapeCache::Shape& shape = scratch_.shape();
  const NumericRunTable& run_table = engine_.numeric_run_table();
  const NumericRunTable::Walk walk = run_table.walk;

  // A complete token too short for every rule holds no match; an open one holds none yet
  // (all its ends so far would be shorter too). Most tokens of JSON (pieces of hex ids,
  // small counts) end here: the walks test this inline, before the call to handle_token.
  auto may_hold_match = [&](std::uint64_t token_start, std::uint64_t token_end, bool short_start) {
    const std::uint64_t token_length = token_end - token_start;
    if (token_length >= min_width || (short_start && token_length >= short_min_width)) return token_end > done;
    return first_truncated && token_start == first_start;
  };

  // One token [token_start, token_end) that holds a digit and may hold a match; false on a
  // Hyperscan error. Inlined into the walks: out of line, its call and register saves were
  // a tenth of its cost (the slow path it may take is a separate function).
  auto handle_token = [&](std::uint64_t token_start, std::uint64_t token_end) __attribute__((always_inline)) {
    const bool truncated = first_truncated && token_start == first_start;
    const std::uint64_t token_length = token_end - token_start;
    if (token_end <= done) return true;
    const bool open = token_end == end_of_input && !at_end;
    if (!truncated && !open && token_length <= NumericShapeCache::kMaxShapeBytes) {
      const NumericCandidate* first = nullptr;
      const NumericCandidate* last = nullptr;
      // Most tokens are short and their shape cached: the shape is made in a register, with
      // no call and no store, when 16 bytes from the token's start are buffered.
      ShortShape short_shape;
      const bool in_register = token_length <= NumericShapeCache::kShortShapeBytes &&
                               token_start - base + 16 <= buffer_.size() &&
                               short_shape_of(data + (token_start - base), token_length, short_shape);
      if (!in_register ||
          !scratch_.numeric_shapes().find_short(short_shape.lo, short_shape.hi, token_length, first, last)) {
        shape.length = static_cast<std::size_t>(token_length);
        write_shape(data + (token_start - base), shape.length, static_cast<std::size_t>(buffer_.size() - (token_start - base)),
                    shape.bytes, walk);
        if (!scratch_.numeric_shapes().lookup(shape, engine_.numeric_db(), scratch_.hs(), {keep_numeric_candidate, &engine_},
                                              first, last)) {
          return false;
        }
      }
      for (; first != last; ++first) {
        const std::uint64_t end = token_start + first->end;
        if (end <= done) continue;
        add_pending(first->rule, end, first->start == kNoExactStart ? kUnknown : token_start + first->start);
      }
      return true;
    }
    return scan_numeric_token_directly(token_start, token_end, done);
  };

  // 64 bytes at a time: the numeric, digit and short-rule bytes as bit masks (from
  // `masks_of(block, present)`), tokens as runs of numeric bits. A token without a digit is
  // skipped like the byte-wise walk below skips it (it never reaches one). One copy per
  // mask source, each with its source inlined.
  auto vector_walk = [&](auto&& masks_of) __attribute__((always_inline)) {
    // Short runs are found with one shift per byte of min_width: worth it for short widths.
    const bool skip_short_runs = min_width >= 1 && min_width <= 16;
    auto below = [](std::uint64_t n) { return n >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1; };
    // A run of numeric bytes that reached the end of the previous block.
    bool open = false, open_digit = false, open_short = false;
    std::uint64_t open_start = 0;
    for (std::uint64_t block = p; block < end_of_input && !scan_failed_; block += 64) {
      const std::size_t present = static_cast<std::size_t>(std::min<std::uint64_t>(64, end_of_input - block));
      const NumericMasks m = masks_of(block, present);
      const std::uint64_t stops_all = ~m.numeric & below(present);  // non-numeric bytes
      std::uint64_t i = 0;
      if (open) {
        const std::uint64_t stop = stops_all == 0 ? present : static_cast<std::uint64_t>(std::countr_zero(stops_all));
        open_digit = open_digit || (m.digit & below(stop)) != 0;
        open_short = open_short || (m.short_start & below(stop)) != 0;
        if (stop == present) continue;  // goes on into the next block
        open = false;
        if (open_digit && may_hold_match(open_start, block + stop, open_short) && !handle_token(open_start, block + stop)) {
          scan_failed_ = true;
        }
        i = stop;
      }
      // A token inside the block, shorter than every rule, in a block without a byte that
      // starts a shorter rule, is one may_hold_match would turn down: its digits are not
      // visited. Most of JSON's tokens are such pieces of hex ids and UUIDs. Runs touching
      // either end of the block (one open from the previous block, the first token of this
      // call, one going on into the next) are left to the loop. Prose has few digits: most
      // of its blocks need no masks.
      std::uint64_t short_runs = 0;
      if (skip_short_runs && m.short_start == 0 && stops_all != 0 && (m.digit & ~below(i)) != 0) {
        const std::uint64_t runs = m.numeric & below(present);
        std::uint64_t windows = runs;  // bit j: bytes j .. j + min_width - 1 are all numeric
        for (std::uint64_t j = 1; j < min_width; ++j) windows &= runs >> j;
        std::uint64_t long_runs = windows;
        for (std::uint64_t j = 1; j < min_width; ++j) long_runs |= windows << j;
        const std::uint64_t edge_low = (runs & 1) != 0 ? below(static_cast<std::uint64_t>(std::countr_zero(stops_all))) : 0;
        const std::uint64_t edge_high = ((runs >> (present - 1)) & 1) != 0
                                            ? ~below(64 - static_cast<std::uint64_t>(std::countl_zero(stops_all))) & below(present)
                                            : 0;
        short_runs = runs & ~long_runs & ~edge_low & ~edge_high;
      }
      // Tokens are found from their digits (a token without one holds no match), as the
      // byte-wise walk does: prose has few digits, and most blocks none.
      while (!scan_failed_) {
        const std::uint64_t digits = m.digit & ~below(i) & ~short_runs;
        if (digits == 0) {
          // A run at the end of the block may find its digits in the next one.
          if (present == 64 && (m.numeric >> 63) != 0) {
            const std::uint64_t gaps = stops_all & ~below(i);
            const std::uint64_t start = gaps == 0 ? i : 64 - static_cast<std::uint64_t>(std::countl_zero(gaps));
            open = true;
            open_start = block + start;
            open_digit = false;
            open_short = (m.short_start & ~below(start)) != 0;
          }
          break;
        }
        const std::uint64_t d = static_cast<std::uint64_t>(std::countr_zero(digits));
        // The token starts after the last non-numeric byte before its digit (or at i: the
        // block's first byte with none open before it, or the first token of this call).
        const std::uint64_t gaps_before = stops_all & ~below(i) & below(d);
        const std::uint64_t start = gaps_before == 0 ? i : 64 - static_cast<std::uint64_t>(std::countl_zero(gaps_before));
        const std::uint64_t gaps_after = stops_all & ~below(d);
        const std::uint64_t stop = gaps_after == 0 ? present : static_cast<std::uint64_t>(std::countr_zero(gaps_after));
        const bool shorts = (m.short_start & below(stop) & ~below(start)) != 0;
        if (stop == present) {  // goes on into the next block, or the input ends here
          open = true;
          open_start = block + start;
          open_digit = true;
          open_short = shorts;
          break;
        }
        if (may_hold_match(block + start, block + stop, shorts) && !handle_token(block + start, block + stop)) scan_failed_ = true;
        i = stop;
      }
    }
    if (open && open_digit && !scan_failed_ && may_hold_match(open_start, end_of_input, open_short) &&
        !handle_token(open_start, end_of_input)) {
      scan_failed_ = true;
    }
  };

  if (walk == NumericRunTable::Walk::avx512_vbmi) {
    vector_walk([&](std::uint64_t block, std::size_t present) {
      return numeric_block_masks_avx512(data + (block - base), present, run_table.classes);
    });
  } else if (walk == NumericRunTable::Walk::avx2) {
    // The masks come in batches of blocks (the walk visits every block, in order).
    NumericMasks batch[kNumericBlocksPerBatch];
    std::size_t next_in_batch = kNumericBlocksPerBatch;
    vector_walk([&](std::uint64_t block, std::size_t) {
      if (next_in_batch == kNumericBlocksPerBatch) {
        const auto batch_size = static_cast<std::size_t>(std::min<std::uint64_t>(64 * kNumericBlocksPerBatch, end_of_input - block));
        numeric_block_masks_avx2(data + (block - base), batch_size, run_table, batch);
        next_in_batch = 0;
      }
      return batch[next_in_batch++];
    });
  } else {
    std::uint64_t previous_end = p;  // tokens are disjoint: the next one starts at or after this
    while (p < end_of_input) {
      // Every match holds a digit (checked at compile time): find tokens from their digits.
      const std::uint64_t digit = p + next_digit(data + (p - base), static_cast<std::size_t>(end_of_input - p));
      if (digit >= end_of_input) break;
      std::uint64_t token_start = digit;
      while (token_start > previous_end && numeric[data[token_start - 1 - base]]) --token_start;
      bool short_start = false;
      std::uint64_t token_end = token_start;
      for (; token_end < end_of_input && numeric[data[token_end - base]]; ++token_end) {
        short_start = short_start || starts_short[data[token_end - base]];
      }
      p = previous_end = token_end;
      if (may_hold_match(token_start, token_end, short_start) && !handle_token(token_start, token_end)) {
        scan_failed_ = true;
        break;
      }
    }
  }
  numeric_done_ = stream_end_;
  if (scan_failed_) throw ScanError("hyperscan: scan failed");
}

void Redactor::on_name_word(void* ctx, std::uint32_t rule, std::uint64_t start, std::uint64_t end) noexcept {
  static_cast<Redactor*>(ctx)->add_pending(rule, end, start);
}

// Looks up the words written since the last call in the engine's word table: the same
// (rule, start, end) candidates the literal database reported for those entries, less
// the ones the boundary checks reject anyway (inside a longer word). A word that may still
// grow (it reaches the end of the input so far) is looked up by a later call; it starts at
// most the longest entry's length before the end, so it is still buffered, and no finding
// from it can start before the safe release point (holdback >= that length plus the
// confirmer's widening), as for a literal match not yet reported.
void Redactor::scan_name_words(bool at_end) {
  const NameWordTable& words = engine_.name_words();
  if (words.empty()) return;
  // The byte before name_words_done_ is buffered (name_words_done_ > buffer_base_ unless 0):
  // name_words_done_ >= the previous input end - longest() and the buffer keeps holdback()
  // + lookbehind() > longest() bytes before that end.
  name_words_done_ = words.walk(reinterpret_cast<const unsigned char*>(buffer_.data()), buffer_base_, name_words_done_,
                                stream_end_, at_end, on_name_word, this);
  if (scan_failed_) throw ScanError("out of memory while looking up words");
}

// Finds the triggers that start in [trigger_done_, limit) and asks for a block scan of their
// rule around each (the regions join those after cue words). A trigger starting at or
// after the limit may still continue into bytes not yet written: it waits for the next
// write. trigger_done_ >= stream end - max trigger length is always buffered.
void Redactor::scan_triggers(bool at_end) {
  const TriggerScanner& triggers = engine_.triggers();
  if (triggers.empty()) return;
  const std::uint64_t longest = triggers.max_length();
  const std::uint64_t limit = at_end ? stream_end_ : (stream_end_ + 1 > longest ? stream_end_ + 1 - longest : 0);
  if (limit <= trigger_done_) return;
  const std::uint64_t from = trigger_done_;
  trigger_hits_.clear();
  try {
    triggers.scan(reinterpret_cast<const unsigned char*>(buffer_.data()) + (from - buffer_base_),
                  static_cast<std::size_t>(limit - from), static_cast<std::size_t>(stream_end_ - from), trigger_hits_);
    // Regions join the group's list in position order (one rule's triggers hit out of order).
    std::sort(trigger_hits_.begin(), trigger_hits_.end(), [](const TriggerScanner::Hit& a, const TriggerScanner::Hit& b) {
      return a.group != b.group ? a.group < b.group : a.position < b.position;
    });
    for (const TriggerScanner::Hit& hit : trigger_hits_) {
      const std::uint64_t at = from + hit.position;
      const std::uint64_t reach = engine_.trigger_reach(hit.group);
      const std::uint64_t region_from = std::max(buffer_base_, at > reach ? at - reach : 0);
      const std::uint64_t region_to = at + reach + longest;
      add_scan_region(hit.group, region_from, region_to);
    }
  } catch (...) {
    throw ScanError("out of memory while scanning for triggers");
  }
  trigger_done_ = limit;
}

void Redactor::add_pending(std::uint32_t rule, std::uint64_t end, std::uint64_t known_start) noexcept {
  if (!options_.rule_enabled.empty() && !options_.rule_enabled[rule]) return;
  const CompiledRule& r = engine_.rules()[rule];
  // Cheap early reject: most reported ends of a run (a@b.c, a@b.co, ...) are followed by a
  // byte of the same run. The byte is already buffered unless the match ends this write.
  if (end < stream_end_ && r.rule.right_boundary.contains(static_cast<unsigned char>(buffer_[end - buffer_base_]))) return;
  try {
    pending_.push_back({rule, end, known_start});
  } catch (...) {
    scan_failed_ = true;  // out of memory: fail closed at the end of this write
  }
}

void Redactor::scan(std::string_view input, bool at_end) {
  const auto size = static_cast<unsigned>(input.size());
  if (regex_stream_ != nullptr && size > 0 &&
      hs_scan_stream(regex_stream_, input.data(), size, 0, scratch_.hs(), on_regex_match, this) != HS_SUCCESS) {
    scan_failed_ = true;
  }
  if (literal_stream_ != nullptr && size > 0 &&
      hs_scan_stream(literal_stream_, input.data(), size, 0, scratch_.hs(), on_literal_match, this) != HS_SUCCESS) {
    scan_failed_ = true;
  }
  if (at_end) {
    // Reports matches anchored at end of data and readies the streams for reset().
    if (regex_stream_ != nullptr &&
        hs_reset_stream(regex_stream_, 0, scratch_.hs(), on_regex_match, this) != HS_SUCCESS) {
      scan_failed_ = true;
    }
    if (literal_stream_ != nullptr &&
        hs_reset_stream(literal_stream_, 0, scratch_.hs(), on_literal_match, this) != HS_SUCCESS) {
      scan_failed_ = true;
    }
  }
  if (scan_failed_) throw ScanError("hyperscan: scan failed");
}

void Redactor::write(std::string_view input, std::string& output) {
  if (finished_) throw std::logic_error("Redactor::write after finish (call reset first)");
  // Hyperscan takes at most 4 GiB per call; split so the count fits an unsigned.
  constexpr std::size_t kMaxPiece = std::size_t{1} << 30;
  while (!input.empty()) {
    const std::string_view piece = input.substr(0, kMaxPiece);
    input.remove_prefix(piece.size());
    buffer_.append(piece);
    stream_end_ += piece.size();
    scan(piece, false);
    scan_name_words(false);
    scan_numeric_tokens(false);
    scan_triggers(false);
    run_gated_scans(false);
    confirm_ready(false);
    release(safe_release_point(false), output);
    trim();
  }
}

void Redactor::finish(std::string& output) {
  if (finished_) return;
  scan({}, true);
  scan_name_words(true);
  scan_numeric_tokens(true);
  scan_triggers(true);
  run_gated_scans(true);
  confirm_ready(true);
  release(stream_end_, output);
  trim();
  finished_ = true;
}

bool Redactor::context_before(const CompiledRule& rule, std::uint64_t start, std::uint64_t until) const {
  const std::uint64_t from = start >= rule.rule.context_window ? start - rule.rule.context_window : 0;
  for (const ContextHit& hit : context_hits_) {
    if (hit.start >= from && hit.end <= until && rule.context_word_used[hit.word]) return true;
  }
  return false;
}

void Redactor::confirm_ready(bool at_end) {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < pending_.size(); ++i) {
    const Pending& p = pending_[i];
    const CompiledRule& rule = engine_.rules()[p.rule];
    if (!at_end && p.end + rule.lookahead > stream_end_) {
      pending_[kept++] = p;  // needs bytes that have not arrived yet
      continue;
    }
    Accepted accepted;
    if (confirm(p, at_end, accepted)) accepted_.push_back(accepted);
  }
  pending_.resize(kept);
}

bool Redactor::confirm(const Pending& p, bool at_end, Accepted& out) {
  const CompiledRule& rule = engine_.rules()[p.rule];
  // Right boundary (the callback could not check it when the match ended a write).
  if (p.end < stream_end_ && rule.rule.right_boundary.contains(static_cast<unsigned char>(buffer_[p.end - buffer_base_]))) {
    return false;
  }
  std::uint64_t start = p.known_start;
  std::uint64_t end = p.end;
  if (start == kUnknown && rule.fixed_width) start = p.end - rule.width_max;
  if (start == kUnknown || rule.value_group != 0) {
    // Leftmost start of a match ending exactly at p.end, within the rule's width.
    const std::uint64_t window_start = std::max(buffer_base_, p.end >= rule.width_max ? p.end - rule.width_max : 0);
    const std::string_view window = bytes(window_start, p.end);
    if (!rule.rule.context.empty() && !context_before(rule, window_start, p.end)) return false;
    // Every byte of a match is in the alphabet: no match can start before `first`.
    std::uint64_t first = window_start;
    if (rule.alphabet_known) {
      const auto* const data = reinterpret_cast<const unsigned char*>(buffer_.data());
      if (scan_back_ != NumericRunTable::Walk::bytewise) {
        const auto before = static_cast<std::size_t>(window_start - buffer_base_);
        first = window_start + alphabet_run_before(data + before, static_cast<std::size_t>(p.end - window_start), before,
                                                   rule.alphabet_words.data(), scan_back_);
      } else {
        first = p.end;
        while (first > window_start && rule.alphabet.contains(data[first - 1 - buffer_base_])) --first;
      }
      if (p.end - first < rule.width_min) return false;
    }
    const int rc = pcre2_match_8(rule.confirm, reinterpret_cast<PCRE2_SPTR8>(window.data()), window.size(),
                                 static_cast<PCRE2_SIZE>(first - window_start), 0, scratch_.match_data(), nullptr);
    if (rc <= 0) return false;
    const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer_8(scratch_.match_data());
    const std::uint32_t group = rule.value_group;
    if (group != 0) {
      if (static_cast<std::uint32_t>(rc) <= group || ovector[2 * group] == PCRE2_UNSET) return false;
      // The boundaries apply to the whole match; the finding is the value group.
      const std::uint64_t match_start = window_start + ovector[0];
      if (match_start > 0 && rule.rule.left_boundary.contains(static_cast<unsigned char>(buffer_[match_start - 1 - buffer_base_]))) {
        return false;
      }
      start = window_start + ovector[2 * group];
      end = window_start + ovector[2 * group + 1];
      if (end <= start) return false;
    } else {
      start = window_start + ovector[0];
    }
  }
  if (rule.value_group == 0 && start > 0 &&
      rule.rule.left_boundary.contains(static_cast<unsigned char>(buffer_[start - 1 - buffer_base_]))) {
    return false;
  }
  if (!rule.rule.context.empty() && !context_before(rule, start, start)) return false;
  if (!rule.validators.empty()) {
    // The validator's view is fixed by the rule, not by the chunking: `before` bytes before
    // the start and `lookahead` bytes after the end (fewer only at the stream's ends).
    const std::uint64_t view_from = std::max(buffer_base_, start >= rule.before ? start - rule.before : 0);
    const std::uint64_t view_to = std::min(stream_end_, p.end + rule.lookahead);
    Candidate candidate;
    candidate.data = bytes(view_from, view_to);
    candidate.start = start - view_from;
    candidate.end = end - view_from;
    candidate.at_stream_begin = view_from == 0;
    candidate.at_stream_end = at_end && view_to == stream_end_;
    for (std::size_t i = 0; i < rule.validators.size(); ++i) {
      if (!rule.validators[i]->fn(candidate, rule.validator_args[i])) return false;
    }
    if (candidate.start >= candidate.end || candidate.end > candidate.data.size()) return false;
    start = view_from + candidate.start;
    end = view_from + candidate.end;
  }
  out = {p.rule, start, end};
  return true;
}

std::uint64_t Redactor::safe_release_point(bool at_end) const {
  if (at_end) return stream_end_;
  // Matches not yet reported end after stream_end_, so they start after this point.
  std::uint64_t safe = stream_end_ > engine_.holdback() ? stream_end_ - engine_.holdback() : 0;
  for (const Pending& p : pending_) {
    const CompiledRule& rule = engine_.rules()[p.rule];
    const std::uint64_t reach = rule.width_max + rule.widen_before;
    const std::uint64_t earliest = p.end > reach ? p.end - reach : 0;
    safe = std::min(safe, earliest);
  }
  // Regions not yet scanned may still yield findings anywhere inside them.
  for (const auto& scans : gated_scans_) {
    if (!scans.empty()) safe = std::min(safe, scans.front().from);
  }
  return safe;
}

void Redactor::release(std::uint64_t upto, std::string& output) {
  if (!accepted_.empty()) {
    // Leftmost, then longest, then priority, then rule order.
    std::sort(accepted_.begin(), accepted_.end(), [&](const Accepted& a, const Accepted& b) {
      if (a.start != b.start) return a.start < b.start;
      if (a.end != b.end) return a.end > b.end;
      const int pa = engine_.rules()[a.rule].rule.priority, pb = engine_.rules()[b.rule].rule.priority;
      if (pa != pb) return pa > pb;
      return a.rule < b.rule;
    });
    std::size_t done = 0;
    for (; done < accepted_.size() && accepted_[done].start < upto; ++done) {
      const Accepted& a = accepted_[done];
      // Overlaps a finding already chosen. (a.start < released_ cannot happen: the safe
      // point guarantees it; the check keeps a broken invariant from reading out of range.)
      if (a.start < covered_until_ || a.start < released_) continue;
      emit(a, output);
    }
    accepted_.erase(accepted_.begin(), accepted_.begin() + static_cast<std::ptrdiff_t>(done));
  }
  if (released_ < upto) {
    output.append(bytes(released_, upto));
    released_ = upto;
  }
}

void Redactor::emit(const Accepted& a, std::string& output) {
  const CompiledRule& rule = engine_.rules()[a.rule];
  const Action action = options_.action_override ? *options_.action_override : rule.rule.action;
  output.append(bytes(released_, a.start));
  const std::string_view value = bytes(a.start, a.end);
  Finding finding;
  finding.rule_id = rule.rule.id;
  finding.rule_index = a.rule;
  finding.category = rule.rule.category;
  finding.start = a.start;
  finding.end = a.end;
  finding.action = action.kind;
  const bool replaced_by_fingerprint = action.kind == ActionKind::label || action.kind == ActionKind::hash;
  if (replaced_by_fingerprint || (sink_ != nullptr && sink_->wants_fingerprints())) {
    finding.fingerprint = engine_.hmac().fingerprint(value);
  }
  switch (action.kind) {
    case ActionKind::mask: {
      const std::size_t keep = std::min<std::size_t>(action.keep_last, value.size());
      output.append(value.size() - keep, action.mask_char);
      output.append(value.substr(value.size() - keep));
      break;
    }
    case ActionKind::label:
    case ActionKind::hash:
      append_replacement_text(action.kind, rule.rule.category, finding.fingerprint, output);
      break;
    case ActionKind::report:
      output.append(value);
      break;
  }
  released_ = a.end;
  covered_until_ = a.end;
  ++findings_emitted_;
  if (sink_ != nullptr) sink_->on_finding(finding);
}

void Redactor::trim() {
  // Keep what a future confirmation may read: from `lookbehind` bytes before the earliest
  // byte not yet released (a finding starts at or after min(released_, safe point)).
  std::uint64_t keep_from = std::min(released_, safe_release_point(false));
  for (const Accepted& a : accepted_) keep_from = std::min(keep_from, a.start);
  keep_from = keep_from > engine_.lookbehind() ? keep_from - engine_.lookbehind() : 0;
  if (keep_from > buffer_base_) {
    const std::size_t drop = static_cast<std::size_t>(keep_from - buffer_base_);
    if (drop >= buffer_.size()) {
      buffer_.clear();
    } else {
      buffer_.erase(0, drop);
    }
    buffer_base_ = keep_from;
  }
  // Context hits before the retained bytes can no longer be within any rule's window.
  std::size_t stale = 0;
  while (stale < context_hits_.size() && context_hits_[stale].start < buffer_base_) ++stale;
  if (stale > 0) context_hits_.erase(context_hits_.begin(), context_hits_.begin() + static_cast<std::ptrdiff_t>(stale));
}

}  // namespace piimatch
