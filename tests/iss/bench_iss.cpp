// Measures the ISS's speed on a tight loop of adds and b.n (programs/loop.s): the median of five
// runs of 300 M instructions, in millions of instructions per second.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "m3lab/isa/iss.hpp"

namespace {
#include "programs.inc"
}

int main(int argc, char** argv) {
  using namespace m3::isa;
  uint64_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 0) : 300'000'000;
  std::vector<double> mips;
  for (int run = 0; run < 5; ++run) {
    IssConfig cfg;
    cfg.max_steps = n;
    Iss iss(cfg);
    iss.memory().host_write(0, kProg_loop, sizeof kProg_loop);
    iss.reset();
    auto t0 = std::chrono::steady_clock::now();
    StopInfo s = iss.run();
    auto t1 = std::chrono::steady_clock::now();
    if (s.reason != StopReason::StepLimit || iss.stats().instructions != n) {
      std::fprintf(stderr, "unexpected stop: %s\n", s.message.c_str());
      return 1;
    }
    double secs = std::chrono::duration<double>(t1 - t0).count();
    mips.push_back(static_cast<double>(n) / secs / 1e6);
    std::printf("run %d: %.1f MIPS\n", run + 1, mips.back());
  }
  std::sort(mips.begin(), mips.end());
  std::printf("median: %.1f MIPS\n", mips[2]);
  return 0;
}
