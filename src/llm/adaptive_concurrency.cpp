// AIMD steps.
#include "llm/adaptive_concurrency.h"

#include <algorithm>

namespace evp::llm {

AdaptiveConcurrency::AdaptiveConcurrency(int max_limit, int increase_after)
    : max_(std::max(1, max_limit)), increase_after_(std::max(1, increase_after)), limit_(max_) {}

bool AdaptiveConcurrency::on_rate_limited(uint64_t admitted_epoch) {
  if (admitted_epoch != epoch_) return false;  // this overload was already answered
  ++epoch_;
  successes_ = 0;
  const int halved = std::max(1, limit_ / 2);
  const bool changed = halved != limit_;
  limit_ = halved;
  return changed;
}

bool AdaptiveConcurrency::on_success() {
  if (limit_ >= max_) return false;
  if (++successes_ < increase_after_) return false;
  successes_ = 0;
  ++limit_;
  return true;
}

}  // namespace evp::llm
