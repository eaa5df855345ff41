#include "matchers/hmac.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace piimatch {

namespace {
std::string random_key() {
  std::string key(32, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(key.data()), static_cast<int>(key.size())) != 1) {
    throw std::runtime_error("cannot generate a random HMAC key (OpenSSL RAND_bytes failed)");
  }
  return key;
}
}  // namespace

Hmac::Hmac() : key_(random_key()) {}

Hmac::Hmac(std::string_view key) : key_(key.empty() ? random_key() : std::string(key)) {}

std::array<std::uint8_t, 8> Hmac::fingerprint(std::string_view value) const {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;
  HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
       reinterpret_cast<const unsigned char*>(value.data()), value.size(), digest, &digest_len);
  std::array<std::uint8_t, 8> out{};
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = digest[i];
  return out;
}

}  // namespace piimatch
