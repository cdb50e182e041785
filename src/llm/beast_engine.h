// BeastEngine (internal to HttpClient): plain HTTP/1.1 for http:// URLs on Boost.Beast's
// parser and Asio sockets of the caller's io_context, with none of libcurl's per-request
// bookkeeping (local inference servers answer thousands of requests per second, and the
// loop thread's CPU is the limit). https:// stays with CurlEngine.
// - Connections are kept alive in a LIFO pool per host:port, with no cap (callers limit
//   concurrency); resolved addresses are cached per host:port.
// - A request that fails on a reused connection before any response byte (the server
//   closed it while idle) is sent again, once, on a fresh connection.
// - Responses are filled as CurlEngine fills them (lowercase header names, repeats joined
//   with ", "; bodies, chunked or not, reach on_data as they arrive); error texts are
//   curl-like and name the host:port.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/intrusive/list.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "llm/http_client.h"

namespace evp::llm::detail {

// One TCP connection, lent to one exchange at a time, idle in its origin's pool in between.
struct BeastConnection {
  explicit BeastConnection(boost::asio::io_context& io) : socket(io) {}
  // Pending operations end with operation_aborted.
  void close();

  boost::asio::ip::tcp::socket socket;
  boost::beast::flat_buffer input;  // bytes read and not parsed yet
  std::string head;                 // the request head being sent; its capacity is reused
};

// A host:port as written in URLs: its addresses and its idle connections.
struct BeastOrigin {
  std::string authority;  // "host:port" as in the URL (the key, and the Host header)
  std::string host;       // without an IPv6 literal's brackets
  std::string port;       // "80" when the URL names none
  bool numeric = false;   // an IP literal: `endpoints` is fixed
  std::vector<boost::asio::ip::tcp::endpoint> endpoints;  // empty until resolved
  std::vector<std::shared_ptr<BeastConnection>> idle;     // the last one in is reused first
};

// One request in flight. Lives in the frame of the coroutine that performs it.
struct BeastExchange
    : boost::intrusive::list_base_hook<boost::intrusive::link_mode<boost::intrusive::auto_unlink>> {
  HttpRequest request;
  HttpResponse response;
  std::string_view target;  // path and query, inside request.url
  bool sends_body = true;   // all but GET send Content-Length and the body
  BeastOrigin* origin = nullptr;
  std::chrono::steady_clock::time_point start;
  std::chrono::steady_clock::time_point deadline;      // time_point::max(): none
  std::shared_ptr<BeastConnection> connection;         // the one borrowed, if any
  boost::asio::ip::tcp::resolver* resolver = nullptr;  // while resolving the origin
  std::string error;           // why the exchange failed, when no flag below says it
  std::string callback_error;  // an exception thrown by request.on_data
  bool cancelled = false;      // the engine was shut down
  bool timed_out = false;      // the deadline passed
};

// Exchanges in flight are listed by deadline, so one timer, armed for the earliest, serves
// them all (a request costs no timer operation of its own).
class BeastEngine : public std::enable_shared_from_this<BeastEngine> {
 public:
  explicit BeastEngine(boost::asio::io_context& io);
  ~BeastEngine();
  BeastEngine(const BeastEngine&) = delete;
  BeastEngine& operator=(const BeastEngine&) = delete;

  // The request coroutine; holds `self` so the engine outlives every request frame.
  static boost::asio::awaitable<HttpResponse> perform(std::shared_ptr<BeastEngine> self,
                                                      HttpRequest request);
  // Ends every exchange with a cancelled response and closes every connection; later
  // requests are answered `cancelled` at once. Idempotent.
  void shutdown();
  size_t in_flight() const { return in_flight_; }
  // Whether `url` is one this engine can send: http://host[:port]/path, no user info.
  static bool serves(std::string_view url);
  // Kept-alive connections waiting in the pools (for tests).
  size_t idle_connections() const;

 private:
  enum class RoundTrip { kKeepAlive, kClose, kFailed, kNoReply };

  struct AuthorityHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  static HttpResponse finish(BeastExchange& x);
  boost::asio::awaitable<void> run(BeastExchange& x);
  boost::asio::awaitable<bool> connect(BeastExchange& x, BeastConnection& c);
  boost::asio::awaitable<bool> resolve(BeastExchange& x);
  boost::asio::awaitable<RoundTrip> round_trip(BeastExchange& x, BeastConnection& c);
  BeastOrigin* origin_for(std::string_view authority, std::string_view host, std::string_view port);
  void give_back(BeastExchange& x, bool reusable);
  void begin(BeastExchange& x);
  void end(BeastExchange& x);
  void arm_timer();
  void expire();

  boost::asio::io_context& io_;
  bool closed_ = false;
  size_t in_flight_ = 0;
  // In deadline order; exchanges without one at the back.
  boost::intrusive::list<BeastExchange, boost::intrusive::constant_time_size<false>> active_;
  std::unordered_map<std::string, std::unique_ptr<BeastOrigin>, AuthorityHash, std::equal_to<>>
      origins_;
  // Fires at the earliest deadline in `active_` (or earlier: it then re-arms); cancelled
  // when no exchange has a deadline, so an idle engine leaves io_context::run() free to end.
  boost::asio::steady_timer timer_;
  std::chrono::steady_clock::time_point timer_expiry_;
  bool timer_armed_ = false;
  uint64_t timer_generation_ = 0;
};

}  // namespace evp::llm::detail
