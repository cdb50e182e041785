// YamlReader and YamlMap (see yaml_reader.h).
#include "suite/yaml_reader.h"

#include <algorithm>

#include "base/errors.h"
#include "suite/closest_key.h"
#include "suite/yaml_scalar.h"

namespace evp::suite {
namespace {

std::string child_path(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

std::string prefixed(const std::string& path, const std::string& message) {
  return path.empty() ? message : path + ": " + message;
}

std::string join(const std::vector<std::string_view>& names) {
  std::string out;
  for (std::string_view n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

bool has_position(const YAML::Mark& m) {
  return m.line >= 0 && m.column >= 0;
}

}  // namespace

std::optional<YamlField> YamlMap::get(std::string_view key) const {
  for (const auto& [k, v] : entries_) {
    if (k == key) {
      if (v.node.IsNull()) return std::nullopt;
      return v;
    }
  }
  return std::nullopt;
}

void YamlReader::fail(const YAML::Mark& mark, const std::string& path,
                      const std::string& message) const {
  const bool known = has_position(mark);
  throw InputError(file_, known ? mark.line + 1 : 0, known ? mark.column + 1 : 0,
                   prefixed(path, message));
}

void YamlReader::fail(const YamlField& at, const std::string& message) const {
  fail(at.mark, at.path, message);
}

std::string YamlReader::describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return "nothing";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Scalar:
      break;
  }
  std::string text = node.Scalar();
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  if (node.Tag() == "!") return "the string \"" + text + "\"";
  return "'" + text + "'";
}

std::string YamlReader::string(const YamlField& f) const {
  if (!f.node.IsScalar()) fail(f, "expected a string, got " + describe(f.node));
  return f.node.Scalar();
}

double YamlReader::number(const YamlField& f, const char* expected, bool (*accept)(double)) const {
  const Json v = f.node.IsScalar() ? json(f) : Json();
  if (!v.is_number() || !accept(v.get<double>())) {
    fail(f, std::string("expected ") + expected + ", got " + describe(f.node));
  }
  return v.get<double>();
}

long long YamlReader::integer_at_least(const YamlField& f, long long min) const {
  const Json v = f.node.IsScalar() ? json(f) : Json();
  if (!v.is_number_integer() || v.get<long long>() < min) {
    fail(f, "expected an integer >= " + std::to_string(min) + ", got " + describe(f.node));
  }
  return v.get<long long>();
}

bool YamlReader::boolean(const YamlField& f) const {
  const Json v = f.node.IsScalar() ? json(f) : Json();
  if (!v.is_boolean()) fail(f, "expected true or false, got " + describe(f.node));
  return v.get<bool>();
}

Json YamlReader::json(const YamlField& f) const {
  switch (f.node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
    case YAML::NodeType::Scalar: {
      auto value = resolve_yaml_scalar(f.node.Scalar(), f.node.Tag());
      if (!value) fail(f, "unsupported YAML tag '" + f.node.Tag() + "'");
      return *value;
    }
    case YAML::NodeType::Sequence: {
      Json out = Json::array();
      for (const YamlField& element : list(f, "a list")) out.push_back(json(element));
      return out;
    }
    case YAML::NodeType::Map: {
      Json out = Json::object();
      const YamlMap m = map(f, {});
      for (const auto& [key, value] : m.entries()) out[key] = json(value);
      return out;
    }
  }
  return nullptr;
}

YamlMap YamlReader::map(const YamlField& f, const std::vector<std::string_view>& known,
                        const std::string& expected) const {
  if (!f.node.IsMap()) fail(f, "expected " + expected + ", got " + describe(f.node));
  YamlMap out;
  out.field_ = f;
  std::vector<int> key_lines;
  for (auto it = f.node.begin(); it != f.node.end(); ++it) {
    const YAML::Node key_node = it->first;
    if (!key_node.IsScalar()) {
      fail(key_node.Mark(), f.path, "expected keys to be strings, got " + describe(key_node));
    }
    const std::string key = key_node.Scalar();
    auto seen = std::find_if(out.entries_.begin(), out.entries_.end(),
                             [&](const auto& e) { return e.first == key; });
    if (seen != out.entries_.end()) {
      fail(key_node.Mark(), f.path,
           "duplicate key '" + key + "' (first on line " +
               std::to_string(key_lines[seen - out.entries_.begin()]) + ")");
    }
    if (!known.empty() && std::find(known.begin(), known.end(), key) == known.end()) {
      const auto suggestion = closest_key(key, known);
      fail(key_node.Mark(), f.path,
           "unknown key '" + key + "' (" +
               (suggestion ? "did you mean '" + *suggestion + "'?"
                           : "expected one of: " + join(known)) +
               ")");
    }
    const YAML::Node value = it->second;
    const YAML::Mark mark =
        value.IsNull() || !has_position(value.Mark()) ? key_node.Mark() : value.Mark();
    out.entries_.emplace_back(key, YamlField{value, child_path(f.path, key), mark});
    key_lines.push_back(key_node.Mark().line + 1);
  }
  return out;
}

YamlField YamlReader::require(const YamlMap& map, std::string_view key,
                              const std::string& why) const {
  for (const auto& [k, v] : map.entries()) {
    if (k == key) return v;  // an empty value is reported by the typed read that follows
  }
  fail(map.field(),
       "missing required key '" + std::string(key) + "'" + (why.empty() ? "" : " (" + why + ")"));
}

std::vector<YamlField> YamlReader::list(const YamlField& f, const std::string& expected) const {
  if (!f.node.IsSequence()) fail(f, "expected " + expected + ", got " + describe(f.node));
  std::vector<YamlField> out;
  size_t i = 0;
  for (auto it = f.node.begin(); it != f.node.end(); ++it, ++i) {
    const YAML::Node element = *it;
    const YAML::Mark mark =
        element.IsNull() || !has_position(element.Mark()) ? f.mark : element.Mark();
    out.push_back({element, f.path + "[" + std::to_string(i) + "]", mark});
  }
  return out;
}

}  // namespace evp::suite
