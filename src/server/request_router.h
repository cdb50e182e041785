// Routes one request: /api/events to the event stream, other /api/... paths to the REST API,
// everything else to the web app's files. On a loopback server, a Host header that does not
// name the loopback is refused first (DNS rebinding).
#pragma once

#include <boost/asio/awaitable.hpp>

#include "server/http_answer.h"
#include "server/rest_route.h"
#include "server/static_assets.h"

namespace evp::server {

class RequestRouter {
 public:
  RequestRouter(RestRoute rest, const StaticAssets& assets, bool loopback_only)
      : rest_(rest), assets_(assets), loopback_only_(loopback_only) {}

  // An answer, or one with `event_stream` set for GET /api/events (its head is ready: the
  // session writes it and streams). May move the request's body.
  boost::asio::awaitable<HttpAnswer> answer(HttpRequest& request) const;

 private:
  RestRoute rest_;
  const StaticAssets& assets_;
  bool loopback_only_;
};

}  // namespace evp::server
