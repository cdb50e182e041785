// Request routing (see request_router.h).
#include "server/request_router.h"

#include <string>

#include "server/request_origin.h"
#include "server/static_route.h"
#include "server/url_decoding.h"

namespace evp::server {
namespace {

namespace http = boost::beast::http;

HttpAnswer event_stream_head(const HttpRequest& request) {
  if (request.method() != http::verb::get) {
    HttpAnswer answer = json_error(405, "/api/events takes GET only");
    answer.head.set(http::field::allow, "GET");
    return answer;
  }
  HttpAnswer answer;
  answer.head.result(http::status::ok);
  answer.head.set(http::field::content_type, "text/event-stream");
  answer.head.set(http::field::cache_control, "no-store");
  answer.head.set("X-Accel-Buffering", "no");  // a proxy in front must not hold events back
  answer.event_stream = true;
  return answer;
}

}  // namespace

boost::asio::awaitable<HttpAnswer> RequestRouter::answer(HttpRequest& request) const {
  const std::string_view target(request.target().data(), request.target().size());
  if (!target.starts_with('/') && !target.starts_with("http://") &&
      !target.starts_with("https://")) {
    co_return json_error(400, "the request target must be a path");
  }
  if (loopback_only_) {
    const std::string_view host = header_value(request, http::field::host);
    if (!host.empty() && !is_loopback_host_header(host)) {
      co_return json_error(403,
                           "evp ui listens on the loopback only and answers requests for "
                           "localhost, 127.0.0.1 or [::1], not for Host " +
                               std::string(host));
    }
  }
  const SplitTarget split = split_target(target);
  if (split.path == "/api/events") co_return event_stream_head(request);
  if (split.path == "/api" || split.path.starts_with("/api/")) {
    const std::string_view api_path =
        split.path.size() > 5 ? split.path.substr(5) : std::string_view();
    co_return co_await rest_.answer(request, api_path, split.query);
  }
  const auto path = percent_decode(split.path, false);
  if (!path) co_return json_error(400, "bad percent-encoding in the path");
  StaticRequest file;
  const std::string method(request.method_string());
  file.method = method;
  file.path = *path;
  file.accept_encoding = header_value(request, http::field::accept_encoding);
  file.if_none_match = header_value(request, http::field::if_none_match);
  co_return answer_static(assets_, file);
}

}  // namespace evp::server
