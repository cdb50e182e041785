// Turns the suite's model specs into ChatModels: OpenAI-compatible endpoints (API key read
// from the named environment variable, never stored) or canned replay files.
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
  std::unique_ptr<llm::ChatModel> model;
  std::optional<rollout::Pricing> price;
};

struct ModelResolution {
  std::vector<ResolvedModel> models;
  std::vector<std::string> notes;  // e.g. optional models skipped for a missing API key
};

// Throws evp::InputError (suite file and the model's line) when a required model cannot be
// used, e.g. its API key variable is unset, or its canned file is unreadable.
ModelResolution resolve_models(const suite::Suite& suite, boost::asio::io_context& io,
                               llm::HttpClient& http);

}  // namespace evp::runner
