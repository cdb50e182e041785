// Store: writing and reading battles (the judgments arena ratings are fitted on).
#include <stdexcept>

#include "base/clock.h"
#include "store/store.h"

namespace evp::store {
namespace {

void check_battle(const BattleRecord& b) {
  if (b.model_a.empty() || b.model_b.empty()) {
    throw std::invalid_argument("add_battles: a battle needs two model names");
  }
  if (b.model_a == b.model_b) {
    throw std::invalid_argument("add_battles: model " + b.model_a + " against itself");
  }
  if (!is_battle_winner(b.winner)) {
    throw std::invalid_argument("add_battles: unknown winner \"" + b.winner +
                                "\" (expected model_a, model_b, tie or tie (bothbad))");
  }
  if (!(b.weight > 0)) throw std::invalid_argument("add_battles: a weight must be positive");
}

}  // namespace

size_t Store::add_battles(const std::vector<BattleRecord>& battles) {
  for (const BattleRecord& b : battles) check_battle(b);
  const std::string now = utc_now_iso8601();
  connection_.exec("BEGIN IMMEDIATE", "cannot store battles");
  size_t inserted = 0;
  try {
    Statement insert(connection_,
                     "INSERT OR IGNORE INTO battles (experiment_id, suite_name, model_a, model_b, "
                     "winner, weight, judge, row_id, run, game, length_a, length_b, details, "
                     "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const BattleRecord& b : battles) {
      const std::string details = dump_json(b.details);
      insert.bind(1, b.experiment_id);
      insert.bind(2, b.suite_name);
      insert.bind(3, b.model_a);
      insert.bind(4, b.model_b);
      insert.bind(5, b.winner);
      insert.bind(6, b.weight);
      insert.bind(7, b.judge);
      insert.bind(8, b.row_id);
      insert.bind(9, b.run);
      insert.bind(10, b.game);
      insert.bind(11, b.length_a);
      insert.bind(12, b.length_b);
      insert.bind(13, details);
      insert.bind(14, b.created_at.empty() ? now : b.created_at);
      insert.run("cannot store a battle");
      inserted += static_cast<size_t>(sqlite3_changes(connection_.handle()));
      insert.reset();
    }
    connection_.exec("COMMIT", "cannot store battles");
  } catch (...) {
    connection_.exec("ROLLBACK", "cannot roll back storing battles");
    throw;
  }
  return inserted;
}

void Store::for_each_battle(const BattleFilter& filter,
                            const std::function<void(const BattleRecord&)>& visit) {
  Statement select(connection_,
                   "SELECT experiment_id, suite_name, model_a, model_b, winner, weight, judge, "
                   "row_id, run, game, length_a, length_b, details, created_at FROM battles "
                   "WHERE (?1 IS NULL OR suite_name = ?1) AND (?2 IS NULL OR experiment_id = ?2) "
                   "ORDER BY id");
  select.bind(1, filter.suite_name);
  select.bind(2, filter.experiment_id);
  BattleRecord b;
  while (select.step("cannot read battles")) {
    b.experiment_id = select.optional_text(0);
    b.suite_name = select.text(1);
    b.model_a = select.text(2);
    b.model_b = select.text(3);
    b.winner = select.text(4);
    b.weight = select.real(5);
    b.judge = select.text(6);
    b.row_id = select.optional_text(7);
    b.run = select.is_null(8) ? std::nullopt : std::optional(static_cast<int>(select.integer(8)));
    b.game = select.is_null(9) ? std::nullopt : std::optional(static_cast<int>(select.integer(9)));
    b.length_a = select.is_null(10) ? std::nullopt : std::optional(select.real(10));
    b.length_b = select.is_null(11) ? std::nullopt : std::optional(select.real(11));
    try {
      b.details = Json::parse(select.text(12));
    } catch (const Json::exception& e) {
      throw std::runtime_error("store " + path().string() +
                               ": a battle has invalid details: " + e.what());
    }
    b.created_at = select.text(13);
    visit(b);
  }
}

}  // namespace evp::store
