// Fast JSON text -> Json. simdjson's validating parser reads the text, then the tree is built
// from its tape: the same values as Json::parse, several times faster, because nlohmann's
// lexer grows fresh token buffers byte by byte on every parse. Whatever simdjson rejects
// (malformed text, numbers beyond 64 bits or a double, nesting deeper than 1024) is handed
// to Json::parse, so errors and the rare values only nlohmann accepts are exactly its own.
// One difference: "-0" reads as the unsigned 0 (nlohmann: the signed 0; equal, same dump).
#pragma once

#include <string_view>

#include "base/json.h"

namespace evp {

// Json::parse(text): throws what Json::parse throws.
Json parse_json_text(std::string_view text);

// Json::parse(text, nullptr, false): a discarded value when the text is not JSON.
Json parse_json_text_or_discarded(std::string_view text);

}  // namespace evp
