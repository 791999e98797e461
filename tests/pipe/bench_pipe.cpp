// Pipeline speed (a measurement, not a test): simulated cycles per second of host time, decoupled
// (no observer) and with a minimal observer (per-cycle kernel synchronisation).
//   build/tests/pipe/bench_pipe PROGRAM.elf [max_cycles]
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "m3lab/isa/elf.hpp"
#include "m3lab/sim/machine.hpp"

namespace {
struct Minimal : m3::sim::Observer {
  uint64_t retired = 0;
  void retire(const m3::sim::RetireEvent&) override { ++retired; }
};
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_pipe PROGRAM.elf [max_cycles]\n");
    return 2;
  }
  uint64_t max_cycles = argc > 2 ? std::strtoull(argv[2], nullptr, 0) : 50'000'000;
  m3::Diagnostics diags;
  auto img = m3::isa::read_elf(argv[1], m3::isa::MemoryConfig{}, diags);
  if (!img) {
    std::fputs(diags.str().c_str(), stderr);
    return 1;
  }
  m3::sim::Machine m;
  m.set_io(m3::isa::SemihostIo{[](int, const char*, size_t) {}});
  Minimal obs;
  for (int mode = 0; mode < 2; ++mode) {
    if (!m.load(*img, m3::sim::MachineConfig{}, diags, argv[1])) return 1;
    m.set_observer(mode ? &obs : nullptr);
    // Process CPU time: the host is shared, wall-clock time measures the neighbours too.
    std::clock_t c0 = std::clock();
    auto t0 = std::chrono::steady_clock::now();
    m.run(mode ? max_cycles / 5 : max_cycles);
    double s = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    double w = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("%-18s %11llu cycles  cpu %7.3f s (%6.2f M cycles/s)  wall %7.3f s\n",
                mode ? "minimal observer:" : "decoupled:", static_cast<unsigned long long>(m.cycle()), s,
                m.cycle() / s / 1e6, w);
  }
  return 0;
}
