// Export of an experiment's rollouts as Eval Protocol JSONL: one EvaluationRow per line,
// exactly as stored (unknown fields included), ordered by model, row id and run.
#pragma once

#include <ostream>
#include <string>

#include "store/store.h"

namespace evp::exporter {

// Returns the number of rows written.
long long write_ep_jsonl(store::Store& store, const std::string& experiment_id, std::ostream& out);

}  // namespace evp::exporter
