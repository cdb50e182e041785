// Edit distance and nearest-key suggestion (see closest_key.h).
#include "suite/closest_key.h"

#include <algorithm>
#include <cctype>

namespace evp::suite {

size_t edit_distance(std::string_view a, std::string_view b) {
  auto lower = [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  };
  const size_t n = a.size(), m = b.size();
  std::vector<std::vector<size_t>> d(n + 1, std::vector<size_t>(m + 1));
  for (size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      const size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
          lower(a[i - 2]) == lower(b[j - 1])) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[n][m];
}

std::optional<std::string> closest_key(std::string_view unknown,
                                       const std::vector<std::string_view>& known) {
  std::optional<std::string> best;
  size_t best_distance = 0;
  for (std::string_view k : known) {
    const size_t d = edit_distance(unknown, k);
    const size_t allowed = std::max<size_t>(1, k.size() / 3);
    if (d <= allowed && (!best || d < best_distance)) {
      best = std::string(k);
      best_distance = d;
    }
  }
  return best;
}

}  // namespace evp::suite
