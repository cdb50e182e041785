// CacheKeyFilter: which response-cache keys a store held when a run started, as sorted
// 64-bit key prefixes (8 bytes per entry), so a run asks SQLite only for keys that may be
// there. A fresh experiment's lookups then cost a binary search instead of a read
// transaction each (measured: about a fifth of a bench run's CPU went to missed lookups).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace evp::store {

class CacheKeyFilter {
 public:
  // Keys that are not hex digests cannot be summarised: the filter then says "maybe".
  void add(std::string_view key);
  // Call after the last add().
  void seal();
  // False only when the key was certainly not added.
  bool may_contain(std::string_view key) const;
  size_t size() const { return prefixes_.size(); }

 private:
  static std::optional<uint64_t> prefix_of(std::string_view key);
  std::vector<uint64_t> prefixes_;
  bool has_unsummarised_ = false;
};

}  // namespace evp::store
