// parse_completion: tolerant of extra fields, strict about the message itself.
#include "llm/chat_response.h"

#include "base/errors.h"
#include "llm/chat_errors.h"
#include "model/row_json.h"

namespace evp::llm {

std::optional<model::Usage> usage_if_valid(const Json& usage) {
  if (!usage.is_object()) return std::nullopt;
  try {
    return model::usage_from_json(usage);
  } catch (const FormatError&) {
    return std::nullopt;
  }
}

ParsedCompletion parse_completion(std::string_view body) {
  ParsedCompletion out;
  try {
    out.raw = Json::parse(body);
  } catch (const Json::parse_error& e) {
    out.error = "malformed JSON in the response body at byte " + std::to_string(e.byte);
    return out;
  }
  if (!out.raw.is_object()) {
    out.error = "the response body is not a JSON object";
    return out;
  }
  if (auto e = out.raw.find("error"); e != out.raw.end() && !e->is_null()) {
    out.error = "the server answered with an error: " + server_error_message(body);
    return out;
  }
  const auto choices = out.raw.find("choices");
  if (choices == out.raw.end() || !choices->is_array() || choices->empty() ||
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
  if (auto u = out.raw.find("usage"); u != out.raw.end()) out.usage = usage_if_valid(*u);
  return out;
}

}  // namespace evp::llm
