// AsyncSemaphore and SleepGroup: coroutines wait on the loop without threads, in order,
// and are woken by close()/cancel_all().
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <vector>

#include "llm/async_semaphore.h"
#include "llm/sleep_group.h"

namespace evp::llm {
namespace {

namespace asio = boost::asio;

void spawn_acquirers(asio::io_context& io, AsyncSemaphore& sem, int first, int count,
                     std::vector<int>& granted, std::vector<int>& refused) {
  for (int i = first; i < first + count; ++i) {
    asio::co_spawn(
        io,
        [&, i]() -> asio::awaitable<void> {
          if (co_await sem.acquire()) {
            granted.push_back(i);
          } else {
            refused.push_back(i);
          }
        },
        asio::detached);
  }
}

// Runs everything that is ready; waiters parked on the semaphore stay parked (io.run()
// would wait for them forever).
void drain(asio::io_context& io) {
  io.restart();
  io.poll();
}

TEST(AsyncSemaphore, GrantsInArrivalOrderAsPermitsFree) {
  asio::io_context io;
  AsyncSemaphore sem(io.get_executor(), 2);
  std::vector<int> granted, refused;
  spawn_acquirers(io, sem, 0, 5, granted, refused);
  drain(io);
  EXPECT_EQ(granted, (std::vector<int>{0, 1}));
  EXPECT_EQ(sem.in_use(), 2u);
  EXPECT_EQ(sem.waiting(), 3u);
  sem.release();
  drain(io);
  EXPECT_EQ(granted, (std::vector<int>{0, 1, 2}));
  sem.set_limit(4);
  drain(io);
  EXPECT_EQ(granted, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(sem.in_use(), 4u);
  EXPECT_TRUE(refused.empty());
}

TEST(AsyncSemaphore, ALowerLimitHoldsNewcomersUntilEnoughAreReleased) {
  asio::io_context io;
  AsyncSemaphore sem(io.get_executor(), 4);
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(sem.try_acquire());
  sem.set_limit(2);
  std::vector<int> granted, refused;
  spawn_acquirers(io, sem, 0, 1, granted, refused);
  drain(io);
  sem.release();  // 3 in use
  sem.release();  // 2 in use: still at the limit
  drain(io);
  EXPECT_TRUE(granted.empty());
  sem.release();  // 1 in use
  drain(io);
  EXPECT_EQ(granted, (std::vector<int>{0}));
  EXPECT_EQ(sem.in_use(), 2u);
}

TEST(AsyncSemaphore, CloseRefusesWaitersAndNewcomers) {
  asio::io_context io;
  AsyncSemaphore sem(io.get_executor(), 1);
  ASSERT_TRUE(sem.try_acquire());
  std::vector<int> granted, refused;
  spawn_acquirers(io, sem, 0, 3, granted, refused);
  drain(io);
  sem.close();
  spawn_acquirers(io, sem, 3, 1, granted, refused);
  drain(io);
  EXPECT_TRUE(granted.empty());
  EXPECT_EQ(refused, (std::vector<int>{0, 1, 2, 3}));
  EXPECT_FALSE(sem.try_acquire());
}

TEST(SleepGroup, SleepsAndCanBeCutShort) {
  asio::io_context io;
  SleepGroup sleeps(io.get_executor());
  std::vector<bool> results;
  const auto start = std::chrono::steady_clock::now();
  asio::co_spawn(
      io, [&]() -> asio::awaitable<void> { results.push_back(co_await sleeps.sleep(0.05)); },
      asio::detached);
  io.run();
  const double slept =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_GE(slept, 0.05);
  EXPECT_EQ(results, (std::vector<bool>{true}));

  asio::co_spawn(
      io, [&]() -> asio::awaitable<void> { results.push_back(co_await sleeps.sleep(60)); },
      asio::detached);
  io.restart();
  io.run_for(std::chrono::milliseconds(20));
  sleeps.cancel_all();
  const auto cut = std::chrono::steady_clock::now();
  io.restart();
  io.run();
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - cut).count(), 1.0);
  EXPECT_EQ(results, (std::vector<bool>{true, false}));
}

}  // namespace
}  // namespace evp::llm
