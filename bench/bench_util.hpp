// Small helpers shared by the bench programs.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace m3::bench {

// The median of a set of measurements (runs on a noisy machine are summarised by it).
inline double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

}  // namespace m3::bench
