// Maps the validator names used in rule packs to their functions. Lookahead is the
// number of bytes after a candidate a validator needs to inspect (for confirmers).
#include <array>

#include "matchers/validator.h"
#include "matchers/validators/validators.h"

namespace piimatch {
namespace {

namespace v = validators;

constexpr std::array kValidators = {
    ValidatorInfo{"luhn", v::luhn, false, 0, "digits (separators ignored) pass the Luhn check"},
    ValidatorInfo{"payment_card", v::payment_card, false, 0, "Luhn plus a known card brand prefix and length"},
    ValidatorInfo{"iban", v::iban, false, 0, "IBAN country length, account layout and ISO 7064 mod-97 check"},
    ValidatorInfo{"imei", v::imei, false, 0, "15-digit IMEI with Luhn check digit"},
    ValidatorInfo{"ipv4", v::ipv4, false, 0, "four dotted octets 0-255; a sentence dot after them is dropped"},
    ValidatorInfo{"ipv6", v::ipv6, false, 0, "IPv6 text form, compressed forms included; a sentence dot after it is dropped"},
    ValidatorInfo{"ipv6_unspecified", v::ipv6_unspecified, false, 0, "the unspecified address :: with a prefix length, or alone where it reads as a value"},
    ValidatorInfo{"email", v::email, false, 0, "practical e-mail address shape (encoded @ accepted)"},
    ValidatorInfo{"email_whole_value", v::email_whole_value, false, 0, "well-formed address (dotless domain, any atext) that is the whole data, quoted or a mailto: target"},
    ValidatorInfo{"mac_address", v::mac_address, false, 0, "6 or 8 hex octets (EUI-48/EUI-64) with one consistent separator"},
    ValidatorInfo{"us_ssn", v::us_ssn, false, 0, "US SSN area, group and serial rules; publicized sample numbers refused"},
    ValidatorInfo{"us_itin", v::us_itin, false, 0, "US ITIN: 9xx with group 50-65, 70-88, 90-92, 94-99"},
    ValidatorInfo{"us_ssn_after_cue", v::us_ssn_after_cue, false, 0, "us_ssn's allocation rules, also in the layouts AAA-GGSSSS and AAAGG-SSSS, publicized numbers taken (for cue-gated rules)"},
    ValidatorInfo{"us_ssn_mixed_layout", v::us_ssn_mixed_layout, false, 0, "us_ssn (publicized numbers refused), also in the layouts AAA-GGSSSS and AAAGG-SSSS (for low-confidence rules without a cue)"},
    ValidatorInfo{"not_plain_number", v::not_plain_number, false, 2, "refuses a digit run that is a number of its own: an unquoted JSON value (\"id\": 371494589, [371494589]) or a decimal's whole part (371494589.50); ids and counts, not national ids (set context_window to cover the key's quote)"},
    ValidatorInfo{"us_itin_mixed_layout", v::us_itin_mixed_layout, false, 0, "us_itin, also in the layouts 9AA-GGSSSS and 9AAGG-SSSS (for cue-gated rules)"},
    ValidatorInfo{"uk_nino", v::uk_nino, false, 0, "UK National Insurance number prefix rules"},
    ValidatorInfo{"de_steuer_id", v::de_steuer_id, false, 0, "German tax id, ISO 7064 mod 11,10"},
    ValidatorInfo{"fr_nir", v::fr_nir, false, 0, "French NIR (social security) with key"},
    ValidatorInfo{"es_dni", v::es_dni, false, 0, "Spanish DNI/NIE check letter"},
    ValidatorInfo{"it_codice_fiscale", v::it_codice_fiscale, false, 0, "Italian codice fiscale check character"},
    ValidatorInfo{"nl_bsn", v::nl_bsn, false, 0, "Dutch BSN 11-proof"},
    ValidatorInfo{"br_cpf", v::br_cpf, false, 0, "Brazilian CPF check digits"},
    ValidatorInfo{"br_cnpj", v::br_cnpj, false, 0, "Brazilian CNPJ check digits"},
    ValidatorInfo{"in_aadhaar", v::in_aadhaar, false, 0, "Indian Aadhaar, Verhoeff check digit"},
    ValidatorInfo{"in_pan", v::in_pan, false, 0, "Indian PAN shape and holder-type letter"},
    ValidatorInfo{"ca_sin", v::ca_sin, false, 0, "Canadian SIN, Luhn"},
    ValidatorInfo{"au_tfn", v::au_tfn, false, 0, "Australian TFN weighted mod 11"},
    ValidatorInfo{"phone", v::phone, false, 0, "7-15 digits, not a repeated digit, plausible country code"},
    ValidatorInfo{"entropy", v::entropy, true, 0, "Shannon entropy of the value in bits per byte >= argument"},
    ValidatorInfo{"not_placeholder", v::not_placeholder, false, 0, "rejects template placeholders and dummy values"},
    ValidatorInfo{"person_name", v::person_name, false, 48, "dictionary name confirmed by context; extends to the surname"},
    ValidatorInfo{"person_field_value", v::person_field_value, false, 0, "value after a name field key, mail header, title or cue reads as a name (decodes %XX, +, \\uXXXX)"},
    ValidatorInfo{"person_field_value_after", v::person_field_value_after, false, v::kPersonNameAfterLookahead, "value after a name field key: extends from its first unit (a letter, %XX, \\uXXXX) over up to 64, as far as person_field_value accepts"},
    ValidatorInfo{"person_name_after", v::person_name_after, false, v::kPersonNameAfterLookahead, "name after a title or cue: extends from its first letter over up to four words, as far as person_field_value accepts"},
    ValidatorInfo{"postal_address", v::postal_address, false, 0, "street line / postcode shape checks"},
};

}  // namespace

const ValidatorInfo* find_validator(std::string_view name) {
  for (const auto& info : kValidators) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

std::span<const ValidatorInfo> all_validators() {
  return kValidators;
}

}  // namespace piimatch
