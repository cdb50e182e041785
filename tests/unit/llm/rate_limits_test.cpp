// TokenBucket reservation arithmetic and AdaptiveConcurrency (AIMD) steps.
#include <gtest/gtest.h>

#include "llm/adaptive_concurrency.h"
#include "llm/token_bucket.h"

namespace evp::llm {
namespace {

TEST(TokenBucket, PerMinuteBucketHoldsOneSecondOfRate) {
  const TokenBucket b = per_minute_bucket(600);
  EXPECT_EQ(b.rate(), 10);
  EXPECT_EQ(b.capacity(), 10);
  EXPECT_EQ(per_minute_bucket(30).capacity(), 1);  // at least one request
  EXPECT_TRUE(per_minute_bucket(0).unlimited());
}

TEST(TokenBucket, SpacesReservationsAfterTheBurst) {
  TokenBucket b = per_minute_bucket(600);  // 10/s, burst 10
  for (int i = 0; i < 10; ++i) EXPECT_EQ(b.reserve(1, 0.0), 0.0) << i;
  EXPECT_DOUBLE_EQ(b.reserve(1, 0.0), 0.1);
  EXPECT_DOUBLE_EQ(b.reserve(1, 0.0), 0.2);
  // Half a second later 5 units have flowed in; 2 of them are owed: level 3 - 1.
  EXPECT_DOUBLE_EQ(b.reserve(1, 0.5), 0.0);
  EXPECT_DOUBLE_EQ(b.level(0.5), 2.0);
}

TEST(TokenBucket, ALargeRequestNeedsOnlyAFullBucketThenLeavesDebt) {
  TokenBucket b(1000, 1000);  // 60k tokens per minute
  EXPECT_EQ(b.reserve(2500, 0.0), 0.0);
  EXPECT_DOUBLE_EQ(b.level(0.0), -1500);
  // The next request needs 100 while the bucket is at -1500: 1.6 s.
  EXPECT_DOUBLE_EQ(b.reserve(100, 0.0), 1.6);
}

TEST(TokenBucket, RefundsReconcileEstimatesUpToCapacity) {
  TokenBucket b(100, 100);
  EXPECT_EQ(b.reserve(80, 0.0), 0.0);
  b.refund(80 - 30, 0.0);  // estimated 80, used 30
  EXPECT_DOUBLE_EQ(b.level(0.0), 70);
  b.refund(1000, 0.0);
  EXPECT_DOUBLE_EQ(b.level(0.0), 100);
  b.refund(-40, 0.0);  // used more than estimated
  EXPECT_DOUBLE_EQ(b.level(0.0), 60);
}

TEST(TokenBucket, UnlimitedNeverWaits) {
  TokenBucket b = per_minute_bucket(0);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(b.reserve(1e9, 0.0), 0.0);
}

TEST(AdaptiveConcurrency, HalvesOncePerOverloadAndGrowsBackByOne) {
  AdaptiveConcurrency a(64, 3);
  EXPECT_EQ(a.limit(), 64);
  const uint64_t admitted = a.epoch();
  EXPECT_TRUE(a.on_rate_limited(admitted));
  EXPECT_EQ(a.limit(), 32);
  EXPECT_FALSE(a.on_rate_limited(admitted));  // admitted before the cut: no second cut
  EXPECT_EQ(a.limit(), 32);
  EXPECT_TRUE(a.on_rate_limited(a.epoch()));
  EXPECT_EQ(a.limit(), 16);
  EXPECT_FALSE(a.on_success());
  EXPECT_FALSE(a.on_success());
  EXPECT_TRUE(a.on_success());
  EXPECT_EQ(a.limit(), 17);
}

TEST(AdaptiveConcurrency, StaysWithinOneAndTheMaximum) {
  AdaptiveConcurrency a(3, 1);
  a.on_rate_limited(a.epoch());
  EXPECT_EQ(a.limit(), 1);
  EXPECT_FALSE(a.on_rate_limited(a.epoch()));
  EXPECT_EQ(a.limit(), 1);
  EXPECT_TRUE(a.on_success());
  EXPECT_TRUE(a.on_success());
  EXPECT_EQ(a.limit(), 3);
  EXPECT_FALSE(a.on_success());
  EXPECT_EQ(a.limit(), 3);
}

}  // namespace
}  // namespace evp::llm
