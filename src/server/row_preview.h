// What a table row shows of a stored Eval Protocol row: the question (last user message) and
// the answer (last assistant message) as text, cut to a few hundred characters.
#pragma once

#include <string>
#include <string_view>

#include "base/json.h"

namespace evp::server {

struct RowPreview {
  std::string question, answer;
};

// From the row's JSON text; empty strings when the text is not a row or lacks the messages.
RowPreview preview_row(std::string_view row_json, size_t max_chars = 200);
// The messages of a row before its first assistant message (the prompt), and from it on (the
// answer), for showing one side of a battle.
struct SplitConversation {
  Json prompt = Json::array();
  Json answer = Json::array();
};
SplitConversation split_conversation(const Json& row);

// `text` cut to at most `max_chars` UTF-8 characters, with "…" when cut.
std::string cut_text(std::string_view text, size_t max_chars);
// The number of UTF-8 characters (code points) in `text`.
size_t utf8_length(std::string_view text);
// The text of a message's content: a string, or the text parts of a content array joined.
std::string content_text(const Json& content);

}  // namespace evp::server
