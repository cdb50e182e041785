// The HTTP transport of `evp ui`: a Boost.Beast HTTP/1.1 server on the caller's io_context
// (run by one thread) that serves the embedded web app, the REST API under /api/ and live
// events at /api/events. API calls run on a small worker pool (they may block on SQLite);
// each connection's coroutine awaits its answer and writes it, so the event loop never
// blocks on the store. Live events: sse_hub.h; connections: http_session.h.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>
#include <ostream>
#include <string>

#include "server/rest_backend.h"
#include "server/static_assets.h"

namespace evp::server {

class Api;

struct ServerOptions {
  std::string host = "127.0.0.1";         // an IP literal or a name
  unsigned short port = 8000;             // 0: any free port (see HttpServer::port())
  std::string token;                      // the write token; must not be empty
  size_t body_limit = size_t{64} * 1024;  // larger request bodies are refused with 413
  // A request's head and body must arrive within this, and an idle kept-alive connection is
  // closed after it.
  std::chrono::milliseconds read_timeout{30'000};
  std::chrono::milliseconds write_timeout{30'000};
  std::chrono::milliseconds poll_interval{500};     // Api::poll_events
  std::chrono::milliseconds ping_interval{15'000};  // ": ping" on event streams
  size_t event_backlog_messages = 1024;             // an event stream further behind is dropped
  size_t event_backlog_bytes = 4u << 20;
  unsigned worker_threads = 3;           // the pool that runs API calls and polls
  const StaticAssets* assets = nullptr;  // nullptr: the web app embedded in the binary
  std::ostream* log = nullptr;           // problems worth telling the operator
};

namespace detail {
struct ServerState;
}

class HttpServer {
 public:
  HttpServer(boost::asio::io_context& io, RestBackend& backend, ServerOptions options);
  // Serves the real API (defined in http_server_api.cpp).
  HttpServer(boost::asio::io_context& io, Api& api, ServerOptions options);
  // Destroy only after stop() and after the io_context has run out of work (io.run()
  // returned): joins the worker pool.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens, then starts accepting and polling (once the io_context runs). Throws
  // std::runtime_error "cannot listen on HOST:PORT: REASON".
  void listen();
  // The port listened on (the real one when options.port was 0).
  unsigned short port() const;
  // "http://HOST:PORT" with the real port.
  std::string url() const;

  // Thread-safe. Stops accepting, ends the event loop's work (connections closed, event
  // streams ended, polling stopped); io.run() then returns once in-flight API calls finish.
  void stop();

  // For tests and diagnostics (thread-safe).
  size_t open_connections() const;
  size_t event_subscribers() const;

 private:
  HttpServer(boost::asio::io_context& io, std::unique_ptr<RestBackend> backend,
             ServerOptions options);

  std::unique_ptr<RestBackend> owned_backend_;
  std::shared_ptr<detail::ServerState> state_;
};

}  // namespace evp::server
