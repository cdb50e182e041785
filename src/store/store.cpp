// Store: experiments (create, read, status, list) and streaming rollout reads over one
// SQLite connection.
#include "store/store.h"

#include <stdexcept>

#include "base/clock.h"
#include "store/schema.h"

namespace evp::store {

Store::Store(Connection connection) : connection_(std::move(connection)) {}

std::unique_ptr<Store> Store::open(const std::filesystem::path& db) {
  return std::unique_ptr<Store>(new Store(open_store(db)));
}

void Store::create_experiment(const ExperimentRecord& record) {
  if (record.id.empty()) throw std::invalid_argument("create_experiment: empty experiment id");
  if (!is_experiment_status(record.status)) {
    throw std::invalid_argument("create_experiment: unknown status \"" + record.status + "\"");
  }
  const std::string created_at = record.created_at.empty() ? utc_now_iso8601() : record.created_at;
  const std::string config = dump_json(record.config);
  Statement insert(connection_,
                   "INSERT INTO experiments (id, suite_name, suite_hash, config, evp_version, "
                   "created_at, status, total, dataset_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, record.id);
  insert.bind(2, record.suite_name);
  insert.bind(3, record.suite_hash);
  insert.bind(4, config);
  insert.bind(5, record.evp_version);
  insert.bind(6, created_at);
  insert.bind(7, record.status);
  insert.bind(8, record.total);
  if (record.dataset_hash.empty()) {
    insert.bind_null(9);
  } else {
    insert.bind(9, record.dataset_hash);
  }
  insert.run("cannot create experiment " + record.id);
}

std::optional<ExperimentRecord> Store::experiment(const std::string& id) {
  Statement select(connection_,
                   "SELECT id, suite_name, suite_hash, config, evp_version, created_at, status, "
                   "total, dataset_hash FROM experiments WHERE id = ?");
  select.bind(1, id);
  if (!select.step("cannot read experiment " + id)) return std::nullopt;
  ExperimentRecord r;
  r.id = select.text(0);
  r.suite_name = select.text(1);
  r.suite_hash = select.text(2);
  try {
    r.config = Json::parse(select.text(3));
  } catch (const Json::exception& e) {
    throw std::runtime_error("store " + path().string() + ": experiment " + id +
                             " has an invalid config: " + e.what());
  }
  r.evp_version = select.text(4);
  r.created_at = select.text(5);
  r.status = select.text(6);
  r.total = select.integer(7);
  if (!select.is_null(8)) r.dataset_hash = select.text(8);
  return r;
}

void Store::set_experiment_status(const std::string& id, const std::string& status) {
  if (!is_experiment_status(status)) {
    throw std::invalid_argument("set_experiment_status: unknown status \"" + status + "\"");
  }
  Statement update(connection_, "UPDATE experiments SET status = ? WHERE id = ?");
  update.bind(1, status);
  update.bind(2, id);
  update.run("cannot set the status of experiment " + id);
  if (sqlite3_changes(connection_.handle()) == 0) {
    throw std::runtime_error("store " + path().string() + ": no experiment " + id);
  }
}

std::vector<ExperimentSummary> Store::list_experiments() {
  Statement select(connection_,
                   "SELECT id, suite_name, created_at, status, total, "
                   "(SELECT count(*) FROM rollouts r WHERE r.experiment_id = e.id) "
                   "FROM experiments e ORDER BY created_at DESC, rowid DESC");
  std::vector<ExperimentSummary> out;
  while (select.step("cannot list experiments")) {
    ExperimentSummary s;
    s.id = select.text(0);
    s.suite = select.text(1);
    s.created_at = select.text(2);
    s.status = select.text(3);
    s.total = select.integer(4);
    s.done = select.integer(5);
    out.push_back(std::move(s));
  }
  return out;
}

namespace {

std::vector<RolloutKey> read_keys(Connection& connection, const char* sql,
                                  const std::string& experiment_id) {
  Statement select(connection, sql);
  select.bind(1, experiment_id);
  const std::string what = "cannot read the rollouts of experiment " + experiment_id;
  std::vector<RolloutKey> keys;
  while (select.step(what)) {
    keys.push_back({select.text(0), select.text(1), static_cast<int>(select.integer(2))});
  }
  return keys;
}

}  // namespace

std::vector<RolloutKey> Store::stored_keys(const std::string& experiment_id) {
  return read_keys(connection_,
                   "SELECT model, row_id, run FROM rollouts WHERE experiment_id = ? "
                   "ORDER BY model, row_id, run",
                   experiment_id);
}

std::vector<RolloutKey> Store::finished_keys(const std::string& experiment_id) {
  return read_keys(connection_,
                   "SELECT model, row_id, run FROM rollouts WHERE experiment_id = ? "
                   "AND status_code = 100 ORDER BY model, row_id, run",
                   experiment_id);
}

void Store::drop_unplaced_failures(const std::string& experiment_id) {
  Statement drop(connection_,
                 "DELETE FROM rollouts WHERE experiment_id = ? AND row_index IS NULL "
                 "AND status_code != 100");
  drop.bind(1, experiment_id);
  drop.run("cannot drop the failed rollouts of experiment " + experiment_id);
}

void Store::delete_rollouts(const std::string& experiment_id, const std::vector<RolloutKey>& keys) {
  connection_.exec("BEGIN IMMEDIATE", "cannot delete rollouts");
  try {
    Statement drop(connection_,
                   "DELETE FROM rollouts WHERE experiment_id = ? AND model = ? AND row_id = ? "
                   "AND run = ?");
    for (const RolloutKey& key : keys) {
      drop.bind(1, experiment_id);
      drop.bind(2, key.model);
      drop.bind(3, key.row_id);
      drop.bind(4, key.run);
      drop.run("cannot delete a rollout of experiment " + experiment_id);
      drop.reset();
    }
    connection_.exec("COMMIT", "cannot delete rollouts");
  } catch (...) {
    connection_.exec("ROLLBACK", "cannot roll back deleting rollouts");
    throw;
  }
}

void Store::for_each_rollout(const std::string& experiment_id,
                             const std::function<void(const RolloutRecord&)>& visit,
                             RolloutFields fields) {
  // Both walk the UNIQUE index (model, dataset position, run): no sort, and within a model
  // that is the order rollouts were appended in, so the table is read nearly sequentially.
  // The summary reads row_json only where metrics is NULL.
  const bool summary = fields == RolloutFields::summary;
  Statement select(
      connection_,
      summary ? "SELECT model, row_id, run, status_code, score_valid, score, cost_usd, "
                "latency_ms, prompt_tokens, completion_tokens, row_index, "
                "CASE WHEN metrics IS NULL THEN row_json END, metrics, "
                "judge_prompt_tokens, judge_completion_tokens, judge_cost_usd, cluster, answer "
                "FROM rollouts "
                "INDEXED BY rollouts_by_position WHERE experiment_id = ? "
                "ORDER BY model, row_index, run"
              : "SELECT model, row_id, run, status_code, score_valid, score, cost_usd, "
                "latency_ms, prompt_tokens, completion_tokens, row_index, row_json, "
                "NULL, judge_prompt_tokens, judge_completion_tokens, judge_cost_usd, cluster, "
                "answer "
                "FROM rollouts INDEXED BY rollouts_by_position WHERE experiment_id = ? "
                "ORDER BY model, row_index, run");
  select.bind(1, experiment_id);
  RolloutRecord r;
  r.experiment_id = experiment_id;
  const std::string what = "cannot read the rollouts of experiment " + experiment_id;
  while (select.step(what)) {
    r.key.model = select.text(0);
    r.key.row_id = select.text(1);
    r.key.run = static_cast<int>(select.integer(2));
    r.status_code = static_cast<int>(select.integer(3));
    r.score_valid = select.integer(4) != 0;
    r.score = select.real(5);
    r.cost_usd = select.real(6);
    r.latency_ms = select.real(7);
    r.prompt_tokens = select.integer(8);
    r.completion_tokens = select.integer(9);
    r.row_index = select.is_null(10) ? -1 : select.integer(10);
    r.row_json = select.is_null(11) ? std::string() : select.text(11);
    if (summary) r.metrics_json = select.is_null(12) ? std::string() : select.text(12);
    r.judge_prompt_tokens = select.integer(13);
    r.judge_completion_tokens = select.integer(14);
    r.judge_cost_usd = select.real(15);
    r.cluster = select.is_null(16) ? std::string() : select.text(16);
    r.answer = select.is_null(17) ? std::string() : select.text(17);
    visit(r);
  }
}

std::vector<std::string> Store::rollout_models(const std::string& experiment_id) {
  // SELECT DISTINCT would walk every index entry of the experiment; seeking past each model
  // visits one entry per model.
  Statement next(connection_,
                 "SELECT model FROM rollouts INDEXED BY rollouts_by_position "
                 "WHERE experiment_id = ? AND model > ? ORDER BY model LIMIT 1");
  std::vector<std::string> models;
  const std::string what = "cannot read the models of experiment " + experiment_id;
  for (std::string after;;) {
    next.reset();
    next.bind(1, experiment_id);
    next.bind(2, after);
    if (!next.step(what)) return models;
    models.push_back(next.text(0));
    after = models.back();
  }
}

void Store::for_each_score(const std::string& experiment_id, const std::string& model,
                           const std::function<void(const RolloutScore&)>& visit) {
  Statement select(connection_,
                   "SELECT row_id, status_code, score_valid, score FROM rollouts "
                   "INDEXED BY rollouts_by_position WHERE experiment_id = ? AND model = ? "
                   "ORDER BY row_index, run");
  select.bind(1, experiment_id);
  select.bind(2, model);
  RolloutScore r;
  const std::string what =
      "cannot read the scores of model " + model + " in experiment " + experiment_id;
  while (select.step(what)) {
    r.row_id = select.text(0);
    r.status_code = static_cast<int>(select.integer(1));
    r.score_valid = select.integer(2) != 0;
    r.score = select.real(3);
    visit(r);
  }
}

CacheIndex Store::cache_index() {
  Statement select(connection_, "SELECT key_hash, id FROM cache_keys");
  CacheIndex index;
  while (select.step("cannot read the cache keys")) {
    index.add(static_cast<uint64_t>(select.integer(0)), select.integer(1));
  }
  index.seal();
  return index;
}

std::optional<std::string> Store::cache_get(const CacheIndex& index, const std::string& key) {
  const std::vector<int64_t> ids = index.find(cache_key_hash(key));
  if (ids.empty()) return std::nullopt;
  // Prepared once: a run asks once per rollout whose key may be cached.
  if (!cache_select_) {
    cache_select_ =
        std::make_unique<Statement>(connection_, "SELECT key, value FROM cache WHERE id = ?");
  }
  Statement& select = *cache_select_;
  std::optional<std::string> value;
  for (const int64_t id : ids) {
    select.reset();
    select.bind(1, static_cast<long long>(id));
    if (select.step("cannot read the cache") && select.text(0) == key) {
      value = select.text(1);
      break;
    }
  }
  select.reset();
  return value;
}

std::optional<std::string> Store::cache_get(const std::string& key) {
  Statement select(connection_,
                   "SELECT c.value FROM cache_keys k JOIN cache c ON c.id = k.id "
                   "WHERE k.key_hash = ? AND c.key = ? ORDER BY k.id DESC LIMIT 1");
  select.bind(1, static_cast<long long>(cache_key_hash(key)));
  select.bind(2, key);
  if (!select.step("cannot read the cache")) return std::nullopt;
  return select.text(0);
}

}  // namespace evp::store
