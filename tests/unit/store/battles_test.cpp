// Battles in the store: stored and read back field for field, filtered by suite and
// experiment, a repeated judgment skipped, and bad battles rejected with nothing stored.
#include <gtest/gtest.h>

#include <stdexcept>

#include "store/schema.h"
#include "store/store.h"
#include "support/temp_dir.h"

namespace evp::store {
namespace {

BattleRecord judged(const std::string& experiment, const std::string& a, const std::string& b,
                    const std::string& winner, const std::string& row, int game) {
  BattleRecord r;
  r.experiment_id = experiment;
  r.suite_name = "suite-" + experiment;
  r.model_a = a;
  r.model_b = b;
  r.winner = winner;
  r.judge = "llm:judge";
  r.row_id = row;
  r.run = 0;
  r.game = game;
  return r;
}

std::vector<BattleRecord> read_all(Store& store, const BattleFilter& filter = {}) {
  std::vector<BattleRecord> out;
  store.for_each_battle(filter, [&](const BattleRecord& b) { out.push_back(b); });
  return out;
}

TEST(Battles, StoredAndReadBackFieldForField) {
  evp::test::TempDir dir;
  auto store = Store::open(dir.path() / "evp.db");
  BattleRecord full = judged("exp-1", "new", "base", "model_a", "row-1", 1);
  full.weight = 3;
  full.length_a = 120;
  full.length_b = 80.5;
  full.details = Json{{"label", "[[A>>B]]"}, {"judge_tokens", 321}};
  full.created_at = "2026-11-29T00:00:00Z";
  BattleRecord imported;
  imported.model_a = "x";
  imported.model_b = "y";
  imported.winner = "tie (bothbad)";
  imported.judge = "import:fastchat.jsonl";
  EXPECT_EQ(store->add_battles({full, imported}), 2u);

  const auto got = read_all(*store);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].experiment_id, "exp-1");
  EXPECT_EQ(got[0].suite_name, "suite-exp-1");
  EXPECT_EQ(got[0].model_a, "new");
  EXPECT_EQ(got[0].model_b, "base");
  EXPECT_EQ(got[0].winner, "model_a");
  EXPECT_EQ(got[0].weight, 3);
  EXPECT_EQ(got[0].judge, "llm:judge");
  EXPECT_EQ(got[0].row_id, "row-1");
  EXPECT_EQ(got[0].run, 0);
  EXPECT_EQ(got[0].game, 1);
  EXPECT_EQ(got[0].length_a, 120);
  EXPECT_EQ(got[0].length_b, 80.5);
  EXPECT_EQ(got[0].details, full.details);
  EXPECT_EQ(got[0].created_at, "2026-11-29T00:00:00Z");
  EXPECT_EQ(got[1].experiment_id, std::nullopt);
  EXPECT_EQ(got[1].suite_name, "");
  EXPECT_EQ(got[1].winner, "tie (bothbad)");
  EXPECT_EQ(got[1].row_id, std::nullopt);
  EXPECT_EQ(got[1].run, std::nullopt);
  EXPECT_EQ(got[1].game, std::nullopt);
  EXPECT_EQ(got[1].length_a, std::nullopt);
  EXPECT_FALSE(got[1].created_at.empty());  // filled in
}

TEST(Battles, FilteredBySuiteAndExperiment) {
  evp::test::TempDir dir;
  auto store = Store::open(dir.path() / "evp.db");
  store->add_battles({judged("exp-1", "a", "b", "model_a", "r1", 0),
                      judged("exp-2", "a", "b", "model_b", "r1", 0),
                      judged("exp-2", "a", "b", "tie", "r2", 0)});
  EXPECT_EQ(read_all(*store).size(), 3u);
  EXPECT_EQ(read_all(*store, {.suite_name = "suite-exp-2", .experiment_id = {}}).size(), 2u);
  EXPECT_EQ(read_all(*store, {.suite_name = {}, .experiment_id = "exp-1"}).size(), 1u);
  EXPECT_EQ(read_all(*store, {.suite_name = "suite-exp-1", .experiment_id = "exp-2"}).size(), 0u);
  EXPECT_EQ(read_all(*store, {.suite_name = "nope", .experiment_id = {}}).size(), 0u);
}

TEST(Battles, ARepeatedJudgmentIsSkippedButOtherGamesAreNot) {
  evp::test::TempDir dir;
  auto store = Store::open(dir.path() / "evp.db");
  EXPECT_EQ(store->add_battles({judged("exp-1", "a", "b", "model_a", "r1", 0)}), 1u);
  // The same judgment again (a resumed phase), the other game, another row.
  EXPECT_EQ(store->add_battles({judged("exp-1", "a", "b", "model_b", "r1", 0),
                                judged("exp-1", "a", "b", "model_b", "r1", 1),
                                judged("exp-1", "a", "b", "tie", "r2", 0)}),
            2u);
  const auto got = read_all(*store);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].winner, "model_a");  // the first one stays
  // Battles outside an experiment are never deduplicated (two identical votes count twice).
  BattleRecord vote;
  vote.model_a = "a";
  vote.model_b = "b";
  vote.winner = "model_a";
  vote.judge = "human";
  EXPECT_EQ(store->add_battles({vote, vote}), 2u);
}

TEST(Battles, BadBattlesAreRejectedAndNothingOfTheBatchIsStored) {
  evp::test::TempDir dir;
  auto store = Store::open(dir.path() / "evp.db");
  const BattleRecord good = judged("exp-1", "a", "b", "model_a", "r1", 0);
  auto message = [&](BattleRecord bad) {
    try {
      store->add_battles({good, bad});
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  BattleRecord bad = good;
  bad.winner = "model_c";
  EXPECT_EQ(message(bad),
            "add_battles: unknown winner \"model_c\" (expected model_a, model_b, tie or tie "
            "(bothbad))");
  bad = good;
  bad.model_b = "a";
  EXPECT_EQ(message(bad), "add_battles: model a against itself");
  bad = good;
  bad.model_a = "";
  EXPECT_EQ(message(bad), "add_battles: a battle needs two model names");
  bad = good;
  bad.weight = 0;
  EXPECT_EQ(message(bad), "add_battles: a weight must be positive");
  EXPECT_TRUE(read_all(*store).empty());
}

TEST(Battles, AVersionFiveStoreGainsTheBattlesTable) {
  evp::test::TempDir dir;
  const auto db = dir.path() / "evp.db";
  {
    Connection c(db);
    migrate(c, 5);
  }
  auto store = Store::open(db);
  EXPECT_EQ(store->add_battles({judged("exp-1", "a", "b", "model_a", "r1", 0)}), 1u);
  Connection c(db);
  EXPECT_EQ(schema_version(c), kSchemaVersion);
}

}  // namespace
}  // namespace evp::store
