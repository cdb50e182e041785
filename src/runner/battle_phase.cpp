// The pairwise judging phase (see battle_phase.h).
#include "runner/battle_phase.h"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <map>
#include <memory>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "base/fast_json.h"
#include "evaluate/judge_prompt.h"
#include "evaluate/pairwise_judge.h"
#include "evaluate/row_inputs.h"
#include "evaluate/text_utils.h"
#include "model/row_json.h"
#include "store/store.h"

namespace evp::runner {
namespace {

namespace asio = boost::asio;

// One candidate rollout to judge against the baseline's rollout of the same row and run.
struct Task {
  std::string candidate_json;
  const std::string* baseline_json = nullptr;
  std::string row_id;
  int run = 0;
};

using JudgedKey = std::tuple<std::string, std::string, int>;  // model_a, row_id, run

struct JudgeTally {
  size_t judgments = 0, battles = 0, no_verdict = 0;
  std::string first_no_verdict_reason;  // games without a verdict are not stored: say why once
  evaluate::JudgeUsage usage;
};

// The judgments already stored for this judge, which a resumed run skips. A judgment's games
// are stored in one transaction, so one stored game means the judgment is done (its other
// game may have had no verdict). A judgment without any verdict is judged again.
std::set<JudgedKey> judged_before(store::Store& store, const BattlePhaseOptions& options,
                                  const std::string& judge) {
  std::set<JudgedKey> done;
  store::BattleFilter filter;
  filter.experiment_id = options.experiment_id;
  store.for_each_battle(filter, [&](const store::BattleRecord& b) {
    if (b.judge == judge && b.row_id && b.run) done.insert({b.model_a, *b.row_id, *b.run});
  });
  return done;
}

// Reads the finished rollouts: the baseline's by (row, run), and every other model's as tasks.
std::vector<Task> plan_tasks(store::Store& store, const BattlePhaseOptions& options,
                             const std::string& baseline, const std::set<JudgedKey>& done,
                             std::map<std::pair<std::string, int>, std::string>& baseline_rows) {
  std::vector<Task> tasks;
  store.for_each_rollout(options.experiment_id, [&](const store::RolloutRecord& r) {
    if (r.status_code != static_cast<int>(model::StatusCode::kFinished)) return;
    if (r.key.model == baseline) {
      baseline_rows[{r.key.row_id, r.key.run}] = r.row_json;
    } else if (!done.contains({r.key.model, r.key.row_id, r.key.run})) {
      tasks.push_back(Task{r.row_json, nullptr, r.key.row_id, r.key.run});
    }
  });
  std::erase_if(tasks, [&](Task& t) {
    auto it = baseline_rows.find({t.row_id, t.run});
    if (it == baseline_rows.end()) return true;
    t.baseline_json = &it->second;
    return false;
  });
  return tasks;
}

// The answer's length in characters (UTF-8 code points).
double answer_length(const model::EvaluationRow& row) {
  const auto text = evaluate::answer_text(row);
  return text ? static_cast<double>(evaluate::count_code_points(*text)) : 0.0;
}

std::vector<store::BattleRecord> battles_of(const evaluate::PairwiseJudgment& j,
                                            const model::EvaluationRow& candidate,
                                            const model::EvaluationRow& baseline, const Task& task,
                                            const std::string& judge,
                                            const BattlePhaseOptions& options) {
  std::vector<store::BattleRecord> out;
  for (size_t g = 0; g < j.games.size(); ++g) {
    const evaluate::PairwiseGame& game = j.games[g];
    if (game.winner.empty()) continue;
    store::BattleRecord b;
    b.experiment_id = options.experiment_id;
    b.suite_name = options.suite_name;
    b.model_a = j.model_a;
    b.model_b = j.model_b;
    b.winner = game.winner;
    b.weight = game.weight;
    b.judge = judge;
    b.row_id = task.row_id;
    b.run = task.run;
    b.game = static_cast<int>(g);
    b.length_a = answer_length(candidate);
    b.length_b = answer_length(baseline);
    b.details = Json{{"label", "[[" + game.label + "]]"},
                     {"candidate_is_a", game.candidate_is_a},
                     {"judgment", game.judgment},
                     {"judge_usage", evaluate::judge_data(judge, game.usage)}};
    out.push_back(std::move(b));
  }
  return out;
}

// Judges the tasks with `concurrency` workers on the service loop, storing battles in batches.
class JudgingRun {
 public:
  JudgingRun(evaluate::PairwiseJudge& judge, store::Store& store, const BattlePhaseOptions& options,
             std::vector<Task> tasks)
      : judge_(judge),
        store_(store),
        options_(options),
        name_(battle_judge_name(judge.judge_key(), judge.name())),
        tasks_(std::move(tasks)) {}

  asio::awaitable<void> run() {
    auto executor = co_await asio::this_coro::executor;
    const size_t workers = std::min<size_t>(tasks_.size(), std::max(1, options_.concurrency));
    running_ = workers;
    asio::steady_timer done(executor, asio::steady_timer::time_point::max());
    done_ = &done;
    for (size_t w = 0; w < workers; ++w) asio::co_spawn(executor, worker(), asio::detached);
    if (workers > 0) {
      boost::system::error_code ec;
      co_await done.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    flush();
    if (error_) std::rethrow_exception(error_);
  }

  const JudgeTally& tally() const { return tally_; }

 private:
  asio::awaitable<void> worker() {
    try {
      while (next_ < tasks_.size() && !error_) {
        const Task& task = tasks_[next_++];
        const model::EvaluationRow candidate =
            model::row_from_json(parse_json_text(task.candidate_json));
        const model::EvaluationRow baseline =
            model::row_from_json(parse_json_text(*task.baseline_json));
        const evaluate::PairwiseJudgment j = co_await judge_.judge(candidate, baseline);
        ++tally_.judgments;
        tally_.usage.add(j.usage());
        auto battles = battles_of(j, candidate, baseline, task, name_, options_);
        tally_.no_verdict += j.games.size() - battles.size();
        for (const evaluate::PairwiseGame& game : j.games) {
          if (game.winner.empty() && tally_.first_no_verdict_reason.empty()) {
            tally_.first_no_verdict_reason = game.error;
          }
        }
        for (auto& b : battles) pending_.push_back(std::move(b));
        if (pending_.size() >= options_.batch) flush();
      }
    } catch (...) {
      if (!error_) error_ = std::current_exception();
    }
    if (--running_ == 0) done_->cancel();
  }

  void flush() {
    if (pending_.empty()) return;
    tally_.battles += store_.add_battles(pending_);
    pending_.clear();
  }

  evaluate::PairwiseJudge& judge_;
  store::Store& store_;
  const BattlePhaseOptions& options_;
  std::string name_;
  std::vector<Task> tasks_;
  size_t next_ = 0;
  size_t running_ = 0;
  asio::steady_timer* done_ = nullptr;
  std::vector<store::BattleRecord> pending_;
  std::exception_ptr error_;
  JudgeTally tally_;
};

std::string summary_of(const evaluate::PairwiseJudge& judge, const JudgeTally& t) {
  std::string line = fmt::format(
      "{}: judged {} rollouts against {} ({} battles stored, {} games without a verdict); judge "
      "{} calls, {} prompt + {} completion tokens",
      judge.name(), t.judgments, judge.baseline(), t.battles, t.no_verdict, t.usage.calls,
      t.usage.prompt_tokens, t.usage.completion_tokens);
  if (t.usage.cost_usd) line += fmt::format(", ${:.4f}", *t.usage.cost_usd);
  if (!t.first_no_verdict_reason.empty()) {
    line += "; the first game without a verdict: " +
            evaluate::shortened(t.first_no_verdict_reason, 300);
  }
  return line;
}

}  // namespace

std::string battle_judge_name(const std::string& judge_model, const std::string& judge_name) {
  return "llm:" + judge_model + ":" + judge_name;
}

std::vector<std::string> run_pairwise_judges(EvaluationService& service,
                                             evaluate::EvaluatorSet& set,
                                             const BattlePhaseOptions& options) {
  std::vector<std::string> notes;
  if (set.pairwise_judges.empty()) return notes;
  auto store = store::Store::open(options.store_path);
  for (auto& judge : set.pairwise_judges) {
    const std::string name = battle_judge_name(judge->judge_key(), judge->name());
    std::map<std::pair<std::string, int>, std::string> baseline_rows;
    std::vector<Task> tasks = plan_tasks(*store, options, judge->baseline(),
                                         judged_before(*store, options, name), baseline_rows);
    // The store is used from the service's thread while this one waits.
    JudgingRun judging(*judge, *store, options, std::move(tasks));
    service.run(judging.run());
    notes.push_back(summary_of(*judge, judging.tally()));
  }
  return notes;
}

}  // namespace evp::runner
