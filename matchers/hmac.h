#pragma once
// Keyed HMAC-SHA256 fingerprints: deterministic for one key and value, useless without
// the key. Used for Finding::fingerprint and the `hash` action.
//
// The key's inner and outer pad states are hashed once at construction, so a fingerprint
// costs two SHA-256 continuations (~0.4 us) instead of a full HMAC() call (~3 us): one is
// computed per finding on the scan path.
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st;

namespace piimatch {

class Hmac {
 public:
  Hmac();                               // random 32-byte key
  explicit Hmac(std::string_view key);  // empty key => random
  // Thread-safe: the keyed states are read-only; each thread hashes in its own context.
  std::array<std::uint8_t, 8> fingerprint(std::string_view value) const;

 private:
  void set_key(std::string_view key);
  std::shared_ptr<evp_md_ctx_st> inner_;  // SHA-256 state after (key XOR ipad)
  std::shared_ptr<evp_md_ctx_st> outer_;  // SHA-256 state after (key XOR opad)
};

}  // namespace piimatch
