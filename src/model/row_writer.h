// Eval Protocol rows and messages written as JSON text directly, without building a JSON tree:
// byte for byte what dump_json(to_json(x)) writes (row_json.h), with the same null omission
// and the same merging of unknown keys, at a fraction of the allocations.
#pragma once

#include <string>
#include <vector>

#include "model/evaluation_row.h"
#include "model/message.h"

namespace evp::model {

// Appends dump_json(to_json(row)).
void append_row_json(std::string& out, const EvaluationRow& row);

// Appends dump_json(to_json(message)).
void append_message_json(std::string& out, const Message& message);

// Appends dump_json(to_json(messages)).
void append_messages_json(std::string& out, const std::vector<Message>& messages);

// Appends dump_json(chat_api_json(messages)) (row_json.h).
void append_chat_api_json(std::string& out, const std::vector<Message>& messages);

// Appends dump_json(to_json(usage)).
void append_usage_json(std::string& out, const Usage& usage);

// dump_json(to_json(row)).
std::string row_json_text(const EvaluationRow& row);

}  // namespace evp::model
