#pragma once
// The fixed vocabulary of personal-data categories. Findings, metrics, config and audit
// events all use these names; adding one is a product decision, not a rule-pack detail.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace piimatch {

enum class Category : std::uint8_t {
  email,
  ip,
  phone,
  card,
  iban,
  national_id,
  person,
  credential,
  address,  // postal addresses (best effort); added by the detection-breadth work
};

inline constexpr std::size_t kCategoryCount = 9;

inline constexpr std::array<std::string_view, kCategoryCount> kCategoryNames = {
    "email", "ip", "phone", "card", "iban", "national_id", "person", "credential", "address"};

constexpr std::string_view category_name(Category c) {
  return kCategoryNames[static_cast<std::size_t>(c)];
}

// Upper-case label used by the `label` action, e.g. "[EMAIL]".
std::string_view category_label(Category c);

std::optional<Category> parse_category(std::string_view name);

}  // namespace piimatch
