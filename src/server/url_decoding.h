// Decoding request targets: splitting path from query, percent-decoding path segments
// (`%XX` only) and query strings (`+` as space, `%XX`), as the REST transport hands them to
// the API (api_types.h: ApiRequest::segments and ApiRequest::query).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evp::server {

// A request target cut at the first '?': "/api/x?a=1" -> {"/api/x", "a=1"}. An absolute-form
// target ("http://host/path?q") is reduced to its path and query.
struct SplitTarget {
  std::string_view path;
  std::string_view query;
};
SplitTarget split_target(std::string_view target);

// Percent-decodes `text`; with `plus_is_space` a '+' becomes ' ' (query strings). nullopt
// when a '%' is not followed by two hex digits.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

// Splits `path` on '/' and decodes each segment: "a/b%20c" -> {"a", "b c"}; "" -> {}; a
// trailing '/' gives a last empty segment. nullopt on bad percent-encoding.
std::optional<std::vector<std::string>> decode_path_segments(std::string_view path);

// Decodes "a=1&b=x+y&c" -> {a: "1", b: "x y", c: ""}; empty pairs are skipped and a repeated
// key keeps its last value. nullopt on bad percent-encoding.
std::optional<std::map<std::string, std::string>> decode_query(std::string_view query);

}  // namespace evp::server
