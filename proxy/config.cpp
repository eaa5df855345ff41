#include "proxy/config.h"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <iostream>
#include <set>
#include <string_view>

namespace piiproxy {
namespace {

// Reads one YAML mapping, remembering which keys were consumed so that any other key is
// reported as an error (a typo must never silently fall back to a default).
class Section {
 public:
  Section(const YAML::Node& node, std::string file, std::string prefix)
      : node_(node), file_(std::move(file)), prefix_(std::move(prefix)) {
    if (node_ && !node_.IsNull() && !node_.IsMap()) fail(prefix_.empty() ? "(top level)" : prefix_, "must be a mapping");
  }

  [[noreturn]] void fail(const std::string& key, const std::string& why) const {
    throw ConfigError(file_ + ": key '" + key + "': " + why);
  }
  std::string path(const std::string& key) const { return prefix_.empty() ? key : prefix_ + "." + key; }

  YAML::Node get(const std::string& key) {
    seen_.insert(key);
    if (!node_ || !node_.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
    const YAML::Node& map = node_;  // const access never inserts the key
    return map[key];
  }

  void read(const std::string& key, std::string& out) {
    YAML::Node n = get(key);
    if (!n) return;
    if (!n.IsScalar()) fail(path(key), "must be a string");
    out = n.as<std::string>();
  }
  void read(const std::string& key, bool& out) {
    YAML::Node n = get(key);
    if (!n) return;
    try { out = n.as<bool>(); } catch (const YAML::Exception&) { fail(path(key), "must be true or false"); }
  }
  void read(const std::string& key, std::uint32_t& out) {
    YAML::Node n = get(key);
    if (!n) return;
    long long v = -1;
    try { v = n.as<long long>(); } catch (const YAML::Exception&) { fail(path(key), "must be a whole number"); }
    if (v < 0 || v > 0xffffffffLL) fail(path(key), "out of range");
    out = static_cast<std::uint32_t>(v);
  }
  void read_seconds(const std::string& key, double& out) {
    YAML::Node n = get(key);
    if (!n) return;
    double v = -1;
    try { v = n.as<double>(); } catch (const YAML::Exception&) { fail(path(key), "must be a number of seconds"); }
    if (!(v > 0) || !std::isfinite(v)) fail(path(key), "must be a positive number of seconds");
    out = v;
  }
  void read(const std::string& key, std::vector<std::string>& out) {
    YAML::Node n = get(key);
    if (!n) return;
    if (n.IsScalar()) { out = {n.as<std::string>()}; return; }
    if (!n.IsSequence()) fail(path(key), "must be a list of strings");
    out.clear();
    for (const auto& item : n) {
      if (!item.IsScalar()) fail(path(key), "must be a list of strings");
      out.push_back(item.as<std::string>());
    }
  }
  Section child(const std::string& key) { return Section(get(key), file_, path(key)); }

  // Call after all reads: any key not read is unknown.
  void reject_unknown() const {
    if (!node_ || !node_.IsMap()) return;
    for (const auto& kv : node_) {
      const std::string key = kv.first.as<std::string>();
      if (!seen_.count(key)) fail(path(key), "unknown key");
    }
  }

 private:
  YAML::Node node_;
  std::string file_;
  std::string prefix_;
  std::set<std::string> seen_;
};

std::string lower(std::string s) {
  for (char& c : s) if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

void check_action(const std::string& action, const std::string& where) {
  static const char* const kActions[] = {"", "mask", "label", "hash", "report"};
  for (const char* a : kActions) if (action == a) return;
  throw ConfigError(where + ": unknown action '" + action + "' (mask, label, hash, report)");
}

std::uint32_t parse_count(const std::string& flag, const char* text) {
  std::uint32_t v = 0;
  const char* end = text + std::strlen(text);
  auto [p, ec] = std::from_chars(text, end, v);
  if (ec != std::errc() || p != end) throw ConfigError("flag " + flag + ": '" + text + "' is not a whole number");
  return v;
}

piimatch::Confidence parse_min_confidence(const std::string& text, const std::string& where) {
  const auto level = piimatch::parse_confidence(text);
  if (!level) throw ConfigError(where + ": '" + text + "' is not a confidence level (normal, low)");
  return *level;
}

double parse_seconds(const std::string& flag, const char* text) {
  char* end = nullptr;
  double v = std::strtod(text, &end);
  if (end == text || *end != '\0' || !(v > 0) || !std::isfinite(v))
    throw ConfigError("flag " + flag + ": '" + text + "' is not a positive number of seconds");
  return v;
}

void print_usage() {
  std::cout <<
      "usage: piiproxy [--config FILE] [--listen HOST:PORT]... [--upstream HOST:PORT] [options]\n"
      "       piiproxy scan ...   |   piiproxy eval ...\n\n"
      "Reverse proxy that redacts personal data in URLs, headers and bodies, streaming.\n\n"
      "  --config FILE              YAML config (see conf/piiproxy.yaml); flags override it\n"
      "  --listen HOST:PORT         address to accept clients on (repeatable; default 127.0.0.1:8080)\n"
      "  --upstream HOST:PORT       the service behind the proxy (default 127.0.0.1:9000)\n"
      "  --workers N                event-loop threads (default: one per core)\n"
      "  --rules PATH               rule pack file or directory (default: bundled packs)\n"
      "  --min-confidence LEVEL     normal (default) or low: also mask cue-less bare id numbers\n"
      "  --cache-dir DIR            compiled-rule cache (default auto: ~/.cache/piiproxy; \"\" = off)\n"
      "  --action NAME              override every rule's action: mask|label|hash|report\n"
      "  --no-redact                pass traffic through unscanned\n"
      "  --log-level LEVEL          trace|debug|info|warn|error|off (default info)\n"
      "  --max-connections N        client connections, all workers (default 10000)\n"
      "  --connect-timeout SEC      upstream connect timeout (default 5)\n"
      "  --response-timeout SEC     request sent -> response head (default 60)\n"
      "  --body-idle-timeout SEC    idle time allowed inside a body (default 60)\n"
      "  --client-idle-timeout SEC  keep-alive idle / request head time (default 60)\n"
      "  --drain-timeout SEC        SIGTERM: time to finish in-flight requests (default 30)\n"
      "  --buffer-bytes N           per-direction output watermark (default 65536)\n";
}

}  // namespace

void split_host_port(const std::string& text, const std::string& what, std::string& host, std::string& port) {
  std::size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon + 1 == text.size())
    throw ConfigError(what + ": '" + text + "' is not HOST:PORT");
  host = text.substr(0, colon);
  port = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "0.0.0.0";
  for (char c : port)
    if (c < '0' || c > '9') throw ConfigError(what + ": '" + text + "' has a bad port");
}

void load_config_file(const std::string& file, ProxyConfig& config) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(file);
  } catch (const YAML::BadFile&) {
    throw ConfigError(file + ": cannot read the file");
  } catch (const YAML::Exception& e) {
    throw ConfigError(file + ": " + e.what());
  }
  Section top(root, file, "");
  top.read("listen", config.listen);
  top.read("upstream", config.upstream);
  top.read("workers", config.workers);
  top.read("rules", config.rules);
  {
    std::string level(piimatch::confidence_name(config.min_confidence));
    top.read("min_confidence", level);
    config.min_confidence = parse_min_confidence(level, file + ": key 'min_confidence'");
  }
  top.read("hmac_key", config.hmac_key);
  top.read("rule_cache_dir", config.rule_cache_dir);
  top.read("log_level", config.log_level);
  top.read("upstream_pool_size", config.upstream_pool_size);

  Section red = top.child("redaction");
  red.read("enabled", config.redaction.enabled);
  red.read("action", config.redaction.action);
  red.read("request_body", config.redaction.request_body);
  red.read("response_body", config.redaction.response_body);
  red.read("url", config.redaction.url);
  red.read("headers", config.redaction.headers);
  red.read("content_types", config.redaction.content_types);
  red.read("scan_missing_content_type", config.redaction.scan_missing_content_type);
  red.read("compressed", config.redaction.compressed);
  red.reject_unknown();
  check_action(config.redaction.action, file + ": key 'redaction.action'");
  if (config.redaction.compressed != "reject" && config.redaction.compressed != "pass")
    red.fail("redaction.compressed", "must be reject or pass");
  for (auto& h : config.redaction.headers) h = lower(h);

  Section lim = top.child("limits");
  lim.read("max_connections", config.limits.max_connections);
  lim.read("max_request_line", config.limits.max_request_line);
  lim.read("max_header_bytes", config.limits.max_header_bytes);
  lim.read("max_headers", config.limits.max_headers);
  lim.read("buffer_bytes", config.limits.buffer_bytes);
  lim.reject_unknown();

  Section to = top.child("timeouts");
  to.read_seconds("client_idle", config.timeouts.client_idle);
  to.read_seconds("body_idle", config.timeouts.body_idle);
  to.read_seconds("upstream_connect", config.timeouts.upstream_connect);
  to.read_seconds("upstream_response", config.timeouts.upstream_response);
  to.read_seconds("upstream_idle", config.timeouts.upstream_idle);
  to.read_seconds("drain", config.timeouts.drain);
  to.reject_unknown();

  top.reject_unknown();
}

bool parse_command_line(int argc, char** argv, ProxyConfig& config) {
  // First pass: --config, so that every other flag overrides the file.
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--config") == 0) {
      if (i + 1 >= argc) throw ConfigError("flag --config needs a FILE");
      load_config_file(argv[i + 1], config);
    }
  }
  bool listen_from_flags = false;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--help" || flag == "-h") { print_usage(); return false; }
    if (flag == "--no-redact") { config.redaction.enabled = false; continue; }
    if (i + 1 >= argc) throw ConfigError("flag " + flag + (flag.rfind("--", 0) == 0 ? " needs a value" : ": unknown argument"));
    const char* value = argv[++i];
    if (flag == "--config") continue;
    else if (flag == "--listen") {
      if (!listen_from_flags) config.listen.clear();
      listen_from_flags = true;
      config.listen.push_back(value);
    } else if (flag == "--upstream") config.upstream = value;
    else if (flag == "--workers") config.workers = parse_count(flag, value);
    else if (flag == "--rules") config.rules = value;
    else if (flag == "--min-confidence") config.min_confidence = parse_min_confidence(value, "flag --min-confidence");
    else if (flag == "--cache-dir") config.rule_cache_dir = value;
    else if (flag == "--action") { config.redaction.action = value; check_action(value, "flag --action"); }
    else if (flag == "--log-level") config.log_level = value;
    else if (flag == "--max-connections") config.limits.max_connections = parse_count(flag, value);
    else if (flag == "--buffer-bytes") config.limits.buffer_bytes = parse_count(flag, value);
    else if (flag == "--connect-timeout") config.timeouts.upstream_connect = parse_seconds(flag, value);
    else if (flag == "--response-timeout") config.timeouts.upstream_response = parse_seconds(flag, value);
    else if (flag == "--body-idle-timeout") config.timeouts.body_idle = parse_seconds(flag, value);
    else if (flag == "--client-idle-timeout") config.timeouts.client_idle = parse_seconds(flag, value);
    else if (flag == "--drain-timeout") config.timeouts.drain = parse_seconds(flag, value);
    else throw ConfigError("unknown flag " + flag + " (see --help)");
  }
  if (config.listen.empty()) throw ConfigError("no listen address");
  if (config.limits.buffer_bytes < 4096) config.limits.buffer_bytes = 4096;
  std::string host, port;
  for (const auto& l : config.listen) split_host_port(l, "listen", host, port);
  split_host_port(config.upstream, "upstream", host, port);
  return true;
}

}  // namespace piiproxy
