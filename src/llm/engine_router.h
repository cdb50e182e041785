// EngineRouter (internal to HttpClient): owns the two HTTP engines of one HttpClient and
// sends each request to the one for its URL: plain http:// to BeastEngine (lean HTTP/1.1
// for local inference servers), everything else (https://) to CurlEngine. With
// EVP_HTTP_ENGINE=curl or a proxy setting in the environment, curl does everything.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <memory>
#include <string_view>

#include "llm/http_client.h"

namespace evp::llm::detail {

class BeastEngine;
class CurlEngine;

enum class EngineChoice { kByScheme, kCurlOnly };

class EngineRouter {
 public:
  EngineRouter(boost::asio::io_context& io, EngineChoice choice);
  ~EngineRouter();
  EngineRouter(const EngineRouter&) = delete;
  EngineRouter& operator=(const EngineRouter&) = delete;

  // kCurlOnly with EVP_HTTP_ENGINE=curl or a proxy setting (http_proxy, HTTP_PROXY,
  // all_proxy, ALL_PROXY: only curl honours them); kByScheme otherwise.
  static EngineChoice choice_from_environment();
  // True for URLs BeastEngine serves: "http://host[:port]/path" without user info.
  static bool is_plain_http(std::string_view url);

  // The chosen engine's request coroutine; it keeps that engine alive, not the router.
  boost::asio::awaitable<HttpResponse> perform(HttpRequest request);
  void shutdown();  // both engines; idempotent
  size_t in_flight() const;

 private:
  std::shared_ptr<CurlEngine> curl_;
  std::shared_ptr<BeastEngine> beast_;  // null when curl does everything
};

}  // namespace evp::llm::detail
