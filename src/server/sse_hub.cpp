// The event hub of /api/events (see sse_hub.h).
#include "server/sse_hub.h"

#include <algorithm>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>

#include "server/run_on_pool.h"

namespace evp::server {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

std::string format_sse_event(const ApiEvent& event) {
  std::string name;
  for (char c : event.name) {
    if (c != '\n' && c != '\r') name.push_back(c);
  }
  return "event: " + name + "\ndata: " + dump_json(event.data) + "\n\n";
}

SseSubscriber::SseSubscriber(const asio::any_io_executor& executor) : wakeup(executor) {
  wakeup.expires_at(Clock::time_point::max());
}

void SseSubscriber::close() {
  if (closed) return;
  closed = true;
  wakeup.cancel();
  if (abort) abort();
}

SseHub::SseHub(asio::io_context& io, asio::thread_pool& pool, RestBackend& backend,
               SseHubOptions options)
    : io_(io), pool_(pool), backend_(backend), options_(options), timer_(io) {}

asio::awaitable<void> SseHub::run() {
  Clock::time_point next_poll = Clock::now();
  Clock::time_point next_ping = next_poll + options_.ping_interval;
  while (!stopped_) {
    timer_.expires_at(std::min(next_poll, next_ping));
    boost::system::error_code ec;
    co_await timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (stopped_) break;
    if (Clock::now() >= next_poll) {
      std::vector<ApiEvent> events;
      auto poll = [this] { return backend_.poll_events(); };
      try {
        events = co_await run_on_pool(pool_, std::move(poll));
        last_problem_.clear();
      } catch (const std::exception& e) {
        report(e.what());
      }
      if (stopped_) break;
      for (const ApiEvent& event : events) broadcast(format_sse_event(event));
      next_poll = Clock::now() + options_.poll_interval;
    }
    const Clock::time_point now = Clock::now();
    if (now >= next_ping) {
      broadcast(std::string(kSsePing));
      next_ping = now + options_.ping_interval;
    }
    drop_stalled(now);
  }
}

void SseHub::stop() {
  stopped_ = true;
  timer_.cancel();
  auto subscribers = std::move(subscribers_);
  subscribers_.clear();
  count_ = 0;
  for (auto& subscriber : subscribers) subscriber->close();
}

std::shared_ptr<SseSubscriber> SseHub::subscribe() {
  auto subscriber = std::make_shared<SseSubscriber>(io_.get_executor());
  if (stopped_) {
    subscriber->closed = true;
    return subscriber;
  }
  subscribers_.push_back(subscriber);
  count_ = subscribers_.size();
  return subscriber;
}

void SseHub::unsubscribe(const std::shared_ptr<SseSubscriber>& subscriber) {
  subscribers_.remove(subscriber);
  count_ = subscribers_.size();
}

void SseHub::broadcast(std::string message) {
  const auto shared = std::make_shared<const std::string>(std::move(message));
  for (auto it = subscribers_.begin(); it != subscribers_.end();) {
    SseSubscriber& subscriber = **it;
    subscriber.queue.push_back(shared);
    subscriber.queued_bytes += shared->size();
    if (subscriber.queue.size() > options_.backlog_messages ||
        subscriber.queued_bytes > options_.backlog_bytes) {
      const auto dropped = *it;
      it = subscribers_.erase(it);
      dropped->close();
      continue;
    }
    subscriber.wakeup.cancel();
    ++it;
  }
  count_ = subscribers_.size();
}

void SseHub::drop_stalled(Clock::time_point now) {
  for (auto it = subscribers_.begin(); it != subscribers_.end();) {
    const auto& since = (*it)->writing_since;
    if (since && now - *since > options_.stalled_write) {
      const auto dropped = *it;
      it = subscribers_.erase(it);
      dropped->close();
      continue;
    }
    ++it;
  }
  count_ = subscribers_.size();
}

void SseHub::report(const std::string& problem) {
  if (options_.log == nullptr || problem == last_problem_) return;
  last_problem_ = problem;
  *options_.log << "evp ui: reading live updates failed: " << problem << "\n";
}

}  // namespace evp::server
