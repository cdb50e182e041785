// llm_judge against a scripted judge model: the exact prompts, verdict parsing, the one re-ask,
// structured output, failures, and the judge's usage and cost.
#include "evaluate/llm_judge.h"

#include <gtest/gtest.h>

#include "evaluate_test_support.h"
#include "llm/chat_body.h"
#include "scripted_chat_model.h"

namespace evp::evaluate::test {
namespace {

constexpr const char* kRubric = "Correct and names the capital.";

// "What is the capital of France?" answered with `answer`, row id "r1", run 2.
model::EvaluationRow france_row(std::string answer = "Paris.") {
  model::EvaluationRow row;
  row.messages.push_back(model::make_message("user", "What is the capital of France?"));
  row.messages.push_back(model::make_message("assistant", std::move(answer)));
  row.input_metadata.row_id = "r1";
  row.execution_metadata.extra = Json{{"evp", {{"model", "m"}, {"run", 2}}}};
  return row;
}

std::unique_ptr<AsyncEvaluator> make_judge(JudgeBench& bench, const std::string& extra_keys = "") {
  const Json config = Json::parse(R"({"type":"llm_judge","model":"judge","rubric":")" +
                                  std::string(kRubric) + "\"" + extra_keys + "}");
  const ConfigReader reader(config);
  reader.check_keys(kLlmJudgeKeys);
  return make_llm_judge(reader, bench.env);
}

model::MetricResult judge_row(JudgeBench& bench, const model::EvaluationRow& row,
                              const std::string& extra_keys = "") {
  auto judge = make_judge(bench, extra_keys);
  return bench.run(judge->evaluate(row));
}

// Scores `reply` (and `reask_reply` when the first has no verdict) on the default scale.
model::MetricResult score_reply(const std::string& reply, const std::string& extra_keys = "",
                                std::optional<std::string> reask_reply = std::nullopt) {
  JudgeBench bench;
  bench.model.reply(reply);
  if (reask_reply) bench.model.reply(*reask_reply);
  return judge_row(bench, france_row(), extra_keys);
}

std::string config_error(const std::string& config_json) {
  JudgeBench bench;
  const Json config = Json::parse(config_json);
  try {
    const ConfigReader reader(config);
    reader.check_keys(kLlmJudgeKeys);
    make_llm_judge(reader, bench.env);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

Json without_cost(Json data) {
  data["judge"].erase("cost_usd");
  return data;
}

const std::string& only_message(const ScriptedChatModel::Call& call) {
  EXPECT_EQ(call.request.messages.size(), 1u);
  EXPECT_EQ(call.request.messages.at(0).role, "user");
  return call.request.messages.at(0).content.get_ref<const std::string&>();
}

const char* const kDefaultPrompt =
    "You are an impartial judge. Evaluate the answer an AI assistant gave to the question below "
    "against this rubric:\n\n"
    "[Rubric]\nCorrect and names the capital.\n\n"
    "Be as objective as possible: judge how well the answer meets the rubric, not its length or "
    "style. Begin with a short explanation of your assessment, then give your verdict on the "
    "last line, exactly in this format: \"Rating: [[N]]\", where N is a number from 1 to 10 "
    "(higher is better).\n\n"
    "[Question]\nWhat is the capital of France?\n\n"
    "[The Start of the Assistant's Answer]\nParis.\n[The End of the Assistant's Answer]";

TEST(LlmJudge, SendsTheDefaultPromptForTheRowsRollout) {
  JudgeBench bench;
  bench.model.reply("Right.\nRating: [[9]]");
  const model::MetricResult m = judge_row(bench, france_row());
  ASSERT_EQ(bench.model.calls().size(), 1u);
  const auto& call = bench.model.calls()[0];
  EXPECT_EQ(only_message(call), kDefaultPrompt);
  EXPECT_EQ(call.row_id, "r1");
  EXPECT_EQ(call.run, 2);
  EXPECT_EQ(call.request.params, std::nullopt);  // nothing of its own: the endpoint's params
  EXPECT_TRUE(m.is_score_valid);
}

TEST(LlmJudge, ARowWithAGroundTruthGetsTheReferenceAnswerInTheDefaultPrompt) {
  JudgeBench bench;
  bench.model.reply("Rating: [[9]]");
  model::EvaluationRow row = france_row();
  row.ground_truth = Json("Paris");
  judge_row(bench, row);
  ASSERT_EQ(bench.model.calls().size(), 1u);
  EXPECT_EQ(
      only_message(bench.model.calls()[0]),
      "You are an impartial judge. Evaluate the answer an AI assistant gave to the question "
      "below against this rubric:\n\n"
      "[Rubric]\nCorrect and names the capital.\n\n"
      "A reference answer is given below: use it to check the answer's correctness; the answer "
      "need not match its wording. Be as objective as possible: judge how well the answer meets "
      "the rubric, not its length or style. Begin with a short explanation of your assessment, "
      "then give your verdict on the last line, exactly in this format: \"Rating: [[N]]\", "
      "where N is a number from 1 to 10 (higher is better).\n\n"
      "[Question]\nWhat is the capital of France?\n\n"
      "[Reference Answer]\nParis\n\n"
      "[The Start of the Assistant's Answer]\nParis.\n[The End of the Assistant's Answer]");
}

TEST(LlmJudge, ACustomTemplateIsFilledWithTheRowsTexts) {
  JudgeBench bench;
  bench.model.reply("[[5]]");
  model::EvaluationRow row = france_row("It is {answer} Paris.");
  row.ground_truth = Json::parse(R"({"answer":"Paris"})");
  judge_row(bench, row,
            R"(,"template":"R={rubric}|Q={question}|A={answer}|G={ground_truth}|{\"k\": 1}")");
  ASSERT_EQ(bench.model.calls().size(), 1u);
  EXPECT_EQ(only_message(bench.model.calls()[0]),
            "R=Correct and names the capital.|Q=What is the capital of France?|"
            "A=It is {answer} Paris.|G={\"answer\":\"Paris\"}|{\"k\": 1}");
}

TEST(LlmJudge, ATemplateWithTheGroundTruthCannotJudgeARowWithoutOne) {
  JudgeBench bench;
  const auto m = judge_row(bench, france_row(), R"(,"template":"{answer} vs {ground_truth}")");
  EXPECT_EQ(summary(m), "invalid | the template uses {ground_truth} and the row has none");
  EXPECT_TRUE(bench.model.calls().empty());
}

TEST(LlmJudge, ARowWithoutAnAssistantMessageIsNotJudged) {
  JudgeBench bench;
  model::EvaluationRow row = france_row();
  row.messages.pop_back();
  EXPECT_EQ(summary(judge_row(bench, row)), "invalid | no assistant message to judge");
  EXPECT_TRUE(bench.model.calls().empty());
}

TEST(LlmJudge, ReadsTheLastRatingAndNormalisesItOverTheScale) {
  struct Case {
    const char* reply;
    double score;
    const char* reason;
    Json raw;
  };
  const Case cases[] = {
      {"Correct and brief.\n\nRating: [[7]]", 6.0 / 9, "Correct and brief.", 7},
      {"At first I thought [[3]], but on reflection:\nRating: [[8]]\n", 7.0 / 9,
       "At first I thought [[3]], but on reflection:", 8},
      {"Fine. Rating: [[7.5]]", 6.5 / 9, "Fine.", 7.5},
      {"Rating: [[8.]]", 7.0 / 9, "", 8},
      {"[[10]]", 1.0, "", 10},
      {"Wrong. rating: [[1]]", 0.0, "Wrong.", 1},
      {"Good. Rating: [[6]] (see [[the rubric]])", 5.0 / 9, "Good.", 6},
      {"Nested [[[4]]]", 3.0 / 9, "Nested [", 4},
  };
  for (const Case& c : cases) {
    const model::MetricResult m = score_reply(c.reply);
    ASSERT_TRUE(m.is_score_valid) << c.reply << ": " << m.reason;
    EXPECT_DOUBLE_EQ(m.score, c.score) << c.reply;
    EXPECT_EQ(m.reason, c.reason) << c.reply;
    EXPECT_EQ(m.data["judge"]["raw"], c.raw) << c.reply;
    EXPECT_EQ(m.data["judge"]["calls"], 1) << c.reply;
  }
}

TEST(LlmJudge, AnotherScaleNormalisesOverItsOwnRange) {
  const std::string scale = R"(,"scale":[0, 5])";
  EXPECT_DOUBLE_EQ(score_reply("[[4]]", scale).score, 0.8);
  EXPECT_DOUBLE_EQ(score_reply("[[0]]", scale).score, 0.0);
  EXPECT_DOUBLE_EQ(score_reply("[[2.5]]", scale).score, 0.5);
  const model::MetricResult out = score_reply("[[6]]", scale, "[[7]]");
  EXPECT_EQ(summary(out), "invalid | judge answer had no verdict: '[[7]]'");
  EXPECT_DOUBLE_EQ(score_reply("[[-2]]", R"(,"scale":[-5, 5])").score, 0.3);
}

TEST(LlmJudge, OutOfScaleMalformedAndMissingNumbersAreReasked) {
  const char* unparseable[] = {
      "Rating: [[11]]",
      "Rating: [[0]]",
      "[[7]] then, finally, [[12]]",
      "Rating: [[7.5.1]]",
      "Rating: [[.5]]",
      "Rating: [[-]]",
      "Rating: [[ 7 ]]",
      "Rating: [[7/10]]",
      "Rating: [[seven]]",
      "Rating: 7",
      "Rating: [7]",
      "",
      "[[PASS]] is not a score",
  };
  for (const char* reply : unparseable) {
    JudgeBench bench;
    bench.model.reply(reply);
    bench.model.reply("Rating: [[5]]");
    const model::MetricResult m = judge_row(bench, france_row());
    EXPECT_EQ(bench.model.calls().size(), 2u) << reply;
    EXPECT_DOUBLE_EQ(m.score, 4.0 / 9) << reply;
  }
}

TEST(LlmJudge, TheReaskHappensOnceWithTheFormatMessageAndItsAnswerIsUsed) {
  JudgeBench bench;
  bench.price = rollout::Pricing{1.0, 2.0};
  bench.model.reply("The answer is correct and concise.", 100, 20);
  bench.model.reply("Rating: [[9]]", 150, 5);
  const model::MetricResult m = judge_row(bench, france_row());
  ASSERT_EQ(bench.model.calls().size(), 2u);
  const auto& messages = bench.model.calls()[1].request.messages;
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(messages[0].content, kDefaultPrompt);
  EXPECT_EQ(messages[1].role, "assistant");
  EXPECT_EQ(messages[1].content, "The answer is correct and concise.");
  EXPECT_EQ(messages[2].role, "user");
  EXPECT_EQ(messages[2].content,
            "Your reply did not end with a verdict in the required format. Give your verdict "
            "now, exactly in this format: \"Rating: [[N]]\", where N is a number from 1 to 10 "
            "(higher is better).");
  EXPECT_EQ(bench.model.calls()[1].row_id, "r1");
  EXPECT_EQ(bench.model.calls()[1].run, 2);
  // The second answer has the verdict; with no reasoning of its own, the first is the reason.
  EXPECT_DOUBLE_EQ(m.score, 8.0 / 9);
  EXPECT_EQ(m.reason, "The answer is correct and concise.");
  // (100 + 150) prompt tokens at $1/M and (20 + 5) completion tokens at $2/M.
  EXPECT_NEAR(m.data["judge"]["cost_usd"].get<double>(), 300e-6, 1e-15);
  EXPECT_EQ(without_cost(m.data), Json::parse(R"({"judge":{"model":"judge","calls":2,
      "prompt_tokens":250,"completion_tokens":25,"raw":9}})"));
}

TEST(LlmJudge, StillNoVerdictAfterTheReaskIsInvalidWithTheAnswersStart) {
  JudgeBench bench;
  bench.model.reply("I think it is good.");
  bench.model.reply(
      "  As I said, I think the answer is good, it names Paris, which is the capital of "
      "France, and nothing else.  ");
  const model::MetricResult m = judge_row(bench, france_row());
  EXPECT_EQ(bench.model.calls().size(), 2u);
  EXPECT_EQ(summary(m),
            "invalid | judge answer had no verdict: 'As I said, I think the answer is good, it "
            "names Paris, which is the capital of F...'");
  EXPECT_EQ(m.data["judge"]["calls"], 2);
  EXPECT_FALSE(m.data["judge"].contains("raw"));
  EXPECT_FALSE(m.data["judge"].contains("cost_usd"));  // the judge has no prices
}

// A judge that stopped at its token limit before the verdict: the reason says so, since
// raising the judge's max_tokens is the fix (a reply cut short once, then whole, is scored).
TEST(LlmJudge, AnAnswerCutOffAtMaxTokensSaysSoInTheReason) {
  JudgeBench bench;
  bench.model.reply("The answer names Paris, the", 100, 8, "length");
  bench.model.reply("The answer names", 120, 4, "length");
  const model::MetricResult m = judge_row(bench, france_row());
  EXPECT_EQ(summary(m),
            "invalid | judge answer had no verdict (cut off at the judge's max_tokens): 'The "
            "answer names'");

  JudgeBench second;
  second.model.reply("The answer names Paris, the", 100, 8, "length");
  second.model.reply("Rating: [[8]]");
  EXPECT_TRUE(judge_row(second, france_row()).is_score_valid);
}

TEST(LlmJudge, AFailedCallIsAnInvalidMetricWithTheError) {
  JudgeBench bench;
  bench.model.fail("HTTP 500: upstream exploded (after 5 attempts)");
  const model::MetricResult m = judge_row(bench, france_row());
  EXPECT_EQ(summary(m), "invalid | HTTP 500: upstream exploded (after 5 attempts)");
  EXPECT_EQ(m.data, Json::parse(R"({"judge":{"model":"judge","calls":1,"prompt_tokens":0,
      "completion_tokens":0}})"));
  // A failure on the re-ask too.
  JudgeBench second;
  second.model.reply("No idea.");
  second.model.fail("timed out");
  EXPECT_EQ(summary(judge_row(second, france_row())), "invalid | timed out");
  EXPECT_EQ(second.model.calls().size(), 2u);
}

TEST(LlmJudge, PassFailReadsTheLastVerdict) {
  const std::string pass_fail = R"(,"pass_fail":true)";
  EXPECT_EQ(summary(score_reply("Names Paris.\nVerdict: [[PASS]]", pass_fail)), "1 | Names Paris.");
  EXPECT_EQ(summary(score_reply("Wrong city. [[fail]]", pass_fail)), "0 | Wrong city.");
  EXPECT_EQ(summary(score_reply("[[PASS]]? No: Verdict: [[FAIL]]", pass_fail)),
            "0 | [[PASS]]? No:");
  EXPECT_EQ(score_reply("[[Pass]]", pass_fail).data["judge"]["raw"], "Pass");
  // Numbers are no pass/fail verdict: re-asked.
  JudgeBench bench;
  bench.model.reply("Rating: [[10]]");
  bench.model.reply("Verdict: [[PASS]]");
  const model::MetricResult m = judge_row(bench, france_row(), pass_fail);
  EXPECT_EQ(summary(m), "1 | Rating: [[10]]");
  EXPECT_EQ(m.data["judge"]["raw"], "PASS");
  EXPECT_EQ(bench.model.calls()[1].request.messages[2].content,
            "Your reply did not end with a verdict in the required format. Give your verdict "
            "now, exactly in this format: \"Verdict: [[PASS]]\" if the answer meets the rubric, "
            "or \"Verdict: [[FAIL]]\" if it does not.");
  EXPECT_NE(only_message(bench.model.calls()[0])
                .find("then give your verdict on the last line, exactly in this format: "
                      "\"Verdict: [[PASS]]\" if the answer meets the rubric, or \"Verdict: "
                      "[[FAIL]]\" if it does not.\n\n[Question]"),
            std::string::npos);
}

TEST(LlmJudge, StructuredAsksWithAJsonSchemaAndReadsTheJsonAnswer) {
  JudgeBench bench;
  bench.model.reply(R"({"reasoning": " Names Paris. ", "score": 9})");
  const model::MetricResult m =
      judge_row(bench, france_row(), R"(,"structured":true,"max_tokens":300)");
  EXPECT_DOUBLE_EQ(m.score, 8.0 / 9);
  EXPECT_EQ(m.reason, "Names Paris.");
  EXPECT_EQ(m.data["judge"]["raw"], 9);
  ASSERT_EQ(bench.model.calls().size(), 1u);
  const llm::ChatRequest& request = bench.model.calls()[0].request;
  const Json format = Json::parse(R"js({"type":"json_schema","json_schema":{"name":"verdict",
      "strict":true,"schema":{"type":"object","properties":{"reasoning":{"type":"string"},
      "score":{"type":"number","description":"a number from 1 to 10 (higher is better)"}},
      "required":["reasoning","score"],"additionalProperties":false}}})js");
  EXPECT_EQ(request.params, Json({{"max_tokens", 300}, {"response_format", format}}));
  // The body sent carries them over the judge endpoint's own params.
  llm::Endpoint endpoint;
  endpoint.model = "judge-model";
  endpoint.params = {{"temperature", 0}, {"max_tokens", 50}};
  const Json body = llm::build_chat_body(endpoint, request);
  EXPECT_EQ(body["response_format"], format);
  EXPECT_EQ(body["max_tokens"], 300);
  EXPECT_EQ(body["temperature"], 0);
  EXPECT_EQ(llm::ChatBodyWriter(endpoint).body(request), dump_json(body));
  EXPECT_NE(only_message(bench.model.calls()[0])
                .find("style. Reply with a JSON object only, exactly in this form: "
                      "{\"reasoning\": \"...\", \"score\": N}, where \"reasoning\" is a short "
                      "explanation of your assessment and N is a number from 1 to 10 (higher is "
                      "better).\n\n[Question]"),
            std::string::npos);
}

TEST(LlmJudge, StructuredAcceptsAFencedObjectAndReasksForAnythingElse) {
  const std::string structured = R"(,"structured":true)";
  EXPECT_EQ(summary(score_reply("```json\n{\"reasoning\":\"ok\",\"score\":10}\n```", structured)),
            "1 | ok");
  const char* unparseable[] = {
      "Rating: [[9]]",
      R"({"reasoning":"x","score":11})",
      R"({"reasoning":"x","score":"9"})",
      R"({"reasoning":"x"})",
      R"([9])",
      R"({"reasoning":"x","score":9)",
  };
  for (const char* reply : unparseable) {
    JudgeBench bench;
    bench.model.reply(reply);
    bench.model.reply(R"({"reasoning":"second","score":1})");
    const model::MetricResult m = judge_row(bench, france_row(), structured);
    ASSERT_EQ(bench.model.calls().size(), 2u) << reply;
    EXPECT_EQ(summary(m), "0 | second") << reply;
    EXPECT_EQ(bench.model.calls()[1].request.messages[2].content,
              "Your reply was not the required JSON object. Reply with a JSON object only, "
              "exactly in this form: {\"reasoning\": \"...\", \"score\": N}, where \"reasoning\" "
              "is a short explanation of your assessment and N is a number from 1 to 10 (higher "
              "is better).");
    EXPECT_TRUE(bench.model.calls()[1].request.params->contains("response_format"));
  }
}

TEST(LlmJudge, StructuredPassFailAsksForAVerdictEnum) {
  JudgeBench bench;
  bench.model.reply(R"({"reasoning":"Names Paris.","verdict":"PASS"})");
  const model::MetricResult m =
      judge_row(bench, france_row(), R"(,"structured":true,"pass_fail":true)");
  EXPECT_EQ(summary(m), "1 | Names Paris.");
  EXPECT_EQ(m.data["judge"]["raw"], "PASS");
  EXPECT_EQ(bench.model.calls()[0].request.params->at("response_format")["json_schema"]["schema"],
            Json::parse(R"({"type":"object","properties":{"reasoning":{"type":"string"},
                "verdict":{"type":"string","enum":["PASS","FAIL"]}},
                "required":["reasoning","verdict"],"additionalProperties":false})"));
  EXPECT_EQ(summary(score_reply(R"({"reasoning":"No.","verdict":"FAIL"})",
                                R"(,"structured":true,"pass_fail":true)")),
            "0 | No.");
}

TEST(LlmJudge, TheJudgesUsageAndCostAreItsOwn) {
  JudgeBench bench;
  bench.price = rollout::Pricing{3.0, 15.0};
  bench.model.reply("Good. Rating: [[10]]", 1000, 200);
  model::EvaluationRow row = france_row();
  row.execution_metadata.usage = model::Usage{7, 3, 10};
  const model::MetricResult m = judge_row(bench, row);
  EXPECT_NEAR(m.data["judge"]["cost_usd"].get<double>(), 0.003 + 0.003, 1e-15);
  EXPECT_EQ(without_cost(m.data), Json::parse(R"({"judge":{"model":"judge","calls":1,
      "prompt_tokens":1000,"completion_tokens":200,"raw":10}})"));
}

TEST(LlmJudge, ConfigErrorsNameTheKey) {
  const std::string base = R"({"type":"llm_judge","model":"judge","rubric":"r")";
  EXPECT_EQ(config_error(base + "}"), "no error");
  EXPECT_EQ(config_error(R"({"type":"llm_judge","rubric":"r"})"), "llm_judge: 'model' is required");
  EXPECT_EQ(config_error(R"({"type":"llm_judge","model":"gpt","rubric":"r"})"),
            "llm_judge.model: no model 'gpt' in the suite's models (have: judge)");
  EXPECT_EQ(config_error(R"({"type":"llm_judge","model":"judge"})"),
            "llm_judge: 'rubric' is required");
  EXPECT_EQ(config_error(base + R"(,"rubrik":"x"})"), "llm_judge: unknown key 'rubrik'");
  EXPECT_EQ(config_error(base + R"(,"scale":[10, 1]})"),
            "llm_judge.scale: expected [min, max] with integers min < max");
  EXPECT_EQ(config_error(base + R"(,"scale":[1, 7.5]})"),
            "llm_judge.scale: expected [min, max] with integers min < max");
  EXPECT_EQ(config_error(base + R"(,"scale":[1, 5],"pass_fail":true})"),
            "llm_judge: 'scale' and 'pass_fail: true' exclude each other");
  EXPECT_EQ(config_error(base + R"(,"max_tokens":0})"),
            "llm_judge.max_tokens: expected a positive integer");
  EXPECT_EQ(config_error(base + R"(,"structured":"yes"})"),
            "llm_judge.structured: expected a boolean, got string");
  EXPECT_EQ(config_error(base + R"(,"template":"{question} {response}"})"),
            "llm_judge.template: unknown placeholder {response} (known: {question}, {answer}, "
            "{ground_truth}, {rubric})");
}

}  // namespace
}  // namespace evp::evaluate::test
