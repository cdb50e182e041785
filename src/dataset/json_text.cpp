// JSON parse errors with positions (see json_text.h).
#include "dataset/json_text.h"

#include "base/fast_json.h"

namespace evp::dataset {
namespace {

// nlohmann's what() reads "[json.exception.parse_error.101] parse error at line 1, column 8:
// syntax error while parsing value - unexpected '}'; expected end of input"; keep the part
// after the position and the "while parsing" context.
std::string reword(const std::string& what) {
  std::string rest = what;
  if (rest.rfind("[json.exception.", 0) == 0) {
    const size_t close = rest.find("] ");
    if (close != std::string::npos) rest = rest.substr(close + 2);
  }
  if (rest.rfind("parse error", 0) == 0) {
    const size_t colon = rest.find(": ");
    if (colon != std::string::npos) rest = rest.substr(colon + 2);
  }
  if (rest.rfind("syntax error while parsing ", 0) == 0) {
    const size_t dash = rest.find(" - ");
    if (dash != std::string::npos) rest = rest.substr(dash + 3);
  }
  return "invalid JSON: " + rest;
}

}  // namespace

std::optional<JsonParseFailure> parse_json(std::string_view text, Json& out) {
  try {
    out = parse_json_text(text);
    return std::nullopt;
  } catch (const Json::parse_error& e) {
    JsonParseFailure failure;
    failure.offset = e.byte > 0 ? e.byte - 1 : 0;
    failure.message = reword(e.what());
    return failure;
  } catch (const Json::exception& e) {  // e.g. a number too large for a double
    JsonParseFailure failure;
    failure.offset_known = false;
    failure.message = reword(e.what());
    return failure;
  }
}

TextPosition advance_position(std::string_view text, size_t offset, TextPosition start) {
  TextPosition p = start;
  const size_t end = offset < text.size() ? offset : text.size();
  for (size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else {
      ++p.column;
    }
  }
  if (offset > end) p.column += static_cast<int>(offset - end);
  return p;
}

}  // namespace evp::dataset
