// Implementation of the typed JSON accessors.
#include "model/json_reader.h"

#include <cmath>

namespace evp::model {

std::string json_type_name(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::object:
      return "object";
    case Json::value_t::array:
      return "array";
    case Json::value_t::string:
      return "string";
    case Json::value_t::boolean:
      return "boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return "number";
    default:
      return "value";
  }
}

void throw_expected(const std::string& path, const char* expected, const Json& got) {
  throw FormatError(path + ": expected " + expected + ", got " + json_type_name(got));
}

const Json& expect_object(const Json& j, const std::string& path) {
  if (!j.is_object()) throw_expected(path, "an object", j);
  return j;
}
const Json& expect_array(const Json& j, const std::string& path) {
  if (!j.is_array()) throw_expected(path, "an array", j);
  return j;
}
std::string expect_string(const Json& j, const std::string& path) {
  if (!j.is_string()) throw_expected(path, "a string", j);
  return j.get<std::string>();
}
double expect_number(const Json& j, const std::string& path) {
  if (!j.is_number()) throw_expected(path, "a number", j);
  return j.get<double>();
}
long long expect_integer(const Json& j, const std::string& path) {
  if (j.is_number_integer()) return j.get<long long>();
  if (j.is_number_float()) {
    const double d = j.get<double>();
    if (std::floor(d) == d) return static_cast<long long>(d);
  }
  throw_expected(path, "an integer", j);
}
bool expect_bool(const Json& j, const std::string& path) {
  if (!j.is_boolean()) throw_expected(path, "a boolean", j);
  return j.get<bool>();
}

const Json* find_member(const Json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}
// The opt_* readers name the member's path only when they throw: building it for every
// member read was a string allocation per field of every row and answer.
std::optional<std::string> opt_string(const Json& obj, const char* key, const std::string& path) {
  const Json* v = find_member(obj, key);
  if (!v) return std::nullopt;
  if (!v->is_string()) throw_expected(child_path(path, key), "a string", *v);
  return v->get<std::string>();
}
std::optional<double> opt_number(const Json& obj, const char* key, const std::string& path) {
  const Json* v = find_member(obj, key);
  if (!v) return std::nullopt;
  if (!v->is_number()) throw_expected(child_path(path, key), "a number", *v);
  return v->get<double>();
}
std::optional<long long> opt_integer(const Json& obj, const char* key, const std::string& path) {
  const Json* v = find_member(obj, key);
  if (!v) return std::nullopt;
  if (v->is_number_integer()) return v->get<long long>();
  return expect_integer(*v, child_path(path, key));
}
std::optional<bool> opt_bool(const Json& obj, const char* key, const std::string& path) {
  const Json* v = find_member(obj, key);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) throw_expected(child_path(path, key), "a boolean", *v);
  return v->get<bool>();
}
std::optional<Json> opt_json(const Json& obj, const char* key) {
  const Json* v = find_member(obj, key);
  if (!v) return std::nullopt;
  return *v;
}

}  // namespace evp::model
