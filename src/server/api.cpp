// The REST API's routes (docs/api.md): each handler borrows a store connection, reads through
// the shared indexes and caches, and answers JSON.
#include "server/api.h"

#include <algorithm>
#include <exception>
#include <limits>

#include "base/errors.h"
#include "base/fast_json.h"
#include "runner/comparison.h"
#include "server/api_params.h"
#include "server/arena_voting.h"
#include "server/compare_view.h"
#include "server/computed_cache.h"
#include "server/experiment_index.h"
#include "server/leaderboard_view.h"
#include "server/page_cursor.h"
#include "server/report_cache.h"
#include "server/rollout_table.h"
#include "server/row_preview.h"
#include "server/store_pool.h"

namespace evp::server {

struct Api::State {
  State(std::filesystem::path db, const ApiOptions& options)
      : pool(std::move(db)), voting(options.votes_per_minute, options.vote_burst) {}
  StorePool pool;
  ExperimentIndex experiments;
  ReportCache reports;
  ComputedCache computed;
  ArenaVoting voting;
  std::optional<std::pair<long long, long long>> battles_seen;  // poll_events' last look
};

namespace {

constexpr size_t kMaxAnnotationChars = 1000;

Json experiment_json(const ExperimentInfo& e) {
  return Json{{"id", e.id},         {"suite", e.suite}, {"created_at", e.created_at},
              {"status", e.status}, {"done", e.done},   {"total", e.total}};
}

ExperimentInfo find_experiment(Api::State& s, store::Store& store, const std::string& id) {
  auto e = s.experiments.find(store, id);
  if (!e) throw ApiError(404, "no experiment " + id + " in the store");
  return *e;
}

std::vector<std::string> report_models(const Json& report) {
  std::vector<std::string> models;
  for (const Json& m : report.at("models")) models.push_back(m.at("model"));
  std::sort(models.begin(), models.end());
  return models;
}

void require_model(const std::vector<std::string>& models, const std::string& model,
                   const std::string& experiment_id) {
  if (std::find(models.begin(), models.end(), model) == models.end()) {
    throw ApiError(404, "experiment " + experiment_id + " has no model '" + model + "'");
  }
}

Json get_info(Api::State& s, store::Store& store) {
  const auto [battles, top] = battle_count(store);
  (void)top;
  return Json{{"api", "evp-api/1"},
              {"evp_version", EVP_VERSION},
              {"store", s.pool.path().filename().string()},
              {"experiments", s.experiments.experiments(store).size()},
              {"battles", battles},
              {"write_requires_token", true}};
}

Json get_experiments(Api::State& s, store::Store& store, const ApiRequest& r) {
  const auto suite = text_param(r, "suite");
  const auto status = text_param(r, "status");
  const int limit = page_limit(r);
  std::optional<std::string> after;
  if (auto cursor = text_param(r, "cursor")) {
    const Json at = decode_cursor(*cursor, "e");
    if (at.size() != 2 || !at[1].is_string())
      throw ApiError(400, "cursor: not a cursor of this list");
    after = at[1].get<std::string>();
  }
  Json list = Json::array();
  Json next = nullptr;
  bool past_cursor = !after;
  for (const ExperimentInfo& e : s.experiments.experiments(store)) {
    if (!past_cursor) {
      past_cursor = e.id == *after;
      continue;
    }
    if ((suite && e.suite != *suite) || (status && e.status != *status)) continue;
    if (static_cast<int>(list.size()) == limit) {
      next = encode_cursor(Json::array({"e", list.back()["id"]}));
      break;
    }
    list.push_back(experiment_json(e));
  }
  return Json{{"experiments", std::move(list)}, {"next", std::move(next)}};
}

Json get_experiment(Api::State& s, store::Store& store, const std::string& id) {
  const ExperimentInfo e = find_experiment(s, store, id);
  const auto record = store.experiment(id);
  if (!record) throw ApiError(404, "no experiment " + id + " in the store");
  Json experiment = experiment_json(e);
  experiment["evp_version"] = record->evp_version;
  experiment["config"] = record->config;
  const Json report = s.reports.report(store, e);
  return Json{
      {"experiment", std::move(experiment)}, {"report", report}, {"models", report_models(report)}};
}

Json get_rollouts(Api::State& s, store::Store& store, const std::string& id, const ApiRequest& r) {
  const ExperimentInfo e = find_experiment(s, store, id);
  RolloutQuery q;
  q.experiment_id = id;
  q.model = text_param(r, "model");
  q.status = status_filter(text_param(r, "status").value_or(""));
  q.score_min = number_param(r, "score_min");
  q.score_max = number_param(r, "score_max");
  q.text = text_param(r, "q").value_or("");
  q.sort = rollout_sort(text_param(r, "sort").value_or(""));
  q.limit = page_limit(r);
  q.cursor = text_param(r, "cursor");
  std::vector<std::string> models;
  if (q.sort == RolloutSort::score_ascending || q.sort == RolloutSort::score_descending) {
    models = report_models(s.reports.report(store, e));
  }
  const RolloutPage page = rollout_page(store.connection(), q, models);
  return Json{{"rollouts", page.rollouts},
              {"next", page.next ? Json(*page.next) : Json(nullptr)},
              {"scanned", page.scanned},
              {"search_complete", page.complete}};
}

Json annotation_json(const store::AnnotationRecord& a) {
  return Json{{"id", a.id},
              {"label", a.label ? Json(*a.label) : Json(nullptr)},
              {"note", a.note ? Json(*a.note) : Json(nullptr)},
              {"created_at", a.created_at}};
}

Json get_rollout(Api::State& s, store::Store& store, const std::string& id, const ApiRequest& r) {
  find_experiment(s, store, id);
  const std::string model = required_param(r, "model");
  const long long row = integer_param(r, "row", -1, 0, std::numeric_limits<long long>::max());
  const long long run = integer_param(r, "run", 0, 0, 1000000);
  if (row < 0) throw ApiError(400, "row: required");
  store::Statement select(store.connection(),
                          std::string("SELECT 1, rowid, ") + rollout_columns() +
                              ", judge_prompt_tokens, judge_completion_tokens, judge_cost_usd, "
                              "created_at FROM rollouts WHERE experiment_id = ? AND model = ? "
                              "AND row_index = ? AND run = ?");
  select.bind(1, id);
  select.bind(2, model);
  select.bind(3, row);
  select.bind(4, run);
  if (!select.step("cannot read a rollout")) {
    throw ApiError(404, "experiment " + id + " has no rollout of model '" + model + "' at row " +
                            std::to_string(row) + " run " + std::to_string(run));
  }
  Json out = rollout_summary(select, 2);
  out.erase("question");
  out.erase("answer");
  out["judge_prompt_tokens"] = select.integer(14);
  out["judge_completion_tokens"] = select.integer(15);
  out["judge_cost_usd"] = select.real(16);
  out["created_at"] = select.text(17);
  out["row"] = parse_json_text_or_discarded(select.text(13));
  Json annotations = Json::array();
  for (const auto& a : store.annotations(id, model, row, static_cast<int>(run))) {
    annotations.push_back(annotation_json(a));
  }
  out["annotations"] = std::move(annotations);
  return out;
}

Json get_compare(Api::State& s, store::Store& store, const std::string& id, const ApiRequest& r) {
  const ExperimentInfo e = find_experiment(s, store, id);
  CompareQuery q;
  q.experiment_id = id;
  q.a = required_param(r, "a");
  q.b = required_param(r, "b");
  if (q.a == q.b) throw ApiError(400, "b: choose a model other than a");
  const auto models = report_models(s.reports.report(store, e));
  require_model(models, q.a, id);
  require_model(models, q.b, id);
  q.filter = compare_filter(text_param(r, "filter").value_or(""));
  q.limit = page_limit(r);
  q.cursor = text_param(r, "cursor");
  Json page = compare_page(store.connection(), q);
  Json stats = nullptr;
  if (!q.cursor) {
    stats = s.computed.get(
        "compare:" + id + "\n" + q.a + "\n" + q.b, std::to_string(e.done) + ":" + e.status, [&] {
          try {
            return runner::comparison_json(runner::compare_sides(store, {id, q.a}, {id, q.b}));
          } catch (const InputError&) {
            return Json(nullptr);  // e.g. no row both have
          }
        });
  }
  page["stats"] = std::move(stats);
  return page;
}

Json get_leaderboard(Api::State& s, store::Store& store, const ApiRequest& r) {
  Json out =
      suite_leaderboard(store, s.experiments.experiments(store), s.reports, text_param(r, "suite"));
  out["arena"] = arena_leaderboard(store, s.computed);
  return out;
}

std::optional<std::string> bounded_text(const Json& body, const char* key) {
  if (!body.contains(key) || body[key].is_null()) return std::nullopt;
  if (!body[key].is_string()) throw ApiError(400, std::string(key) + ": expected text");
  std::string text = body[key].get<std::string>();
  if (text.empty()) return std::nullopt;
  if (text.size() > 4 * kMaxAnnotationChars || utf8_length(text) > kMaxAnnotationChars) {
    throw ApiError(400, std::string(key) + ": at most 1000 characters");
  }
  return text;
}

Json post_annotation(Api::State& s, store::Store& store, const std::string& id,
                     const ApiRequest& r) {
  const ExperimentInfo e = find_experiment(s, store, id);
  const Json body = json_body(r);
  store::AnnotationRecord a;
  a.experiment_id = id;
  a.model = body.value("model", "");
  require_model(report_models(s.reports.report(store, e)), a.model, id);
  if (!body.contains("row_index") || !body["row_index"].is_number_integer()) {
    throw ApiError(400, "row_index: expected a whole number");
  }
  a.row_index = body["row_index"].get<long long>();
  a.run = body.value("run", 0);
  a.label = bounded_text(body, "label");
  a.note = bounded_text(body, "note");
  if (!a.label && !a.note) throw ApiError(400, "label or note: give at least one");
  a.author = r.voter;
  return annotation_json(store.add_annotation(std::move(a)));
}

ApiResponse route(Api::State& s, const ApiRequest& r) {
  const auto& p = r.segments;
  const bool get = r.method == "GET" || r.method == "HEAD";
  const bool post = r.method == "POST";
  auto lease = s.pool.borrow();
  store::Store& store = *lease;
  auto answer = [](Json body) {
    ApiResponse out;
    out.body = std::move(body);
    return out;
  };
  auto method_not_allowed = [&](const char* allowed) -> ApiResponse {
    throw ApiError(405, r.method + " is not allowed here (use " + allowed + ")");
  };
  if (p.size() == 1 && p[0] == "info")
    return get ? answer(get_info(s, store)) : method_not_allowed("GET");
  if (p.size() == 1 && p[0] == "experiments") {
    return get ? answer(get_experiments(s, store, r)) : method_not_allowed("GET");
  }
  if (p.size() == 2 && p[0] == "experiments") {
    return get ? answer(get_experiment(s, store, p[1])) : method_not_allowed("GET");
  }
  if (p.size() == 3 && p[0] == "experiments") {
    if (p[2] == "rollouts")
      return get ? answer(get_rollouts(s, store, p[1], r)) : method_not_allowed("GET");
    if (p[2] == "rollout")
      return get ? answer(get_rollout(s, store, p[1], r)) : method_not_allowed("GET");
    if (p[2] == "compare")
      return get ? answer(get_compare(s, store, p[1], r)) : method_not_allowed("GET");
    if (p[2] == "annotations") {
      return post ? answer(post_annotation(s, store, p[1], r)) : method_not_allowed("POST");
    }
  }
  if (p.size() == 1 && p[0] == "leaderboard") {
    return get ? answer(get_leaderboard(s, store, r)) : method_not_allowed("GET");
  }
  if (p.size() == 2 && p[0] == "arena" && p[1] == "next") {
    return get ? answer(s.voting.next_battle(store, s.experiments.experiments(store), s.reports,
                                             text_param(r, "suite")))
               : method_not_allowed("GET");
  }
  if (p.size() == 2 && p[0] == "arena" && p[1] == "vote") {
    return post ? s.voting.vote(store, json_body(r), r.voter) : method_not_allowed("POST");
  }
  std::string path;
  for (const auto& segment : p) path += "/" + segment;
  throw ApiError(404, "no API route " + r.method + " /api" + path);
}

}  // namespace

Api::Api(std::filesystem::path store, ApiOptions options)
    : state_(std::make_unique<State>(std::move(store), options)) {}

Api::~Api() = default;

bool Api::is_write(const ApiRequest& request) {
  return request.method == "POST";
}

ApiResponse Api::handle(const ApiRequest& request) {
  try {
    return route(*state_, request);
  } catch (const ApiError& e) {
    ApiResponse out;
    out.status = e.status();
    out.body = {{"error", e.what()}};
    return out;
  } catch (const std::exception& e) {
    ApiResponse out;
    out.status = 500;
    out.body = {{"error", e.what()}};
    return out;
  }
}

std::vector<ApiEvent> Api::poll_events() {
  std::vector<ApiEvent> events;
  auto lease = state_->pool.borrow();
  for (const ExperimentInfo& e : state_->experiments.changes(*lease)) {
    events.push_back({"experiment", experiment_json(e)});
  }
  const auto battles = battle_count(*lease);
  if (state_->battles_seen && *state_->battles_seen != battles) {
    events.push_back({"battles", {{"battles", battles.first}}});
  }
  state_->battles_seen = battles;
  return events;
}

}  // namespace evp::server
