// The REST API's other pages: one rollout with its annotations, compare (rows and the paired
// statistics of `evp compare`), the leaderboard (newest experiment per suite and model, the
// arena from votes), arena voting (hidden names, one vote per ticket, the per-voter limit),
// live events, the experiments list, and routing errors.
#include <algorithm>
#include <set>

#include "api_fixture.h"
#include "runner/comparison.h"
#include "runner/report.h"

namespace evp::server::test {
namespace {

class ApiViews : public ApiTest {
 protected:
  // Suite "math": exp-old (alpha only) and exp-new (alpha, beta; 3 rows x 2 runs); suite
  // "code": exp-code (gamma).
  void SetUp() override {
    create_experiment("exp-old", "math", 2, "2026-11-01T00:00:00Z", "finished",
                      Json{{"threshold", {{"success", 0.5}}}});
    std::vector<Known> old_rollouts = {known("alpha", 0, 0, 0), known("alpha", 1, 0, 0)};
    store_rollouts("exp-old", old_rollouts);
    create_experiment("exp-new", "math", 12, "2026-11-02T00:00:00Z", "finished",
                      Json{{"threshold", {{"success", 0.5}}}});
    // Row means: alpha 1, 0.5, 0; beta 1, 1, 0.5 (row 2 of beta: one failed run counts 0).
    rollouts = {known("alpha", 0, 0, 1), known("alpha", 0, 1, 1), known("alpha", 1, 0, 1),
                known("alpha", 1, 1, 0), known("alpha", 2, 0, 0), known("alpha", 2, 1, 0),
                known("beta", 0, 0, 1),  known("beta", 0, 1, 1),  known("beta", 1, 0, 1),
                known("beta", 1, 1, 1),  known("beta", 2, 0, 1),  known("beta", 2, 1, 0, 13)};
    store_rollouts("exp-new", rollouts);
    create_experiment("exp-code", "code", 1, "2026-11-03T00:00:00Z");
    std::vector<Known> code = {known("gamma", 0, 0, 1)};
    store_rollouts("exp-code", code);
  }

  static Known known(const std::string& model, long long row, int run, double score,
                     int status = 100) {
    Known k;
    k.model = model;
    k.row_index = row;
    k.run = run;
    k.status_code = status;
    k.score_valid = status == 100;
    k.score = status == 100 ? score : 0;
    k.question = "q" + std::to_string(row);
    k.answer = model + " answer " + std::to_string(row) + "." + std::to_string(run);
    return k;
  }

  std::vector<Known> rollouts;
};

TEST_F(ApiViews, ARolloutIsItsStoredRowWithAnnotationsAddedWithTheToken) {
  const Json r =
      get({"experiments", "exp-new", "rollout"}, {{"model", "beta"}, {"row", "2"}, {"run", "1"}});
  EXPECT_EQ(r["status_code"], 13);
  EXPECT_EQ(r["status"], "INTERNAL");
  EXPECT_EQ(r["row"], Json::parse(row_json_of(rollouts[11])));
  EXPECT_EQ(r["annotations"], Json::array());

  const std::string body = R"({"model":"beta","row_index":2,"run":1,"label":"flaky upstream"})";
  const ApiResponse added =
      call("POST", {"experiments", "exp-new", "annotations"}, {}, body, "voter-1");
  ASSERT_EQ(added.status, 200u) << added.body.dump();
  EXPECT_EQ(added.body["label"], "flaky upstream");
  EXPECT_TRUE(added.body["note"].is_null());
  const Json again =
      get({"experiments", "exp-new", "rollout"}, {{"model", "beta"}, {"row", "2"}, {"run", "1"}});
  ASSERT_EQ(again["annotations"].size(), 1u);
  EXPECT_EQ(again["annotations"][0], added.body);

  EXPECT_EQ(call("POST", {"experiments", "exp-new", "annotations"}, {},
                 R"({"model":"beta","row_index":2})", "v")
                .body["error"],
            "label or note: give at least one");
  EXPECT_EQ(call("POST", {"experiments", "exp-new", "annotations"}, {},
                 R"({"model":"zeta","row_index":2,"note":"x"})", "v")
                .status,
            404u);
  const ApiResponse missing = call("GET", {"experiments", "exp-new", "rollout"},
                                   {{"model", "beta"}, {"row", "9"}, {"run", "0"}});
  EXPECT_EQ(missing.status, 404u);
  EXPECT_EQ(missing.body["error"],
            "experiment exp-new has no rollout of model 'beta' at row 9 run 0");
}

TEST_F(ApiViews, CompareGivesRowMeansAndTheStatisticsOfEvpCompare) {
  const Json all = get({"experiments", "exp-new", "compare"}, {{"a", "alpha"}, {"b", "beta"}});
  ASSERT_EQ(all["rows"].size(), 3u);
  EXPECT_EQ(all["rows"][1]["a"]["score"], 0.5);
  EXPECT_EQ(all["rows"][1]["b"]["score"], 1.0);
  EXPECT_EQ(all["rows"][2]["b"]["score"], 0.5);
  EXPECT_EQ(all["rows"][2]["b"]["runs"], 2);
  EXPECT_EQ(all["rows"][0]["question"], "q0");
  EXPECT_EQ(all["rows"][0]["a"]["answer"], "alpha answer 0.0");
  auto store = store::Store::open(db);
  EXPECT_EQ(all["stats"], runner::comparison_json(runner::compare_sides(
                              *store, {"exp-new", "alpha"}, {"exp-new", "beta"})));

  const Json disagree =
      get({"experiments", "exp-new", "compare"},
          {{"a", "alpha"}, {"b", "beta"}, {"filter", "disagree"}, {"limit", "1"}});
  ASSERT_EQ(disagree["rows"].size(), 1u);
  EXPECT_EQ(disagree["rows"][0]["row_index"], 1);
  const Json second = get({"experiments", "exp-new", "compare"}, {{"a", "alpha"},
                                                                  {"b", "beta"},
                                                                  {"filter", "disagree"},
                                                                  {"limit", "1"},
                                                                  {"cursor", disagree["next"]}});
  EXPECT_EQ(second["rows"][0]["row_index"], 2);
  EXPECT_TRUE(second["next"].is_null());
  EXPECT_TRUE(second["stats"].is_null()) << "statistics come with the first page only";
  EXPECT_TRUE(get({"experiments", "exp-new", "compare"},
                  {{"a", "alpha"}, {"b", "beta"}, {"filter", "a_better"}})["rows"]
                  .empty());
  EXPECT_EQ(call("GET", {"experiments", "exp-new", "compare"}, {{"a", "alpha"}, {"b", "zeta"}})
                .body["error"],
            "experiment exp-new has no model 'zeta'");
}

TEST_F(ApiViews, LeaderboardTakesEachModelFromItsSuitesNewestExperiment) {
  const Json board = get({"leaderboard"});
  ASSERT_EQ(board["suites"].size(), 2u);
  EXPECT_EQ(board["suites"][0]["suite"], "code");
  const Json& math = board["suites"][1];
  EXPECT_EQ(math["threshold"]["success"], 0.5);
  ASSERT_EQ(math["models"].size(), 2u);
  // beta: 5 of 6 scored rollouts... scores 1,1,1,1,1 and a failure: mean over valid scores.
  EXPECT_EQ(math["models"][0]["model"], "beta");
  EXPECT_EQ(math["models"][0]["experiment_id"], "exp-new");
  EXPECT_EQ(math["models"][0]["errors"], 1);
  EXPECT_EQ(math["models"][1]["model"], "alpha");
  EXPECT_EQ(math["models"][1]["experiment_id"], "exp-new") << "not exp-old's alpha";
  EXPECT_DOUBLE_EQ(math["models"][1]["mean"].get<double>(), 0.5);
  EXPECT_TRUE(board["arena"].is_null()) << "no battles yet";
  // The report it used is the one evp show prints, and is kept in the store.
  auto store = store::Store::open(db);
  EXPECT_EQ(store->stored_report("exp-new")->report,
            runner::report_json(runner::build_report(*store, "exp-new")));
  EXPECT_EQ(get({"leaderboard"}, {{"suite", "code"}})["suites"].size(), 1u);
}

TEST_F(ApiViews, AStoredReportIsServedWhileItStillDescribesTheExperiment) {
  {
    auto store = store::Store::open(db);
    store->save_report("exp-code", 1, "finished", Json{{"models", Json::array()}, {"mark", 1}});
  }
  EXPECT_EQ(get({"experiments", "exp-code"})["report"]["mark"], 1);
  {
    auto store = store::Store::open(db);
    store->save_report("exp-code", 7, "finished", Json{{"models", Json::array()}, {"mark", 2}});
  }
  api.reset();  // a fresh server: the stored copy no longer matches the 1 rollout
  const Json report = get({"experiments", "exp-code"})["report"];
  EXPECT_FALSE(report.contains("mark"));
  EXPECT_EQ(report["models"][0]["model"], "gamma");
}

TEST_F(ApiViews, VotesRevealTheNamesOnceAndFeedTheArenaRatings) {
  options.vote_burst = 3;
  options.votes_per_minute = 1;
  std::set<std::string> pairs;
  for (int i = 0; i < 3; ++i) {
    const Json battle = get({"arena", "next"}, {{"suite", "math"}});
    EXPECT_EQ(battle["suite"], "math");
    EXPECT_FALSE(battle.dump().find("alpha") != std::string::npos &&
                 battle.dump().find("\"alpha\"") != std::string::npos)
        << "no model name as a field";
    EXPECT_EQ(battle["messages"].back()["role"], "user");
    EXPECT_EQ(battle["a"][0]["role"], "assistant");
    const ApiResponse vote =
        call("POST", {"arena", "vote"}, {},
             Json{{"ticket", battle["ticket"]}, {"winner", "model_a"}}.dump(), "voter-1");
    ASSERT_EQ(vote.status, 200u) << vote.body.dump();
    const std::string a = vote.body["model_a"], b = vote.body["model_b"];
    EXPECT_NE(a, b);
    // The answer shown as A is model_a's answer to that row.
    EXPECT_EQ(battle["a"][0]["content"].get<std::string>().rfind(a + " answer", 0), 0u);
    pairs.insert(a + ">" + b);
    const ApiResponse reused =
        call("POST", {"arena", "vote"}, {},
             Json{{"ticket", battle["ticket"]}, {"winner", "tie"}}.dump(), "voter-2");
    EXPECT_EQ(reused.status, 404u);
  }
  const Json battle = get({"arena", "next"}, {{"suite", "math"}});
  const ApiResponse flooded =
      call("POST", {"arena", "vote"}, {},
           Json{{"ticket", battle["ticket"]}, {"winner", "tie"}}.dump(), "voter-1");
  EXPECT_EQ(flooded.status, 429u);
  EXPECT_GE(flooded.retry_after_s, 1);
  const ApiResponse other_voter =
      call("POST", {"arena", "vote"}, {},
           Json{{"ticket", battle["ticket"]}, {"winner", "tie (bothbad)"}}.dump(), "voter-3");
  EXPECT_EQ(other_voter.status, 200u) << "the limit is per voter; the ticket was not used";
  EXPECT_EQ(call("POST", {"arena", "vote"}, {}, R"({"ticket":"x","winner":"a"})", "voter-4")
                .body["error"],
            "winner: expected one of model_a, model_b, tie, tie (bothbad), got 'a'");

  const Json arena = get({"leaderboard"})["arena"];
  ASSERT_TRUE(arena.is_object()) << arena.dump();
  double battles = 0;
  for (const Json& m : arena["models"]) battles += m["battles"].get<double>();
  EXPECT_EQ(battles, 8.0) << "4 votes, each counted for both models";
  auto store = store::Store::open(db);
  int human = 0;
  store->for_each_battle({}, [&](const store::BattleRecord& b) {
    human += b.judge == "human" && b.suite_name == "math" && b.details["voter"].is_string();
  });
  EXPECT_EQ(human, 4);
  EXPECT_EQ(call("GET", {"arena", "next"}, {{"suite", "code"}}).status, 404u)
      << "code has one model";
}

TEST_F(ApiViews, LiveEventsReportNewRolloutsStatusChangesAndBattles) {
  api = std::make_unique<Api>(db);
  EXPECT_TRUE(api->poll_events().empty()) << "the first poll takes the baseline";
  std::vector<Known> more = {known("gamma", 1, 0, 1), known("gamma", 2, 0, 0)};
  create_experiment("exp-live", "live", 5, "2026-11-04T00:00:00Z", "running");
  store_rollouts("exp-live", more);
  {
    auto store = store::Store::open(db);
    std::vector<Known> again = {known("gamma", 1, 0, 0)};  // an upsert: not a new rollout
    store_rollouts("exp-live", again);
  }
  auto events = api->poll_events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].name, "experiment");
  EXPECT_EQ(events[0].data, (Json{{"id", "exp-live"},
                                  {"suite", "live"},
                                  {"created_at", "2026-11-04T00:00:00Z"},
                                  {"status", "running"},
                                  {"done", 2},
                                  {"total", 5}}));
  EXPECT_TRUE(api->poll_events().empty());
  {
    auto store = store::Store::open(db);
    store->set_experiment_status("exp-live", "finished");
    store::BattleRecord b;
    b.model_a = "x";
    b.model_b = "y";
    b.winner = "tie";
    b.judge = "human";
    store->add_battles({b});
  }
  events = api->poll_events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].data["status"], "finished");
  EXPECT_EQ(events[1].name, "battles");
  EXPECT_EQ(events[1].data, (Json{{"battles", 1}}));
}

TEST_F(ApiViews, ExperimentsArePagedNewestFirstAndFiltered) {
  const Json first = get({"experiments"}, {{"limit", "2"}});
  ASSERT_EQ(first["experiments"].size(), 2u);
  EXPECT_EQ(first["experiments"][0]["id"], "exp-code");
  EXPECT_EQ(first["experiments"][1]["id"], "exp-new");
  EXPECT_EQ(first["experiments"][1]["done"], 12);
  const Json second = get({"experiments"}, {{"limit", "2"}, {"cursor", first["next"]}});
  ASSERT_EQ(second["experiments"].size(), 1u);
  EXPECT_EQ(second["experiments"][0]["id"], "exp-old");
  EXPECT_TRUE(second["next"].is_null());
  EXPECT_EQ(get({"experiments"}, {{"suite", "math"}})["experiments"].size(), 2u);
  const Json one = get({"experiments", "exp-new"});
  EXPECT_EQ(one["models"], (Json{"alpha", "beta"}));
  EXPECT_EQ(one["experiment"]["config"]["threshold"]["success"], 0.5);
  EXPECT_EQ(one["report"]["models"][0]["latency_ms"]["histogram"],
            (Json{{{"le_ms", 100.0}, {"count", 2}}, {{"le_ms", 200.0}, {"count", 3}}}))
      << "beta: latencies 100, 100, 101, 101, 102 ms (the failed rollout is not timed)";
}

TEST_F(ApiViews, RoutingErrors) {
  EXPECT_EQ(call("GET", {"nothing"}).body["error"], "no API route GET /api/nothing");
  EXPECT_EQ(call("GET", {"nothing"}).status, 404u);
  const ApiResponse wrong = call("POST", {"leaderboard"});
  EXPECT_EQ(wrong.status, 405u);
  EXPECT_EQ(wrong.body["error"], "POST is not allowed here (use GET)");
  EXPECT_EQ(call("POST", {"arena", "vote"}, {}, "not json", "v").body["error"],
            "body: expected a JSON object");
  EXPECT_EQ(get({"info"})["api"], "evp-api/1");
}

}  // namespace
}  // namespace evp::server::test
