// The HTTP transport end to end over real sockets, with a scripted API behind it: security
// headers on every kind of answer, the write checks (401, 403), the body limit (413), how
// requests reach the API (decoded segments and query, voter), static files (index.html
// fallback, ETag/304, gzip, caching), keep-alive, timeouts and a store call that blocks.
#include "server/http_server.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <future>

#include "base/hash.h"
#include "gunzip.h"
#include "http_test_client.h"
#include "server/security_headers.h"
#include "test_server.h"

namespace evp::server::test {
namespace {

using namespace std::chrono_literals;

const std::string kCsp =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'";

Headers bearer(std::string_view token) {
  return {{"Authorization", "Bearer " + std::string(token)}};
}

void expect_security_headers(const Response& r, const std::string& what) {
  SCOPED_TRACE(what);
  EXPECT_EQ(header_count(r, "Content-Security-Policy"), 1u);
  EXPECT_EQ(header(r, "Content-Security-Policy"), kCsp);
  EXPECT_EQ(header_count(r, "X-Content-Type-Options"), 1u);
  EXPECT_EQ(header(r, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(header_count(r, "Referrer-Policy"), 1u);
  EXPECT_EQ(header(r, "Referrer-Policy"), "no-referrer");
  EXPECT_EQ(header_count(r, "X-Frame-Options"), 1u);
  EXPECT_EQ(header(r, "X-Frame-Options"), "DENY");
}

TEST(HttpServer, TheCspConstantIsTheDocumentedOne) {
  EXPECT_EQ(kContentSecurityPolicy, kCsp);
}

TEST(HttpServer, EveryKindOfAnswerCarriesTheSecurityHeaders) {
  ServerOptions options;
  options.body_limit = 100;
  TestServer server(options);
  server.backend().reply_with([](const ApiRequest& request) {
    ApiResponse response;
    if (request.segments == std::vector<std::string>{"limited"}) {
      response.status = 429;
      response.retry_after_s = 3;
      response.body = {{"error", "slow down"}};
    }
    return response;
  });
  TestConnection c(server.port());
  const Response index = c.get("/");
  EXPECT_EQ(index.result_int(), 200u);
  expect_security_headers(index, "index.html");
  expect_security_headers(c.get("/experiments/x"), "client-side route");
  const Response script = c.get("/assets/app-1a2b3c.js", {{"Accept-Encoding", "gzip"}});
  expect_security_headers(script, "gzip asset");
  const Response not_modified =
      c.get("/assets/app-1a2b3c.js",
            {{"If-None-Match", header(script, "ETag")}, {"Accept-Encoding", "gzip"}});
  EXPECT_EQ(not_modified.result_int(), 304u);
  expect_security_headers(not_modified, "304");
  const Response missing = c.get("/missing.js");
  EXPECT_EQ(missing.result_int(), 404u);
  expect_security_headers(missing, "404");
  const Response head = c.request(http::verb::head, "/");
  expect_security_headers(head, "HEAD");
  const Response wrong_method = c.request(http::verb::delete_, "/");
  EXPECT_EQ(wrong_method.result_int(), 405u);
  expect_security_headers(wrong_method, "405");
  expect_security_headers(c.get("/api/info"), "API 200");
  const Response limited = c.get("/api/limited");
  EXPECT_EQ(limited.result_int(), 429u);
  expect_security_headers(limited, "API 429");
  const Response unauthorized = c.request(http::verb::post, "/api/arena/vote", {}, "{}");
  EXPECT_EQ(unauthorized.result_int(), 401u);
  expect_security_headers(unauthorized, "401");
  const Response cross_site =
      c.request(http::verb::post, "/api/arena/vote", {{"Origin", "http://evil.example"}}, "{}");
  EXPECT_EQ(cross_site.result_int(), 403u);
  expect_security_headers(cross_site, "403");
  const Response bad_encoding = c.get("/api/x%zz");
  EXPECT_EQ(bad_encoding.result_int(), 400u);
  expect_security_headers(bad_encoding, "400");
  {
    TestConnection big(server.port());
    const Response too_large =
        big.request(http::verb::post, "/api/arena/vote", bearer(kTestToken), std::string(101, 'x'));
    EXPECT_EQ(too_large.result_int(), 413u);
    expect_security_headers(too_large, "413");
  }
  {
    TestConnection events(server.port());
    events.send(http::verb::get, "/api/events", {}, "");
    const Response stream = events.read_stream_head();
    EXPECT_EQ(stream.result_int(), 200u);
    expect_security_headers(stream, "event stream");
  }
}

TEST(HttpServer, ApiAnswersAreTheBackendsJsonWithItsStatus) {
  TestServer server;
  server.backend().reply_with([](const ApiRequest&) {
    ApiResponse response;
    response.status = 404;
    response.body = {{"error", "no experiment x"}, {"z", 1}, {"a", "\xff"}};
    return response;
  });
  TestConnection c(server.port());
  const Response r = c.get("/api/experiments/x");
  EXPECT_EQ(r.result_int(), 404u);
  EXPECT_EQ(header(r, "Content-Type"), "application/json");
  EXPECT_EQ(header(r, "Cache-Control"), "no-store");
  // Compact, keys sorted, invalid UTF-8 replaced rather than failing the answer.
  EXPECT_EQ(r.body(), "{\"a\":\"\xEF\xBF\xBD\",\"error\":\"no experiment x\",\"z\":1}");
  EXPECT_EQ(header(r, "Retry-After"), "");
}

TEST(HttpServer, TooManyVotesCarryRetryAfter) {
  TestServer server;
  server.backend().reply_with([](const ApiRequest&) {
    ApiResponse response;
    response.status = 429;
    response.retry_after_s = 7;
    response.body = {{"error", "too many votes"}};
    return response;
  });
  TestConnection c(server.port());
  const Response r = c.request(http::verb::post, "/api/arena/vote", bearer(kTestToken), "{}");
  EXPECT_EQ(r.result_int(), 429u);
  EXPECT_EQ(header(r, "Retry-After"), "7");
  EXPECT_EQ(r.body(), "{\"error\":\"too many votes\"}");
}

TEST(HttpServer, BackendExceptionsBecome500WithTheMessage) {
  TestServer server;
  server.backend().reply_with(
      [](const ApiRequest&) -> ApiResponse { throw std::runtime_error("database is locked"); });
  TestConnection c(server.port());
  const Response r = c.get("/api/info");
  EXPECT_EQ(r.result_int(), 500u);
  EXPECT_EQ(r.body(), "{\"error\":\"database is locked\"}");
  const Response again = c.get("/api/info");  // the connection survives
  EXPECT_EQ(again.result_int(), 500u);
}

TEST(HttpServer, RequestsReachTheApiWithDecodedSegmentsAndQuery) {
  TestServer server;
  TestConnection c(server.port());
  const Response r = c.get(
      "/api/experiments/a%2Fb%20c/rollouts?model=org%2Fm%2B1&q=hello+world&x=1&x=%E2%9C%93&flag");
  EXPECT_EQ(r.result_int(), 200u);
  EXPECT_EQ(r.body(), "{\"ok\":true}");
  const auto requests = server.backend().requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].segments, (std::vector<std::string>{"experiments", "a/b c", "rollouts"}));
  EXPECT_EQ(requests[0].query,
            (std::map<std::string, std::string>{
                {"model", "org/m+1"}, {"q", "hello world"}, {"x", "\xE2\x9C\x93"}, {"flag", ""}}));
  EXPECT_EQ(requests[0].body, "");
  EXPECT_EQ(requests[0].voter, "");  // reads carry no voter
  EXPECT_EQ(c.get("/api").result_int(), 200u);
  EXPECT_EQ(server.backend().requests().at(1).segments, std::vector<std::string>{});
}

TEST(HttpServer, BadPercentEncodingIs400AndNeverReachesTheApi) {
  TestServer server;
  TestConnection c(server.port());
  const Response path = c.get("/api/experiments/%zz");
  EXPECT_EQ(path.result_int(), 400u);
  EXPECT_EQ(path.body(), "{\"error\":\"bad percent-encoding in the path\"}");
  const Response query = c.get("/api/experiments?suite=%4");
  EXPECT_EQ(query.result_int(), 400u);
  EXPECT_EQ(query.body(), "{\"error\":\"bad percent-encoding in the query string\"}");
  EXPECT_TRUE(server.backend().requests().empty());
}

TEST(HttpServer, WritesNeedTheToken) {
  TestServer server;
  TestConnection c(server.port());
  const Response none = c.request(http::verb::post, "/api/arena/vote", {}, "{\"ticket\":\"t\"}");
  EXPECT_EQ(none.result_int(), 401u);
  EXPECT_EQ(header(none, "Content-Type"), "application/json");
  EXPECT_EQ(header(none, "WWW-Authenticate"), "Bearer realm=\"evp\"");
  EXPECT_NE(Json::parse(none.body())["error"].get<std::string>().find("write token"),
            std::string::npos);
  const Response wrong =
      c.request(http::verb::post, "/api/arena/vote", bearer(std::string(kTestToken) + "x"), "{}");
  EXPECT_EQ(wrong.result_int(), 401u);
  const Response basic = c.request(http::verb::post, "/api/arena/vote",
                                   {{"Authorization", "Basic " + std::string(kTestToken)}}, "{}");
  EXPECT_EQ(basic.result_int(), 401u);
  EXPECT_TRUE(server.backend().requests().empty());

  const Response right =
      c.request(http::verb::post, "/api/arena/vote", bearer(kTestToken), "{\"ticket\":\"t\"}");
  EXPECT_EQ(right.result_int(), 200u);
  const auto requests = server.backend().requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].segments, (std::vector<std::string>{"arena", "vote"}));
  EXPECT_EQ(requests[0].body, "{\"ticket\":\"t\"}");
  EXPECT_EQ(requests[0].voter, sha256_hex(kTestToken).substr(0, 16));
}

TEST(HttpServer, CrossSiteWritesAreRefusedEvenWithTheToken) {
  TestServer server;
  TestConnection c(server.port());
  for (const std::string& origin : std::vector<std::string>{
           "http://evil.example", "null", "https://" + c.host(), "http://127.0.0.1:1"}) {
    Headers headers = bearer(kTestToken);
    headers.emplace_back("Origin", origin);
    const Response r = c.request(http::verb::post, "/api/arena/vote", headers, "{}");
    EXPECT_EQ(r.result_int(), 403u) << origin;
    EXPECT_NE(r.body().find("cross-site"), std::string::npos) << r.body();
  }
  EXPECT_TRUE(server.backend().requests().empty());
  Headers same_origin = bearer(kTestToken);
  same_origin.emplace_back("Origin", "http://" + c.host());
  EXPECT_EQ(c.request(http::verb::post, "/api/arena/vote", same_origin, "{}").result_int(), 200u);
  // Reads are not writes: a cross-site Origin on a GET is no reason to refuse.
  EXPECT_EQ(c.get("/api/info", {{"Origin", "http://evil.example"}}).result_int(), 200u);
  EXPECT_EQ(server.backend().requests().size(), 2u);
}

TEST(HttpServer, BodiesOverTheLimitAre413) {
  TestServer server;
  {
    TestConnection c(server.port());
    const Response r = c.request(http::verb::post, "/api/arena/vote", bearer(kTestToken),
                                 std::string(64 * 1024 + 1, 'x'));
    EXPECT_EQ(r.result_int(), 413u);
    EXPECT_EQ(r.body(), "{\"error\":\"the request body is over the limit of 65536 bytes\"}");
    EXPECT_EQ(header(r, "Content-Type"), "application/json");
    EXPECT_TRUE(c.closed_by_server());
  }
  {
    // Announced with Expect: 100-continue: refused before the body is sent.
    TestConnection c(server.port());
    c.send_raw("POST /api/arena/vote HTTP/1.1\r\nHost: " + c.host() + "\r\nAuthorization: Bearer " +
               std::string(kTestToken) +
               "\r\nExpect: 100-continue\r\nContent-Length: 70000\r\n\r\n");
    const Response r = c.read_response();
    EXPECT_EQ(r.result_int(), 413u);
    EXPECT_TRUE(c.closed_by_server());
  }
  {
    // Chunked: refused once the chunks pass the limit.
    TestConnection c(server.port());
    std::string raw = "POST /api/arena/vote HTTP/1.1\r\nHost: " + c.host() +
                      "\r\nAuthorization: Bearer " + std::string(kTestToken) +
                      "\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 5; ++i) raw += "4000\r\n" + std::string(0x4000, 'y') + "\r\n";
    raw += "0\r\n\r\n";
    c.send_raw(raw);
    EXPECT_EQ(c.read_response().result_int(), 413u);
  }
  EXPECT_TRUE(server.backend().requests().empty());
  // Exactly the limit is fine.
  TestConnection c(server.port());
  const std::string body(64 * 1024, 'z');
  EXPECT_EQ(c.request(http::verb::post, "/api/x", bearer(kTestToken), body).result_int(), 200u);
  ASSERT_EQ(server.backend().requests().size(), 1u);
  EXPECT_EQ(server.backend().requests()[0].body, body);
}

TEST(HttpServer, ExpectContinueBodiesUnderTheLimitArrive) {
  TestServer server;
  TestConnection c(server.port());
  const std::string body(2000, 'b');
  c.send_raw("POST /api/notes HTTP/1.1\r\nHost: " + c.host() + "\r\nAuthorization: Bearer " +
             std::string(kTestToken) + "\r\nExpect: 100-continue\r\nContent-Length: 2000\r\n\r\n");
  const Response proceed = c.read_response();
  EXPECT_EQ(proceed.result_int(), 100u);
  c.send_raw(body);
  const Response r = c.read_response();
  EXPECT_EQ(r.result_int(), 200u);
  ASSERT_EQ(server.backend().requests().size(), 1u);
  EXPECT_EQ(server.backend().requests()[0].body, body);
}

TEST(HttpServer, ClientSideRoutesServeIndexHtml) {
  TestServer server;
  TestConnection c(server.port());
  for (const std::string path :
       {"/", "/index.html", "/experiments/x", "/experiments/x/rollouts?model=a", "/arena"}) {
    const Response r = c.get(path);
    EXPECT_EQ(r.result_int(), 200u) << path;
    EXPECT_EQ(r.body(), test_index_html()) << path;
    EXPECT_EQ(header(r, "Content-Type"), "text/html; charset=utf-8") << path;
    EXPECT_EQ(header(r, "Cache-Control"), "no-cache") << path;
    EXPECT_EQ(header(r, "ETag"), "\"index-etag\"") << path;
  }
  for (const std::string path : {"/missing.js", "/assets/gone-123.css", "/favicon.ico"}) {
    const Response r = c.get(path);
    EXPECT_EQ(r.result_int(), 404u) << path;
    EXPECT_EQ(header(r, "Content-Type"), "application/json") << path;
  }
  const Response png = c.get("/logo.png");
  EXPECT_EQ(png.result_int(), 200u);
  EXPECT_EQ(png.body(), test_png());
  EXPECT_EQ(header(png, "Content-Type"), "image/png");
  EXPECT_EQ(header(png, "Cache-Control"), "no-cache");
  const Response post = c.request(http::verb::post, "/experiments/x", {}, "");
  EXPECT_EQ(post.result_int(), 405u);
  EXPECT_EQ(header(post, "Allow"), "GET, HEAD");
}

TEST(HttpServer, EtagsAnswer304AndHashedAssetsAreImmutable) {
  TestServer server;
  TestConnection c(server.port());
  const Response first = c.get("/assets/app-1a2b3c.js");
  EXPECT_EQ(first.result_int(), 200u);
  EXPECT_EQ(first.body(), test_script());
  EXPECT_EQ(header(first, "ETag"), "\"app-etag\"");
  EXPECT_EQ(header(first, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(header(first, "Content-Encoding"), "");
  EXPECT_EQ(header(first, "Vary"), "Accept-Encoding");
  for (const std::string tag : {"\"app-etag\"", "W/\"app-etag\"", "\"other\", \"app-etag\"", "*"}) {
    const Response again = c.get("/assets/app-1a2b3c.js", {{"If-None-Match", tag}});
    EXPECT_EQ(again.result_int(), 304u) << tag;
    EXPECT_EQ(again.body(), "") << tag;
    EXPECT_EQ(header(again, "ETag"), "\"app-etag\"") << tag;
    EXPECT_EQ(header(again, "Cache-Control"), "public, max-age=31536000, immutable");
  }
  EXPECT_EQ(c.get("/assets/app-1a2b3c.js", {{"If-None-Match", "\"other\""}}).result_int(), 200u);
  const Response index = c.get("/experiments/1", {{"If-None-Match", "\"index-etag\""}});
  EXPECT_EQ(index.result_int(), 304u);
  EXPECT_EQ(header(index, "Cache-Control"), "no-cache");
}

TEST(HttpServer, GzipRoundTripsForTextAndNotForBinaries) {
  TestServer server;
  TestConnection c(server.port());
  const Response gz =
      c.get("/assets/app-1a2b3c.js", {{"Accept-Encoding", "br, gzip;q=0.8, deflate"}});
  EXPECT_EQ(gz.result_int(), 200u);
  EXPECT_EQ(header(gz, "Content-Encoding"), "gzip");
  EXPECT_EQ(header(gz, "Vary"), "Accept-Encoding");
  EXPECT_EQ(header(gz, "ETag"), "\"app-etag-gz\"");
  EXPECT_EQ(header(gz, "Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_LT(gz.body().size(), test_script().size() / 4);
  EXPECT_EQ(gunzip(gz.body()), test_script());
  // The same compressed bytes every time (compressed once, not per request).
  EXPECT_EQ(c.get("/assets/app-1a2b3c.js", {{"Accept-Encoding", "gzip"}}).body(), gz.body());
  const Response gz_304 = c.get(
      "/assets/app-1a2b3c.js", {{"Accept-Encoding", "gzip"}, {"If-None-Match", "\"app-etag-gz\""}});
  EXPECT_EQ(gz_304.result_int(), 304u);
  const Response refused = c.get("/assets/app-1a2b3c.js", {{"Accept-Encoding", "gzip;q=0"}});
  EXPECT_EQ(header(refused, "Content-Encoding"), "");
  EXPECT_EQ(refused.body(), test_script());
  const Response png = c.get("/logo.png", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(header(png, "Content-Encoding"), "");
  EXPECT_EQ(png.body(), test_png());
}

TEST(HttpServer, HeadSendsTheLengthWithoutTheBody) {
  TestServer server;
  TestConnection c(server.port());
  const Response head = c.request(http::verb::head, "/assets/app-1a2b3c.js");
  EXPECT_EQ(head.result_int(), 200u);
  EXPECT_EQ(header(head, "Content-Length"), std::to_string(test_script().size()));
  EXPECT_EQ(head.body(), "");
  // The connection is still in step: the next answer is read whole.
  EXPECT_EQ(c.get("/").body(), test_index_html());
}

TEST(HttpServer, LoopbackServerRefusesForeignHostHeaders) {
  TestServer server;
  TestConnection c(server.port());
  const Response rebinding =
      c.get("/api/info", {{"Host", "evil.example:" + std::to_string(server.port())}});
  EXPECT_EQ(rebinding.result_int(), 403u);
  EXPECT_NE(rebinding.body().find("evil.example"), std::string::npos);
  EXPECT_EQ(c.get("/", {{"Host", "evil.example"}}).result_int(), 403u);
  EXPECT_TRUE(server.backend().requests().empty());
  EXPECT_EQ(
      c.get("/api/info", {{"Host", "localhost:" + std::to_string(server.port())}}).result_int(),
      200u);
}

TEST(HttpServer, KeepsConnectionsAliveAndClosesIdleOnes) {
  ServerOptions options;
  options.read_timeout = 300ms;
  TestServer server(options);
  TestConnection c(server.port());
  for (int i = 0; i < 5; ++i) EXPECT_EQ(c.get("/api/info").result_int(), 200u);
  EXPECT_EQ(server.server().open_connections(), 1u);
  EXPECT_TRUE(c.closed_by_server(3s));
  for (int i = 0; i < 100 && server.server().open_connections() != 0; ++i) {
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(server.server().open_connections(), 0u);
  // A client that starts a head and never finishes it is cut off too.
  TestConnection slow(server.port());
  slow.send_raw("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  EXPECT_TRUE(slow.closed_by_server(3s));
  EXPECT_EQ(slow.text(), "");
}

TEST(HttpServer, ConnectionCloseIsHonoured) {
  TestServer server;
  TestConnection c(server.port());
  const Response r = c.get("/", {{"Connection", "close"}});
  EXPECT_EQ(r.result_int(), 200u);
  EXPECT_EQ(header(r, "Connection"), "close");
  EXPECT_TRUE(c.closed_by_server());
}

TEST(HttpServer, MalformedRequestsGet400) {
  TestServer server;
  TestConnection c(server.port());
  c.send_raw("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\n\r\n");
  const Response r = c.read_response();
  EXPECT_EQ(r.result_int(), 400u);
  EXPECT_TRUE(c.closed_by_server());
}

TEST(HttpServer, ManyConcurrentConnections) {
  TestServer server;
  std::vector<std::unique_ptr<TestConnection>> connections;
  for (int i = 0; i < 200; ++i) {
    connections.push_back(std::make_unique<TestConnection>(server.port()));
  }
  for (auto& c : connections) c->send(http::verb::get, "/api/info", {}, "");
  for (auto& c : connections) EXPECT_EQ(c->read_response().result_int(), 200u);
  EXPECT_EQ(server.server().open_connections(), 200u);
  EXPECT_EQ(server.backend().requests().size(), 200u);
}

TEST(HttpServer, ABlockedStoreCallDoesNotBlockTheEventLoop) {
  TestServer server;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> entered{0};
  server.backend().reply_with([&](const ApiRequest& request) {
    if (request.segments == std::vector<std::string>{"slow"}) {
      ++entered;
      released.wait();
    }
    return ApiResponse{};
  });
  TestConnection slow(server.port());
  slow.send(http::verb::get, "/api/slow", {}, "");
  for (int i = 0; i < 200 && entered == 0; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_EQ(entered, 1);
  // While the store call blocks a worker, files and other API calls are answered.
  TestConnection other(server.port());
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(other.get("/").result_int(), 200u);
  EXPECT_EQ(other.get("/api/info").result_int(), 200u);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  release.set_value();
  EXPECT_EQ(slow.read_response().result_int(), 200u);
}

TEST(HttpServer, StopClosesConnectionsAndTheLoopRunsOut) {
  auto server = std::make_unique<TestServer>();
  TestConnection idle(server->port());
  EXPECT_EQ(idle.get("/").result_int(), 200u);
  server->stop();  // returns only once io.run() returned
  EXPECT_TRUE(idle.closed_by_server(1s));
  EXPECT_EQ(server->server().open_connections(), 0u);
}

TEST(HttpServer, ListenFailureNamesTheAddressAndTheReason) {
  TestServer first;
  boost::asio::io_context io;
  ScriptedBackend backend;
  ServerOptions options;
  options.port = first.port();
  options.token = "t";
  options.assets = &test_assets();
  HttpServer second(io, backend, options);
  try {
    second.listen();
    FAIL() << "listen on a port in use succeeded";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "cannot listen on 127.0.0.1:" + std::to_string(first.port()) +
                                         ": Address already in use");
  }
}

}  // namespace
}  // namespace evp::server::test
