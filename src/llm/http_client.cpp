// HttpClient: a handle on the EngineRouter (BeastEngine for http://, CurlEngine otherwise).
#include "llm/http_client.h"

#include "llm/engine_router.h"

namespace evp::llm {

HttpClient::HttpClient(boost::asio::io_context& io)
    : engine_(std::make_shared<detail::EngineRouter>(
          io, detail::EngineRouter::choice_from_environment())) {}

HttpClient::~HttpClient() {
  engine_->shutdown();
}

boost::asio::awaitable<HttpResponse> HttpClient::send(HttpRequest request) {
  return engine_->perform(std::move(request));
}

size_t HttpClient::in_flight() const {
  return engine_->in_flight();
}

}  // namespace evp::llm
