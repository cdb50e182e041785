// JSON answers (see http_answer.h).
#include "server/http_answer.h"

namespace evp::server {

HttpAnswer json_answer(unsigned status, const Json& body) {
  namespace http = boost::beast::http;
  HttpAnswer answer;
  answer.head.result(status);
  answer.head.set(http::field::content_type, "application/json");
  answer.head.set(http::field::cache_control, "no-store");
  answer.owned_body = dump_json(body);
  return answer;
}

HttpAnswer json_error(unsigned status, std::string_view message) {
  return json_answer(status, Json{{"error", message}});
}

}  // namespace evp::server
