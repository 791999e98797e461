// Small helpers shared by the bench programs.
#pragma once

#include <algorithm>
#include <cstddef>
#include <ctime>
#include <vector>

namespace m3::bench {

// The median of a set of measurements (runs on a noisy machine are summarised by it).
inline double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// CPU time of the calling thread, in seconds. On a shared machine the wall clock also counts the
// time other processes held the core; the thread's CPU time does not (cache and memory-bandwidth
// interference still show), so the benches print both.
inline double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace m3::bench
