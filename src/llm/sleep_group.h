// SleepGroup: timed waits on the event loop that one call can cut short, so a client
// being shut down does not leave coroutines asleep in backoff or rate-limit waits.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/intrusive/list.hpp>

namespace evp::llm {

class SleepGroup {
 public:
  explicit SleepGroup(boost::asio::any_io_executor executor) : executor_(std::move(executor)) {}
  ~SleepGroup() { cancel_all(); }
  SleepGroup(const SleepGroup&) = delete;
  SleepGroup& operator=(const SleepGroup&) = delete;

  // True after sleeping `seconds`; false if cancel_all() woke it (or had been called).
  boost::asio::awaitable<bool> sleep(double seconds);
  void cancel_all();

 private:
  using AutoUnlink = boost::intrusive::link_mode<boost::intrusive::auto_unlink>;
  struct Sleeper : boost::intrusive::list_base_hook<AutoUnlink> {
    explicit Sleeper(const boost::asio::any_io_executor& ex) : timer(ex) {}
    boost::asio::steady_timer timer;
  };

  boost::asio::any_io_executor executor_;
  bool cancelled_ = false;
  boost::intrusive::list<Sleeper, boost::intrusive::constant_time_size<false>> sleepers_;
};

}  // namespace evp::llm
