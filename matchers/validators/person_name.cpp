// Person-name confirmers. Owned by the names work (issue 3); until it lands these reject
// everything, so no `person` rule can fire unconfirmed.
#include "matchers/validators/validators.h"

namespace piimatch::validators {
bool person_name(Candidate&, std::optional<double>) noexcept { return false; }
bool person_field_value(Candidate&, std::optional<double>) noexcept { return false; }
}  // namespace piimatch::validators
