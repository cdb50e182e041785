// The exact multinomial resampler of the Bradley-Terry bootstrap (stats/bradley_terry.h):
// Poisson draws per group from CDF tables, then the missing picks from an alias table.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace evp::stats::bradley_terry_detail {

// The bootstrap's resampler: `total` picks with replacement among items in groups of
// `counts` (total = their sum), as how many picks land in each group, i.e. an exact
// Multinomial(total, counts / total) draw, at O(groups + total / 256 + sqrt(total)) cost:
//  1. every group draws X_g ~ Poisson(rate x count_g) with rate = (total - 3 sqrt(total)) /
//     total (0 for totals up to 9); given their sum T, X is Multinomial(T, counts / total);
//  2. when T > total (probability about 0.13%) step 1 is redrawn; otherwise the total - T
//     missing picks are drawn one by one with an alias table, which adds an independent
//     Multinomial(total - T, counts / total): the sum is Multinomial(total, counts / total).
// Poisson variates come from CDF tables with guide tables, one per distinct mean (groups are
// split into parts of at most 256 items, whose Poisson variates add up). Only 53-bit
// uniforms from std::mt19937_64 are used, so draws do not depend on the standard library.
class Multinomial {
 public:
  explicit Multinomial(const std::vector<uint64_t>& counts);
  uint64_t total() const { return total_; }
  void draw(std::mt19937_64& generator, std::vector<uint64_t>& picked) const;

 private:
  struct PoissonTable {
    double mean = 0;
    double last_pmf = 0;
    std::vector<double> cdf;
    std::vector<uint32_t> guide;
  };
  struct Part {
    uint32_t group;
    uint32_t table;
  };
  static PoissonTable poisson_table(double mean);
  static uint64_t poisson(const PoissonTable& table, double u);
  void make_parts(const std::vector<uint64_t>& counts);
  void make_alias(const std::vector<uint64_t>& counts);
  uint64_t alias_pick(std::mt19937_64& generator) const;

  size_t groups_ = 0;
  uint64_t total_ = 0;
  double rate_ = 0;
  std::vector<PoissonTable> tables_;
  std::vector<Part> parts_;
  std::vector<double> alias_probability_;
  std::vector<uint32_t> alias_;
};

}  // namespace evp::stats::bradley_terry_detail
