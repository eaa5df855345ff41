#pragma once
// Keyed HMAC-SHA256 fingerprints: deterministic for one key and value, useless without
// the key. Used for Finding::fingerprint and the `hash` action.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace piimatch {

class Hmac {
 public:
  Hmac();                              // random 32-byte key
  explicit Hmac(std::string_view key); // empty key => random
  std::array<std::uint8_t, 8> fingerprint(std::string_view value) const;

 private:
  std::string key_;
};

}  // namespace piimatch
