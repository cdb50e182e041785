// The rollouts table: one SQL walk per sort (the score sorts one per model, merged here), the
// filters the walk's index cannot serve computed per row as a `hit` column, and the page and
// the scan budget counted here.
#include "server/rollout_table.h"

#include <functional>
#include <memory>

#include "model/status.h"
#include "server/api_types.h"
#include "server/page_cursor.h"
#include "server/row_preview.h"

namespace evp::server {
namespace {

// Columns after `hit` and `rowid` (0 and 1): what rollout_summary reads, from column 2.
constexpr int kFirstSummaryColumn = 2;

std::string like_pattern(const std::string& text) {
  std::string out = "%";
  for (const char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

// SQL text and the values its placeholders take, in order.
struct Sql {
  std::string text;
  std::vector<std::function<void(store::Statement&, int)>> binds;

  void add(const std::string& fragment) { text += fragment; }
  void add(const std::string& fragment, std::string value) {
    text += fragment;
    binds.push_back([v = std::move(value)](store::Statement& s, int i) { s.bind(i, v); });
  }
  void add(const std::string& fragment, double value) {
    text += fragment;
    binds.push_back([value](store::Statement& s, int i) { s.bind(i, value); });
  }
  void add(const std::string& fragment, long long value) {
    text += fragment;
    binds.push_back([value](store::Statement& s, int i) { s.bind(i, value); });
  }
  std::unique_ptr<store::Statement> prepare(store::Connection& c) const {
    auto s = std::make_unique<store::Statement>(c, text);
    for (size_t i = 0; i < binds.size(); ++i) binds[i](*s, static_cast<int>(i + 1));
    return s;
  }
};

// The filters the walk does not serve, as one boolean SQL expression appended to `sql`.
void add_hit_expression(Sql& sql, const RolloutQuery& q, bool with_score_bounds) {
  sql.add("(1");
  switch (q.status) {
    case StatusFilter::any:
      break;
    case StatusFilter::finished:
      sql.add(" AND status_code = 100");
      break;
    case StatusFilter::error:
      sql.add(" AND status_code != 100");
      break;
    case StatusFilter::invalid:
      sql.add(" AND status_code = 100 AND score_valid = 0");
      break;
  }
  if (with_score_bounds && (q.score_min || q.score_max)) {
    sql.add(" AND score_valid = 1");
    if (q.score_min) sql.add(" AND score >= ?", *q.score_min);
    if (q.score_max) sql.add(" AND score <= ?", *q.score_max);
  }
  if (!q.text.empty()) sql.add(" AND row_json LIKE ? ESCAPE '\\'", like_pattern(q.text));
  sql.add(")");
}

void add_select(Sql& sql, const RolloutQuery& q, bool with_score_bounds) {
  sql.add("SELECT ");
  add_hit_expression(sql, q, with_score_bounds);
  sql.add(std::string(", rowid, ") + rollout_columns() + " FROM rollouts ");
}

// One walk of the store in a sort order: rows come with their key in that order. It keeps
// its SQL, whose bound text the statement reads without copying.
struct Walk {
  std::unique_ptr<Sql> sql;
  std::unique_ptr<store::Statement> statement;
  bool has_row = false;
  std::string model;  // the score walks' model

  bool step() { return has_row = statement->step("cannot read the rollouts"); }
  bool hit() const { return statement->integer(0) != 0; }
  long long rowid() const { return statement->integer(1); }
  double score() const { return statement->real(kFirstSummaryColumn + 6); }
};

// Position and score cursors, from the row a walk is on.
Json position_key(const Walk& w) {
  const store::Statement& s = *w.statement;
  return Json::array({"p", s.text(kFirstSummaryColumn), s.integer(kFirstSummaryColumn + 2),
                      s.integer(kFirstSummaryColumn + 3)});
}
Json score_key(const Walk& w) {
  return Json::array({"s", w.score(), w.model, w.rowid()});
}
Json newest_key(const Walk& w) {
  return Json::array({"n", w.rowid()});
}

template <typename T>
T cursor_field(const Json& cursor, size_t i) {
  try {
    return cursor.at(i).get<T>();
  } catch (const Json::exception&) {
    throw ApiError(400, "cursor: not a cursor of this list");
  }
}

Walk prepared(store::Connection& c, std::unique_ptr<Sql> sql, std::string model = "") {
  auto statement = sql->prepare(c);
  return Walk{std::move(sql), std::move(statement), false, std::move(model)};
}

Walk position_walk(store::Connection& c, const RolloutQuery& q) {
  auto owned = std::make_unique<Sql>();
  Sql& sql = *owned;
  add_select(sql, q, true);
  sql.add("WHERE experiment_id = ?", q.experiment_id);
  if (q.model) sql.add(" AND model = ?", *q.model);
  if (q.cursor) {
    const Json at = decode_cursor(*q.cursor, "p");
    sql.add(" AND (model, row_index, run) > (?", cursor_field<std::string>(at, 1));
    sql.add(", ?", cursor_field<long long>(at, 2));
    sql.add(", ?)", cursor_field<long long>(at, 3));
  }
  sql.add(" ORDER BY model, row_index, run LIMIT ?", q.scan_budget);
  return prepared(c, std::move(owned));
}

Walk newest_walk(store::Connection& c, const RolloutQuery& q) {
  auto owned = std::make_unique<Sql>();
  Sql& sql = *owned;
  sql.add("SELECT (experiment_id = ?", q.experiment_id);
  if (q.model) sql.add(" AND model = ?", *q.model);
  sql.add(" AND ");
  add_hit_expression(sql, q, true);
  sql.add(std::string("), rowid, ") + rollout_columns() + " FROM rollouts");
  if (q.cursor) {
    sql.add(" WHERE rowid < ?", cursor_field<long long>(decode_cursor(*q.cursor, "n"), 1));
  }
  sql.add(" ORDER BY rowid DESC LIMIT ?", q.scan_budget);
  return prepared(c, std::move(owned));
}

// One model's walk of the score index, after the cursor of the merged order.
Walk score_walk(store::Connection& c, const RolloutQuery& q, const std::string& model,
                const std::optional<Json>& cursor) {
  const bool descending = q.sort == RolloutSort::score_descending;
  auto owned = std::make_unique<Sql>();
  Sql& sql = *owned;
  add_select(sql, q, false);
  sql.add("INDEXED BY rollouts_by_score WHERE experiment_id = ?", q.experiment_id);
  sql.add(" AND model = ? AND score_valid = 1", model);
  if (q.score_min) sql.add(" AND score >= ?", *q.score_min);
  if (q.score_max) sql.add(" AND score <= ?", *q.score_max);
  if (cursor) {
    const auto score = cursor_field<double>(*cursor, 1);
    const auto cursor_model = cursor_field<std::string>(*cursor, 2);
    const auto rowid = cursor_field<long long>(*cursor, 3);
    const char* after = descending ? "<" : ">";
    if (model == cursor_model) {
      sql.add(std::string(" AND (score, rowid) ") + after + " (?", score);
      sql.add(", ?)", rowid);
    } else {
      // At an equal score, models come in name order (reversed when descending).
      const bool ties_come_later = descending ? model < cursor_model : model > cursor_model;
      sql.add(std::string(" AND score ") + after + (ties_come_later ? "= ?" : " ?"), score);
    }
  }
  sql.add(descending ? " ORDER BY score DESC, rowid DESC" : " ORDER BY score, rowid");
  sql.add(" LIMIT ?", q.scan_budget);
  return prepared(c, std::move(owned), model);
}

// True when a's row comes before b's in the merged score order.
bool score_before(const Walk& a, const Walk& b, bool descending) {
  const auto ka = std::make_tuple(a.score(), a.model, a.rowid());
  const auto kb = std::make_tuple(b.score(), b.model, b.rowid());
  return descending ? kb < ka : ka < kb;
}

// Takes rows from `next_row` (which steps the walk that holds the next row in order and
// returns it, or nullptr at the end) until the page is full and one more hit is seen, the
// walks end, or the budget is spent.
template <typename NextRow, typename KeyOf>
RolloutPage fill_page(const RolloutQuery& q, NextRow next_row, KeyOf key_of) {
  RolloutPage page;
  Json last_emitted_key, last_scanned_key;
  while (true) {
    if (page.scanned == q.scan_budget) {
      page.complete = false;
      page.next = encode_cursor(last_scanned_key);
      return page;
    }
    Walk* w = next_row();
    if (!w) return page;  // the walk ended: no next page
    ++page.scanned;
    if (!w->hit()) {
      last_scanned_key = key_of(*w);
      continue;
    }
    if (static_cast<int>(page.rollouts.size()) == q.limit) {
      page.next = encode_cursor(last_emitted_key);  // a further hit exists
      return page;
    }
    page.rollouts.push_back(rollout_summary(*w->statement, kFirstSummaryColumn));
    last_emitted_key = last_scanned_key = key_of(*w);
  }
}

}  // namespace

const char* rollout_columns() {
  return "model, row_id, row_index, run, status_code, score_valid, score, cost_usd, latency_ms, "
         "prompt_tokens, completion_tokens, row_json";
}

Json rollout_summary(const store::Statement& s, int first) {
  const RowPreview preview = preview_row(s.text(first + 11));
  return Json{{"model", s.text(first)},
              {"row_id", s.text(first + 1)},
              {"row_index", s.is_null(first + 2) ? Json(nullptr) : Json(s.integer(first + 2))},
              {"run", s.integer(first + 3)},
              {"status_code", s.integer(first + 4)},
              {"status", model::status_code_name(static_cast<int>(s.integer(first + 4)))},
              {"score_valid", s.integer(first + 5) != 0},
              {"score", s.real(first + 6)},
              {"cost_usd", s.real(first + 7)},
              {"latency_ms", s.real(first + 8)},
              {"prompt_tokens", s.integer(first + 9)},
              {"completion_tokens", s.integer(first + 10)},
              {"question", preview.question},
              {"answer", preview.answer}};
}

StatusFilter status_filter(const std::string& text) {
  if (text == "finished") return StatusFilter::finished;
  if (text == "error") return StatusFilter::error;
  if (text == "invalid") return StatusFilter::invalid;
  if (text.empty() || text == "any") return StatusFilter::any;
  throw ApiError(400, "status: expected one of finished, error, invalid, got '" + text + "'");
}

RolloutSort rollout_sort(const std::string& text) {
  if (text.empty() || text == "position") return RolloutSort::position;
  if (text == "score") return RolloutSort::score_ascending;
  if (text == "-score") return RolloutSort::score_descending;
  if (text == "newest") return RolloutSort::newest;
  throw ApiError(400, "sort: expected one of position, score, -score, newest, got '" + text + "'");
}

RolloutPage rollout_page(store::Connection& c, const RolloutQuery& q,
                         const std::vector<std::string>& models) {
  if (q.sort == RolloutSort::position || q.sort == RolloutSort::newest) {
    Walk walk = q.sort == RolloutSort::position ? position_walk(c, q) : newest_walk(c, q);
    const auto key_of = q.sort == RolloutSort::position ? position_key : newest_key;
    return fill_page(
        q, [&]() -> Walk* { return walk.step() ? &walk : nullptr; }, key_of);
  }
  const bool descending = q.sort == RolloutSort::score_descending;
  std::optional<Json> cursor;
  if (q.cursor) cursor = decode_cursor(*q.cursor, "s");
  std::vector<Walk> walks;
  for (const std::string& m : models) {
    if (q.model && m != *q.model) continue;
    walks.push_back(score_walk(c, q, m, cursor));
    walks.back().step();
  }
  Walk* current = nullptr;  // the walk whose row was handed out last: step it before the next
  return fill_page(
      q,
      [&]() -> Walk* {
        if (current) current->step();
        current = nullptr;
        for (Walk& w : walks) {
          if (w.has_row && (!current || score_before(w, *current, descending))) current = &w;
        }
        return current;
      },
      score_key);
}

}  // namespace evp::server
