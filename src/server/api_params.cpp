// Query parameter parsing with 400 errors that name the parameter.
#include "server/api_params.h"

#include <charconv>
#include <cmath>

#include "base/fast_json.h"
#include "base/join.h"

namespace evp::server {

std::optional<std::string> text_param(const ApiRequest& request, const std::string& name) {
  auto it = request.query.find(name);
  if (it == request.query.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

std::string required_param(const ApiRequest& request, const std::string& name) {
  auto value = text_param(request, name);
  if (!value) throw ApiError(400, name + ": required");
  return *value;
}

std::optional<double> number_param(const ApiRequest& request, const std::string& name) {
  auto text = text_param(request, name);
  if (!text) return std::nullopt;
  double value = 0;
  const char* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) {
    throw ApiError(400, name + ": expected a number, got '" + *text + "'");
  }
  return value;
}

long long integer_param(const ApiRequest& request, const std::string& name, long long fallback,
                        long long low, long long high) {
  auto text = text_param(request, name);
  if (!text) return fallback;
  long long value = 0;
  const char* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (ec != std::errc() || ptr != end || value < low || value > high) {
    throw ApiError(400, name + ": expected a whole number from " + std::to_string(low) + " to " +
                            std::to_string(high) + ", got '" + *text + "'");
  }
  return value;
}

std::string choice_param(const ApiRequest& request, const std::string& name,
                         std::initializer_list<const char*> allowed, const std::string& fallback) {
  auto text = text_param(request, name);
  if (!text) return fallback;
  for (const char* a : allowed) {
    if (*text == a) return *text;
  }
  throw ApiError(400, name + ": expected one of " +
                          join(std::vector<std::string>(allowed.begin(), allowed.end()), ", ") +
                          ", got '" + *text + "'");
}

int page_limit(const ApiRequest& request) {
  return static_cast<int>(integer_param(request, "limit", 50, 1, 500));
}

Json json_body(const ApiRequest& request) {
  Json body = parse_json_text_or_discarded(request.body);
  if (!body.is_object()) throw ApiError(400, "body: expected a JSON object");
  return body;
}

}  // namespace evp::server
