// response_cache_key: the documented digest of identity, messages (as the chat API gets them),
// run and tools, computed here independently through a JSON tree; and every part of the
// request changes the key.
#include <gtest/gtest.h>

#include "base/hash.h"
#include "model/message.h"
#include "runner/cached_model.h"

namespace evp::runner {
namespace {

llm::ChatRequest request_of(const char* text) {
  llm::ChatRequest r;
  r.messages = {model::make_message("system", "Be brief."), model::make_message("user", text)};
  r.messages.back().reasoning_content = "never sent";  // EP's own field: not in the key
  return r;
}

TEST(ResponseCacheKey, IsTheFirstHalfOfTheDigestOfTheSortedJson) {
  llm::ChatRequest r = request_of("What is 6*7? \u00e9\n\"quoted\"");
  r.tools = Json::array({{{"type", "function"}, {"function", {{"name", "add"}, {"weight", 0.5}}}}});
  const Json tree{
      {"identity", "http://x/v1|m|{\"temperature\":0.7}"},
      {"messages", Json::array({{{"content", "Be brief."}, {"role", "system"}},
                                {{"content", r.messages.back().content}, {"role", "user"}}})},
      {"run", 2},
      {"tools", *r.tools}};
  const std::string expected = sha256_hex(tree.dump()).substr(0, 32);
  EXPECT_EQ(response_cache_key("http://x/v1|m|{\"temperature\":0.7}", r, 2), expected);
  EXPECT_EQ(expected.size(), 32u);
}

TEST(ResponseCacheKey, EveryPartOfTheRequestChangesTheKey) {
  const llm::ChatRequest base = request_of("q");
  const std::string key = response_cache_key("id", base, 0);
  EXPECT_EQ(response_cache_key("id", base, 0), key);
  EXPECT_NE(response_cache_key("id2", base, 0), key);
  EXPECT_NE(response_cache_key("id", base, 1), key);
  EXPECT_NE(response_cache_key("id", request_of("q2"), 0), key);
  llm::ChatRequest with_tools = base;
  with_tools.tools = Json::array({{{"type", "function"}}});
  EXPECT_NE(response_cache_key("id", with_tools, 0), key);
}

}  // namespace
}  // namespace evp::runner
