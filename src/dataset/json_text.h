// Parsing JSON text with positions: nlohmann's parse errors reworded as "invalid JSON: ..."
// with the offset of the offending byte, and offsets turned into line:column.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "base/json.h"

namespace evp::dataset {

struct JsonParseFailure {
  size_t offset = 0;  // 0-based offset of the offending byte (may equal the text size)
  bool offset_known = true;
  std::string message;  // "invalid JSON: unexpected '}'; expected end of input"
};

// Parses `text` into `out`; returns the failure instead of throwing.
std::optional<JsonParseFailure> parse_json(std::string_view text, Json& out);

struct TextPosition {
  int line = 1;    // 1-based
  int column = 1;  // 1-based, in bytes
};

// The position `offset` bytes after `start` in `text` (text begins at `start`).
TextPosition advance_position(std::string_view text, size_t offset, TextPosition start);

inline bool is_json_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

}  // namespace evp::dataset
