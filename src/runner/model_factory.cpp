// resolve_models: one ChatModel per usable ModelSpec.
#include "runner/model_factory.h"

#include <cstdlib>

#include "base/errors.h"
#include "llm/replay_model.h"

namespace evp::runner {
namespace {

llm::Endpoint endpoint_of(const suite::ModelSpec& spec, std::string api_key) {
  llm::Endpoint e;
  e.base_url = spec.base_url;
  e.model = spec.model;
  e.api_key = std::move(api_key);
  e.params = spec.params;
  e.limits.concurrency = spec.limits.concurrency;
  e.limits.rpm = spec.limits.rpm;
  e.limits.tpm = spec.limits.tpm;
  e.retry.max_attempts = spec.max_attempts;
  e.retry.timeout_s = spec.timeout_s;
  e.stream = spec.stream;
  return e;
}

}  // namespace

ModelResolution resolve_models(const suite::Suite& suite, boost::asio::io_context& io,
                               llm::HttpClient& http) {
  ModelResolution out;
  const std::string file = suite.file.string();
  for (size_t i = 0; i < suite.models.size(); ++i) {
    const suite::ModelSpec& spec = suite.models[i];
    const std::string where = "models[" + std::to_string(i) + "] (" + spec.key + ")";
    ResolvedModel resolved;
    resolved.spec = spec;
    if (spec.price) resolved.price = rollout::Pricing{spec.price->input_per_mtok, spec.price->output_per_mtok};
    if (spec.provider == "replay") {
      resolved.model = std::make_unique<llm::ReplayChatModel>(io, spec.responses);
    } else {
      std::string key;
      if (!spec.api_key_env.empty()) {
        const char* value = std::getenv(spec.api_key_env.c_str());
        if (value == nullptr || *value == '\0') {
          if (spec.optional) {
            out.notes.push_back("skipped model " + spec.key + ": " + spec.api_key_env +
                                " is not set");
            continue;
          }
          throw InputError(file, spec.line, 0,
                           where + ": environment variable " + spec.api_key_env +
                               " is not set (mark the model 'optional: true' to skip it)");
        }
        key = value;
      }
      resolved.model = std::make_unique<llm::EndpointChatModel>(io, http, endpoint_of(spec, key));
    }
    out.models.push_back(std::move(resolved));
  }
  return out;
}

}  // namespace evp::runner
