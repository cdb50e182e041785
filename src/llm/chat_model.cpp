// EndpointChatModel: forwards to ChatClient.
#include "llm/chat_model.h"

namespace evp::llm {

EndpointChatModel::EndpointChatModel(boost::asio::io_context& io, HttpClient& http,
                                     Endpoint endpoint)
    : client_(io, http, std::move(endpoint)) {}

boost::asio::awaitable<ChatResult> EndpointChatModel::complete(ChatRequest request,
                                                               std::string /*row_id*/,
                                                               int /*run*/) {
  co_return co_await client_.complete(std::move(request));
}

std::string EndpointChatModel::cache_identity() const {
  const Endpoint& e = client_.endpoint();
  // Streaming is part of what is measured (time to first token), so a streamed and a plain
  // model never answer from each other's entries.
  return dump_json(Json{
      {"base_url", e.base_url}, {"model", e.model}, {"params", e.params}, {"stream", e.stream}});
}

}  // namespace evp::llm
