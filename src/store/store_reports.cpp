// Store: reports kept per experiment (so `evp ui` need not rescan a million rollouts) and
// people's annotations on rollouts.
#include <stdexcept>

#include "base/clock.h"
#include "store/store.h"

namespace evp::store {

void Store::save_report(const std::string& experiment_id, long long done, const std::string& status,
                        const Json& report) {
  Statement upsert(connection_,
                   "INSERT INTO experiment_reports (experiment_id, done, status, report, "
                   "created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (experiment_id) DO UPDATE "
                   "SET done = excluded.done, status = excluded.status, "
                   "report = excluded.report, created_at = excluded.created_at");
  const std::string text = report.dump();
  const std::string now = utc_now_iso8601();
  upsert.bind(1, experiment_id);
  upsert.bind(2, done);
  upsert.bind(3, status);
  upsert.bind(4, text);
  upsert.bind(5, now);
  upsert.run("cannot store the report of experiment " + experiment_id);
}

std::optional<StoredReport> Store::stored_report(const std::string& experiment_id) {
  Statement select(connection_,
                   "SELECT done, status, report, created_at FROM experiment_reports "
                   "WHERE experiment_id = ?");
  select.bind(1, experiment_id);
  if (!select.step("cannot read the report of experiment " + experiment_id)) return std::nullopt;
  StoredReport r;
  r.done = select.integer(0);
  r.status = select.text(1);
  try {
    r.report = Json::parse(select.text(2));
  } catch (const Json::exception&) {
    return std::nullopt;  // a damaged copy is recomputed, not fatal
  }
  r.created_at = select.text(3);
  return r;
}

AnnotationRecord Store::add_annotation(AnnotationRecord a) {
  if (!a.label && !a.note) {
    throw std::invalid_argument("add_annotation: an annotation needs a label or a note");
  }
  a.created_at = utc_now_iso8601();
  Statement insert(connection_,
                   "INSERT INTO annotations (experiment_id, model, row_index, run, label, note, "
                   "author, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, a.experiment_id);
  insert.bind(2, a.model);
  insert.bind(3, a.row_index);
  insert.bind(4, a.run);
  insert.bind(5, a.label);
  insert.bind(6, a.note);
  insert.bind(7, a.author);
  insert.bind(8, a.created_at);
  insert.run("cannot store an annotation of experiment " + a.experiment_id);
  a.id = sqlite3_last_insert_rowid(connection_.handle());
  return a;
}

std::vector<AnnotationRecord> Store::annotations(const std::string& experiment_id,
                                                 const std::string& model, long long row_index,
                                                 int run) {
  Statement select(connection_,
                   "SELECT id, label, note, author, created_at FROM annotations "
                   "WHERE experiment_id = ? AND model = ? AND row_index = ? AND run = ? "
                   "ORDER BY id");
  select.bind(1, experiment_id);
  select.bind(2, model);
  select.bind(3, row_index);
  select.bind(4, run);
  std::vector<AnnotationRecord> out;
  while (select.step("cannot read the annotations of experiment " + experiment_id)) {
    AnnotationRecord a;
    a.id = select.integer(0);
    a.experiment_id = experiment_id;
    a.model = model;
    a.row_index = row_index;
    a.run = run;
    a.label = select.optional_text(1);
    a.note = select.optional_text(2);
    a.author = select.text(3);
    a.created_at = select.text(4);
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace evp::store
