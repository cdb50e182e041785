// Checkpointer: copies the store's write-ahead log back into the database file on its own
// thread and connection, so the writer's commits never wait for that copy or its fsyncs.
#pragma once

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "store/sqlite.h"

namespace evp::store {

class Checkpointer {
 public:
  // Opens a second connection to the (already migrated) store and starts the thread.
  explicit Checkpointer(const std::filesystem::path& db);
  // Stops the thread (finishing a checkpoint in progress).
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Asks for a passive checkpoint (one that never blocks the writer or readers). Cheap;
  // requests made while one runs fold into the next.
  void request();
  // Passive checkpoints completed so far.
  long long completed() const;

 private:
  void run();

  Connection connection_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool requested_ = false;
  bool stopping_ = false;
  long long completed_ = 0;
  std::thread thread_;
};

}  // namespace evp::store
