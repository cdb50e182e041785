// The suite file (YAML): what to evaluate (a dataset), against which models, how to roll out
// and score, how many runs, and the pass threshold; validated with file:line:column errors
// that name the key path ("models[0].limits.rpm: expected a non-negative number, got 'fast'").
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "base/json.h"

namespace evp::suite {

struct ModelLimits {
  int concurrency = 64;  // requests in flight
  double rpm = 0;        // requests per minute; 0 = unlimited
  double tpm = 0;        // tokens per minute; 0 = unlimited
};

struct ModelPrice {
  double input_per_mtok = 0;   // dollars per million input tokens
  double output_per_mtok = 0;  // dollars per million output tokens
};

struct ModelSpec {
  std::string key;                  // unique in the suite; how results name the model
  std::string provider = "openai";  // "openai", or "replay" (answers from `responses`)
  std::string base_url;
  std::string model;
  std::string api_key_env;  // the name of the variable holding the key, never the key
  evp::Json params = evp::Json::object();  // request parameters, passed through
  ModelLimits limits;
  std::optional<ModelPrice> price;
  bool stream = false;
  double timeout_s = 120;
  int max_attempts = 5;
  bool optional = false;            // skipped (with a note) when api_key_env is unset
  bool judge_only = false;          // serves LLM judges only; never rolled out
  std::filesystem::path responses;  // replay: resolved relative to the suite file
  int line = 0;                     // where the model's mapping starts in the suite file
};

struct RolloutSpec {
  std::string type = "single_turn";         // or "none": score the messages already in the data
  evp::Json options = evp::Json::object();  // the rollout mapping's other keys
};

// An evaluator's configuration, validated later by the runner (hence its position).
struct EvaluatorSpec {
  evp::Json config;  // the mapping as JSON, with at least a string "type"
  int line = 0;      // 1-based position of the mapping in the suite file
  int column = 0;
  std::string key_path;  // "evaluators[1]"
};

struct Threshold {
  double success = 0;  // in [0, 1]
  std::optional<double> standard_error;
};

struct Suite {
  std::string name;
  std::string description;
  std::filesystem::path file;     // the suite file, as given
  std::filesystem::path dataset;  // absolute, or relative to the cwd (resolved from the suite dir)
  std::optional<std::string> prompt_template;  // dataset options (dataset: {path, ...})
  std::optional<std::string> ground_truth_column;
  std::optional<size_t> limit;
  std::optional<std::string> system_prompt;
  std::vector<ModelSpec> models;
  RolloutSpec rollout;
  int runs = 1;
  std::vector<EvaluatorSpec> evaluators;
  std::optional<Threshold> threshold;
  // Rows that share the value at this dotted path of the Eval Protocol row (e.g.
  // "input_metadata.dataset_info.topic") form a cluster: reports add a clustered interval.
  std::optional<std::string> cluster_key;
  // A model key: `evp run` compares every other model with it on the same rows (paired).
  std::optional<std::string> baseline;
  std::string content_hash;  // sha256_hex of the file's bytes
  evp::Json config;          // the whole suite as JSON, for the store
};

// The keys of the models that are rolled out (all but judge_only), in suite order.
std::vector<std::string> rolled_out_model_keys(const Suite& suite);

// Reads and validates a suite file. Every problem throws evp::InputError(file, line, column,
// "KEY.PATH: expected ..."), YAML syntax errors included.
Suite load_suite(const std::filesystem::path& file);

}  // namespace evp::suite
