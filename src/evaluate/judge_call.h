// One conversation with a judge model, shared by llm_judge and pairwise_judge: the calls
// (with the rollout's row id and run), one re-ask when the reply has no verdict, the judge's
// tokens and cost summed over its calls (kept apart from the rollout's own usage), and finding
// the last "[[...]]" verdict in a reply.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.h"
#include "evaluate/async_evaluator.h"
#include "evaluate/config_reader.h"
#include "model/evaluation_row.h"

namespace evp::evaluate {

// The config's required "model" key resolved with env.judge_model; an unknown key throws
// evp::InputError "TYPE.model: no model 'x' in the suite's models (have: a, b)".
JudgeModel read_judge_model(const ConfigReader& config, EvaluatorEnvironment& env);
// The judge request's own params from the config: {"max_tokens": n} for a "max_tokens" key
// (a positive integer), else an empty object.
Json read_judge_params(const ConfigReader& config);

// The judge's usage over the calls of one judgment.
struct JudgeUsage {
  int calls = 0;
  long long prompt_tokens = 0;
  long long completion_tokens = 0;
  std::optional<double> cost_usd;  // when the judge model has a price

  void add(const JudgeUsage& other);
};

// {"model": KEY, "calls": n, "prompt_tokens": n, "completion_tokens": n, "cost_usd": x (when
// priced)}: what a metric's data["judge"] starts from.
Json judge_data(const std::string& model_key, const JudgeUsage& usage);

// Which rollout a judge call is for: row.input_metadata.row_id (empty when unset) and the run
// in execution_metadata.extra["evp"]["run"] (0 when absent).
struct RolloutRef {
  std::string row_id;
  int run = 0;
};
RolloutRef rollout_ref(const model::EvaluationRow& row);
// The model key the runner wrote in execution_metadata.extra["evp"]["model"]; empty when absent.
std::string rollout_model_key(const model::EvaluationRow& row);

// A judge's reply: its text (the content; text parts joined), or the call's error.
struct JudgeReply {
  bool ok = false;
  std::string text;
  std::string error;
  bool cut_off = false;  // the judge stopped at its token limit (finish_reason "length")
};

class JudgeConversation {
 public:
  // `prompt`: the first messages sent; `params`: the request's own body params (max_tokens,
  // response_format), an empty object for none.
  JudgeConversation(const JudgeModel& judge, std::vector<model::Message> prompt, Json params,
                    RolloutRef rollout);

  // Sends the conversation; a successful reply is appended to it as an assistant message.
  boost::asio::awaitable<JudgeReply> ask();
  // Appends `message` as a user message, then asks.
  boost::asio::awaitable<JudgeReply> ask_again(std::string message);

  const JudgeUsage& usage() const { return usage_; }
  // The texts of the successful replies, in order.
  const std::vector<std::string>& replies() const { return replies_; }

 private:
  void count(const llm::ChatResult& result);

  JudgeModel judge_;
  llm::ChatRequest request_;
  RolloutRef rollout_;
  JudgeUsage usage_;
  std::vector<std::string> replies_;
};

// Asks; when the reply succeeded but `has_verdict` rejects it, asks once more with
// `format_message` (which says exactly which format is required). Returns the last reply.
boost::asio::awaitable<JudgeReply> ask_for_verdict(
    JudgeConversation& conversation, const std::function<bool(std::string_view)>& has_verdict,
    std::string format_message);

// Why the last reply of a conversation gave no verdict: the call's error, or "judge answer had
// no verdict: 'START OF THE ANSWER...'", saying so when the judge stopped at its token limit
// (" (cut off at the judge's max_tokens)" before the colon).
std::string no_verdict_reason(const JudgeReply& reply);

// The last "[[CONTENT]]" in `text` whose content `shape` accepts (content with another shape,
// e.g. "[[citation]]" after a score, is skipped); nullopt when there is none. Whether the
// content is a valid verdict is the caller's check: an earlier one never stands in for it.
struct Bracketed {
  std::string_view content;
  size_t start = 0;  // where "[[" starts in the text
};
std::optional<Bracketed> last_bracketed(std::string_view text,
                                        const std::function<bool(std::string_view)>& shape);

}  // namespace evp::evaluate
