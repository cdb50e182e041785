// Compare pages: two grouped walks of the position index merged on row_index.
#include "server/compare_view.h"

#include <memory>

#include "server/api_types.h"
#include "server/page_cursor.h"
#include "server/row_preview.h"

namespace evp::server {
namespace {

// One model's rows in dataset order: (row_index, row_id, mean score, runs).
class RowWalk {
 public:
  RowWalk(store::Connection& c, const CompareQuery& q, const std::string& model,
          long long after_row)
      : select_(c,
                "SELECT row_index, row_id, "
                "avg(CASE WHEN status_code = 100 AND score_valid = 1 THEN score ELSE 0 END), "
                "count(*) FROM rollouts WHERE experiment_id = ? AND model = ? AND row_index > ? "
                "GROUP BY row_index ORDER BY row_index LIMIT ?") {
    select_.bind(1, q.experiment_id);
    select_.bind(2, model);
    select_.bind(3, after_row);
    select_.bind(4, q.scan_budget);
    step();
  }
  void step() { has_row_ = select_.step("cannot read the rollouts"); }
  bool has_row() const { return has_row_; }
  long long row_index() const { return select_.integer(0); }
  std::string row_id() const { return select_.text(1); }
  double score() const { return select_.real(2); }
  long long runs() const { return select_.integer(3); }

 private:
  store::Statement select_;
  bool has_row_ = false;
};

std::string first_run_row_json(store::Connection& c, const std::string& experiment_id,
                               const std::string& model, long long row_index) {
  store::Statement s(c,
                     "SELECT row_json FROM rollouts WHERE experiment_id = ? AND model = ? AND "
                     "row_index = ? ORDER BY run LIMIT 1");
  s.bind(1, experiment_id);
  s.bind(2, model);
  s.bind(3, row_index);
  return s.step("cannot read a rollout") ? s.text(0) : std::string();
}

bool passes(CompareFilter filter, double a, double b) {
  switch (filter) {
    case CompareFilter::all:
      return true;
    case CompareFilter::disagree:
      return a != b;
    case CompareFilter::a_better:
      return a > b;
    case CompareFilter::b_better:
      return b > a;
  }
  return true;
}

}  // namespace

CompareFilter compare_filter(const std::string& text) {
  if (text.empty() || text == "all") return CompareFilter::all;
  if (text == "disagree") return CompareFilter::disagree;
  if (text == "a_better") return CompareFilter::a_better;
  if (text == "b_better") return CompareFilter::b_better;
  throw ApiError(400,
                 "filter: expected one of all, disagree, a_better, b_better, got '" + text + "'");
}

Json compare_page(store::Connection& c, const CompareQuery& q) {
  long long after = -1;
  if (q.cursor) {
    const Json at = decode_cursor(*q.cursor, "c");
    if (at.size() != 2 || !at[1].is_number_integer()) {
      throw ApiError(400, "cursor: not a cursor of this list");
    }
    after = at[1].get<long long>();
  }
  RowWalk a(c, q, q.a, after), b(c, q, q.b, after);
  Json rows = Json::array();
  Json next = nullptr;
  long long scanned = 0, last_scanned = after, last_emitted = after;
  bool complete = true;
  while (a.has_row() && b.has_row()) {
    if (a.row_index() < b.row_index()) {
      a.step();
      continue;
    }
    if (b.row_index() < a.row_index()) {
      b.step();
      continue;
    }
    if (scanned == q.scan_budget) {
      complete = false;
      next = encode_cursor(Json::array({"c", last_scanned}));
      break;
    }
    ++scanned;
    last_scanned = a.row_index();
    if (passes(q.filter, a.score(), b.score())) {
      if (static_cast<int>(rows.size()) == q.limit) {
        next = encode_cursor(Json::array({"c", last_emitted}));
        break;
      }
      const RowPreview pa = preview_row(first_run_row_json(c, q.experiment_id, q.a, a.row_index()));
      const RowPreview pb = preview_row(first_run_row_json(c, q.experiment_id, q.b, b.row_index()));
      rows.push_back({{"row_index", a.row_index()},
                      {"row_id", a.row_id()},
                      {"question", pa.question},
                      {"a", {{"score", a.score()}, {"runs", a.runs()}, {"answer", pa.answer}}},
                      {"b", {{"score", b.score()}, {"runs", b.runs()}, {"answer", pb.answer}}}});
      last_emitted = a.row_index();
    }
    a.step();
    b.step();
  }
  return Json{{"rows", std::move(rows)},
              {"next", std::move(next)},
              {"scanned", scanned},
              {"search_complete", complete}};
}

}  // namespace evp::server
