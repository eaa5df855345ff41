#include "matchers/category.h"

namespace piimatch {

std::string_view category_label(Category c) {
  static constexpr std::array<std::string_view, kCategoryCount> kLabels = {
      "EMAIL", "IP", "PHONE", "CARD", "IBAN", "NATIONAL_ID", "PERSON", "CREDENTIAL", "ADDRESS"};
  return kLabels[static_cast<std::size_t>(c)];
}

std::optional<Category> parse_category(std::string_view name) {
  for (std::size_t i = 0; i < kCategoryCount; ++i) {
    if (kCategoryNames[i] == name) return static_cast<Category>(i);
  }
  return std::nullopt;
}

}  // namespace piimatch
