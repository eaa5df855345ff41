#include "matchers/hmac.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace piimatch {

namespace {

constexpr std::size_t kBlock = 64;  // SHA-256 block size

std::string random_key() {
  std::string key(32, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(key.data()), static_cast<int>(key.size())) != 1) {
    throw std::runtime_error("cannot generate a random HMAC key (OpenSSL RAND_bytes failed)");
  }
  return key;
}

std::shared_ptr<EVP_MD_CTX> keyed_state(const unsigned char* block, unsigned char pad) {
  std::shared_ptr<EVP_MD_CTX> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  unsigned char padded[kBlock];
  for (std::size_t i = 0; i < kBlock; ++i) padded[i] = static_cast<unsigned char>(block[i] ^ pad);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1 || EVP_DigestUpdate(ctx.get(), padded, kBlock) != 1) {
    throw std::runtime_error("OpenSSL: cannot initialise SHA-256");
  }
  return ctx;
}

// One working context per thread, reused for every fingerprint.
EVP_MD_CTX* thread_context() {
  thread_local std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  return ctx.get();
}

}  // namespace

Hmac::Hmac() { set_key(random_key()); }

Hmac::Hmac(std::string_view key) {
  if (key.empty()) {
    set_key(random_key());
  } else {
    set_key(key);
  }
}

void Hmac::set_key(std::string_view key) {
  // RFC 2104: keys longer than a block are hashed first; shorter ones are zero-padded.
  unsigned char block[kBlock] = {};
  if (key.size() > kBlock) {
    unsigned int len = 0;
    if (EVP_Digest(key.data(), key.size(), block, &len, EVP_sha256(), nullptr) != 1) {
      throw std::runtime_error("OpenSSL: cannot hash the HMAC key");
    }
  } else {
    for (std::size_t i = 0; i < key.size(); ++i) block[i] = static_cast<unsigned char>(key[i]);
  }
  inner_ = keyed_state(block, 0x36);
  outer_ = keyed_state(block, 0x5c);
}

std::array<std::uint8_t, 8> Hmac::fingerprint(std::string_view value) const {
  EVP_MD_CTX* work = thread_context();
  unsigned char inner_digest[EVP_MAX_MD_SIZE];
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  std::array<std::uint8_t, 8> out{};
  // Failures here mean OpenSSL is out of memory; an all-zero fingerprint is still safe
  // (it reveals nothing) and the redaction itself does not depend on it.
  if (work == nullptr || EVP_MD_CTX_copy_ex(work, inner_.get()) != 1 || EVP_DigestUpdate(work, value.data(), value.size()) != 1 ||
      EVP_DigestFinal_ex(work, inner_digest, &len) != 1 || EVP_MD_CTX_copy_ex(work, outer_.get()) != 1 ||
      EVP_DigestUpdate(work, inner_digest, len) != 1 || EVP_DigestFinal_ex(work, digest, &len) != 1) {
    return out;
  }
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = digest[i];
  return out;
}

}  // namespace piimatch
