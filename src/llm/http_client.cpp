// HttpClient: a handle on the EngineRouter (BeastEngine for http://, CurlEngine otherwise).
#include "llm/http_client.h"

#include "llm/engine_router.h"

namespace evp::llm {

namespace detail {

HttpResponse cancelled_response() {
  HttpResponse r;
  r.transport_error = true;
  r.cancelled = true;
  r.error = "cancelled: the HTTP client was shut down";
  return r;
}

void add_response_header(HttpResponse& response, std::string_view name, std::string_view value) {
  std::string key(name);
  for (char& c : key) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  auto [it, inserted] = response.headers.try_emplace(std::move(key), value);
  if (!inserted) {
    it->second += ", ";
    it->second += value;
  }
}

}  // namespace detail

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
