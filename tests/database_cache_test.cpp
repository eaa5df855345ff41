// The serialized-database cache must make a second start load instead of compile, give a
// database that finds exactly what a fresh compile finds, and never let a bad entry fail a start.
#include "matchers/database_cache.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace {

namespace fs = std::filesystem;

// A fresh directory per test, removed afterwards.
class CacheDir {
 public:
  CacheDir() {
    static int counter = 0;
    path_ = fs::temp_directory_path() /
            ("piiproxy-dbcache-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(path_);
  }
  ~CacheDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string str() const { return path_.string(); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Compiles a small block-mode database and counts how often that happened.
struct CountingCompiler {
  int calls = 0;
  std::vector<const char*> expressions{"[a-z]{2,8}@[a-z]{2,8}\\.com", "\\d{3}-\\d{2}-\\d{4}"};

  hs_database_t* operator()() {
    ++calls;
    std::vector<unsigned> ids{1, 2};
    std::vector<unsigned> flags(expressions.size(), 0);
    hs_database_t* db = nullptr;
    hs_compile_error_t* error = nullptr;
    if (hs_compile_multi(expressions.data(), flags.data(), ids.data(),
                         static_cast<unsigned>(expressions.size()), HS_MODE_BLOCK, nullptr, &db,
                         &error) != HS_SUCCESS) {
      hs_free_compile_error(error);
      return nullptr;
    }
    return db;
  }
  std::function<hs_database_t*()> fn() {
    return [this] { return (*this)(); };
  }
};

using Matches = std::vector<std::pair<unsigned, unsigned long long>>;

Matches scan_all(const hs_database_t* db, const std::string& text) {
  Matches matches;
  hs_scratch_t* scratch = nullptr;
  EXPECT_EQ(hs_alloc_scratch(db, &scratch), HS_SUCCESS);
  auto on_match = [](unsigned id, unsigned long long, unsigned long long to, unsigned,
                     void* ctx) -> int {
    static_cast<Matches*>(ctx)->emplace_back(id, to);
    return 0;
  };
  EXPECT_EQ(hs_scan(db, text.data(), static_cast<unsigned>(text.size()), 0, scratch, on_match,
                    &matches),
            HS_SUCCESS);
  hs_free_scratch(scratch);
  return matches;
}

const std::string kSample = "mail bob@example.com or call 123-45-6789; alice@corp.com";

TEST(DatabaseCache, SecondCallLoadsFromCacheAndScansIdentically) {
  CacheDir dir;
  CountingCompiler compiler;
  bool from_cache = true;
  hs_database_t* first = piimatch::load_or_compile_database(dir.str(), "pack-v1", compiler.fn(), from_cache);
  ASSERT_NE(first, nullptr);
  EXPECT_FALSE(from_cache);
  EXPECT_EQ(compiler.calls, 1);
  EXPECT_TRUE(fs::exists(piimatch::database_cache_entry_path(dir.str(), "pack-v1")));

  hs_database_t* second = piimatch::load_or_compile_database(dir.str(), "pack-v1", compiler.fn(), from_cache);
  ASSERT_NE(second, nullptr);
  EXPECT_TRUE(from_cache);
  EXPECT_EQ(compiler.calls, 1) << "a cached entry must not be compiled again";

  const Matches fresh = scan_all(first, kSample);
  EXPECT_FALSE(fresh.empty());
  EXPECT_EQ(scan_all(second, kSample), fresh);
  hs_free_database(first);
  hs_free_database(second);
  // No temporary files left behind next to the entry.
  int files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir.path())) ++files;
  EXPECT_EQ(files, 1);
}

TEST(DatabaseCache, CorruptEntryFallsBackToCompileAndIsReplaced) {
  CacheDir dir;
  CountingCompiler compiler;
  bool from_cache = false;
  hs_free_database(piimatch::load_or_compile_database(dir.str(), "pack", compiler.fn(), from_cache));
  const std::string entry = piimatch::database_cache_entry_path(dir.str(), "pack");
  ASSERT_TRUE(fs::exists(entry));

  // Flip one byte in the middle of the payload.
  {
    std::fstream file(entry, std::ios::in | std::ios::out | std::ios::binary);
    const auto size = static_cast<std::streamoff>(fs::file_size(entry));
    file.seekg(size / 2);
    char byte = 0;
    file.read(&byte, 1);
    file.seekp(size / 2);
    byte = static_cast<char>(byte ^ 0x5a);
    file.write(&byte, 1);
  }
  hs_database_t* db = piimatch::load_or_compile_database(dir.str(), "pack", compiler.fn(), from_cache);
  ASSERT_NE(db, nullptr);
  EXPECT_FALSE(from_cache);
  EXPECT_EQ(compiler.calls, 2);
  EXPECT_FALSE(scan_all(db, kSample).empty());
  hs_free_database(db);

  // The corrupt entry was replaced by a good one.
  hs_free_database(piimatch::load_or_compile_database(dir.str(), "pack", compiler.fn(), from_cache));
  EXPECT_TRUE(from_cache);
  EXPECT_EQ(compiler.calls, 2);

  // A truncated entry (e.g. a crash of an older writer) is just as harmless.
  fs::resize_file(entry, 10);
  hs_free_database(piimatch::load_or_compile_database(dir.str(), "pack", compiler.fn(), from_cache));
  EXPECT_FALSE(from_cache);
  EXPECT_EQ(compiler.calls, 3);
}

TEST(DatabaseCache, DifferentKeyMaterialUsesDifferentEntry) {
  CacheDir dir;
  CountingCompiler compiler;
  bool from_cache = false;
  hs_free_database(piimatch::load_or_compile_database(dir.str(), "pack A", compiler.fn(), from_cache));
  hs_free_database(piimatch::load_or_compile_database(dir.str(), "pack B", compiler.fn(), from_cache));
  EXPECT_FALSE(from_cache) << "a changed rule pack must not load the old database";
  EXPECT_EQ(compiler.calls, 2);
  EXPECT_NE(piimatch::database_cache_entry_path(dir.str(), "pack A"),
            piimatch::database_cache_entry_path(dir.str(), "pack B"));
  EXPECT_TRUE(fs::exists(piimatch::database_cache_entry_path(dir.str(), "pack A")));
  EXPECT_TRUE(fs::exists(piimatch::database_cache_entry_path(dir.str(), "pack B")));
}

TEST(DatabaseCache, EntriesUnusedForMonthsArePrunedWhenANewOneIsStored) {
  CacheDir dir;
  CountingCompiler compiler;
  bool from_cache = false;
  hs_free_database(piimatch::load_or_compile_database(dir.str(), "old pack", compiler.fn(), from_cache));
  hs_free_database(piimatch::load_or_compile_database(dir.str(), "pack in use", compiler.fn(), from_cache));
  const fs::path old_entry = piimatch::database_cache_entry_path(dir.str(), "old pack");
  const fs::path used_entry = piimatch::database_cache_entry_path(dir.str(), "pack in use");
  const fs::path unrelated = dir.path() / "operator-notes.txt";
  std::ofstream(unrelated) << "not a cache entry";
  const auto months_ago = fs::file_time_type::clock::now() - std::chrono::hours(24 * 60);
  for (const fs::path& p : {old_entry, used_entry, unrelated}) fs::last_write_time(p, months_ago);

  // Loading an entry marks it as used, so it survives the pruning below.
  hs_free_database(piimatch::load_or_compile_database(dir.str(), "pack in use", compiler.fn(), from_cache));
  ASSERT_TRUE(from_cache);
  // Storing a new entry prunes the stale one.
  hs_free_database(piimatch::load_or_compile_database(dir.str(), "new pack", compiler.fn(), from_cache));
  EXPECT_FALSE(fs::exists(old_entry));
  EXPECT_TRUE(fs::exists(used_entry));
  EXPECT_TRUE(fs::exists(piimatch::database_cache_entry_path(dir.str(), "new pack")));
  EXPECT_TRUE(fs::exists(unrelated)) << "files that are not cache entries are never deleted";
}

TEST(DatabaseCache, EmptyCacheDirAlwaysCompiles) {
  CountingCompiler compiler;
  bool from_cache = true;
  for (int i = 0; i < 2; ++i) {
    hs_database_t* db = piimatch::load_or_compile_database("", "pack", compiler.fn(), from_cache);
    ASSERT_NE(db, nullptr);
    EXPECT_FALSE(from_cache);
    hs_free_database(db);
  }
  EXPECT_EQ(compiler.calls, 2);
}

TEST(DatabaseCache, UnwritableCacheDirStillReturnsCompiledDatabase) {
  CacheDir dir;
  // A regular file where the cache directory should be: nothing can be created below it.
  fs::create_directories(dir.path());
  const fs::path blocker = dir.path() / "not-a-directory";
  std::ofstream(blocker) << "x";
  CountingCompiler compiler;
  bool from_cache = true;
  hs_database_t* db =
      piimatch::load_or_compile_database((blocker / "cache").string(), "pack", compiler.fn(), from_cache);
  ASSERT_NE(db, nullptr);
  EXPECT_FALSE(from_cache);
  EXPECT_FALSE(scan_all(db, kSample).empty());
  hs_free_database(db);
}

}  // namespace
