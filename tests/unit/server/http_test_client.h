// Test helper: a small blocking HTTP/1.1 client over Beast for the server tests. Every
// operation has a deadline (a broken server fails the test instead of hanging it). Also
// reads raw bytes, for event streams and for checking that the server closed a connection.
#pragma once

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace evp::server::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

using Response = http::response<http::string_body>;
using Headers = std::vector<std::pair<std::string, std::string>>;

// How many times a header occurs in a response.
inline size_t header_count(const Response& response, std::string_view name) {
  const auto range = response.equal_range(beast::string_view(name.data(), name.size()));
  return static_cast<size_t>(std::distance(range.first, range.second));
}

inline std::string header(const Response& response, std::string_view name) {
  const auto it = response.find(beast::string_view(name.data(), name.size()));
  return it == response.end() ? std::string() : std::string(it->value());
}

class TestConnection {
 public:
  explicit TestConnection(unsigned short port, std::optional<int> receive_buffer = std::nullopt)
      : stream_(io_) {
    asio::ip::tcp::socket& socket = stream_.socket();
    socket.open(asio::ip::tcp::v4());
    if (receive_buffer) socket.set_option(asio::socket_base::receive_buffer_size(*receive_buffer));
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
    host_ = "127.0.0.1:" + std::to_string(port);
  }

  const std::string& host() const { return host_; }

  // Sends a request (Host set unless `headers` has one; Content-Length from the body) and
  // reads the answer.
  Response request(http::verb method, const std::string& target, const Headers& headers = {},
                   const std::string& body = "") {
    send(method, target, headers, body);
    return read_response(method == http::verb::head);
  }
  Response get(const std::string& target, const Headers& headers = {}) {
    return request(http::verb::get, target, headers);
  }

  void send(http::verb method, const std::string& target, const Headers& headers,
            const std::string& body) {
    http::request<http::string_body> message(method, target, 11);
    bool has_host = false;
    for (const auto& [name, value] : headers) {
      message.insert(name, value);
      has_host = has_host || beast::iequals(name, "host");
    }
    if (!has_host) message.set(http::field::host, host_);
    message.body() = body;
    if (method != http::verb::get && method != http::verb::head) message.prepare_payload();
    run([&](auto done) { http::async_write(stream_, message, done); });
  }

  void send_raw(const std::string& bytes) {
    run([&](auto done) { asio::async_write(stream_, asio::buffer(bytes), done); });
  }

  Response read_response(bool head_only = false) {
    http::response_parser<http::string_body> parser;
    parser.body_limit(boost::none);
    parser.skip(head_only);
    run([&](auto done) { http::async_read(stream_, buffer_, parser, done); });
    return parser.release();
  }

  // Reads the head of a streaming answer (no length: the body runs until close); what
  // arrives after it is collected by read_until().
  Response read_stream_head() {
    http::response_parser<http::empty_body> parser;
    run([&](auto done) { http::async_read_header(stream_, buffer_, parser, done); });
    http::response_header<> head = parser.get().base();
    Response response(std::move(head));
    const auto data = buffer_.data();
    text_.append(static_cast<const char*>(data.data()), data.size());
    buffer_.consume(buffer_.size());
    return response;
  }

  // Reads raw bytes until the text read since the stream head contains `needle` after
  // `from`; returns where it starts, or nullopt on timeout or end of stream.
  std::optional<size_t> read_until(std::string_view needle, size_t from = 0,
                                   std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      const size_t at = text_.find(needle, from);
      if (at != std::string::npos) return at;
      const auto left = deadline - std::chrono::steady_clock::now();
      if (left <= std::chrono::steady_clock::duration::zero()) return std::nullopt;
      if (!read_some(std::chrono::duration_cast<std::chrono::milliseconds>(left))) {
        const size_t last = text_.find(needle, from);
        return last == std::string::npos ? std::nullopt : std::optional<size_t>(last);
      }
    }
  }
  const std::string& text() const { return text_; }

  // True when the server closes the connection within `timeout` (bytes that arrive are
  // appended to text()).
  bool closed_by_server(std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (!read_some(left)) return !timed_out_;
    }
    return false;
  }

  void close() {
    boost::system::error_code ignored;
    stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }

 private:
  // Appends what arrives within `timeout`; false at end of stream, on an error or timeout.
  bool read_some(std::chrono::milliseconds timeout) {
    std::array<char, 8192> chunk{};
    size_t got = 0;
    boost::system::error_code error;
    stream_.expires_after(timeout);
    stream_.async_read_some(asio::buffer(chunk), [&](boost::system::error_code ec, size_t n) {
      error = ec;
      got = n;
    });
    io_.restart();
    io_.run();
    text_.append(chunk.data(), got);
    timed_out_ = error == beast::error::timeout;
    return !error;
  }

  // Starts one async operation with a completion handler and runs it to completion within
  // 10 s; throws on error.
  template <typename Start>
  void run(Start start) {
    boost::system::error_code error;
    bool finished = false;
    stream_.expires_after(std::chrono::seconds(10));
    start([&](boost::system::error_code ec, size_t) {
      error = ec;
      finished = true;
    });
    io_.restart();
    io_.run();
    if (!finished) throw std::runtime_error("test client: operation did not finish");
    if (error) throw std::runtime_error("test client: " + error.message());
  }

  asio::io_context io_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::string host_;
  std::string text_;
  bool timed_out_ = false;
};

}  // namespace evp::server::test
