// Results that cost a pass over many rollouts (paired statistics, arena ratings), kept per key
// while the data they came from is unchanged (`version`: e.g. a rollout count or a battle
// count). Concurrent requests for one key wait for a single computation. Thread-safe.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "base/json.h"

namespace evp::server {

class ComputedCache {
 public:
  Json get(const std::string& key, const std::string& version,
           const std::function<Json()>& compute) {
    std::shared_ptr<Entry> e;
    {
      std::lock_guard lock(mutex_);
      auto& slot = entries_[key];
      if (!slot) slot = std::make_shared<Entry>();
      e = slot;
    }
    std::lock_guard lock(e->computing);
    if (!e->version || *e->version != version) {
      e->value = compute();
      e->version = version;
    }
    return e->value;
  }

 private:
  struct Entry {
    std::mutex computing;
    std::optional<std::string> version;
    Json value;
  };
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Entry>> entries_;
};

}  // namespace evp::server
