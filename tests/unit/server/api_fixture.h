// A store for the REST API tests: experiments with known rollouts (real Eval Protocol rows
// written by StoreWriter, in a known insertion order), and a client that calls Api::handle as
// the transport would.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "server/api.h"
#include "store/store.h"
#include "store/store_writer.h"
#include "support/temp_dir.h"

namespace evp::server::test {

// One stored rollout as the tests know it; `order` is its insertion order (its rowid order).
struct Known {
  std::string model;
  long long row_index = 0;
  int run = 0;
  int status_code = 100;
  bool score_valid = true;
  double score = 0;
  std::string question, answer;
  long long order = 0;
};

inline std::string row_json_of(const Known& k) {
  return Json{{"messages", Json::array({{{"role", "system"}, {"content", "Be brief."}},
                                        {{"role", "user"}, {"content", k.question}},
                                        {{"role", "assistant"}, {"content", k.answer}}})},
              {"input_metadata", {{"row_id", "row-" + std::to_string(k.row_index)}}},
              {"rollout_status", {{"code", k.status_code}, {"message", "m"}}},
              {"execution_metadata", {{"extra", {{"evp", {{"model", k.model}}}}}}}}
      .dump();
}

class ApiTest : public ::testing::Test {
 protected:
  evp::test::TempDir dir;
  std::filesystem::path db = dir.path() / "evp.db";

  void create_experiment(const std::string& id, const std::string& suite, long long total,
                         const std::string& created_at, const std::string& status = "finished",
                         Json config = Json::object()) {
    auto store = store::Store::open(db);
    store::ExperimentRecord rec;
    rec.id = id;
    rec.suite_name = suite;
    rec.suite_hash = "h";
    rec.config = std::move(config);
    rec.evp_version = "0.1.0";
    rec.created_at = created_at;
    rec.status = status;
    rec.total = total;
    store->create_experiment(rec);
  }

  // Stores `rollouts` of experiment `id` in order, numbering their insertion order.
  void store_rollouts(const std::string& id, std::vector<Known>& rollouts) {
    store::StoreWriter writer(db);
    for (Known& k : rollouts) {
      k.order = next_order_++;
      store::RolloutRecord r;
      r.experiment_id = id;
      r.key = {k.model, "row-" + std::to_string(k.row_index), k.run};
      r.row_index = k.row_index;
      r.status_code = k.status_code;
      r.score_valid = k.score_valid;
      r.score = k.score;
      r.latency_ms = 100 + static_cast<double>(k.row_index);
      r.metrics_json = "{}";
      r.row_json = row_json_of(k);
      writer.add(std::move(r));
    }
    writer.flush();
  }

  ApiResponse call(const std::string& method, std::vector<std::string> segments,
                   std::map<std::string, std::string> query = {}, std::string body = "",
                   std::string voter = "") {
    if (!api) api = std::make_unique<Api>(db, options);
    ApiRequest r;
    r.method = method;
    r.segments = std::move(segments);
    r.query = std::move(query);
    r.body = std::move(body);
    r.voter = std::move(voter);
    return api->handle(r);
  }
  // GET that must answer 200.
  Json get(std::vector<std::string> segments, std::map<std::string, std::string> query = {}) {
    const ApiResponse r = call("GET", segments, query);
    EXPECT_EQ(r.status, 200u) << r.body.dump();
    return r.body;
  }

  ApiOptions options;
  std::unique_ptr<Api> api;

 private:
  long long next_order_ = 0;
};

}  // namespace evp::server::test
