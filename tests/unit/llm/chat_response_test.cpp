// parse_completion reads exactly what reading the whole body as a tree gives (the reference
// below is the tree-based reader it replaced): the message, finish_reason and usage of every
// shape of body, and the same error for every malformed, error or incomplete one, including
// the byte of a JSON error. Valid bodies are read from simdjson's DOM, except those simdjson
// rejects (numbers beyond 64 bits, nesting deeper than 1024), which take the SAX reader like
// every malformed body.
#include "llm/chat_response.h"

#include <gtest/gtest.h>

#include "base/errors.h"
#include "llm/chat_errors.h"
#include "model/row_json.h"

namespace evp::llm {
namespace {

ParsedCompletion reference(std::string_view body) {
  ParsedCompletion out;
  Json raw;
  try {
    raw = Json::parse(body);
  } catch (const Json::parse_error& e) {
    out.error = "malformed JSON in the response body at byte " + std::to_string(e.byte);
    return out;
  }
  if (!raw.is_object()) {
    out.error = "the response body is not a JSON object";
    return out;
  }
  if (auto e = raw.find("error"); e != raw.end() && !e->is_null()) {
    out.error = "the server answered with an error: " + server_error_message(body);
    return out;
  }
  const auto choices = raw.find("choices");
  if (choices == raw.end() || !choices->is_array() || choices->empty() ||
      !(*choices)[0].is_object()) {
    out.error = "the response has no choices[0]";
    return out;
  }
  const Json& choice = (*choices)[0];
  const auto message = choice.find("message");
  if (message == choice.end() || !message->is_object()) {
    out.error = "the response has no choices[0].message object";
    return out;
  }
  out.message = *message;
  if (auto f = choice.find("finish_reason"); f != choice.end() && f->is_string()) {
    out.finish_reason = f->get<std::string>();
  }
  if (auto u = raw.find("usage"); u != raw.end()) out.usage = usage_if_valid(*u);
  return out;
}

std::string describe(const ParsedCompletion& p) {
  std::string s = "error=" + p.error + " message=" + dump_json(p.message) +
                  " finish=" + p.finish_reason.value_or("<none>") + " usage=";
  s += p.usage ? dump_json(model::to_json(*p.usage)) : "<none>";
  return s;
}

const std::string kDeep = std::string(1100, '[') + std::string(1100, ']');
const std::string kDeepBody =
    R"({"choices":[{"message":{"content":"deep"},"finish_reason":"stop"}],"x":)" + kDeep + "}";

const char* const kBodies[] = {
    // valid bodies that simdjson rejects: the SAX reader reads them
    R"({"choices":[{"message":{"content":"x","n":123456789012345678901234}}],"usage":{"prompt_tokens":1,"total_tokens":2}})",
    R"({"choices":[{"message":{"content":"a"}}],"choices":[{"message":{"content":"b"},"finish_reason":"length"}],"big":-99999999999999999999})",
    kDeepBody.c_str(),
    // ordinary and rich completions
    R"({"id":"x","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"The answer is 42."},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17}})",
    R"({"choices":[{"index":0,"logprobs":{"content":[{"token":"a","logprob":-0.1,"top_logprobs":[]}]},"finish_reason":"tool_calls","message":{"role":"assistant","content":null,"refusal":null,"annotations":[],"reasoning_content":"think","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{\"q\":[1,2,{\"x\":null}]}"}}]}},{"index":1,"message":{"role":"assistant","content":"second"}}],"usage":{"prompt_tokens":21,"completion_tokens":9,"total_tokens":30,"completion_tokens_details":{"reasoning_tokens":4}},"system_fingerprint":"fp"})",
    R"({"choices":[{"message":{"role":"assistant","content":[{"type":"text","text":"part \u00e9 \ud83d\ude00"},{"type":"image_url","image_url":{"url":"data:,x"}}],"n":-3,"f":1.5e-7,"big":18446744073709551615,"t":true}}]})",
    // repeated keys: the last one counts, at every level
    R"({"choices":[{"message":{"content":"first"}}],"choices":[{"message":{"content":"second","content":"third"},"finish_reason":"a","finish_reason":"b"}]})",
    R"({"choices":[{"message":{"content":"x"}}],"choices":[]})",
    R"({"choices":[{"message":{"content":"x"},"message":"not an object"}]})",
    R"({"choices":[{"message":"s","message":{"content":"back"}}]})",
    R"({"choices":[{"message":{},"finish_reason":"stop","finish_reason":{"x":1}}]})",
    R"({"choices":[{"message":{},"finish_reason":7}]})",
    R"({"error":{"message":"boom"},"error":null,"choices":[{"message":{}}]})",
    R"({"usage":{"prompt_tokens":1},"usage":"odd","choices":[{"message":{}}]})",
    R"({"usage":{"prompt_tokens":"x"},"choices":[{"message":{}}]})",
    R"({"usage":null,"choices":[{"message":{}}]})",
    // errors and shapes that are not completions
    R"({"error":{"message":"rate limited","type":"x"}})",
    R"({"choices":[{"message":{}}],"error":"late"})",
    R"({"error":null,"choices":[{"message":{"content":"ok"}}]})",
    R"({"object":"chat.completion"})",
    R"({"choices":{}})",
    R"({"choices":[]})",
    R"({"choices":[1,{"message":{}}]})",
    R"({"choices":[[{"message":{}}]]})",
    R"({"choices":[{"text":"legacy"}]})",
    R"({"choices":[{"message":null}]})",
    R"({"choices":[{"message":[]}]})",
    R"([{"choices":[{"message":{}}]}])",
    R"("just a string")",
    R"(42)",
    R"(null)",
    // malformed: the byte of the error must match
    "",
    "   ",
    R"({"choices":[{"message":{"content":"x"}}])",
    R"({"choices":[{"message":{"content":"x"}}]}} )",
    R"({"choices":[{"message":{"content":"x}}]})",
    R"({"choices":[{"message":{"content":"x"}}],})",
    R"({"choices":[{"message":{"content":"bad \x escape"}}]})",
    R"({"choices":[{"message":{"content":"x"}}]} trailing)",
    "{\"choices\":[{\"message\":{\"content\":\"\xff\xfe\"}}]}",
    R"({"a":tru})",
};

TEST(ParseCompletion, ReadsWhatTheTreeReaderReadsForEveryShapeOfBody) {
  for (const char* body : kBodies) {
    const ParsedCompletion want = reference(body);
    const ParsedCompletion got = parse_completion(body);
    EXPECT_EQ(describe(got), describe(want)) << body;
  }
}

TEST(ParseCompletion, KeepsTheMessageExactlyAsSent) {
  const ParsedCompletion p = parse_completion(kBodies[4]);
  ASSERT_EQ(p.error, "");
  EXPECT_EQ(dump_json(p.message), dump_json(Json::parse(kBodies[4])["choices"][0]["message"]));
  EXPECT_EQ(p.finish_reason, "tool_calls");
  ASSERT_TRUE(p.usage.has_value());
  EXPECT_EQ(p.usage->total_tokens, 30);
  EXPECT_EQ(parse_completion(kBodies[6]).message, Json::parse(R"({"content":"third"})"));
  EXPECT_EQ(parse_completion("").error, "malformed JSON in the response body at byte 1");
}

}  // namespace
}  // namespace evp::llm
