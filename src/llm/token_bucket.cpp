// TokenBucket arithmetic.
#include "llm/token_bucket.h"

#include <algorithm>

namespace evp::llm {

TokenBucket::TokenBucket(double rate_per_s, double capacity)
    : rate_(rate_per_s), capacity_(std::max(capacity, 0.0)), level_(capacity_) {}

void TokenBucket::refill(double now_s) {
  if (!started_) {
    started_ = true;
    last_s_ = now_s;
    return;
  }
  if (now_s > last_s_) {
    level_ = std::min(capacity_, level_ + (now_s - last_s_) * rate_);
    last_s_ = now_s;
  }
}

double TokenBucket::reserve(double amount, double now_s) {
  if (unlimited()) return 0;
  refill(now_s);
  const double needed = std::min(amount, capacity_);
  const double wait = level_ >= needed ? 0.0 : (needed - level_) / rate_;
  level_ -= amount;
  return wait;
}

void TokenBucket::refund(double amount, double now_s) {
  if (unlimited()) return;
  refill(now_s);
  level_ = std::min(capacity_, level_ + amount);
}

double TokenBucket::level(double now_s) {
  refill(now_s);
  return level_;
}

TokenBucket per_minute_bucket(double per_minute) {
  if (per_minute <= 0) return TokenBucket(0, 0);
  const double rate = per_minute / 60.0;
  return TokenBucket(rate, std::max(1.0, rate));
}

}  // namespace evp::llm
