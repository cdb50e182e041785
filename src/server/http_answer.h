// One HTTP answer before the session writes it: status and headers, and a body that is either
// owned (JSON) or a view of bytes that outlive the server (embedded assets). The session adds
// the version, keep-alive, Content-Length and the security headers when it writes.
#pragma once

#include <boost/beast/http/message.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "base/json.h"

namespace evp::server {

struct HttpAnswer {
  boost::beast::http::response_header<> head;
  std::string owned_body;
  std::optional<std::string_view> static_body;  // set: the body, instead of owned_body
  bool event_stream = false;  // GET /api/events: the session streams events instead
  bool close = false;         // close the connection once written

  std::string_view body() const { return static_body ? *static_body : owned_body; }
};

// `body` as compact JSON (invalid UTF-8 replaced) with Content-Type: application/json and
// Cache-Control: no-store.
HttpAnswer json_answer(unsigned status, const Json& body);
// {"error": message} with `status`.
HttpAnswer json_error(unsigned status, std::string_view message);

}  // namespace evp::server
