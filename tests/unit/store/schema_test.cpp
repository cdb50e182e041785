// Opening stores: WAL and schema version on a new file, migration of an older store with its
// data kept, and clear errors for newer schemas, garbage files, foreign databases and
// unwritable paths.
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "rollout_fixtures.h"
#include "store/schema.h"
#include "store/store.h"
#include "store/store_writer.h"
#include "support/temp_dir.h"

namespace evp::store {
namespace {

using test::expect_same_rollout;
using test::make_rollout;

std::string query_text(Connection& c, const char* sql) {
  Statement s(c, sql);
  EXPECT_TRUE(s.step(sql));
  return s.text(0);
}

// The message of the std::runtime_error that `open` throws.
template <typename Open>
std::string open_error(Open open) {
  try {
    open();
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Schema, NewStoreIsWalAtCurrentVersionAndCreatesDirectories) {
  evp::test::TempDir dir;
  const auto db = dir.path() / "a" / "b" / "evp.db";
  Store::open(db);
  ASSERT_TRUE(std::filesystem::exists(db));
  Connection c(db);
  EXPECT_EQ(schema_version(c), kSchemaVersion);
  EXPECT_EQ(query_text(c, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(query_text(c, "PRAGMA application_id"), std::to_string(kApplicationId));
  // Opening again is a no-op.
  Store::open(db);
  EXPECT_EQ(schema_version(c), kSchemaVersion);
}

TEST(Schema, ManyOpeningOneNewStoreAtOnceAllSucceed) {
  // Switching a new file to WAL needs an exclusive lock, and SQLite answers "database is
  // locked" at once, without waiting, while another connection opening the same file holds a
  // shared one: `evp run` and `evp experiments` started together used to fail this way.
  for (int round = 0; round < 40; ++round) {
    evp::test::TempDir dir;
    const auto db = dir.path() / "evp.db";
    std::atomic<int> ready = 0;
    std::vector<std::string> errors(6);
    std::vector<std::thread> openers;
    for (std::size_t i = 0; i < errors.size(); ++i) {
      openers.emplace_back([&, i] {
        ++ready;
        while (ready.load() < static_cast<int>(errors.size())) std::this_thread::yield();
        errors[i] = open_error([&] { Connection c = open_store(db); });
      });
    }
    for (auto& t : openers) t.join();
    for (const auto& e : errors) ASSERT_EQ(e, "(no error)") << "round " << round;
    Connection c = open_store(db);
    EXPECT_EQ(query_text(c, "PRAGMA journal_mode"), "wal");
    EXPECT_EQ(schema_version(c), kSchemaVersion);
  }
}

TEST(Schema, MigratesAVersionOneStoreKeepingItsData) {
  evp::test::TempDir dir;
  const auto db = dir.path() / "evp.db";
  {
    // A store as version 1 of evp left it: no cache table.
    Connection c(db);
    migrate(c, 1);
    EXPECT_EQ(schema_version(c), 1);
    c.exec(R"sql(
      INSERT INTO experiments VALUES ('exp-old', 'suite', 'hash', '{"runs":2}', '0.0.9',
                                      '2025-01-01T00:00:00.000000+00:00', 'finished', 2);
      INSERT INTO rollouts VALUES ('exp-old', 'm', 'r1', 0, 100, 1, 0.5, 0.01, 20.0, 10, 5,
                                   '{"row":1}', '2025-01-01T00:00:01.000000+00:00');
    )sql",
           "seeding a version 1 store");
    EXPECT_THROW(c.exec("SELECT * FROM cache", "query"), std::runtime_error);
  }
  auto store = Store::open(db);
  {
    Connection c(db);
    EXPECT_EQ(schema_version(c), kSchemaVersion);
  }
  const auto experiment = store->experiment("exp-old");
  ASSERT_TRUE(experiment.has_value());
  EXPECT_EQ(experiment->config, Json::parse(R"({"runs":2})"));
  EXPECT_EQ(experiment->status, "finished");
  std::vector<RolloutRecord> rows;
  store->for_each_rollout("exp-old", [&](const RolloutRecord& r) { rows.push_back(r); });
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].key, (RolloutKey{"m", "r1", 0}));
  EXPECT_EQ(rows[0].score, 0.5);
  EXPECT_EQ(rows[0].row_json, R"({"row":1})");
  // The table version 2 added works.
  EXPECT_FALSE(store->cache_get("k").has_value());
  {
    StoreWriter writer(db);
    writer.cache_put("k", "v");
  }
  EXPECT_EQ(store->cache_get("k"), "v");
}

TEST(Schema, MigratesAVersionTwoStoreAndReportsReadItsOldRowsFromRowJson) {
  evp::test::TempDir dir;
  const auto db = dir.path() / "evp.db";
  {
    // A store as version 2 left it: rollouts without the metrics column.
    Connection c(db);
    migrate(c, 2);
    c.exec(R"sql(
      INSERT INTO experiments VALUES ('exp-old', 'suite', 'hash', '{}', '0.1.0',
                                      '2026-01-01T00:00:00.000000+00:00', 'finished', 1);
      INSERT INTO rollouts VALUES ('exp-old', 'm', 'r1', 0, 100, 1, 1.0, 0.0, 5.0, 1, 1,
                                   '{"evaluation_result":{"metrics":{"a":{"score":1.0}}}}',
                                   '2026-01-01T00:00:01.000000+00:00');
      INSERT INTO cache VALUES ('cached-key', 'cached value', '2026-01-01T00:00:02.000000+00:00');
    )sql",
           "seeding a version 2 store");
  }
  auto store = Store::open(db);
  EXPECT_EQ(store->cache_get("cached-key"), "cached value");  // the rebuilt cache kept it
  {
    // New rollouts in the same experiment carry the column.
    StoreWriter writer(db);
    RolloutRecord r = make_rollout("exp-old", "m", "r2", 0);
    r.metrics_json = R"({"a":0.5})";
    writer.add(r);
  }
  std::vector<RolloutRecord> rows;
  store->for_each_rollout(
      "exp-old", [&](const RolloutRecord& r) { rows.push_back(r); }, RolloutFields::summary);
  ASSERT_EQ(rows.size(), 2u);
  // The old row has no metrics column: the summary hands over its row_json instead.
  EXPECT_EQ(rows[0].metrics_json, "");
  EXPECT_EQ(rows[0].row_json, R"({"evaluation_result":{"metrics":{"a":{"score":1.0}}}})");
  // The new one: metrics only, the big column is not read.
  EXPECT_EQ(rows[1].metrics_json, R"({"a":0.5})");
  EXPECT_EQ(rows[1].row_json, "");
}

TEST(Schema, MigratesAVersionThreeStoreKeepingRowIdsAndFindingOldCacheEntries) {
  evp::test::TempDir dir;
  const auto db = dir.path() / "evp.db";
  {
    // A store as version 3 left it: rollouts unique by row id, the cache indexed by key.
    Connection c(db);
    migrate(c, 3);
    c.exec(R"sql(
      INSERT INTO experiments VALUES ('exp-old', 'suite', 'hash', '{}', '0.1.0',
                                      '2026-01-01T00:00:00.000000+00:00', 'interrupted', 3);
      INSERT INTO rollouts (rowid, experiment_id, model, row_id, run, status_code, score_valid,
                            score, cost_usd, latency_ms, prompt_tokens, completion_tokens,
                            row_json, created_at, metrics)
        VALUES (7, 'exp-old', 'm', 'r1', 0, 100, 1, 1.0, 0.0, 5.0, 1, 1, '{"ok":1}', 't', '{}'),
               (9, 'exp-old', 'm', 'r2', 0, 14, 0, 0.0, 0.0, 5.0, 1, 1, '{"failed":1}', 't', NULL);
      INSERT INTO cache (key, value, created_at) VALUES ('old-key', 'old value', 't');
    )sql",
           "seeding a version 3 store");
  }
  auto store = Store::open(db);
  EXPECT_EQ(store->experiment("exp-old")->dataset_hash, "");  // unknown before version 4
  std::vector<RolloutRecord> rows;
  store->for_each_rollout("exp-old", [&](const RolloutRecord& r) { rows.push_back(r); });
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].key, (RolloutKey{"m", "r1", 0}));
  EXPECT_EQ(rows[0].row_index, -1);  // no dataset position
  EXPECT_EQ(rows[0].row_json, R"({"ok":1})");
  {
    Connection c(db);
    EXPECT_EQ(query_text(c, "SELECT group_concat(rowid) FROM rollouts"), "7,9");
  }
  // The cache entry is found through the key hashes the migration wrote.
  EXPECT_EQ(store->cache_get(store->cache_index(), "old-key"), "old value");
  EXPECT_EQ(store->cache_get("old-key"), "old value");

  // A resume drops the old failed rollout (it cannot be replaced in place) and keeps the
  // finished one; new rollouts with positions are stored beside the old ones.
  store->drop_unplaced_failures("exp-old");
  EXPECT_EQ(store->stored_keys("exp-old"), (std::vector<RolloutKey>{{"m", "r1", 0}}));
  {
    StoreWriter writer(db);
    RolloutRecord r = make_rollout("exp-old", "m", "r2", 0);
    r.row_index = 1;
    writer.add(r);
  }
  EXPECT_EQ(store->stored_keys("exp-old"),
            (std::vector<RolloutKey>{{"m", "r1", 0}, {"m", "r2", 0}}));
}

// The query plan of an SQL statement, one line per step.
std::string query_plan(Connection& c, const std::string& sql) {
  std::string plan;
  Statement explain(c, ("EXPLAIN QUERY PLAN " + sql).c_str());
  while (explain.step("explain")) plan += explain.text(3) + "\n";
  return plan;
}

TEST(Schema, VersionFiveDropsTheIndexesNoQueryUsedAndReportsStillWalkAnIndex) {
  evp::test::TempDir dir;
  const auto db = dir.path() / "evp.db";
  {
    Connection c(db);
    migrate(c, 4);
    c.exec(R"sql(
      INSERT INTO experiments VALUES ('exp-4', 'suite', 'hash', '{}', '0.1.0', 't', 'finished',
                                      2, 'dataset-hash');
      INSERT INTO rollouts (experiment_id, model, row_id, row_index, run, status_code,
                            score_valid, score, cost_usd, latency_ms, prompt_tokens,
                            completion_tokens, metrics, row_json, created_at)
        VALUES ('exp-4', 'm', 'r1', 1, 0, 100, 1, 1.0, 0, 5, 1, 1, '{"a":1.0}', '{}', 't'),
               ('exp-4', 'm', 'r0', 0, 0, 100, 1, 0.5, 0, 5, 1, 1, '{"a":0.5}', '{}', 't');
    )sql",
           "seeding a version 4 store");
  }
  const char* rollout_indexes =
      "SELECT group_concat(name) FROM (SELECT name FROM sqlite_schema "
      "WHERE type = 'index' AND tbl_name = 'rollouts' ORDER BY name)";
  {
    Connection c(db);
    migrate(c, 5);
    EXPECT_EQ(query_text(c, rollout_indexes), "rollouts_by_position,rollouts_by_status");
  }
  auto store = Store::open(db);
  Connection c(db);
  // Version 7 brings a score index back, for the UI's pages (scored rollouts only).
  EXPECT_EQ(query_text(c, rollout_indexes),
            "rollouts_by_position,rollouts_by_score,rollouts_by_status");
  std::vector<long long> positions;
  store->for_each_rollout(
      "exp-4", [&](const RolloutRecord& r) { positions.push_back(r.row_index); },
      RolloutFields::summary);
  EXPECT_EQ(positions, (std::vector<long long>{0, 1}));  // dataset order
  // The experiment's rollouts are found through the index and come out in its order.
  const std::string plan = query_plan(
      c,
      "SELECT metrics FROM rollouts INDEXED BY rollouts_by_position WHERE experiment_id = "
      "'exp-4' ORDER BY model, row_index, run");
  EXPECT_NE(plan.find("SEARCH rollouts USING INDEX rollouts_by_position (experiment_id=?)"),
            std::string::npos)
      << plan;
  EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << plan;
}

TEST(Schema, NewerSchemaIsAClearError) {
  evp::test::TempDir dir;
  const auto db = dir.path() / "evp.db";
  Store::open(db);
  {
    Connection c(db);
    c.exec("UPDATE schema_version SET version = 99", "pretend a newer evp wrote it");
  }
  const std::string expected = "cannot open store " + db.string() +
                               ": its schema version is 99 but this evp (" EVP_VERSION
                               ") knows versions up to " +
                               std::to_string(kSchemaVersion) + "; use a newer evp";
  EXPECT_EQ(open_error([&] { Store::open(db); }), expected);
  EXPECT_EQ(open_error([&] { StoreWriter writer(db); }), expected);
}

TEST(Schema, GarbageFileIsNotADatabaseAndIsLeftAlone) {
  evp::test::TempDir dir;
  std::string garbage;
  for (int i = 0; i < 200; ++i) garbage += "this is not a database, just text\n";
  const auto db = dir.write("evp.db", garbage);
  EXPECT_EQ(open_error([&] { Store::open(db); }),
            "cannot open store " + db.string() + ": file is not a database");
  EXPECT_EQ(dir.read("evp.db"), garbage);
}

TEST(Schema, ForeignSqliteDatabaseIsNotAnEvpStore) {
  evp::test::TempDir dir;
  const auto db = dir.path() / "other.db";
  {
    Connection c(db);
    c.exec("CREATE TABLE notes (text TEXT)", "create a foreign table");
  }
  EXPECT_EQ(open_error([&] { Store::open(db); }),
            "cannot open store " + db.string() +
                ": not an evp store (it has tables but no schema_version table)");
  const auto app = dir.path() / "app.db";
  {
    Connection c(app);
    c.exec("PRAGMA application_id = 1234", "mark as another application's");
  }
  EXPECT_EQ(open_error([&] { Store::open(app); }),
            "cannot open store " + app.string() +
                ": not an evp store (its application_id is 1234, an evp store's is 1702260785)");
}

TEST(Schema, UnwritablePathsAreClearErrors) {
  evp::test::TempDir dir;
  // A parent "directory" that is a regular file.
  const auto file = dir.write("plain-file", "x");
  const auto under_file = file / "evp.db";
  EXPECT_EQ(open_error([&] { Store::open(under_file); }),
            "cannot open store " + under_file.string() + ": cannot create directory " +
                file.string() + ": Not a directory");
  // The store path is a directory.
  const auto directory = dir.path() / "a-directory";
  std::filesystem::create_directories(directory);
  EXPECT_EQ(open_error([&] { Store::open(directory); }),
            "cannot open store " + directory.string() + ": unable to open database file");
  EXPECT_EQ(open_error([&] { StoreWriter writer(directory); }),
            "cannot open store " + directory.string() + ": unable to open database file");
}

TEST(Schema, MigrateRejectsUnknownVersions) {
  evp::test::TempDir dir;
  Connection c(dir.path() / "evp.db");
  EXPECT_THROW(migrate(c, kSchemaVersion + 1), std::invalid_argument);
  EXPECT_THROW(migrate(c, -1), std::invalid_argument);
}

}  // namespace
}  // namespace evp::store
