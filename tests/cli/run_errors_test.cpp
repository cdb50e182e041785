// `evp run` on bad input (exit 2, message naming file:line), a run where every rollout
// fails (exit 3), and --skip-invalid.
#include "cli_fixture.h"

namespace evp::test {
namespace {

std::string canned_suite(const std::string& dataset, const std::string& canned) {
  return "name: tiny\n"
         "dataset: " +
         dataset +
         "\n"
         "models:\n"
         "  - key: canned\n"
         "    provider: replay\n"
         "    responses: " +
         canned +
         "\n"
         "evaluators:\n"
         "  - {type: contains, value: \"42\"}\n";
}

TEST_F(CliTest, MalformedDatasetLineStopsBeforeAnyModelCallWithFileLineColumn) {
  dir.write("data.jsonl",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"q1\"}]}\n"
            "{\"messages\":[{\"role\":\"user\",\"content\":\"q2\"}]\n"
            "{\"messages\":[{\"role\":\"user\",\"content\":\"q3\"}]}\n");
  dir.write("canned.jsonl",
            "{\"prompt\":\"q1\",\"content\":\"42\"}\n{\"prompt\":\"q3\",\"content\":\"41\"}\n");
  dir.write("suite.yaml", canned_suite("data.jsonl", "canned.jsonl"));
  const ProcessResult r = evp({"run", "suite.yaml", "--no-progress"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("data.jsonl:2:"), std::string::npos) << r.err;
  const ProcessResult list = evp({"experiments", "--json"});
  EXPECT_EQ(Json::parse(list.out).size(), 0u) << "no experiment was started";

  const ProcessResult skipped =
      evp({"run", "suite.yaml", "--skip-invalid", "--json", "r.json", "--no-progress"});
  EXPECT_EQ(skipped.exit_code, 0) << skipped.err;
  EXPECT_NE(skipped.err.find("note: skipped "), std::string::npos) << skipped.err;
  EXPECT_NE(skipped.err.find("data.jsonl:2"), std::string::npos) << skipped.err;
  const Json report = Json::parse(dir.read("r.json"));
  EXPECT_EQ(report["models"][0]["rows"], 2);
  EXPECT_DOUBLE_EQ(report["models"][0]["score"]["mean"].get<double>(), 0.5);
}

TEST_F(CliTest, BadSuiteIsExitTwoWithLine) {
  dir.write("suite.yaml",
            "name: x\ndataset: d.jsonl\nmodels:\n  - key: m\n    provider: replay\n"
            "    responses: c.jsonl\nrunz: 3\n");
  const ProcessResult r = evp({"run", "suite.yaml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("suite.yaml:7:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("runz"), std::string::npos) << r.err;
}

TEST_F(CliTest, BadEvaluatorConfigNamesTheSuiteLine) {
  dir.write("data.jsonl", "{\"messages\":[{\"role\":\"user\",\"content\":\"q1\"}]}\n");
  dir.write("canned.jsonl", "{\"prompt\":\"q1\",\"content\":\"42\"}\n");
  dir.write("suite.yaml",
            "name: x\ndataset: data.jsonl\nmodels:\n  - key: m\n    provider: replay\n"
            "    responses: canned.jsonl\nevaluators:\n  - {type: contains}\n"
            "  - {type: regex, pattern: \"(unclosed\"}\n");
  const ProcessResult r = evp({"run", "suite.yaml"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("suite.yaml:9:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("evaluators[1]"), std::string::npos) << r.err;
}

TEST_F(CliTest, MissingApiKeyOfARequiredModelIsExitTwo) {
  dir.write("data.jsonl", "{\"messages\":[{\"role\":\"user\",\"content\":\"q1\"}]}\n");
  dir.write("suite.yaml",
            "name: x\ndataset: data.jsonl\nmodels:\n  - key: real\n"
            "    base_url: http://127.0.0.1:9/v1\n    model: m\n"
            "    api_key_env: EVP_TEST_SURELY_UNSET_KEY\n");
  const ProcessResult r = evp({"run", "suite.yaml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("suite.yaml:4: models[0] (real): environment variable "
                       "EVP_TEST_SURELY_UNSET_KEY is not set"),
            std::string::npos)
      << r.err;
}

TEST_F(CliTest, EveryRolloutFailingIsExitThreeAndFailuresAreStored) {
  dir.write("data.jsonl",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"q1\"}]}\n"
            "{\"messages\":[{\"role\":\"user\",\"content\":\"q2\"}]}\n");
  dir.write("canned.jsonl", "{\"prompt\":\"not asked\",\"content\":\"42\"}\n");
  dir.write("suite.yaml", canned_suite("data.jsonl", "canned.jsonl"));
  const ProcessResult r =
      evp({"run", "suite.yaml", "--jsonl", "rows.jsonl", "--junit", "j.xml", "--no-progress"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  const auto rows = read_jsonl(dir.read("rows.jsonl"));
  ASSERT_EQ(rows.size(), 2u) << "failed rollouts are stored, never dropped";
  EXPECT_EQ(rows[0]["rollout_status"]["code"], 5);
  EXPECT_NE(rows[0]["rollout_status"]["message"].get<std::string>().find(
                "replay: no canned response for row"),
            std::string::npos);
  EXPECT_NE(dir.read("j.xml").find("<error message=\"all 2 rollouts failed\"/>"),
            std::string::npos);
}

}  // namespace
}  // namespace evp::test
