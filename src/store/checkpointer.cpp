// Checkpointer: a thread running sqlite3_wal_checkpoint_v2(PASSIVE) on request.
#include "store/checkpointer.h"

#include <cstdio>

namespace evp::store {

Checkpointer::Checkpointer(const std::filesystem::path& db) : connection_(db) {
  sqlite3_busy_timeout(connection_.handle(), 10000);
  // A connection learns that the database is in WAL mode when it first reads it; until then
  // a checkpoint is a silent no-op.
  connection_.exec("SELECT count(*) FROM sqlite_schema", "cannot read the store");
  thread_ = std::thread([this] { run(); });
}

Checkpointer::~Checkpointer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void Checkpointer::request() {
  {
    std::lock_guard lock(mutex_);
    if (requested_) return;
    requested_ = true;
  }
  wake_.notify_one();
}

long long Checkpointer::completed() const {
  std::lock_guard lock(mutex_);
  return completed_;
}

void Checkpointer::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return requested_ || stopping_; });
    if (stopping_) return;
    requested_ = false;
    lock.unlock();
    // A failed passive checkpoint loses nothing (the log keeps every commit); the next
    // request, or closing the last connection, tries again.
    const int rc = sqlite3_wal_checkpoint_v2(connection_.handle(), nullptr,
                                             SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    lock.lock();
    if (rc == SQLITE_OK) ++completed_;
  }
}

}  // namespace evp::store
