// CacheKeyFilter: hex prefix parsing and a sorted-vector membership test.
#include "store/cache_key_filter.h"

#include <algorithm>

namespace evp::store {

std::optional<uint64_t> CacheKeyFilter::prefix_of(std::string_view key) {
  if (key.size() < 16) return std::nullopt;
  uint64_t value = 0;
  for (char c : key.substr(0, 16)) {
    int digit = 0;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else {
      return std::nullopt;
    }
    value = (value << 4) | static_cast<uint64_t>(digit);
  }
  return value;
}

void CacheKeyFilter::add(std::string_view key) {
  if (auto p = prefix_of(key)) {
    prefixes_.push_back(*p);
  } else {
    has_unsummarised_ = true;
  }
}

void CacheKeyFilter::seal() {
  std::sort(prefixes_.begin(), prefixes_.end());
  prefixes_.erase(std::unique(prefixes_.begin(), prefixes_.end()), prefixes_.end());
  prefixes_.shrink_to_fit();
}

bool CacheKeyFilter::may_contain(std::string_view key) const {
  auto p = prefix_of(key);
  if (!p) return has_unsummarised_;
  return std::binary_search(prefixes_.begin(), prefixes_.end(), *p);
}

}  // namespace evp::store
