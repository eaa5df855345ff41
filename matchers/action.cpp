#include "matchers/action.h"

namespace piimatch {

std::string_view action_name(ActionKind k) {
  switch (k) {
    case ActionKind::mask: return "mask";
    case ActionKind::label: return "label";
    case ActionKind::hash: return "hash";
    case ActionKind::report: return "report";
  }
  return "mask";
}

std::optional<ActionKind> parse_action(std::string_view name) {
  if (name == "mask") return ActionKind::mask;
  if (name == "label") return ActionKind::label;
  if (name == "hash") return ActionKind::hash;
  if (name == "report") return ActionKind::report;
  return std::nullopt;
}

}  // namespace piimatch
