// Hyperscan as it is usually first tried: every expression with start-of-match tracking,
// so each match arrives with its span and nothing needs to be confirmed.
#include <chrono>
#include <string>

#include "bench/peers.h"

namespace piibench {
namespace {

int record_match(unsigned id, unsigned long long from, unsigned long long to, unsigned, void* ctx) noexcept {
  static_cast<MatchRecorder*>(ctx)->on_match(id, from, to);
  return 0;
}

}  // namespace

PeerBuildResult NaiveHyperscan::build(const std::vector<PeerPattern>& patterns) {
  PeerBuildResult result;
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::size_t> kept;
  for (std::size_t i = 0; i < patterns.size(); ++i) kept.push_back(i);
  // Compile; when Hyperscan rejects one expression, drop it, note why, and try again.
  while (!kept.empty()) {
    std::vector<const char*> expressions;
    std::vector<unsigned> flags;
    std::vector<unsigned> ids;
    for (std::size_t i : kept) {
      const PeerPattern& p = patterns[i];
      expressions.push_back(p.expression.c_str());
      flags.push_back(HS_FLAG_SOM_LEFTMOST | (p.caseless ? HS_FLAG_CASELESS : 0u) |
                      (p.dotall ? HS_FLAG_DOTALL : 0u) | (p.multiline ? HS_FLAG_MULTILINE : 0u));
      ids.push_back(static_cast<unsigned>(i));
    }
    hs_compile_error_t* error = nullptr;
    if (hs_compile_multi(expressions.data(), flags.data(), ids.data(), static_cast<unsigned>(kept.size()),
                         HS_MODE_STREAM | HS_MODE_SOM_HORIZON_LARGE, nullptr, &db_, &error) == HS_SUCCESS) {
      break;
    }
    const int bad = error->expression;
    const std::string message = error->message;
    hs_free_compile_error(error);
    if (bad < 0) {  // not attributable to one expression: give up on this peer
      result.skipped.push_back("*: " + message);
      kept.clear();
      break;
    }
    result.skipped.push_back(patterns[kept[static_cast<std::size_t>(bad)]].rule_id + ": " + message);
    kept.erase(kept.begin() + bad);
  }
  if (db_ != nullptr) hs_alloc_scratch(db_, &scratch_);
  result.compile_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

NaiveHyperscan::~NaiveHyperscan() {
  hs_free_scratch(scratch_);
  hs_free_database(db_);
}

void NaiveHyperscan::scan(std::string_view input, std::size_t write_size, MatchRecorder& recorder) {
  if (db_ == nullptr) return;
  if (write_size == 0) write_size = input.size();
  // A stream per message, as a proxy would open one per body.
  if (hs_open_stream(db_, 0, &stream_) != HS_SUCCESS) return;
  for (std::size_t pos = 0; pos < input.size(); pos += write_size) {
    const std::size_t n = std::min(write_size, input.size() - pos);
    hs_scan_stream(stream_, input.data() + pos, static_cast<unsigned>(n), 0, scratch_, record_match, &recorder);
  }
  hs_close_stream(stream_, scratch_, record_match, &recorder);
  stream_ = nullptr;
}

}  // namespace piibench
