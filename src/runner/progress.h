// Progress of a run on stderr: a redrawn bar (done/total, rate, errors, ETA) when stderr is a
// terminal, a plain line every few seconds otherwise (CI logs stay readable).
#pragma once

#include <atomic>
#include <chrono>
#include <ostream>

namespace evp::runner {

class Progress {
 public:
  Progress(std::ostream& out, bool terminal, long long total, long long already_done);

  // From any thread.
  void on_done(bool error) {
    done_.fetch_add(1, std::memory_order_relaxed);
    if (error) errors_.fetch_add(1, std::memory_order_relaxed);
  }
  // Redraws (terminal) or prints a line when due. Called periodically from the event loop.
  void tick();
  // Final line.
  void finish();

  std::chrono::milliseconds interval() const {
    return terminal_ ? std::chrono::milliseconds(200) : std::chrono::milliseconds(5000);
  }

 private:
  void draw(bool final_line);

  std::ostream& out_;
  bool terminal_;
  long long total_;
  long long already_done_;
  std::atomic<long long> done_{0};
  std::atomic<long long> errors_{0};
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace evp::runner
