// Arena voting: random pairings behind tickets, votes stored as human battles.
#include "server/arena_voting.h"

#include <algorithm>
#include <cmath>

#include "base/fast_json.h"
#include "server/row_preview.h"

namespace evp::server {
namespace {

constexpr auto kTicketLifetime = std::chrono::hours(1);
constexpr size_t kMaxTickets = 10000;
constexpr int kPairingAttempts = 24;

struct Answer {
  std::string row_id;
  int run = 0;
  Json row;
};

// A finished rollout of `model` for the dataset row, its lowest run.
std::optional<Answer> finished_answer(store::Connection& c, const std::string& experiment_id,
                                      const std::string& model, long long row_index) {
  store::Statement s(c,
                     "SELECT row_id, run, row_json FROM rollouts WHERE experiment_id = ? AND "
                     "model = ? AND row_index = ? AND status_code = 100 ORDER BY run LIMIT 1");
  s.bind(1, experiment_id);
  s.bind(2, model);
  s.bind(3, row_index);
  if (!s.step("cannot read a rollout")) return std::nullopt;
  Json row = parse_json_text_or_discarded(s.text(2));
  if (!row.is_object()) return std::nullopt;
  return Answer{s.text(0), static_cast<int>(s.integer(1)), std::move(row)};
}

long long last_row_index(store::Connection& c, const std::string& experiment_id,
                         const std::string& model) {
  store::Statement s(c,
                     "SELECT coalesce(max(row_index), -1) FROM rollouts WHERE experiment_id = ? "
                     "AND model = ?");
  s.bind(1, experiment_id);
  s.bind(2, model);
  s.step("cannot read the rollouts");
  return s.integer(0);
}

double text_length(const Json& messages) {
  double n = 0;
  for (const Json& m : messages) {
    if (m.is_object() && m.contains("content"))
      n += static_cast<double>(content_text(m["content"]).size());
  }
  return n;
}

}  // namespace

ArenaVoting::ArenaVoting(double per_minute, double burst)
    : per_minute_(per_minute), burst_(burst), rng_(std::random_device{}()) {}

std::string ArenaVoting::new_ticket_id() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  for (int i = 0; i < 2; ++i) {
    uint64_t bits = rng_();
    for (int j = 0; j < 16; ++j, bits >>= 4) id += kHex[bits & 15];
  }
  return id;
}

void ArenaVoting::forget_expired(std::chrono::steady_clock::time_point now) {
  std::erase_if(tickets_, [&](const auto& t) { return t.second.expires <= now; });
  while (tickets_.size() >= kMaxTickets) {
    auto oldest = std::min_element(
        tickets_.begin(), tickets_.end(),
        [](const auto& x, const auto& y) { return x.second.expires < y.second.expires; });
    tickets_.erase(oldest);
  }
}

std::optional<Json> ArenaVoting::try_row(store::Store& store, const ExperimentInfo& e,
                                         const std::string& model_a, const std::string& model_b,
                                         long long row_index) {
  auto a = finished_answer(store.connection(), e.id, model_a, row_index);
  if (!a) return std::nullopt;
  auto b = finished_answer(store.connection(), e.id, model_b, row_index);
  if (!b) return std::nullopt;
  const SplitConversation sa = split_conversation(a->row), sb = split_conversation(b->row);
  if (sa.answer.empty() || sb.answer.empty()) return std::nullopt;
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  forget_expired(now);
  const std::string id = new_ticket_id();
  tickets_[id] = Ticket{e.id,
                        e.suite,
                        a->row_id,
                        model_a,
                        model_b,
                        a->run,
                        text_length(sa.answer),
                        text_length(sb.answer),
                        now + kTicketLifetime};
  return Json{{"ticket", id},
              {"suite", e.suite},
              {"messages", sa.prompt},
              {"a", sa.answer},
              {"b", sb.answer}};
}

Json ArenaVoting::next_battle(store::Store& store, const std::vector<ExperimentInfo>& experiments,
                              ReportCache& reports, const std::optional<std::string>& suite) {
  // Each suite's newest experiment with two models or more.
  std::vector<std::pair<ExperimentInfo, std::vector<std::string>>> candidates;
  std::vector<std::string> seen;
  for (const ExperimentInfo& e : experiments) {
    if (e.done == 0 || (suite && e.suite != *suite)) continue;
    if (std::find(seen.begin(), seen.end(), e.suite) != seen.end()) continue;
    std::vector<std::string> models;
    const Json report = reports.report(store, e);
    for (const Json& m : report.at("models")) {
      if (m.value("rollouts", 0LL) > m.value("errors", 0LL)) models.push_back(m.at("model"));
    }
    if (models.size() < 2) continue;
    seen.push_back(e.suite);
    candidates.emplace_back(e, std::move(models));
  }
  for (int attempt = 0; attempt < kPairingAttempts && !candidates.empty(); ++attempt) {
    std::string model_a, model_b;
    long long row_index = 0;
    size_t which = 0;
    {
      std::lock_guard lock(mutex_);
      which = std::uniform_int_distribution<size_t>(0, candidates.size() - 1)(rng_);
      auto& models = candidates[which].second;
      std::shuffle(models.begin(), models.end(), rng_);
      model_a = models[0];
      model_b = models[1];
    }
    const ExperimentInfo& e = candidates[which].first;
    const long long last = last_row_index(store.connection(), e.id, model_a);
    if (last < 0) continue;
    {
      std::lock_guard lock(mutex_);
      row_index = std::uniform_int_distribution<long long>(0, last)(rng_);
    }
    if (auto battle = try_row(store, e, model_a, model_b, row_index)) return *battle;
  }
  throw ApiError(404, suite ? "suite " + *suite + " has no row that two models answered"
                            : "no suite has a row that two models answered");
}

ApiResponse ArenaVoting::vote(store::Store& store, const Json& body, const std::string& voter) {
  if (!body.contains("ticket") || !body["ticket"].is_string()) {
    throw ApiError(400, "ticket: required (the ticket of GET /api/arena/next)");
  }
  const std::string winner = body.value("winner", "");
  if (!store::is_battle_winner(winner)) {
    throw ApiError(
        400, "winner: expected one of model_a, model_b, tie, tie (bothbad), got '" + winner + "'");
  }
  Ticket ticket;
  {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    const double now_s = std::chrono::duration<double>(now - start_).count();
    auto bucket = buckets_.try_emplace(voter, per_minute_ / 60.0, burst_).first;
    const double wait_s = bucket->second.reserve(1, now_s);
    if (wait_s > 0) {
      bucket->second.refund(1, now_s);
      ApiResponse slow;
      slow.status = 429;
      slow.retry_after_s = static_cast<int>(std::ceil(wait_s));
      slow.body = {
          {"error", "too many votes: try again in " + std::to_string(slow.retry_after_s) + " s"}};
      return slow;
    }
    forget_expired(now);
    auto it = tickets_.find(body["ticket"].get<std::string>());
    if (it == tickets_.end()) throw ApiError(404, "ticket: unknown, expired or already used");
    ticket = std::move(it->second);
    tickets_.erase(it);
  }
  store::BattleRecord battle;
  battle.suite_name = ticket.suite;
  battle.model_a = ticket.model_a;
  battle.model_b = ticket.model_b;
  battle.winner = winner;
  battle.judge = "human";
  battle.row_id = ticket.row_id;
  battle.run = ticket.run;
  battle.length_a = ticket.length_a;
  battle.length_b = ticket.length_b;
  battle.details = {{"voter", voter}, {"experiment_id", ticket.experiment_id}};
  store.add_battles({battle});
  const long long id = sqlite3_last_insert_rowid(store.connection().handle());
  ApiResponse ok;
  ok.body = {{"model_a", ticket.model_a},
             {"model_b", ticket.model_b},
             {"winner", winner},
             {"battle_id", id}};
  return ok;
}

}  // namespace evp::server
