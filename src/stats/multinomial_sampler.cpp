// The bootstrap's multinomial resampler (stats/multinomial_sampler.h): splitting groups into
// parts, Poisson CDF tables with guide tables, Vose's alias table, and the draw.
#include "stats/multinomial_sampler.h"

#include <algorithm>
#include <cmath>

namespace evp::stats::bradley_terry_detail {
namespace {

// A double in (0, 1) from the top 53 bits of a word.
double open_uniform(std::mt19937_64& generator) {
  return (static_cast<double>(generator() >> 11) + 0.5) * 0x1.0p-53;
}

}  // namespace

// Groups are split into parts of at most this many items, so every Poisson mean is at most
// this and its table stays small.
constexpr uint64_t kMaxPart = 256;

Multinomial::Multinomial(const std::vector<uint64_t>& counts) : groups_(counts.size()) {
  for (uint64_t c : counts) total_ += c;
  if (total_ == 0) return;
  const double n = static_cast<double>(total_);
  rate_ = std::max(0.0, n - 3.0 * std::sqrt(n)) / n;
  if (rate_ > 0.0) make_parts(counts);
  make_alias(counts);
}

void Multinomial::make_parts(const std::vector<uint64_t>& counts) {
  std::vector<int> table_of(kMaxPart + 1, -1);
  for (size_t group = 0; group < counts.size(); ++group) {
    const uint64_t pieces = (counts[group] + kMaxPart - 1) / kMaxPart;
    for (uint64_t piece = 0; piece < pieces; ++piece) {
      // Sizes differ by at most one: floor or ceil of count / pieces.
      const uint64_t size = counts[group] / pieces + (piece < counts[group] % pieces ? 1 : 0);
      if (table_of[size] < 0) {
        table_of[size] = static_cast<int>(tables_.size());
        tables_.push_back(poisson_table(rate_ * static_cast<double>(size)));
      }
      parts_.push_back({static_cast<uint32_t>(group), static_cast<uint32_t>(table_of[size])});
    }
  }
  // Drawn table by table (a table stays in cache); the order is fixed, so draws reproduce.
  std::stable_sort(parts_.begin(), parts_.end(),
                   [](const Part& x, const Part& y) { return x.table < y.table; });
}

// The CDF of Poisson(mean) from 0 until the remaining mass is below 2^-60, with a guide table
// (Chen and Asau): guide[i] = the first k with cdf[k] >= i / guide.size().
Multinomial::PoissonTable Multinomial::poisson_table(double mean) {
  PoissonTable table;
  table.mean = mean;
  double pmf = std::exp(-mean);
  double cdf = 0.0;
  for (uint64_t k = 0;; ++k) {
    if (k > 0) pmf *= mean / static_cast<double>(k);
    cdf += pmf;
    table.cdf.push_back(cdf);
    if (static_cast<double>(k) > mean && pmf < 0x1.0p-60) break;
  }
  table.last_pmf = pmf;
  const size_t size = table.cdf.size();
  table.guide.resize(size);
  size_t k = 0;
  for (size_t i = 0; i < size; ++i) {
    const double level = static_cast<double>(i) / static_cast<double>(size);
    while (k + 1 < size && table.cdf[k] < level) ++k;
    table.guide[i] = static_cast<uint32_t>(k);
  }
  return table;
}

// The smallest k with u <= CDF(k); past the table's end the CDF is extended term by term.
uint64_t Multinomial::poisson(const PoissonTable& table, double u) {
  const size_t size = table.cdf.size();
  size_t k = table.guide[static_cast<size_t>(u * static_cast<double>(size))];
  while (k < size && table.cdf[k] < u) ++k;
  if (k < size) return k;
  double pmf = table.last_pmf;
  double cdf = table.cdf[size - 1];
  for (k = size - 1; cdf < u && pmf > 0.0;) {
    ++k;
    pmf *= table.mean / static_cast<double>(k);
    cdf += pmf;
  }
  return k;
}

// Vose's alias method over the groups, probability count / total.
void Multinomial::make_alias(const std::vector<uint64_t>& counts) {
  const size_t size = counts.size();
  alias_probability_.resize(size);
  alias_.resize(size);
  std::vector<double> scaled(size);
  std::vector<uint32_t> small;
  std::vector<uint32_t> large;
  for (size_t i = 0; i < size; ++i) {
    scaled[i] =
        static_cast<double>(counts[i]) * static_cast<double>(size) / static_cast<double>(total_);
    (scaled[i] < 1.0 ? small : large).push_back(static_cast<uint32_t>(i));
  }
  while (!small.empty() && !large.empty()) {
    const uint32_t less = small.back();
    const uint32_t more = large.back();
    small.pop_back();
    alias_probability_[less] = scaled[less];
    alias_[less] = more;
    scaled[more] -= 1.0 - scaled[less];
    if (scaled[more] < 1.0) {
      large.pop_back();
      small.push_back(more);
    }
  }
  // What is left holds probability 1 (up to rounding): it keeps its own slot.
  for (const auto* rest : {&large, &small}) {
    for (uint32_t i : *rest) {
      alias_probability_[i] = 1.0;
      alias_[i] = i;
    }
  }
}

uint64_t Multinomial::alias_pick(std::mt19937_64& generator) const {
  const double u = open_uniform(generator) * static_cast<double>(groups_);
  const size_t i = std::min(static_cast<size_t>(u), groups_ - 1);
  return u - static_cast<double>(i) < alias_probability_[i] ? i : alias_[i];
}

void Multinomial::draw(std::mt19937_64& generator, std::vector<uint64_t>& picked) const {
  uint64_t drawn = 0;
  do {
    picked.assign(groups_, 0);
    drawn = 0;
    for (const Part& part : parts_) {
      const uint64_t k = poisson(tables_[part.table], open_uniform(generator));
      picked[part.group] += k;
      drawn += k;
    }
  } while (drawn > total_);
  for (; drawn < total_; ++drawn) ++picked[alias_pick(generator)];
}

}  // namespace evp::stats::bradley_terry_detail
