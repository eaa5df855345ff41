#pragma once
// On-disk cache of compiled Hyperscan databases, so a warm start or a reload of an unchanged
// rule pack deserializes its databases (milliseconds) instead of compiling them (seconds).
//
// An entry is the file `<cache_dir>/<hex SHA-256>.hsdb`, where the hash covers the caller's
// key material (the rule pack and everything else that shapes the database), the Hyperscan
// version string and the CPU platform (tuning family and feature bits): a database compiled
// for AVX2 is never loaded on a machine without it, and a library upgrade misses the cache.
// The file carries a SHA-256 of its payload, checked before Hyperscan sees a byte of it, so
// a truncated or corrupt entry is detected and replaced instead of being deserialized.
// Each load refreshes an entry's modification time; storing a new entry deletes entries
// unused for 30 days (and temporary files abandoned for an hour), so the directory does not
// grow without bound as packs are edited. Files not named like entries are never touched.
#include <hs/hs.h>

#include <functional>
#include <string>

namespace piimatch {

// Returns a compiled Hyperscan database: deserialized from `cache_dir` when an entry keyed by
// SHA-256(key_material + hs_version() + platform/CPU features) exists and loads, otherwise
// the result of `compile()`, which is then serialized (hs_serialize_database) and written
// atomically (temp file + rename). Empty cache_dir: just compile(). Sets from_cache.
// A corrupt or unreadable entry is ignored (and replaced), never fatal; nor is a cache
// directory that cannot be created or written (the compiled database is still returned).
// Exceptions thrown by `compile()` propagate unchanged; a null result of `compile()` is
// returned as is and not cached. The caller owns the result (hs_free_database).
hs_database_t* load_or_compile_database(const std::string& cache_dir,
                                        const std::string& key_material,
                                        const std::function<hs_database_t*()>& compile,
                                        bool& from_cache);

// The path of the entry `load_or_compile_database` uses for this key on this machine
// (exposed for tests and for operators who want to see or prune the cache).
std::string database_cache_entry_path(const std::string& cache_dir, const std::string& key_material);

}  // namespace piimatch
