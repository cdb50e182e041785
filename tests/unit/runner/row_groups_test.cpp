// RowGroups: a row's group is handed out whole, once, by the rollout that completes it, from
// any thread; rollouts of unplanned rows are a logic error.
#include "runner/row_groups.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace evp::runner {
namespace {

TEST(RowGroups, TheLastRolloutOfARowGetsTheWholeGroup) {
  RowGroups groups;
  for (int run = 0; run < 3; ++run) groups.expect(7);
  groups.expect(9);
  EXPECT_FALSE(groups.add(7, 2, {}));
  EXPECT_FALSE(groups.add(7, 0, {}));
  const auto single = groups.add(9, 0, {});
  ASSERT_TRUE(single);
  EXPECT_EQ(single->size(), 1u);
  EXPECT_EQ(groups.pending(), 1u);
  const auto group = groups.add(7, 1, {});
  ASSERT_TRUE(group);
  ASSERT_EQ(group->size(), 3u);
  EXPECT_EQ((*group)[0].run, 2);  // arrival order
  EXPECT_EQ((*group)[2].run, 1);
  EXPECT_EQ(groups.pending(), 0u);
  EXPECT_THROW(groups.add(7, 3, {}), std::logic_error);  // the group was handed out
}

TEST(RowGroups, ConcurrentWorkersCompleteEachGroupExactlyOnce) {
  RowGroups groups;
  constexpr int kRows = 500, kRuns = 4;
  for (int r = 0; r < kRows; ++r) {
    for (int run = 0; run < kRuns; ++run) groups.expect(static_cast<size_t>(r));
  }
  std::atomic<int> completed{0}, members{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kRuns; ++t) {
    threads.emplace_back([&, t] {
      for (int r = 0; r < kRows; ++r) {
        if (auto g = groups.add(static_cast<size_t>(r), t, {})) {
          ++completed;
          members += static_cast<int>(g->size());
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(completed.load(), kRows);
  EXPECT_EQ(members.load(), kRows * kRuns);
  EXPECT_EQ(groups.pending(), 0u);
}

}  // namespace
}  // namespace evp::runner
