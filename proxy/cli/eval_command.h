#pragma once
namespace piiproxy::cli {
// `piiproxy eval`: argv[0] is "eval". Prints per-category / per-file quality tables;
// returns 1 when a threshold is missed (with --thresholds), 2 on errors.
int eval_command(int argc, char** argv);
}  // namespace piiproxy::cli
