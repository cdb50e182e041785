// StoreWriter: flush semantics, commits by count and by delay, replace-on-re-add, the commit
// callback, the cache, reading rollouts back in order, serializing rows on the writer
// thread, and back-pressure (its throughput is measured in bench/store_writer_bench.cpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <mutex>
#include <thread>

#include "model/row_json.h"
#include "rollout_fixtures.h"
#include "store/store.h"
#include "store/store_writer.h"
#include "support/temp_dir.h"

namespace evp::store {
namespace {

using test::expect_same_rollout;
using test::make_rollout;

std::vector<RolloutRecord> read_all(Store& store, const std::string& experiment) {
  std::vector<RolloutRecord> out;
  store.for_each_rollout(experiment, [&](const RolloutRecord& r) { out.push_back(r); });
  return out;
}

// Polls `done` every millisecond for up to 5 s.
template <typename Done>
bool eventually(Done done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

TEST(StoreWriter, AfterFlushAFreshStoreSeesEveryRowFromEveryThread) {
  evp::test::TempDir dir;
  const auto db = dir.path() / "evp.db";
  StoreWriter writer(db, 64, std::chrono::hours(1));  // only count and flush commit
  std::vector<RolloutRecord> expected;
  constexpr int kThreads = 4;
  constexpr int kPerThread = 250;
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kPerThread; ++i) {
      expected.push_back(make_rollout("exp", "model-" + std::to_string(t),
                                      "row-" + std::to_string(i / 5), i % 5, 300));
    }
  }
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) writer.add(expected[t * kPerThread + i]);
    });
  }
  for (auto& thread : threads) thread.join();
  writer.flush();
  EXPECT_EQ(writer.committed(), kThreads * kPerThread);

  auto store = Store::open(db);
  std::sort(expected.begin(), expected.end(), test::in_store_order);
  const auto got = read_all(*store, "exp");
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i) expect_same_rollout(got[i], expected[i]);
}

TEST(StoreWriter, CommitsWhenABatchFillsAndOnFlush) {
  evp::test::TempDir dir;
  const auto db = dir.path() / "evp.db";
  StoreWriter writer(db, 10, std::chrono::hours(1));
  std::mutex mutex;
  std::vector<long long> commits;
  writer.on_commit([&](long long n) {
    std::lock_guard lock(mutex);
    commits.push_back(n);
  });
  for (int i = 0; i < 10; ++i) writer.add(make_rollout("exp", "m", "r", i));
  ASSERT_TRUE(eventually([&] { return writer.committed() == 10; }));
  for (int i = 10; i < 15; ++i) writer.add(make_rollout("exp", "m", "r", i));
  // Five waiting, below the batch size and an hour from their deadline: not committed.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(writer.committed(), 10);
  EXPECT_EQ(Store::open(db)->stored_keys("exp").size(), 10u);
  writer.flush();
  EXPECT_EQ(writer.committed(), 15);
  EXPECT_EQ(Store::open(db)->stored_keys("exp").size(), 15u);
  // The callback ran for each commit before flush() returned.
  std::lock_guard lock(mutex);
  EXPECT_EQ(commits, (std::vector<long long>{10, 5}));
}

TEST(StoreWriter, CommitsAfterMaxDelayWithoutFlush) {
  evp::test::TempDir dir;
  const auto db = dir.path() / "evp.db";
  StoreWriter writer(db, 1000, std::chrono::milliseconds(10));
  writer.add(make_rollout("exp", "m", "r", 0));
  ASSERT_TRUE(eventually([&] { return writer.committed() == 1; }));
  EXPECT_EQ(Store::open(db)->stored_keys("exp"), (std::vector<RolloutKey>{{"m", "r", 0}}));
}

TEST(StoreWriter, DestructorCommitsEverything) {
  evp::test::TempDir dir;
  const auto db = dir.path() / "evp.db";
  {
    StoreWriter writer(db, 1000, std::chrono::hours(1));
    for (int i = 0; i < 123; ++i) writer.add(make_rollout("exp", "m", std::to_string(i), 0));
  }
  EXPECT_EQ(Store::open(db)->stored_keys("exp").size(), 123u);
}

TEST(StoreWriter, ReAddReplacesTheStoredRollout) {
  evp::test::TempDir dir;
  const auto db = dir.path() / "evp.db";
  StoreWriter writer(db);
  RolloutRecord first = make_rollout("exp", "m", "r", 0);
  first.score = 0.1;
  writer.add(first);
  writer.flush();
  RolloutRecord second = first;
  second.score = 0.9;
  second.status_code = 4;
  second.row_json = R"({"second":true})";
  writer.add(second);
  // Within one batch too, the later add wins.
  RolloutRecord a = make_rollout("exp", "m", "s", 1);
  RolloutRecord b = a;
  b.row_json = R"({"b":true})";
  writer.add(a);
  writer.add(b);
  writer.flush();
  EXPECT_EQ(writer.committed(), 4);
  auto store = Store::open(db);
  auto rows = read_all(*store, "exp");
  ASSERT_EQ(rows.size(), 2u);
  if (rows[0].key.row_id != "r") std::swap(rows[0], rows[1]);
  expect_same_rollout(rows[0], second);
  expect_same_rollout(rows[1], b);
}

TEST(StoreWriter, ARolloutWithoutADatasetPositionIsRefused) {
  evp::test::TempDir dir;
  const auto db = dir.path() / "evp.db";
  StoreWriter writer(db);
  RolloutRecord r = make_rollout("exp", "m", "r", 0);
  r.row_index = -1;
  try {
    writer.add(r);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "StoreWriter::add: rollout r has no dataset position (row_index)");
  }
  writer.add(make_rollout("exp", "m", "s", 0));  // the writer goes on
  writer.flush();
  EXPECT_EQ(Store::open(db)->stored_keys("exp"), (std::vector<RolloutKey>{{"m", "s", 0}}));
}

TEST(StoreWriter, StoredKeysAfterPartialWritesInOrder) {
  evp::test::TempDir dir;
  const auto db = dir.path() / "evp.db";
  // Keys whose order tests byte-wise text and numeric run ordering.
  std::vector<RolloutKey> keys = {{"model-b", "row-10", 0}, {"model-a", "row-2", 10},
                                  {"model-a", "row-2", 2},  {"model-a", "row-10", 1},
                                  {"Model-z", "row-1", 0},  {"model-a", "\xc3\xa9t\xc3\xa9", 0},
                                  {"model-a", "zeta", 0}};
  {
    StoreWriter writer(db);
    for (const auto& k : keys) writer.add(make_rollout("exp", k.model, k.row_id, k.run));
    writer.add(make_rollout("other-exp", "model-a", "row-1", 0));
  }
  auto store = Store::open(db);
  // Byte-wise text (upper case first, "row-10" before "row-2", UTF-8 after ASCII), numeric
  // runs (2 before 10): the order of RolloutKey's operator<=>.
  const std::vector<RolloutKey> expected = {
      {"Model-z", "row-1", 0},  {"model-a", "row-10", 1}, {"model-a", "row-2", 2},
      {"model-a", "row-2", 10}, {"model-a", "zeta", 0},   {"model-a", "\xc3\xa9t\xc3\xa9", 0},
      {"model-b", "row-10", 0}};
  EXPECT_EQ(store->stored_keys("exp"), expected);
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(keys, expected);
  // Reads come in dataset order: model, position, run.
  std::vector<RolloutRecord> in_order;
  for (const auto& k : keys) in_order.push_back(make_rollout("exp", k.model, k.row_id, k.run));
  std::sort(in_order.begin(), in_order.end(), test::in_store_order);
  std::vector<RolloutKey> visited;
  store->for_each_rollout("exp", [&](const RolloutRecord& r) {
    EXPECT_EQ(r.experiment_id, "exp");
    visited.push_back(r.key);
  });
  ASSERT_EQ(visited.size(), in_order.size());
  for (size_t i = 0; i < visited.size(); ++i) EXPECT_EQ(visited[i], in_order[i].key) << i;
  EXPECT_TRUE(store->stored_keys("missing").empty());
  // make_rollout gives run 2 an error status: finished_keys leaves it out.
  std::vector<RolloutKey> finished = expected;
  std::erase(finished, RolloutKey{"model-a", "row-2", 2});
  EXPECT_EQ(store->finished_keys("exp"), finished);
}

TEST(StoreWriter, CachePutAndGet) {
  evp::test::TempDir dir;
  const auto db = dir.path() / "evp.db";
  auto store = Store::open(db);
  StoreWriter writer(db);
  writer.cache_put("k1", R"({"choices":[1]})");
  writer.cache_put("k2", std::string("with\0nul", 8));
  writer.flush();
  EXPECT_EQ(store->cache_get("k1"), R"({"choices":[1]})");
  EXPECT_EQ(store->cache_get("k2"), std::string("with\0nul", 8));
  EXPECT_FALSE(store->cache_get("k3").has_value());
  writer.cache_put("k1", "replaced");
  writer.flush();
  EXPECT_EQ(store->cache_get("k1"), "replaced");
  EXPECT_EQ(writer.committed(), 0);  // committed() counts rollouts only
}

TEST(StoreWriter, AFailedCommitIsReportedAndStopsTheWriter) {
  evp::test::TempDir dir;
  const auto db = dir.path() / "evp.db";
  Store::open(db);
  {
    // A trigger makes one row fail as a full disk would make them all fail.
    Connection c(db);
    c.exec(
        "CREATE TRIGGER poison BEFORE INSERT ON rollouts WHEN NEW.row_id = 'poison' "
        "BEGIN SELECT RAISE(ABORT, 'poisoned row'); END",
        "install the trigger");
  }
  StoreWriter writer(db, 1000, std::chrono::hours(1));
  writer.add(make_rollout("exp", "m", "good", 0));
  writer.flush();
  writer.add(make_rollout("exp", "m", "also-good", 0));
  writer.add(make_rollout("exp", "m", "poison", 0));
  const std::string expected = "store " + db.string() + ": cannot store a rollout: poisoned row";
  try {
    writer.flush();
    FAIL() << "expected flush() to throw";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), expected);
  }
  // The failed batch was rolled back as a whole; later calls keep failing loudly.
  EXPECT_EQ(writer.committed(), 1);
  EXPECT_EQ(Store::open(db)->stored_keys("exp"), (std::vector<RolloutKey>{{"m", "good", 0}}));
  try {
    writer.add(make_rollout("exp", "m", "late", 0));
    FAIL() << "expected add() to throw";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), expected);
  }
}

TEST(StoreWriter, StoresARowWithItsValidMetricsInTheMetricsColumn) {
  evp::test::TempDir dir;
  const auto db = dir.path() / "evp.db";
  model::EvaluationRow row;
  row.messages.push_back(model::make_message("user", "What is 6*7?"));
  row.input_metadata.row_id = "r1";
  model::EvaluateResult result;
  result.score = 1.0;
  result.metrics["contains"] = model::MetricResult{1.0, true, "found", Json::object()};
  result.metrics["json_valid"] = model::MetricResult{0.0, false, "no JSON", Json::object()};
  result.metrics["length"] = model::MetricResult{0.25, true, "", Json::object()};
  row.evaluation_result = result;
  {
    StoreWriter writer(db);
    RolloutRecord r = make_rollout("exp", "m", "r1", 0);
    r.row_json = dump_json(model::to_json(row));
    r.metrics_json = metrics_json_of(row);
    writer.add(std::move(r));
  }
  auto store = Store::open(db);
  const auto all = read_all(*store, "exp");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].row_json, dump_json(model::to_json(row)));
  EXPECT_EQ(all[0].metrics_json, "");  // RolloutFields::all does not read the column
  std::string metrics;
  store->for_each_rollout(
      "exp", [&](const RolloutRecord& r) { metrics = r.metrics_json; }, RolloutFields::summary);
  // The invalid metric is left out: it must not count in a mean.
  EXPECT_EQ(metrics, R"({"contains":1.0,"length":0.25})");
}

TEST(StoreWriter, ProducersWaitWhileTheQueueIsFullAndLoseNothing) {
  evp::test::TempDir dir;
  const auto db = dir.path() / "evp.db";
  constexpr size_t kBatch = 2;
  constexpr int kRows = 100;
  StoreWriter writer(db, kBatch, std::chrono::milliseconds(1));
  Connection blocker(db);
  blocker.exec("BEGIN IMMEDIATE", "hold the write lock");  // the writer cannot commit
  std::atomic<int> added{0};
  std::thread producer([&] {
    for (int i = 0; i < kRows; ++i) {
      writer.add(make_rollout("exp", "m", "r" + std::to_string(i), 0));
      ++added;
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // At most 2 * kBatch wait in the queue, plus what the writer took from it (at most as
  // many: it takes the whole queue) and cannot commit.
  EXPECT_GE(added.load(), static_cast<int>(2 * kBatch));
  EXPECT_LE(added.load(), static_cast<int>(4 * kBatch));
  blocker.exec("COMMIT", "release the write lock");
  producer.join();
  writer.flush();
  EXPECT_EQ(writer.committed(), kRows);
  EXPECT_EQ(Store::open(db)->stored_keys("exp").size(), static_cast<size_t>(kRows));
}

}  // namespace
}  // namespace evp::store
