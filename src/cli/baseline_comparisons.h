// The paired comparisons `evp run` and `evp show` print after the report when a suite names a
// baseline model (or --baseline does): every other model of the experiment against it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "runner/comparison.h"
#include "store/store.h"

namespace evp::cli {

// Every other model of the experiment against the baseline, paired; none without a baseline,
// or (with a note on stderr) when the baseline or every other model has no rollouts (skipped
// models) or the models share no row.
std::vector<runner::Comparison> baseline_comparisons(store::Store& store,
                                                     const std::string& experiment_id,
                                                     const std::optional<std::string>& baseline);

// The baseline the experiment's suite named ("baseline" in its stored config), if any.
std::optional<std::string> suite_baseline(const store::ExperimentRecord& experiment);

}  // namespace evp::cli
