#pragma once
namespace piiproxy {
// Parses the proxy's command line and config, runs until SIGTERM/SIGINT; returns the exit
// status (0 after a clean drain, 2 on bad configuration).
int run_proxy(int argc, char** argv);
}  // namespace piiproxy
