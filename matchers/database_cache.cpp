#include "matchers/database_cache.h"

#include <openssl/evp.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <system_error>

namespace piimatch {
namespace {

// Bumped whenever the file layout or the key derivation changes, so old entries just miss.
constexpr std::string_view kKeyDomain = "piiproxy-hsdb-cache-v1";
// File layout: magic, SHA-256 of the payload, payload (hs_serialize_database output).
constexpr std::string_view kMagic = "PIIHSDB1";
constexpr std::size_t kDigestBytes = 32;
constexpr std::size_t kHeaderBytes = kMagic.size() + kDigestBytes;

using Digest = std::array<unsigned char, kDigestBytes>;

bool sha256(std::string_view data, Digest& out) {
  unsigned int length = 0;
  return EVP_Digest(data.data(), data.size(), out.data(), &length, EVP_sha256(), nullptr) == 1 &&
         length == kDigestBytes;
}

std::string to_hex(const Digest& digest) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(digest.size() * 2);
  for (unsigned char byte : digest) {
    hex.push_back(kHex[byte >> 4]);
    hex.push_back(kHex[byte & 0x0f]);
  }
  return hex;
}

// Appends a length-prefixed field, so ("ab","c") and ("a","bc") never hash alike.
void append_field(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out.push_back(':');
  out.append(field);
}

// Everything besides the caller's key that decides whether a serialized database is usable
// here: the library version and the platform Hyperscan compiles for by default.
std::string platform_key() {
  std::string key;
  append_field(key, hs_version());
  hs_platform_info_t platform{};
  if (hs_populate_platform(&platform) == HS_SUCCESS) {
    append_field(key, std::to_string(platform.tune));
    append_field(key, std::to_string(platform.cpu_features));
  } else {
    append_field(key, "unknown-platform");
  }
  return key;
}

std::string entry_name(const std::string& key_material) {
  std::string material;
  append_field(material, kKeyDomain);
  append_field(material, key_material);
  material += platform_key();
  Digest digest{};
  if (!sha256(material, digest)) return {};
  return to_hex(digest) + ".hsdb";
}

// Reads and verifies an entry; null when it is missing, unreadable, corrupt or rejected by
// Hyperscan (other version or platform). Never throws.
hs_database_t* try_load(const std::filesystem::path& path) noexcept {
  try {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) return nullptr;
    // One read of the whole file: entries are megabytes and this is on the start-up path.
    const std::streamoff size = in.tellg();
    if (size <= 0) return nullptr;
    std::string bytes(static_cast<std::size_t>(size), '\0');
    in.seekg(0);
    if (!in.read(bytes.data(), size)) return nullptr;
    if (bytes.size() <= kHeaderBytes || std::string_view(bytes).substr(0, kMagic.size()) != kMagic) {
      return nullptr;
    }
    std::string_view payload = std::string_view(bytes).substr(kHeaderBytes);
    Digest expected{};
    std::memcpy(expected.data(), bytes.data() + kMagic.size(), kDigestBytes);
    Digest actual{};
    if (!sha256(payload, actual) || actual != expected) return nullptr;
    hs_database_t* db = nullptr;
    if (hs_deserialize_database(payload.data(), payload.size(), &db) != HS_SUCCESS) return nullptr;
    return db;
  } catch (...) {
    return nullptr;
  }
}

// Entries not loaded or written for this long are deleted when a new entry is stored, so a
// cache that sees many pack edits does not grow without bound (each entry is megabytes).
constexpr auto kUnusedEntryLifetime = std::chrono::hours(24 * 30);
// A temporary file this old belongs to a writer that died before its rename.
constexpr auto kAbandonedTempLifetime = std::chrono::hours(1);

// Marks an entry as in use (its modification time is its last use), so pruning spares it.
void touch(const std::filesystem::path& path) noexcept {
  std::error_code ec;
  std::filesystem::last_write_time(path, std::filesystem::file_time_type::clock::now(), ec);
}

// Deletes unused entries and abandoned temporary files. Best effort: errors are ignored.
void prune(const std::filesystem::path& dir) noexcept {
  try {
    const auto now = std::filesystem::file_time_type::clock::now();
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      const std::string name = entry.path().filename().string();
      const bool is_entry = name.size() > 5 && name.ends_with(".hsdb");
      const bool is_temp = name.find(".hsdb.tmp.") != std::string::npos;
      if (!is_entry && !is_temp) continue;  // never touch files that are not ours
      std::error_code time_ec;
      const auto modified = entry.last_write_time(time_ec);
      if (time_ec) continue;
      if (now - modified > (is_entry ? kUnusedEntryLifetime : kAbandonedTempLifetime)) {
        std::error_code remove_ec;
        std::filesystem::remove(entry.path(), remove_ec);
      }
    }
  } catch (...) {
  }
}

// Writes the entry through a temporary file in the same directory and renames it into
// place, so a reader sees either no entry or a complete one, even with concurrent writers.
// Failures are swallowed: the cache is an optimisation, never a reason to fail a start.
void try_store(const std::filesystem::path& dir, const std::filesystem::path& path,
               const hs_database_t* db) noexcept {
  char* serialized = nullptr;
  std::size_t serialized_size = 0;
  if (hs_serialize_database(db, &serialized, &serialized_size) != HS_SUCCESS) return;
  std::filesystem::path temp;
  try {
    std::string_view payload(serialized, serialized_size);
    Digest digest{};
    if (sha256(payload, digest)) {
      std::error_code ec;
      std::filesystem::create_directories(dir, ec);
      static std::atomic<unsigned> counter{0};
      temp = path;
      temp += ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter.fetch_add(1));
      bool written = false;
      {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out.write(kMagic.data(), static_cast<std::streamsize>(kMagic.size()));
        out.write(reinterpret_cast<const char*>(digest.data()), static_cast<std::streamsize>(digest.size()));
        out.write(payload.data(), static_cast<std::streamsize>(payload.size()));
        out.flush();
        written = static_cast<bool>(out);
      }
      if (written) {
        std::filesystem::rename(temp, path, ec);
        if (!ec) temp.clear();
      }
      prune(dir);
    }
  } catch (...) {
  }
  std::free(serialized);  // Hyperscan's default misc allocator is malloc
  if (!temp.empty()) {
    std::error_code ec;
    std::filesystem::remove(temp, ec);
  }
}

}  // namespace

std::string database_cache_entry_path(const std::string& cache_dir, const std::string& key_material) {
  return (std::filesystem::path(cache_dir) / entry_name(key_material)).string();
}

hs_database_t* load_or_compile_database(const std::string& cache_dir,
                                        const std::string& key_material,
                                        const std::function<hs_database_t*()>& compile,
                                        bool& from_cache) {
  from_cache = false;
  if (cache_dir.empty()) return compile();
  const std::string name = entry_name(key_material);
  if (name.empty()) return compile();  // no SHA-256 available: behave as without a cache
  const std::filesystem::path dir(cache_dir);
  const std::filesystem::path path = dir / name;
  if (hs_database_t* cached = try_load(path)) {
    touch(path);
    from_cache = true;
    return cached;
  }
  hs_database_t* db = compile();
  if (db != nullptr) try_store(dir, path, db);
  return db;
}

}  // namespace piimatch
