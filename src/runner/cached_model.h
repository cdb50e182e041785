// CachedChatModel: a ChatModel decorator that answers from the store's response cache when
// the same endpoint, model, params, messages, tools and run index were asked before (so
// repeated runs stay independent samples), and records new answers in the cache.
#pragma once

#include "llm/chat_model.h"
#include "store/store.h"
#include "store/store_writer.h"

namespace evp::runner {

class CachedChatModel : public llm::ChatModel {
 public:
  // `known` holds the entries `reader` had when the run started: only those are looked up.
  CachedChatModel(llm::ChatModel& inner, store::Store& reader, const store::CacheIndex& known,
                  store::StoreWriter& writer)
      : inner_(inner),
        reader_(reader),
        known_(known),
        writer_(writer),
        identity_(inner.cache_identity()) {}

  boost::asio::awaitable<llm::ChatResult> complete(llm::ChatRequest request, std::string row_id,
                                                   int run) override;
  std::string cache_identity() const override { return identity_; }

  long long hits() const { return hits_; }

 private:
  llm::ChatModel& inner_;
  store::Store& reader_;
  const store::CacheIndex& known_;
  store::StoreWriter& writer_;
  std::string identity_;
  long long hits_ = 0;
};

// What the cache keeps of an answer: the message as sent, finish_reason, usage, latency and
// (streamed) time to first token, as JSON text; and the answer read back (attempts 0 marks
// it as cached).
std::string cached_answer_json(const llm::ChatResult& result);
llm::ChatResult cached_answer_from_json(const Json& cached);

// The cache key of one request: the first 128 bits of SHA-256 over identity, messages,
// tools and run, in hex.
std::string response_cache_key(const std::string& identity, const llm::ChatRequest& request,
                               int run);

}  // namespace evp::runner
