// `piiproxy scan [options] [FILE...]`: the matcher's command-line face. Redacted bytes go
// to stdout; findings (never the values) go to --findings as JSON Lines.
#include "proxy/cli/scan_command.h"

#include <sys/resource.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "matchers/engine.h"
#include "matchers/form_decoding_redactor.h"
#include "matchers/redactor.h"
#include "matchers/rule_set.h"

namespace piiproxy::cli {
namespace {

using piimatch::Finding;

constexpr const char* kUsage = R"(usage: piiproxy scan [options] [FILE...]

Redacts personal data in FILEs (or standard input when none is given) and writes the
redacted bytes to standard output.

options:
  --rules PATH          rule pack file or directory of packs (default: the bundled packs)
  --min-confidence LEVEL
                        normal (default) or low: low also loads the rules marked
                        `confidence: low` (cue-less bare id numbers: more recall, more masking)
  --action ACTION       mask|label|hash|report: override every rule's action
                        (mask turns each byte of a finding into '*': same length as the input)
  --findings FILE       write one JSON object per finding (rule, category, byte offsets,
                        action, HMAC fingerprint; never the value) to FILE
  --chunk-size N        feed the engine N bytes per write (default 65536)
  --form                read each input as an application/x-www-form-urlencoded body, as the
                        proxy does: detection on the decoded text ('+' is a space, %XY a
                        byte), redaction and --findings offsets on the encoded bytes
  --hmac-key-file FILE  key for fingerprints and the hash action (default: $PIIPROXY_HMAC_KEY,
                        else a random key per run, so fingerprints differ between runs)
  --cache-dir DIR       cache compiled databases in DIR (warm starts skip compilation)
  --stats               print bytes, CPU time, MB per CPU-second, findings per category and
                        database compile time to standard error
  --list-rules          print the loaded rules (id, category, action, width, candidate path) and exit
  --list-validators     print the validators a rule pack can name and exit
  -h, --help            this help

exit status: 0 nothing found, 1 something found, 2 error (bad rule pack, unreadable file)
)";

struct Options {
  std::string rules;
  piimatch::Confidence min_confidence = piimatch::Confidence::normal;
  std::optional<piimatch::Action> action;
  std::string findings_path;
  std::size_t chunk_size = 65536;
  std::string hmac_key;
  std::string cache_dir;
  bool stats = false;
  bool form = false;
  bool list_rules = false;
  bool list_validators = false;
  std::vector<std::string> files;
};


std::string read_key_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read HMAC key file '" + path + "': " + std::strerror(errno));
  std::stringstream text;
  text << in.rdbuf();
  std::string key = text.str();
  while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
  if (key.size() < 16) throw std::runtime_error("HMAC key in '" + path + "' is shorter than 16 bytes");
  return key;
}

Options parse(int argc, char** argv) {
  Options o;
  if (const char* env = std::getenv("PIIPROXY_HMAC_KEY"); env != nullptr) o.hmac_key = env;
  auto value = [&](int& i) -> std::string {
    if (i + 1 >= argc) throw std::invalid_argument(std::string("option ") + argv[i] + " needs a value");
    return argv[++i];
  };
  bool only_files = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (only_files || arg == "-" || arg.empty() || arg[0] != '-') {
      o.files.push_back(arg);
    } else if (arg == "--") {
      only_files = true;
    } else if (arg == "--rules") {
      o.rules = value(i);
    } else if (arg == "--min-confidence") {
      const std::string name = value(i);
      const auto level = piimatch::parse_confidence(name);
      if (!level) throw std::invalid_argument("--min-confidence must be normal or low, not '" + name + "'");
      o.min_confidence = *level;
    } else if (arg == "--action") {
      const std::string name = value(i);
      auto kind = piimatch::parse_action(name);
      if (!kind) throw std::invalid_argument("--action must be mask, label, hash or report, not '" + name + "'");
      o.action = piimatch::Action{*kind};
    } else if (arg == "--findings") {
      o.findings_path = value(i);
    } else if (arg == "--chunk-size") {
      const std::string text = value(i);
      std::size_t n = 0;
      auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
      if (ec != std::errc() || ptr != text.data() + text.size() || n == 0 || n > (std::size_t{1} << 30)) {
        throw std::invalid_argument("--chunk-size must be a number of bytes between 1 and 1073741824, not '" + text + "'");
      }
      o.chunk_size = n;
    } else if (arg == "--hmac-key-file") {
      o.hmac_key = read_key_file(value(i));
    } else if (arg == "--cache-dir") {
      o.cache_dir = value(i);
    } else if (arg == "--stats") {
      o.stats = true;
    } else if (arg == "--form") {
      o.form = true;
    } else if (arg == "--list-rules") {
      o.list_rules = true;
    } else if (arg == "--list-validators") {
      o.list_validators = true;
    } else if (arg == "-h" || arg == "--help") {
      std::cout << kUsage;
      std::exit(0);
    } else {
      throw std::invalid_argument("unknown option '" + arg + "' (see piiproxy scan --help)");
    }
  }
  if (o.files.empty()) o.files.push_back("-");
  return o;
}

// Writes findings as JSON Lines and counts them per category.
class FindingWriter final : public piimatch::FindingSink {
 public:
  explicit FindingWriter(std::FILE* out) : out_(out) {}
  void set_file(const std::string& name) { file_ = json_string(name); }
  void on_finding(const Finding& f) override {
    ++per_category_[static_cast<std::size_t>(f.category)];
    ++total_;
    if (out_ == nullptr) return;
    const auto hex = piimatch::fingerprint_hex(f.fingerprint);
    std::fprintf(out_,
                 "{\"file\":%s,\"rule\":\"%.*s\",\"category\":\"%.*s\",\"start\":%llu,\"end\":%llu,"
                 "\"action\":\"%.*s\",\"fingerprint\":\"%.*s\"}\n",
                 file_.c_str(), static_cast<int>(f.rule_id.size()), f.rule_id.data(),
                 static_cast<int>(piimatch::category_name(f.category).size()), piimatch::category_name(f.category).data(),
                 static_cast<unsigned long long>(f.start), static_cast<unsigned long long>(f.end),
                 static_cast<int>(piimatch::action_name(f.action).size()), piimatch::action_name(f.action).data(),
                 static_cast<int>(hex.size()), hex.data());
  }
  // Without --findings only the counts per category are kept.
  bool wants_fingerprints() const override { return out_ != nullptr; }
  std::uint64_t total() const { return total_; }
  const std::array<std::uint64_t, piimatch::kCategoryCount>& per_category() const { return per_category_; }

 private:
  // File names are the user's; escape them so the JSON stays valid.
  static std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
      if (c == '"' || c == '\\') { out += '\\'; out += static_cast<char>(c); }
      else if (c < 0x20) { char buf[8]; std::snprintf(buf, sizeof buf, "\\u%04x", c); out += buf; }
      else out += static_cast<char>(c);
    }
    return out + "\"";
  }
  std::FILE* out_;
  std::string file_ = "\"-\"";
  std::uint64_t total_ = 0;
  std::array<std::uint64_t, piimatch::kCategoryCount> per_category_{};
};

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

int run(const Options& o) {
  const std::string rules_path = o.rules.empty() ? piimatch::default_rules_path().string() : o.rules;
  const piimatch::RuleSet rules = piimatch::RuleSet::load(rules_path, o.min_confidence);

  if (o.list_validators) {
    for (const auto& v : piimatch::all_validators()) {
      std::printf("%-20.*s %.*s\n", static_cast<int>(v.name.size()), v.name.data(), static_cast<int>(v.summary.size()), v.summary.data());
    }
    return 0;
  }
  piimatch::EngineOptions engine_options;
  engine_options.hmac_key = o.hmac_key;
  engine_options.cache_dir = o.cache_dir;
  const auto engine = piimatch::Engine::compile(rules, engine_options);
  if (o.list_rules) {
    for (const auto& r : engine->rules()) {
      // How the rule's candidates are found: what it costs (docs/rule-format.md, "How a rule finds things").
      const char* path = !r.rule.dictionary.empty() ? "dictionary"
                         : r.context_gated         ? "after-cue"
                         : r.numeric               ? "numeric-token"
                         : r.triggered             ? "trigger"
                                                   : "stream";
      std::printf("%-40s %-12.*s %-7.*s width %u..%u %s\n", r.rule.id.c_str(),
                  static_cast<int>(piimatch::category_name(r.rule.category).size()), piimatch::category_name(r.rule.category).data(),
                  static_cast<int>(piimatch::action_name(r.rule.action.kind).size()), piimatch::action_name(r.rule.action.kind).data(),
                  r.width_min, r.width_max, path);
    }
    return 0;
  }

  std::unique_ptr<std::FILE, int (*)(std::FILE*)> findings_file(nullptr, std::fclose);
  if (!o.findings_path.empty()) {
    findings_file.reset(std::fopen(o.findings_path.c_str(), "w"));
    if (!findings_file) throw std::runtime_error("cannot write findings to '" + o.findings_path + "': " + std::strerror(errno));
  }
  FindingWriter writer(findings_file.get());
  piimatch::Scratch scratch(*engine);
  piimatch::RedactorOptions redactor_options;
  redactor_options.action_override = o.action;
  // One of the two, as --form says; both stream the same way.
  std::optional<piimatch::Redactor> plain;
  std::optional<piimatch::FormDecodingRedactor> form;
  if (o.form) form.emplace(*engine, scratch, &writer, redactor_options);
  else plain.emplace(*engine, scratch, &writer, redactor_options);
  const auto redact_write = [&](std::string_view input, std::string& output) {
    if (form) form->write(input, output);
    else plain->write(input, output);
  };
  const auto redact_finish = [&](std::string& output) {
    if (form) form->finish(output);
    else plain->finish(output);
  };
  const auto redact_reset = [&] {
    if (form) form->reset();
    else plain->reset();
  };

  std::vector<char> chunk(o.chunk_size);
  std::string out;
  out.reserve(o.chunk_size + engine->holdback() + 4096);
  std::uint64_t bytes = 0;
  const double cpu_before = cpu_seconds();
  for (const auto& name : o.files) {
    std::FILE* in = name == "-" ? stdin : std::fopen(name.c_str(), "rb");
    if (in == nullptr) throw std::runtime_error("cannot read '" + name + "': " + std::strerror(errno));
    writer.set_file(name);
    redact_reset();
    for (;;) {
      const std::size_t n = std::fread(chunk.data(), 1, chunk.size(), in);
      if (n > 0) {
        out.clear();
        redact_write({chunk.data(), n}, out);
        bytes += n;
        if (!out.empty() && std::fwrite(out.data(), 1, out.size(), stdout) != out.size()) {
          throw std::runtime_error(std::string("cannot write standard output: ") + std::strerror(errno));
        }
      }
      if (n < chunk.size()) {
        if (std::ferror(in)) {
          const std::string reason = std::strerror(errno);
          if (in != stdin) std::fclose(in);
          throw std::runtime_error("cannot read '" + name + "': " + reason);
        }
        if (std::feof(in)) break;
      }
    }
    if (in != stdin) std::fclose(in);
    out.clear();
    redact_finish(out);
    if (!out.empty() && std::fwrite(out.data(), 1, out.size(), stdout) != out.size()) {
      throw std::runtime_error(std::string("cannot write standard output: ") + std::strerror(errno));
    }
  }
  if (std::fflush(stdout) != 0) throw std::runtime_error(std::string("cannot write standard output: ") + std::strerror(errno));
  const double cpu = cpu_seconds() - cpu_before;

  if (o.stats) {
    std::fprintf(stderr, "bytes: %llu\ncpu_seconds: %.6f\nmb_per_cpu_second: %.1f\n",
                 static_cast<unsigned long long>(bytes), cpu, cpu > 0 ? static_cast<double>(bytes) / 1e6 / cpu : 0.0);
    std::fprintf(stderr, "database_compile_seconds: %.3f%s\nrules: %zu\nholdback_bytes: %u\nfindings: %llu\n",
                 engine->stats().compile_seconds, engine->stats().from_cache ? " (from cache)" : "",
                 engine->rules().size(), engine->holdback(), static_cast<unsigned long long>(writer.total()));
    for (std::size_t c = 0; c < piimatch::kCategoryCount; ++c) {
      if (writer.per_category()[c] == 0) continue;
      std::fprintf(stderr, "findings.%.*s: %llu\n", static_cast<int>(piimatch::kCategoryNames[c].size()),
                   piimatch::kCategoryNames[c].data(), static_cast<unsigned long long>(writer.per_category()[c]));
    }
  }
  return writer.total() > 0 ? 1 : 0;
}

}  // namespace

int scan_command(int argc, char** argv) {
  try {
    return run(parse(argc, argv));
  } catch (const std::exception& e) {  // usage, rule pack, I/O and scan errors alike
    std::fprintf(stderr, "piiproxy scan: %s\n", e.what());
    return 2;
  }
}

}  // namespace piiproxy::cli
