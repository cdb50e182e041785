// The server-sent events of /api/events: one hub per server polls the API every poll
// interval on the worker pool (never two polls at once), formats each event once as
// `event: NAME\ndata: JSON\n\n` and queues it to every subscriber, and sends `: ping\n\n`
// every ping interval. Each subscriber's queue is bounded: a client that falls too far
// behind (too many or too large queued messages, or one write pending for longer than the
// write timeout) is dropped. Everything here runs on the server's io_context thread.
#pragma once

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <list>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "server/api_types.h"
#include "server/rest_backend.h"

namespace evp::server {

// `event: NAME\ndata: COMPACT_JSON\n\n` (line breaks in the name are dropped; compact JSON
// has none).
std::string format_sse_event(const ApiEvent& event);
inline constexpr std::string_view kSsePing = ": ping\n\n";

// One open /api/events stream, as the hub sees it. The session that owns the connection
// writes what is queued and waits on `wakeup` when the queue is empty.
struct SseSubscriber {
  explicit SseSubscriber(const boost::asio::any_io_executor& executor);

  // Ends the stream: marks it closed, wakes the writer and aborts the connection.
  void close();

  std::deque<std::shared_ptr<const std::string>> queue;
  size_t queued_bytes = 0;
  boost::asio::steady_timer wakeup;  // never expires; cancelled to wake the writer
  bool closed = false;
  // Set while a write to the client is in flight.
  std::optional<std::chrono::steady_clock::time_point> writing_since;
  std::function<void()> abort;  // closes the connection (set by the session)
};

struct SseHubOptions {
  std::chrono::milliseconds poll_interval{500};
  std::chrono::milliseconds ping_interval{15'000};
  size_t backlog_messages = 1024;   // queued messages beyond which a subscriber is dropped
  size_t backlog_bytes = 4u << 20;  // queued bytes beyond which a subscriber is dropped
  std::chrono::milliseconds stalled_write{30'000};  // a write pending this long: dropped
  std::ostream* log = nullptr;  // poll failures are reported here (once per new message)
};

class SseHub {
 public:
  SseHub(boost::asio::io_context& io, boost::asio::thread_pool& pool, RestBackend& backend,
         SseHubOptions options);

  // The polling loop; ends after stop(). The first poll happens at once (the API's first
  // poll takes its baseline).
  boost::asio::awaitable<void> run();
  // Ends the loop and closes every subscriber.
  void stop();

  std::shared_ptr<SseSubscriber> subscribe();
  void unsubscribe(const std::shared_ptr<SseSubscriber>& subscriber);
  // Queues `message` (a formatted event or ping) to every subscriber.
  void broadcast(std::string message);
  size_t subscriber_count() const { return count_.load(); }

 private:
  void drop_stalled(std::chrono::steady_clock::time_point now);
  void report(const std::string& problem);

  boost::asio::io_context& io_;
  boost::asio::thread_pool& pool_;
  RestBackend& backend_;
  SseHubOptions options_;
  boost::asio::steady_timer timer_;
  std::list<std::shared_ptr<SseSubscriber>> subscribers_;
  std::atomic<size_t> count_{0};
  bool stopped_ = false;
  std::string last_problem_;
};

}  // namespace evp::server
