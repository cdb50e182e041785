// CurlEngine (internal to HttpClient): one libcurl multi handle driven by an Asio
// io_context. curl tells us which sockets to watch (CURLMOPT_SOCKETFUNCTION) and when to
// wake it (CURLMOPT_TIMERFUNCTION); the loop waits on those and calls
// curl_multi_socket_action. Easy handles are pooled; connections live in the multi's cache.
#pragma once

#include <curl/curl.h>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/intrusive/list.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "llm/http_client.h"

namespace evp::llm::detail {

struct SocketWatch;

// The completion handler of a suspended send(), type-erased; posting it resumes the caller.
class PendingCompletion {
 public:
  virtual ~PendingCompletion() = default;
  virtual void post() = 0;
};

// One request in flight. Lives in the frame of the coroutine that awaits it.
struct Transfer : boost::intrusive::list_base_hook<> {
  ~Transfer();
  HttpRequest request;
  HttpResponse response;
  CURL* easy = nullptr;
  curl_slist* header_list = nullptr;
  std::chrono::steady_clock::time_point start;
  std::unique_ptr<PendingCompletion> completion;
  std::string callback_error;  // an exception thrown by request.on_data
  char error_buffer[CURL_ERROR_SIZE] = {};
};

class CurlEngine : public std::enable_shared_from_this<CurlEngine> {
 public:
  explicit CurlEngine(boost::asio::io_context& io);
  ~CurlEngine();
  CurlEngine(const CurlEngine&) = delete;
  CurlEngine& operator=(const CurlEngine&) = delete;

  // The request coroutine; holds `self` so the engine outlives every request frame.
  static boost::asio::awaitable<HttpResponse> perform(std::shared_ptr<CurlEngine> self,
                                                      HttpRequest request);
  // Ends every transfer with a cancelled response and releases curl; later requests are
  // answered `cancelled` at once. Idempotent.
  void shutdown();
  size_t in_flight() const { return in_flight_; }

 private:
  static int on_socket(CURL* easy, curl_socket_t fd, int what, void* engine, void* watch);
  static int on_timer(CURLM* multi, long timeout_ms, void* engine);
  static curl_socket_t on_open_socket(void* engine, curlsocktype purpose, curl_sockaddr* address);
  static int on_close_socket(void* engine, curl_socket_t fd);
  static void socket_ready(const std::shared_ptr<SocketWatch>& w, int direction,
                           const boost::system::error_code& ec);

  bool start(Transfer& t);
  void configure(Transfer& t);
  void finish(Transfer& t, CURLcode code);
  void socket_action(curl_socket_t fd, int mask);
  void drain_completed();
  void watch(const std::shared_ptr<SocketWatch>& w);
  void forget_socket(curl_socket_t fd, const SocketWatch* expected);
  bool is_connection(curl_socket_t fd) const {
    return fd >= 0 && static_cast<size_t>(fd) < connection_fds_.size() &&
           connection_fds_[static_cast<size_t>(fd)] != 0;
  }
  void set_timeout(long timeout_ms);
  void arm_timer(std::chrono::steady_clock::time_point at);
  void kick();
  CURL* take_easy();
  void give_back_easy(CURL* easy);

  boost::asio::io_context& io_;
  CURLM* multi_ = nullptr;
  bool closed_ = false;
  size_t in_flight_ = 0;
  boost::intrusive::list<Transfer> active_;
  std::unordered_map<curl_socket_t, std::shared_ptr<SocketWatch>> sockets_;
  // Sockets curl opened through on_open_socket, so their closing goes through
  // on_close_socket: their watches outlive CURL_POLL_REMOVE (a kept-alive connection
  // between requests) and are reused without re-registering with epoll.
  std::vector<char> connection_fds_;
  std::vector<CURL*> idle_easy_;
  // curl's single timeout: `deadline_` is when curl wants to be woken; the timer may be
  // armed earlier (it then re-arms), never later.
  boost::asio::steady_timer timer_;
  std::optional<std::chrono::steady_clock::time_point> deadline_;
  std::chrono::steady_clock::time_point timer_expiry_;
  bool timer_armed_ = false;
  uint64_t timer_generation_ = 0;
  bool kick_posted_ = false;
};

}  // namespace evp::llm::detail
