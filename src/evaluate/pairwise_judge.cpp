// The pairwise judge: the swapped games, label parsing, battles and the candidate's score.
#include "evaluate/pairwise_judge.h"

#include "evaluate/evaluator.h"
#include "evaluate/text_utils.h"

namespace evp::evaluate {

namespace {

constexpr std::string_view kPlaceholders[] = {"question", "answer_a", "answer_b", "ground_truth"};

constexpr std::string_view kLabels[] = {"A>>B", "A>B", "A=B", "B>A", "B>>A"};

// Arena-Hard's judge prompt in spirit (our wording).
constexpr const char* kSystemPrompt =
    "You are an impartial judge comparing the answers two AI assistants gave to the user "
    "prompt shown below.\n\n"
    "First write your own answer to the prompt, before reading theirs. Then evaluate both "
    "answers against yours: point out and correct any mistakes or inaccurate information, and "
    "consider whether each answer is helpful (it does what the prompt asks; when the prompt is "
    "ambiguous, asking for clarification beats guessing), relevant (every part of it bears on "
    "the prompt) and concise (clear, without padding). Where it matters, weigh creativity and "
    "novelty too, and note important information either answer leaves out. Do not let the "
    "order of the answers or their length sway you.\n\n"
    "End your judgment with exactly one of these labels, on the last line, as in "
    "\"My final verdict is: [[LABEL]]\":\n"
    "- Assistant A is significantly better: [[A>>B]]\n"
    "- Assistant A is slightly better: [[A>B]]\n"
    "- Tie, about the same: [[A=B]]\n"
    "- Assistant B is slightly better: [[B>A]]\n"
    "- Assistant B is significantly better: [[B>>A]]";

constexpr const char* kUserPrompt =
    "[User Prompt]\n{question}\n\n"
    "[The Start of Assistant A's Answer]\n{answer_a}\n[The End of Assistant A's Answer]\n\n"
    "[The Start of Assistant B's Answer]\n{answer_b}\n[The End of Assistant B's Answer]";

constexpr const char* kReaskMessage =
    "Your reply did not end with a verdict label. Finish your judgment now with exactly one of "
    "these labels: [[A>>B]], [[A>B]], [[A=B]], [[B>A]], [[B>>A]].";

bool label_shaped(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c != 'A' && c != 'B' && c != '<' && c != '>' && c != '=') return false;
  }
  return true;
}

// The last label-shaped "[[...]]" when it is one of the five labels.
std::optional<std::string_view> find_label(std::string_view text) {
  const std::optional<Bracketed> found = last_bracketed(text, label_shaped);
  if (!found) return std::nullopt;
  for (std::string_view label : kLabels) {
    if (found->content == label) return label;
  }
  return std::nullopt;
}

// Fills the game's verdict from `label`, in the candidate's terms.
void apply_label(PairwiseGame& game, std::string_view label) {
  game.label = std::string(label);
  game.weight = label.find(">>") != std::string_view::npos ? 3 : 1;
  if (label == "A=B") {
    game.winner = "tie";
    return;
  }
  const bool a_wins = label.starts_with("A>");
  game.winner = a_wins == game.candidate_is_a ? "model_a" : "model_b";
}

std::string joined(const std::vector<std::string>& texts) {
  std::string out;
  for (const std::string& t : texts) {
    if (!out.empty()) out += "\n\n";
    out += t;
  }
  return out;
}

// A game that was not played, for both positions.
std::array<PairwiseGame, 2> unplayed(const std::string& error) {
  std::array<PairwiseGame, 2> games;
  for (size_t i = 0; i < games.size(); ++i) {
    games[i].candidate_is_a = i == 1;
    games[i].error = error;
  }
  return games;
}

// Why the pair cannot be judged, or empty.
std::string unjudgeable(const std::optional<JudgeTexts>& candidate,
                        const std::optional<JudgeTexts>& baseline,
                        const std::optional<PromptTemplate>& custom) {
  if (!candidate) return std::string("candidate: ") + kNoAssistantMessageToJudge;
  if (!baseline) return std::string("baseline: ") + kNoAssistantMessageToJudge;
  if (custom && custom->uses("ground_truth") && !candidate->ground_truth) {
    return "the template uses {ground_truth} and the row has none";
  }
  return "";
}

double game_points(const PairwiseGame& game) {
  if (game.winner == "model_a") return 1.0;
  return game.winner == "tie" ? 0.5 : 0.0;
}

std::string game_summary(size_t index, const PairwiseGame& game) {
  const std::string head = "game " + std::to_string(index + 1) + " ";
  if (game.weight == 0) return head + "no verdict";
  return head + "[[" + game.label + "]] " + game.winner;
}

Json game_json(const PairwiseGame& game) {
  Json out = {{"label", game.label},
              {"winner", game.winner},
              {"weight", game.weight},
              {"candidate_is_a", game.candidate_is_a}};
  if (!game.error.empty()) out["error"] = game.error;
  return out;
}

}  // namespace

JudgeUsage PairwiseJudgment::usage() const {
  JudgeUsage total;
  for (const PairwiseGame& game : games) total.add(game.usage);
  return total;
}

std::optional<double> candidate_score(const PairwiseJudgment& judgment) {
  double points = 0;
  int weights = 0;
  for (const PairwiseGame& game : judgment.games) {
    points += game.weight * game_points(game);
    weights += game.weight;
  }
  if (weights == 0) return std::nullopt;
  return points / weights;
}

model::MetricResult pairwise_metric(const PairwiseJudgment& judgment,
                                    const std::string& judge_key) {
  std::string reason = "vs " + judgment.model_b + ": " + game_summary(0, judgment.games[0]) + ", " +
                       game_summary(1, judgment.games[1]);
  Json games = Json::array();
  for (size_t i = 0; i < judgment.games.size(); ++i) {
    const PairwiseGame& game = judgment.games[i];
    reason += "\n\nGame " + std::to_string(i + 1) + ":\n" +
              (game.weight == 0 ? game.error : game.judgment);
    games.push_back(game_json(game));
  }
  const std::optional<double> score = candidate_score(judgment);
  model::MetricResult m = score ? scored(*score, std::move(reason)) : unscorable(std::move(reason));
  Json judge = judge_data(judge_key, judgment.usage());
  judge["model_a"] = judgment.model_a;
  judge["model_b"] = judgment.model_b;
  judge["games"] = std::move(games);
  m.data = {{"judge", std::move(judge)}};
  return m;
}

PairwiseJudge::PairwiseJudge(const ConfigReader& config, EvaluatorEnvironment& env)
    : name_(config.name()),
      weight_(config.weight()),
      baseline_(config.required_string("baseline")),
      custom_(read_template(config, kPlaceholders)),
      params_(read_judge_params(config)),
      judge_(read_judge_model(config, env)) {
  if (trim(baseline_).empty()) config.fail_key("baseline", "expected a model key");
}

std::vector<model::Message> PairwiseJudge::prompt(const JudgeTexts& row, std::string_view answer_a,
                                                  std::string_view answer_b) const {
  const TemplateValues values = {
      {"question", row.question},
      {"answer_a", answer_a},
      {"answer_b", answer_b},
      {"ground_truth", row.ground_truth ? *row.ground_truth : std::string_view()}};
  if (custom_) return {model::make_message("user", custom_->fill(values))};
  static const PromptTemplate user(kUserPrompt, kPlaceholders);
  return {model::make_message("system", kSystemPrompt),
          model::make_message("user", user.fill(values))};
}

boost::asio::awaitable<PairwiseGame> PairwiseJudge::play(const JudgeTexts& candidate,
                                                         const JudgeTexts& baseline,
                                                         bool candidate_is_a,
                                                         const RolloutRef& rollout) const {
  PairwiseGame game;
  game.candidate_is_a = candidate_is_a;
  const std::string& answer_a = candidate_is_a ? candidate.answer : baseline.answer;
  const std::string& answer_b = candidate_is_a ? baseline.answer : candidate.answer;
  JudgeConversation conversation(judge_, prompt(candidate, answer_a, answer_b), params_, rollout);
  const auto has_label = [](std::string_view t) { return find_label(t).has_value(); };
  const JudgeReply reply = co_await ask_for_verdict(conversation, has_label, kReaskMessage);
  game.usage = conversation.usage();
  game.judgment = joined(conversation.replies());
  const std::optional<std::string_view> label = reply.ok ? find_label(reply.text) : std::nullopt;
  if (label) {
    apply_label(game, *label);
  } else {
    game.error = no_verdict_reason(reply);
  }
  co_return game;
}

boost::asio::awaitable<PairwiseJudgment> PairwiseJudge::judge(
    const model::EvaluationRow& candidate, const model::EvaluationRow& baseline) const {
  PairwiseJudgment out;
  out.model_a = rollout_model_key(candidate);
  out.model_b = rollout_model_key(baseline);
  if (out.model_b.empty()) out.model_b = baseline_;
  const std::optional<JudgeTexts> candidate_texts = judge_texts(candidate);
  const std::optional<JudgeTexts> baseline_texts = judge_texts(baseline);
  const std::string error = unjudgeable(candidate_texts, baseline_texts, custom_);
  if (!error.empty()) {
    out.games = unplayed(error);
    co_return out;
  }
  const RolloutRef rollout = rollout_ref(candidate);
  out.games[0] = co_await play(*candidate_texts, *baseline_texts, false, rollout);
  out.games[1] = co_await play(*candidate_texts, *baseline_texts, true, rollout);
  co_return out;
}

std::unique_ptr<PairwiseJudge> make_pairwise_judge(const ConfigReader& config,
                                                   EvaluatorEnvironment& env) {
  return std::make_unique<PairwiseJudge>(config, env);
}

}  // namespace evp::evaluate
