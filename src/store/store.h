// Store: the read side of an evp store (a SQLite file) plus experiment bookkeeping. One
// connection, not thread-safe: open one Store per thread. Rollouts are written by StoreWriter.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/cache_index.h"
#include "store/experiment_id.h"  // new_experiment_id() for create_experiment
#include "store/records.h"
#include "store/sqlite.h"

namespace evp::store {

class Store {
 public:
  // Opens or creates the store at `db` (creating parent directories) and migrates it to the
  // current schema. Throws std::runtime_error "cannot open store PATH: ..." (see schema.h).
  static std::unique_ptr<Store> open(const std::filesystem::path& db);

  // Inserts a new experiment. Throws std::invalid_argument for an empty id or an unknown
  // status, std::runtime_error when the id exists. An empty created_at is set to now.
  void create_experiment(const ExperimentRecord& record);
  std::optional<ExperimentRecord> experiment(const std::string& id);
  // status: running, finished, interrupted or failed (std::invalid_argument otherwise);
  // std::runtime_error when there is no such experiment.
  void set_experiment_status(const std::string& id, const std::string& status);
  // Newest first (created_at, then creation order); done = stored rollouts.
  std::vector<ExperimentSummary> list_experiments();

  // The keys of every stored rollout of the experiment, ordered by model, row_id, run (the
  // order of RolloutKey's operator<=>).
  std::vector<RolloutKey> stored_keys(const std::string& experiment_id);
  // The same for the rollouts that finished (status 100): what a resumed run keeps; the
  // failed ones are rolled out again and replaced.
  std::vector<RolloutKey> finished_keys(const std::string& experiment_id);
  // Deletes the experiment's failed rollouts that have no dataset position (stored before
  // schema 4): a resumed run cannot replace them in place, so it drops them and redoes them.
  void drop_unplaced_failures(const std::string& experiment_id);
  // Deletes these rollouts of the experiment, in one transaction (a resumed run with groupwise
  // evaluators redoes a row's group that was stored in part). Missing keys are no error.
  void delete_rollouts(const std::string& experiment_id, const std::vector<RolloutKey>& keys);
  // Calls `visit` for each stored rollout of the experiment, reading one row at a time (the
  // whole experiment is never in memory), ordered by model, dataset position, run (rollouts
  // stored before schema 4 first). RolloutFields::all leaves metrics_json empty;
  // RolloutFields::summary leaves row_json empty unless metrics_json is unknown (a rollout
  // stored before schema 3).
  void for_each_rollout(const std::string& experiment_id,
                        const std::function<void(const RolloutRecord&)>& visit,
                        RolloutFields fields = RolloutFields::all);

  // The models that have rollouts in the experiment, sorted: one index seek per model.
  std::vector<std::string> rollout_models(const std::string& experiment_id);
  // Calls `visit` for each rollout of one model of the experiment, in dataset order, reading
  // only what a comparison needs (a fifth of the columns for_each_rollout reads).
  void for_each_score(const std::string& experiment_id, const std::string& model,
                      const std::function<void(const RolloutScore&)>& visit);

  // Inserts battles in one transaction. A battle of an experiment that is already stored (same
  // experiment, judge, models, row, run and game) is skipped, so a resumed judging phase can
  // add what it has again. Throws std::invalid_argument for an unknown winner, an empty model
  // name, a model against itself or a weight that is not positive; nothing is stored then.
  // Returns how many were inserted.
  size_t add_battles(const std::vector<BattleRecord>& battles);
  // The battles matching `filter`, in insertion order, one at a time.
  void for_each_battle(const BattleFilter& filter,
                       const std::function<void(const BattleRecord&)>& visit);

  // Stores the report of an experiment as computed over `done` rollouts at `status`,
  // replacing the one stored before.
  void save_report(const std::string& experiment_id, long long done, const std::string& status,
                   const Json& report);
  std::optional<StoredReport> stored_report(const std::string& experiment_id);

  // Stores an annotation and returns it with its id and time. Throws std::invalid_argument
  // when it has neither label nor note.
  AnnotationRecord add_annotation(AnnotationRecord annotation);
  // The annotations of one rollout, oldest first.
  std::vector<AnnotationRecord> annotations(const std::string& experiment_id,
                                            const std::string& model, long long row_index, int run);

  // Where the cache's entries are now (see cache_index.h): what a run looks keys up in.
  CacheIndex cache_index();
  // The newest cached value (e.g. a model response) for `key` among the entries `index`
  // knows: one read by id per entry whose key hash matches, none when nothing matches.
  std::optional<std::string> cache_get(const CacheIndex& index, const std::string& key);
  // The same without an index: scans the key hashes (for tools and tests; a run uses the
  // index, loaded once).
  std::optional<std::string> cache_get(const std::string& key);

  const std::filesystem::path& path() const { return connection_.path(); }
  // The connection itself, for read queries this class has no method for (the pages of
  // `evp ui`, server/).
  Connection& connection() { return connection_; }

 private:
  explicit Store(Connection connection);
  Connection connection_;
  std::unique_ptr<Statement> cache_select_;  // declared after connection_: finalized first
};

}  // namespace evp::store
