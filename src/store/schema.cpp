// Store schema: identification, WAL setup, and migrations 0->1 (experiments, rollouts),
// 1->2 (response cache), 2->3 (metrics column, cache by insertion order, rollouts by
// experiment), 3->4 (rollouts keyed by dataset position, cache found by key hash, dataset
// hash per experiment), 4->5 (two unread indexes dropped), 5->6 (battles, judge usage per rollout),
// 6->7 (stored reports, annotations, scored rollouts by score for `evp ui`).
// Never edit a shipped migration: add the next one.
#include "store/schema.h"

#include <chrono>
#include <iterator>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>

#include "store/cache_index.h"

namespace evp::store {
namespace {

constexpr int kBusyTimeoutMs = 10000;

void migrate_0_to_1(Connection& c) {
  c.exec(R"sql(
    CREATE TABLE schema_version (version INTEGER NOT NULL);
    INSERT INTO schema_version (version) VALUES (0);
    CREATE TABLE experiments (
      id TEXT PRIMARY KEY,
      suite_name TEXT NOT NULL,
      suite_hash TEXT NOT NULL,
      config TEXT NOT NULL,
      evp_version TEXT NOT NULL,
      created_at TEXT NOT NULL,
      status TEXT NOT NULL,
      total INTEGER NOT NULL
    );
    CREATE INDEX experiments_by_created_at ON experiments (created_at);
    CREATE TABLE rollouts (
      experiment_id TEXT NOT NULL,
      model TEXT NOT NULL,
      row_id TEXT NOT NULL,
      run INTEGER NOT NULL,
      status_code INTEGER NOT NULL,
      score_valid INTEGER NOT NULL,
      score REAL NOT NULL,
      cost_usd REAL NOT NULL,
      latency_ms REAL NOT NULL,
      prompt_tokens INTEGER NOT NULL,
      completion_tokens INTEGER NOT NULL,
      row_json TEXT NOT NULL,
      created_at TEXT NOT NULL,
      UNIQUE (experiment_id, model, row_id, run)
    );
    -- Only unfinished rollouts (errors, still running) are indexed by status: listing the
    -- failures of an experiment is fast, and the common finished row costs nothing here.
    CREATE INDEX rollouts_by_status ON rollouts (experiment_id, status_code)
      WHERE status_code != 100;
    CREATE INDEX rollouts_by_score ON rollouts (experiment_id, model, score);
  )sql",
         "migration to schema version 1");
  c.exec(("PRAGMA application_id = " + std::to_string(kApplicationId)).c_str(),
         "migration to schema version 1");
}

void migrate_1_to_2(Connection& c) {
  c.exec(R"sql(
    CREATE TABLE cache (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
  )sql",
         "migration to schema version 2");
}

void migrate_2_to_3(Connection& c) {
  // Per-metric scores beside the row, so a report reads small columns only. NULL for
  // rollouts stored before: readers then fall back to row_json. Cache entries are appended
  // in insertion order and found through a separate index: keys are random, and a table
  // ordered by them (TEXT PRIMARY KEY, or WITHOUT ROWID) dirtied one 16 KB page per entry
  // in each commit, most of a bench run's log writes. Only the small index entries land
  // at random places now.
  c.exec(R"sql(
    ALTER TABLE rollouts ADD COLUMN metrics TEXT;
    CREATE TABLE cache_v3 (
      id INTEGER PRIMARY KEY,
      key TEXT NOT NULL,
      value TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
    INSERT INTO cache_v3 (key, value, created_at) SELECT key, value, created_at FROM cache;
    DROP TABLE cache;
    ALTER TABLE cache_v3 RENAME TO cache;
    CREATE UNIQUE INDEX cache_by_key ON cache (key);
    -- An experiment's rollouts in storage order: a report reads the table sequentially
    -- (the unique index orders them by random row ids, one page read per row).
    CREATE INDEX rollouts_by_experiment ON rollouts (experiment_id);
  )sql",
         "migration to schema version 3");
}

void migrate_3_to_4(Connection& c) {
  // Every index a rollout enters is now written in order. The unique key was (experiment,
  // model, row_id, run): row ids are random, so once an experiment outgrew a commit each new
  // rollout rewrote one 16 KB index page per commit, and the cache's unique key index did
  // the same. Measured on 100k rollouts in batches of 512: 1194 MB of log writes before,
  // 228 MB after. Rollouts are keyed by the row's dataset position instead (rollouts stored
  // before have none: NULL, which never collides), and cache entries are found through the
  // key hashes a run loads into memory (cache_index.h). The table is rebuilt because a
  // table's UNIQUE constraint cannot be dropped; row ids (rowid) are kept.
  c.exec(R"sql(
    ALTER TABLE experiments ADD COLUMN dataset_hash TEXT;
    CREATE TABLE rollouts_v4 (
      experiment_id TEXT NOT NULL,
      model TEXT NOT NULL,
      row_id TEXT NOT NULL,
      row_index INTEGER,
      run INTEGER NOT NULL,
      status_code INTEGER NOT NULL,
      score_valid INTEGER NOT NULL,
      score REAL NOT NULL,
      cost_usd REAL NOT NULL,
      latency_ms REAL NOT NULL,
      prompt_tokens INTEGER NOT NULL,
      completion_tokens INTEGER NOT NULL,
      metrics TEXT,
      row_json TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
    INSERT INTO rollouts_v4 (rowid, experiment_id, model, row_id, run, status_code, score_valid,
                             score, cost_usd, latency_ms, prompt_tokens, completion_tokens,
                             metrics, row_json, created_at)
      SELECT rowid, experiment_id, model, row_id, run, status_code, score_valid, score,
             cost_usd, latency_ms, prompt_tokens, completion_tokens, metrics, row_json,
             created_at
      FROM rollouts ORDER BY rowid;
    DROP TABLE rollouts;
    ALTER TABLE rollouts_v4 RENAME TO rollouts;
    CREATE UNIQUE INDEX rollouts_by_position ON rollouts (experiment_id, model, row_index, run);
    CREATE INDEX rollouts_by_status ON rollouts (experiment_id, status_code)
      WHERE status_code != 100;
    CREATE INDEX rollouts_by_score ON rollouts (experiment_id, model, score);
    CREATE INDEX rollouts_by_experiment ON rollouts (experiment_id);
    DROP INDEX cache_by_key;
    CREATE TABLE cache_keys (id INTEGER PRIMARY KEY, key_hash INTEGER NOT NULL);
  )sql",
         "migration to schema version 4");
  Statement keys(c, "SELECT id, key FROM cache ORDER BY id");
  Statement insert(c, "INSERT INTO cache_keys (id, key_hash) VALUES (?, ?)");
  while (keys.step("migration to schema version 4")) {
    insert.bind(1, keys.integer(0));
    insert.bind(2, static_cast<long long>(cache_key_hash(keys.text(1))));
    insert.run("migration to schema version 4");
    insert.reset();
  }
}

void migrate_4_to_5(Connection& c) {
  // Two indexes every rollout paid for on insert: rollouts_by_score had no reader, and
  // rollouts_by_experiment is a prefix of rollouts_by_position (reports now walk that one, in
  // dataset order per model). Two of the five B-tree inserts of a rollout are gone; with the
  // throughput bench's 100k rollouts the store went from 177 MB to 169 MB.
  c.exec(R"sql(
    DROP INDEX rollouts_by_score;
    DROP INDEX rollouts_by_experiment;
  )sql",
         "migration to schema version 5");
}

void migrate_5_to_6(Connection& c) {
  // Rollouts count their judges' tokens and cost apart from their own (llm_judge metrics).
  // Battles: one judgment of two models' answers (an LLM judge's game, a human vote, or one
  // imported from elsewhere), what arena ratings are fitted on. experiment_id is NULL for
  // battles that belong to no experiment; the unique index makes a resumed judging phase
  // skip what it stored before.
  c.exec(R"sql(
    ALTER TABLE rollouts ADD COLUMN judge_prompt_tokens INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE rollouts ADD COLUMN judge_completion_tokens INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE rollouts ADD COLUMN judge_cost_usd REAL NOT NULL DEFAULT 0;
    ALTER TABLE rollouts ADD COLUMN cluster TEXT;
    ALTER TABLE rollouts ADD COLUMN answer TEXT;
    CREATE TABLE battles (
      id INTEGER PRIMARY KEY,
      experiment_id TEXT,
      suite_name TEXT NOT NULL,
      model_a TEXT NOT NULL,
      model_b TEXT NOT NULL,
      winner TEXT NOT NULL
        CHECK (winner IN ('model_a', 'model_b', 'tie', 'tie (bothbad)')),
      weight REAL NOT NULL,
      judge TEXT NOT NULL,
      row_id TEXT,
      run INTEGER,
      game INTEGER,
      length_a REAL,
      length_b REAL,
      details TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE INDEX battles_by_suite ON battles (suite_name);
    CREATE UNIQUE INDEX battles_by_judgment
      ON battles (experiment_id, judge, model_a, model_b, row_id, run, game)
      WHERE experiment_id IS NOT NULL;
  )sql",
         "migration to schema version 6");
}

void migrate_6_to_7(Connection& c) {
  // What `evp ui` reads at a million rollouts. A report costs a pass over every rollout (11 s
  // at 1M rollouts, most of it reading pages that hold row_json), so a run stores the one it
  // printed with the rollout count it covers, and the UI computes one only when that is
  // stale. Annotations: a person's label or note on a rollout. The score index (scored
  // rollouts only) serves sorting and bounding the rollouts table by score per model; the
  // rollouts of all models sorted by score are a merge of the per-model walks.
  c.exec(R"sql(
    CREATE TABLE experiment_reports (
      experiment_id TEXT PRIMARY KEY,
      done INTEGER NOT NULL,
      status TEXT NOT NULL,
      report TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE TABLE annotations (
      id INTEGER PRIMARY KEY,
      experiment_id TEXT NOT NULL,
      model TEXT NOT NULL,
      row_index INTEGER NOT NULL,
      run INTEGER NOT NULL,
      label TEXT,
      note TEXT,
      author TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE INDEX annotations_by_rollout ON annotations (experiment_id, model, row_index, run);
    CREATE INDEX rollouts_by_score ON rollouts (experiment_id, model, score) WHERE score_valid = 1;
  )sql",
         "migration to schema version 7");
}

// kMigrations[v] takes a store from version v to v + 1.
using Migration = void (*)(Connection&);
constexpr Migration kMigrations[] = {migrate_0_to_1, migrate_1_to_2, migrate_2_to_3, migrate_3_to_4,
                                     migrate_4_to_5, migrate_5_to_6, migrate_6_to_7};
static_assert(std::size(kMigrations) == kSchemaVersion);

[[noreturn]] void cannot_open(const Connection& c, const std::string& why) {
  throw std::runtime_error("cannot open store " + c.path().string() + ": " + why);
}

long long query_integer(Connection& c, const char* sql) {
  // Errors here are the first read of the file: a garbage file fails with "file is not a
  // database", so they are reported as failures to open.
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(c.handle(), sql, -1, &stmt, nullptr) != SQLITE_OK) {
    cannot_open(c, sqlite3_errmsg(c.handle()));
  }
  const int rc = sqlite3_step(stmt);
  const long long value = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    const std::string message = sqlite3_errmsg(c.handle());
    sqlite3_finalize(stmt);
    cannot_open(c, message);
  }
  sqlite3_finalize(stmt);
  return value;
}

bool has_version_table(Connection& c) {
  return query_integer(c,
                       "SELECT count(*) FROM sqlite_schema "
                       "WHERE type = 'table' AND name = 'schema_version'") > 0;
}

// Refuses databases that belong to something else before anything is written to them.
void check_is_evp_store(Connection& c) {
  const long long application_id = query_integer(c, "PRAGMA application_id");
  if (application_id != 0 && application_id != kApplicationId) {
    cannot_open(c, "not an evp store (its application_id is " + std::to_string(application_id) +
                       ", an evp store's is " + std::to_string(kApplicationId) + ")");
  }
  const long long tables = query_integer(c, "SELECT count(*) FROM sqlite_schema");
  if (tables > 0 && !has_version_table(c)) {
    cannot_open(c, "not an evp store (it has tables but no schema_version table)");
  }
}

// WAL: readers never block the writer. Switching a new file needs an exclusive lock, and
// SQLite answers SQLITE_BUSY at once, without its busy handler, while another connection
// opening the same file holds a shared lock (two evp commands started together); so retry
// for as long as the busy timeout would have waited.
void switch_to_wal(Connection& c) {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
  while (true) {
    const int rc = sqlite3_exec(c.handle(), "PRAGMA journal_mode = WAL", nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) return;
    if ((rc & 0xff) != SQLITE_BUSY || std::chrono::steady_clock::now() > deadline) {
      c.fail("cannot switch to WAL");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

}  // namespace

int schema_version(Connection& c) {
  if (!has_version_table(c)) return 0;
  return static_cast<int>(query_integer(c, "SELECT max(version) FROM schema_version"));
}

void migrate(Connection& c, int target) {
  if (target < 0 || target > kSchemaVersion) {
    throw std::invalid_argument("migrate: no schema version " + std::to_string(target));
  }
  // IMMEDIATE takes the write lock first, so two processes opening a new store at once
  // migrate it once: the second sees the version the first wrote.
  c.exec("BEGIN IMMEDIATE", "cannot start the schema migration");
  try {
    const int current = schema_version(c);
    if (current > kSchemaVersion) {
      cannot_open(c, "its schema version is " + std::to_string(current) +
                         " but this evp (" EVP_VERSION ") knows versions up to " +
                         std::to_string(kSchemaVersion) + "; use a newer evp");
    }
    for (int v = current; v < target; ++v) {
      kMigrations[v](c);
      c.exec(("UPDATE schema_version SET version = " + std::to_string(v + 1)).c_str(),
             "migration to schema version " + std::to_string(v + 1));
    }
    c.exec("COMMIT", "cannot commit the schema migration");
  } catch (...) {
    sqlite3_exec(c.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

Connection open_store(const std::filesystem::path& db) {
  const auto parent = db.parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) {
      throw std::runtime_error("cannot open store " + db.string() + ": cannot create directory " +
                               parent.string() + ": " + ec.message());
    }
  }
  Connection c(db);
  sqlite3_busy_timeout(c.handle(), kBusyTimeoutMs);
  check_is_evp_store(c);
  // 16 KiB pages: a third less CPU per stored rollout than 4 KiB (measured with ~1 KB rows).
  // Takes effect only when the file is new; an existing store keeps its page size.
  c.exec("PRAGMA page_size = 16384", "cannot set the page size");
  // NORMAL: commits are durable against a killed process (not against power loss), at a
  // fraction of FULL's fsyncs.
  switch_to_wal(c);
  c.exec("PRAGMA synchronous = NORMAL", "cannot set synchronous");
  migrate(c, kSchemaVersion);
  return c;
}

}  // namespace evp::store
