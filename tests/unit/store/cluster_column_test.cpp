// The rollouts' cluster and answer columns: stored, read back by both kinds of read, NULL when
// empty, and the judge usage columns beside it.
#include <gtest/gtest.h>

#include "rollout_fixtures.h"
#include "store/store.h"
#include "store/store_writer.h"
#include "support/temp_dir.h"

namespace evp::store {
namespace {

TEST(ClusterColumn, StoredAndReadBackWithJudgeUsage) {
  evp::test::TempDir dir;
  const auto db = dir.path() / "evp.db";
  auto store = Store::open(db);
  RolloutRecord with = test::make_rollout("exp", "m", "r1", 0);
  with.cluster = "billing";
  with.answer = "42";
  with.judge_prompt_tokens = 11;
  with.judge_completion_tokens = 7;
  with.judge_cost_usd = 0.25;
  RolloutRecord without = test::make_rollout("exp", "m", "r2", 0);
  {
    StoreWriter writer(db);
    writer.add(RolloutRecord(with));
    writer.add(RolloutRecord(without));
    writer.flush();
  }
  for (RolloutFields fields : {RolloutFields::all, RolloutFields::summary}) {
    std::map<std::string, RolloutRecord> got;
    store->for_each_rollout(
        "exp", [&](const RolloutRecord& r) { got[r.key.row_id] = r; }, fields);
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got["r1"].cluster, "billing");
    EXPECT_EQ(got["r2"].cluster, "");
    EXPECT_EQ(got["r1"].answer, "42");
    EXPECT_EQ(got["r2"].answer, "");
    EXPECT_EQ(got["r1"].judge_prompt_tokens, 11);
    EXPECT_EQ(got["r1"].judge_completion_tokens, 7);
    EXPECT_EQ(got["r1"].judge_cost_usd, 0.25);
    EXPECT_EQ(got["r2"].judge_cost_usd, 0.0);
  }
  Connection c(db);
  Statement nulls(c, "SELECT count(*) FROM rollouts WHERE cluster IS NULL");
  ASSERT_TRUE(nulls.step("count"));
  EXPECT_EQ(nulls.integer(0), 1);
}

}  // namespace
}  // namespace evp::store
