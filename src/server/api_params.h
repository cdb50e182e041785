// Reading the query parameters of an API request, each failure an ApiError 400 that names the
// parameter and what was expected ("limit: expected a whole number from 1 to 500, got 'x'").
#pragma once

#include <initializer_list>
#include <optional>
#include <string>

#include "server/api_types.h"

namespace evp::server {

// The value of `name`, or nullopt when absent or empty.
std::optional<std::string> text_param(const ApiRequest& request, const std::string& name);
// The value of `name`; 400 "NAME: required" when absent or empty.
std::string required_param(const ApiRequest& request, const std::string& name);
// A finite number; 400 when it is not one.
std::optional<double> number_param(const ApiRequest& request, const std::string& name);
// A whole number within [low, high]; `fallback` when absent.
long long integer_param(const ApiRequest& request, const std::string& name, long long fallback,
                        long long low, long long high);
// One of `allowed`; `fallback` when absent.
std::string choice_param(const ApiRequest& request, const std::string& name,
                         std::initializer_list<const char*> allowed, const std::string& fallback);
// `limit`: 1..500, default 50.
int page_limit(const ApiRequest& request);

// The request body as a JSON object; 400 when it is not one.
Json json_body(const ApiRequest& request);

}  // namespace evp::server
