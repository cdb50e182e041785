// Nothing lost: `kill -9` in the middle of a run keeps every committed rollout, and
// `evp run --resume ID` rolls out exactly the missing ones; SIGINT stops cleanly with a
// resume hint.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <set>
#include <thread>

#include "cli_fixture.h"
#include "support/fake_openai/fake_openai_server.h"

namespace evp::test {
namespace {

class ResumeTest : public CliTest {
 protected:
  void SetUp() override {
    std::string data;
    std::string canned;
    for (int i = 0; i < kRows; ++i) {
      data += "{\"messages\":[{\"role\":\"user\",\"content\":\"q" + std::to_string(i) + "\"}]}\n";
      canned += "{\"prompt\":\"q" + std::to_string(i) + "\",\"content\":\"" + (i % 2 ? "42" : "7") +
                "\",\"delay_ms\":40}\n";
    }
    dir.write("data.jsonl", data);
    dir.write("canned.jsonl", canned);
    dir.write("suite.yaml",
              "name: slow\ndataset: data.jsonl\nmodels:\n  - key: canned\n    provider: replay\n"
              "    responses: canned.jsonl\n    limits: {concurrency: 2}\nruns: 2\n"
              "evaluators:\n  - {type: contains, value: \"42\"}\n");
  }

  // Polls the store until at least `n` rollouts are committed.
  Json wait_for_done(long long n) const {
    for (int i = 0; i < 400; ++i) {
      const ProcessResult list = evp({"experiments", "--json"});
      if (list.exit_code == 0) {
        const Json j = Json::parse(list.out);
        if (!j.empty() && j[0]["done"].get<long long>() >= n) return j[0];
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    ADD_FAILURE() << "store never reached " << n << " rollouts";
    return Json();
  }

  // Resumes experiment `id` of `suite` (with `extra` arguments), checks it says it rolls out
  // exactly the rollouts `stored` leaves missing, and returns every rollout as exported, each
  // (row, run) present once.
  std::vector<Json> resume_all(const std::string& suite, const std::string& id, long long stored,
                               std::vector<std::string> extra = {}) const {
    std::vector<std::string> args = {"run",     suite,        "--resume",     id,
                                     "--jsonl", "rows.jsonl", "--no-progress"};
    args.insert(args.end(), extra.begin(), extra.end());
    const ProcessResult resumed = evp(args);
    EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
    EXPECT_NE(resumed.err.find("rolled out " + std::to_string(120 - stored) + " (" +
                               std::to_string(stored) + " already stored)"),
              std::string::npos)
        << resumed.err;
    std::vector<Json> rows = read_jsonl(dir.read("rows.jsonl"));
    EXPECT_EQ(rows.size(), 120u);
    std::set<std::pair<std::string, int>> keys;
    for (const auto& row : rows) {
      keys.emplace(row["input_metadata"]["row_id"],
                   row["execution_metadata"]["extra"]["evp"]["run"]);
    }
    EXPECT_EQ(keys.size(), 120u) << "every rollout once";
    return rows;
  }

  static constexpr int kRows = 60;  // x 2 runs at concurrency 2 and 40 ms each: ~2.4 s
};

TEST_F(ResumeTest, KillNineThenResumeFinishesExactlyTheMissingRollouts) {
  ChildProcess run(spec({EVP_BINARY, "run", "suite.yaml", "--no-progress"}));
  const Json before = wait_for_done(10);
  run.kill(SIGKILL);
  run.wait();
  const Json after_kill = Json::parse(evp({"experiments", "--json"}).out)[0];
  const long long stored = after_kill["done"];
  EXPECT_EQ(after_kill["status"], "running") << "a killed run cannot mark itself";
  EXPECT_LT(stored, 120);
  EXPECT_GE(stored, before["done"].get<long long>());

  const std::vector<Json> rows = resume_all("suite.yaml", after_kill["id"], stored);
  std::set<std::string> rollout_ids;
  for (const auto& row : rows) rollout_ids.insert(row["execution_metadata"]["rollout_id"]);
  EXPECT_EQ(rollout_ids.size(), 120u) << "no rollout was done twice";
  EXPECT_EQ(Json::parse(evp({"experiments", "--json"}).out)[0]["status"], "finished");
}

TEST_F(ResumeTest, SigintStopsCleanlyAndPrintsHowToResume) {
  ChildProcess run(spec({EVP_BINARY, "run", "suite.yaml", "--no-progress"}));
  wait_for_done(4);
  run.kill(SIGINT);
  const ProcessResult r = run.wait();
  EXPECT_EQ(r.exit_code, 130) << r.err;
  const Json exp = Json::parse(evp({"experiments", "--json"}).out)[0];
  EXPECT_EQ(exp["status"], "interrupted");
  EXPECT_NE(r.err.find("Resume with: evp run suite.yaml --resume " + exp["id"].get<std::string>()),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("Interrupted: " + std::to_string(exp["done"].get<long long>()) + " of 120"),
            std::string::npos)
      << r.err;
}

TEST_F(ResumeTest, LanesStopOnSigintAndAResumeOnOtherLanesFinishesExactlyTheRest) {
  // An endpoint model (canned ones stay on one lane) spread over three event loops.
  FakeServerOptions options;
  options.latency_s = 0.1;  // 120 rollouts at 6 in flight: ~2 s, plenty left to interrupt
  FakeOpenAiServer server(options);
  dir.write("http.yaml",
            "name: lanes\ndataset: data.jsonl\nmodels:\n  - key: fake\n"
            "    base_url: " +
                server.base_url() +
                "\n    model: m\n    limits: {concurrency: 6}\nruns: 2\n"
                "evaluators:\n  - {type: contains, value: \"42\"}\n");
  ChildProcess run(spec({EVP_BINARY, "run", "http.yaml", "--no-progress", "--threads", "3"}));
  wait_for_done(10);
  run.kill(SIGINT);
  const ProcessResult r = run.wait();
  EXPECT_EQ(r.exit_code, 130) << r.err;
  const Json exp = Json::parse(evp({"experiments", "--json"}).out)[0];
  EXPECT_EQ(exp["status"], "interrupted");
  const long long stored = exp["done"];
  EXPECT_LT(stored, 120);

  resume_all("http.yaml", exp["id"], stored, {"--threads", "2"});
  // Only the rollouts in flight at the interrupt (at most the concurrency) were asked twice.
  EXPECT_GE(server.request_count(), 120u);
  EXPECT_LE(server.request_count(), 126u);
}

}  // namespace
}  // namespace evp::test
