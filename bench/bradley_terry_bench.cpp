// Bradley-Terry ratings benchmark (run by bench/bradley_terry, which compares with scipy):
// reads a battle file written by bradley_terry_reference.py, times the point fit and the
// bootstrap, and writes the point ratings (by model index) for the comparison.
//   bradley_terry_bench BATTLES RATINGS_OUT [ROUNDS=1000] [THREADS=0]
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "stats/bradley_terry.h"

namespace {

using evp::stats::BattleOutcome;
using evp::stats::BattleTable;

template <typename T>
std::vector<T> read_array(std::ifstream& in, size_t count) {
  std::vector<T> values(count);
  in.read(reinterpret_cast<char*>(values.data()), static_cast<std::streamsize>(count * sizeof(T)));
  if (!in) throw std::runtime_error("battle file is truncated");
  return values;
}

// The reference script's format: int64 models, int64 battles, int32 a[], int32 b[],
// int8 winner[], float64 weight[].
BattleTable read_battles(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  const auto header = read_array<int64_t>(in, 2);
  const auto battles = static_cast<size_t>(header[1]);
  const auto a = read_array<int32_t>(in, battles);
  const auto b = read_array<int32_t>(in, battles);
  const auto winner = read_array<int8_t>(in, battles);
  const auto weight = read_array<double>(in, battles);
  BattleTable table;
  for (int64_t m = 0; m < header[0]; ++m) table.index_of(fmt::format("model-{:03d}", m));
  for (size_t i = 0; i < battles; ++i) {
    table.add({a[i], b[i], static_cast<BattleOutcome>(winner[i]), weight[i]});
  }
  return table;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s BATTLES RATINGS_OUT [ROUNDS] [THREADS]\n", argv[0]);
    return 2;
  }
  const BattleTable table = read_battles(argv[1]);
  evp::stats::RatingOptions options;
  options.bootstrap_rounds = argc > 3 ? std::stoi(argv[3]) : 1000;
  options.threads = argc > 4 ? std::stoi(argv[4]) : 0;

  auto start = std::chrono::steady_clock::now();
  const auto fit = evp::stats::bradley_terry_fit(table, options);
  const double fit_seconds = seconds_since(start);
  start = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();  // process CPU time, all threads
  const auto ratings = evp::stats::bradley_terry_ratings(table, options);
  const double total_seconds = seconds_since(start);
  const double cpu_seconds =
      static_cast<double>(std::clock() - cpu_start) / static_cast<double>(CLOCKS_PER_SEC);
  const double bootstrap_seconds =
      options.bootstrap_rounds > 0 ? std::max(0.0, total_seconds - fit_seconds) : 0.0;

  std::ofstream out(argv[2]);
  for (double r : fit.ratings) out << fmt::format("{:.17g}\n", r);
  fmt::print("evp: {} models, {} battles, {} bootstrap rounds\n", table.models().size(),
             table.battles().size(), options.bootstrap_rounds);
  for (size_t i = 0; i < ratings.models.size() && i < 3; ++i) {
    const auto& m = ratings.models[i];
    fmt::print("  {} {:.2f} [{:.2f}, {:.2f}]\n", m.model, m.rating, m.ci_low, m.ci_high);
  }
  for (const auto& note : ratings.notes) fmt::print("  note: {}\n", note);
  fmt::print("evp fit: {:.4f} s ({} Newton iterations)\n", fit_seconds, fit.newton_iterations);
  fmt::print("evp bootstrap: {:.4f} s ({:.6f} s per round)\n", bootstrap_seconds,
             bootstrap_seconds / std::max(1, options.bootstrap_rounds));
  fmt::print("evp total (fit + bootstrap): {:.4f} s wall, {:.4f} s CPU over all threads\n",
             total_seconds, cpu_seconds);
  fmt::print(
      "EVP fit_seconds={:.6f} round_seconds={:.6f} total_seconds={:.6f} cpu_seconds={:.6f}\n",
      fit_seconds, bootstrap_seconds / std::max(1, options.bootstrap_rounds), total_seconds,
      cpu_seconds);
  return 0;
}
