// Lanes: how many event loops a run uses, and each lane's share of a model's limits (the
// shares add up to the model's limits exactly, so splitting never loosens or tightens them).
#include "runner/lanes.h"

#include <gtest/gtest.h>

namespace evp::runner {
namespace {

ResolvedModel model(const std::string& provider, int concurrency) {
  ResolvedModel m;
  m.spec.provider = provider;
  m.spec.limits.concurrency = concurrency;
  return m;
}

TEST(Lanes, OnePerHardwareThreadUnlessAskedCappedByTheWidestEndpointModel) {
  const std::vector<ResolvedModel> wide = {model("openai", 256), model("replay", 64)};
  EXPECT_EQ(lane_count(0, 2, wide), 2);
  EXPECT_EQ(lane_count(0, 16, wide), 16);
  EXPECT_EQ(lane_count(3, 16, wide), 3);
  EXPECT_EQ(lane_count(0, 0, wide), 1);  // hardware_concurrency() may say 0: unknown
  // A lane needs a request to make: never more lanes than the widest endpoint model's
  // concurrency; canned models do not count (they stay on lane 0).
  EXPECT_EQ(lane_count(8, 16, {model("openai", 2), model("replay", 64)}), 2);
  EXPECT_EQ(lane_count(8, 16, {model("replay", 64)}), 1);
  EXPECT_EQ(lane_count(0, 16, {model("openai", 1)}), 1);
}

TEST(Lanes, SharesSplitConcurrencyEvenlyAndRatesInProportion) {
  suite::ModelLimits limits;
  limits.concurrency = 10;
  limits.rpm = 600;
  limits.tpm = 0;  // unlimited stays unlimited
  const int lanes = 4;
  int concurrency = 0;
  double rpm = 0;
  const int expected[] = {3, 3, 2, 2};
  for (int l = 0; l < lanes; ++l) {
    const suite::ModelLimits share = lane_share(limits, l, lanes);
    EXPECT_EQ(share.concurrency, expected[l]) << l;
    EXPECT_DOUBLE_EQ(share.rpm, 600.0 * expected[l] / 10.0) << l;
    EXPECT_EQ(share.tpm, 0) << l;
    concurrency += share.concurrency;
    rpm += share.rpm;
  }
  EXPECT_EQ(concurrency, 10);
  EXPECT_DOUBLE_EQ(rpm, 600);
}

TEST(Lanes, ALaneWithoutConcurrencyServesNothing) {
  suite::ModelLimits limits;
  limits.concurrency = 2;
  limits.tpm = 1000;
  EXPECT_EQ(lane_share(limits, 0, 3).concurrency, 1);
  EXPECT_EQ(lane_share(limits, 1, 3).concurrency, 1);
  const suite::ModelLimits idle = lane_share(limits, 2, 3);
  EXPECT_EQ(idle.concurrency, 0);
  EXPECT_EQ(idle.tpm, 0);
  EXPECT_EQ(lane_share(limits, 0, 1).concurrency, 2);  // one lane takes it all
  EXPECT_EQ(lane_share(limits, 0, 1).tpm, 1000);
}

}  // namespace
}  // namespace evp::runner
