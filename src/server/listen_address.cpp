// Resolving and printing the listen address (see listen_address.h).
#include "server/listen_address.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <stdexcept>

namespace evp::server {

namespace asio = boost::asio;

asio::ip::address resolve_listen_address(const std::string& host) {
  boost::system::error_code ec;
  asio::ip::address literal = asio::ip::make_address(host, ec);
  if (!ec) return literal;
  asio::io_context io;
  asio::ip::tcp::resolver resolver(io);
  const auto results = resolver.resolve(host, "", ec);
  if (ec || results.empty()) {
    throw std::runtime_error("cannot resolve host " + host + ": " +
                             (ec ? ec.message() : std::string("no address")));
  }
  for (const auto& entry : results) {
    if (entry.endpoint().address().is_v4()) return entry.endpoint().address();
  }
  return results.begin()->endpoint().address();
}

std::string host_and_port(const std::string& host, unsigned short port) {
  const bool v6_literal = host.find(':') != std::string::npos;
  return (v6_literal ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

}  // namespace evp::server
