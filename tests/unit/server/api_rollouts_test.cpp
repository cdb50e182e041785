// The rollouts table of the REST API: every filter and sort, walked page by page, must give
// exactly the rollouts a brute-force filter and sort of the known rollouts gives, each once;
// a scan budget ends pages early without losing or repeating any; bad parameters are 400s
// that name the parameter.
#include <algorithm>
#include <cctype>
#include <functional>
#include <tuple>

#include "api_fixture.h"
#include "server/rollout_table.h"

namespace evp::server::test {
namespace {

using Key = std::tuple<std::string, long long, long long>;  // model, row_index, run

class ApiRollouts : public ApiTest {
 protected:
  void SetUp() override {
    create_experiment("exp-1", "math", 80, "2026-11-01T00:00:00Z");
    // Stored out of table order: rows descending, models interleaved.
    for (int i = 39; i >= 0; --i) {
      for (const char* model : {"beta", "alpha"}) {
        Known k;
        k.model = model;
        k.row_index = i;
        k.status_code = i % 9 == 4 ? 13 : 100;
        k.score_valid = k.status_code == 100 && i % 7 != 3;
        k.score = k.score_valid ? static_cast<double>((i * (model[0] == 'a' ? 3 : 5)) % 4) / 4 : 0;
        k.question = "Question " + std::to_string(i) + (i % 5 == 0 ? " about 100% APPLES" : "");
        k.answer = std::string(model) + " says " + std::to_string(i);
        known.push_back(k);
      }
    }
    store_rollouts("exp-1", known);
  }

  // Every page of the query, following `next`; the keys in page order.
  std::vector<Key> walk(std::map<std::string, std::string> query, int limit) {
    query["limit"] = std::to_string(limit);
    std::vector<Key> keys;
    for (int page = 0; page < 200; ++page) {
      const Json body = get({"experiments", "exp-1", "rollouts"}, query);
      EXPECT_LE(body["rollouts"].size(), static_cast<size_t>(limit));
      for (const Json& r : body["rollouts"]) {
        keys.emplace_back(r["model"], r["row_index"], r["run"]);
      }
      if (body["next"].is_null()) return keys;
      EXPECT_FALSE(body["rollouts"].empty()) << "a page with a next page is never empty";
      query["cursor"] = body["next"];
    }
    ADD_FAILURE() << "more than 200 pages";
    return keys;
  }

  std::vector<Key> expected(const std::function<bool(const Known&)>& keep,
                            const std::function<bool(const Known&, const Known&)>& before) {
    std::vector<Known> kept;
    for (const Known& k : known) {
      if (keep(k)) kept.push_back(k);
    }
    std::sort(kept.begin(), kept.end(), before);
    std::vector<Key> keys;
    for (const Known& k : kept) keys.emplace_back(k.model, k.row_index, k.run);
    return keys;
  }

  static bool by_position(const Known& a, const Known& b) {
    return std::tie(a.model, a.row_index, a.run) < std::tie(b.model, b.row_index, b.run);
  }

  std::vector<Known> known;
};

TEST_F(ApiRollouts, PositionPagesGiveEveryRolloutOnceInTableOrder) {
  const auto all = expected([](const Known&) { return true; }, by_position);
  ASSERT_EQ(all.size(), 80u);
  EXPECT_EQ(walk({}, 7), all);
  EXPECT_EQ(walk({}, 80), all);
  EXPECT_EQ(walk({}, 500), all);
}

TEST_F(ApiRollouts, FirstPageShowsTheRowsQuestionAndAnswer) {
  const Json body = get({"experiments", "exp-1", "rollouts"}, {{"limit", "1"}});
  ASSERT_EQ(body["rollouts"].size(), 1u);
  const Json& r = body["rollouts"][0];
  EXPECT_EQ(r["model"], "alpha");
  EXPECT_EQ(r["row_index"], 0);
  EXPECT_EQ(r["row_id"], "row-0");
  EXPECT_EQ(r["question"], "Question 0 about 100% APPLES");
  EXPECT_EQ(r["answer"], "alpha says 0");
  EXPECT_EQ(r["status"], "FINISHED");
  EXPECT_EQ(r["latency_ms"], 100.0);
  EXPECT_EQ(body["scanned"], 2) << "the page's row and the one that shows a next page exists";
  EXPECT_EQ(body["search_complete"], true);
}

TEST_F(ApiRollouts, FiltersMatchABruteForceFilter) {
  EXPECT_EQ(walk({{"model", "beta"}}, 6),
            expected([](const Known& k) { return k.model == "beta"; }, by_position));
  EXPECT_EQ(walk({{"status", "error"}}, 4),
            expected([](const Known& k) { return k.status_code != 100; }, by_position));
  EXPECT_EQ(
      walk({{"status", "invalid"}}, 4),
      expected([](const Known& k) { return k.status_code == 100 && !k.score_valid; }, by_position));
  EXPECT_EQ(walk({{"status", "finished"}, {"model", "alpha"}}, 9),
            expected([](const Known& k) { return k.status_code == 100 && k.model == "alpha"; },
                     by_position));
  EXPECT_EQ(
      walk({{"score_min", "0.5"}, {"score_max", "0.75"}}, 5),
      expected([](const Known& k) { return k.score_valid && k.score >= 0.5 && k.score <= 0.75; },
               by_position));
  // Case-insensitive, and % is a character, not a wildcard.
  const auto apples =
      expected([](const Known& k) { return k.question.find("100% APPLES") != std::string::npos; },
               by_position);
  ASSERT_EQ(apples.size(), 16u);
  EXPECT_EQ(walk({{"q", "100% apples"}}, 3), apples);
  EXPECT_TRUE(walk({{"q", "10% apples"}}, 3).empty());
}

TEST_F(ApiRollouts, ScoreSortsMergeTheModelsInScoreOrder) {
  const auto scored = [](const Known& k) { return k.score_valid; };
  const auto ascending = expected(scored, [](const Known& a, const Known& b) {
    return std::tie(a.score, a.model, a.order) < std::tie(b.score, b.model, b.order);
  });
  const auto descending = expected(scored, [](const Known& a, const Known& b) {
    return std::tie(a.score, a.model, a.order) > std::tie(b.score, b.model, b.order);
  });
  for (const int limit : {1, 4, 7, 100}) {
    EXPECT_EQ(walk({{"sort", "score"}}, limit), ascending) << limit;
    EXPECT_EQ(walk({{"sort", "-score"}}, limit), descending) << limit;
  }
  EXPECT_EQ(
      walk({{"sort", "-score"}, {"model", "alpha"}, {"score_min", "0.25"}}, 3),
      expected(
          [](const Known& k) { return k.score_valid && k.model == "alpha" && k.score >= 0.25; },
          [](const Known& a, const Known& b) {
            return std::tie(a.score, a.order) > std::tie(b.score, b.order);
          }));
}

TEST_F(ApiRollouts, NewestFirstIsTheReverseOfStoringOrder) {
  EXPECT_EQ(walk({{"sort", "newest"}, {"model", "alpha"}}, 6),
            expected([](const Known& k) { return k.model == "alpha"; },
                     [](const Known& a, const Known& b) { return a.order > b.order; }));
}

TEST_F(ApiRollouts, AScanBudgetEndsPagesEarlyAndTheCursorContinuesTheWalk) {
  api = std::make_unique<Api>(db);  // opens the store for rollout_page's direct use
  auto store = store::Store::open(db);
  for (const RolloutSort sort : {RolloutSort::position, RolloutSort::score_descending}) {
    RolloutQuery q;
    q.experiment_id = "exp-1";
    q.text = "apples";
    q.sort = sort;
    q.limit = 2;
    q.scan_budget = 9;
    std::vector<Key> found;
    int incomplete = 0;
    for (int page = 0; page < 100; ++page) {
      const RolloutPage p = rollout_page(store->connection(), q, {"alpha", "beta"});
      EXPECT_LE(p.scanned, 9);
      incomplete += !p.complete;
      for (const Json& r : p.rollouts) found.emplace_back(r["model"], r["row_index"], r["run"]);
      if (!p.next) break;
      q.cursor = *p.next;
    }
    EXPECT_GT(incomplete, 0) << "the budget must have ended some pages";
    const auto apples = [](const Known& k) {
      return k.question.find("APPLES") != std::string::npos;
    };
    auto want = sort == RolloutSort::position
                    ? expected(apples, by_position)
                    : expected([&](const Known& k) { return apples(k) && k.score_valid; },
                               [](const Known& a, const Known& b) {
                                 return std::tie(a.score, a.model, a.order) >
                                        std::tie(b.score, b.model, b.order);
                               });
    EXPECT_EQ(found, want);
  }
}

TEST_F(ApiRollouts, BadParametersAre400sThatNameTheParameter) {
  const auto error = [&](std::map<std::string, std::string> query) {
    const ApiResponse r = call("GET", {"experiments", "exp-1", "rollouts"}, query);
    EXPECT_EQ(r.status, 400u);
    return r.body.value("error", "");
  };
  EXPECT_EQ(error({{"limit", "0"}}), "limit: expected a whole number from 1 to 500, got '0'");
  EXPECT_EQ(error({{"limit", "5x"}}), "limit: expected a whole number from 1 to 500, got '5x'");
  EXPECT_EQ(error({{"score_min", "high"}}), "score_min: expected a number, got 'high'");
  EXPECT_EQ(error({{"status", "done"}}),
            "status: expected one of finished, error, invalid, got 'done'");
  EXPECT_EQ(error({{"sort", "latency"}}),
            "sort: expected one of position, score, -score, newest, got 'latency'");
  EXPECT_EQ(error({{"cursor", "!!"}}), "cursor: not a cursor of this list");
  // A cursor of another sort is not accepted either.
  const Json page = get({"experiments", "exp-1", "rollouts"}, {{"limit", "1"}});
  EXPECT_EQ(error({{"cursor", page["next"]}, {"sort", "score"}}),
            "cursor: not a cursor of this list");
  const ApiResponse missing = call("GET", {"experiments", "exp-9", "rollouts"});
  EXPECT_EQ(missing.status, 404u);
  EXPECT_EQ(missing.body["error"], "no experiment exp-9 in the store");
}

}  // namespace
}  // namespace evp::server::test
