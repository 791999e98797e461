// Pipeline speed benchmark: runs bench/conv_bench.c (built with arm-none-eabi-gcc -O2) on the
// cycle-level pipeline through m3::sim::Machine
//   (a) decoupled: no observer, statistics only (the core synchronises with SystemC per quantum),
//   (b) with a minimal observer that only counts its calls (synchronised every cycle),
// and (c) on the functional simulator (m3::isa::Iss), several times each; prints the median speed
// in millions of simulated cycles per second and millions of instructions per second.
//
// (a) and (b) must take the same number of cycles (the observer only watches): if they do not,
// that is an m3lab bug and the program says so and fails.
//
//   pipe_speed [--runs N] [--elf conv_bench.elf] [--max-cycles N] [--config machine.yaml]
//              [--no-observer] [--no-decoupled] [--no-iss]
#include "bench_util.hpp"
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "m3lab/isa/diag.hpp"
#include "m3lab/isa/elf.hpp"
#include "m3lab/isa/iss.hpp"
#include "m3lab/sim/config.hpp"
#include "m3lab/sim/machine.hpp"
#include "m3lab/sim/observer.hpp"

namespace {

using Clock = std::chrono::steady_clock;

using m3::bench::median;

// The cheapest observer that still makes the machine report every cycle.
struct CountingObserver final : m3::sim::Observer {
  uint64_t calls = 0;
  void begin_cycle(uint64_t) override { ++calls; }
  void stage(m3::sim::Stage, const m3::sim::StageState&) override { ++calls; }
  void forward(const m3::sim::ForwardEvent&) override { ++calls; }
  void hazard(const m3::sim::HazardEvent&) override { ++calls; }
  void reg_write(uint64_t, uint8_t, uint32_t) override { ++calls; }
  void flags_write(uint64_t, uint32_t) override { ++calls; }
  void cache_access(const m3::sim::CacheEvent&) override { ++calls; }
  void retire(const m3::sim::RetireEvent&) override { ++calls; }
  void end_cycle(uint64_t) override { ++calls; }
};

struct Run {
  double seconds = 0;
  uint64_t cycles = 0;
  uint64_t instructions = 0;
  bool ok = false;
};

Run run_pipeline(m3::sim::Machine& m, const m3::isa::ElfImage& image, const m3::sim::MachineConfig& cfg,
                 const std::string& name, m3::sim::Observer* obs, uint64_t max_cycles) {
  Run r;
  m3::Diagnostics diags;
  if (!m.load(image, cfg, diags, name)) {
    std::fprintf(stderr, "%s", diags.str().c_str());
    return r;
  }
  m.set_observer(obs);
  const auto t0 = Clock::now();
  const m3::sim::RunResult res = m.run(max_cycles);
  r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  r.cycles = m.stats().cycles;
  r.instructions = m.stats().instructions;
  r.ok = res.stop.reason == m3::isa::StopReason::Exit || (max_cycles && res.cycle_limit);
  if (!r.ok)
    std::fprintf(stderr, "pipe_speed: the pipeline stopped abnormally: %s%s\n", res.stop.message.c_str(),
                 res.diverged ? (" " + res.divergence).c_str() : "");
  m.set_observer(nullptr);
  return r;
}

Run run_iss(const m3::isa::ElfImage& image, const m3::isa::MemoryConfig& map, const std::string& name) {
  Run r;
  m3::isa::IssConfig icfg;
  icfg.map = map;
  m3::isa::Iss iss(icfg);
  iss.set_io({[](int, const char*, size_t) {}});
  m3::Diagnostics diags;
  if (!iss.load(image, diags, name)) {
    std::fprintf(stderr, "%s", diags.str().c_str());
    return r;
  }
  iss.reset();
  const auto t0 = Clock::now();
  const m3::isa::StopInfo stop = iss.run();
  r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  r.instructions = iss.stats().instructions;
  r.ok = stop.reason == m3::isa::StopReason::Exit;
  if (!r.ok) std::fprintf(stderr, "pipe_speed: the ISS stopped abnormally: %s\n", stop.message.c_str());
  return r;
}

void report(const char* what, const std::vector<Run>& runs) {
  std::vector<double> mcps, mips;
  for (const Run& r : runs) {
    mcps.push_back(static_cast<double>(r.cycles) / r.seconds / 1e6);
    mips.push_back(static_cast<double>(r.instructions) / r.seconds / 1e6);
  }
  if (runs.front().cycles)
    std::printf("%-22s median %7.2f M cycles/s, %7.2f M instr/s (%llu cycles, %llu instructions, CPI %.3f)\n",
                what, median(mcps), median(mips), static_cast<unsigned long long>(runs.front().cycles),
                static_cast<unsigned long long>(runs.front().instructions),
                static_cast<double>(runs.front().cycles) / static_cast<double>(runs.front().instructions));
  else
    std::printf("%-22s median %7.2f M instr/s (%llu instructions)\n", what, median(mips),
                static_cast<unsigned long long>(runs.front().instructions));
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 5;
  std::string elf = M3LAB_BENCH_ELF, config;
  uint64_t max_cycles = 0;
  bool with_observer = true, with_decoupled = true, with_iss = true;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "pipe_speed: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--runs")
      runs = std::max(1, std::atoi(value().c_str()));
    else if (a == "--elf")
      elf = value();
    else if (a == "--max-cycles")
      max_cycles = std::strtoull(value().c_str(), nullptr, 0);
    else if (a == "--config")
      config = value();
    else if (a == "--no-observer")
      with_observer = false;
    else if (a == "--no-decoupled")
      with_decoupled = false;
    else if (a == "--no-iss")
      with_iss = false;
    else {
      std::fprintf(stderr,
                   "usage: pipe_speed [--runs N] [--elf FILE] [--max-cycles N] [--config machine.yaml] "
                   "[--no-observer] [--no-decoupled] [--no-iss]\n");
      return 2;
    }
  }

  m3::Diagnostics diags;
  m3::sim::MachineConfig cfg;
  if (!config.empty()) {
    cfg = m3::sim::load_machine_config(config, diags);
    if (diags.has_errors()) {
      std::fprintf(stderr, "%s", diags.str().c_str());
      return 1;
    }
  }
  m3::isa::MemoryConfig map;
  map.code_size = cfg.memory.code_size;
  map.sram_size = cfg.memory.sram_size;
  map.ext_size = cfg.memory.ext_size;
  const auto image = m3::isa::read_elf(elf, map, diags);
  if (!image) {
    std::fprintf(stderr, "%s", diags.str().c_str());
    return 1;
  }

  // One Machine for every run: SystemC elaborates a design once per process (machine.hpp).
  m3::sim::Machine machine;
  machine.set_io({[](int, const char*, size_t) {}});
  machine.set_check(false);

  std::vector<Run> plain, observed, iss;
  for (int i = 0; i < (with_decoupled ? runs : 0); ++i) {
    const Run r = run_pipeline(machine, *image, cfg, elf, nullptr, max_cycles);
    if (!r.ok) return 1;
    plain.push_back(r);
    std::printf("pipeline          run %d: %.3f s, %llu cycles, %.2f M cycles/s\n", i + 1, r.seconds,
                static_cast<unsigned long long>(r.cycles), static_cast<double>(r.cycles) / r.seconds / 1e6);
  }
  CountingObserver counter;
  if (with_observer) {
    for (int i = 0; i < runs; ++i) {
      counter.calls = 0;
      const Run r = run_pipeline(machine, *image, cfg, elf, &counter, max_cycles);
      if (!r.ok) return 1;
      observed.push_back(r);
      std::printf("pipeline+observer run %d: %.3f s, %llu cycles, %.2f M cycles/s, %.1f calls/cycle\n", i + 1,
                  r.seconds, static_cast<unsigned long long>(r.cycles),
                  static_cast<double>(r.cycles) / r.seconds / 1e6,
                  static_cast<double>(counter.calls) / static_cast<double>(r.cycles));
      if (with_decoupled && (r.cycles != plain.front().cycles || r.instructions != plain.front().instructions)) {
        std::fprintf(stderr,
                     "pipe_speed: %llu cycles with an observer, %llu without: timing must not depend on "
                     "observing (an m3lab bug)\n",
                     static_cast<unsigned long long>(r.cycles), static_cast<unsigned long long>(plain.front().cycles));
        return 1;
      }
    }
  }
  if (with_iss) {
    for (int i = 0; i < runs; ++i) {
      const Run r = run_iss(*image, map, elf);
      if (!r.ok) return 1;
      iss.push_back(r);
      std::printf("iss               run %d: %.3f s, %llu instructions, %.1f MIPS\n", i + 1, r.seconds,
                  static_cast<unsigned long long>(r.instructions),
                  static_cast<double>(r.instructions) / r.seconds / 1e6);
    }
  }

  std::printf("\n");
  if (with_decoupled) report("pipeline (decoupled)", plain);
  if (with_observer) report("pipeline + observer", observed);
  if (with_iss) report("ISS", iss);
  if (with_decoupled && with_iss && !max_cycles && iss.front().instructions != plain.front().instructions)
    std::printf("note: the ISS counted %llu instructions, the pipeline %llu\n",
                static_cast<unsigned long long>(iss.front().instructions),
                static_cast<unsigned long long>(plain.front().instructions));
  return 0;
}
