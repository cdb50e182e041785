// CacheKeyFilter: hex digests are summarised exactly by prefix; anything else makes the
// filter answer "maybe" for other non-digests; the store's filter lists its cache keys.
#include <gtest/gtest.h>

#include "base/hash.h"
#include "store/cache_key_filter.h"
#include "store/store.h"
#include "store/store_writer.h"
#include "support/temp_dir.h"

namespace evp::store {
namespace {

TEST(CacheKeyFilter, KnowsTheDigestsAddedAndNoOthers) {
  CacheKeyFilter filter;
  std::vector<std::string> added;
  for (int i = 0; i < 1000; ++i) added.push_back(sha256_hex("key " + std::to_string(i)));
  for (const auto& k : added) filter.add(k);
  filter.add(added.front());  // duplicates collapse
  filter.seal();
  EXPECT_EQ(filter.size(), 1000u);
  for (const auto& k : added) EXPECT_TRUE(filter.may_contain(k)) << k;
  int false_positives = 0;
  for (int i = 1000; i < 11000; ++i)
    false_positives += filter.may_contain(sha256_hex("key " + std::to_string(i)));
  EXPECT_EQ(false_positives, 0);  // 64-bit prefixes: a collision here would be a bug
  EXPECT_FALSE(filter.may_contain("not-a-digest"));
}

TEST(CacheKeyFilter, KeysThatAreNotDigestsMakeOtherNonDigestsMaybe) {
  CacheKeyFilter filter;
  filter.add("k1");
  filter.add("ABCDEF0123456789-uppercase-is-not-our-hex");
  filter.seal();
  EXPECT_EQ(filter.size(), 0u);
  EXPECT_TRUE(filter.may_contain("k2"));
  EXPECT_FALSE(filter.may_contain(sha256_hex("anything")));
}

TEST(CacheKeyFilter, TheStoreSummarisesItsCacheKeys) {
  evp::test::TempDir dir;
  const auto db = dir.path() / "evp.db";
  auto store = Store::open(db);
  const std::string present = sha256_hex("present");
  {
    StoreWriter writer(db);
    writer.cache_put(present, "value");
  }
  const CacheKeyFilter filter = store->cache_key_filter();
  EXPECT_EQ(filter.size(), 1u);
  EXPECT_TRUE(filter.may_contain(present));
  EXPECT_FALSE(filter.may_contain(sha256_hex("absent")));
}

}  // namespace
}  // namespace evp::store
