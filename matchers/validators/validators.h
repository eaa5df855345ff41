#pragma once
// Every validator the rule packs can name. Each is a pure function of the candidate
// (and, for confirmers, its neighbourhood); none allocates more than a small fixed
// buffer, none throws. The registry (registry.cpp) maps rule-pack names to these.
//
// Conventions for value validators: separators (space, '-', '.', '/') inside a number are
// ignored where the format allows them; the check is on the candidate's value only.
#include <optional>

#include "matchers/validator.h"

namespace piimatch::validators {

// --- checksums and shapes of numbers (checksums.cpp) ---
bool luhn(Candidate& c, std::optional<double>) noexcept;          // any Luhn-valid digit string
bool payment_card(Candidate& c, std::optional<double>) noexcept;  // Luhn + brand prefix/length
bool iban(Candidate& c, std::optional<double>) noexcept;          // country length + mod-97
bool imei(Candidate& c, std::optional<double>) noexcept;          // 15 digits, Luhn

// --- network identifiers (network.cpp) ---
bool ipv4(Candidate& c, std::optional<double>) noexcept;         // 4 octets 0..255, no leading zeros
bool ipv6(Candidate& c, std::optional<double>) noexcept;         // RFC 4291 text forms, compressed ones included
bool ipv6_unspecified(Candidate& c, std::optional<double>) noexcept;  // the all-zero address, with a prefix or standing as a value
bool email(Candidate& c, std::optional<double>) noexcept;        // practical address shape, decodes %40 etc.
bool email_whole_value(Candidate& c, std::optional<double>) noexcept;  // any well-formed address standing as a value
bool mac_address(Candidate& c, std::optional<double>) noexcept;  // 6 or 8 octets, consistent separators

// --- national identifiers (national_id.cpp) ---
bool us_ssn(Candidate& c, std::optional<double>) noexcept;   // area/group/serial rules
bool us_itin(Candidate& c, std::optional<double>) noexcept;
// For cue-gated rules: the allocation rules, also in the layouts "123-456789" and
// "12345-6789"; the SSN one also takes the publicized numbers (078-05-1120) us_ssn refuses.
bool us_ssn_after_cue(Candidate& c, std::optional<double>) noexcept;
// For low-confidence rules (no cue): us_ssn in the mixed layouts too, publicized refused.
bool us_ssn_mixed_layout(Candidate& c, std::optional<double>) noexcept;
// Refuses a digit run that is a number of its own: an unquoted JSON member value
// ("key": 123456789) or array element ([123456789]), or a decimal's whole part
// (123456789.50). Needs the rule's context_window to cover the key's quote (bytes before
// the start are kept that far); reads two bytes after the run (lookahead 2).
bool not_plain_number(Candidate& c, std::optional<double>) noexcept;
bool us_itin_mixed_layout(Candidate& c, std::optional<double>) noexcept;
bool uk_nino(Candidate& c, std::optional<double>) noexcept;
bool de_steuer_id(Candidate& c, std::optional<double>) noexcept;  // ISO 7064 mod 11,10
bool fr_nir(Candidate& c, std::optional<double>) noexcept;        // key = 97 - n mod 97
bool es_dni(Candidate& c, std::optional<double>) noexcept;        // letter check, also NIE
bool it_codice_fiscale(Candidate& c, std::optional<double>) noexcept;
bool nl_bsn(Candidate& c, std::optional<double>) noexcept;        // 11-proof
bool br_cpf(Candidate& c, std::optional<double>) noexcept;
bool br_cnpj(Candidate& c, std::optional<double>) noexcept;
bool in_aadhaar(Candidate& c, std::optional<double>) noexcept;    // Verhoeff
bool in_pan(Candidate& c, std::optional<double>) noexcept;
bool ca_sin(Candidate& c, std::optional<double>) noexcept;        // Luhn, 9 digits
bool au_tfn(Candidate& c, std::optional<double>) noexcept;        // weighted mod 11

// --- phones (phone.cpp) ---
bool phone(Candidate& c, std::optional<double>) noexcept;  // 7..15 digits, not one repeated digit, plausible country code when '+'

// --- secrets (secrets.cpp) ---
bool entropy(Candidate& c, std::optional<double> min_bits) noexcept;  // Shannon bits/byte >= arg
bool not_placeholder(Candidate& c, std::optional<double>) noexcept;   // rejects ${VAR}, <...>, xxxx, "changeme", ...

// --- person names (person_name.cpp) ---
// Dictionary hit on a name; accepts only with context (a following capitalized token or
// surname, a title, a cue phrase, a name-ish field key); extends the span to the surname.
bool person_name(Candidate& c, std::optional<double>) noexcept;
// A value under a name-ish field key ("first_name": "..."): accepts a short run of
// name-like tokens.
bool person_field_value(Candidate& c, std::optional<double>) noexcept;
// The same check for rules whose expression stops at the first letter of the name (after a
// title or a cue): extends the candidate over up to four name words, as far as
// person_field_value accepts, ending where a word ends. Hyperscan then reports one end per
// title instead of one per byte of the name.
bool person_name_after(Candidate& c, std::optional<double>) noexcept;
// The same for person-field-value, whose expression stops at the value's first unit (a
// letter-ish byte, %XX or \uXXXX): reads up to 64 units and keeps the longest value that
// ends before a terminator (space, quote, &, ',', ';', '<', ')', '}', ']', '|', '/', '!',
// '?', '.', '\') and that person_field_value accepts.
bool person_field_value_after(Candidate& c, std::optional<double>) noexcept;
inline constexpr std::uint32_t kPersonNameAfterLookahead = 128 + 48;  // longest value + the confirmer's look-ahead

// --- postal addresses (address.cpp) ---
bool postal_address(Candidate& c, std::optional<double>) noexcept;

}  // namespace piimatch::validators
