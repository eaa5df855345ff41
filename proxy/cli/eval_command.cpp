// Placeholder until the evaluation command lands (issue 3).
#include "proxy/cli/eval_command.h"

#include <cstdio>

namespace piiproxy::cli {
int eval_command(int, char**) {
  std::fprintf(stderr, "piiproxy eval: not implemented yet\n");
  return 2;
}
}  // namespace piiproxy::cli
