// Progress rendering.
#include "runner/progress.h"

#include <fmt/format.h>

#include <algorithm>

namespace evp::runner {

Progress::Progress(std::ostream& out, bool terminal, long long total, long long already_done)
    : out_(out), terminal_(terminal), total_(total), already_done_(already_done) {}

void Progress::tick() {
  draw(false);
}

void Progress::finish() {
  draw(true);
}

void Progress::draw(bool final_line) {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const long long done_now = done_.load(std::memory_order_relaxed);
  const long long done = already_done_ + done_now;
  const double rate = elapsed > 0 ? static_cast<double>(done_now) / elapsed : 0.0;
  const long long left = std::max(0LL, total_ - done);
  const double frac = total_ > 0 ? static_cast<double>(done) / static_cast<double>(total_) : 1.0;
  std::string eta = "--:--";
  if (rate > 0) {
    const auto secs = static_cast<long long>(static_cast<double>(left) / rate);
    eta = fmt::format("{}:{:02}", secs / 60, secs % 60);
  }
  const std::string stats =
      fmt::format("{}/{} ({:.0f}%)  {:.1f}/s  errors {}  ETA {}", done, total_, frac * 100.0, rate,
                  errors_.load(std::memory_order_relaxed), eta);
  if (terminal_) {
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(frac * kWidth);
    out_ << "\r[" << std::string(static_cast<size_t>(filled), '=')
         << std::string(static_cast<size_t>(kWidth - filled), ' ') << "] " << stats << "\x1b[K";
    if (final_line) out_ << "\n";
  } else {
    out_ << "progress: " << stats << "\n";
  }
  out_.flush();
}

}  // namespace evp::runner
