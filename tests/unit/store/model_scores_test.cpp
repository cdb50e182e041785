// Store::rollout_models and Store::for_each_score (what evp compare reads): the models of one
// experiment only, sorted bytewise, and one model's scores equal to the same fields of
// for_each_rollout's full read, in its order.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rollout_fixtures.h"
#include "store/store.h"
#include "store/store_writer.h"
#include "support/temp_dir.h"

namespace evp::store {
namespace {

TEST(ModelScores, ModelsAndScoresOfOneExperimentMatchTheFullRead) {
  evp::test::TempDir dir;
  const auto db = dir.path() / "evp.db";
  auto store = Store::open(db);
  // Model names chosen so bytewise order differs from insertion order and from a
  // case-insensitive order ("Zeta" < "alpha" < "alpha-2" < "beta").
  const std::vector<std::string> models = {"beta", "alpha-2", "Zeta", "alpha"};
  {
    StoreWriter writer(db);
    for (const std::string& m : models) {
      for (int row = 0; row < 30; ++row) {
        for (int run = 0; run < 3; ++run) {
          writer.add(test::make_rollout("exp", m, "row-" + std::to_string(row), run));
        }
      }
    }
    writer.add(test::make_rollout("other", "gamma", "row-0", 0));
    writer.add(test::make_rollout("other", "alpha", "row-0", 0));
    writer.flush();
  }
  EXPECT_EQ(store->rollout_models("exp"),
            (std::vector<std::string>{"Zeta", "alpha", "alpha-2", "beta"}));
  EXPECT_EQ(store->rollout_models("other"), (std::vector<std::string>{"alpha", "gamma"}));
  EXPECT_TRUE(store->rollout_models("none").empty());

  std::vector<RolloutRecord> full;
  store->for_each_rollout("exp", [&](const RolloutRecord& r) {
    if (r.key.model == "alpha-2") full.push_back(r);
  });
  std::vector<RolloutScore> scores;
  store->for_each_score("exp", "alpha-2", [&](const RolloutScore& s) { scores.push_back(s); });
  ASSERT_EQ(scores.size(), 90u);
  ASSERT_EQ(full.size(), scores.size());
  int failed = 0;
  for (size_t i = 0; i < scores.size(); ++i) {
    EXPECT_EQ(scores[i].row_id, full[i].key.row_id) << i;
    EXPECT_EQ(scores[i].status_code, full[i].status_code) << i;
    EXPECT_EQ(scores[i].score_valid, full[i].score_valid) << i;
    EXPECT_EQ(scores[i].score, full[i].score) << i;
    failed += scores[i].status_code != 100;
  }
  EXPECT_EQ(failed, 30);  // make_rollout fails run 2 of every row
  size_t others = 0;
  store->for_each_score("exp", "gamma", [&](const RolloutScore&) { ++others; });
  EXPECT_EQ(others, 0u);
}

}  // namespace
}  // namespace evp::store
