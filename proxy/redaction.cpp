#include "proxy/redaction.h"

#include <stdexcept>

#include <spdlog/spdlog.h>

#include "matchers/category.h"
#include "matchers/percent_encoding.h"

namespace piiproxy {

namespace {
constexpr std::size_t kIdleRedactorsKept = 256;

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// The media type of a Content-Type value, lower-cased, without parameters or blanks.
std::string media_type_of(const std::string& content_type) {
  std::string_view v(content_type);
  v = v.substr(0, v.find(';'));
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return lower_ascii(v);
}

}  // namespace

void FindingRecorder::on_finding(const piimatch::Finding& finding) {
  ++count;
  if (collect) collect->push_back(finding);
  if (spdlog::should_log(spdlog::level::debug)) {
    auto fp = piimatch::fingerprint_hex(finding.fingerprint);
    spdlog::debug("finding rule={} category={} location=\"{}\" start={} end={} action={} fingerprint={}",
                  finding.rule_id, piimatch::category_name(finding.category), location, finding.start,
                  finding.end, piimatch::action_name(finding.action), std::string_view(fp.data(), fp.size()));
  }
}

bool FindingRecorder::wants_fingerprints() const {
  return collect != nullptr || spdlog::should_log(spdlog::level::debug);
}

void RedactorReturner::operator()(PooledRedactor* r) const {
  if (owner) owner->give_back(r);
  else delete r;
}

RedactionContext::RedactionContext(std::shared_ptr<const piimatch::Engine> engine,
                                   piimatch::RedactorOptions options, const RedactionConfig& config)
    : engine_(std::move(engine)), scratch_(*engine_), options_(std::move(options)), config_(config) {
  for (auto& h : config_.headers) h = lower_ascii(h);
  if (options_.action_override) {
    length_preserving_ = options_.action_override->length_preserving();
  } else {
    const auto& rules = engine_->rules();
    for (std::size_t i = 0; i < rules.size(); ++i) {
      if (!options_.rule_enabled.empty() && !options_.rule_enabled[i]) continue;
      if (!rules[i].rule.action.length_preserving()) length_preserving_ = false;
    }
  }
}

RedactionContext::~RedactionContext() {
  for (PooledRedactor* r : idle_) delete r;
}

RedactorLease RedactionContext::acquire(const char* location, BodyEncoding encoding) {
  PooledRedactor* r = nullptr;
  if (!idle_.empty()) {
    r = idle_.back();
    idle_.pop_back();
  } else {
    r = new PooledRedactor();
    r->redactor = std::make_unique<piimatch::Redactor>(*engine_, scratch_, &r->recorder, options_);
  }
  if (encoding == BodyEncoding::form && !r->form_redactor) {
    try {
      r->form_redactor = std::make_unique<piimatch::FormDecodingRedactor>(*engine_, scratch_, &r->recorder, options_);
    } catch (...) {
      give_back(r);  // the slot is fine; only the form redactor could not be made
      throw;
    }
  }
  r->leased_as = encoding;
  r->recorder.location = location;
  r->recorder.collect = nullptr;
  r->recorder.count = 0;
  return RedactorLease(r, RedactorReturner{this});
}

void RedactionContext::give_back(PooledRedactor* r) {
  if (idle_.size() >= kIdleRedactorsKept) {
    delete r;
    return;
  }
  if (r->leased_as == BodyEncoding::form) r->form_redactor->reset();
  else r->redactor->reset();
  r->leased_as = BodyEncoding::raw;
  idle_.push_back(r);
}

bool RedactionContext::scans_header(std::string_view name) const {
  for (const auto& h : config_.headers) {
    if (h.size() != name.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < h.size() && same; ++i) {
      char c = name[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      same = c == h[i];
    }
    if (same) return true;
  }
  return false;
}

bool RedactionContext::scans_media_type(const std::string* content_type) const {
  if (!content_type) return config_.scan_missing_content_type;
  const std::string type = media_type_of(*content_type);
  const std::size_t slash = type.find('/');
  for (const auto& pattern : config_.content_types) {
    if (pattern == type) return true;
    if (pattern.size() > 2 && pattern.compare(pattern.size() - 2, 2, "/*") == 0 && slash != std::string::npos &&
        type.compare(0, slash + 1, pattern, 0, pattern.size() - 1) == 0)
      return true;
    if (pattern.size() > 2 && pattern[0] == '*' && pattern[1] == '+' && type.size() > pattern.size() - 1 &&
        type.compare(type.size() - (pattern.size() - 1), pattern.size() - 1, pattern, 1) == 0)
      return true;
  }
  return false;
}

BodyEncoding RedactionContext::body_encoding(const std::string* content_type) {
  if (!content_type) return BodyEncoding::raw;
  return media_type_of(*content_type) == "application/x-www-form-urlencoded" ? BodyEncoding::form : BodyEncoding::raw;
}

std::uint64_t RedactionContext::redact_value(std::string& value, const char* location) {
  RedactorLease lease = acquire(location);
  redacted_.clear();
  lease->redactor->write(value, redacted_);
  lease->redactor->finish(redacted_);
  const std::uint64_t found = lease->recorder.count;
  if (found) value.swap(redacted_);
  return found;
}

std::uint64_t RedactionContext::redact_url(std::string& url, const char* location) {
  // Percent-decoded view, with offsets_[i] = where decoded byte i starts in `url`. In the
  // query a '+' is a space (form encoding, what browsers and HTML forms send), so a card
  // written 4111+1111+1111+1111 reads as the number it is; in the path it stays a '+'.
  decoded_.clear();
  offsets_.clear();
  const std::size_t query = url.find('?');
  for (std::size_t i = 0; i < url.size();) {
    offsets_.push_back(static_cast<std::uint32_t>(i));
    if (url[i] == '%' && i + 2 < url.size() && piimatch::hex_value(url[i + 1]) >= 0 && piimatch::hex_value(url[i + 2]) >= 0) {
      decoded_.push_back(static_cast<char>(piimatch::hex_value(url[i + 1]) * 16 + piimatch::hex_value(url[i + 2])));
      i += 3;
    } else {
      decoded_.push_back(url[i] == '+' && i > query ? ' ' : url[i]);
      i += 1;
    }
  }
  offsets_.push_back(static_cast<std::uint32_t>(url.size()));

  RedactorLease lease = acquire(location);
  findings_.clear();
  lease->recorder.collect = &findings_;
  redacted_.clear();
  lease->redactor->write(decoded_, redacted_);
  lease->redactor->finish(redacted_);
  lease->recorder.collect = nullptr;
  if (findings_.empty()) return 0;

  // Rebuild: original bytes between findings, the redacted text of each finding,
  // percent-encoded where a URL needs it. A label or hash is written from the finding
  // itself; a mask (the same length as the finding) is read from the redacted output, where
  // the finding starts at its input start plus the growth of the earlier replacements.
  std::string out;
  out.reserve(url.size() + 16);
  std::string replacement;
  std::uint64_t copied_until = 0;  // decoded offset
  std::int64_t growth = 0;
  // Findings arrive in order, disjoint, inside the decoded URL, and a mask is as long as its
  // finding. Should that ever not hold, the URL is not sent half-redacted: the throw fails
  // the request closed (the codec stops the message; nothing is forwarded).
  auto broken_invariant = [] { return std::logic_error("redact_url: findings do not fit the redacted URL"); };
  for (const auto& f : findings_) {
    if (f.start < copied_until || f.end > decoded_.size() || f.end < f.start) throw broken_invariant();
    out.append(url, offsets_[copied_until], offsets_[f.start] - offsets_[copied_until]);
    const std::uint64_t in_len = f.end - f.start;
    replacement.clear();
    piimatch::append_replacement_text(f.action, f.category, f.fingerprint, replacement);
    if (replacement.empty()) {  // mask or report: as long as the finding
      const std::uint64_t out_start = static_cast<std::uint64_t>(static_cast<std::int64_t>(f.start) + growth);
      if (out_start + in_len > redacted_.size()) throw broken_invariant();
      piimatch::append_percent_encoded(std::string_view(redacted_).substr(out_start, in_len), out, "*");
    } else {
      piimatch::append_percent_encoded(replacement, out, "*");
      growth += static_cast<std::int64_t>(replacement.size()) - static_cast<std::int64_t>(in_len);
    }
    copied_until = f.end;
  }
  out.append(url, offsets_[copied_until], std::string::npos);
  url.swap(out);
  return findings_.size();
}

}  // namespace piiproxy
