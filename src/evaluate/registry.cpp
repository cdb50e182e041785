// The table of built-in evaluator types and the builders over it.
#include "evaluate/registry.h"

#include <set>
#include <string_view>

#include "base/errors.h"
#include "evaluate/budget.h"
#include "evaluate/config_reader.h"
#include "evaluate/contains.h"
#include "evaluate/exact_match.h"
#include "evaluate/format_check.h"
#include "evaluate/json_schema.h"
#include "evaluate/json_valid.h"
#include "evaluate/length.h"
#include "evaluate/multiple_choice.h"
#include "evaluate/numeric_answer.h"
#include "evaluate/regex_match.h"
#include "evaluate/repetition.h"
#include "model/json_reader.h"

namespace evp::evaluate {

namespace {

using Factory = std::unique_ptr<Evaluator> (*)(const ConfigReader&);

struct TypeEntry {
  std::string_view type;
  std::string_view keys;  // space-separated, besides type, name and weight
  Factory make;
};

// Sorted by type. The keys are those each evaluator's header documents.
constexpr TypeEntry kTypes[] = {
    {"contains", "value", make_contains},
    {"contains_all", "values ignore_case", make_contains_all},
    {"contains_any", "values ignore_case", make_contains_any},
    {"cost", "max_usd", make_cost},
    {"exact_match", "value ignore_case strip collapse_whitespace remove_punctuation",
     make_exact_match},
    {"format", "pattern preset", make_format},
    {"icontains", "value", make_contains},
    {"json_schema", "schema", make_json_schema},
    {"json_valid", "", make_json_valid},
    {"latency", "max_seconds", make_latency},
    {"length", "min_chars max_chars min_words max_words", make_length},
    {"multiple_choice", "choices value", make_multiple_choice},
    {"numeric_answer", "value tolerance relative_tolerance extract", make_numeric_answer},
    {"regex", "pattern ignore_case negate", make_regex},
    {"repetition", "ngram max_repeat_ratio", make_repetition},
};

std::string type_list() {
  std::string out;
  for (const TypeEntry& e : kTypes) {
    if (!out.empty()) out += ", ";
    out += e.type;
  }
  return out;
}

}  // namespace

std::unique_ptr<Evaluator> make_evaluator(const Json& config) {
  ConfigReader reader(config);
  for (const TypeEntry& e : kTypes) {
    if (e.type != reader.type()) continue;
    reader.check_keys(e.keys);
    return e.make(reader);
  }
  throw InputError("evaluator: unknown type '" + reader.type() + "' (expected one of " +
                   type_list() + ")");
}

std::vector<std::unique_ptr<Evaluator>> make_evaluators(const Json& configs) {
  if (!configs.is_array()) {
    throw InputError("evaluators: expected an array, got " + model::json_type_name(configs));
  }
  std::vector<std::unique_ptr<Evaluator>> out;
  out.reserve(configs.size());
  std::set<std::string> taken;
  for (size_t i = 0; i < configs.size(); ++i) {
    try {
      out.push_back(make_evaluator(configs[i]));
    } catch (const InputError& e) {
      throw InputError("evaluators[" + std::to_string(i) + "]: " + e.message());
    }
    Evaluator& evaluator = *out.back();
    if (taken.count(evaluator.name())) {
      const std::string base = evaluator.name();
      int suffix = 2;
      while (taken.count(base + "_" + std::to_string(suffix))) ++suffix;
      evaluator.rename(base + "_" + std::to_string(suffix));
    }
    taken.insert(evaluator.name());
  }
  return out;
}

std::vector<std::string> evaluator_types() {
  std::vector<std::string> out;
  for (const TypeEntry& e : kTypes) out.emplace_back(e.type);
  return out;
}

}  // namespace evp::evaluate
