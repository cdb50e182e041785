// AdaptiveConcurrency: AIMD on an endpoint's concurrency limit. A 429 halves the limit;
// every `increase_after` successes add one back, up to the configured maximum. Requests
// carry the epoch in which they were admitted, so a burst of 429s from requests already
// in flight when the limit was cut halves it only once.
#pragma once

#include <cstdint>

namespace evp::llm {

class AdaptiveConcurrency {
 public:
  AdaptiveConcurrency(int max_limit, int increase_after);

  int limit() const { return limit_; }
  int max_limit() const { return max_; }
  uint64_t epoch() const { return epoch_; }

  // A request admitted in `admitted_epoch` was rate limited. True if the limit changed.
  bool on_rate_limited(uint64_t admitted_epoch);
  // A request succeeded. True if the limit changed.
  bool on_success();

 private:
  int max_;
  int increase_after_;
  int limit_;
  int successes_ = 0;
  uint64_t epoch_ = 0;
};

}  // namespace evp::llm
