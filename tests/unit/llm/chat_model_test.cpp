// EndpointChatModel's cache identity: everything that shapes an answer or its measurement
// (endpoint, model, params, streaming) and nothing else.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "llm/chat_model.h"
#include "llm/http_client.h"

namespace evp::llm {
namespace {

std::string identity_of(const Endpoint& endpoint) {
  boost::asio::io_context io;
  HttpClient http(io);
  return EndpointChatModel(io, http, endpoint).cache_identity();
}

TEST(EndpointChatModel, CacheIdentityNamesEndpointModelParamsAndStreaming) {
  Endpoint e;
  e.base_url = "http://127.0.0.1:8000/v1";
  e.model = "tiny";
  e.params = Json{{"temperature", 0.7}};
  const std::string plain = identity_of(e);
  EXPECT_EQ(plain, R"({"base_url":"http://127.0.0.1:8000/v1","model":"tiny",)"
                   R"("params":{"temperature":0.7},"stream":false})");
  Endpoint streamed = e;
  streamed.stream = true;
  EXPECT_NE(identity_of(streamed), plain);  // a streamed model measures time to first token
  Endpoint other_params = e;
  other_params.params["temperature"] = 0.0;
  EXPECT_NE(identity_of(other_params), plain);
  Endpoint other_key = e;
  other_key.api_key = "sk-secret";  // the key never reaches the store
  other_key.limits.concurrency = 7;
  EXPECT_EQ(identity_of(other_key), plain);
}

}  // namespace
}  // namespace evp::llm
