// Lane count and each lane's share of a model's limits.
#include "runner/lanes.h"

#include <algorithm>

namespace evp::runner {

int lane_count(int requested, unsigned hardware_threads, const std::vector<ResolvedModel>& models) {
  int widest = 0;
  for (const auto& m : models) {
    if (!m.canned()) widest = std::max(widest, m.spec.limits.concurrency);
  }
  const int wanted = requested > 0 ? requested : static_cast<int>(std::max(1U, hardware_threads));
  return std::max(1, std::min(wanted, widest));
}

suite::ModelLimits lane_share(const suite::ModelLimits& limits, int lane, int lanes) {
  suite::ModelLimits share;
  const int total = std::max(0, limits.concurrency);
  share.concurrency = total / lanes + (lane < total % lanes ? 1 : 0);
  const double fraction = total > 0 ? static_cast<double>(share.concurrency) / total : 0.0;
  share.rpm = limits.rpm * fraction;
  share.tpm = limits.tpm * fraction;
  return share;
}

}  // namespace evp::runner
