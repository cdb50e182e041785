// The address `evp ui` listens on: --host resolved (an IP literal or a name), whether it is
// the loopback (writes from elsewhere need --token), and how it is written in URLs.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <string>

namespace evp::server {

// An IP literal as is; a name resolved (its first IPv4 address, else its first address).
// Throws std::runtime_error "cannot resolve host NAME: REASON".
boost::asio::ip::address resolve_listen_address(const std::string& host);

// "HOST:PORT", with an IPv6 literal in brackets: "127.0.0.1:8000", "[::1]:8000".
std::string host_and_port(const std::string& host, unsigned short port);

}  // namespace evp::server
