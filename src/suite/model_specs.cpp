// Reading and validating model entries (see model_specs.h).
#include "suite/model_specs.h"

#include <algorithm>
#include <climits>

namespace evp::suite {
namespace {

const std::vector<std::string_view> kModelKeys = {
    "key",   "provider", "base_url",  "model",        "api_key_env", "params",    "limits",
    "price", "stream",   "timeout_s", "max_attempts", "optional",    "responses", "judge_only"};
const std::vector<std::string_view> kLimitKeys = {"concurrency", "rpm", "tpm"};
const std::vector<std::string_view> kPriceKeys = {"input_per_mtok", "output_per_mtok"};
// Request parameters written at the model level by mistake.
const std::vector<std::string_view> kRequestParams = {"temperature",
                                                      "max_tokens",
                                                      "max_completion_tokens",
                                                      "top_p",
                                                      "top_k",
                                                      "seed",
                                                      "stop",
                                                      "frequency_penalty",
                                                      "presence_penalty",
                                                      "reasoning_effort",
                                                      "extra_body",
                                                      "response_format"};

bool non_negative(double v) {
  return v >= 0;
}
bool positive(double v) {
  return v > 0;
}

int to_int(long long v) {
  return static_cast<int>(std::min<long long>(v, INT_MAX));
}

bool is_env_var_name(const std::string& s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string non_empty_string(const YamlReader& reader, const YamlField& f) {
  std::string s = reader.string(f);
  if (s.empty()) reader.fail(f, "expected a non-empty string");
  return s;
}

void reject_request_params_at_model_level(const YamlReader& reader, const YamlField& f) {
  if (!f.node.IsMap()) return;
  for (auto it = f.node.begin(); it != f.node.end(); ++it) {
    if (!it->first.IsScalar()) continue;
    const std::string key = it->first.Scalar();
    if (std::find(kRequestParams.begin(), kRequestParams.end(), key) != kRequestParams.end()) {
      reader.fail(it->first.Mark(), f.path,
                  "unknown key '" + key + "' (request parameters go under params)");
    }
  }
}

ModelLimits read_limits(const YamlReader& reader, const YamlField& f) {
  const YamlMap m = reader.map(f, kLimitKeys);
  ModelLimits limits;
  if (auto v = m.get("concurrency")) limits.concurrency = to_int(reader.integer_at_least(*v, 1));
  if (auto v = m.get("rpm")) limits.rpm = reader.number(*v, "a non-negative number", non_negative);
  if (auto v = m.get("tpm")) limits.tpm = reader.number(*v, "a non-negative number", non_negative);
  return limits;
}

ModelPrice read_price(const YamlReader& reader, const YamlField& f) {
  const YamlMap m = reader.map(f, kPriceKeys);
  ModelPrice price;
  if (auto v = m.get("input_per_mtok")) {
    price.input_per_mtok = reader.number(*v, "a non-negative number", non_negative);
  }
  if (auto v = m.get("output_per_mtok")) {
    price.output_per_mtok = reader.number(*v, "a non-negative number", non_negative);
  }
  return price;
}

ModelSpec read_model(const YamlReader& reader, const YamlField& f,
                     const std::filesystem::path& suite_dir) {
  reject_request_params_at_model_level(reader, f);
  const YamlMap m = reader.map(f, kModelKeys, "a mapping with key, base_url and model");
  ModelSpec spec;
  spec.line = f.mark.line + 1;
  spec.key = non_empty_string(reader, reader.require(m, "key"));
  if (auto v = m.get("provider")) {
    spec.provider = reader.string(*v);
    if (spec.provider != "openai" && spec.provider != "replay") {
      reader.fail(*v, "expected openai or replay, got " + YamlReader::describe(v->node));
    }
  }
  if (spec.provider == "openai") {
    const YamlField url = reader.require(m, "base_url", "needed for provider openai");
    spec.base_url = non_empty_string(reader, url);
    if (spec.base_url.rfind("http://", 0) != 0 && spec.base_url.rfind("https://", 0) != 0) {
      reader.fail(url,
                  "expected an http:// or https:// URL, got " + YamlReader::describe(url.node));
    }
    spec.model = non_empty_string(reader, reader.require(m, "model", "needed for provider openai"));
  } else {
    if (auto v = m.get("base_url")) spec.base_url = reader.string(*v);
    if (auto v = m.get("model")) spec.model = reader.string(*v);
    const YamlField responses = reader.require(m, "responses", "needed for provider replay");
    spec.responses = resolve_from_suite(suite_dir, non_empty_string(reader, responses));
  }
  if (auto v = m.get("api_key_env")) {
    spec.api_key_env = reader.string(*v);
    if (!is_env_var_name(spec.api_key_env)) {
      // The value is not echoed: it may be the key itself.
      reader.fail(*v,
                  "expected the name of an environment variable (letters, digits and _); the "
                  "key itself belongs in the environment, never in the suite");
    }
  }
  if (auto v = m.get("params")) {
    reader.map(*v, {});  // a mapping, with no key twice
    spec.params = reader.json(*v);
  }
  if (auto v = m.get("limits")) spec.limits = read_limits(reader, *v);
  if (auto v = m.get("price")) spec.price = read_price(reader, *v);
  if (auto v = m.get("stream")) spec.stream = reader.boolean(*v);
  if (auto v = m.get("timeout_s"))
    spec.timeout_s = reader.number(*v, "a positive number", positive);
  if (auto v = m.get("max_attempts")) spec.max_attempts = to_int(reader.integer_at_least(*v, 1));
  if (auto v = m.get("optional")) spec.optional = reader.boolean(*v);
  if (auto v = m.get("judge_only")) spec.judge_only = reader.boolean(*v);
  return spec;
}

}  // namespace

std::filesystem::path resolve_from_suite(const std::filesystem::path& suite_dir,
                                         const std::string& path) {
  const std::filesystem::path p(path);
  if (p.is_absolute() || suite_dir.empty()) return p;
  return suite_dir / p;
}

std::vector<ModelSpec> read_models(const YamlReader& reader, const YamlField& models,
                                   const std::filesystem::path& suite_dir) {
  const auto entries = reader.list(models, "a non-empty list of models");
  if (entries.empty())
    reader.fail(models, "expected a non-empty list of models, got an empty list");
  std::vector<ModelSpec> out;
  for (const YamlField& entry : entries) {
    ModelSpec spec = read_model(reader, entry, suite_dir);
    for (const ModelSpec& earlier : out) {
      if (earlier.key == spec.key) {
        const YamlMap m = reader.map(entry, kModelKeys);
        reader.fail(*m.get("key"), "duplicate model key '" + spec.key + "' (first on line " +
                                       std::to_string(earlier.line) + ")");
      }
    }
    out.push_back(std::move(spec));
  }
  if (std::all_of(out.begin(), out.end(), [](const ModelSpec& m) { return m.judge_only; })) {
    reader.fail(models, "every model is judge_only: at least one model must be rolled out");
  }
  return out;
}

}  // namespace evp::suite
