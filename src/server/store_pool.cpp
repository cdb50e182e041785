// StorePool: idle connections on a stack under a mutex.
#include "server/store_pool.h"

namespace evp::server {

StorePool::StorePool(std::filesystem::path db) : db_(std::move(db)) {
  idle_.push_back(store::Store::open(db_));
}

StorePool::Lease::~Lease() {
  if (!store_) return;  // moved from
  std::lock_guard lock(pool_->mutex_);
  pool_->idle_.push_back(std::move(store_));
}

StorePool::Lease StorePool::borrow() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto store = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(store));
    }
  }
  return Lease(*this, store::Store::open(db_));
}

}  // namespace evp::server
