// Form-body redaction: decode -> inner Redactor (action report) -> translate its findings
// back onto the encoded bytes.
//
// Invariants between calls:
//   - encoded_ holds exactly the encoded bytes from the released point (encoded_base_) to
//     the end of the input, including a cut escape ('%' or '%X') at its tail;
//   - the inner Redactor has been given decoded bytes [0, decoded_end_) and has released
//     [0, inner_released_); encoded_base_ == encoded_offset(inner_released_);
//   - breakpoints_[breakpoints_head_..] are ascending and the first of them lies at or
//     before inner_released_, so encoded_offset() answers for every offset not released.
// Decoded bytes map to encoded ones 1:1 except for an escape, 1 decoded byte for 3 encoded;
// a breakpoint after each escape is all the map needs ('+' and literal '%' are 1:1).
#include "matchers/form_decoding_redactor.h"

#include "matchers/percent_encoding.h"

#include <algorithm>
#include <cstring>

namespace piimatch {

namespace {

// Appends `run` (holding no '%') with every '+' turned into the space it encodes.
void append_plus_decoded(std::string_view run, std::string& decoded) {
  const std::size_t from = decoded.size();
  decoded.append(run);
  char* const data = decoded.data() + from;
  for (std::size_t i = 0; i < run.size(); ++i) data[i] = data[i] == '+' ? ' ' : data[i];
}

// Whether some finding may be replaced by a label or hash, whose text needs the fingerprint.
bool may_replace_by_fingerprint(const Engine& engine, const std::optional<Action>& action_override) {
  auto by_fingerprint = [](const Action& a) { return a.kind == ActionKind::label || a.kind == ActionKind::hash; };
  if (action_override) return by_fingerprint(*action_override);
  for (const CompiledRule& rule : engine.rules()) {
    if (by_fingerprint(rule.rule.action)) return true;
  }
  return false;
}

RedactorOptions report_only(RedactorOptions options) {
  options.action_override = Action{ActionKind::report};
  return options;
}

}  // namespace

FormDecodingRedactor::FormDecodingRedactor(const Engine& engine, Scratch& scratch, FindingSink* sink,
                                           RedactorOptions options)
    : engine_(engine),
      sink_(sink),
      action_override_(options.action_override),
      collector_(may_replace_by_fingerprint(engine, options.action_override), sink),
      inner_(engine, scratch, &collector_, report_only(std::move(options))) {
  breakpoints_.reserve(64);
  breakpoints_.push_back({0, 0});
  collector_.findings.reserve(16);
}

void FormDecodingRedactor::reset() {
  inner_.reset();
  collector_.findings.clear();
  encoded_.clear();
  encoded_base_ = encoded_end_ = decoded_end_ = inner_released_ = 0;
  escape_state_ = EscapeState::none;
  breakpoints_.clear();
  breakpoints_.push_back({0, 0});
  breakpoints_head_ = 0;
  findings_emitted_ = 0;
}

void FormDecodingRedactor::push_decoded_escape(unsigned char byte) {
  decoded_.push_back(static_cast<char>(byte));
  // The escape ends at encoded_end_ when this is called (see decode()).
  breakpoints_.push_back({decoded_end_ + decoded_.size(), encoded_end_});
}

void FormDecodingRedactor::flush_partial_escape_literally() {
  if (escape_state_ == EscapeState::none) return;
  decoded_.push_back('%');
  if (escape_state_ == EscapeState::percent_hex) decoded_.push_back(escape_hex_);
  escape_state_ = EscapeState::none;
}

// Advances encoded_end_ over `input` while decoding it; push_decoded_escape() relies on
// encoded_end_ being the offset just past the escape's last byte when it is called.
void FormDecodingRedactor::decode(std::string_view input) {
  const std::uint64_t input_base = encoded_end_;
  const std::size_t n = input.size();
  std::size_t i = 0;
  // Finish an escape cut by the end of the previous write.
  while (i < n && escape_state_ != EscapeState::none) {
    const auto c = static_cast<unsigned char>(input[i]);
    if (hex_value(static_cast<char>(c)) < 0) {
      flush_partial_escape_literally();  // c itself is decoded below, as any byte
      break;
    }
    ++i;
    if (escape_state_ == EscapeState::percent) {
      escape_hex_ = static_cast<char>(c);
      escape_state_ = EscapeState::percent_hex;
    } else {
      escape_state_ = EscapeState::none;
      encoded_end_ = input_base + i;
      push_decoded_escape(static_cast<unsigned char>(hex_value(escape_hex_) * 16 + hex_value(static_cast<char>(c))));
    }
  }
  while (i < n) {
    const void* found = std::memchr(input.data() + i, '%', n - i);
    const std::size_t percent = found ? static_cast<std::size_t>(static_cast<const char*>(found) - input.data()) : n;
    append_plus_decoded(input.substr(i, percent - i), decoded_);
    if (percent == n) break;
    const std::size_t left = n - percent - 1;  // bytes after the '%' in this write
    if (left >= 2) {
      const int high = hex_value(input[percent + 1]);
      const int low = hex_value(input[percent + 2]);
      if (high >= 0 && low >= 0) {
        i = percent + 3;
        encoded_end_ = input_base + i;
        push_decoded_escape(static_cast<unsigned char>(high * 16 + low));
      } else {
        decoded_.push_back('%');  // not an escape: the '%' is itself, the next bytes decode as usual
        i = percent + 1;
      }
    } else if (left == 0) {
      escape_state_ = EscapeState::percent;
      i = n;
    } else if (hex_value(input[percent + 1]) >= 0) {
      escape_state_ = EscapeState::percent_hex;
      escape_hex_ = input[percent + 1];
      i = n;
    } else {
      decoded_.push_back('%');
      i = percent + 1;
    }
  }
  encoded_end_ = input_base + n;
}

void FormDecodingRedactor::write(std::string_view input, std::string& output) {
  if (input.empty()) return;
  encoded_.append(input);
  inner_output_.clear();
  // The common case of a run with nothing to decode goes to the inner Redactor as it is.
  if (escape_state_ == EscapeState::none && std::memchr(input.data(), '%', input.size()) == nullptr &&
      std::memchr(input.data(), '+', input.size()) == nullptr) {
    encoded_end_ += input.size();
    decoded_end_ += input.size();
    inner_.write(input, inner_output_);
  } else {
    decoded_.clear();
    decode(input);
    decoded_end_ += decoded_.size();
    inner_.write(decoded_, inner_output_);
  }
  release(output);
}

void FormDecodingRedactor::finish(std::string& output) {
  inner_output_.clear();
  decoded_.clear();
  flush_partial_escape_literally();  // "%" or "%4" at the very end is literal
  if (!decoded_.empty()) {
    decoded_end_ += decoded_.size();
    inner_.write(decoded_, inner_output_);
  }
  inner_.finish(inner_output_);
  release(output);
}

std::uint64_t FormDecodingRedactor::encoded_offset(std::uint64_t decoded) const {
  const auto first = breakpoints_.begin() + static_cast<std::ptrdiff_t>(breakpoints_head_);
  const auto after = std::upper_bound(first, breakpoints_.end(), decoded,
                                      [](std::uint64_t d, const Breakpoint& b) { return d < b.decoded; });
  const Breakpoint& b = *(after - 1);  // exists: the first breakpoint is at or before any unreleased offset
  return b.encoded + (decoded - b.decoded);
}

void FormDecodingRedactor::drop_breakpoints_before(std::uint64_t decoded) {
  while (breakpoints_head_ + 1 < breakpoints_.size() && breakpoints_[breakpoints_head_ + 1].decoded <= decoded) {
    ++breakpoints_head_;
  }
  // Compact now and then rather than on every release: the vector stays about as long as
  // the escapes in the held bytes.
  if (breakpoints_head_ >= 64 && breakpoints_head_ * 2 >= breakpoints_.size()) {
    breakpoints_.erase(breakpoints_.begin(), breakpoints_.begin() + static_cast<std::ptrdiff_t>(breakpoints_head_));
    breakpoints_head_ = 0;
  }
}

Action FormDecodingRedactor::action_of(const Finding& finding) const {
  return action_override_ ? *action_override_ : engine_.rules()[finding.rule_index].rule.action;
}

void FormDecodingRedactor::append_encoded(std::uint64_t upto, std::string& output) {
  // encoded_ is erased once per release(); released_cursor_ walks it meanwhile.
  output.append(encoded_, static_cast<std::size_t>(released_cursor_ - encoded_base_),
                static_cast<std::size_t>(upto - released_cursor_));
  released_cursor_ = upto;
}

void FormDecodingRedactor::emit(const Finding& inner_finding, std::string& output) {
  const Action action = action_of(inner_finding);
  const std::uint64_t start = encoded_offset(inner_finding.start);
  const std::uint64_t end = encoded_offset(inner_finding.end);
  append_encoded(start, output);
  switch (action.kind) {
    case ActionKind::mask: {
      // keep_last counts decoded bytes: it keeps the encoded bytes of the last N of them.
      const std::uint64_t keep = std::min<std::uint64_t>(action.keep_last, inner_finding.end - inner_finding.start);
      const std::uint64_t kept_from = encoded_offset(inner_finding.end - keep);
      output.append(static_cast<std::size_t>(kept_from - start), action.mask_char);
      released_cursor_ = kept_from;
      append_encoded(end, output);
      break;
    }
    case ActionKind::label:
    case ActionKind::hash:
      replacement_.clear();
      append_replacement_text(action.kind, inner_finding.category, inner_finding.fingerprint, replacement_);
      append_percent_encoded(replacement_, output);
      released_cursor_ = end;
      break;
    case ActionKind::report:
      append_encoded(end, output);
      break;
  }
  ++findings_emitted_;
  if (sink_ != nullptr) {
    Finding finding = inner_finding;
    finding.start = start;
    finding.end = end;
    finding.action = action.kind;
    sink_->on_finding(finding);
  }
}

void FormDecodingRedactor::release(std::string& output) {
  inner_released_ += inner_output_.size();
  inner_output_.clear();
  released_cursor_ = encoded_base_;
  // The inner Redactor reports a finding when it releases it: all lie before inner_released_,
  // in ascending order, without overlap.
  for (const Finding& finding : collector_.findings) emit(finding, output);
  collector_.findings.clear();
  append_encoded(encoded_offset(inner_released_), output);
  encoded_.erase(0, static_cast<std::size_t>(released_cursor_ - encoded_base_));
  encoded_base_ = released_cursor_;
  drop_breakpoints_before(inner_released_);
}

}  // namespace piimatch
