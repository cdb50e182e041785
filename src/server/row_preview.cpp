// Row previews: the last user and assistant messages as plain text.
#include "server/row_preview.h"

#include "base/fast_json.h"

namespace evp::server {

std::string cut_text(std::string_view text, size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xC0) == 0x80) continue;  // a continuation byte
    if (chars == max_chars) return std::string(text.substr(0, i)) + "\u2026";
    ++chars;
  }
  return std::string(text);
}

size_t utf8_length(std::string_view text) {
  size_t n = 0;
  for (const char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::string content_text(const Json& content) {
  if (content.is_string()) return content.get<std::string>();
  std::string out;
  if (!content.is_array()) return out;
  for (const Json& part : content) {
    if (!part.is_object()) continue;
    if (part.value("type", "") == "text" && part.contains("text") && part["text"].is_string()) {
      if (!out.empty()) out += "\n";
      out += part["text"].get<std::string>();
    } else if (part.value("type", "") == "image_url") {
      if (!out.empty()) out += "\n";
      out += "[image]";
    }
  }
  return out;
}

RowPreview preview_row(std::string_view row_json, size_t max_chars) {
  RowPreview preview;
  const Json row = parse_json_text_or_discarded(row_json);
  if (!row.is_object() || !row.contains("messages") || !row["messages"].is_array()) {
    return preview;
  }
  const Json& messages = row["messages"];
  bool have_question = false, have_answer = false;
  for (auto it = messages.rbegin(); it != messages.rend(); ++it) {
    if (!it->is_object()) continue;
    const std::string role = it->value("role", "");
    const Json content = it->contains("content") ? (*it)["content"] : Json();
    if (role == "assistant" && !have_answer && !have_question) {
      preview.answer = cut_text(content_text(content), max_chars);
      have_answer = true;
    } else if (role == "user" && !have_question) {
      preview.question = cut_text(content_text(content), max_chars);
      have_question = true;
    }
    if (have_question) break;
  }
  return preview;
}

SplitConversation split_conversation(const Json& row) {
  SplitConversation out;
  if (!row.is_object() || !row.contains("messages") || !row["messages"].is_array()) return out;
  bool answering = false;
  for (const Json& m : row["messages"]) {
    if (m.is_object() && m.value("role", "") == "assistant") answering = true;
    (answering ? out.answer : out.prompt).push_back(m);
  }
  return out;
}

}  // namespace evp::server
