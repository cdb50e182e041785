// Typed access to JSON values with path-named errors; the building block of every reader
// of the data model ("input_metadata.row_id: expected a string, got number").
#pragma once

#include <optional>
#include <string>

#include "base/errors.h"
#include "base/json.h"

namespace evp::model {

std::string json_type_name(const Json& j);
[[noreturn]] void throw_expected(const std::string& path, const char* expected, const Json& got);

inline std::string child_path(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}
inline std::string index_path(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

const Json& expect_object(const Json& j, const std::string& path);
const Json& expect_array(const Json& j, const std::string& path);
std::string expect_string(const Json& j, const std::string& path);
double expect_number(const Json& j, const std::string& path);
long long expect_integer(const Json& j, const std::string& path);
bool expect_bool(const Json& j, const std::string& path);

// Optional members: absent or null give nullopt.
const Json* find_member(const Json& obj, const char* key);
std::optional<std::string> opt_string(const Json& obj, const char* key, const std::string& path);
std::optional<double> opt_number(const Json& obj, const char* key, const std::string& path);
std::optional<long long> opt_integer(const Json& obj, const char* key, const std::string& path);
std::optional<bool> opt_bool(const Json& obj, const char* key, const std::string& path);
std::optional<Json> opt_json(const Json& obj, const char* key);

}  // namespace evp::model
