// StoreWriter: a queue guarded by a mutex, drained by one thread that commits batches with
// prepared statements, one transaction per batch.
#include "store/store_writer.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "base/clock.h"
#include "store/cache_index.h"
#include "store/schema.h"

namespace evp::store {
namespace {

constexpr const char* kInsertRollout =
    "INSERT INTO rollouts (experiment_id, model, row_id, run, status_code, score_valid, score, "
    "cost_usd, latency_ms, prompt_tokens, completion_tokens, metrics, row_json, created_at, "
    "row_index, judge_prompt_tokens, judge_completion_tokens, judge_cost_usd, cluster, answer) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (experiment_id, model, row_index, run) DO UPDATE SET row_id = excluded.row_id, "
    "status_code = excluded.status_code, score_valid = excluded.score_valid, "
    "score = excluded.score, cost_usd = excluded.cost_usd, latency_ms = excluded.latency_ms, "
    "prompt_tokens = excluded.prompt_tokens, completion_tokens = excluded.completion_tokens, "
    "metrics = excluded.metrics, row_json = excluded.row_json, created_at = excluded.created_at, "
    "judge_prompt_tokens = excluded.judge_prompt_tokens, "
    "judge_completion_tokens = excluded.judge_completion_tokens, "
    "judge_cost_usd = excluded.judge_cost_usd, cluster = excluded.cluster, "
    "answer = excluded.answer";

// A key put again is appended again: lookups take the newest entry (cache_index.h).
constexpr const char* kPutCache = "INSERT INTO cache (key, value, created_at) VALUES (?, ?, ?)";
constexpr const char* kPutCacheKey = "INSERT INTO cache_keys (id, key_hash) VALUES (?, ?)";

// Write-ahead log size that triggers a background checkpoint, and the size at which the
// writer checkpoints itself because the background one cannot keep up.
constexpr long long kCheckpointBytes = 32LL << 20;
constexpr long long kWriterCheckpointBytes = 256LL << 20;
// After a checkpoint lets the log restart, a log file bigger than this is truncated.
constexpr long long kLogSizeLimitBytes = 64LL << 20;

long long page_size(Connection& c) {
  Statement s(c, "PRAGMA page_size");
  s.step("cannot read the page size");
  return s.integer(0);
}

}  // namespace

StoreWriter::StoreWriter(const std::filesystem::path& db, size_t max_batch,
                         std::chrono::milliseconds max_delay)
    : connection_(open_store(db)),
      begin_(connection_, "BEGIN IMMEDIATE"),
      commit_(connection_, "COMMIT"),
      insert_rollout_(connection_, kInsertRollout),
      put_cache_(connection_, kPutCache),
      put_cache_key_(connection_, kPutCacheKey),
      checkpointer_(connection_.path()),
      max_batch_(std::max<size_t>(1, max_batch)),
      max_delay_(max_delay) {
  // Checkpoints run on the checkpointer's thread, not inside our commits.
  connection_.exec("PRAGMA wal_autocheckpoint = 0", "cannot configure checkpoints");
  // Room for a whole batch's dirty pages (SQLite's default 2 MB made commits spill pages
  // mid-transaction: sqlite3PcacheFetchStress was 5% of a bench run). Pages are allocated
  // only as they are used.
  connection_.exec("PRAGMA cache_size = -16384", "cannot size the page cache");
  connection_.exec(("PRAGMA journal_size_limit = " + std::to_string(kLogSizeLimitBytes)).c_str(),
                   "cannot configure the log size");
  const long long page = page_size(connection_);
  checkpoint_pages_ = static_cast<int>(kCheckpointBytes / page);
  writer_checkpoint_pages_ = static_cast<int>(kWriterCheckpointBytes / page);
  sqlite3_wal_hook(connection_.handle(), &StoreWriter::on_wal_commit, this);
  thread_ = std::thread([this] { run(); });
}

StoreWriter::~StoreWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_writer_.notify_one();
  room_.notify_all();
  thread_.join();
  if (!error_.empty()) {
    std::fprintf(stderr, "evp: %llu store writes were not committed: %s\n",
                 static_cast<unsigned long long>(added_ - written_), error_.c_str());
  }
}

int StoreWriter::on_wal_commit(void* self, sqlite3* db, const char*, int wal_pages) {
  auto* writer = static_cast<StoreWriter*>(self);
  if (wal_pages >= writer->writer_checkpoint_pages_) {
    sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  } else if (wal_pages >= writer->checkpoint_pages_) {
    writer->checkpointer_.request();
  }
  return SQLITE_OK;
}

void StoreWriter::check_not_failed() const {
  if (!error_.empty()) throw std::runtime_error(error_);
}

void StoreWriter::wait_for_room(std::unique_lock<std::mutex>& lock) {
  if (std::this_thread::get_id() == thread_.get_id()) return;  // the commit callback
  room_.wait(lock, [&] {
    return pending_.size() + pending_cache_.size() < 2 * max_batch_ || !error_.empty() || stopping_;
  });
}

bool StoreWriter::queue_one_more() {
  ++added_;
  const size_t waiting = pending_.size() + pending_cache_.size();
  if (waiting == 1) {
    oldest_pending_ = std::chrono::steady_clock::now();
    return true;  // the writer waits without a deadline while there is nothing to do
  }
  return waiting == max_batch_;
}

void StoreWriter::add(RolloutRecord record) {
  if (record.row_index < 0) {
    throw std::invalid_argument("StoreWriter::add: rollout " + record.key.row_id +
                                " has no dataset position (row_index)");
  }
  bool wake = false;
  {
    std::unique_lock lock(mutex_);
    wait_for_room(lock);
    check_not_failed();
    pending_.push_back(std::move(record));
    wake = queue_one_more();
  }
  if (wake) wake_writer_.notify_one();
}

void StoreWriter::cache_put(std::string key, std::string value) {
  bool wake = false;
  {
    std::unique_lock lock(mutex_);
    wait_for_room(lock);
    check_not_failed();
    pending_cache_.push_back({std::move(key), std::move(value)});
    wake = queue_one_more();
  }
  if (wake) wake_writer_.notify_one();
}

void StoreWriter::flush() {
  std::unique_lock lock(mutex_);
  check_not_failed();
  const uint64_t target = added_;
  if (written_ >= target) return;
  flush_target_ = std::max(flush_target_, target);
  wake_writer_.notify_one();
  wake_flushers_.wait(lock, [&] { return written_ >= target || !error_.empty(); });
  if (written_ < target) throw std::runtime_error(error_);
}

void StoreWriter::on_commit(CommitCallback callback) {
  std::lock_guard lock(mutex_);
  on_commit_ = std::move(callback);
}

void StoreWriter::run() {
  std::vector<RolloutRecord> rollouts;
  std::vector<CacheEntry> cache;
  std::unique_lock lock(mutex_);
  for (;;) {
    // Wait until there is a reason to commit: a full batch, the oldest item's deadline, a
    // flush, or shutdown.
    for (;;) {
      const size_t waiting = pending_.size() + pending_cache_.size();
      if (waiting == 0 || !error_.empty()) {
        if (stopping_) return;
        wake_writer_.wait(lock);
        continue;
      }
      if (stopping_ || waiting >= max_batch_ || flush_target_ > written_) break;
      if (wake_writer_.wait_until(lock, oldest_pending_ + max_delay_) == std::cv_status::timeout) {
        break;
      }
    }
    rollouts.swap(pending_);
    cache.swap(pending_cache_);
    const CommitCallback callback = on_commit_;
    lock.unlock();
    room_.notify_all();

    std::string failure;
    size_t r = 0;
    size_t c = 0;
    while (r < rollouts.size() || c < cache.size()) {
      const size_t r_end = std::min(rollouts.size(), r + max_batch_);
      const size_t c_end = std::min(cache.size(), c + (max_batch_ - (r_end - r)));
      try {
        write(rollouts, r, r_end, cache, c, c_end);
      } catch (const std::exception& e) {
        failure = e.what();
        break;
      }
      const auto count = static_cast<long long>(r_end - r);
      committed_ += count;
      if (callback && count > 0) {
        try {
          callback(count);
        } catch (const std::exception& e) {
          std::fprintf(stderr, "evp: store commit callback failed: %s\n", e.what());
        }
      }
      {
        std::lock_guard guard(mutex_);
        written_ += (r_end - r) + (c_end - c);
      }
      wake_flushers_.notify_all();
      r = r_end;
      c = c_end;
    }
    rollouts.clear();
    cache.clear();
    lock.lock();
    if (!failure.empty()) {
      error_ = failure;
      wake_flushers_.notify_all();
      room_.notify_all();
    }
  }
}

void StoreWriter::write(const std::vector<RolloutRecord>& rollouts, size_t rollout_begin,
                        size_t rollout_end, const std::vector<CacheEntry>& cache,
                        size_t cache_begin, size_t cache_end) {
  static const std::string kInsertWhat = "cannot store a rollout";
  static const std::string kCacheWhat = "cannot store a cache entry";
  const std::string now = utc_now_iso8601();
  begin_.run("cannot begin a transaction");
  begin_.reset();
  try {
    for (size_t i = rollout_begin; i < rollout_end; ++i) {
      const RolloutRecord& r = rollouts[i];
      insert_rollout_.bind(1, r.experiment_id);
      insert_rollout_.bind(2, r.key.model);
      insert_rollout_.bind(3, r.key.row_id);
      insert_rollout_.bind(4, r.key.run);
      insert_rollout_.bind(5, r.status_code);
      insert_rollout_.bind(6, r.score_valid);
      insert_rollout_.bind(7, r.score);
      insert_rollout_.bind(8, r.cost_usd);
      insert_rollout_.bind(9, r.latency_ms);
      insert_rollout_.bind(10, r.prompt_tokens);
      insert_rollout_.bind(11, r.completion_tokens);
      if (r.metrics_json.empty()) {
        insert_rollout_.bind_null(12);
      } else {
        insert_rollout_.bind(12, r.metrics_json);
      }
      insert_rollout_.bind(13, r.row_json);
      insert_rollout_.bind(14, now);
      insert_rollout_.bind(15, r.row_index);
      insert_rollout_.bind(16, r.judge_prompt_tokens);
      insert_rollout_.bind(17, r.judge_completion_tokens);
      insert_rollout_.bind(18, r.judge_cost_usd);
      if (r.cluster.empty()) {
        insert_rollout_.bind_null(19);
      } else {
        insert_rollout_.bind(19, r.cluster);
      }
      if (r.answer.empty()) {
        insert_rollout_.bind_null(20);
      } else {
        insert_rollout_.bind(20, r.answer);
      }
      insert_rollout_.run(kInsertWhat);
      insert_rollout_.reset();
    }
    for (size_t i = cache_begin; i < cache_end; ++i) {
      put_cache_.bind(1, cache[i].key);
      put_cache_.bind(2, cache[i].value);
      put_cache_.bind(3, now);
      put_cache_.run(kCacheWhat);
      put_cache_.reset();
      put_cache_key_.bind(1,
                          static_cast<long long>(sqlite3_last_insert_rowid(connection_.handle())));
      put_cache_key_.bind(2, static_cast<long long>(cache_key_hash(cache[i].key)));
      put_cache_key_.run(kCacheWhat);
      put_cache_key_.reset();
    }
    commit_.run("cannot commit");
    commit_.reset();
  } catch (...) {
    insert_rollout_.reset();
    put_cache_.reset();
    put_cache_key_.reset();
    commit_.reset();
    sqlite3_exec(connection_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

}  // namespace evp::store
