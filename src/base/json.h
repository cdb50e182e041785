// The JSON value type used across evp (nlohmann::json: objects keep keys sorted, which
// makes serialized rows canonical and content hashes stable).
#pragma once

#include <nlohmann/json.hpp>

namespace evp {

using Json = nlohmann::json;

// Serializes compactly; invalid UTF-8 is replaced, never thrown on, so a model's broken
// bytes cannot lose a row.
inline std::string dump_json(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace evp
