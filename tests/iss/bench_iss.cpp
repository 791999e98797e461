// Measures the ISS's speed on a tight loop of adds and b.n (programs/loop.s): the median of five
// runs of 300 M instructions, in millions of instructions per second of CPU time.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string_view>
#include <vector>

#include "m3lab/isa/iss.hpp"

namespace {
#include "programs.inc"
}

int main(int argc, char** argv) {
  using namespace m3::isa;
  uint64_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 0) : 300'000'000;
  // "adds" (default): programs/loop.s; "movs": programs/loop_movs.s, the cheapest semantic function,
  // which shows the step loop's own cost.
  bool movs = argc > 2 && std::string_view(argv[2]) == "movs";
  std::vector<double> mips;
  for (int run = 0; run < 5; ++run) {
    IssConfig cfg;
    cfg.max_steps = n;
    Iss iss(cfg);
    if (movs)
      iss.memory().host_write(0, kProg_loop_movs, sizeof kProg_loop_movs);
    else
      iss.memory().host_write(0, kProg_loop, sizeof kProg_loop);
    iss.reset();
    // CPU time of this process: the machine is shared, and wall time would count other jobs.
    std::clock_t t0 = std::clock();
    StopInfo s = iss.run();
    std::clock_t t1 = std::clock();
    if (s.reason != StopReason::StepLimit || iss.stats().instructions != n) {
      std::fprintf(stderr, "unexpected stop: %s\n", s.message.c_str());
      return 1;
    }
    double secs = static_cast<double>(t1 - t0) / CLOCKS_PER_SEC;
    mips.push_back(static_cast<double>(n) / secs / 1e6);
    std::printf("run %d: %.1f MIPS\n", run + 1, mips.back());
  }
  std::sort(mips.begin(), mips.end());
  std::printf("median: %.1f MIPS\n", mips[2]);
  return 0;
}
