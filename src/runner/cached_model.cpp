// CachedChatModel: only successful answers are cached; errors are always retried.
#include "runner/cached_model.h"

#include "base/fast_json.h"
#include "base/hash.h"
#include "model/json_writer.h"
#include "model/row_json.h"
#include "model/row_writer.h"

namespace evp::runner {
std::string cached_answer_json(const llm::ChatResult& r) {
  // dump_json of {finish_reason, latency_s, message, ttft_s, usage}, written directly.
  std::string out;
  model::JsonObjectWriter obj(out);
  if (r.finish_reason) obj.string_member("finish_reason", *r.finish_reason);
  obj.number_member("latency_s", r.latency_s);
  obj.json_member("message", r.message);
  if (r.ttft_s) obj.number_member("ttft_s", *r.ttft_s);  // a streamed answer's first token
  if (r.usage) model::append_usage_json(obj.key("usage"), *r.usage);
  obj.close();
  return out;
}

llm::ChatResult cached_answer_from_json(const Json& j) {
  llm::ChatResult r;
  r.ok = true;
  r.attempts = 0;
  r.message = j.at("message");
  r.latency_s = j.value("latency_s", 0.0);
  if (j.contains("finish_reason")) r.finish_reason = j["finish_reason"].get<std::string>();
  if (j.contains("usage")) r.usage = model::usage_from_json(j["usage"]);
  if (j.contains("ttft_s") && j["ttft_s"].is_number()) r.ttft_s = j["ttft_s"].get<double>();
  return r;
}

std::string response_cache_key(const std::string& identity, const llm::ChatRequest& request,
                               int run) {
  // The bytes of dump_json({"identity", "messages", "run", "tools"}), written without
  // copying the messages into a new tree.
  std::string key = "{\"identity\":";
  model::append_json_string(key, identity);
  key += ",\"messages\":";
  model::append_chat_api_json(key, request.messages);
  key += ",\"run\":";
  model::append_json_integer(key, run);
  if (request.tools) {
    key += ",\"tools\":";
    model::append_json_value(key, *request.tools);
  }
  key += '}';
  return sha256_hex(key).substr(0, 32);  // 128 bits: small index entries
}

boost::asio::awaitable<llm::ChatResult> CachedChatModel::complete(llm::ChatRequest request,
                                                                  std::string row_id, int run) {
  if (identity_.empty()) {
    co_return co_await inner_.complete(std::move(request), std::move(row_id), run);
  }
  std::string key = response_cache_key(identity_, request, run);
  if (auto hit = reader_.cache_get(known_, key)) {
    try {
      llm::ChatResult r = cached_answer_from_json(parse_json_text(*hit));
      ++hits_;
      co_return r;
    } catch (const std::exception&) {
      // A damaged cache entry is ignored and overwritten below.
    }
  }
  llm::ChatResult result = co_await inner_.complete(std::move(request), std::move(row_id), run);
  if (result.ok) writer_.cache_put(std::move(key), cached_answer_json(result));
  co_return result;
}

}  // namespace evp::runner
