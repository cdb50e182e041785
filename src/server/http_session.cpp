// The connection coroutine (see http_session.h).
#include "server/http_session.h"

#include <array>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/span.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/span_body.hpp>
#include <boost/beast/http/write.hpp>
#include <exception>
#include <vector>

#include "server/security_headers.h"
#include "server/server_state.h"

namespace evp::server::detail {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using Clock = std::chrono::steady_clock;
using Stream = beast::tcp_stream;

constexpr size_t kHeaderLimit = size_t{16} * 1024;

// Registers a connection for ServerState::close_all while its coroutine runs.
class ConnectionEntry {
 public:
  ConnectionEntry(ServerState& state, Stream* stream) : state_(state), stream_(stream) {
    state_.connections.insert(stream_);
    state_.connection_count = state_.connections.size();
  }
  ~ConnectionEntry() {
    state_.connections.erase(stream_);
    state_.connection_count = state_.connections.size();
  }
  ConnectionEntry(const ConnectionEntry&) = delete;
  ConnectionEntry& operator=(const ConnectionEntry&) = delete;

 private:
  ServerState& state_;
  Stream* stream_;
};

bool has_body(unsigned status) {
  return status >= 200 && status != 204 && status != 304;
}

// Writes `answer` with the security headers; for HEAD the body is left out (its length kept).
asio::awaitable<void> write_answer(ServerState& state, Stream& stream, HttpAnswer& answer,
                                   unsigned version, bool head_only, bool keep_alive,
                                   boost::system::error_code& ec) {
  const std::string_view body = answer.body();
  http::response<http::span_body<const char>> message(std::move(answer.head));
  message.version(version);
  apply_security_headers(message.base());
  message.keep_alive(keep_alive);
  if (has_body(message.result_int())) {
    message.content_length(body.size());
    if (!head_only) message.body() = beast::span<const char>(body.data(), body.size());
  }
  stream.expires_after(state.options.write_timeout);
  co_await http::async_write(stream, message, asio::redirect_error(asio::use_awaitable, ec));
}

// Writes a JSON error on a connection that is then closed (the request was not read whole).
asio::awaitable<void> refuse(ServerState& state, Stream& stream, unsigned status,
                             std::string_view message) {
  HttpAnswer answer = json_error(status, message);
  boost::system::error_code ec;
  co_await write_answer(state, stream, answer, 11, false, false, ec);
}

// Half-closes, then reads (and drops) what the client still sends for a moment, so that
// closing with unread bytes does not reset the connection before the client read the answer.
asio::awaitable<void> close_gracefully(Stream& stream, bool drain) {
  boost::system::error_code ec;
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
  if (drain && !ec) {
    std::array<char, 4096> scratch{};
    size_t drained = 0;
    stream.expires_after(std::chrono::seconds(2));
    while (!ec && drained < (1u << 20)) {
      drained += co_await stream.async_read_some(asio::buffer(scratch),
                                                 asio::redirect_error(asio::use_awaitable, ec));
    }
  }
  stream.close();
}

// Reads from an event stream's connection until the client goes away, then closes the
// subscriber (the client sends nothing; this only notices the disconnect).
asio::awaitable<void> watch_for_disconnect(std::shared_ptr<Stream> stream,
                                           std::shared_ptr<SseSubscriber> subscriber) {
  std::array<char, 512> scratch{};
  boost::system::error_code ec;
  while (!ec) {
    co_await stream->async_read_some(asio::buffer(scratch),
                                     asio::redirect_error(asio::use_awaitable, ec));
  }
  subscriber->close();
}

// GET /api/events: writes the head, then whatever the hub queues, until the client leaves,
// the hub drops it or the server stops.
asio::awaitable<void> stream_events(ServerState& state, const std::shared_ptr<Stream>& stream,
                                    HttpAnswer& answer, unsigned version) {
  const auto subscriber = state.hub.subscribe();
  subscriber->abort = [weak = std::weak_ptr<Stream>(stream)] {
    if (const auto alive = weak.lock()) {
      boost::system::error_code ignored;
      alive->socket().close(ignored);
    }
  };
  http::response<http::empty_body> head(std::move(answer.head));
  head.version(version);
  apply_security_headers(head.base());
  head.keep_alive(false);  // the body runs until the connection closes
  http::response_serializer<http::empty_body> serializer(head);
  boost::system::error_code ec;
  stream->expires_after(state.options.write_timeout);
  co_await http::async_write_header(*stream, serializer,
                                    asio::redirect_error(asio::use_awaitable, ec));
  stream->expires_never();
  if (!ec && !subscriber->closed) {
    asio::co_spawn(stream->get_executor(), watch_for_disconnect(stream, subscriber),
                   asio::detached);
  }
  std::vector<asio::const_buffer> buffers;
  while (!ec && !subscriber->closed) {
    if (subscriber->queue.empty()) {
      boost::system::error_code ignored;
      co_await subscriber->wakeup.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
      continue;
    }
    const auto batch = std::move(subscriber->queue);
    subscriber->queue.clear();
    subscriber->queued_bytes = 0;
    buffers.clear();
    for (const auto& message : batch) buffers.push_back(asio::buffer(*message));
    subscriber->writing_since = Clock::now();
    co_await asio::async_write(stream->socket(), buffers,
                               asio::redirect_error(asio::use_awaitable, ec));
    subscriber->writing_since.reset();
  }
  state.hub.unsubscribe(subscriber);
  subscriber->close();
}

asio::awaitable<void> serve_requests(ServerState& state, const std::shared_ptr<Stream>& stream) {
  const std::string too_large = "the request body is over the limit of " +
                                std::to_string(state.options.body_limit) + " bytes";
  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(kHeaderLimit);
    parser.body_limit(state.options.body_limit);
    boost::system::error_code ec;
    stream->expires_after(state.options.read_timeout);
    co_await http::async_read_header(*stream, buffer, parser,
                                     asio::redirect_error(asio::use_awaitable, ec));
    if (ec == http::error::body_limit) {
      co_await refuse(state, *stream, 413, too_large);
      co_await close_gracefully(*stream, true);
      co_return;
    }
    if (ec == http::error::header_limit) {
      co_await refuse(state, *stream, 431, "the request head is too large");
      co_await close_gracefully(*stream, true);
      co_return;
    }
    if (ec) {
      // A malformed request gets a 400; a closed, timed-out or aborted one nothing.
      if (ec.category() == http::make_error_code(http::error::bad_method).category() &&
          ec != http::error::end_of_stream && ec != http::error::partial_message) {
        const std::string malformed = "malformed request: " + ec.message();
        co_await refuse(state, *stream, 400, malformed);
        co_await close_gracefully(*stream, true);
      }
      co_return;
    }
    const auto expect = parser.get()[http::field::expect];
    if (beast::iequals(expect, "100-continue") && !parser.is_done()) {
      http::response<http::empty_body> proceed(http::status::continue_, parser.get().version());
      co_await http::async_write(*stream, proceed, asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return;
    }
    co_await http::async_read(*stream, buffer, parser,
                              asio::redirect_error(asio::use_awaitable, ec));
    if (ec == http::error::body_limit) {
      co_await refuse(state, *stream, 413, too_large);
      co_await close_gracefully(*stream, true);
      co_return;
    }
    if (ec) co_return;

    HttpRequest request = parser.release();
    const unsigned version = request.version();
    const bool head_only = request.method() == http::verb::head;
    const bool wants_keep_alive = request.keep_alive();
    HttpAnswer answer = co_await state.router.answer(request);
    if (state.stopped) co_return;
    if (answer.event_stream) {
      co_await stream_events(state, stream, answer, version);
      co_return;
    }
    const bool keep_alive = wants_keep_alive && !answer.close;
    co_await write_answer(state, *stream, answer, version, head_only, keep_alive, ec);
    if (ec) co_return;
    if (!keep_alive) {
      co_await close_gracefully(*stream, false);
      co_return;
    }
  }
}

}  // namespace

asio::awaitable<void> serve_connection(std::shared_ptr<ServerState> state,
                                       asio::ip::tcp::socket socket) {
  const auto stream = std::make_shared<Stream>(std::move(socket));
  ConnectionEntry entry(*state, stream.get());
  if (state->stopped) co_return;
  try {
    co_await serve_requests(*state, stream);
  } catch (const std::exception& e) {
    if (state->options.log != nullptr) {
      *state->options.log << "evp ui: a connection failed: " << e.what() << "\n";
    }
  }
  boost::system::error_code ignored;
  stream->socket().close(ignored);
}

}  // namespace evp::server::detail
