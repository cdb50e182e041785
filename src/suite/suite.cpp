// load_suite: parses the YAML, validates each top-level key, and resolves paths from the
// suite's folder (see suite.h).
#include "suite/suite.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <fstream>
#include <sstream>

#include "base/errors.h"
#include "base/hash.h"
#include "base/join.h"
#include "suite/model_specs.h"
#include "suite/yaml_reader.h"

namespace evp::suite {
namespace {

const std::vector<std::string_view> kSuiteKeys = {
    "name", "description", "dataset",   "system_prompt", "models",  "rollout",
    "runs", "evaluators",  "threshold", "cluster_key",   "baseline"};
const std::vector<std::string_view> kDatasetKeys = {"path", "prompt_template",
                                                    "ground_truth_column", "limit"};
const std::vector<std::string_view> kThresholdKeys = {"success", "standard_error"};

bool non_negative(double v) {
  return v >= 0;
}
bool unit_interval(double v) {
  return v >= 0 && v <= 1;
}

std::string read_text(const std::filesystem::path& file) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) {
    throw InputError(file.string(), 0, 0, "cannot read: is a directory, expected a file");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw InputError(file.string(), 0, 0, std::string("cannot read: ") + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  return std::move(ss).str();
}

YAML::Node parse_yaml(const std::string& file, const std::string& text) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    const bool known = e.mark.line >= 0;
    throw InputError(file, known ? e.mark.line + 1 : 0, known ? e.mark.column + 1 : 0,
                     "invalid YAML: " + e.msg);
  }
}

void read_dataset(const YamlReader& reader, const YamlField& f,
                  const std::filesystem::path& suite_dir, Suite& suite) {
  if (f.node.IsScalar()) {
    suite.dataset = resolve_from_suite(suite_dir, reader.string(f));
    return;
  }
  const YamlMap m = reader.map(f, kDatasetKeys, "a file path or a mapping with path");
  suite.dataset = resolve_from_suite(suite_dir, reader.string(reader.require(m, "path")));
  if (auto v = m.get("prompt_template")) suite.prompt_template = reader.string(*v);
  if (auto v = m.get("ground_truth_column")) suite.ground_truth_column = reader.string(*v);
  if (auto v = m.get("limit")) suite.limit = static_cast<size_t>(reader.integer_at_least(*v, 1));
}

RolloutSpec read_rollout(const YamlReader& reader, const YamlField& f) {
  RolloutSpec rollout;
  std::optional<YamlField> type;
  if (f.node.IsScalar()) {  // "rollout: none"
    type = f;
    type->path += ".type";
  } else {
    const YamlMap m = reader.map(f, {}, "a mapping with a type");
    for (const auto& [key, value] : m.entries()) {
      if (key == "type") {
        type = value;
      } else {
        rollout.options[key] = reader.json(value);
      }
    }
  }
  if (type) {
    rollout.type = reader.string(*type);
    if (rollout.type != "single_turn" && rollout.type != "none") {
      reader.fail(*type, "expected single_turn or none, got " + YamlReader::describe(type->node));
    }
  }
  return rollout;
}

std::vector<EvaluatorSpec> read_evaluators(const YamlReader& reader, const YamlField& f) {
  std::vector<EvaluatorSpec> out;
  for (const YamlField& entry : reader.list(f, "a list of evaluators")) {
    const YamlMap m = reader.map(entry, {}, "a mapping with a type");
    reader.string(reader.require(m, "type"));
    EvaluatorSpec spec;
    spec.config = reader.json(entry);
    spec.line = entry.mark.line + 1;
    spec.column = entry.mark.column + 1;
    spec.key_path = entry.path;
    out.push_back(std::move(spec));
  }
  return out;
}

Threshold read_threshold(const YamlReader& reader, const YamlField& f) {
  Threshold t;
  if (f.node.IsScalar()) {  // "threshold: 0.8"
    YamlField success = f;
    success.path += ".success";
    t.success = reader.number(success, "a number between 0 and 1", unit_interval);
    return t;
  }
  const YamlMap m = reader.map(f, kThresholdKeys, "a mapping with success");
  t.success =
      reader.number(reader.require(m, "success"), "a number between 0 and 1", unit_interval);
  if (auto v = m.get("standard_error")) {
    t.standard_error = reader.number(*v, "a non-negative number", non_negative);
  }
  return t;
}

}  // namespace

Suite load_suite(const std::filesystem::path& file) {
  const std::string name = file.string();
  const std::string text = read_text(file);
  const YAML::Node root = parse_yaml(name, text);
  const YamlReader reader(name);
  const YamlField document{root, "", root.Mark()};
  const YamlMap top = reader.map(document, kSuiteKeys, "a mapping with name, dataset and models");
  const std::filesystem::path suite_dir = file.parent_path();

  Suite suite;
  suite.file = file;
  suite.content_hash = sha256_hex(text);
  suite.config = reader.json(document);
  suite.name = reader.string(reader.require(top, "name"));
  if (suite.name.empty()) reader.fail(*top.get("name"), "expected a non-empty string");
  if (auto v = top.get("description")) suite.description = reader.string(*v);
  read_dataset(reader, reader.require(top, "dataset"), suite_dir, suite);
  if (auto v = top.get("system_prompt")) suite.system_prompt = reader.string(*v);
  suite.models = read_models(reader, reader.require(top, "models"), suite_dir);
  if (auto v = top.get("rollout")) suite.rollout = read_rollout(reader, *v);
  if (auto v = top.get("runs")) {
    suite.runs = static_cast<int>(std::min<long long>(reader.integer_at_least(*v, 1), INT_MAX));
  }
  if (auto v = top.get("evaluators")) suite.evaluators = read_evaluators(reader, *v);
  if (auto v = top.get("threshold")) suite.threshold = read_threshold(reader, *v);
  if (auto v = top.get("cluster_key")) {
    suite.cluster_key = reader.string(*v);
    if (suite.cluster_key->empty())
      reader.fail(*v, "expected a dotted path like input_metadata.dataset_info.topic");
  }
  if (auto v = top.get("baseline")) {
    suite.baseline = reader.string(*v);
    const std::vector<std::string> rolled_out = rolled_out_model_keys(suite);
    if (std::ranges::find(rolled_out, *suite.baseline) == rolled_out.end()) {
      reader.fail(*v, "expected the key of a model that is rolled out (" + join(rolled_out) +
                          "), got '" + *suite.baseline + "'");
    }
  }
  return suite;
}

std::vector<std::string> rolled_out_model_keys(const Suite& suite) {
  std::vector<std::string> keys;
  for (const ModelSpec& m : suite.models) {
    if (!m.judge_only) keys.push_back(m.key);
  }
  return keys;
}

}  // namespace evp::suite
