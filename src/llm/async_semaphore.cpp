// AsyncSemaphore: waiters park on a timer that never expires; granting cancels it.
#include "llm/async_semaphore.h"

#include <algorithm>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace evp::llm {

AsyncSemaphore::AsyncSemaphore(boost::asio::any_io_executor executor, size_t limit)
    : executor_(std::move(executor)), limit_(std::max<size_t>(1, limit)) {}

AsyncSemaphore::~AsyncSemaphore() {
  close();
}

bool AsyncSemaphore::try_acquire() {
  if (closed_ || !waiters_.empty() || in_use_ >= limit_) return false;
  ++in_use_;
  return true;
}

boost::asio::awaitable<bool> AsyncSemaphore::acquire() {
  if (try_acquire()) co_return true;
  if (closed_) co_return false;
  Waiter waiter(executor_);
  waiter.timer.expires_at(boost::asio::steady_timer::time_point::max());
  waiters_.push_back(waiter);
  boost::system::error_code ec;  // operation_aborted is the wake-up
  co_await waiter.timer.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
  co_return waiter.granted;
}

void AsyncSemaphore::release() {
  if (in_use_ > 0) --in_use_;
  grant();
}

void AsyncSemaphore::set_limit(size_t limit) {
  limit_ = std::max<size_t>(1, limit);
  grant();
}

void AsyncSemaphore::close() {
  closed_ = true;
  while (!waiters_.empty()) {
    Waiter& w = waiters_.front();
    waiters_.pop_front();
    w.timer.cancel();
  }
}

void AsyncSemaphore::grant() {
  while (!closed_ && in_use_ < limit_ && !waiters_.empty()) {
    Waiter& w = waiters_.front();
    waiters_.pop_front();
    w.granted = true;
    ++in_use_;
    w.timer.cancel();
  }
}

}  // namespace evp::llm
