// The REST API of `evp ui` (docs/api.md): routes a request to its handler, which reads (or,
// for votes and annotations, writes) the store. Thread-safe: the transport calls handle() from
// several worker threads at once; each call borrows one of a small pool of store connections.
#pragma once

#include <filesystem>
#include <memory>
#include <vector>

#include "server/api_types.h"

namespace evp::server {

struct ApiOptions {
  // Votes per token: a bucket of `vote_burst` refilled at `votes_per_minute`.
  double votes_per_minute = 30;
  double vote_burst = 10;
};

class Api {
 public:
  // Opens (creating and migrating when needed) the store: throws std::runtime_error as
  // store::Store::open does.
  explicit Api(std::filesystem::path store, ApiOptions options = {});
  ~Api();
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  // Never throws: a bad request becomes its 4xx answer, anything else a 500 with the message.
  ApiResponse handle(const ApiRequest& request);
  // True for the requests that need the write token (every POST).
  static bool is_write(const ApiRequest& request);

  // The live updates since the previous call (the first call only takes a baseline and
  // returns nothing). The transport calls it every half second, from one thread at a time.
  std::vector<ApiEvent> poll_events();

  struct State;  // the pool, indexes and caches (api.cpp)

 private:
  std::unique_ptr<State> state_;
};

}  // namespace evp::server
