// JSON conversion for the data model. Reading validates types and throws evp::FormatError
// naming the JSON path ("messages[1].tool_calls[0].function.name: expected a string");
// writing omits null fields, as Eval Protocol does, and writes back unknown keys.
#pragma once

#include "base/json.h"
#include "model/evaluation_row.h"

namespace evp::model {

Json to_json(const Message& m);
Json to_json(const Status& s);
Json to_json(const EvaluateResult& r);
Json to_json(const MetricResult& r);
Json to_json(const Usage& u);
Json to_json(const EvaluationRow& row);

Message message_from_json(const Json& j, const std::string& path = "message");
Status status_from_json(const Json& j, const std::string& path = "status");
EvaluateResult evaluate_result_from_json(const Json& j,
                                         const std::string& path = "evaluation_result");
Usage usage_from_json(const Json& j, const std::string& path = "usage");
EvaluationRow row_from_json(const Json& j);

std::vector<Message> messages_from_json(const Json& j, const std::string& path = "messages");
Json to_json(const std::vector<Message>& messages);
// The messages as a chat-completions API takes them: to_json without Eval Protocol's own
// fields (reasoning_content, control_plane_step, weight), as EP sends them.
Json chat_api_json(const std::vector<Message>& messages);

}  // namespace evp::model
