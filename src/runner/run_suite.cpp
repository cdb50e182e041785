// run_suite: planning, the lanes (event loops) and their worker coroutines, persistence.
#include "runner/run_suite.h"
#include "base/join.h"

#include <unistd.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cctype>
#include <csignal>
#include <cstdlib>
#include <deque>
#include <iostream>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "base/clock.h"
#include "base/errors.h"
#include "dataset/dataset.h"
#include "evaluate/evaluator_set.h"
#include "evaluate/row_inputs.h"
#include "llm/http_client.h"
#include "model/row_json.h"
#include "model/row_writer.h"
#include "rollout/existing_answer.h"
#include "rollout/single_turn.h"
#include "runner/battle_phase.h"
#include "runner/cached_model.h"
#include "runner/evaluation_service.h"
#include "runner/lanes.h"
#include "runner/model_factory.h"
#include "runner/progress.h"
#include "runner/row_bank.h"
#include "runner/row_groups.h"
#include "runner/scoring.h"
#include "store/store.h"
#include "store/store_writer.h"

namespace evp::runner {
namespace {

namespace asio = boost::asio;

evaluate::EvaluatorSet build_evaluators(const suite::Suite& suite,
                                        evaluate::EvaluatorEnvironment& env) {
  evaluate::EvaluatorSet set;
  for (const auto& spec : suite.evaluators) {
    try {
      evaluate::add_evaluator(set, spec.config, env);
    } catch (const InputError& e) {
      throw InputError(suite.file.string(), spec.line, spec.column,
                       spec.key_path + ": " + e.message());
    }
  }
  return set;
}

// A pairwise judge's baseline must be a model that is rolled out.
void check_baselines(const suite::Suite& suite, const std::vector<ResolvedModel>& rolled_out) {
  std::vector<std::string> names;
  for (const ResolvedModel& m : rolled_out) names.push_back(m.spec.key);
  const std::string keys = join(names);
  for (const auto& spec : suite.evaluators) {
    if (spec.config.value("type", "") != "pairwise_judge") continue;
    const std::string baseline = spec.config.value("baseline", "");
    const bool found = std::any_of(rolled_out.begin(), rolled_out.end(),
                                   [&](const ResolvedModel& m) { return m.spec.key == baseline; });
    if (!found) {
      throw InputError(suite.file.string(), spec.line, spec.column,
                       spec.key_path + ": pairwise_judge.baseline: model '" + baseline +
                           "' is not rolled out (rolled out: " + keys + ")");
    }
  }
}

// Reads the dataset into `bank`; returns what --skip-invalid skipped.
std::vector<dataset::SkippedLine> load_rows(const suite::Suite& suite, const RunOptions& options,
                                            RowBank& bank) {
  dataset::DatasetOptions dopt;
  dopt.skip_invalid = options.skip_invalid;
  dopt.prompt_template = suite.prompt_template;
  dopt.ground_truth_column = suite.ground_truth_column;
  dopt.limit = suite.limit;
  dataset::Dataset data = dataset::load_dataset(
      suite.dataset, dopt, [&](int, model::EvaluationRow&& row) { bank.add(std::move(row)); });
  if (bank.empty()) throw InputError(suite.dataset.string(), 0, 0, "the dataset has no rows");
  return std::move(data.skipped);
}

model::EvalMetadata eval_metadata_of(const suite::Suite& suite) {
  model::EvalMetadata m;
  m.name = suite.name;
  if (!suite.description.empty()) m.description = suite.description;
  m.version = EVP_VERSION;
  m.status = model::Status::eval_finished();
  m.num_runs = suite.runs;
  m.aggregation_method = "mean";
  if (suite.threshold) {
    m.passed_threshold =
        model::EvaluationThreshold{suite.threshold->success, suite.threshold->standard_error};
  }
  return m;
}

// The model's answer time recorded by the rollout, else the rollout's duration.
double model_latency_seconds(const model::EvaluationRow& row) {
  const auto& exec = row.execution_metadata;
  if (exec.extra) {
    auto it = exec.extra->find("evp");
    if (it != exec.extra->end() && it->contains("latency_seconds")) {
      return (*it)["latency_seconds"].get<double>();
    }
  }
  return exec.rollout_duration_seconds.value_or(0.0);
}

// What the row's judges spent (their metrics' data["judge"], see evaluate/judge_call.h).
void add_judge_usage(store::RolloutRecord& rec, const model::EvaluationRow& row) {
  if (!row.evaluation_result) return;
  for (const auto& [name, metric] : row.evaluation_result->metrics) {
    auto judge = metric.data.find("judge");
    if (judge == metric.data.end() || !judge->is_object()) continue;
    rec.judge_prompt_tokens += judge->value("prompt_tokens", 0LL);
    rec.judge_completion_tokens += judge->value("completion_tokens", 0LL);
    rec.judge_cost_usd += judge->value("cost_usd", 0.0);
  }
}

// The row's value at a dotted path of its Eval Protocol JSON, as text ("" when absent).
std::string value_at_path(const model::EvaluationRow& row, const std::string& path) {
  const Json json = model::to_json(row);
  const Json* at = &json;
  size_t start = 0;
  for (;;) {
    const size_t dot = path.find('.', start);
    const std::string key = path.substr(start, dot == std::string::npos ? dot : dot - start);
    if (!at->is_object()) return "";
    auto it = at->find(key);
    if (it == at->end()) return "";
    at = &*it;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (at->is_null()) return "";
  return at->is_string() ? at->get<std::string>() : at->dump();
}

// The final answer as majority votes compare it: the last assistant message's text with
// whitespace runs collapsed to one space, trimmed, ASCII lowercased, at most 256 bytes.
std::string answer_key(const model::EvaluationRow& row) {
  const std::optional<std::string> text = evaluate::answer_text(row);
  std::string out;
  if (!text) return out;
  for (char c : *text) {
    if (out.size() >= 256) break;
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      if (!out.empty() && out.back() != ' ') out += ' ';
      continue;
    }
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string random_hex(size_t n) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(n, '0');
  for (auto& c : out) c = kHex[rng() & 0xf];
  return out;
}

// One model's share of the experiment: what is left to roll out, taken in order by the
// workers of every lane that serves the model.
struct ModelRun {
  const ResolvedModel* resolved = nullptr;
  Json completion_params;  // what each of its rows records: the params, plus "model"
  std::vector<std::pair<size_t, int>> plan;  // (row index, run) still missing
  std::atomic<size_t> next{0};
  RowGroups groups;  // with groupwise evaluators: rollouts waiting for their row's group
};

// A model as one lane serves it: its ChatModel on the lane's loop, behind the cache when
// the cache applies.
struct LaneModel {
  ModelRun* run = nullptr;
  int concurrency = 0;  // the lane's share: how many workers it runs for the model
  std::unique_ptr<llm::ChatModel> model;
  std::unique_ptr<CachedChatModel> cached;
  llm::ChatModel* chat = nullptr;  // cached wrapper or the model itself
};

// One event loop thread (see lanes.h) and what lives on it. Declaration order is
// destruction order in reverse: the loop outlives the clients whose handlers it holds.
struct Lane {
  asio::io_context io{1};
  std::unique_ptr<llm::HttpClient> http;
  std::unique_ptr<store::Store> cache_reader;  // cache lookups from this lane's thread
  std::vector<LaneModel> models;
  int active_workers = 0;
  std::thread thread;
};

class SuiteRun {
 public:
  SuiteRun(const suite::Suite& suite, const RunOptions& options, std::ostream& log)
      : suite_(suite), options_(options), log_(log) {}
  ~SuiteRun() {
    stop_lanes();
    try {
      if (service_) service_->stop(evaluators_);
    } catch (...) {  // NOLINT(bugprone-empty-catch): already failing; the loop is stopped
    }
    if (service_ && !service_->drained()) {
      // Evaluations a failure left suspended still refer to the evaluators (see drained()).
      static_cast<void>(new evaluate::EvaluatorSet(std::move(evaluators_)));
    }
  }

  RunOutcome run();

 private:
  void make_lanes();
  void open_experiment();
  void plan();
  void attach_cache();
  void run_lanes();
  void stop_lanes();
  void on_lane_failed(std::exception_ptr error);
  asio::awaitable<void> worker(LaneModel& m);
  asio::awaitable<void> progress_loop();
  asio::awaitable<model::EvaluationRow> execute(const ModelRun& m, llm::ChatModel& chat,
                                                size_t row_index, int run);
  void finish_rollout(const ModelRun& m, const model::EvaluationRow& row, size_t row_index,
                      int run);
  std::vector<std::pair<size_t, int>> redo_partial_groups(const std::set<store::RolloutKey>& stored,
                                                          const ResolvedModel& resolved);
  store::RolloutRecord record_of(const ModelRun& m, const model::EvaluationRow& row,
                                 size_t row_index, int run) const;
  void on_signal();

  const suite::Suite& suite_;
  const RunOptions& options_;
  std::ostream& log_;
  RunOutcome outcome_;
  std::atomic<long long> executed_{0};
  std::atomic<long long> errors_{0};
  std::mutex report_mutex_;
  std::optional<ReportBuilder> report_;  // a fresh run aggregates its report as it goes

  RowBank rows_;
  std::vector<std::string> clusters_;  // by dataset row, with a suite cluster_key
  // The service hosts the evaluators that wait; declared first, so it outlives them.
  std::unique_ptr<EvaluationService> service_;
  evaluate::EvaluatorSet evaluators_;
  bool grouping_ = false;  // some evaluator is groupwise: rollouts are stored by row group
  model::EvalMetadata eval_metadata_;
  ModelResolution models_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<store::StoreWriter> writer_;
  std::optional<store::CacheIndex> cache_index_;  // the cache's entries when the run started
  std::deque<ModelRun> runs_;                     // one per resolved model, same order
  std::deque<Lane> lanes_;
  std::atomic<int> lanes_running_{0};
  std::mutex failure_mutex_;
  std::exception_ptr lane_failure_;  // the first exception that escaped a lane's loop
  // The main thread's loop: signals and progress, while the lanes roll out.
  asio::io_context control_{1};
  std::unique_ptr<Progress> progress_;
  std::optional<asio::signal_set> signals_;
  std::optional<asio::steady_timer> progress_timer_;
  long long pid_ = static_cast<long long>(::getpid());
};

void SuiteRun::make_lanes() {
  const int count =
      lane_count(options_.threads, std::thread::hardware_concurrency(), models_.models);
  for (int l = 0; l < count; ++l) {
    Lane& lane = lanes_.emplace_back();
    lane.http = std::make_unique<llm::HttpClient>(lane.io);
    for (size_t i = 0; i < models_.models.size(); ++i) {
      const ResolvedModel& resolved = models_.models[i];
      const suite::ModelLimits share =
          resolved.canned() ? lane_share(resolved.spec.limits, l, 1)  // lane 0 takes it all
                            : lane_share(resolved.spec.limits, l, count);
      if (share.concurrency <= 0) continue;
      LaneModel m;
      m.run = &runs_[i];
      m.concurrency = share.concurrency;
      m.model = make_chat_model(resolved, share, lane.io, *lane.http);
      m.chat = m.model.get();
      lane.models.push_back(std::move(m));
    }
  }
}

void SuiteRun::open_experiment() {
  store_ = store::Store::open(options_.store_path);
  const long long total = static_cast<long long>(rows_.size()) *
                          static_cast<long long>(models_.models.size()) * suite_.runs;
  if (options_.resume_id) {
    auto existing = store_->experiment(*options_.resume_id);
    if (!existing) {
      throw InputError("no experiment " + *options_.resume_id + " in store " +
                       options_.store_path.string());
    }
    if (existing->suite_hash != suite_.content_hash) {
      throw InputError(suite_.file.string(), 0, 0,
                       "the suite file changed since experiment " + existing->id +
                           " was started; resume needs the same suite (start a new run instead)");
    }
    if (!existing->dataset_hash.empty() && existing->dataset_hash != rows_.ids_hash()) {
      throw InputError(suite_.dataset.string(), 0, 0,
                       "the dataset's rows changed since experiment " + existing->id +
                           " was started; resume needs the same rows in the same order (start "
                           "a new run instead)");
    }
    outcome_.experiment_id = existing->id;
    store_->set_experiment_status(existing->id, "running");
  } else {
    store::ExperimentRecord rec;
    rec.id = store::new_experiment_id();
    rec.suite_name = suite_.name;
    rec.suite_hash = suite_.content_hash;
    rec.dataset_hash = rows_.ids_hash();
    rec.config = suite_.config;
    rec.evp_version = EVP_VERSION;
    rec.created_at = utc_now_iso8601();
    rec.status = "running";
    rec.total = total;
    store_->create_experiment(rec);
    outcome_.experiment_id = rec.id;
  }
  outcome_.total = total;
}

void SuiteRun::plan() {
  std::set<store::RolloutKey> stored;
  // Failed rollouts are not kept: a resumed run tries them again (and replaces them).
  if (options_.resume_id) store_->drop_unplaced_failures(outcome_.experiment_id);
  for (auto& k : store_->finished_keys(outcome_.experiment_id)) stored.insert(std::move(k));
  outcome_.already_done = static_cast<long long>(stored.size());
  for (size_t i = 0; i < models_.models.size(); ++i) {
    const ResolvedModel& resolved = models_.models[i];
    ModelRun& m = runs_[i];
    m.resolved = &resolved;
    m.completion_params = resolved.spec.params;
    if (!resolved.spec.model.empty()) m.completion_params["model"] = resolved.spec.model;
    if (grouping_) {
      // Row by row, so each row's group completes soon and few wait in memory.
      m.plan = redo_partial_groups(stored, resolved);
      for (const auto& [r, run] : m.plan) m.groups.expect(r);
      continue;
    }
    for (int run = 0; run < suite_.runs; ++run) {
      for (size_t r = 0; r < rows_.size(); ++r) {
        if (!stored.contains(store::RolloutKey{resolved.spec.key, rows_.row_id(r), run})) {
          m.plan.emplace_back(r, run);
        }
      }
    }
  }
}

// A groupwise evaluator scores a row's runs together, so a row's group is stored whole, but a
// kill can land between two of its commits: such a part is deleted and the group redone.
std::vector<std::pair<size_t, int>> SuiteRun::redo_partial_groups(
    const std::set<store::RolloutKey>& stored, const ResolvedModel& resolved) {
  std::vector<std::pair<size_t, int>> plan;
  std::vector<store::RolloutKey> partial;
  for (size_t r = 0; r < rows_.size(); ++r) {
    std::vector<store::RolloutKey> have;
    for (int run = 0; run < suite_.runs; ++run) {
      store::RolloutKey key{resolved.spec.key, rows_.row_id(r), run};
      if (stored.contains(key)) have.push_back(std::move(key));
    }
    if (have.size() == static_cast<size_t>(suite_.runs)) continue;
    for (int run = 0; run < suite_.runs; ++run) plan.emplace_back(r, run);
    partial.insert(partial.end(), have.begin(), have.end());
  }
  if (!partial.empty()) {
    store_->delete_rollouts(outcome_.experiment_id, partial);
    outcome_.already_done -= static_cast<long long>(partial.size());
  }
  return plan;
}

void SuiteRun::attach_cache() {
  if (!options_.use_cache) return;
  for (Lane& lane : lanes_) {
    for (LaneModel& m : lane.models) {
      if (m.model->cache_identity().empty()) continue;
      // Read once, and only when some model can use the cache (canned ones cannot).
      if (!cache_index_) cache_index_ = store_->cache_index();
      if (!lane.cache_reader) lane.cache_reader = store::Store::open(options_.store_path);
      m.cached =
          std::make_unique<CachedChatModel>(*m.model, *lane.cache_reader, *cache_index_, *writer_);
      m.chat = m.cached.get();
    }
  }
}

asio::awaitable<model::EvaluationRow> SuiteRun::execute(const ModelRun& m, llm::ChatModel& chat,
                                                        size_t row_index, int run) {
  const suite::ModelSpec& spec = m.resolved->spec;
  model::EvaluationRow row = rows_.row(row_index);
  if (suite_.system_prompt && (row.messages.empty() || row.messages.front().role != "system")) {
    row.messages.insert(row.messages.begin(), model::make_message("system", *suite_.system_prompt));
  }
  row.input_metadata.completion_params = m.completion_params;
  auto& exec = row.execution_metadata;
  exec.experiment_id = outcome_.experiment_id;
  exec.invocation_id = outcome_.experiment_id;
  exec.run_id = fmt::format("{}-run{}", outcome_.experiment_id, run);
  exec.rollout_id = random_hex(16);
  exec.extra = Json{{"evp", {{"model", spec.key}, {"run", run}}}};
  row.created_at = utc_now_iso8601();
  row.pid = pid_;

  try {
    if (suite_.rollout.type == "none") {
      rollout::use_existing_answer(row);
    } else {
      co_await rollout::run_single_turn(row, chat, run, m.resolved->price);
    }
  } catch (const std::exception& e) {
    row.rollout_status = model::Status::error(model::StatusCode::kInternal, e.what());
  }
  if (row.rollout_status.is_finished()) {
    const auto start = std::chrono::steady_clock::now();
    try {
      co_await score_rollout(evaluators_, *service_, row);
    } catch (const std::exception& e) {
      model::EvaluateResult failed;
      failed.is_score_valid = false;
      failed.error = e.what();
      row.evaluation_result = std::move(failed);
    }
    exec.eval_duration_seconds = seconds_since(start);
  }
  row.eval_metadata = eval_metadata_;
  co_return row;
}

// The store's record of a finished rollout. The row is serialized here, on the lane that
// built it, while it is in this core's cache: the writer thread reading it cold took about
// five times as long (and freeing it there as long again).
store::RolloutRecord SuiteRun::record_of(const ModelRun& m, const model::EvaluationRow& row,
                                         size_t row_index, int run) const {
  const auto& exec = row.execution_metadata;
  store::RolloutRecord rec;
  rec.experiment_id = outcome_.experiment_id;
  rec.key = store::RolloutKey{m.resolved->spec.key, *row.input_metadata.row_id, run};
  rec.row_index = static_cast<long long>(row_index);
  rec.status_code = row.rollout_status.code;
  if (row.evaluation_result) {
    rec.score_valid = row.evaluation_result->is_score_valid;
    rec.score = row.evaluation_result->score;
  }
  if (exec.cost_metrics && exec.cost_metrics->total_cost_dollar) {
    rec.cost_usd = *exec.cost_metrics->total_cost_dollar;
  }
  rec.latency_ms = model_latency_seconds(row) * 1000.0;
  if (exec.usage) {
    rec.prompt_tokens = exec.usage->prompt_tokens;
    rec.completion_tokens = exec.usage->completion_tokens;
  }
  add_judge_usage(rec, row);
  model::append_row_json(rec.row_json, row);
  rec.metrics_json = store::metrics_json_of(row);
  if (!clusters_.empty()) rec.cluster = clusters_[row_index];
  if (row.rollout_status.is_finished()) rec.answer = answer_key(row);
  return rec;
}

// Counts, reports and stores a scored rollout.
void SuiteRun::finish_rollout(const ModelRun& m, const model::EvaluationRow& row, size_t row_index,
                              int run) {
  store::RolloutRecord rec = record_of(m, row, row_index, run);
  const bool error = rec.status_code != static_cast<int>(model::StatusCode::kFinished);
  executed_.fetch_add(1, std::memory_order_relaxed);
  if (error) errors_.fetch_add(1, std::memory_order_relaxed);
  if (progress_) progress_->on_done(error);
  if (report_) {
    std::lock_guard lock(report_mutex_);
    report_->add(rec, &row);
  }
  writer_->add(std::move(rec));
}

asio::awaitable<void> SuiteRun::worker(LaneModel& m) {
  ModelRun& model_run = *m.run;
  for (;;) {
    const size_t i = model_run.next.fetch_add(1, std::memory_order_relaxed);
    if (i >= model_run.plan.size()) break;
    const auto [row_index, run] = model_run.plan[i];
    model::EvaluationRow row = co_await execute(model_run, *m.chat, row_index, run);
    if (!grouping_) {
      finish_rollout(model_run, row, row_index, run);
      continue;
    }
    auto group = model_run.groups.add(row_index, run, std::move(row));
    if (!group) continue;
    std::vector<model::EvaluationRow*> rows;
    for (GroupMember& member : *group) rows.push_back(&member.row);
    const auto start = std::chrono::steady_clock::now();
    co_await score_group(evaluators_, *service_, rows);
    const double group_seconds = seconds_since(start);
    for (GroupMember& member : *group) {
      auto& eval_seconds = member.row.execution_metadata.eval_duration_seconds;
      if (member.row.evaluation_result) eval_seconds = eval_seconds.value_or(0) + group_seconds;
      finish_rollout(model_run, member.row, row_index, member.run);
    }
  }
}

asio::awaitable<void> SuiteRun::progress_loop() {
  progress_timer_.emplace(control_);
  for (;;) {
    progress_timer_->expires_after(progress_->interval());
    boost::system::error_code ec;
    co_await progress_timer_->async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    progress_->tick();
  }
}

void SuiteRun::on_lane_failed(std::exception_ptr error) {
  {
    std::lock_guard lock(failure_mutex_);
    if (!lane_failure_) lane_failure_ = std::move(error);
  }
  for (Lane& lane : lanes_) lane.io.stop();
}

void SuiteRun::run_lanes() {
  for (Lane& lane : lanes_) {
    for (LaneModel& m : lane.models) {
      const size_t workers =
          std::min(m.run->plan.size(), static_cast<size_t>(std::max(1, m.concurrency)));
      for (size_t w = 0; w < workers; ++w) {
        ++lane.active_workers;
        // A worker that throws (the store writer failed, a bug) fails the run; detached would
        // drop the exception and leave the lane's loop waiting forever.
        asio::co_spawn(lane.io, worker(m), [this, &lane](std::exception_ptr error) {
          if (error) on_lane_failed(error);
          // The lane's last worker stops its loop: idle connections must not keep it alive.
          if (--lane.active_workers == 0) lane.io.stop();
        });
      }
    }
  }
  for (Lane& lane : lanes_) {
    if (lane.active_workers == 0) continue;
    lanes_running_.fetch_add(1);
    lane.thread = std::thread([this, &lane] {
      try {
        lane.io.run();
      } catch (...) {
        on_lane_failed(std::current_exception());
      }
      if (lanes_running_.fetch_sub(1) == 1) {
        // The last lane is done: nothing else may keep the control loop alive.
        asio::post(control_, [this] {
          if (progress_timer_) progress_timer_->cancel();
          if (signals_) signals_->cancel();
        });
      }
    });
  }
  if (lanes_running_.load() > 0) control_.run();
  stop_lanes();
  if (lane_failure_) std::rethrow_exception(lane_failure_);
}

void SuiteRun::stop_lanes() {
  for (Lane& lane : lanes_) {
    lane.io.stop();
    if (lane.thread.joinable()) lane.thread.join();
  }
}

void SuiteRun::on_signal() {
  // Everything that finished is committed; rollouts in flight are abandoned and a resume
  // redoes them. The lanes' loops are stopped, not unwound: the process ends here.
  stop_lanes();
  if (progress_) progress_->finish();
  writer_->flush();
  store_->set_experiment_status(outcome_.experiment_id, "interrupted");
  log_ << fmt::format(
      "\nInterrupted: {} of {} rollouts are stored.\nResume with: evp run {} --resume {}{}\n",
      outcome_.already_done + executed_.load(), outcome_.total, suite_.file.string(),
      outcome_.experiment_id,
      options_.store_path.empty() ? "" : " --store " + options_.store_path.string());
  log_.flush();
  std::_Exit(130);
}

RunOutcome SuiteRun::run() {
  // Everything that can be wrong with the input is found before any model is called.
  for (const auto& s : load_rows(suite_, options_, rows_)) {
    outcome_.notes.push_back(fmt::format("skipped {}:{}: {}", s.file, s.line, s.message));
  }
  if (suite_.cluster_key) {
    for (size_t r = 0; r < rows_.size(); ++r) {
      clusters_.push_back(value_at_path(rows_.row(r), *suite_.cluster_key));
    }
  }
  eval_metadata_ = eval_metadata_of(suite_);
  models_ = resolve_models(suite_);
  for (auto& n : models_.notes) outcome_.notes.push_back(n);
  service_ = std::make_unique<EvaluationService>(suite_, models_.models);
  evaluators_ = build_evaluators(suite_, service_->environment());
  grouping_ = evaluators_.has_groupwise();
  // Judges are not rolled out.
  std::erase_if(models_.models, [](const ResolvedModel& m) { return m.spec.judge_only; });
  check_baselines(suite_, models_.models);
  // Evaluator processes start (and their handshakes are checked) before the experiment is
  // opened: a broken evaluator leaves nothing behind in the store.
  service_->start(evaluators_);
  if (models_.models.empty()) {
    throw InputError(suite_.file.string(), 0, 0, "no model can run (every model was skipped)");
  }
  runs_.resize(models_.models.size());
  make_lanes();
  open_experiment();
  plan();
  writer_ = std::make_unique<store::StoreWriter>(options_.store_path);
  attach_cache();

  long long missing = 0;
  for (const auto& m : runs_) missing += static_cast<long long>(m.plan.size());
  if (outcome_.already_done == 0) report_.emplace();
  if (options_.show_progress) {
    progress_ = std::make_unique<Progress>(std::cerr, options_.progress_is_terminal, outcome_.total,
                                           outcome_.already_done);
  }
  if (missing > 0) {
    signals_.emplace(control_, SIGINT, SIGTERM);
    signals_->async_wait([this](const boost::system::error_code& ec, int) {
      if (!ec) on_signal();
    });
    if (progress_) asio::co_spawn(control_, progress_loop(), asio::detached);
    run_lanes();
  }
  if (progress_) progress_->finish();
  writer_->flush();
  if (!evaluators_.pairwise_judges.empty()) {
    signals_.reset();  // Ctrl-C now ends the process; a resumed run skips what was judged
    BattlePhaseOptions battle_options;
    battle_options.store_path = options_.store_path;
    battle_options.experiment_id = outcome_.experiment_id;
    battle_options.suite_name = suite_.name;
    log_ << "judging pairs against the baseline...\n";
    for (auto& note : run_pairwise_judges(*service_, evaluators_, battle_options)) {
      outcome_.notes.push_back(std::move(note));
    }
  }
  for (auto& note : service_->stop(evaluators_)) outcome_.notes.push_back(std::move(note));
  store_->set_experiment_status(outcome_.experiment_id, "finished");
  if (report_) {
    outcome_.report = std::move(*report_).finish(*store_->experiment(outcome_.experiment_id));
  }
  outcome_.executed = executed_.load();
  outcome_.errors = errors_.load();
  for (const Lane& lane : lanes_) {
    for (const LaneModel& m : lane.models) {
      if (m.cached) outcome_.cache_hits += m.cached->hits();
    }
  }
  return outcome_;
}

}  // namespace

RunOutcome run_suite(const suite::Suite& suite, const RunOptions& options, std::ostream& log) {
  SuiteRun run(suite, options, log);
  return run.run();
}

}  // namespace evp::runner
