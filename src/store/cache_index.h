// CacheIndex: where the response cache's entries are, by a 64-bit hash of their key. A run
// loads it once from the narrow cache_keys table (16 bytes an entry in memory) and asks
// SQLite only for entries whose key hash matches, by id. The cache table has no SQLite index
// on its key: with random keys, every commit rewrote one 16 KB index page per new entry once
// the cache outgrew a batch (a third of a bench run's log writes); appends cost a fraction.
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace evp::store {

// FNV-1a over the key's bytes: stable across machines and versions (it is stored).
uint64_t cache_key_hash(std::string_view key);

class CacheIndex {
 public:
  void add(uint64_t key_hash, int64_t id);
  // Call after the last add().
  void seal();
  // The ids of the entries whose key has this hash, newest (largest id) first.
  std::vector<int64_t> find(uint64_t key_hash) const;
  size_t size() const { return entries_.size(); }

 private:
  std::vector<std::pair<uint64_t, int64_t>> entries_;  // sorted by (hash, id) once sealed
};

}  // namespace evp::store
