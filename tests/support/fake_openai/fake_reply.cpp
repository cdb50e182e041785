// TEST DOUBLE. Builders for the fake server's answers.
#include "support/fake_openai/fake_reply.h"

#include <algorithm>

namespace evp::test {
namespace {

constexpr long long kCreated = 1700000000;

long long tokens_of(size_t bytes) {
  return std::max<long long>(1, static_cast<long long>((bytes + 3) / 4));
}

std::string text_of(const Json& content) {
  if (content.is_string()) return content.get<std::string>();
  std::string out;
  if (content.is_array()) {
    for (const Json& part : content) {
      if (part.is_object() && part.value("type", "") == "text" && part.contains("text") &&
          part["text"].is_string()) {
        if (!out.empty()) out += "\n";
        out += part["text"].get<std::string>();
      }
    }
  }
  return out;
}

// Splits `s` into pieces of at most n bytes (never splitting a UTF-8 sequence).
std::vector<std::string> pieces(const std::string& s, size_t n) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t end = std::min(s.size(), pos + std::max<size_t>(1, n));
    while (end < s.size() && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) ++end;
    out.push_back(s.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

bool offers_tool(const Json& body, const std::string& name) {
  auto tools = body.find("tools");
  if (tools == body.end() || !tools->is_array()) return false;
  for (const Json& t : *tools) {
    if (t.is_object() && t.contains("function") && t["function"].is_object() &&
        t["function"].value("name", "") == name) {
      return true;
    }
  }
  return false;
}

}  // namespace

FakeReply FakeReply::json(const Json& body, int status) {
  FakeReply r;
  r.status = status;
  r.body = dump_json(body);
  return r;
}

FakeReply FakeReply::completion(const std::string& content) {
  return json(make_completion(content));
}

FakeReply FakeReply::error(int status, const std::string& message, const std::string& type) {
  return json(Json{{"error",
                    {{"message", message}, {"type", type}, {"param", nullptr}, {"code", nullptr}}}},
              status);
}

FakeReply FakeReply::rate_limited(const std::string& retry_after, const std::string& message) {
  FakeReply r = error(429, message, "rate_limit_exceeded");
  r.headers.emplace_back("Retry-After", retry_after);
  return r;
}

FakeReply FakeReply::drop() {
  FakeReply r;
  r.drop_connection = true;
  return r;
}

FakeReply FakeReply::malformed(const std::string& body) {
  FakeReply r;
  r.body = body;
  return r;
}

FakeReply FakeReply::sse(const std::vector<Json>& chunks, double gap_s) {
  FakeReply r;
  for (const Json& c : chunks) r.sse_events.push_back(dump_json(c));
  r.sse_events.emplace_back("[DONE]");
  r.sse_gap_s = gap_s;
  return r;
}

FakeReply FakeReply::delayed_default(double delay_s) {
  FakeReply r;
  r.use_default = true;
  r.delay_s = delay_s;
  return r;
}

Json make_completion(const CompletionSpec& spec) {
  Json message{{"role", "assistant"}};
  message["content"] = spec.tool_calls.is_null() ? Json(spec.content)
                       : spec.content.empty()    ? Json(nullptr)
                                                 : Json(spec.content);
  if (spec.reasoning_content) message["reasoning_content"] = *spec.reasoning_content;
  if (!spec.tool_calls.is_null()) message["tool_calls"] = spec.tool_calls;
  return Json{{"id", "chatcmpl-fake"},
              {"object", "chat.completion"},
              {"created", kCreated},
              {"model", spec.model},
              {"choices", Json::array({{{"index", 0},
                                        {"message", message},
                                        {"logprobs", nullptr},
                                        {"finish_reason", spec.finish_reason}}})},
              {"usage",
               {{"prompt_tokens", spec.prompt_tokens},
                {"completion_tokens", spec.completion_tokens},
                {"total_tokens", spec.prompt_tokens + spec.completion_tokens}}}};
}

Json make_completion(const std::string& content) {
  CompletionSpec spec;
  spec.content = content;
  return make_completion(spec);
}

Json make_chunk(const Json& delta, const Json& finish_reason, const std::string& model) {
  return Json{{"id", "chatcmpl-fake"},
              {"object", "chat.completion.chunk"},
              {"created", kCreated},
              {"model", model},
              {"choices", Json::array({{{"index", 0},
                                        {"delta", delta},
                                        {"logprobs", nullptr},
                                        {"finish_reason", finish_reason}}})},
              {"usage", nullptr}};
}

Json make_usage_chunk(long long prompt_tokens, long long completion_tokens,
                      const std::string& model) {
  return Json{{"id", "chatcmpl-fake"},
              {"object", "chat.completion.chunk"},
              {"created", kCreated},
              {"model", model},
              {"choices", Json::array()},
              {"usage",
               {{"prompt_tokens", prompt_tokens},
                {"completion_tokens", completion_tokens},
                {"total_tokens", prompt_tokens + completion_tokens}}}};
}

std::vector<Json> make_stream_chunks(const CompletionSpec& spec, size_t piece_chars) {
  std::vector<Json> chunks;
  Json first{{"role", "assistant"},
             {"content", spec.tool_calls.is_null() ? Json("") : Json(nullptr)}};
  chunks.push_back(make_chunk(first, nullptr, spec.model));
  if (spec.reasoning_content) {
    for (const std::string& p : pieces(*spec.reasoning_content, piece_chars)) {
      chunks.push_back(make_chunk(Json{{"reasoning_content", p}}, nullptr, spec.model));
    }
  }
  for (const std::string& p : pieces(spec.content, piece_chars)) {
    chunks.push_back(make_chunk(Json{{"content", p}}, nullptr, spec.model));
  }
  if (spec.tool_calls.is_array()) {
    for (size_t i = 0; i < spec.tool_calls.size(); ++i) {
      const Json& call = spec.tool_calls[i];
      const Json& fn = call.at("function");
      Json head{{"index", i},
                {"id", call.value("id", "call_" + std::to_string(i + 1))},
                {"type", "function"},
                {"function", {{"name", fn.value("name", "")}, {"arguments", ""}}}};
      chunks.push_back(make_chunk(Json{{"tool_calls", Json::array({head})}}, nullptr, spec.model));
      for (const std::string& p : pieces(fn.value("arguments", ""), piece_chars)) {
        Json part{{"index", i}, {"function", {{"arguments", p}}}};
        chunks.push_back(
            make_chunk(Json{{"tool_calls", Json::array({part})}}, nullptr, spec.model));
      }
    }
  }
  chunks.push_back(make_chunk(Json::object(), spec.finish_reason, spec.model));
  chunks.push_back(make_usage_chunk(spec.prompt_tokens, spec.completion_tokens, spec.model));
  return chunks;
}

FakeReply default_reply(const FakeRequest& request, const FakeServerOptions& options) {
  const Json& body = request.json;
  const Json messages = body.is_object() && body.contains("messages") && body["messages"].is_array()
                            ? body["messages"]
                            : Json::array();
  CompletionSpec spec;
  spec.model = body.is_object() && body.contains("model") && body["model"].is_string()
                   ? body["model"].get<std::string>()
                   : options.model;

  size_t prompt_bytes = 0;
  for (const Json& m : messages) {
    if (m.is_object() && m.contains("content")) prompt_bytes += text_of(m["content"]).size();
  }
  const Json* last = messages.empty() ? nullptr : &messages.back();
  const Json* last_user = nullptr;
  for (auto it = messages.rbegin(); it != messages.rend(); ++it) {
    if (it->is_object() && it->value("role", "") == "user") {
      last_user = &*it;
      break;
    }
  }
  const std::string user_text = last_user != nullptr && last_user->contains("content")
                                    ? text_of((*last_user)["content"])
                                    : "";
  const bool after_tool = last != nullptr && last->is_object() && last->value("role", "") == "tool";

  size_t answer_bytes = 0;
  if (options.answer) {
    spec.content = *options.answer;
    answer_bytes = spec.content.size();
  } else if (after_tool) {
    spec.content = "tool result: " + (last->contains("content") ? text_of((*last)["content"]) : "");
    answer_bytes = spec.content.size();
  } else if (user_text.rfind("CALL ", 0) == 0) {
    const std::string rest = user_text.substr(5);
    const size_t space = rest.find(' ');
    const std::string name = rest.substr(0, space);
    const std::string args = space == std::string::npos ? "{}" : rest.substr(space + 1);
    if (offers_tool(body, name)) {
      spec.tool_calls = Json::array({{{"id", "call_1"},
                                      {"type", "function"},
                                      {"function", {{"name", name}, {"arguments", args}}}}});
      spec.finish_reason = "tool_calls";
      answer_bytes = args.size();
    } else {
      spec.content = user_text;
      answer_bytes = spec.content.size();
    }
  } else {
    spec.content = user_text;
    answer_bytes = spec.content.size();
  }
  spec.prompt_tokens = tokens_of(prompt_bytes);
  spec.completion_tokens = tokens_of(answer_bytes);

  FakeReply reply;
  reply.delay_s = options.latency_s;
  const bool stream = body.is_object() && body.value("stream", false);
  if (!stream) {
    reply.body = dump_json(make_completion(spec));
    return reply;
  }
  std::vector<Json> chunks = make_stream_chunks(spec);
  const bool include_usage = body.contains("stream_options") &&
                             body["stream_options"].is_object() &&
                             body["stream_options"].value("include_usage", false);
  if (!include_usage) chunks.pop_back();
  FakeReply streamed = FakeReply::sse(chunks);
  streamed.delay_s = options.latency_s;
  return streamed;
}

}  // namespace evp::test
