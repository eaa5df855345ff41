// piiproxy: one binary, three faces.
//   piiproxy scan [options] [FILE...]   redact files or stdin (libpiimatch only)
//   piiproxy eval [options] DATA.jsonl  measure detection quality on labelled data
//   piiproxy [options]                  run the proxy
#include <cstring>
#include <exception>
#include <iostream>

#include "proxy/cli/eval_command.h"
#include "proxy/cli/scan_command.h"
#include "proxy/proxy_main.h"

int main(int argc, char** argv) {
  try {
    if (argc >= 2 && std::strcmp(argv[1], "scan") == 0) return piiproxy::cli::scan_command(argc - 1, argv + 1);
    if (argc >= 2 && std::strcmp(argv[1], "eval") == 0) return piiproxy::cli::eval_command(argc - 1, argv + 1);
    return piiproxy::run_proxy(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "piiproxy: " << e.what() << "\n";
    return 2;
  }
}
