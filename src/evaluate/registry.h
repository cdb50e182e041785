// Building built-in evaluators from config objects (a suite's YAML mapping converted to JSON),
// e.g. {"type":"contains","value":"42","weight":1,"name":"has-42"}. Common keys: type,
// name (default: the type), weight (default 1, >= 0); the others depend on the type (see
// each evaluator's header). Errors are evp::InputError naming the key path inside the config
// ("regex: 'pattern' is required", "numeric_answer.tolerance: expected a non-negative
// number", "contains: unknown key 'valeu'"); the caller adds the file and line.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/json.h"
#include "evaluate/evaluator.h"

namespace evp::evaluate {

std::unique_ptr<Evaluator> make_evaluator(const Json& config);

// An array of configs. Duplicate names get "_2", "_3", ... in order ("contains",
// "contains_2"), skipping names already taken. Errors name the element:
// "evaluators[1]: regex: 'pattern' is required".
std::vector<std::unique_ptr<Evaluator>> make_evaluators(const Json& configs);

// The built-in type names, sorted (for help text).
std::vector<std::string> evaluator_types();

}  // namespace evp::evaluate
