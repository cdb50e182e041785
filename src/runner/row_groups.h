// RowGroups: the rollouts of one model waiting for the rest of their row's group (all the
// runs of a dataset row), for groupwise evaluators. Workers on any lane add finished rollouts;
// the one that completes a group takes it, scores it and stores its rollouts. Thread-safe.
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "model/evaluation_row.h"

namespace evp::runner {

struct GroupMember {
  int run = 0;
  model::EvaluationRow row;
};

class RowGroups {
 public:
  // Plans one more rollout of the row (call before the run starts).
  void expect(size_t row_index) { ++expected_[row_index]; }

  // Adds a finished rollout. Returns the whole group (in arrival order) when this was its
  // last rollout, and forgets it; nullopt while rollouts of the row are still missing.
  std::optional<std::vector<GroupMember>> add(size_t row_index, int run, model::EvaluationRow row);

  // Groups started and not complete (for tests and interruption notes).
  size_t pending() const;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<size_t, size_t> expected_;
  std::unordered_map<size_t, std::vector<GroupMember>> pending_;
};

}  // namespace evp::runner
