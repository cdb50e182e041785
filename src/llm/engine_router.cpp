// EngineRouter: picks BeastEngine or CurlEngine per request by the URL's scheme.
#include "llm/engine_router.h"

#include <cstdlib>

#include "llm/beast_engine.h"
#include "llm/curl_engine.h"

namespace evp::llm::detail {

EngineRouter::EngineRouter(boost::asio::io_context& io, EngineChoice choice)
    : curl_(std::make_shared<CurlEngine>(io)) {
  if (choice == EngineChoice::kByScheme) beast_ = std::make_shared<BeastEngine>(io);
}

EngineRouter::~EngineRouter() {
  shutdown();
}

EngineChoice EngineRouter::choice_from_environment() {
  const char* value = std::getenv("EVP_HTTP_ENGINE");
  if (value != nullptr && std::string_view(value) == "curl") return EngineChoice::kCurlOnly;
  // The Beast engine speaks to servers directly; libcurl honours proxy settings.
  for (const char* name : {"http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"}) {
    const char* proxy = std::getenv(name);
    if (proxy != nullptr && *proxy != '\0') return EngineChoice::kCurlOnly;
  }
  return EngineChoice::kByScheme;
}

bool EngineRouter::is_plain_http(std::string_view url) {
  return BeastEngine::serves(url);
}

boost::asio::awaitable<HttpResponse> EngineRouter::perform(HttpRequest request) {
  if (beast_ && is_plain_http(request.url)) {
    return BeastEngine::perform(beast_, std::move(request));
  }
  return CurlEngine::perform(curl_, std::move(request));
}

void EngineRouter::shutdown() {
  curl_->shutdown();
  if (beast_) beast_->shutdown();
}

size_t EngineRouter::in_flight() const {
  return curl_->in_flight() + (beast_ ? beast_->in_flight() : 0);
}

}  // namespace evp::llm::detail
