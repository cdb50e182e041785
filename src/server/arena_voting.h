// Human votes for the arena (GET /api/arena/next, POST /api/arena/vote): a random row of a
// suite's newest experiment that two of its models answered, shown as A and B without names.
// The pairing waits behind a one-hour, one-vote ticket known only to the server, so the page
// never holds the names before the vote. A vote becomes a battle judged "human" (the same
// ratings the LLM judges feed). Each voter (a token id) may vote `per_minute` times a minute
// in bursts of `burst`. Thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "base/json.h"
#include "llm/token_bucket.h"
#include "server/api_types.h"
#include "server/experiment_index.h"
#include "server/report_cache.h"
#include "store/store.h"

namespace evp::server {

class ArenaVoting {
 public:
  ArenaVoting(double per_minute, double burst);

  // docs/api.md's battle; ApiError 404 when no suite (or not `suite`) has two answered models.
  Json next_battle(store::Store& store, const std::vector<ExperimentInfo>& experiments,
                   ReportCache& reports, const std::optional<std::string>& suite);
  // Stores the vote of `body` {"ticket", "winner"} and reveals the names; 429 with
  // retry_after_s when the voter votes too fast, 404 for an unknown or used ticket.
  ApiResponse vote(store::Store& store, const Json& body, const std::string& voter);

 private:
  struct Ticket {
    std::string experiment_id, suite, row_id, model_a, model_b;
    int run = 0;
    double length_a = 0, length_b = 0;
    std::chrono::steady_clock::time_point expires;
  };
  std::optional<Json> try_row(store::Store& store, const ExperimentInfo& e,
                              const std::string& model_a, const std::string& model_b,
                              long long row_index);
  std::string new_ticket_id();
  void forget_expired(std::chrono::steady_clock::time_point now);

  double per_minute_, burst_;
  std::mutex mutex_;
  std::mt19937_64 rng_;
  std::map<std::string, Ticket> tickets_;
  std::map<std::string, llm::TokenBucket> buckets_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace evp::server
