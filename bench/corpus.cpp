#include "bench/corpus.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace piibench {
namespace {

constexpr std::string_view kHex = "0123456789abcdef";

// Prose vocabulary without anything a person-name dictionary would hold.
constexpr std::string_view kWords[] = {
    "the", "a", "service", "request", "was", "is", "and", "of", "to", "in", "for", "with",
    "order", "delivery", "payment", "update", "report", "system", "network", "team", "we",
    "our", "customer", "account", "product", "release", "version", "window", "morning",
    "evening", "after", "before", "during", "because", "although", "quickly", "slowly",
    "carefully", "new", "old", "large", "small", "green", "blue", "bright", "quiet", "busy",
    "office", "warehouse", "invoice", "shipment", "schedule", "meeting", "agenda", "notes",
    "summary", "question", "answer", "problem", "solution", "feature", "request", "latency",
    "throughput", "server", "client", "browser", "cache", "queue", "worker", "batch",
    "review", "approved", "rejected", "pending", "completed", "started", "finished",
    "please", "thanks", "regards", "today", "tomorrow", "yesterday", "week", "month",
    "year", "every", "some", "many", "few", "most", "all", "none", "other"};
constexpr std::string_view kStatuses[] = {"active", "pending", "shipped", "cancelled", "refunded", "on_hold"};
constexpr std::string_view kCurrencies[] = {"EUR", "USD", "GBP", "CHF", "JPY"};
constexpr std::string_view kMonths[] = {"Jan", "Mar", "Jun", "Aug", "Oct", "Dec"};
constexpr std::string_view kPaths[] = {"/api/v1/orders/", "/api/v2/users/", "/static/img/", "/api/v1/invoices/", "/health/"};
constexpr std::string_view kMethods[] = {"GET", "GET", "POST", "PUT"};
constexpr int kStatusCodes[] = {200, 200, 200, 201, 304, 404};

// Collects one record (a JSON object, a log line, a paragraph, a form post) and the
// positions of the values planted in it.
class RecordBuilder {
 public:
  void plain(std::string_view s) { text_.append(s); }
  void plain(char c) { text_.push_back(c); }
  void value(PiiKind kind, std::string_view v) {
    planted_.push_back({text_.size(), text_.size() + v.size(), kind});
    text_.append(v);
  }
  const std::string& text() const { return text_; }
  std::size_t planted_bytes() const {
    std::size_t n = 0;
    for (const auto& p : planted_) n += static_cast<std::size_t>(p.end - p.start);
    return n;
  }
  void append_to(Corpus& corpus) const {
    const std::uint64_t base = corpus.bytes.size();
    corpus.bytes += text_;
    for (auto p : planted_) {
      p.start += base;
      p.end += base;
      corpus.planted.push_back(p);
    }
  }

 private:
  std::string text_;
  std::vector<PlantedValue> planted_;
};

// Decides, as a record is written, whether another value must be planted so the corpus
// keeps its planted-bytes share at the requested density.
class DensityControl {
 public:
  DensityControl(double density, const Corpus& corpus) : density_(density), corpus_(corpus) {}
  bool want_more(const RecordBuilder& record) const {
    if (density_ <= 0) return false;
    const double total = static_cast<double>(corpus_.bytes.size() + record.text().size());
    const double planted = static_cast<double>(planted_so_far_ + record.planted_bytes());
    return planted < density_ * total;
  }
  void committed(const RecordBuilder& record) { planted_so_far_ += record.planted_bytes(); }

 private:
  double density_;
  const Corpus& corpus_;
  std::size_t planted_so_far_ = 0;
};

PiiKind pick_kind(CorpusKind corpus, Prng& rng) {
  if (corpus == CorpusKind::log && rng.chance(0.35)) return PiiKind::ip;
  return kAllPiiKinds[static_cast<std::size_t>(rng.below(kAllPiiKinds.size()))];
}

std::string hex_string(Prng& rng, int count) {
  std::string s;
  for (int i = 0; i < count; ++i) s.push_back(rng.pick_char(kHex));
  return s;
}
std::string digits(Prng& rng, int count, bool nonzero_first = true) {
  std::string s;
  for (int i = 0; i < count; ++i) {
    s.push_back(i == 0 && nonzero_first ? static_cast<char>('1' + rng.below(9)) : rng.digit());
  }
  return s;
}
std::string uuid(Prng& rng) {
  return hex_string(rng, 8) + "-" + hex_string(rng, 4) + "-4" + hex_string(rng, 3) + "-a" +
         hex_string(rng, 3) + "-" + hex_string(rng, 12);
}
std::string iso_timestamp(Prng& rng) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "2024-%02d-%02dT%02d:%02d:%02d.%03dZ",
                static_cast<int>(rng.between(1, 12)), static_cast<int>(rng.between(1, 28)),
                static_cast<int>(rng.between(0, 23)), static_cast<int>(rng.between(0, 59)),
                static_cast<int>(rng.between(0, 59)), static_cast<int>(rng.between(0, 999)));
  return buffer;
}
std::string decimal(Prng& rng, int int_digits, int frac_digits) {
  std::string s = std::to_string(rng.between(0, 9)) + digits(rng, int_digits - 1, false);
  s.erase(0, std::min(s.find_first_not_of('0'), s.size() - 1));
  return s + "." + digits(rng, frac_digits, false);
}
std::string version(Prng& rng) {
  return std::to_string(rng.between(0, 12)) + "." + std::to_string(rng.between(0, 40)) + "." +
         std::to_string(rng.between(0, 200));
}
std::string sentence(Prng& rng) {
  std::string s;
  const auto words = rng.between(6, 16);
  for (std::int64_t i = 0; i < words; ++i) {
    if (i > 0) s.push_back(' ');
    std::string word(rng.pick(kWords));
    if (i == 0) word[0] = static_cast<char>(word[0] - 'a' + 'A');
    s += word;
    if (rng.chance(0.05)) {  // numbers in prose: order numbers, dates, times, versions
      switch (rng.below(4)) {
        case 0: s += " " + digits(rng, static_cast<int>(rng.between(3, 8))); break;
        case 1: s += " on 2024-" + std::to_string(rng.between(10, 12)) + "-" + std::to_string(rng.between(10, 28)); break;
        case 2: s += " at " + std::to_string(rng.between(10, 23)) + ":" + std::to_string(rng.between(10, 59)); break;
        default: s += " " + version(rng); break;
      }
    }
  }
  return s + ". ";
}

// application/x-www-form-urlencoded form of a value.
std::string form_encode(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == ' ') {
      out.push_back('+');
    } else if (c == '@' || c == '+' || c == '(' || c == ')' || c == ',' || c == '/' || c == ':') {
      char buffer[4];
      std::snprintf(buffer, sizeof buffer, "%%%02X", static_cast<unsigned char>(c));
      out += buffer;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

void json_record(RecordBuilder& r, Prng& rng, DensityControl& density, bool first) {
  r.plain(first ? "  {" : ",\n  {");
  r.plain("\"id\":" + digits(rng, static_cast<int>(rng.between(6, 9))));
  r.plain(",\"order_id\":\"" + digits(rng, 19) + "\"");
  r.plain(",\"uuid\":\"" + uuid(rng) + "\"");
  r.plain(",\"created_at\":\"" + iso_timestamp(rng) + "\",\"updated_at\":\"" + iso_timestamp(rng) + "\"");
  r.plain(",\"ts\":17" + digits(rng, 11, false));
  r.plain(",\"amount\":" + decimal(rng, 5, 2) + ",\"currency\":\"" + std::string(rng.pick(kCurrencies)) + "\"");
  r.plain(",\"status\":\"" + std::string(rng.pick(kStatuses)) + "\",\"version\":\"" + version(rng) + "\"");
  r.plain(",\"lat\":" + std::to_string(rng.between(-80, 80)) + "." + digits(rng, 6, false) +
          ",\"lon\":" + std::to_string(rng.between(-170, 170)) + "." + digits(rng, 6, false));
  r.plain(",\"trace_id\":\"" + hex_string(rng, 32) + "\"");
  r.plain(",\"items\":[");
  const auto items = rng.between(1, 3);
  for (std::int64_t i = 0; i < items; ++i) {
    if (i > 0) r.plain(',');
    r.plain("{\"sku\":\"SKU-" + digits(rng, 6) + "\",\"qty\":" + std::to_string(rng.between(1, 12)) +
            ",\"price\":" + decimal(rng, 3, 2) + "}");
  }
  r.plain("]");
  for (int planted = 0; planted < 8 && density.want_more(r); ++planted) {
    const PiiKind kind = pick_kind(CorpusKind::json, rng);
    r.plain(",\"" + std::string(pii_field_name(kind)) + "\":\"");
    r.value(kind, make_pii(kind, rng));
    r.plain('"');
  }
  r.plain(",\"duration_ms\":" + std::to_string(rng.between(1, 900)) + "}");
}

void log_record(RecordBuilder& r, Prng& rng, DensityControl& density) {
  // Behind a load balancer the client field is usually "-"; a planted client IP replaces it.
  if (density.want_more(r) && rng.chance(0.5)) {
    r.value(PiiKind::ip, make_pii(PiiKind::ip, rng));
  } else {
    r.plain('-');
  }
  char when[64];
  std::snprintf(when, sizeof when, " - - [%02d/%s/2024:%02d:%02d:%02d +0000] \"",
                static_cast<int>(rng.between(1, 28)), std::string(rng.pick(kMonths)).c_str(),
                static_cast<int>(rng.between(0, 23)), static_cast<int>(rng.between(0, 59)),
                static_cast<int>(rng.between(0, 59)));
  r.plain(when);
  r.plain(std::string(rng.pick(kMethods)) + " " + std::string(rng.pick(kPaths)) + digits(rng, 7) +
          "?page=" + std::to_string(rng.between(1, 40)) + "&limit=50 HTTP/1.1\" " +
          std::to_string(rng.pick(kStatusCodes)) + " " + std::to_string(rng.between(120, 90000)));
  r.plain(" \"https://shop.example.net/cart\" \"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 "
          "(KHTML, like Gecko) Chrome/122.0." + std::to_string(rng.between(1000, 6999)) + ".94 Safari/537.36\"");
  r.plain(" rt=0." + digits(rng, 3, false) + " uct=0.00" + digits(rng, 1, false) + " req_id=" + hex_string(rng, 32));
  for (int planted = 0; planted < 8 && density.want_more(r); ++planted) {
    const PiiKind kind = pick_kind(CorpusKind::log, rng);
    r.plain(" user_" + std::string(pii_field_name(kind)) + "=\"");
    r.value(kind, make_pii(kind, rng));
    r.plain('"');
  }
  r.plain('\n');
}

void text_record(RecordBuilder& r, Prng& rng, DensityControl& density) {
  const auto sentences = rng.between(3, 7);
  for (std::int64_t i = 0; i < sentences; ++i) {
    r.plain(sentence(rng));
    if (!density.want_more(r)) continue;
    const PiiKind kind = pick_kind(CorpusKind::text, rng);
    const std::string v = make_pii(kind, rng);
    switch (kind) {
      case PiiKind::email: r.plain("You can write to "); r.value(kind, v); r.plain(" for details. "); break;
      case PiiKind::phone: r.plain("Call me on "); r.value(kind, v); r.plain(" tomorrow. "); break;
      case PiiKind::card: r.plain("The card number is "); r.value(kind, v); r.plain(" and it expires soon. "); break;
      case PiiKind::iban: r.plain("Please transfer it to IBAN "); r.value(kind, v); r.plain(" by Friday. "); break;
      case PiiKind::ip: r.plain("The request came from "); r.value(kind, v); r.plain(" last night. "); break;
      case PiiKind::ssn: r.plain("My SSN is "); r.value(kind, v); r.plain(" as requested. "); break;
      case PiiKind::token: r.plain("The api key "); r.value(kind, v); r.plain(" was rotated. "); break;
      case PiiKind::name: r.plain("Yesterday "); r.value(kind, v); r.plain(" joined the meeting. "); break;
      case PiiKind::address: r.plain("Ship it to "); r.value(kind, v); r.plain(" please. "); break;
    }
  }
  r.plain("\n\n");
}

void form_record(RecordBuilder& r, Prng& rng, DensityControl& density) {
  r.plain("form_build_id=form-" + hex_string(rng, 40) + "&product_id=" + digits(rng, 6) +
          "&quantity=" + std::to_string(rng.between(1, 9)) + "&unit_price=" + decimal(rng, 3, 2) +
          "&currency=" + std::string(rng.pick(kCurrencies)) + "&coupon=SPRING" + digits(rng, 2) +
          "&client_ts=17" + digits(rng, 11, false) + "&comment=" + form_encode(sentence(rng)));
  for (int planted = 0; planted < 8 && density.want_more(r); ++planted) {
    const PiiKind kind = pick_kind(CorpusKind::form, rng);
    r.plain("&" + std::string(pii_field_name(kind)) + "=");
    r.value(kind, form_encode(make_pii(kind, rng)));
  }
  r.plain("&submit=Send\n");
}

}  // namespace

std::string_view corpus_kind_name(CorpusKind kind) {
  switch (kind) {
    case CorpusKind::json: return "json";
    case CorpusKind::log: return "log";
    case CorpusKind::text: return "text";
    case CorpusKind::form: return "form";
    case CorpusKind::mixed: return "mixed";
  }
  return "?";
}

double Corpus::actual_density() const {
  std::uint64_t n = 0;
  for (const auto& p : planted) n += p.end - p.start;
  return bytes.empty() ? 0.0 : static_cast<double>(n) / static_cast<double>(bytes.size());
}

Corpus generate_corpus(const CorpusSpec& spec) {
  Corpus corpus;
  corpus.spec = spec;
  corpus.bytes.reserve(spec.size);
  Prng rng(spec.seed * 0x100000001b3ULL + static_cast<std::uint64_t>(spec.kind) * 7919 +
           static_cast<std::uint64_t>(spec.pii_density * 1e6));
  DensityControl density(spec.pii_density, corpus);
  const bool json = spec.kind == CorpusKind::json;
  if (json) corpus.bytes += "{\"data\":[\n";
  const std::string_view closing = json ? "\n]}\n" : "";
  bool first = true;
  for (std::size_t n = 0;; ++n) {
    RecordBuilder record;
    const CorpusKind kind = spec.kind == CorpusKind::mixed ? kAllCorpusKinds[n % kAllCorpusKinds.size()] : spec.kind;
    switch (kind) {
      case CorpusKind::mixed:
      case CorpusKind::json: json_record(record, rng, density, first || !json); break;
      case CorpusKind::log: log_record(record, rng, density); break;
      case CorpusKind::text: text_record(record, rng, density); break;
      case CorpusKind::form: form_record(record, rng, density); break;
    }
    if (spec.kind == CorpusKind::mixed && kind == CorpusKind::json) record.plain('\n');
    if (corpus.bytes.size() + record.text().size() + closing.size() > spec.size) break;
    record.append_to(corpus);
    density.committed(record);
    first = false;
  }
  corpus.bytes += closing;
  // Pad to the exact size with whitespace (valid in every format here).
  corpus.bytes.resize(std::max(spec.size, corpus.bytes.size()), json ? ' ' : '\n');
  corpus.bytes.resize(spec.size);
  return corpus;
}

}  // namespace piibench
