// Suite files: the full example, defaults, path resolution, YAML typing, and each validation
// error's exact message and position.
#include <gtest/gtest.h>

#include "base/errors.h"
#include "suite/suite.h"
#include "support/temp_dir.h"

namespace evp::suite {
namespace {

using evp::test::TempDir;

const char* kFullSuite = R"(# A full suite.
name: support-regression
description: Answers to support questions
dataset: data/questions.jsonl
system_prompt: "Answer briefly."
models:
  - key: llama-8b
    provider: openai
    base_url: https://api.fireworks.ai/inference/v1
    model: accounts/fireworks/models/llama-v3p1-8b-instruct
    api_key_env: FIREWORKS_API_KEY
    params: {temperature: 0.0, max_tokens: 512, stop: ["\n\n"], seed: "7", extra_body: {top_k: 40}}
    limits: {concurrency: 16, rpm: 600, tpm: 200000}
    price: {input_per_mtok: 0.2, output_per_mtok: 0.25}
    stream: true
    timeout_s: 30.5
    max_attempts: 3
    optional: true
  - key: canned
    provider: replay
    responses: replies/canned.jsonl
rollout: {type: none, keep_going: yes}
runs: 3
evaluators:
  - {type: contains, value: "42", weight: 1}
  - type: regex
    pattern: '^\d+$'
threshold: {success: 0.8, standard_error: 0.05}
baseline: canned
)";

const char* kMinimalSuite =
    "name: s\n"
    "dataset: q.jsonl\n"
    "models:\n"
    "  - key: m\n"
    "    base_url: http://localhost:8000/v1\n"
    "    model: m1\n";

TEST(Suite, ReadsTheFullExample) {
  TempDir dir;
  const auto file = dir.write("suite.yaml", kFullSuite);
  const Suite s = load_suite(file);
  EXPECT_EQ(s.name, "support-regression");
  EXPECT_EQ(s.description, "Answers to support questions");
  EXPECT_EQ(s.file, file);
  EXPECT_EQ(s.dataset, dir.path() / "data/questions.jsonl");
  EXPECT_EQ(s.system_prompt, "Answer briefly.");
  ASSERT_EQ(s.models.size(), 2u);

  const ModelSpec& m = s.models[0];
  EXPECT_EQ(m.key, "llama-8b");
  EXPECT_EQ(m.provider, "openai");
  EXPECT_EQ(m.base_url, "https://api.fireworks.ai/inference/v1");
  EXPECT_EQ(m.model, "accounts/fireworks/models/llama-v3p1-8b-instruct");
  EXPECT_EQ(m.api_key_env, "FIREWORKS_API_KEY");
  EXPECT_EQ(m.params, Json::parse(R"({"temperature": 0.0, "max_tokens": 512, "stop": ["\n\n"],
                                      "seed": "7", "extra_body": {"top_k": 40}})"));
  EXPECT_TRUE(m.params["temperature"].is_number_float());
  EXPECT_TRUE(m.params["max_tokens"].is_number_integer());
  EXPECT_EQ(m.limits.concurrency, 16);
  EXPECT_EQ(m.limits.rpm, 600);
  EXPECT_EQ(m.limits.tpm, 200000);
  ASSERT_TRUE(m.price.has_value());
  EXPECT_EQ(m.price->input_per_mtok, 0.2);
  EXPECT_EQ(m.price->output_per_mtok, 0.25);
  EXPECT_TRUE(m.stream);
  EXPECT_EQ(m.timeout_s, 30.5);
  EXPECT_EQ(m.max_attempts, 3);
  EXPECT_TRUE(m.optional);
  EXPECT_EQ(m.line, 7);

  const ModelSpec& r = s.models[1];
  EXPECT_EQ(r.key, "canned");
  EXPECT_EQ(r.provider, "replay");
  EXPECT_EQ(r.responses, dir.path() / "replies/canned.jsonl");
  EXPECT_EQ(r.base_url, "");
  EXPECT_EQ(r.line, 19);

  EXPECT_EQ(s.rollout.type, "none");
  EXPECT_EQ(s.rollout.options, Json::parse(R"({"keep_going": "yes"})"));
  EXPECT_EQ(s.runs, 3);
  ASSERT_EQ(s.evaluators.size(), 2u);
  EXPECT_EQ(s.evaluators[0].config,
            Json::parse(R"({"type": "contains", "value": "42", "weight": 1})"));
  EXPECT_EQ(s.evaluators[0].line, 25);
  EXPECT_EQ(s.evaluators[0].column, 5);
  EXPECT_EQ(s.evaluators[0].key_path, "evaluators[0]");
  EXPECT_EQ(s.evaluators[1].config, Json::parse(R"({"type": "regex", "pattern": "^\\d+$"})"));
  EXPECT_EQ(s.evaluators[1].line, 26);
  EXPECT_EQ(s.evaluators[1].column, 5);
  EXPECT_EQ(s.evaluators[1].key_path, "evaluators[1]");
  ASSERT_TRUE(s.threshold.has_value());
  EXPECT_EQ(s.threshold->success, 0.8);
  EXPECT_EQ(s.threshold->standard_error, 0.05);
  EXPECT_EQ(s.baseline, "canned");

  EXPECT_EQ(s.config["name"], "support-regression");
  EXPECT_EQ(s.config["runs"], 3);
  EXPECT_EQ(s.config["models"][1], Json::parse(R"({"key": "canned", "provider": "replay",
                            "responses": "replies/canned.jsonl"})"));
  EXPECT_EQ(s.config["threshold"], Json::parse(R"({"success": 0.8, "standard_error": 0.05})"));
  EXPECT_EQ(s.content_hash.size(), 64u);
}

TEST(Suite, DefaultsAndContentHash) {
  TempDir dir;
  const Suite s = load_suite(dir.write("suite.yaml", kMinimalSuite));
  EXPECT_EQ(s.description, "");
  EXPECT_EQ(s.system_prompt, std::nullopt);
  EXPECT_EQ(s.prompt_template, std::nullopt);
  EXPECT_EQ(s.ground_truth_column, std::nullopt);
  EXPECT_EQ(s.limit, std::nullopt);
  ASSERT_EQ(s.models.size(), 1u);
  const ModelSpec& m = s.models[0];
  EXPECT_EQ(m.provider, "openai");
  EXPECT_EQ(m.api_key_env, "");
  EXPECT_EQ(m.params, Json::object());
  EXPECT_EQ(m.limits.concurrency, 64);
  EXPECT_EQ(m.limits.rpm, 0);
  EXPECT_EQ(m.limits.tpm, 0);
  EXPECT_EQ(m.price, std::nullopt);
  EXPECT_FALSE(m.stream);
  EXPECT_EQ(m.timeout_s, 120);
  EXPECT_EQ(m.max_attempts, 5);
  EXPECT_FALSE(m.optional);
  EXPECT_EQ(m.line, 4);
  EXPECT_EQ(s.rollout.type, "single_turn");
  EXPECT_EQ(s.rollout.options, Json::object());
  EXPECT_EQ(s.runs, 1);
  EXPECT_EQ(s.baseline, std::nullopt);
  EXPECT_TRUE(s.evaluators.empty());
  EXPECT_EQ(s.threshold, std::nullopt);
  // Independently computed with sha256sum over the same bytes.
  EXPECT_EQ(s.content_hash, "d60f281d9da47c0fa101332bdacbf4b05458940610a4c0bb79323ef360b375d4");
}

TEST(Suite, DatasetMappingShorthandsAndPaths) {
  TempDir dir;
  const Suite s =
      load_suite(dir.write("sub/suite.yaml",
                           "name: s\n"
                           "dataset: {path: ../data/q.csv, prompt_template: 'Q: {question}',\n"
                           "          ground_truth_column: label, limit: 10}\n"
                           "rollout: none\n"
                           "threshold: 0.75\n"
                           "models:\n"
                           "  - {key: m, base_url: 'http://h/v1', model: m}\n"));
  EXPECT_EQ(s.dataset, dir.path() / "sub" / "../data/q.csv");
  EXPECT_EQ(s.prompt_template, "Q: {question}");
  EXPECT_EQ(s.ground_truth_column, "label");
  EXPECT_EQ(s.limit, 10u);
  EXPECT_EQ(s.rollout.type, "none");
  ASSERT_TRUE(s.threshold.has_value());
  EXPECT_EQ(s.threshold->success, 0.75);
  EXPECT_EQ(s.threshold->standard_error, std::nullopt);

  const Suite abs =
      load_suite(dir.write("abs.yaml", std::string("name: s\ndataset: /data/q.jsonl\n") +
                                           "models: [{key: m, base_url: 'http://h', model: m}]\n"));
  EXPECT_EQ(abs.dataset, std::filesystem::path("/data/q.jsonl"));
}

TEST(Suite, RelativeSuitePathGivesCwdRelativeDataset) {
  TempDir dir;
  dir.write("suite.yaml", kMinimalSuite);
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  const Suite s = load_suite("suite.yaml");
  std::filesystem::current_path(cwd);
  EXPECT_EQ(s.file, std::filesystem::path("suite.yaml"));
  EXPECT_EQ(s.dataset, std::filesystem::path("q.jsonl"));
}

TEST(Suite, ScalarsKeepTheirYamlTypes) {
  TempDir dir;
  const Suite s =
      load_suite(dir.write("suite.yaml", std::string(kMinimalSuite) + "    params:\n"
                                                                      "      a: \"1\"\n"
                                                                      "      b: 1\n"
                                                                      "      c: 1.5\n"
                                                                      "      d: true\n"
                                                                      "      e: 'true'\n"
                                                                      "      f: null\n"
                                                                      "      g: ~\n"
                                                                      "      h: [1, \"x\", no]\n"
                                                                      "      i: |\n"
                                                                      "        block\n"
                                                                      "      j: 0x10\n"
                                                                      "      k: !!str 12\n"
                                                                      "      l: \"\"\n"
                                                                      "      m:\n"));
  EXPECT_EQ(s.models[0].params,
            Json::parse(R"({"a": "1", "b": 1, "c": 1.5, "d": true, "e": "true", "f": null,
                            "g": null, "h": [1, "x", "no"], "i": "block\n", "j": 16, "k": "12",
                            "l": "", "m": null})"));
}

// ---------------------------------------------------------------- validation errors

struct ErrorCase {
  const char* name;
  std::string yaml;
  std::string expected;  // what() after "<path>:"
};

std::string with_model(const std::string& model_lines, const std::string& rest = "") {
  return "name: s\n"
         "dataset: q.jsonl\n"
         "models:\n"
         "  - key: m\n" +
         model_lines + rest;
}
const std::string kModelBody = "    base_url: http://localhost:8000/v1\n    model: m1\n";

std::vector<ErrorCase> error_cases() {
  return {
      {"unknown key with suggestion", "name: s\ndataset: q.jsonl\nmodles: []\n",
       "3:1: unknown key 'modles' (did you mean 'models'?)"},
      {"unknown key without suggestion", "name: s\nfoo: 1\n",
       "2:1: unknown key 'foo' (expected one of: name, description, dataset, system_prompt, "
       "models, rollout, runs, evaluators, threshold, cluster_key, baseline)"},
      {"duplicate key", "name: s\ndataset: q.jsonl\nname: t\n",
       "3:1: duplicate key 'name' (first on line 1)"},
      {"not a mapping", "- a\n- b\n",
       "1:1: expected a mapping with name, dataset and models, got a list"},
      {"empty file", "", " expected a mapping with name, dataset and models, got nothing"},
      {"yaml syntax", "name: s\nmodels: [a,\ndataset: x\n",
       "4:1: invalid YAML: end of sequence flow not found"},  // at the end of the text
      {"bad indentation", "name: s\n  dataset: x\n", "2:10: invalid YAML: illegal map value"},
      {"missing name", "dataset: q.jsonl\nmodels: []\n", "1:1: missing required key 'name'"},
      {"empty name", "name:\ndataset: q.jsonl\n", "1:1: name: expected a string, got nothing"},
      {"name is a list", "name: [a]\n", "1:7: name: expected a string, got a list"},
      {"missing dataset", "name: s\nmodels: []\n", "1:1: missing required key 'dataset'"},
      {"dataset mapping without path", "name: s\ndataset: {limit: 3}\n",
       "2:10: dataset: missing required key 'path'"},
      {"dataset limit zero", "name: s\ndataset: {path: q.jsonl, limit: 0}\n",
       "2:33: dataset.limit: expected an integer >= 1, got '0'"},
      {"dataset unknown key", "name: s\ndataset: {path: q.jsonl, limt: 3}\n",
       "2:26: dataset: unknown key 'limt' (did you mean 'limit'?)"},
      {"dataset list", "name: s\ndataset: [a]\n",
       "2:10: dataset: expected a file path or a mapping with path, got a list"},
      {"missing models", "name: s\ndataset: q.jsonl\n", "1:1: missing required key 'models'"},
      {"empty models", "name: s\ndataset: q.jsonl\nmodels: []\n",
       "3:9: models: expected a non-empty list of models, got an empty list"},
      {"models mapping", "name: s\ndataset: q.jsonl\nmodels: {key: m}\n",
       "3:9: models: expected a non-empty list of models, got a mapping"},
      {"model not a mapping", "name: s\ndataset: q.jsonl\nmodels:\n  - gpt-4o\n",
       "4:5: models[0]: expected a mapping with key, base_url and model, got 'gpt-4o'"},
      {"model without key", "name: s\ndataset: q.jsonl\nmodels:\n  - model: m1\n",
       "4:5: models[0]: missing required key 'key'"},
      {"openai model without base_url", with_model("    model: m1\n"),
       "4:5: models[0]: missing required key 'base_url' (needed for provider openai)"},
      {"openai model without model", with_model("    base_url: http://h/v1\n"),
       "4:5: models[0]: missing required key 'model' (needed for provider openai)"},
      {"replay without responses", with_model("    provider: replay\n"),
       "4:5: models[0]: missing required key 'responses' (needed for provider replay)"},
      {"unknown provider", with_model("    provider: anthropic\n" + kModelBody),
       "5:15: models[0].provider: expected openai or replay, got 'anthropic'"},
      {"base_url without scheme", with_model("    base_url: api.fireworks.ai/v1\n    model: m\n"),
       "5:15: models[0].base_url: expected an http:// or https:// URL, got "
       "'api.fireworks.ai/v1'"},
      {"duplicate model keys",
       with_model(kModelBody, "  - key: m\n    base_url: http://h/v1\n    model: m2\n"),
       "7:10: models[1].key: duplicate model key 'm' (first on line 4)"},
      {"limits rpm not a number", with_model(kModelBody + "    limits:\n      rpm: fast\n"),
       "8:12: models[0].limits.rpm: expected a non-negative number, got 'fast'"},
      {"limits tpm negative", with_model(kModelBody + "    limits: {tpm: -5}\n"),
       "7:19: models[0].limits.tpm: expected a non-negative number, got '-5'"},
      {"limits quoted number", with_model(kModelBody + "    limits: {rpm: \"600\"}\n"),
       "7:19: models[0].limits.rpm: expected a non-negative number, got the string \"600\""},
      {"concurrency zero", with_model(kModelBody + "    limits: {concurrency: 0}\n"),
       "7:27: models[0].limits.concurrency: expected an integer >= 1, got '0'"},
      {"limits unknown key", with_model(kModelBody + "    limits: {rpmm: 5}\n"),
       "7:14: models[0].limits: unknown key 'rpmm' (did you mean 'rpm'?)"},
      {"price negative", with_model(kModelBody + "    price: {input_per_mtok: -1}\n"),
       "7:29: models[0].price.input_per_mtok: expected a non-negative number, got '-1'"},
      {"cluster_key empty", with_model(kModelBody, "cluster_key: ''\n"),
       "7:14: cluster_key: expected a dotted path like input_metadata.dataset_info.topic"},
      {"baseline not a model", with_model(kModelBody, "baseline: gpt\n"),
       "7:11: baseline: expected the key of a model that is rolled out (m), got 'gpt'"},
      {"baseline a judge",
       with_model(kModelBody,
                  "  - key: judge\n" + kModelBody + "    judge_only: true\nbaseline: judge\n"),
       "11:11: baseline: expected the key of a model that is rolled out (m), got 'judge'"},
      {"only judges", with_model(kModelBody + "    judge_only: true\n"),
       "4:3: models: every model is judge_only: at least one model must be rolled out"},
      {"judge_only not a boolean", with_model(kModelBody + "    judge_only: 1\n"),
       "7:17: models[0].judge_only: expected true or false, got '1'"},
      {"stream yes", with_model(kModelBody + "    stream: yes\n"),
       "7:13: models[0].stream: expected true or false, got 'yes'"},
      {"timeout zero", with_model(kModelBody + "    timeout_s: 0\n"),
       "7:16: models[0].timeout_s: expected a positive number, got '0'"},
      {"max_attempts float", with_model(kModelBody + "    max_attempts: 2.5\n"),
       "7:19: models[0].max_attempts: expected an integer >= 1, got '2.5'"},
      {"params not a mapping", with_model(kModelBody + "    params: [1]\n"),
       "7:13: models[0].params: expected a mapping, got a list"},
      {"params duplicate key", with_model(kModelBody + "    params: {seed: 1, seed: 2}\n"),
       "7:23: models[0].params: duplicate key 'seed' (first on line 7)"},
      {"params unsupported tag", with_model(kModelBody + "    params: {x: !secret abc}\n"),
       "7:17: models[0].params.x: unsupported YAML tag '!secret'"},
      {"request parameter at model level", with_model(kModelBody + "    temperature: 0\n"),
       "7:5: models[0]: unknown key 'temperature' (request parameters go under params)"},
      {"model unknown key", with_model(kModelBody + "    modle: x\n"),
       "7:5: models[0]: unknown key 'modle' (did you mean 'model'?)"},
      {"api key instead of variable name",
       with_model(kModelBody + "    api_key_env: sk-live-123\n"),
       "7:18: models[0].api_key_env: expected the name of an environment variable (letters, "
       "digits and _); the key itself belongs in the environment, never in the suite"},
      {"runs zero", with_model(kModelBody, "runs: 0\n"),
       "7:7: runs: expected an integer >= 1, got '0'"},
      {"runs quoted", with_model(kModelBody, "runs: \"3\"\n"),
       "7:7: runs: expected an integer >= 1, got the string \"3\""},
      {"rollout type", with_model(kModelBody, "rollout: {type: agent}\n"),
       "7:17: rollout.type: expected single_turn or none, got 'agent'"},
      {"rollout shorthand type", with_model(kModelBody, "rollout: multi\n"),
       "7:10: rollout.type: expected single_turn or none, got 'multi'"},
      {"evaluators mapping", with_model(kModelBody, "evaluators: {type: contains}\n"),
       "7:13: evaluators: expected a list of evaluators, got a mapping"},
      {"evaluator scalar", with_model(kModelBody, "evaluators:\n  - contains\n"),
       "8:5: evaluators[0]: expected a mapping with a type, got 'contains'"},
      {"evaluator without type",
       with_model(kModelBody, "evaluators:\n  - {type: contains, value: x}\n  - {value: y}\n"),
       "9:5: evaluators[1]: missing required key 'type'"},
      {"evaluator type list", with_model(kModelBody, "evaluators:\n  - type: [a]\n"),
       "8:11: evaluators[0].type: expected a string, got a list"},
      {"threshold above one", with_model(kModelBody, "threshold: {success: 1.5}\n"),
       "7:22: threshold.success: expected a number between 0 and 1, got '1.5'"},
      {"threshold shorthand", with_model(kModelBody, "threshold: high\n"),
       "7:12: threshold.success: expected a number between 0 and 1, got 'high'"},
      {"threshold without success", with_model(kModelBody, "threshold: {standard_error: 0.1}\n"),
       "7:12: threshold: missing required key 'success'"},
      {"threshold negative standard error",
       with_model(kModelBody, "threshold: {success: 0.5, standard_error: -0.1}\n"),
       "7:43: threshold.standard_error: expected a non-negative number, got '-0.1'"},
  };
}

TEST(SuiteErrors, EachProblemHasItsExactMessageAndPosition) {
  TempDir dir;
  for (const ErrorCase& c : error_cases()) {
    const auto file = dir.write("suite.yaml", c.yaml);
    try {
      load_suite(file);
      ADD_FAILURE() << c.name << ": expected an InputError";
    } catch (const InputError& e) {
      EXPECT_EQ(std::string(e.what()), file.string() + ":" + c.expected) << c.name;
      EXPECT_EQ(e.file(), file.string()) << c.name;
    }
  }
}

TEST(SuiteErrors, PositionsAreOneBased) {
  TempDir dir;
  const auto file =
      dir.write("suite.yaml", with_model(kModelBody + "    limits:\n      rpm: fast\n"));
  try {
    load_suite(file);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.line(), 8);
    EXPECT_EQ(e.column(), 12);
    EXPECT_EQ(e.message(), "models[0].limits.rpm: expected a non-negative number, got 'fast'");
  }
}

TEST(SuiteErrors, MissingFile) {
  TempDir dir;
  const auto file = dir.path() / "nope.yaml";
  try {
    load_suite(file);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), file.string() + ": cannot read: No such file or directory");
  }
}

// The suites shipped in examples/ must stay valid.
TEST(Suite, ExampleSuitesLoad) {
  const std::filesystem::path dir = std::filesystem::path(EVP_SOURCE_DIR) / "examples/quickstart";
  for (const char* name : {"suite.yaml", "strict.yaml"}) {
    const Suite s = load_suite(dir / name);
    EXPECT_FALSE(s.models.empty()) << name;
    EXPECT_EQ(s.dataset, dir / "data/questions.jsonl") << name;
    EXPECT_TRUE(std::filesystem::exists(s.dataset)) << name;
    for (const ModelSpec& m : s.models) {
      if (m.provider == "replay") {
        EXPECT_TRUE(std::filesystem::exists(m.responses)) << m.key;
      }
    }
  }
}

}  // namespace
}  // namespace evp::suite
