// `evp run` keeps the report it printed in the store (what `evp ui` shows without a pass over
// the rollouts): the stored copy is `evp show --json`'s report, with the rollouts it covers.
#include "cli_fixture.h"
#include "store/store.h"

namespace evp::test {
namespace {

TEST_F(CliTest, RunStoresTheReportItPrintedForTheUi) {
  const ProcessResult r =
      evp({"run", quickstart("suite.yaml"), "--json", "report.json", "--no-progress"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Json printed = Json::parse(dir.read("report.json"));
  auto opened = store::Store::open(store());
  const auto stored = opened->stored_report(printed["experiment_id"]);
  ASSERT_TRUE(stored);
  // The stored copy is the report; the comparisons with the suite's baseline are printed
  // beside it (evp show computes them again).
  Json report = printed;
  ASSERT_EQ(report.erase("comparisons"), 1u);
  EXPECT_EQ(stored->report, report);
  EXPECT_EQ(stored->status, "finished");
  long long rollouts = 0;
  for (const Json& m : report["models"]) rollouts += m["rollouts"].get<long long>();
  EXPECT_EQ(stored->done, rollouts);
  const ProcessResult shown = evp({"show", printed["experiment_id"], "--json"});
  EXPECT_EQ(Json::parse(shown.out), printed);
}

}  // namespace
}  // namespace evp::test
