// Gathering battles and printing the arena leaderboard (see leaderboard.h).
#include "runner/leaderboard.h"
#include "base/join.h"

#include <cmath>
#include <fstream>
#include <set>

#include <fmt/format.h>

#include "base/errors.h"
#include "base/fast_json.h"
#include "model/json_reader.h"
#include "stats/elo.h"

namespace evp::runner {
namespace {

const char* kWinners = "model_a, model_b, tie or tie (bothbad)";

std::string string_member(const Json& line, const char* key, const std::string& file, int n) {
  auto it = line.find(key);
  if (it == line.end()) throw InputError(file, n, 0, fmt::format("missing key '{}'", key));
  if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
    throw InputError(file, n, 0,
                     fmt::format("{}: expected a non-empty string, got {}", key, it->dump()));
  }
  return it->get<std::string>();
}

double length_of(const Json& line, const char* key) {
  auto meta = line.find("conv_metadata");
  if (meta == line.end() || !meta->is_object()) return 0;
  auto it = meta->find(key);
  return it != meta->end() && it->is_number() && it->get<double>() >= 0 ? it->get<double>() : 0;
}

void add_line(const Json& line, const std::string& file, int n, stats::BattleTable& table) {
  if (!line.is_object()) {
    throw InputError(file, n, 0, "expected a JSON object, got " + model::json_type_name(line));
  }
  const std::string a = string_member(line, "model_a", file, n);
  const std::string b = string_member(line, "model_b", file, n);
  const std::string winner = string_member(line, "winner", file, n);
  if (a == b) throw InputError(file, n, 0, "model_a and model_b are both '" + a + "'");
  stats::BattleOutcome outcome{};
  try {
    outcome = stats::parse_battle_outcome(winner);
  } catch (const std::invalid_argument&) {
    throw InputError(file, n, 0, fmt::format("winner: expected {}, got '{}'", kWinners, winner));
  }
  double weight = 1;
  if (auto w = line.find("weight"); w != line.end()) {
    if (!w->is_number() || !(w->get<double>() > 0) || !std::isfinite(w->get<double>())) {
      throw InputError(file, n, 0, "weight: expected a positive number, got " + w->dump());
    }
    weight = w->get<double>();
  }
  table.add(a, b, outcome, weight, length_of(line, "sum_assistant_a_tokens"),
            length_of(line, "sum_assistant_b_tokens"));
}

void add_store_battles(store::Store& store, const LeaderboardOptions& options,
                       stats::BattleTable& table, std::set<std::string>& baselines) {
  store::BattleFilter filter;
  filter.suite_name = options.suite;
  store.for_each_battle(filter, [&](const store::BattleRecord& b) {
    table.add(b.model_a, b.model_b, stats::parse_battle_outcome(b.winner), b.weight,
              b.length_a.value_or(0), b.length_b.value_or(0));
    if (b.judge.starts_with("llm:")) baselines.insert(b.model_b);  // pairwise judges' baselines
  });
}

// By model index: the weighted share of battles against `baseline` won (ties half), in one
// pass over the battles; none for the baseline itself and models that never met it.
std::vector<std::optional<double>> win_rates_vs(const stats::BattleTable& table,
                                                const std::string& baseline) {
  const size_t models = table.models().size();
  std::vector<double> won(models, 0), total(models, 0);
  const int base = table.find(baseline);
  for (const stats::Battle& b : table.battles()) {
    if (b.a != base && b.b != base) continue;
    const int m = b.a == base ? b.b : b.a;
    total[m] += b.weight;
    const bool tie =
        b.outcome == stats::BattleOutcome::kTie || b.outcome == stats::BattleOutcome::kTieBothBad;
    const bool m_won = (b.outcome == stats::BattleOutcome::kAWins && b.a == m) ||
                       (b.outcome == stats::BattleOutcome::kBWins && b.b == m);
    won[m] += tie ? b.weight / 2 : (m_won ? b.weight : 0);
  }
  std::vector<std::optional<double>> out(models);
  for (size_t m = 0; m < models; ++m) {
    if (total[m] > 0) out[m] = won[m] / total[m];
  }
  return out;
}

void check_model(const stats::BattleTable& table, const std::string& model, const char* what) {
  if (table.find(model) < 0) {
    const std::string have = join(table.models());
    throw InputError(fmt::format("the {} '{}' has no battles (models: {})", what, model, have));
  }
}

}  // namespace

void read_battle_file(const std::filesystem::path& file, stats::BattleTable& table) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file.string(), 0, 0, "cannot open the battle file");
  std::string text;
  int n = 0;
  while (std::getline(in, text)) {
    ++n;
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    Json line;
    try {
      line = parse_json_text(text);
    } catch (const Json::parse_error& e) {
      throw InputError(file.string(), n, 0, std::string("invalid JSON: ") + e.what());
    }
    add_line(line, file.string(), n, table);
  }
}

Leaderboard build_leaderboard(store::Store* store, const LeaderboardOptions& options) {
  stats::BattleTable table;
  std::set<std::string> baselines;
  if (store != nullptr && options.from_store) add_store_battles(*store, options, table, baselines);
  for (const auto& file : options.battle_files) read_battle_file(file, table);
  if (table.battles().empty()) {
    // Say where battles were looked for and where they come from.
    std::vector<std::string> looked;
    if (store != nullptr && options.from_store)
      looked.push_back("the store " + store->path().string());
    for (const auto& file : options.battle_files) looked.push_back(file.string());
    throw InputError(
        (options.suite ? "no battles for suite '" + *options.suite + "'"
                       : std::string("no battles")) +
        (looked.empty() ? std::string() : " in " + join(looked, ", ")) +
        " (battles come from pairwise_judge evaluators, votes in evp ui, or --battles FILE.jsonl)");
  }
  Leaderboard board;
  board.baseline = options.baseline;
  if (!board.baseline && baselines.size() == 1) board.baseline = *baselines.begin();
  if (board.baseline) check_model(table, *board.baseline, "baseline");
  if (options.rating.anchor) check_model(table, *options.rating.anchor, "anchor");
  board.ratings = stats::bradley_terry_ratings(table, options.rating);
  board.anchor_rating = options.rating.anchor_rating;
  for (const stats::Battle& b : table.battles()) board.battles += b.weight;
  const std::vector<double> elo = stats::online_elo(table);
  const std::vector<std::optional<double>> rates =
      board.baseline ? win_rates_vs(table, *board.baseline)
                     : std::vector<std::optional<double>>(table.models().size());
  for (const stats::ModelRating& r : board.ratings.models) {
    const auto index = static_cast<size_t>(table.find(r.model));
    board.online_elo.push_back(elo[index]);
    board.win_rate_vs_baseline.push_back(rates[index]);
  }
  return board;
}

Json leaderboard_json(const Leaderboard& board) {
  Json models = Json::array();
  for (size_t i = 0; i < board.ratings.models.size(); ++i) {
    const stats::ModelRating& r = board.ratings.models[i];
    const auto& rate = board.win_rate_vs_baseline[i];
    models.push_back({{"model", r.model},
                      {"rating", r.rating},
                      {"ci_low", r.ci_low},
                      {"ci_high", r.ci_high},
                      {"battles", r.battles},
                      {"wins", r.wins},
                      {"losses", r.losses},
                      {"ties", r.ties},
                      {"win_rate_vs_baseline", rate ? Json(*rate) : Json(nullptr)},
                      {"identified", r.identified},
                      {"online_elo", board.online_elo[i]}});
  }
  Json out{{"models", models},
           {"anchor", board.ratings.anchor ? Json(*board.ratings.anchor) : Json(nullptr)},
           {"anchor_rating", board.anchor_rating},
           {"bootstrap_rounds", board.ratings.bootstrap_rounds},
           {"baseline", board.baseline ? Json(*board.baseline) : Json(nullptr)},
           {"notes", board.ratings.notes}};
  if (board.ratings.length) out["length_coefficient"] = board.ratings.length->coefficient;
  return out;
}

void print_leaderboard(std::ostream& out, const Leaderboard& board) {
  size_t width = 5;
  for (const auto& r : board.ratings.models) width = std::max(width, r.model.size());
  const std::string vs = board.baseline ? "vs " + *board.baseline : "";
  out << fmt::format("{:<4} {:<{}} {:>7} {:>17} {:>9} {:>8} {:>8} {:>8} {:>7}  {}\n", "rank",
                     "model", width, "rating", "95% CI", "battles", "wins", "losses", "ties", "elo",
                     vs);
  for (size_t i = 0; i < board.ratings.models.size(); ++i) {
    const stats::ModelRating& r = board.ratings.models[i];
    const auto& rate = board.win_rate_vs_baseline[i];
    out << fmt::format(
        "{:<4} {:<{}} {:>7.1f} {:>17} {:>9.4g} {:>8.4g} {:>8.4g} {:>8.4g} {:>7.1f}  {}\n", i + 1,
        r.model, width, r.rating, fmt::format("[{:.1f}, {:.1f}]", r.ci_low, r.ci_high), r.battles,
        r.wins, r.losses, r.ties, board.online_elo[i],
        rate ? fmt::format("{:.1f}%", 100 * *rate) : "");
  }
  out << fmt::format("{:g} battles; Bradley-Terry, {} bootstrap rounds; ", board.battles,
                     board.ratings.bootstrap_rounds);
  out << (board.ratings.anchor
              ? fmt::format("{} anchored at {:g}", *board.ratings.anchor, board.anchor_rating)
              : fmt::format("mean rating {:g}", board.anchor_rating))
      << "\n";
  if (board.ratings.length) {
    out << fmt::format("length control: coefficient {:+.3f} per standard deviation\n",
                       board.ratings.length->coefficient);
  }
  for (const std::string& note : board.ratings.notes) out << "note: " << note << "\n";
}

}  // namespace evp::runner
