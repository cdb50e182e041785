// "Did you mean" for unknown keys: the known key nearest to a misspelt one, by edit distance
// (an adjacent transposition counts as one edit; case is ignored).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evp::suite {

// The known key within max(1, size/3) edits of `unknown`, the nearest first; nullopt if none.
std::optional<std::string> closest_key(std::string_view unknown,
                                       const std::vector<std::string_view>& known);

// Optimal-string-alignment distance between two strings, ignoring ASCII case.
size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace evp::suite
