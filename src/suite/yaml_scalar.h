// YAML scalars to typed JSON values with the YAML 1.2 core schema: null, true/false, integers
// (decimal, 0o octal, 0x hex), floats (.inf, .nan), else strings. Quoted and block scalars
// (tag "!") and !!str scalars always stay strings.
#pragma once

#include <optional>
#include <string>

#include "base/json.h"

namespace evp::suite {

// `tag` is yaml-cpp's Node::Tag(): "?" for plain scalars, "!" for quoted ones, or an explicit
// tag. Returns nullopt for a tag evp does not know (a custom "!secret").
std::optional<Json> resolve_yaml_scalar(const std::string& text, const std::string& tag);

}  // namespace evp::suite
