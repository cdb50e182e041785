// resolve_models: which models run and with which keys; make_chat_model: one ChatModel.
#include "runner/model_factory.h"

#include <cstdlib>

#include "base/errors.h"
#include "llm/replay_model.h"

namespace evp::runner {
namespace {

llm::Endpoint endpoint_of(const ResolvedModel& model, const suite::ModelLimits& limits) {
  const suite::ModelSpec& spec = model.spec;
  llm::Endpoint e;
  e.base_url = spec.base_url;
  e.model = spec.model;
  e.api_key = model.api_key;
  e.params = spec.params;
  e.limits.concurrency = limits.concurrency;
  e.limits.rpm = limits.rpm;
  e.limits.tpm = limits.tpm;
  e.retry.max_attempts = spec.max_attempts;
  e.retry.timeout_s = spec.timeout_s;
  e.stream = spec.stream;
  return e;
}

}  // namespace

ModelResolution resolve_models(const suite::Suite& suite) {
  ModelResolution out;
  const std::string file = suite.file.string();
  for (size_t i = 0; i < suite.models.size(); ++i) {
    const suite::ModelSpec& spec = suite.models[i];
    ResolvedModel resolved;
    resolved.spec = spec;
    if (spec.price) {
      resolved.price = rollout::Pricing{spec.price->input_per_mtok, spec.price->output_per_mtok};
    }
    if (spec.provider != "replay" && !spec.api_key_env.empty()) {
      const char* value = std::getenv(spec.api_key_env.c_str());
      if (value == nullptr || *value == '\0') {
        if (spec.optional) {
          out.notes.push_back("skipped model " + spec.key + ": " + spec.api_key_env +
                              " is not set");
          continue;
        }
        throw InputError(file, spec.line, 0,
                         "models[" + std::to_string(i) + "] (" + spec.key +
                             "): environment variable " + spec.api_key_env +
                             " is not set (mark the model 'optional: true' to skip it)");
      }
      resolved.api_key = value;
    }
    out.models.push_back(std::move(resolved));
  }
  return out;
}

std::unique_ptr<llm::ChatModel> make_chat_model(const ResolvedModel& model,
                                                const suite::ModelLimits& limits,
                                                boost::asio::io_context& io,
                                                llm::HttpClient& http) {
  if (model.canned()) return std::make_unique<llm::ReplayChatModel>(io, model.spec.responses);
  return std::make_unique<llm::EndpointChatModel>(io, http, endpoint_of(model, limits));
}

}  // namespace evp::runner
