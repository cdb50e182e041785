// Reading a JSON document in place with simdjson's DOM, for readers that want a few values
// from a document without building a tree (see fast_json.h for the whole-tree parse).
#pragma once

#include <simdjson.h>

#include <optional>
#include <string_view>

#include "base/json.h"

namespace evp::fast_json {

// The document's root, or nullopt when simdjson rejects the text (the caller then asks
// Json::parse, whose error or value is the answer). Uses the calling thread's parser: the
// element is valid until this thread's next parse_dom.
std::optional<simdjson::dom::element> parse_dom(std::string_view text);

// The element as Json, with Json::parse's number types: non-negative integers unsigned,
// negative ones signed, the rest double.
Json to_json(simdjson::dom::element element);

}  // namespace evp::fast_json
