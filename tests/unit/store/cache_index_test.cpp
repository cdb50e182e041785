// CacheIndex: key hashes are FNV-1a exactly (they are stored, so they must never change),
// find returns every id with the hash newest first, and the store's lookups go through it:
// the newest matching entry wins, a hash collision with another key is not a hit.
#include <gtest/gtest.h>

#include "base/hash.h"
#include "store/cache_index.h"
#include "store/sqlite.h"
#include "store/store.h"
#include "store/store_writer.h"
#include "support/temp_dir.h"

namespace evp::store {
namespace {

TEST(CacheIndex, KeyHashIsFnv1a64) {
  // Published FNV-1a 64 test vectors.
  EXPECT_EQ(cache_key_hash(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(cache_key_hash("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(cache_key_hash("foobar"), 0x85944171f73967e8ULL);
}

TEST(CacheIndex, FindsEveryIdOfAHashNewestFirstAndNothingElse) {
  CacheIndex index;
  index.add(7, 1);
  index.add(3, 2);
  index.add(7, 5);
  index.add(9, 4);
  index.add(7, 3);
  index.seal();
  EXPECT_EQ(index.size(), 5u);
  EXPECT_EQ(index.find(7), (std::vector<int64_t>{5, 3, 1}));
  EXPECT_EQ(index.find(3), (std::vector<int64_t>{2}));
  EXPECT_TRUE(index.find(8).empty());
  EXPECT_TRUE(index.find(0).empty());
  EXPECT_TRUE(CacheIndex{}.find(7).empty());
}

TEST(CacheIndex, TheStoreIndexesItsEntriesAndReadsTheNewestValue) {
  evp::test::TempDir dir;
  const auto db = dir.path() / "evp.db";
  auto store = Store::open(db);
  const std::string key = sha256_hex("present");
  {
    StoreWriter writer(db);
    writer.cache_put(key, "first");
    writer.cache_put("other", "x");
    writer.cache_put(key, "second");  // put again: the newest value is read back
  }
  const CacheIndex index = store->cache_index();
  EXPECT_EQ(index.size(), 3u);
  EXPECT_EQ(index.find(cache_key_hash(key)).size(), 2u);
  EXPECT_EQ(store->cache_get(index, key), "second");
  EXPECT_EQ(store->cache_get(index, "other"), "x");
  EXPECT_FALSE(store->cache_get(index, sha256_hex("absent")).has_value());
  EXPECT_EQ(store->cache_get(key), "second");  // the scanning lookup agrees
  EXPECT_FALSE(store->cache_get("absent").has_value());
  // Entries put after the index was loaded are not in it (a run loads it once at start).
  {
    StoreWriter writer(db);
    writer.cache_put("late", "y");
  }
  EXPECT_FALSE(store->cache_get(index, "late").has_value());
  EXPECT_EQ(store->cache_get(store->cache_index(), "late"), "y");
}

TEST(CacheIndex, AKeyWhoseHashCollidesIsNotAHit) {
  evp::test::TempDir dir;
  const auto db = dir.path() / "evp.db";
  auto store = Store::open(db);
  {
    StoreWriter writer(db);
    writer.cache_put("real", "value");
  }
  {
    // Forge an entry under another key but with "real"'s hash, newer than the real one.
    Connection c(db);
    c.exec("INSERT INTO cache (key, value, created_at) VALUES ('impostor', 'wrong', 'now')",
           "forging an entry");
    Statement s(c, "INSERT INTO cache_keys (id, key_hash) VALUES (last_insert_rowid(), ?)");
    s.bind(1, static_cast<long long>(cache_key_hash("real")));
    s.run("forging an entry");
  }
  const CacheIndex index = store->cache_index();
  EXPECT_EQ(index.find(cache_key_hash("real")).size(), 2u);
  EXPECT_EQ(store->cache_get(index, "real"), "value");
  EXPECT_FALSE(store->cache_get(index, "impostor").has_value());  // its hash is another one
}

}  // namespace
}  // namespace evp::store
