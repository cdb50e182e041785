// Checkpointer: a requested checkpoint copies what was committed to the log into the
// database file, without the writer's help.
#include <gtest/gtest.h>

#include <thread>

#include "store/checkpointer.h"
#include "store/schema.h"
#include "support/temp_dir.h"

namespace evp::store {
namespace {

TEST(Checkpointer, RequestedCheckpointBackfillsTheLog) {
  evp::test::TempDir dir;
  const auto db = dir.path() / "evp.db";
  Connection writer = open_store(db);
  writer.exec("PRAGMA wal_autocheckpoint = 0", "no automatic checkpoints");
  writer.exec("CREATE TABLE filler (x TEXT); INSERT INTO filler VALUES (zeroblob(200000));",
              "fill the log");
  Checkpointer checkpointer(db);
  // The 200 kB are in the log; the database file has only the schema pages.
  EXPECT_LT(std::filesystem::file_size(db), 50000u);

  checkpointer.request();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (checkpointer.completed() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ASSERT_EQ(checkpointer.completed(), 1);
  EXPECT_GT(std::filesystem::file_size(db), 200000u);
}

}  // namespace
}  // namespace evp::store
