// Test helper: an HttpServer on 127.0.0.1 with a free port, a scripted backend and a small
// web app of its own (index.html, a large compressible script under assets/, a PNG), its
// io_context run by a thread; stopped and joined when the test ends.
#pragma once

#include <boost/asio/io_context.hpp>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "scripted_backend.h"
#include "server/http_server.h"
#include "server/static_assets.h"

namespace evp::server::test {

inline constexpr std::string_view kTestToken = "test-token-0123456789abcdef";

inline const std::string& test_index_html() {
  static const std::string html =
      "<!doctype html><html><head><title>evp test</title>"
      "<script type=\"module\" src=\"/assets/app-1a2b3c.js\"></script></head>"
      "<body><div id=\"app\"></div></body></html>\n";
  return html;
}

inline const std::string& test_script() {
  static const std::string script = [] {
    std::string s;
    for (int i = 0; i < 4000; ++i) {
      s += "export function f" + std::to_string(i) + "(x) { return x * " + std::to_string(i) +
           "; }\n";
    }
    return s;
  }();
  return script;
}

inline const std::string& test_png() {
  static const std::string png = [] {
    std::string s("\x89PNG\r\n\x1a\n", 8);
    unsigned state = 12345;
    for (int i = 0; i < 3000; ++i) {
      state = state * 1103515245u + 12345u;
      s.push_back(static_cast<char>(state >> 16));
    }
    return s;
  }();
  return png;
}

inline const StaticAssets& test_assets() {
  static const std::vector<EmbeddedAsset> files = {
      {"index.html", "text/html; charset=utf-8", "\"index-etag\"", test_index_html()},
      {"assets/app-1a2b3c.js", "text/javascript; charset=utf-8", "\"app-etag\"", test_script()},
      {"logo.png", "image/png", "\"png-etag\"", test_png()},
  };
  static const StaticAssets assets(files);
  return assets;
}

class TestServer {
 public:
  explicit TestServer(ServerOptions options = {}) {
    options.host = "127.0.0.1";
    options.port = 0;
    if (options.token.empty()) options.token = std::string(kTestToken);
    if (options.assets == nullptr) options.assets = &test_assets();
    server_ = std::make_unique<HttpServer>(io_, backend_, std::move(options));
    server_->listen();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~TestServer() { stop(); }
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  // Stops the server and waits until its event loop has nothing left to do.
  void stop() {
    if (!thread_.joinable()) return;
    server_->stop();
    thread_.join();
  }

  unsigned short port() const { return server_->port(); }
  HttpServer& server() { return *server_; }
  ScriptedBackend& backend() { return backend_; }

 private:
  ScriptedBackend backend_;
  boost::asio::io_context io_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
};

}  // namespace evp::server::test
