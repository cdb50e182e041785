// Test double for the REST API behind the transport: records every request it is handed,
// answers with a scripted function, and hands out scripted events from poll_events().
// Writes are every POST, as in the real API.
#pragma once

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "server/rest_backend.h"

namespace evp::server::test {

class ScriptedBackend : public RestBackend {
 public:
  ApiResponse handle(const ApiRequest& request) override {
    std::function<ApiResponse(const ApiRequest&)> reply;
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(request);
      reply = reply_;
    }
    if (reply) return reply(request);
    ApiResponse response;
    response.body = {{"ok", true}};
    return response;
  }
  bool is_write(const ApiRequest& request) const override { return request.method == "POST"; }
  std::vector<ApiEvent> poll_events() override {
    const int now_polling = ++polling_;
    if (now_polling > max_polling_) max_polling_ = now_polling;
    ++polls_;
    if (const auto delay = poll_delay_.load(); delay.count() > 0)
      std::this_thread::sleep_for(delay);
    std::vector<ApiEvent> out;
    {
      std::lock_guard lock(mutex_);
      if (repeat_event_) out.push_back(*repeat_event_);
      out.insert(out.end(), events_.begin(), events_.end());
      events_.clear();
    }
    --polling_;
    return out;
  }

  void reply_with(std::function<ApiResponse(const ApiRequest&)> reply) {
    std::lock_guard lock(mutex_);
    reply_ = std::move(reply);
  }
  // Handed out by the next poll.
  void push_event(ApiEvent event) {
    std::lock_guard lock(mutex_);
    events_.push_back(std::move(event));
  }
  // Handed out by every poll from now on.
  void repeat_event(ApiEvent event) {
    std::lock_guard lock(mutex_);
    repeat_event_ = std::move(event);
  }
  void set_poll_delay(std::chrono::milliseconds delay) { poll_delay_ = delay; }

  std::vector<ApiRequest> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  int polls() const { return polls_.load(); }
  int max_concurrent_polls() const { return max_polling_.load(); }

 private:
  mutable std::mutex mutex_;
  std::vector<ApiRequest> requests_;
  std::function<ApiResponse(const ApiRequest&)> reply_;
  std::vector<ApiEvent> events_;
  std::optional<ApiEvent> repeat_event_;
  std::atomic<std::chrono::milliseconds> poll_delay_{std::chrono::milliseconds(0)};
  std::atomic<int> polls_{0};
  std::atomic<int> polling_{0};
  std::atomic<int> max_polling_{0};
};

}  // namespace evp::server::test
