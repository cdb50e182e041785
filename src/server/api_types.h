// What the HTTP transport hands the REST API (docs/api.md) and gets back: a parsed request
// (path split into decoded segments, query decoded) and a JSON answer with its status. The
// transport owns sockets, headers, the token check and SSE; the API owns the store queries.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/json.h"

namespace evp::server {

struct ApiRequest {
  std::string method;                 // "GET", "POST", ...
  std::vector<std::string> segments;  // the path after "/api/", split on '/', percent-decoded
  std::map<std::string, std::string> query;  // decoded; a repeated key keeps the last value
  std::string body;
  // For writes the transport has authorized: a stable, non-secret id of the token used (the
  // first 16 hex digits of its SHA-256), what per-voter rate limits key on. Empty for reads.
  std::string voter;
};

struct ApiResponse {
  unsigned status = 200;
  Json body = Json::object();
  // Set with 429: seconds the client should wait (the transport writes Retry-After).
  int retry_after_s = 0;
};

// Thrown by handlers for a client error; the transport answers {"error": what()} with status.
class ApiError : public std::runtime_error {
 public:
  ApiError(unsigned status, const std::string& message)
      : std::runtime_error(message), status_(status) {}
  unsigned status() const { return status_; }

 private:
  unsigned status_;
};

// One live update for /api/events: `event: NAME` and `data: DATA` (compact JSON).
struct ApiEvent {
  std::string name;
  Json data;
};

}  // namespace evp::server
