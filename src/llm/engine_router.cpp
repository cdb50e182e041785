// EngineRouter: picks BeastEngine or CurlEngine per request by the URL's scheme.
#include "llm/engine_router.h"

#include <cstdlib>

#include "llm/beast_engine.h"
#include "llm/curl_engine.h"

namespace evp::llm::detail {
namespace {

bool starts_with_ignoring_case(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

}  // namespace

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
  constexpr std::string_view kScheme = "http://";
  if (!starts_with_ignoring_case(url, kScheme)) return false;
  for (const char c : url.substr(kScheme.size())) {
    if (c == '/' || c == '?' || c == '#') break;
    if (c == '@') return false;  // user info: curl handles it
  }
  return true;
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
