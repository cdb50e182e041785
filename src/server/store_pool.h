// A pool of store connections for the API's worker threads: a handler borrows one for the
// length of a request (store::Store is one connection and not thread-safe) and the lease gives
// it back. Connections are opened as needed and kept; there are never more than the number of
// requests ever served at once.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "store/store.h"

namespace evp::server {

class StorePool {
 public:
  // Opens one connection now, so a store that cannot be opened fails at start.
  explicit StorePool(std::filesystem::path db);

  class Lease {
   public:
    Lease(StorePool& pool, std::unique_ptr<store::Store> store)
        : pool_(&pool), store_(std::move(store)) {}
    ~Lease();
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    store::Store& operator*() const { return *store_; }
    store::Store* operator->() const { return store_.get(); }

   private:
    StorePool* pool_;
    std::unique_ptr<store::Store> store_;
  };

  Lease borrow();
  const std::filesystem::path& path() const { return db_; }

 private:
  std::filesystem::path db_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<store::Store>> idle_;
};

}  // namespace evp::server
