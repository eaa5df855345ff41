// `piiproxy [options]`: parse the configuration, compile the rules, start one event loop per
// worker thread, then wait for SIGTERM/SIGINT and drain.
#include "proxy/proxy_main.h"

#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <thread>
#include <vector>

#include "matchers/action.h"
#include "matchers/engine.h"
#include "matchers/rule_set.h"
#include "proxy/config.h"
#include "proxy/worker.h"

namespace piiproxy {
namespace {

// Resolves HOST:PORT (numeric or by name) to the first address; throws ConfigError.
void resolve(const std::string& text, const std::string& what, bool passive, sockaddr_storage& out,
             socklen_t& length) {
  std::string host, port;
  split_host_port(text, what, host, port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  if (passive) hints.ai_flags = AI_PASSIVE;
  addrinfo* result = nullptr;
  int rc = getaddrinfo(host.c_str(), port.c_str(), &hints, &result);
  if (rc != 0 || !result) throw ConfigError(what + ": cannot resolve '" + text + "': " + gai_strerror(rc));
  std::memcpy(&out, result->ai_addr, result->ai_addrlen);
  length = static_cast<socklen_t>(result->ai_addrlen);
  freeaddrinfo(result);
}

std::string resolve_cache_dir(const std::string& configured) {
  if (configured != "auto") return configured;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return std::string(xdg) + "/piiproxy";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.cache/piiproxy";
  return {};
}

void setup_logging(const std::string& level_name) {
  auto logger = spdlog::stderr_logger_mt("piiproxy");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  auto level = spdlog::level::from_str(level_name);
  if (level == spdlog::level::off && level_name != "off")
    throw ConfigError("log_level: unknown level '" + level_name + "' (trace debug info warn error off)");
  spdlog::set_level(level);
}

}  // namespace

int run_proxy(int argc, char** argv) {
  // Signals are taken by this thread only (sigwait); workers never see them. Blocked before
  // the rules are compiled, so a SIGTERM during a cold compile waits and then drains an
  // idle proxy (exit 0) instead of killing it mid-start.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  ::signal(SIGPIPE, SIG_IGN);

  auto shared = std::make_unique<ProxyShared>();
  try {
    if (!parse_command_line(argc, argv, shared->config)) return 0;
    setup_logging(shared->config.log_level);
    const ProxyConfig& cfg = shared->config;
    resolve(cfg.upstream, "upstream", false, shared->upstream_address, shared->upstream_address_length);
    shared->upstream_authority = cfg.upstream;
    for (const auto& l : cfg.listen) {
      sockaddr_storage a{};
      socklen_t n = 0;
      resolve(l, "listen", true, a, n);
      shared->listen_addresses.push_back(a);
      shared->listen_address_lengths.push_back(n);
    }
    if (cfg.redaction.enabled) {
      const std::filesystem::path rules = cfg.rules.empty() ? piimatch::default_rules_path() : std::filesystem::path(cfg.rules);
      piimatch::EngineOptions engine_options;
      engine_options.hmac_key = cfg.hmac_key;
      engine_options.cache_dir = resolve_cache_dir(cfg.rule_cache_dir);
      // Every rule is loaded and validated, then those below min_confidence are dropped
      // before compiling: skipped rules cost nothing on the scan path.
      piimatch::RuleSet rule_set = piimatch::RuleSet::load(rules, piimatch::Confidence::low);
      const std::size_t skipped = rule_set.drop_below(cfg.min_confidence);
      const std::size_t low_loaded = rule_set.count(piimatch::Confidence::low);
      shared->engine = piimatch::Engine::compile(rule_set, engine_options);
      if (!cfg.redaction.action.empty()) {
        piimatch::Action action;
        action.kind = *piimatch::parse_action(cfg.redaction.action);
        shared->redactor_options.action_override = action;
      }
      spdlog::info("loaded {} rules from {} in {:.2f} s{}", shared->engine->rules().size(), rules.string(),
                   shared->engine->stats().compile_seconds, shared->engine->stats().from_cache ? " (cached)" : "");
      spdlog::info("min_confidence {}: {} low-confidence rules loaded, {} skipped",
                   piimatch::confidence_name(cfg.min_confidence), low_loaded, skipped);
    } else {
      spdlog::warn("redaction is off: traffic passes through unscanned");
    }
  } catch (const ConfigError& e) {
    std::cerr << "piiproxy: " << e.what() << "\n";
    return 2;
  } catch (const piimatch::RuleError& e) {
    std::cerr << "piiproxy: " << e.what() << "\n";
    return 2;
  }

  // No evthread_use_pthreads(): each event_base is used by one thread only (the drain
  // request arrives through a pipe), so libevent's locks would be pure cost.

  unsigned workers = shared->config.workers;
  if (workers == 0) workers = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::unique_ptr<Worker>> pool;
  try {
    for (unsigned i = 0; i < workers; ++i) {
      pool.push_back(std::make_unique<Worker>(*shared, static_cast<int>(i)));
      pool.back()->bind_listeners();
    }
  } catch (const ConfigError& e) {
    std::cerr << "piiproxy: " << e.what() << "\n";
    return 2;
  }
  for (auto& w : pool) w->start();
  std::string where;
  for (const auto& l : shared->config.listen) where += (where.empty() ? "" : ", ") + l;
  spdlog::info("piiproxy listening on {} -> upstream {} ({} worker{}, redaction {})", where,
               shared->config.upstream, workers, workers == 1 ? "" : "s",
               shared->config.redaction.enabled ? "on" : "off");

  for (;;) {
    int sig = 0;
    if (sigwait(&signals, &sig) != 0) continue;
    if (sig == SIGHUP) {
      spdlog::info("SIGHUP: configuration reload is not implemented yet; ignoring");
      continue;
    }
    spdlog::info("{}: draining (up to {} s)", sig == SIGTERM ? "SIGTERM" : "SIGINT", shared->config.timeouts.drain);
    break;
  }
  for (auto& w : pool) w->begin_drain();
  for (auto& w : pool) w->join();
  pool.clear();
  spdlog::info("drained; exiting");
  spdlog::shutdown();
  return 0;
}

}  // namespace piiproxy
