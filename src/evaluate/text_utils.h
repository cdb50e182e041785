// Text helpers shared by the evaluators: ASCII trimming and case folding, UTF-8 aware counting
// and truncation, quoting for reasons, shortest number formatting, ```json fence unwrapping.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace evp::evaluate {

// Space, \t, \n, \v, \f, \r.
inline bool is_ascii_space(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}
inline bool is_ascii_digit(char c) {
  return c >= '0' && c <= '9';
}
inline bool is_ascii_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
inline char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

std::string_view trim(std::string_view s);
// Lowercases A-Z only; other bytes (including all non-ASCII) are kept.
std::string ascii_lower(std::string_view s);
// Whether `haystack` contains `lowered_needle` (already ASCII-lowercased), ignoring ASCII case.
bool contains_ignore_case(std::string_view haystack, std::string_view lowered_needle);
// Unicode code points in UTF-8 text (bytes that are not continuation bytes).
std::size_t count_code_points(std::string_view s);
// Maximal runs of non-whitespace bytes.
std::size_t count_words(std::string_view s);

// 's' cut to its first `max_code_points` code points, with "..." appended when longer (never
// inside a UTF-8 sequence).
std::string shortened(std::string_view s, std::size_t max_code_points);
// shortened(s, max_code_points) in single quotes; used to show texts in reasons.
std::string single_quoted(std::string_view s, std::size_t max_code_points = 60);

// Shortest text that reads back as the same double: 42, 0.75, -1.5, 1e+21.
std::string format_number(double value);

// When the text holds exactly one fenced code block ("```" twice) whose info string is empty
// or "json" (any case), its body; otherwise the text itself. Either way, trimmed.
std::string_view unwrap_json_fence(std::string_view text);

}  // namespace evp::evaluate
