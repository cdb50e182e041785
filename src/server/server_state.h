// What an HttpServer shares with its coroutines (the accept loop, every connection, the
// event hub). Coroutines hold it by shared_ptr, so it outlives the last of them. Apart from
// the atomic counters, it is touched only on the io_context's thread.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <unordered_set>

#include "server/http_server.h"
#include "server/request_router.h"
#include "server/sse_hub.h"
#include "server/write_token.h"

namespace evp::server::detail {

struct ServerState {
  // Resolves options.host (throws std::runtime_error when it cannot).
  ServerState(boost::asio::io_context& io, RestBackend& backend, ServerOptions options);

  // Closes the acceptor, every connection and every event stream, and stops polling.
  void close_all();

  boost::asio::io_context& io;
  const ServerOptions options;
  const StaticAssets& assets;
  const WriteToken token;
  boost::asio::thread_pool pool;
  boost::asio::ip::tcp::acceptor acceptor;
  boost::asio::ip::tcp::endpoint endpoint;  // options.host resolved; the real port once bound
  SseHub hub;
  RequestRouter router;
  std::unordered_set<boost::beast::tcp_stream*> connections;
  std::atomic<size_t> connection_count{0};
  bool stopped = false;
};

}  // namespace evp::server::detail
