// RowGroups (see row_groups.h).
#include "runner/row_groups.h"

#include <stdexcept>
#include <string>

namespace evp::runner {

std::optional<std::vector<GroupMember>> RowGroups::add(size_t row_index, int run,
                                                       model::EvaluationRow row) {
  std::lock_guard lock(mutex_);
  auto expected = expected_.find(row_index);
  if (expected == expected_.end()) {
    throw std::logic_error("RowGroups: rollout of unplanned row " + std::to_string(row_index));
  }
  std::vector<GroupMember>& group = pending_[row_index];
  group.push_back(GroupMember{run, std::move(row)});
  if (group.size() < expected->second) return std::nullopt;
  std::vector<GroupMember> complete = std::move(group);
  pending_.erase(row_index);
  expected_.erase(expected);
  return complete;
}

size_t RowGroups::pending() const {
  std::lock_guard lock(mutex_);
  return pending_.size();
}

}  // namespace evp::runner
