// AsyncSemaphore: a counting semaphore for coroutines on one event loop. A waiting
// coroutine holds no thread; permits are granted in arrival order; the limit may change
// while permits are out (adaptive concurrency), and close() wakes every waiter.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/intrusive/list.hpp>
#include <cstddef>

namespace evp::llm {

class AsyncSemaphore {
 public:
  AsyncSemaphore(boost::asio::any_io_executor executor, size_t limit);
  ~AsyncSemaphore();
  AsyncSemaphore(const AsyncSemaphore&) = delete;
  AsyncSemaphore& operator=(const AsyncSemaphore&) = delete;

  // A permit now if one is free and nobody is queued.
  bool try_acquire();
  // Waits for a permit: true with one, false if the semaphore was closed.
  boost::asio::awaitable<bool> acquire();
  void release();
  // Lowering the limit revokes nothing: new permits wait until in_use() < limit.
  void set_limit(size_t limit);
  void close();

  size_t limit() const { return limit_; }
  size_t in_use() const { return in_use_; }
  size_t waiting() const { return waiters_.size(); }

 private:
  using AutoUnlink = boost::intrusive::link_mode<boost::intrusive::auto_unlink>;
  // Lives in the waiting coroutine's frame; unlinks itself if that frame is destroyed.
  struct Waiter : boost::intrusive::list_base_hook<AutoUnlink> {
    explicit Waiter(const boost::asio::any_io_executor& ex) : timer(ex) {}
    boost::asio::steady_timer timer;
    bool granted = false;
  };

  void grant();

  boost::asio::any_io_executor executor_;
  size_t limit_;
  size_t in_use_ = 0;
  bool closed_ = false;
  boost::intrusive::list<Waiter, boost::intrusive::constant_time_size<false>> waiters_;
};

}  // namespace evp::llm
