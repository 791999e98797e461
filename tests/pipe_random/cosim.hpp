// Co-simulation of one generated program on the pipeline (lock-step checked against the ISS
// inside the Machine) and, for the retired count and the exit, on the ISS alone.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "m3lab/isa/elf.hpp"
#include "m3lab/isa/iss.hpp"
#include "m3lab/sim/config.hpp"
#include "m3lab/sim/machine.hpp"

namespace m3::pipetest {

struct NamedConfig {
  std::string name;  // "fwd/2bit/caches", ...
  sim::MachineConfig cfg;
};

// forwarding on/off x static-nt/btfn/1bit/2bit x caches on/off (16). With `wide`, also branch
// resolution in ID and unified memory (64).
std::vector<NamedConfig> cosim_configs(bool wide = false);

struct CosimResult {
  bool ok = false;
  std::string what;  // why not ok: assembly error, divergence text, exit or count mismatch
  uint64_t iss_instructions = 0;
  uint64_t pipe_instructions = 0;
  uint64_t cycles = 0;
};

// A program assembled and run on the ISS once, to be co-simulated under many configurations.
struct Prepared {
  bool ok = false;
  std::string what;  // why not ok
  std::string name;
  isa::ElfImage image;
  isa::StopInfo iss_stop;
  uint64_t iss_instructions = 0;
};
Prepared prepare(const std::string& src, const std::string& name);

// Runs a prepared program on `m` under `cfg` with set_check(true) and compares with the ISS run.
CosimResult cosim(sim::Machine& m, const Prepared& p, const sim::MachineConfig& cfg,
                  uint64_t max_cycles = 20'000'000);

}  // namespace m3::pipetest
