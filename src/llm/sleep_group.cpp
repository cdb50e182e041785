// SleepGroup: each sleeper's timer is listed until it wakes.
#include "llm/sleep_group.h"

#include <algorithm>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>

namespace evp::llm {

boost::asio::awaitable<bool> SleepGroup::sleep(double seconds) {
  if (cancelled_) co_return false;
  if (seconds <= 0) co_return true;
  constexpr double kLongest = 1e7;  // ~4 months; keeps the duration cast in range
  Sleeper sleeper(executor_);
  sleeper.timer.expires_after(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(std::min(seconds, kLongest))));
  sleepers_.push_back(sleeper);
  boost::system::error_code ec;
  co_await sleeper.timer.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
  co_return !ec && !cancelled_;
}

void SleepGroup::cancel_all() {
  cancelled_ = true;
  while (!sleepers_.empty()) {
    Sleeper& s = sleepers_.front();
    sleepers_.pop_front();
    s.timer.cancel();
  }
}

}  // namespace evp::llm
