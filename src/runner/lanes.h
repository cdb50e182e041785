// Event-loop lanes. One event loop thread tops out at one core of HTTP, JSON and kernel
// socket work, so a run spreads each endpoint model's rollouts over several lanes, each an
// event loop on its own thread with its own connections and its share of the model's limits.
// Canned (replay) models answer instantly and stay on lane 0.
#pragma once

#include <vector>

#include "runner/model_factory.h"
#include "suite/suite.h"

namespace evp::runner {

// How many lanes a run uses: `requested`, or one per hardware thread when 0; never more
// than the largest concurrency of an endpoint model (a lane must have a request to make);
// 1 when every model is canned.
int lane_count(int requested, unsigned hardware_threads, const std::vector<ResolvedModel>& models);

// Lane `lane`'s share of `limits` when `lanes` lanes serve a model: the concurrency split as
// evenly as possible (the first lanes take the remainder), requests and tokens per minute
// in proportion to that share (0 stays unlimited). A share with concurrency 0 means the lane
// does not serve the model.
suite::ModelLimits lane_share(const suite::ModelLimits& limits, int lane, int lanes);

}  // namespace evp::runner
