#pragma once
// Synthetic personal data for the benchmark corpus: well-formed values of every kind the
// rule packs look for (checksums valid, so validators accept them). Invented, never real.
#include <array>
#include <string>
#include <string_view>

#include "bench/prng.h"

namespace piibench {

enum class PiiKind { email, phone, card, iban, ip, ssn, token, name, address };
inline constexpr std::size_t kPiiKindCount = 9;
inline constexpr std::array<PiiKind, kPiiKindCount> kAllPiiKinds = {
    PiiKind::email, PiiKind::phone, PiiKind::card,  PiiKind::iban,   PiiKind::ip,
    PiiKind::ssn,   PiiKind::token, PiiKind::name,  PiiKind::address};

std::string_view pii_kind_name(PiiKind kind);
// The engine category (matchers/category.h name) a planted value of this kind belongs to.
std::string_view pii_kind_category(PiiKind kind);
// The JSON / form field name a value of this kind is typically stored under.
std::string_view pii_field_name(PiiKind kind);

// One value of the kind, in one of its usual written forms (chosen by `rng`).
std::string make_pii(PiiKind kind, Prng& rng);

// Pieces also used for non-personal filler text.
std::string_view random_first_name(Prng& rng);
std::string_view random_last_name(Prng& rng);

}  // namespace piibench
