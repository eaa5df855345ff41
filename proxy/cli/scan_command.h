#pragma once
namespace piiproxy::cli {
// `piiproxy scan`: argv[0] is "scan". Returns 0 (nothing found), 1 (found), 2 (error).
int scan_command(int argc, char** argv);
}  // namespace piiproxy::cli
