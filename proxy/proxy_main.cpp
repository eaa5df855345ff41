// Placeholder until the proxy lands (issue 5): the binary must build for `scan`.
#include "proxy/proxy_main.h"

#include <iostream>

namespace piiproxy {
int run_proxy(int, char**) {
  std::cerr << "piiproxy: the proxy is not implemented yet; use `piiproxy scan`\n";
  return 2;
}
}  // namespace piiproxy
