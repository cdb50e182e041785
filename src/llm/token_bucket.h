// TokenBucket: a rate limit (requests or tokens per second) as a reservation bucket. A
// caller takes what it needs now and is told how long to wait before using it, so
// concurrent callers are spaced out in arrival order without polling. Time is passed in
// (seconds on any monotonic clock), which keeps the arithmetic testable.
#pragma once

namespace evp::llm {

class TokenBucket {
 public:
  // rate_per_s <= 0 means unlimited (every reserve returns 0). The bucket starts full.
  TokenBucket(double rate_per_s, double capacity);

  // Takes `amount` and returns the wait in seconds until the bucket would have held
  // min(amount, capacity) for it: a request larger than the whole bucket needs only a full
  // bucket, and the excess becomes debt that later callers wait out.
  double reserve(double amount, double now_s);
  // Gives back `amount` (negative takes more), e.g. estimate minus actual tokens used.
  void refund(double amount, double now_s);
  double level(double now_s);

  bool unlimited() const { return rate_ <= 0; }
  double rate() const { return rate_; }
  double capacity() const { return capacity_; }

 private:
  void refill(double now_s);

  double rate_;
  double capacity_;
  double level_;
  double last_s_ = 0;
  bool started_ = false;
};

// A per-minute limit as a bucket holding one second's worth (at least one unit), so the
// average never exceeds the limit and bursts stay short.
TokenBucket per_minute_bucket(double per_minute);

}  // namespace evp::llm
