// ReplayChatModel: loads the canned file once, answers from memory.
#include "llm/replay_model.h"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <fstream>

#include "base/errors.h"
#include "model/json_reader.h"
#include "model/row_json.h"

namespace evp::llm {
namespace {

CannedResponse canned_from_json(const Json& j) {
  model::expect_object(j, "response");
  CannedResponse c;
  Json message{{"role", "assistant"}};
  message["content"] = model::opt_string(j, "content", "").value_or("");
  if (auto r = model::opt_string(j, "reasoning_content", "")) message["reasoning_content"] = *r;
  if (auto t = model::opt_json(j, "tool_calls")) message["tool_calls"] = *t;
  c.message = std::move(message);
  c.finish_reason = model::opt_string(j, "finish_reason", "");
  if (!c.finish_reason) c.finish_reason = "stop";
  if (const Json* u = model::find_member(j, "usage")) c.usage = model::usage_from_json(*u, "usage");
  c.delay_s = model::opt_number(j, "delay_ms", "").value_or(0.0) / 1000.0;
  return c;
}

std::string last_user_text(const std::vector<model::Message>& messages) {
  for (auto it = messages.rbegin(); it != messages.rend(); ++it) {
    if (it->role == "user") return it->text();
  }
  return "";
}

}  // namespace

ReplayChatModel::ReplayChatModel(boost::asio::io_context& io, const std::filesystem::path& file)
    : io_(io), file_(file.string()) {
  std::ifstream in(file);
  if (!in) throw InputError(file_, 0, 0, "cannot open canned responses file");
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    try {
      const Json j = Json::parse(line);
      CannedResponse c = canned_from_json(j);
      const int run = static_cast<int>(model::opt_integer(j, "run", "").value_or(-1));
      if (auto id = model::opt_string(j, "row_id", "")) {
        by_row_[{*id, run}] = std::move(c);
      } else if (auto prompt = model::opt_string(j, "prompt", "")) {
        by_prompt_[{*prompt, run}] = std::move(c);
      } else {
        throw FormatError("expected \"row_id\" or \"prompt\"");
      }
    } catch (const Json::parse_error& e) {
      throw InputError(file_, line_no, static_cast<int>(e.byte), "invalid JSON");
    } catch (const FormatError& e) {
      throw InputError(file_, line_no, 0, e.what());
    }
  }
}

const CannedResponse* ReplayChatModel::find(const ChatRequest& request, const std::string& row_id,
                                            int run) const {
  for (int r : {run, -1}) {
    if (auto it = by_row_.find({row_id, r}); it != by_row_.end()) return &it->second;
  }
  if (by_prompt_.empty()) return nullptr;
  const std::string prompt = last_user_text(request.messages);
  for (int r : {run, -1}) {
    if (auto it = by_prompt_.find({prompt, r}); it != by_prompt_.end()) return &it->second;
  }
  return nullptr;
}

boost::asio::awaitable<ChatResult> ReplayChatModel::complete(ChatRequest request,
                                                             std::string row_id, int run) {
  const auto start = std::chrono::steady_clock::now();
  ChatResult result;
  result.attempts = 1;
  const CannedResponse* canned = find(request, row_id, run);
  if (canned == nullptr) {
    result.ok = false;
    result.code = model::StatusCode::kNotFound;
    result.error = "replay: no canned response for row " + row_id + " run " + std::to_string(run) +
                   " in " + file_;
    co_return result;
  }
  if (canned->delay_s > 0) {
    boost::asio::steady_timer timer(io_,
                                    std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                        std::chrono::duration<double>(canned->delay_s)));
    co_await timer.async_wait(boost::asio::use_awaitable);
  }
  result.ok = true;
  result.message = canned->message;
  result.finish_reason = canned->finish_reason;
  result.usage = canned->usage;
  result.latency_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  co_return result;
}

}  // namespace evp::llm
