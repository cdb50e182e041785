// HttpClient: a handle on the CurlEngine that does the work.
#include "llm/http_client.h"

#include "llm/curl_engine.h"

namespace evp::llm {

HttpClient::HttpClient(boost::asio::io_context& io)
    : engine_(std::make_shared<detail::CurlEngine>(io)) {}

HttpClient::~HttpClient() {
  engine_->shutdown();
}

boost::asio::awaitable<HttpResponse> HttpClient::send(HttpRequest request) {
  return detail::CurlEngine::perform(engine_, std::move(request));
}

size_t HttpClient::in_flight() const {
  return engine_->in_flight();
}

}  // namespace evp::llm
