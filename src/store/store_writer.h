// StoreWriter: the single writer of an evp store. It owns the write connection and a thread
// that commits what callers add in batches (one transaction per batch), so a rollout that
// was added is on disk within max_delay, and after flush() for certain.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/checkpointer.h"
#include "store/records.h"
#include "store/sqlite.h"

namespace evp::store {

class StoreWriter {
 public:
  // Runs on the writer thread after each commit with the number of rollouts it committed,
  // before flush() calls waiting for those rollouts return. It may call add() but must not
  // call flush() (that would wait for itself); exceptions it throws are printed and dropped.
  using CommitCallback = std::function<void(long long committed_now)>;

  // Opens (creating and migrating) the store at `db` and starts the writer thread. A commit
  // starts when max_batch items wait or the oldest has waited max_delay (or on flush());
  // each transaction holds at most max_batch items. Log checkpoints run on a second thread
  // (see checkpointer.h). Throws like Store::open. The 200 ms default trades a little
  // durability for fewer bytes written: each commit rewrites every 16 KB page it touches
  // (measured with schema 3, whose unique index took random row ids: commits every 20 ms
  // wrote 2.7x more than every 200 ms).
  explicit StoreWriter(const std::filesystem::path& db, size_t max_batch = 1024,
                       std::chrono::milliseconds max_delay = std::chrono::milliseconds(200));
  // Commits everything added, then stops. A write error cannot be thrown from here: it is
  // printed to stderr with the number of rows left uncommitted.
  ~StoreWriter();
  StoreWriter(const StoreWriter&) = delete;
  StoreWriter& operator=(const StoreWriter&) = delete;

  // Queues a rollout. A rollout with the same (experiment_id, model, row_index, run) as a
  // stored one replaces it (the later add wins), so retrying a rollout never duplicates it.
  // Throws std::invalid_argument when row_index is negative (every new rollout has a dataset
  // position). Thread-safe. Throws std::runtime_error after the writer has failed. While
  // 2 * max_batch items wait, callers other than the commit callback block until the writer
  // catches up: a producer faster than the disk cannot grow memory without bound.
  void add(RolloutRecord record);
  // Queues a cache entry; a key put again reads back with the newest value. Thread-safe;
  // blocks like add().
  void cache_put(std::string key, std::string value);
  // Blocks until everything added before the call is committed. Throws std::runtime_error
  // with SQLite's message if a commit failed (the writer then stops writing).
  void flush();
  // Rollouts committed by this writer so far.
  long long committed() const { return committed_.load(); }
  // Sets the commit callback; call before the first add().
  void on_commit(CommitCallback callback);

  const std::filesystem::path& path() const { return connection_.path(); }

 private:
  struct CacheEntry {
    std::string key, value;
  };
  void run();
  void write(const std::vector<RolloutRecord>& rollouts, size_t rollout_begin, size_t rollout_end,
             const std::vector<CacheEntry>& cache, size_t cache_begin, size_t cache_end);
  void check_not_failed() const;  // with mutex_ held
  void wait_for_room(std::unique_lock<std::mutex>& lock);
  // With mutex_ held: marks the queue's oldest item and returns whether to wake the writer.
  bool queue_one_more();
  static int on_wal_commit(void* self, sqlite3* db, const char* name, int wal_pages);

  Connection connection_;
  Statement begin_;
  Statement commit_;
  Statement insert_rollout_;
  Statement put_cache_;
  Statement put_cache_key_;
  Checkpointer checkpointer_;
  int checkpoint_pages_ = 0;         // log size that wakes the checkpointer
  int writer_checkpoint_pages_ = 0;  // log size at which the writer checkpoints itself
  const size_t max_batch_;
  const std::chrono::milliseconds max_delay_;

  mutable std::mutex mutex_;
  std::condition_variable wake_writer_;
  std::condition_variable wake_flushers_;
  std::condition_variable room_;  // the writer took the queue: blocked producers may go on
  std::vector<RolloutRecord> pending_;
  std::vector<CacheEntry> pending_cache_;
  std::chrono::steady_clock::time_point oldest_pending_;
  uint64_t added_ = 0;         // items (rollouts and cache entries) ever queued
  uint64_t written_ = 0;       // items committed or given up on after a failure
  uint64_t flush_target_ = 0;  // a flush() waits for written_ to reach this
  bool stopping_ = false;
  std::string error_;  // set once a commit fails
  CommitCallback on_commit_;
  std::atomic<long long> committed_{0};
  std::thread thread_;
};

}  // namespace evp::store
