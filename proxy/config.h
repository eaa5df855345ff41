#pragma once
// Everything the proxy can be told: defaults (the documented, safe ones), the YAML config
// file and the command line. Precedence: built-in defaults < --config FILE < flags.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "matchers/rule.h"

namespace piiproxy {

// A bad option or config file; the message names the file and key (or the flag).
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct RedactionConfig {
  bool enabled = true;             // false: pure pass-through (no scanning anywhere)
  std::string action;              // "" = each rule's own action; else mask|label|hash|report
  bool request_body = true;
  bool response_body = true;
  bool url = true;                 // the request target (percent-decoded view)
  // Header names (case-insensitive) whose values are scanned, in both directions.
  std::vector<std::string> headers = {"authorization", "cookie", "set-cookie", "referer", "location"};
  // Media types whose bodies are scanned. "text/*" matches a whole top-level type,
  // "*+json" a structured-syntax suffix; parameters (charset) are ignored.
  std::vector<std::string> content_types = {
      "application/json", "*+json", "application/x-ndjson", "application/ndjson",
      "application/jsonl", "text/*", "application/x-www-form-urlencoded", "application/xml",
      "*+xml", "application/javascript", "application/ecmascript", "application/graphql"};
  bool scan_missing_content_type = true;  // a body without Content-Type is scanned
  // What to do with a compressed response whose media type is scanned: "reject" (502, log)
  // or "pass" (forward it unscanned). Requests with a compressed scanned body get 415.
  std::string compressed = "reject";
};

struct LimitsConfig {
  std::uint32_t max_connections = 10000;  // client connections, all workers together
  std::uint32_t max_request_line = 8192;  // bytes of method + target + version (else 414)
  std::uint32_t max_header_bytes = 65536; // bytes of all header names and values (else 431)
  std::uint32_t max_headers = 100;        // header fields per message (else 431)
  // A side stops being read while the other side's output buffer holds more than this.
  std::uint32_t buffer_bytes = 65536;
};

struct TimeoutsConfig {  // seconds
  double client_idle = 60;         // longest silence between requests or inside a request head
  double body_idle = 60;           // no body byte received/sent on a side for this long
  double upstream_connect = 5;     // TCP connect to the upstream (504 when exceeded)
  double upstream_response = 60;   // request sent -> response head received (504)
  double upstream_idle = 30;       // pooled idle upstream connection is closed after this
  double drain = 30;               // SIGTERM: in-flight requests get this long to finish
};

struct ProxyConfig {
  std::vector<std::string> listen = {"127.0.0.1:8080"};
  std::string upstream = "127.0.0.1:9000";
  std::uint32_t workers = 0;        // 0 = one per CPU core
  std::string rules;                // rule pack file or directory; "" = bundled packs
  // Rules below this confidence are not compiled. normal: the default policy. low: also the
  // cue-less bare digit runs (presidio-like recall on national ids, more masking of ids).
  piimatch::Confidence min_confidence = piimatch::Confidence::normal;
  std::string hmac_key;             // key for fingerprints and the hash action; "" = random
  // Where compiled Hyperscan databases are cached so a restart skips compilation:
  // "auto" = $XDG_CACHE_HOME/piiproxy or ~/.cache/piiproxy, "" = no cache, else a directory.
  std::string rule_cache_dir = "auto";
  std::string log_level = "info";   // trace debug info warn error off
  std::uint32_t upstream_pool_size = 64;  // idle upstream connections kept per worker
  RedactionConfig redaction;
  LimitsConfig limits;
  TimeoutsConfig timeouts;
};

// Loads a YAML config file on top of `config`. Unknown keys and bad values throw
// ConfigError("FILE: key 'a.b': reason").
void load_config_file(const std::string& path, ProxyConfig& config);

// Parses argv (argv[0] is the program). Returns false when --help was printed.
// Throws ConfigError for bad flags. `--config FILE` is applied first, then the flags.
bool parse_command_line(int argc, char** argv, ProxyConfig& config);

// "host:port" -> parts; throws ConfigError naming `what` when malformed.
void split_host_port(const std::string& text, const std::string& what, std::string& host, std::string& port);

}  // namespace piiproxy
