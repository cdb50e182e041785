// Typed, checked reading of one evaluator's config object (a YAML mapping converted to JSON).
// Errors are evp::InputError naming the key path ("regex.pattern: expected a string, got
// number"); keys outside a type's list are reported by check_keys ("contains: unknown key
// 'valeu'").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.h"

namespace evp::evaluate {

class ConfigReader {
 public:
  // Reads the common keys: type (required string), name (default: the type), weight (default
  // 1, >= 0). `config` must outlive the reader.
  explicit ConfigReader(const Json& config);

  const std::string& type() const { return type_; }
  const std::string& name() const { return name_; }
  double weight() const { return weight_; }

  // Absent and null keys give nullopt (or the default).
  std::optional<std::string> optional_string(const char* key) const;
  std::string required_string(const char* key) const;
  // A string, or a number written as JSON ("42", "0.5"): YAML turns `value: 42` into a number.
  std::optional<std::string> optional_text(const char* key) const;
  bool boolean(const char* key, bool default_value) const;
  std::optional<double> optional_non_negative_number(const char* key) const;
  double non_negative_number(const char* key, double default_value) const;
  double required_non_negative_number(const char* key) const;
  std::optional<long long> optional_non_negative_integer(const char* key) const;
  // A non-empty array of non-empty strings (numbers accepted as their JSON text).
  std::vector<std::string> required_text_list(const char* key) const;
  // The raw value, or nullptr when absent or null.
  const Json* raw(const char* key) const;

  // Throws for the first key (in sorted order) that is neither common (type, name, weight)
  // nor in `keys` (space-separated). Called before the type reads its keys, so a misspelt key is
  // reported as such rather than as the missing key it was meant to be.
  void check_keys(std::string_view keys) const;

  // "TYPE.KEY: MESSAGE" and "TYPE: MESSAGE".
  [[noreturn]] void fail_key(const char* key, const std::string& message) const;
  [[noreturn]] void fail(const std::string& message) const;

 private:
  const Json* member(const char* key) const;
  [[noreturn]] void fail_type(const char* key, const char* expected, const Json& got) const;

  const Json& config_;
  std::string type_;
  std::string name_;
  double weight_ = 1.0;
};

}  // namespace evp::evaluate
