// CacheIndex: FNV-1a key hashes and a sorted (hash, id) vector.
#include "store/cache_index.h"

#include <algorithm>

namespace evp::store {

uint64_t cache_key_hash(std::string_view key) {
  uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a 64-bit offset basis and prime
  for (const char c : key) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

void CacheIndex::add(uint64_t key_hash, int64_t id) {
  entries_.emplace_back(key_hash, id);
}

void CacheIndex::seal() {
  std::sort(entries_.begin(), entries_.end());
  entries_.shrink_to_fit();
}

std::vector<int64_t> CacheIndex::find(uint64_t key_hash) const {
  const auto lo = std::lower_bound(entries_.begin(), entries_.end(),
                                   std::pair<uint64_t, int64_t>(key_hash, INT64_MIN));
  std::vector<int64_t> ids;
  for (auto it = lo; it != entries_.end() && it->first == key_hash; ++it) ids.push_back(it->second);
  std::reverse(ids.begin(), ids.end());
  return ids;
}

}  // namespace evp::store
