// HttpClient: HTTP requests as coroutines on one Asio event loop, so thousands of requests
// share one thread and keep-alive connections are reused across requests. Two engines do
// the work, chosen by the URL's scheme:
//  - http:// (local inference servers: vLLM, llama.cpp, Ollama): BeastEngine, a lean
//    HTTP/1.1 client on Boost.Beast's parser (beast_engine.h), a third or less of libcurl's
//    CPU per request;
//  - https:// and anything else: CurlEngine, libcurl's multi interface driven by the loop
//    (socket-action pattern; curl_engine.h).
// Both give the same HttpResponse for the same exchange. The environment variable
// EVP_HTTP_ENGINE=curl, read when the HttpClient is constructed, sends every URL to libcurl
// (a fallback should a server misbehave with the Beast engine); so does a proxy setting
// (http_proxy, HTTP_PROXY, all_proxy, ALL_PROXY), which only libcurl honours.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace evp::llm {

struct HttpRequest {
  std::string url;
  std::string method = "POST";       // "GET" sends no body; anything else sends `body`
  std::vector<std::string> headers;  // "Name: value"
  std::string body;
  double timeout_s = 120;  // the whole exchange, connect included; 0 means no limit
  // Streaming: body bytes as they arrive, called on the loop thread (it must not call back
  // into the HttpClient). When set, HttpResponse::body stays empty.
  std::function<void(std::string_view)> on_data;
};

struct HttpResponse {
  long status = 0;  // 0 when no status line arrived
  std::string body;
  std::map<std::string, std::string> headers;  // lowercase name -> value (repeats joined by ", ")
  bool transport_error = false;  // no complete response: refused, reset, timed out, cancelled
  bool timed_out = false;        // transport_error because timeout_s passed
  bool cancelled = false;        // transport_error because the HttpClient was destroyed
  std::string error;             // what went wrong when transport_error
  double seconds = 0;            // from the start of send() to the last byte
};

namespace detail {
class EngineRouter;
// What a request still in flight gets when its engine is shut down (both engines).
HttpResponse cancelled_response();
// Records a received header as both engines report headers: the name lowercased, the values
// of a repeated header joined by ", ".
void add_response_header(HttpResponse& response, std::string_view name, std::string_view value);
}  // namespace detail

// Use from the loop thread only. Destroy it before its io_context, on the loop thread or
// while the loop is not running; requests still in flight then end with `cancelled`
// (or are destroyed with the loop if it never runs again).
class HttpClient {
 public:
  explicit HttpClient(boost::asio::io_context& io);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  boost::asio::awaitable<HttpResponse> send(HttpRequest request);
  // Requests sent (or being sent) and not yet answered.
  size_t in_flight() const;

 private:
  friend class ChatClient;  // keeps the engines alive past this object (see chat_client.cpp)
  std::shared_ptr<detail::EngineRouter> engine_;
};

}  // namespace evp::llm
