#pragma once
// Validators confirm a candidate in C++ after Hyperscan found it: checksums (Luhn,
// mod-97, Verhoeff, ...), shape rules (IPv4 octets, SSN areas), entropy, and
// context-aware confirmers (person names) that may look around the candidate.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace piimatch {

// What a validator sees. `data` holds the retained bytes around the candidate; the
// candidate is data[start, end). A validator may narrow or widen [start, end) within
// [0, data.size()) (e.g. a name confirmer adding the surname that follows).
// Invariants the engine guarantees: at least Rule::context_window bytes before `start`
// are in `data` unless the stream began later (`at_stream_begin`), and at least
// Rule::lookahead bytes after `end` unless the stream ended (`at_stream_end`).
struct Candidate {
  std::string_view data;
  std::size_t start = 0;
  std::size_t end = 0;
  bool at_stream_begin = false;  // data[0] is the first byte of the stream
  bool at_stream_end = false;    // data.back() is the last byte of the stream

  std::string_view value() const { return data.substr(start, end - start); }
};

// Returns true to accept. Must not throw (called from inside the scan path).
using ValidatorFn = bool (*)(Candidate& candidate, std::optional<double> arg) noexcept;

struct ValidatorInfo {
  std::string_view name;
  ValidatorFn fn;
  bool takes_arg;           // e.g. entropy>=3.5
  std::uint32_t lookahead;  // bytes after the match this validator needs to see
  std::string_view summary; // one line for docs and error messages
};

// nullptr when no validator has that name.
const ValidatorInfo* find_validator(std::string_view name);

// Every registered validator, for documentation and "unknown validator" messages.
std::span<const ValidatorInfo> all_validators();

}  // namespace piimatch
