// Nothing lost: a process that dies (_exit, SIGKILL) while writing leaves every flushed
// rollout in the store, only whole rows, and a database that opens and checks clean.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rollout_fixtures.h"
#include "store/schema.h"
#include "store/store.h"
#include "store/store_writer.h"
#include "support/temp_dir.h"

namespace evp::store {
namespace {

using test::expect_same_rollout;
using test::make_rollout;

RolloutRecord numbered(int i) {
  RolloutRecord r = make_rollout("exp", "m", "row-" + std::to_string(100000 + i), 0, 1000);
  r.row_index = i;
  return r;
}

// Stored rollouts must be rows 0..n-1 exactly (batches commit in order), each complete.
size_t check_prefix_and_count(const std::filesystem::path& db) {
  auto store = Store::open(db);
  size_t n = 0;
  store->for_each_rollout("exp", [&](const RolloutRecord& r) {
    expect_same_rollout(r, numbered(static_cast<int>(n)));
    ++n;
  });
  Connection c(db);
  Statement check(c, "PRAGMA integrity_check");
  EXPECT_TRUE(check.step("integrity_check"));
  EXPECT_EQ(check.text(0), "ok");
  return n;
}

TEST(CrashSafety, FlushedRowsSurviveExit) {
  evp::test::TempDir dir;
  const auto db = dir.path() / "evp.db";
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    StoreWriter writer(db, 64, std::chrono::milliseconds(5));
    for (int i = 0; i < 500; ++i) writer.add(numbered(i));
    writer.flush();
    for (int i = 500; i < 800; ++i) writer.add(numbered(i));  // in flight
    _exit(9);  // no destructors: the writer thread dies wherever it is
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 9);
  const size_t stored = check_prefix_and_count(db);
  EXPECT_GE(stored, 500u);
  EXPECT_LE(stored, 800u);
}

TEST(CrashSafety, FlushedRowsSurviveSigkillMidWrite) {
  evp::test::TempDir dir;
  const auto db = dir.path() / "evp.db";
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    close(pipe_fds[0]);
    StoreWriter writer(db, 50, std::chrono::milliseconds(2));
    for (int i = 0;; ++i) {  // writes until killed
      writer.add(numbered(i));
      if (i % 100 == 99) {
        writer.flush();
        const int flushed = i + 1;
        if (write(pipe_fds[1], &flushed, sizeof flushed) != sizeof flushed) _exit(1);
      }
    }
  }
  close(pipe_fds[1]);
  int flushed = 0;
  while (flushed < 2000) {
    ASSERT_EQ(read(pipe_fds[0], &flushed, sizeof flushed), static_cast<ssize_t>(sizeof flushed));
  }
  kill(pid, SIGKILL);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  close(pipe_fds[0]);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_GE(check_prefix_and_count(db), static_cast<size_t>(flushed));
}

}  // namespace
}  // namespace evp::store
