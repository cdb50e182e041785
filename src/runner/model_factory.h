// Turns the suite's model specs into ChatModels: OpenAI-compatible endpoints (API key read
// from the named environment variable, never stored) or canned replay files. Resolution
// (which models run, their keys) happens once; a ChatModel is then made for each event loop
// that serves the model, with that loop's share of the limits.
#pragma once

#include <boost/asio/io_context.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "llm/chat_model.h"
#include "llm/http_client.h"
#include "rollout/pricing.h"
#include "suite/suite.h"

namespace evp::runner {

struct ResolvedModel {
  suite::ModelSpec spec;
  std::string api_key;  // from spec.api_key_env; empty when none is named
  std::optional<rollout::Pricing> price;

  // Canned answers cost nothing to compute: one event loop serves them.
  bool canned() const { return spec.provider == "replay"; }
};

struct ModelResolution {
  std::vector<ResolvedModel> models;
  std::vector<std::string> notes;  // e.g. optional models skipped for a missing API key
};

// Throws evp::InputError (suite file and the model's line) when a required model cannot be
// used because its API key variable is unset.
ModelResolution resolve_models(const suite::Suite& suite);

// The ChatModel for `model` on the event loop `io`, enforcing `limits` (the loop's share of
// the model's limits). Throws evp::InputError naming file:line for a bad canned file.
std::unique_ptr<llm::ChatModel> make_chat_model(const ResolvedModel& model,
                                                const suite::ModelLimits& limits,
                                                boost::asio::io_context& io, llm::HttpClient& http);

}  // namespace evp::runner
