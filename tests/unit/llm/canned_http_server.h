// Test helper (a test double): a TCP server on 127.0.0.1 that answers every request with
// the same raw bytes, then closes the connection, so tests can send responses the fake
// OpenAI server cannot produce (repeated headers, an informational head, malformed bytes).
#pragma once

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <cctype>
#include <cstdlib>
#include <string>
#include <thread>

namespace evp::llm::test {

class CannedHttpServer {
 public:
  explicit CannedHttpServer(std::string response) : response_(std::move(response)), acceptor_(io_) {
    namespace asio = boost::asio;
    const asio::ip::tcp::endpoint where(asio::ip::make_address("127.0.0.1"), 0);
    acceptor_.open(where.protocol());
    acceptor_.bind(where);
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    asio::co_spawn(io_, accept_loop(), asio::detached);
    thread_ = std::thread([this] { io_.run(); });
  }

  ~CannedHttpServer() {
    boost::asio::post(io_, [this] {
      boost::system::error_code ec;
      acceptor_.close(ec);
      io_.stop();
    });
    thread_.join();
  }

  CannedHttpServer(const CannedHttpServer&) = delete;
  CannedHttpServer& operator=(const CannedHttpServer&) = delete;

  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/v1/chat/completions";
  }
  std::string authority() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  boost::asio::awaitable<void> accept_loop() {
    namespace asio = boost::asio;
    for (;;) {
      boost::system::error_code ec;
      asio::ip::tcp::socket socket =
          co_await acceptor_.async_accept(asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return;
      asio::co_spawn(io_, answer(std::move(socket)), asio::detached);
    }
  }

  // Reads one request (head and Content-Length body), writes the canned bytes, closes.
  boost::asio::awaitable<void> answer(boost::asio::ip::tcp::socket socket) {
    namespace asio = boost::asio;
    boost::system::error_code ec;
    std::string in;
    const size_t head =
        co_await asio::async_read_until(socket, asio::dynamic_buffer(in), "\r\n\r\n",
                                        asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    const size_t body = content_length(in.substr(0, head));
    if (in.size() < head + body) {
      co_await asio::async_read(socket, asio::dynamic_buffer(in),
                                asio::transfer_exactly(head + body - in.size()),
                                asio::redirect_error(asio::use_awaitable, ec));
    }
    co_await asio::async_write(socket, asio::buffer(response_),
                               asio::redirect_error(asio::use_awaitable, ec));
    socket.shutdown(asio::ip::tcp::socket::shutdown_send, ec);
    socket.close(ec);
  }

  static size_t content_length(const std::string& head) {
    std::string lower = head;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const size_t at = lower.find("\r\ncontent-length:");
    if (at == std::string::npos) return 0;
    return static_cast<size_t>(std::strtoul(lower.c_str() + at + 17, nullptr, 10));
  }

  std::string response_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::thread thread_;
  unsigned short port_ = 0;
};

}  // namespace evp::llm::test
