// HttpServer: the acceptor, the accept loop and shutdown (see http_server.h); connections are
// served by http_session.cpp, events by sse_hub.cpp.
#include "server/http_server.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <stdexcept>

#include "server/http_session.h"
#include "server/listen_address.h"
#include "server/server_state.h"

namespace evp::server {

namespace asio = boost::asio;

namespace detail {
namespace {

SseHubOptions hub_options(const ServerOptions& options) {
  SseHubOptions hub;
  hub.poll_interval = options.poll_interval;
  hub.ping_interval = options.ping_interval;
  hub.backlog_messages = options.event_backlog_messages;
  hub.backlog_bytes = options.event_backlog_bytes;
  hub.stalled_write = options.write_timeout;
  hub.log = options.log;
  return hub;
}

asio::awaitable<void> accept_loop(std::shared_ptr<ServerState> state) {
  for (;;) {
    boost::system::error_code ec;
    asio::ip::tcp::socket socket =
        co_await state->acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (state->stopped || ec == asio::error::operation_aborted) co_return;
    if (ec) {
      // Out of file descriptors or a connection reset before it was accepted: try again soon.
      asio::steady_timer pause(state->io, std::chrono::milliseconds(100));
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    socket.set_option(asio::ip::tcp::no_delay(true), ec);
    asio::co_spawn(state->io, serve_connection(state, std::move(socket)), asio::detached);
  }
}

asio::awaitable<void> poll_loop(std::shared_ptr<ServerState> state) {
  co_await state->hub.run();
}

}  // namespace

ServerState::ServerState(asio::io_context& context, RestBackend& backend,
                         ServerOptions server_options)
    : io(context),
      options(std::move(server_options)),
      assets(options.assets != nullptr ? *options.assets : StaticAssets::embedded()),
      token(options.token),
      pool(options.worker_threads == 0 ? 1 : options.worker_threads),
      acceptor(context),
      endpoint(resolve_listen_address(options.host), options.port),
      hub(context, pool, backend, hub_options(options)),
      router(RestRoute(backend, pool, token), assets, endpoint.address().is_loopback()) {}

void ServerState::close_all() {
  stopped = true;
  boost::system::error_code ignored;
  acceptor.close(ignored);
  hub.stop();
  for (boost::beast::tcp_stream* stream : connections) stream->socket().close(ignored);
}

}  // namespace detail

HttpServer::HttpServer(asio::io_context& io, RestBackend& backend, ServerOptions options)
    : state_(std::make_shared<detail::ServerState>(io, backend, std::move(options))) {}

HttpServer::HttpServer(asio::io_context& io, std::unique_ptr<RestBackend> backend,
                       ServerOptions options)
    : owned_backend_(std::move(backend)),
      state_(std::make_shared<detail::ServerState>(io, *owned_backend_, std::move(options))) {}

HttpServer::~HttpServer() {
  state_->pool.join();
}

void HttpServer::listen() {
  detail::ServerState& state = *state_;
  const std::string where = host_and_port(state.options.host, state.options.port);
  boost::system::error_code ec;
  state.acceptor.open(state.endpoint.protocol(), ec);
  if (!ec) state.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) state.acceptor.bind(state.endpoint, ec);
  if (!ec) state.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    boost::system::error_code ignored;
    state.acceptor.close(ignored);
    throw std::runtime_error("cannot listen on " + where + ": " + ec.message());
  }
  state.endpoint = state.acceptor.local_endpoint();
  asio::co_spawn(state.io, detail::accept_loop(state_), asio::detached);
  asio::co_spawn(state.io, detail::poll_loop(state_), asio::detached);
}

unsigned short HttpServer::port() const {
  return state_->endpoint.port();
}

std::string HttpServer::url() const {
  return "http://" + host_and_port(state_->options.host, port());
}

void HttpServer::stop() {
  asio::post(state_->io, [state = state_] { state->close_all(); });
}

size_t HttpServer::open_connections() const {
  return state_->connection_count.load();
}

size_t HttpServer::event_subscribers() const {
  return state_->hub.subscriber_count();
}

}  // namespace evp::server
