// TEST DOUBLE. The fake OpenAI-compatible server: Beast sessions as coroutines on one
// io_context thread.
#include "support/fake_openai/fake_openai_server.h"

#include <algorithm>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <chrono>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

namespace evp::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

asio::awaitable<void> sleep_for(double seconds) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  timer.expires_after(
      std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds)));
  co_await timer.async_wait(asio::use_awaitable);
}

void close_abruptly(beast::tcp_stream& stream) {
  boost::system::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  stream.socket().close(ec);
}

std::string path_of(const std::string& target) {
  return target.substr(0, target.find('?'));
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

struct FakeOpenAiServer::Impl {
  explicit Impl(FakeServerOptions o)
      : options(std::move(o)), io(std::make_unique<asio::io_context>(1)), start(Clock::now()) {
    acceptor.emplace(*io);
    const tcp::endpoint where(asio::ip::make_address("127.0.0.1"), options.port);
    acceptor->open(where.protocol());
    acceptor->set_option(asio::socket_base::reuse_address(true));
    acceptor->bind(where);
    acceptor->listen(asio::socket_base::max_listen_connections);
    port = acceptor->local_endpoint().port();
    asio::co_spawn(*io, accept_loop(), asio::detached);
    thread = std::thread([this] { io->run(); });
  }

  ~Impl() {
    asio::post(*io, [this] {
      boost::system::error_code ec;
      acceptor->close(ec);
      io->stop();
    });
    thread.join();
    acceptor.reset();
    io.reset();  // destroys the session frames while the members they touch still exist
  }

  asio::awaitable<void> accept_loop() {
    for (;;) {
      boost::system::error_code ec;
      tcp::socket socket =
          co_await acceptor->async_accept(asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        if (!acceptor->is_open()) co_return;
        continue;  // e.g. out of file descriptors for a moment
      }
      socket.set_option(tcp::no_delay(true), ec);
      ++connections;
      asio::co_spawn(*io, session(std::move(socket)), asio::detached);
    }
  }

  // Counts a request as active from the moment it is read until it is answered or dropped.
  struct ActiveRequest {
    explicit ActiveRequest(Impl& s) : server(s) {
      const int now = ++server.active;
      int seen = server.peak.load();
      while (now > seen && !server.peak.compare_exchange_weak(seen, now)) {
      }
    }
    ~ActiveRequest() { --server.active; }
    Impl& server;
  };

  asio::awaitable<void> session(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    try {
      for (;;) {
        http::request_parser<http::string_body> parser;
        parser.body_limit(64 * 1024 * 1024);
        co_await http::async_read_header(stream, buffer, parser, asio::use_awaitable);
        if (beast::iequals(parser.get()[http::field::expect], "100-continue")) {
          http::response<http::empty_body> go_on{http::status::continue_, parser.get().version()};
          co_await http::async_write(stream, go_on, asio::use_awaitable);
        }
        co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
        http::request<http::string_body> req = parser.release();
        ActiveRequest active_request(*this);
        FakeRequest fake = to_fake_request(req);
        FakeReply reply = choose(fake);
        if (reply.delay_s > 0) co_await sleep_for(reply.delay_s);
        if (reply.use_default) reply = default_reply(fake, options);
        if (reply.drop_connection) {
          close_abruptly(stream);
          co_return;
        }
        const bool keep_alive = req.keep_alive() && !reply.connection_close;
        if (!reply.sse_events.empty()) {
          if (!co_await write_events(stream, reply, req.version(), keep_alive)) co_return;
        } else {
          http::response<http::string_body> res;
          res.version(req.version());
          res.result(static_cast<unsigned>(reply.status));
          res.set(http::field::content_type, reply.content_type);
          for (const auto& [name, value] : reply.headers) res.set(name, value);
          res.body() = std::move(reply.body);
          res.keep_alive(keep_alive);
          res.prepare_payload();
          co_await http::async_write(stream, res, asio::use_awaitable);
        }
        if (!keep_alive || reply.close_after_reply) {
          close_abruptly(stream);
          co_return;
        }
      }
    } catch (const std::exception&) {
      // The client went away (or the server is stopping): nothing to answer.
    }
  }

  // False when the reply drops the connection part-way.
  asio::awaitable<bool> write_events(beast::tcp_stream& stream, const FakeReply& reply,
                                     unsigned version, bool keep_alive) {
    http::response<http::empty_body> res{http::status::ok, version};
    res.set(http::field::content_type, "text/event-stream");
    res.set(http::field::cache_control, "no-cache");
    for (const auto& [name, value] : reply.headers) res.set(name, value);
    res.keep_alive(keep_alive);
    res.chunked(true);
    http::response_serializer<http::empty_body> serializer{res};
    co_await http::async_write_header(stream, serializer, asio::use_awaitable);
    const size_t n = reply.sse_events.size();
    for (size_t i = 0; i <= n; ++i) {
      if (reply.drop_after_events >= 0 && i == static_cast<size_t>(reply.drop_after_events)) {
        close_abruptly(stream);
        co_return false;
      }
      if (i == n) break;
      if (i > 0 && reply.sse_gap_s > 0) co_await sleep_for(reply.sse_gap_s);
      const std::string event = "data: " + reply.sse_events[i] + "\n\n";
      co_await asio::async_write(stream, http::make_chunk(asio::buffer(event)),
                                 asio::use_awaitable);
    }
    co_await asio::async_write(stream, http::make_chunk_last(), asio::use_awaitable);
    co_return true;
  }

  FakeRequest to_fake_request(const http::request<http::string_body>& req) const {
    FakeRequest fake;
    fake.method = std::string(req.method_string());
    fake.target = std::string(req.target());
    for (const auto& field : req) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      fake.headers[name] = std::string(field.value());
    }
    fake.body = req.body();
    fake.json = Json::parse(fake.body, nullptr, /*allow_exceptions=*/false);
    if (fake.json.is_discarded()) fake.json = nullptr;
    fake.received_s = std::chrono::duration<double>(Clock::now() - start).count();
    return fake;
  }

  FakeReply choose(const FakeRequest& request) {
    const std::string path = path_of(request.target);
    const bool chat = request.method == "POST" && ends_with(path, "/chat/completions");
    std::function<FakeReply(const FakeRequest&)> custom;
    long chat_number = 0;
    {
      std::lock_guard<std::mutex> lock(mu);
      ++count;
      if (options.record_requests) recorded.push_back(request);
      if (chat) {
        chat_number = ++chat_count;
        if (!script.empty()) {
          FakeReply next = std::move(script.front());
          script.pop_front();
          return next;
        }
        custom = handler;
      }
    }
    if (!chat) {
      if (request.method == "GET" && ends_with(path, "/models")) {
        return FakeReply::json(Json{{"object", "list"},
                                    {"data", Json::array({{{"id", options.model},
                                                           {"object", "model"},
                                                           {"created", 1700000000},
                                                           {"owned_by", "evp-fake"}}})}});
      }
      return FakeReply::error(404, "fake server: no route for " + request.method + " " + path,
                              "not_found_error");
    }
    if (custom) return custom(request);
    if (options.fail_every > 0 && chat_number % options.fail_every == 0) {
      FakeReply r = FakeReply::error(500, "fake server: scheduled failure", "server_error");
      r.delay_s = options.latency_s;
      return r;
    }
    if (options.rate_limit_every > 0 && chat_number % options.rate_limit_every == 0) {
      FakeReply r = FakeReply::rate_limited("0");
      r.delay_s = options.latency_s;
      return r;
    }
    return default_reply(request, options);
  }

  FakeServerOptions options;
  std::unique_ptr<asio::io_context> io;
  std::optional<tcp::acceptor> acceptor;
  std::thread thread;
  unsigned short port = 0;
  Clock::time_point start;

  mutable std::mutex mu;
  std::deque<FakeReply> script;
  std::function<FakeReply(const FakeRequest&)> handler;
  std::vector<FakeRequest> recorded;
  size_t count = 0;
  long chat_count = 0;
  std::atomic<int> active{0};
  std::atomic<int> peak{0};
  std::atomic<size_t> connections{0};
};

FakeOpenAiServer::FakeOpenAiServer(FakeServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

FakeOpenAiServer::~FakeOpenAiServer() = default;

unsigned short FakeOpenAiServer::port() const {
  return impl_->port;
}

std::string FakeOpenAiServer::base_url() const {
  return "http://127.0.0.1:" + std::to_string(impl_->port) + "/v1";
}

void FakeOpenAiServer::push(FakeReply reply) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->script.push_back(std::move(reply));
}

void FakeOpenAiServer::push(const std::vector<FakeReply>& replies) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->script.insert(impl_->script.end(), replies.begin(), replies.end());
}

size_t FakeOpenAiServer::pending_replies() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->script.size();
}

void FakeOpenAiServer::set_handler(std::function<FakeReply(const FakeRequest&)> handler) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->handler = std::move(handler);
}

std::vector<FakeRequest> FakeOpenAiServer::requests() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->recorded;
}

size_t FakeOpenAiServer::request_count() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->count;
}

int FakeOpenAiServer::peak_concurrency() const {
  return impl_->peak.load();
}

int FakeOpenAiServer::active_requests() const {
  return impl_->active.load();
}

size_t FakeOpenAiServer::connection_count() const {
  return impl_->connections.load();
}

void FakeOpenAiServer::reset_stats() {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->recorded.clear();
  impl_->count = 0;
  impl_->peak.store(impl_->active.load());
  impl_->connections.store(0);
}

}  // namespace evp::test
