// build_chat_body: the exact JSON sent to /chat/completions, plus URL and token estimate.
#include "llm/chat_body.h"

#include <gtest/gtest.h>

#include "model/row_json.h"

namespace evp::llm {
namespace {

Endpoint endpoint_with(const char* params_json, bool stream = false) {
  Endpoint e;
  e.base_url = "http://127.0.0.1:9/v1";
  e.model = "qwen3";
  e.params = Json::parse(params_json);
  e.stream = stream;
  return e;
}

ChatRequest hi_request() {
  ChatRequest r;
  r.messages = model::messages_from_json(Json::parse(R"([{"role":"user","content":"hi"}])"));
  return r;
}

TEST(ChatBody, MergesParamsExtraBodyModelMessagesAndTools) {
  const Endpoint e = endpoint_with(
      R"({"temperature":0.2,"max_tokens":64,"model":"ignored","tools":"ignored",
          "extra_body":{"top_k":20,"chat_template_kwargs":{"enable_thinking":false}}})");
  ChatRequest r = hi_request();
  r.tools = Json::parse(
      R"([{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}])");
  EXPECT_EQ(
      dump_json(build_chat_body(e, r)),
      R"({"chat_template_kwargs":{"enable_thinking":false},"max_tokens":64,)"
      R"("messages":[{"content":"hi","role":"user"}],"model":"qwen3","temperature":0.2,)"
      R"("tools":[{"function":{"name":"f","parameters":{"type":"object"}},"type":"function"}],)"
      R"("top_k":20})");
}

TEST(ChatBody, OmitsEmptyToolsAndKeepsEndpointTools) {
  ChatRequest r = hi_request();
  r.tools = Json::array();
  EXPECT_EQ(dump_json(build_chat_body(endpoint_with("{}"), r)),
            R"({"messages":[{"content":"hi","role":"user"}],"model":"qwen3"})");
  EXPECT_EQ(dump_json(build_chat_body(endpoint_with(R"({"tools":[1]})"), r)),
            R"({"messages":[{"content":"hi","role":"user"}],"model":"qwen3","tools":[1]})");
}

TEST(ChatBody, StreamingAsksForUsageAndKeepsOtherStreamOptions) {
  const Endpoint e = endpoint_with(R"({"stream_options":{"continuous_usage_stats":true}})", true);
  EXPECT_EQ(dump_json(build_chat_body(e, hi_request())),
            R"({"messages":[{"content":"hi","role":"user"}],"model":"qwen3","stream":true,)"
            R"("stream_options":{"continuous_usage_stats":true,"include_usage":true}})");
}

TEST(ChatBody, NotStreamingRemovesStreamParams) {
  const Endpoint e = endpoint_with(R"({"stream":true,"stream_options":{"include_usage":true}})");
  EXPECT_EQ(dump_json(build_chat_body(e, hi_request())),
            R"({"messages":[{"content":"hi","role":"user"}],"model":"qwen3"})");
}

TEST(ChatBody, TheWriterWritesExactlyTheTreeBodyForEveryShapeOfEndpointAndRequest) {
  const char* params[] = {
      "{}",
      R"({"temperature":0.2,"max_tokens":64,"messages":"ignored","zzz":[1,{"a":null}]})",
      R"({"tools":[1],"tool_choice":"auto","extra_body":{"top_k":20,"aaa":true}})",
      R"({"stream":true,"stream_options":{"x":1},"max_completion_tokens":9})",
  };
  std::vector<ChatRequest> requests;
  requests.push_back(hi_request());
  ChatRequest rich;
  rich.messages = model::messages_from_json(Json::parse(
      R"([{"role":"system","content":"Be \"brief\"\n\u00e9\u2028"},)"
      R"({"role":"user","content":[{"type":"text","text":"x"}],"name":"n"},)"
      R"({"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function",)"
      R"("function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c","content":"1.5"}])"));
  rich.tools = Json::parse(R"([{"type":"function","function":{"name":"f"}}])");
  requests.push_back(rich);
  ChatRequest empty_tools = hi_request();
  empty_tools.tools = Json::array();
  requests.push_back(empty_tools);
  ChatRequest null_tools = hi_request();
  null_tools.tools = Json();
  requests.push_back(null_tools);
  for (const char* p : params) {
    for (bool stream : {false, true}) {
      const Endpoint e = endpoint_with(p, stream);
      const ChatBodyWriter writer(e);
      for (const auto& r : requests) {
        const Json tree = build_chat_body(e, r);
        const std::string text = writer.body(r);
        EXPECT_EQ(text, dump_json(tree)) << p << " stream " << stream;
        EXPECT_EQ(writer.estimate_tokens(text.size()), estimate_request_tokens(tree, text.size()));
      }
    }
  }
}

TEST(ChatBody, RequestParamsAreMergedOverTheEndpointsButNotOverModelOrMessages) {
  const Endpoint e =
      endpoint_with(R"({"temperature":0.2,"max_tokens":64,"extra_body":{"top_k":20}})");
  ChatRequest r = hi_request();
  r.params =
      Json::parse(R"({"max_tokens":8,"response_format":{"type":"json_object"},"model":"ignored",)"
                  R"("messages":"ignored","extra_body":{"top_k":1}})");
  const std::string expected =
      R"({"max_tokens":8,"messages":[{"content":"hi","role":"user"}],"model":"qwen3",)"
      R"("response_format":{"type":"json_object"},"temperature":0.2,"top_k":1})";
  EXPECT_EQ(dump_json(build_chat_body(e, r)), expected);
  EXPECT_EQ(ChatBodyWriter(e).body(r), expected);
  r.params = Json::object();  // empty own params: the endpoint's body
  EXPECT_EQ(ChatBodyWriter(e).body(r),
            R"({"max_tokens":64,"messages":[{"content":"hi","role":"user"}],"model":"qwen3",)"
            R"("temperature":0.2,"top_k":20})");
}

TEST(ChatBody, JoinsTheUrl) {
  EXPECT_EQ(chat_completions_url("https://api.openai.com/v1"),
            "https://api.openai.com/v1/chat/completions");
  EXPECT_EQ(chat_completions_url("http://localhost:8000/v1/"),
            "http://localhost:8000/v1/chat/completions");
}

TEST(ChatBody, EstimatesTokensAsBytesOverFourPlusMaxTokens) {
  EXPECT_EQ(estimate_request_tokens(Json{{"max_tokens", 64}}, 100), 25 + 64);
  EXPECT_EQ(estimate_request_tokens(Json{{"max_tokens", 64}}, 101), 26 + 64);
  EXPECT_EQ(estimate_request_tokens(Json{{"max_completion_tokens", 10}, {"max_tokens", 64}}, 8),
            2 + 10);
  EXPECT_EQ(estimate_request_tokens(Json::object(), 7), 2);
}

}  // namespace
}  // namespace evp::llm
