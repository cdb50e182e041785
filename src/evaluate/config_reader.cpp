// Implementation of ConfigReader.
#include "evaluate/config_reader.h"

#include <cmath>

#include "base/errors.h"
#include "model/json_reader.h"

namespace evp::evaluate {

namespace {

// A number written back as JSON text: 42 -> "42", 0.5 -> "0.5".
std::string number_text(const Json& j) {
  return dump_json(j);
}

}  // namespace

ConfigReader::ConfigReader(const Json& config) : config_(config) {
  if (!config.is_object()) {
    throw InputError("evaluator: expected an object, got " + model::json_type_name(config));
  }
  const Json* type = member("type");
  if (!type) throw InputError("evaluator: 'type' is required");
  if (!type->is_string()) {
    throw InputError("evaluator.type: expected a string, got " + model::json_type_name(*type));
  }
  type_ = type->get<std::string>();
  if (const Json* name = member("name")) {
    if (!name->is_string()) fail_type("name", "a non-empty string", *name);
    name_ = name->get<std::string>();
    if (name_.empty()) fail_key("name", "expected a non-empty string");
  } else {
    name_ = type_;
  }
  weight_ = non_negative_number("weight", 1.0);
}

const Json* ConfigReader::member(const char* key) const {
  return model::find_member(config_, key);
}

const Json* ConfigReader::raw(const char* key) const {
  return member(key);
}

void ConfigReader::fail_key(const char* key, const std::string& message) const {
  throw InputError(type_ + "." + key + ": " + message);
}

void ConfigReader::fail(const std::string& message) const {
  throw InputError(type_ + ": " + message);
}

void ConfigReader::fail_type(const char* key, const char* expected, const Json& got) const {
  fail_key(key, std::string("expected ") + expected + ", got " + model::json_type_name(got));
}

std::optional<std::string> ConfigReader::optional_string(const char* key) const {
  const Json* v = member(key);
  if (!v) return std::nullopt;
  if (!v->is_string()) fail_type(key, "a string", *v);
  return v->get<std::string>();
}

std::string ConfigReader::required_string(const char* key) const {
  std::optional<std::string> v = optional_string(key);
  if (!v) fail(std::string("'") + key + "' is required");
  return *v;
}

std::optional<std::string> ConfigReader::optional_text(const char* key) const {
  const Json* v = member(key);
  if (!v) return std::nullopt;
  if (v->is_number()) return number_text(*v);
  if (!v->is_string()) fail_type(key, "a string", *v);
  return v->get<std::string>();
}

bool ConfigReader::boolean(const char* key, bool default_value) const {
  const Json* v = member(key);
  if (!v) return default_value;
  if (!v->is_boolean()) fail_type(key, "a boolean", *v);
  return v->get<bool>();
}

std::optional<double> ConfigReader::optional_non_negative_number(const char* key) const {
  const Json* v = member(key);
  if (!v) return std::nullopt;
  if (!v->is_number()) fail_type(key, "a non-negative number", *v);
  const double d = v->get<double>();
  if (!(d >= 0)) fail_key(key, "expected a non-negative number");
  return d;
}

double ConfigReader::non_negative_number(const char* key, double default_value) const {
  return optional_non_negative_number(key).value_or(default_value);
}

double ConfigReader::required_non_negative_number(const char* key) const {
  std::optional<double> v = optional_non_negative_number(key);
  if (!v) fail(std::string("'") + key + "' is required");
  return *v;
}

std::optional<long long> ConfigReader::optional_non_negative_integer(const char* key) const {
  const Json* v = member(key);
  if (!v) return std::nullopt;
  if (!v->is_number()) fail_type(key, "a non-negative integer", *v);
  if (v->is_number_unsigned()) return static_cast<long long>(v->get<unsigned long long>());
  if (v->is_number_integer() && v->get<long long>() >= 0) return v->get<long long>();
  if (v->is_number_float()) {
    const double d = v->get<double>();
    if (d >= 0 && d <= 9e15 && std::floor(d) == d) return static_cast<long long>(d);
  }
  fail_key(key, "expected a non-negative integer");
}

std::vector<std::string> ConfigReader::required_text_list(const char* key) const {
  const Json* v = member(key);
  if (!v) fail(std::string("'") + key + "' is required");
  if (!v->is_array()) fail_type(key, "an array of strings", *v);
  if (v->empty()) fail_key(key, "expected a non-empty array of strings");
  std::vector<std::string> out;
  out.reserve(v->size());
  for (size_t i = 0; i < v->size(); ++i) {
    const Json& item = (*v)[i];
    const std::string path = std::string(key) + "[" + std::to_string(i) + "]";
    if (item.is_number()) {
      out.push_back(number_text(item));
      continue;
    }
    if (!item.is_string()) fail_type(path.c_str(), "a string", item);
    if (item.get_ref<const std::string&>().empty()) {
      fail_key(path.c_str(), "expected a non-empty string");
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

namespace {

bool in_key_list(std::string_view keys, std::string_view key) {
  while (!keys.empty()) {
    const std::size_t space = keys.find(' ');
    if (keys.substr(0, space) == key) return true;
    if (space == std::string_view::npos) break;
    keys.remove_prefix(space + 1);
  }
  return false;
}

}  // namespace

void ConfigReader::check_keys(std::string_view keys) const {
  for (const auto& [key, value] : config_.items()) {
    if (key == "type" || key == "name" || key == "weight") continue;
    if (!in_key_list(keys, key)) fail("unknown key '" + key + "'");
  }
}

}  // namespace evp::evaluate
