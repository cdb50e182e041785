// Typed reading of a YAML document with positioned errors that name the key path:
// "suite.yaml:12:14: models[0].limits.rpm: expected a non-negative number, got 'fast'".
// Mappings are checked as they are read: string keys, none twice, none unknown.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "base/json.h"

namespace evp::suite {

// A value in the document and what is needed to report a problem with it.
struct YamlField {
  YAML::Node node;
  std::string path;  // "models[0].limits.rpm"; empty for the document itself
  YAML::Mark mark;   // the value's position, or its key's when the value is empty
};

// A mapping whose keys have been checked.
class YamlMap {
 public:
  const YamlField& field() const { return field_; }
  const std::vector<std::pair<std::string, YamlField>>& entries() const { return entries_; }
  // The value of `key`; nullopt when the key is absent or its value is empty (null).
  std::optional<YamlField> get(std::string_view key) const;

 private:
  friend class YamlReader;
  YamlField field_;
  std::vector<std::pair<std::string, YamlField>> entries_;
};

class YamlReader {
 public:
  explicit YamlReader(std::string file) : file_(std::move(file)) {}

  // Throws evp::InputError at the field: "FILE:LINE:COL: PATH: message".
  [[noreturn]] void fail(const YamlField& at, const std::string& message) const;
  [[noreturn]] void fail(const YAML::Mark& mark, const std::string& path,
                         const std::string& message) const;

  // "'fast'" for a plain scalar, "the string \"600\"" for a quoted one, "a list", "a mapping",
  // "nothing" for an empty value.
  static std::string describe(const YAML::Node& node);

  // Any non-empty scalar, as written.
  std::string string(const YamlField& f) const;
  // A number (integer or float) for which accept(value) holds; else "expected <expected>".
  double number(const YamlField& f, const char* expected, bool (*accept)(double)) const;
  long long integer_at_least(const YamlField& f, long long min) const;
  bool boolean(const YamlField& f) const;
  // Any value as JSON, scalars typed by the YAML 1.2 core schema.
  Json json(const YamlField& f) const;

  // A mapping whose keys must be among `known` (any key when `known` is empty); `expected`
  // describes the mapping in the error when the value is something else.
  YamlMap map(const YamlField& f, const std::vector<std::string_view>& known,
              const std::string& expected = "a mapping") const;
  // The value of a required key (possibly empty, which the typed read then reports); a missing
  // key is reported at the mapping, "PATH: missing required key 'k' (why)".
  YamlField require(const YamlMap& map, std::string_view key, const std::string& why = "") const;
  std::vector<YamlField> list(const YamlField& f, const std::string& expected) const;

 private:
  std::string file_;
};

}  // namespace evp::suite
