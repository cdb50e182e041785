// The /api/ route (see rest_route.h).
#include "server/rest_route.h"

#include <exception>
#include <string>

#include "server/request_origin.h"
#include "server/run_on_pool.h"
#include "server/url_decoding.h"

namespace evp::server {
namespace {

namespace http = boost::beast::http;

HttpAnswer to_answer(const ApiResponse& response) {
  // A status outside 200-599 (or one without a body) would not be a valid JSON answer.
  const bool valid = response.status >= 200 && response.status <= 599 && response.status != 204 &&
                     response.status != 304;
  HttpAnswer answer = json_answer(valid ? response.status : 500, response.body);
  if (response.retry_after_s > 0) {
    answer.head.set(http::field::retry_after, std::to_string(response.retry_after_s));
  }
  return answer;
}

}  // namespace

std::variant<ApiRequest, HttpAnswer> RestRoute::prepare(HttpRequest& request,
                                                        std::string_view api_path,
                                                        std::string_view query) const {
  ApiRequest api_request;
  api_request.method = std::string(request.method_string());
  auto segments = decode_path_segments(api_path);
  if (!segments) return json_error(400, "bad percent-encoding in the path");
  api_request.segments = std::move(*segments);
  auto parameters = decode_query(query);
  if (!parameters) return json_error(400, "bad percent-encoding in the query string");
  api_request.query = std::move(*parameters);

  if (backend_.is_write(api_request)) {
    if (request.find(http::field::origin) != request.end()) {
      const std::string_view origin = header_value(request, http::field::origin);
      if (!is_same_origin(origin, header_value(request, http::field::host))) {
        return json_error(403, "cross-site write refused: Origin " + std::string(origin) +
                                   " is not this server's origin");
      }
    }
    const std::string_view authorization = header_value(request, http::field::authorization);
    if (!token_.authorizes(authorization)) {
      HttpAnswer refused = json_error(
          401, authorization.empty()
                   ? "this request needs the write token: send Authorization: Bearer TOKEN "
                     "with the token evp ui printed at start"
                   : "wrong write token: send Authorization: Bearer TOKEN with the token "
                     "evp ui printed at start");
      refused.head.set(http::field::www_authenticate, "Bearer realm=\"evp\"");
      return refused;
    }
    api_request.voter = token_.voter();
  }
  api_request.body = std::move(request.body());
  return api_request;
}

boost::asio::awaitable<HttpAnswer> RestRoute::answer(HttpRequest& request,
                                                     std::string_view api_path,
                                                     std::string_view query) const {
  auto prepared = prepare(request, api_path, query);
  if (auto* refused = std::get_if<HttpAnswer>(&prepared)) co_return std::move(*refused);
  ApiResponse response;
  unsigned failed_status = 0;
  std::string failure;
  auto call = [&backend = backend_, api_request = std::get<ApiRequest>(std::move(prepared))] {
    return backend.handle(api_request);
  };
  try {
    response = co_await run_on_pool(pool_, std::move(call));
  } catch (const ApiError& e) {
    failed_status = e.status();
    failure = e.what();
  } catch (const std::exception& e) {
    failed_status = 500;
    failure = e.what();
  }
  if (failed_status != 0) {
    co_return json_error(failed_status >= 400 && failed_status <= 599 ? failed_status : 500,
                         failure);
  }
  co_return to_answer(response);
}

}  // namespace evp::server
