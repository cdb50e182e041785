// Report aggregation (one streaming pass over the experiment's rollouts) and rendering.
#include "runner/report.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>
#include <stdexcept>
#include <unordered_map>

#include <fmt/format.h>

#include "base/fast_json.h"
#include "model/row_json.h"

namespace evp::runner {
namespace {

struct ModelAccumulator {
  // Rollouts arrive in any order: scores are grouped by row here, and the rows sorted by
  // id when the report is finished (so bootstrap resampling sees the same order every time).
  std::unordered_map<std::string, size_t> slot_of_row;  // index into scores_by_row
  std::vector<std::pair<std::string, std::vector<double>>> scores_by_row;
  std::vector<long long> rollouts_by_row;   // by the same slot: failed rollouts included
  std::vector<std::string> cluster_by_row;  // by the same slot: "" when the row has none
  // By the same slot: (answer, score) of each scored rollout, for majority votes.
  std::vector<std::vector<std::pair<std::string, double>>> answers_by_row;
  std::vector<double> latencies_ms;
  // Summed when the report is finished, in ascending order: floating-point sums depend on
  // the order of their terms, and a run's report must equal the one read back from the store.
  std::vector<double> costs_usd;
  std::vector<double> judge_costs_usd;
  std::map<std::string, std::vector<double>> metric_scores;
  ModelReport report;
};

std::optional<Threshold> threshold_of(const Json& config) {
  auto it = config.find("threshold");
  if (it == config.end() || !it->is_object()) return std::nullopt;
  Threshold t;
  t.success = it->value("success", 0.0);
  if (it->contains("standard_error") && (*it)["standard_error"].is_number()) {
    t.standard_error = (*it)["standard_error"].get<double>();
  }
  return t;
}

void add_metric(ModelAccumulator& acc, const std::string& name, double score) {
  acc.metric_scores[name].push_back(score);
}

// Per-metric scores from the metrics column, or for rollouts stored before it existed, from
// the row's evaluation_result.
void add_metrics(ModelAccumulator& acc, const store::RolloutRecord& rec,
                 const model::EvaluationRow* row) {
  if (row) {  // handed over by a run, not read back: the metrics are right there
    if (!row->evaluation_result) return;
    for (const auto& [name, metric] : row->evaluation_result->metrics) {
      if (metric.is_score_valid) add_metric(acc, name, metric.score);
    }
    return;
  }
  if (!rec.metrics_json.empty()) {
    const Json metrics = parse_json_text_or_discarded(rec.metrics_json);
    if (!metrics.is_object()) return;
    for (auto it = metrics.begin(); it != metrics.end(); ++it) {
      if (it->is_number()) add_metric(acc, it.key(), it->get<double>());
    }
    return;
  }
  const Json stored = parse_json_text_or_discarded(rec.row_json);
  if (stored.is_discarded()) return;
  auto er = stored.find("evaluation_result");
  if (er == stored.end() || !er->is_object()) return;
  auto metrics = er->find("metrics");
  if (metrics == er->end() || !metrics->is_object()) return;
  for (auto it = metrics->begin(); it != metrics->end(); ++it) {
    if (!it->value("is_score_valid", true) || !(*it)["score"].is_number()) continue;
    add_metric(acc, it.key(), (*it)["score"].get<double>());
  }
}

double sum_in_order(std::vector<double>& values) {
  std::sort(values.begin(), values.end());
  double sum = 0;
  for (double v : values) sum += v;
  return sum;
}

// pass@k and pass^k with k = runs, over the rows with all their runs stored, in row-id order.
// A rollout passes when its score is 1 (fully correct); failed ones do not pass.
void add_pass_at_k(ModelReport& r, const ModelAccumulator& acc, const std::vector<size_t>& order,
                   int runs) {
  std::vector<stats::QuestionSamples> questions;
  for (size_t slot : order) {
    const std::vector<double>& scores = acc.scores_by_row[slot].second;
    const long long n = acc.rollouts_by_row[slot];
    if (n < runs) continue;
    const auto passed =
        std::count_if(scores.begin(), scores.end(), [](double s) { return s >= 1; });
    questions.push_back(stats::QuestionSamples{n, static_cast<long long>(passed)});
  }
  if (questions.empty()) return;
  r.pass_k = runs;
  r.pass_at_k = stats::mean_pass_at_k(questions, runs);
  r.pass_hat_k = stats::mean_pass_hat_k(questions, runs);
}

// Majority vote (self-consistency) over each row's runs: the most frequent answer (ties: the
// smallest, so arrival order does not matter) scores the mean score of the rollouts that gave
// it; a normal interval across rows. Rows without answers are skipped.
void add_majority_vote(ModelReport& r, const ModelAccumulator& acc,
                       const std::vector<size_t>& order) {
  std::vector<double> values;
  for (size_t slot : order) {
    std::vector<std::pair<std::string, double>> answers = acc.answers_by_row[slot];
    if (answers.empty()) continue;
    std::sort(answers.begin(), answers.end());
    std::vector<std::string> texts;
    for (const auto& [text, score] : answers) texts.push_back(text);
    const std::string winner = *stats::majority_vote(texts);
    std::vector<double> scores;
    for (const auto& [text, score] : answers) {
      if (text == winner) scores.push_back(score);
    }
    values.push_back(sum_in_order(scores) / static_cast<double>(scores.size()));
  }
  if (!values.empty()) r.majority_vote = stats::probability_mean_normal_ci(values);
}

// With clusters: the mean of the rows' mean scores with the CR1 clustered interval; a row
// without a cluster is a cluster of its own.
void add_clustered(ModelReport& r, const ModelAccumulator& acc, const std::vector<size_t>& order) {
  if (std::all_of(acc.cluster_by_row.begin(), acc.cluster_by_row.end(),
                  [](const std::string& c) { return c.empty(); })) {
    return;
  }
  std::vector<double> means;
  std::vector<std::string> clusters;
  for (size_t slot : order) {
    const auto& [row_id, scores] = acc.scores_by_row[slot];
    if (scores.empty()) continue;
    // Already ascending (finish sorted each row), as sum_in_order would sum them.
    means.push_back(std::accumulate(scores.begin(), scores.end(), 0.0) /
                    static_cast<double>(scores.size()));
    const std::string& cluster = acc.cluster_by_row[slot];
    clusters.push_back(cluster.empty() ? "row:" + row_id : "cluster:" + cluster);
  }
  r.clustered = stats::clustered_mean_ci(means, clusters);
  r.clusters =
      static_cast<long long>(std::set<std::string>(clusters.begin(), clusters.end()).size());
}

// Upper bounds 10, 20, 50, 100, ... ms up to 1e6, then infinity.
std::vector<double> latency_bounds() {
  std::vector<double> bounds;
  for (double decade = 10; decade < 2e6; decade *= 10) {
    for (const double step : {1.0, 2.0, 5.0}) bounds.push_back(step * decade);
  }
  bounds.push_back(std::numeric_limits<double>::infinity());
  return bounds;
}

std::vector<std::pair<double, long long>> latency_histogram(const std::vector<double>& latencies) {
  static const std::vector<double> bounds = latency_bounds();
  std::vector<long long> counts(bounds.size(), 0);
  for (const double ms : latencies) {
    const auto at = std::lower_bound(bounds.begin(), bounds.end(), ms);  // first bound >= ms
    ++counts[static_cast<size_t>(at - bounds.begin())];
  }
  size_t first = 0, last = counts.size();
  while (first < last && counts[first] == 0) ++first;
  while (last > first && counts[last - 1] == 0) --last;
  std::vector<std::pair<double, long long>> out;
  for (size_t i = first; i < last; ++i) out.emplace_back(bounds[i], counts[i]);
  return out;
}

ModelReport finish(ModelAccumulator& acc, int runs, const std::optional<Threshold>& threshold) {
  ModelReport r = std::move(acc.report);
  r.rows = static_cast<long long>(acc.scores_by_row.size());
  // Rows in row-id order and each row's scores ascending: rollouts arrive in any order, and
  // every figure below must not depend on it.
  std::vector<size_t> order(acc.scores_by_row.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return acc.scores_by_row[a].first < acc.scores_by_row[b].first;
  });
  for (auto& [row, scores] : acc.scores_by_row) std::sort(scores.begin(), scores.end());
  if (runs > 1) add_pass_at_k(r, acc, order, runs);
  if (runs > 1) add_majority_vote(r, acc, order);
  add_clustered(r, acc, order);
  std::vector<std::vector<double>> by_row;
  by_row.reserve(order.size());
  for (size_t slot : order) by_row.push_back(std::move(acc.scores_by_row[slot].second));
  if (runs > 1) {
    r.score = stats::fixed_question_set_ci(by_row);
    r.ci_method = "fixed-question-set";
  } else {
    std::vector<double> values;
    for (const auto& scores : by_row) values.insert(values.end(), scores.begin(), scores.end());
    r.score = stats::bootstrap_mean_ci(values);
    r.ci_method = "bootstrap";
  }
  if (!acc.latencies_ms.empty()) {
    r.latency_p50_ms = stats::percentile(acc.latencies_ms, 50);
    r.latency_p95_ms = stats::percentile(acc.latencies_ms, 95);
    r.latency_histogram = latency_histogram(acc.latencies_ms);
  }
  r.cost_usd = sum_in_order(acc.costs_usd);
  r.judge_cost_usd = sum_in_order(acc.judge_costs_usd);
  for (auto& [name, scores] : acc.metric_scores) {
    r.metric_means[name] = sum_in_order(scores) / static_cast<double>(scores.size());
  }
  if (threshold) {
    bool ok = r.score.n > 0 && r.score.mean >= threshold->success;
    if (threshold->standard_error) ok = ok && r.score.standard_error <= *threshold->standard_error;
    r.passed = ok;
  }
  return r;
}

std::string xml_escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string fail_message(const ModelReport& m, const Threshold& t) {
  if (m.score.n == 0) return "no valid score";
  if (m.score.mean < t.success) {
    return fmt::format("mean score {:.4f} is below the threshold {:.4f}", m.score.mean, t.success);
  }
  return fmt::format("standard error {:.4f} is above the threshold {:.4f}", m.score.standard_error,
                     t.standard_error.value_or(0.0));
}

}  // namespace

struct ReportBuilder::Accumulators {
  std::map<std::string, ModelAccumulator> by_model;
};

ReportBuilder::ReportBuilder() : acc_(std::make_unique<Accumulators>()) {}
ReportBuilder::~ReportBuilder() = default;
ReportBuilder::ReportBuilder(ReportBuilder&&) noexcept = default;
ReportBuilder& ReportBuilder::operator=(ReportBuilder&&) noexcept = default;

void ReportBuilder::add(const store::RolloutRecord& rec, const model::EvaluationRow* row) {
  ModelAccumulator& acc = acc_->by_model[rec.key.model];
  acc.report.model = rec.key.model;
  ++acc.report.rollouts;
  auto [slot, added] = acc.slot_of_row.try_emplace(rec.key.row_id, acc.scores_by_row.size());
  if (added) {
    acc.scores_by_row.emplace_back(rec.key.row_id, std::vector<double>{});
    acc.rollouts_by_row.push_back(0);
    acc.cluster_by_row.push_back(rec.cluster);
    acc.answers_by_row.emplace_back();
  }
  ++acc.rollouts_by_row[slot->second];
  auto& row_scores = acc.scores_by_row[slot->second].second;
  if (rec.status_code != static_cast<int>(model::StatusCode::kFinished)) {
    ++acc.report.errors;
    return;
  }
  acc.latencies_ms.push_back(rec.latency_ms);
  acc.report.prompt_tokens += rec.prompt_tokens;
  acc.report.completion_tokens += rec.completion_tokens;
  acc.costs_usd.push_back(rec.cost_usd);
  acc.report.judge_prompt_tokens += rec.judge_prompt_tokens;
  acc.report.judge_completion_tokens += rec.judge_completion_tokens;
  if (rec.judge_cost_usd != 0) acc.judge_costs_usd.push_back(rec.judge_cost_usd);
  if (rec.score_valid) {
    row_scores.push_back(rec.score);
    if (!rec.answer.empty()) acc.answers_by_row[slot->second].emplace_back(rec.answer, rec.score);
  } else {
    ++acc.report.invalid;
  }
  add_metrics(acc, rec, row);
}

Report ReportBuilder::finish(const store::ExperimentRecord& exp) && {
  Report report;
  report.experiment_id = exp.id;
  report.suite = exp.suite_name;
  report.status = exp.status;
  report.runs = exp.config.value("runs", 1);
  report.threshold = threshold_of(exp.config);
  for (auto& [name, acc] : acc_->by_model) {
    report.models.push_back(runner::finish(acc, report.runs, report.threshold));
  }
  std::stable_sort(
      report.models.begin(), report.models.end(),
      [](const ModelReport& a, const ModelReport& b) { return a.score.mean > b.score.mean; });
  if (report.threshold && !report.models.empty()) {
    report.passed = std::all_of(report.models.begin(), report.models.end(),
                                [](const ModelReport& m) { return m.passed.value_or(false); });
  }
  return report;
}

Report build_report(store::Store& store, const std::string& experiment_id) {
  auto exp = store.experiment(experiment_id);
  if (!exp) throw std::runtime_error("no experiment " + experiment_id + " in the store");
  ReportBuilder builder;
  store.for_each_rollout(
      experiment_id, [&](const store::RolloutRecord& rec) { builder.add(rec); },
      store::RolloutFields::summary);
  return std::move(builder).finish(*exp);
}

void print_report(std::ostream& out, const Report& r) {
  out << fmt::format("Suite {}  experiment {}  ({} run{}{})\n", r.suite, r.experiment_id, r.runs,
                     r.runs == 1 ? "" : "s", r.status == "finished" ? "" : ", " + r.status);
  out << fmt::format(
      "{:>2}  {:<24} {:>6} {:>7} {:>6}  {:>6}  {:<17} {:>6}  {:>10} {:>9}  {:>8} {:>8}  {}\n", "#",
      "model", "rows", "rollouts", "errors", "score", "95% CI", "stderr", "tokens", "cost $",
      "p50 ms", "p95 ms", "pass");
  int rank = 0;
  for (const auto& m : r.models) {
    const std::string ci =
        m.score.n > 0 ? fmt::format("[{:.3f}, {:.3f}]", m.score.ci_low, m.score.ci_high) : "-";
    const std::string pass = m.passed ? (*m.passed ? "PASS" : "FAIL") : "-";
    out << fmt::format(
        "{:>2}  {:<24} {:>6} {:>7} {:>6}  {:>6.3f}  {:<17} {:>6.4f}  {:>10} {:>9.4f}  {:>8.0f} "
        "{:>8.0f}  {}\n",
        ++rank, m.model, m.rows, m.rollouts, m.errors, m.score.mean, ci, m.score.standard_error,
        m.prompt_tokens + m.completion_tokens, m.cost_usd, m.latency_p50_ms, m.latency_p95_ms,
        pass);
  }
  for (const auto& m : r.models) {
    if (!m.majority_vote) continue;
    out << fmt::format("{}: majority vote over runs {:.3f} [{:.3f}, {:.3f}]\n", m.model,
                       m.majority_vote->mean, m.majority_vote->ci_low, m.majority_vote->ci_high);
  }
  for (const auto& m : r.models) {
    if (!m.clustered) continue;
    out << fmt::format(
        "{}: clustered over {} clusters: mean {:.3f} [{:.3f}, {:.3f}], stderr {:.4f}\n", m.model,
        m.clusters, m.clustered->mean, m.clustered->ci_low, m.clustered->ci_high,
        m.clustered->standard_error);
  }
  for (const auto& m : r.models) {
    if (!m.pass_at_k) continue;
    out << fmt::format("{}: pass@{} {:.3f} [{:.3f}, {:.3f}], pass^{} {:.3f} [{:.3f}, {:.3f}]\n",
                       m.model, m.pass_k, m.pass_at_k->mean, m.pass_at_k->ci_low,
                       m.pass_at_k->ci_high, m.pass_k, m.pass_hat_k->mean, m.pass_hat_k->ci_low,
                       m.pass_hat_k->ci_high);
  }
  for (const auto& m : r.models) {
    if (m.judge_prompt_tokens + m.judge_completion_tokens == 0) continue;
    out << fmt::format("judges of {}: {} tokens ({} prompt + {} completion), ${:.4f}\n", m.model,
                       m.judge_prompt_tokens + m.judge_completion_tokens, m.judge_prompt_tokens,
                       m.judge_completion_tokens, m.judge_cost_usd);
  }
  if (r.threshold) {
    std::string t = fmt::format("threshold: mean >= {:.3f}", r.threshold->success);
    if (r.threshold->standard_error) {
      t += fmt::format(", standard error <= {:.3f}", *r.threshold->standard_error);
    }
    out << t << "  ->  " << (r.passed.value_or(false) ? "PASSED" : "FAILED") << "\n";
  }
}

namespace {

Json clustered_json(const ModelReport& m) {
  if (!m.clustered) return nullptr;
  return Json{{"mean", m.clustered->mean},
              {"ci_low", m.clustered->ci_low},
              {"ci_high", m.clustered->ci_high},
              {"standard_error", m.clustered->standard_error},
              {"clusters", m.clusters}};
}

// [{"le_ms": bound or null for infinity, "count"}].
Json histogram_json(const std::vector<std::pair<double, long long>>& histogram) {
  Json out = Json::array();
  for (const auto& [bound, count] : histogram) {
    out.push_back({{"le_ms", std::isinf(bound) ? Json(nullptr) : Json(bound)}, {"count", count}});
  }
  return out;
}

Json pass_json(int k, const std::optional<stats::MeanCI>& ci) {
  if (!ci) return nullptr;
  return Json{{"k", k}, {"mean", ci->mean}, {"ci_low", ci->ci_low}, {"ci_high", ci->ci_high}};
}

}  // namespace

Json report_json(const Report& r) {
  Json models = Json::array();
  for (const auto& m : r.models) {
    Json metrics = Json::object();
    for (const auto& [name, mean] : m.metric_means) metrics[name] = Json{{"mean", mean}};
    Json jm{{"model", m.model},
            {"rows", m.rows},
            {"rollouts", m.rollouts},
            {"errors", m.errors},
            {"invalid", m.invalid},
            {"score",
             {{"mean", m.score.mean},
              {"ci_low", m.score.ci_low},
              {"ci_high", m.score.ci_high},
              {"standard_error", m.score.standard_error},
              {"n", m.score.n},
              {"method", m.ci_method}}},
            {"passed", m.passed ? Json(*m.passed) : Json(nullptr)},
            {"usage",
             {{"prompt_tokens", m.prompt_tokens},
              {"completion_tokens", m.completion_tokens},
              {"total_tokens", m.prompt_tokens + m.completion_tokens}}},
            {"cost_usd", m.cost_usd},
            {"judge",
             {{"prompt_tokens", m.judge_prompt_tokens},
              {"completion_tokens", m.judge_completion_tokens},
              {"cost_usd", m.judge_cost_usd}}},
            {"latency_ms",
             {{"p50", m.latency_p50_ms},
              {"p95", m.latency_p95_ms},
              {"histogram", histogram_json(m.latency_histogram)}}},
            {"pass_at_k", pass_json(m.pass_k, m.pass_at_k)},
            {"clustered", clustered_json(m)},
            {"majority_vote", m.majority_vote ? Json{{"mean", m.majority_vote->mean},
                                                     {"ci_low", m.majority_vote->ci_low},
                                                     {"ci_high", m.majority_vote->ci_high}}
                                              : Json(nullptr)},
            {"pass_hat_k", pass_json(m.pass_k, m.pass_hat_k)},
            {"metrics", std::move(metrics)}};
    models.push_back(std::move(jm));
  }
  return Json{
      {"experiment_id", r.experiment_id},
      {"suite", r.suite},
      {"status", r.status},
      {"runs", r.runs},
      {"threshold", r.threshold ? Json{{"success", r.threshold->success},
                                       {"standard_error", r.threshold->standard_error
                                                              ? Json(*r.threshold->standard_error)
                                                              : Json(nullptr)}}
                                : Json(nullptr)},
      {"passed", r.passed ? Json(*r.passed) : Json(nullptr)},
      {"models", std::move(models)}};
}

void save_report(store::Store& store, const Report& report) {
  long long done = 0;
  for (const ModelReport& m : report.models) done += m.rollouts;
  store.save_report(report.experiment_id, done, report.status, report_json(report));
}

std::string report_junit(const Report& r) {
  long long failures = 0;
  long long errors = 0;
  for (const auto& m : r.models) {
    if (m.rollouts > 0 && m.errors == m.rollouts) {
      ++errors;
    } else if (m.passed && !*m.passed) {
      ++failures;
    }
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"evp\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n",
                     r.models.size(), failures, errors);
  out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n",
                     xml_escape(r.suite), r.models.size(), failures, errors);
  for (const auto& m : r.models) {
    out += fmt::format("    <testcase classname=\"{}\" name=\"{}\">\n", xml_escape(r.suite),
                       xml_escape(m.model));
    out += fmt::format(
        "      <properties><property name=\"score\" value=\"{:.6f}\"/><property name=\"ci_low\" "
        "value=\"{:.6f}\"/><property name=\"ci_high\" value=\"{:.6f}\"/><property "
        "name=\"experiment_id\" value=\"{}\"/></properties>\n",
        m.score.mean, m.score.ci_low, m.score.ci_high, xml_escape(r.experiment_id));
    if (m.rollouts > 0 && m.errors == m.rollouts) {
      out += fmt::format("      <error message=\"all {} rollouts failed\"/>\n", m.rollouts);
    } else if (m.passed && !*m.passed && r.threshold) {
      out += fmt::format("      <failure message=\"{}\"/>\n",
                         xml_escape(fail_message(m, *r.threshold)));
    }
    out += "    </testcase>\n";
  }
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

}  // namespace evp::runner
