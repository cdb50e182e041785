// Making a suite's evaluator set: each config goes to the factory of its kind.
#include "evaluate/evaluator_set.h"
#include "base/join.h"

#include <algorithm>
#include <set>
#include <string_view>

#include "base/errors.h"
#include "evaluate/command_evaluator.h"
#include "evaluate/config_reader.h"
#include "evaluate/http_evaluator.h"
#include "evaluate/llm_judge.h"
#include "evaluate/pairwise_judge.h"
#include "evaluate/rank_normalized.h"
#include "evaluate/registry.h"

namespace evp::evaluate {
namespace {

std::vector<std::string> slot_names(const EvaluatorSet& set) {
  std::vector<std::string> names;
  for (const MetricSlot& s : set.slots) names.push_back(s.name);
  return names;
}

std::unique_ptr<AsyncEvaluator> make_async(const ConfigReader& reader, const EvaluatorSet& set,
                                           EvaluatorEnvironment& env) {
  const std::string& type = reader.type();
  if (type == "command") {
    reader.check_keys(kCommandEvaluatorKeys);
    return make_command_evaluator(reader, env);
  }
  if (type == "http") {
    reader.check_keys(kHttpEvaluatorKeys);
    return make_http_evaluator(reader, env);
  }
  if (type == "llm_judge") {
    reader.check_keys(kLlmJudgeKeys);
    return make_llm_judge(reader, env);
  }
  if (type == "rank_normalized") {
    reader.check_keys(kRankNormalizedKeys);
    return make_rank_normalized(reader, slot_names(set));
  }
  return nullptr;
}

// A name not yet taken by a metric or a pairwise judge: `name`, else name_2, name_3, ...
std::string unique_name(const std::set<std::string>& taken, const std::string& name) {
  if (!taken.count(name)) return name;
  int suffix = 2;
  while (taken.count(name + "_" + std::to_string(suffix))) ++suffix;
  return name + "_" + std::to_string(suffix);
}

std::set<std::string> taken_names(const EvaluatorSet& set) {
  std::set<std::string> taken;
  for (const MetricSlot& s : set.slots) taken.insert(s.name);
  for (const auto& j : set.pairwise_judges) taken.insert(j->name());
  return taken;
}

}  // namespace

EvaluatorSet::EvaluatorSet() = default;
EvaluatorSet::~EvaluatorSet() = default;
EvaluatorSet::EvaluatorSet(EvaluatorSet&&) noexcept = default;
EvaluatorSet& EvaluatorSet::operator=(EvaluatorSet&&) noexcept = default;

bool EvaluatorSet::has_groupwise() const {
  return std::any_of(async_evaluators.begin(), async_evaluators.end(),
                     [](const auto& e) { return e->mode() == EvaluationMode::kGroupwise; });
}

bool EvaluatorSet::has_pointwise_async() const {
  return std::any_of(async_evaluators.begin(), async_evaluators.end(),
                     [](const auto& e) { return e->mode() == EvaluationMode::kPointwise; });
}

void add_evaluator(EvaluatorSet& set, const Json& config, EvaluatorEnvironment& env) {
  const std::set<std::string> taken = taken_names(set);
  ConfigReader reader(config);
  if (reader.type() == "pairwise_judge") {
    reader.check_keys(kPairwiseJudgeKeys);
    auto judge = make_pairwise_judge(reader, env);
    judge->rename(unique_name(taken, judge->name()));
    set.pairwise_judges.push_back(std::move(judge));
    return;
  }
  if (auto async = make_async(reader, set, env)) {
    async->rename(unique_name(taken, async->name()));
    set.slots.push_back({async->name(), async->weight()});
    set.async_evaluators.push_back(std::move(async));
    return;
  }
  const std::vector<std::string> builtins = evaluator_types();
  if (std::find(builtins.begin(), builtins.end(), reader.type()) == builtins.end()) {
    const std::string list = join(all_evaluator_types());
    throw InputError("evaluator: unknown type '" + reader.type() + "' (expected one of " + list +
                     ")");
  }
  auto evaluator = make_evaluator(config);
  evaluator->rename(unique_name(taken, evaluator->name()));
  set.slots.push_back({evaluator->name(), evaluator->weight()});
  set.inline_evaluators.push_back(std::move(evaluator));
}

std::vector<std::string> all_evaluator_types() {
  std::vector<std::string> types = evaluator_types();
  for (const char* t : {"command", "http", "llm_judge", "pairwise_judge", "rank_normalized"}) {
    types.emplace_back(t);
  }
  std::sort(types.begin(), types.end());
  return types;
}

}  // namespace evp::evaluate
