// The one plain C++ facade through which the CLI, the GUI, the batch runner and tests reach the
// SystemC pipeline. No SystemC headers leak through it.
//
// SystemC allows one elaborated design per process and cannot re-elaborate after simulation has
// started; a Machine therefore elaborates its platform once and is reconfigured (new program, new
// config) through load()/reset() rather than rebuilt. Create at most one Machine per process;
// batch runs use one process per worker.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include "m3lab/isa/diag.hpp"
#include "m3lab/isa/elf.hpp"
#include "m3lab/isa/iss.hpp"
#include "m3lab/sim/config.hpp"
#include "m3lab/sim/observer.hpp"

namespace m3::sim {

struct PipelineStats {
  uint64_t cycles = 0;
  uint64_t instructions = 0;  // retired, counted exactly as the ISS counts them
  std::array<uint64_t, static_cast<size_t>(isa::IClass::Count)> by_class{};
  struct {
    uint64_t load_use = 0, raw = 0, structural = 0, multicycle = 0, icache = 0, dcache = 0;
  } stalls;
  uint64_t flushes = 0;
  struct {
    uint64_t total = 0, mispredicted = 0;
  } branches;
  std::array<uint64_t, static_cast<size_t>(ForwardPath::Count)> forwards{};
  CacheCounters icache, dcache;  // accesses, hits, misses, evictions, writebacks (cache.hpp)
  uint64_t exceptions = 0;
  double cpi() const { return instructions ? static_cast<double>(cycles) / static_cast<double>(instructions) : 0.0; }
};

// Why a pipeline run stopped. Exit/Fault/Breakpoint mean what they mean for the ISS;
// CycleLimit replaces the ISS's StepLimit; Divergence is a lock-step check failure (an m3lab bug).
struct RunResult {
  isa::StopInfo stop;        // reason Exit/Fault/Breakpoint as for the ISS; StepLimit = cycle limit
  bool cycle_limit = false;  // stop.reason == StepLimit because --max-cycles was reached
  bool diverged = false;     // the lock-step check failed; message has both views
  std::string divergence;
};

class Machine {
 public:
  Machine();
  ~Machine();
  Machine(const Machine&) = delete;
  Machine& operator=(const Machine&) = delete;

  // Loads a program and a configuration and resets the machine (caches, predictor, pipeline,
  // memory, statistics) as the hardware resets: SP and PC from the vector table.
  bool load(const isa::ElfImage& image, const MachineConfig& cfg, Diagnostics& diags, const std::string& name);
  void reset();
  // Calls a function per the AAPCS instead of starting from reset (used by image kernels).
  void call(uint32_t func_addr, const std::vector<uint32_t>& args, uint32_t sp);

  void set_io(isa::SemihostIo io);
  // With an observer the core synchronises with the SystemC kernel every cycle; without one it
  // runs decoupled, synchronising every quantum (timing is identical either way).
  void set_observer(Observer* obs);
  // Lock-step co-simulation against the ISS: every retirement is compared (registers written,
  // flags, memory writes, next PC); the first divergence stops the run.
  void set_check(bool on);
  // VCD of the pipeline registers' key fields through sc_trace; call before the first run.
  bool trace_vcd(const std::string& path, Diagnostics& diags);

  // Runs until the program stops or max_cycles (0 = no limit) cycles have elapsed in total.
  RunResult run(uint64_t max_cycles = 0);
  // Advances exactly one cycle; returns true while the program is still running.
  bool step_cycle();

  const PipelineStats& stats() const;
  uint64_t cycle() const;
  isa::Cpu& cpu();
  isa::Memory& memory();

  // Whole-machine state (CPU, memory, pipeline registers, caches, predictor, statistics).
  struct Checkpoint;
  std::shared_ptr<const Checkpoint> checkpoint() const;
  void restore(const Checkpoint& c);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace m3::sim
