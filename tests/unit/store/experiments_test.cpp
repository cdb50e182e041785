// Experiment bookkeeping: create and read back, statuses, listing newest first with rollout
// counts, ids, and the errors for bad input.
#include <gtest/gtest.h>

#include <regex>
#include <stdexcept>

#include "rollout_fixtures.h"
#include "store/experiment_id.h"
#include "store/store.h"
#include "store/store_writer.h"
#include "support/temp_dir.h"

namespace evp::store {
namespace {

using test::make_rollout;

ExperimentRecord make_experiment(const std::string& id, const std::string& created_at) {
  ExperimentRecord e;
  e.id = id;
  e.suite_name = "math-" + id;
  e.suite_hash = "sha-" + id;
  e.config = Json::parse(R"({"models":["a","b"],"runs":3,"nested":{"k":[1,2.5,"x"]}})");
  e.evp_version = "0.1.0";
  e.created_at = created_at;
  e.total = 42;
  return e;
}

TEST(Experiments, CreateAndReadBack) {
  evp::test::TempDir dir;
  auto store = Store::open(dir.path() / "evp.db");
  const ExperimentRecord e = make_experiment("exp-1", "2026-11-28T17:51:09.000000+00:00");
  store->create_experiment(e);
  const auto got = store->experiment("exp-1");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->id, "exp-1");
  EXPECT_EQ(got->suite_name, "math-exp-1");
  EXPECT_EQ(got->suite_hash, "sha-exp-1");
  EXPECT_EQ(got->config, e.config);
  EXPECT_EQ(got->evp_version, "0.1.0");
  EXPECT_EQ(got->created_at, "2026-11-28T17:51:09.000000+00:00");
  EXPECT_EQ(got->status, "running");
  EXPECT_EQ(got->total, 42);
  EXPECT_FALSE(store->experiment("exp-2").has_value());
}

TEST(Experiments, EmptyCreatedAtIsNow) {
  evp::test::TempDir dir;
  auto store = Store::open(dir.path() / "evp.db");
  store->create_experiment(make_experiment("exp-1", ""));
  const std::string created_at = store->experiment("exp-1")->created_at;
  EXPECT_TRUE(
      std::regex_match(created_at, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00)")))
      << created_at;
}

TEST(Experiments, StatusChanges) {
  evp::test::TempDir dir;
  auto store = Store::open(dir.path() / "evp.db");
  store->create_experiment(make_experiment("exp-1", "2026-01-01T00:00:00.000000+00:00"));
  for (const char* status : {"finished", "interrupted", "failed", "running"}) {
    store->set_experiment_status("exp-1", status);
    EXPECT_EQ(store->experiment("exp-1")->status, status);
  }
  EXPECT_THROW(store->set_experiment_status("exp-1", "done"), std::invalid_argument);
  try {
    store->set_experiment_status("nope", "finished");
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "store " + (dir.path() / "evp.db").string() + ": no experiment nope");
  }
}

TEST(Experiments, CreateErrors) {
  evp::test::TempDir dir;
  const auto db = dir.path() / "evp.db";
  auto store = Store::open(db);
  store->create_experiment(make_experiment("exp-1", "2026-01-01T00:00:00.000000+00:00"));
  try {
    store->create_experiment(make_experiment("exp-1", "2026-01-02T00:00:00.000000+00:00"));
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "store " + db.string() +
                                         ": cannot create experiment exp-1: UNIQUE constraint "
                                         "failed: experiments.id");
  }
  EXPECT_THROW(store->create_experiment(make_experiment("", "")), std::invalid_argument);
  ExperimentRecord bad = make_experiment("exp-2", "");
  bad.status = "paused";
  EXPECT_THROW(store->create_experiment(bad), std::invalid_argument);
  EXPECT_FALSE(store->experiment("exp-2").has_value());
}

TEST(Experiments, ListNewestFirstWithStoredRolloutCounts) {
  evp::test::TempDir dir;
  const auto db = dir.path() / "evp.db";
  auto store = Store::open(db);
  store->create_experiment(make_experiment("exp-b", "2026-03-01T00:00:00.000000+00:00"));
  store->create_experiment(make_experiment("exp-a", "2026-05-01T00:00:00.000000+00:00"));
  store->create_experiment(make_experiment("exp-c", "2026-01-01T00:00:00.000000+00:00"));
  // Same created_at as exp-a, created later: listed before it.
  store->create_experiment(make_experiment("exp-d", "2026-05-01T00:00:00.000000+00:00"));
  store->set_experiment_status("exp-c", "finished");
  {
    StoreWriter writer(db);
    for (int run = 0; run < 3; ++run) writer.add(make_rollout("exp-a", "m", "r1", run));
    writer.add(make_rollout("exp-c", "m", "r1", 0));
    writer.add(make_rollout("exp-c", "m", "r1", 0));  // replaces: still one rollout
    writer.add(make_rollout("other", "m", "r1", 0));
  }
  const auto list = store->list_experiments();
  ASSERT_EQ(list.size(), 4u);
  EXPECT_EQ(list[0].id, "exp-d");
  EXPECT_EQ(list[1].id, "exp-a");
  EXPECT_EQ(list[2].id, "exp-b");
  EXPECT_EQ(list[3].id, "exp-c");
  EXPECT_EQ(list[1].suite, "math-exp-a");
  EXPECT_EQ(list[1].created_at, "2026-05-01T00:00:00.000000+00:00");
  EXPECT_EQ(list[1].status, "running");
  EXPECT_EQ(list[1].done, 3);
  EXPECT_EQ(list[1].total, 42);
  EXPECT_EQ(list[0].done, 0);
  EXPECT_EQ(list[3].done, 1);
  EXPECT_EQ(list[3].status, "finished");
}

TEST(ExperimentId, FormatIsUtcTimeAndFourHexDigits) {
  using namespace std::chrono;
  const auto t =
      sys_days{year{2026} / 11 / 28} + hours{17} + minutes{51} + seconds{9} + milliseconds{999};
  EXPECT_EQ(format_experiment_id(t, 0x3fa9), "exp-20261128-175109-3fa9");
  EXPECT_EQ(format_experiment_id(t, 0x0001), "exp-20261128-175109-0001");
  const std::string id = new_experiment_id();
  EXPECT_TRUE(std::regex_match(id, std::regex(R"(exp-\d{8}-\d{6}-[0-9a-f]{4})"))) << id;
}

}  // namespace
}  // namespace evp::store
