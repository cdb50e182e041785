// Answers for /api/... (all but /api/events): the path after "/api/" split into decoded
// segments and the query decoded into an ApiRequest; writes checked (a cross-site Origin is
// refused with 403, a missing or wrong bearer token with 401) and given their voter id; the
// API called on the worker pool; its JSON written back with its status.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string_view>
#include <variant>

#include "server/http_answer.h"
#include "server/rest_backend.h"
#include "server/write_token.h"

namespace evp::server {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;

// The value of a request header ("" when absent), as a view into the request.
inline std::string_view header_value(const HttpRequest& request, boost::beast::http::field field) {
  const auto value = request[field];
  return {value.data(), value.size()};
}

class RestRoute {
 public:
  RestRoute(RestBackend& backend, boost::asio::thread_pool& pool, const WriteToken& token)
      : backend_(backend), pool_(pool), token_(token) {}

  // `api_path`: the raw path after "/api/" ("experiments/x%20y"); `query`: the raw query.
  // `request.body()` is moved into the ApiRequest.
  boost::asio::awaitable<HttpAnswer> answer(HttpRequest& request, std::string_view api_path,
                                            std::string_view query) const;

 private:
  // The ApiRequest, or the answer refusing the request (bad encoding, 403, 401).
  std::variant<ApiRequest, HttpAnswer> prepare(HttpRequest& request, std::string_view api_path,
                                               std::string_view query) const;

  RestBackend& backend_;
  boost::asio::thread_pool& pool_;
  const WriteToken& token_;
};

}  // namespace evp::server
