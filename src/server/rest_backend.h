// What the HTTP transport calls to answer /api/ requests and feed /api/events: an interface,
// so the transport can be tested with a scripted double. The real API (api.h) is adapted to
// it in http_server_api.cpp (HttpServer's constructor taking an Api).
#pragma once

#include <vector>

#include "server/api_types.h"

namespace evp::server {

class RestBackend {
 public:
  virtual ~RestBackend() = default;
  // Called from several worker threads at once.
  virtual ApiResponse handle(const ApiRequest& request) = 0;
  // True for requests that need the write token.
  virtual bool is_write(const ApiRequest& request) const = 0;
  // Called from one worker thread at a time, every poll interval.
  virtual std::vector<ApiEvent> poll_events() = 0;
};

}  // namespace evp::server
