// One HTTP connection of `evp ui`: reads requests (keep-alive; head and body within the read
// timeout; bodies over the limit refused with 413), routes each, writes the answer with the
// security headers, and turns into an event stream for GET /api/events.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>

namespace evp::server::detail {

struct ServerState;

boost::asio::awaitable<void> serve_connection(std::shared_ptr<ServerState> state,
                                              boost::asio::ip::tcp::socket socket);

}  // namespace evp::server::detail
