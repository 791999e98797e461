// `m3lab run KERNEL.c --image IN` (docs/kernels.md): the kernel harness on the command line.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "m3lab/isa/diag.hpp"
#include "m3lab/isa/iss.hpp"
#include "m3lab/sim/machine.hpp"

namespace m3::cli {

struct KernelCmdOptions {
  std::string program;  // KERNEL.c
  std::string image;    // a file or pattern:NAME:WxH
  std::string out;      // output image (.png or PGM), optional
  std::string kernel = "kernel";
  std::vector<std::string> params;  // NAME=VALUE
  std::string engine = "iss";
  std::string config;
  bool check = false;
  int opt_level = 0;
  bool native = false;
  double clock_mhz = 72.0;
  uint64_t max_steps = 0;
  uint64_t max_cycles = 0;
  std::string stats_json;
  std::string trace_kanata;  // pipeline: a Kanata trace of the kernel's run
  std::string trace_vcd;     // pipeline: a VCD of the pipeline registers
};

int cmd_run_kernel(const KernelCmdOptions& o);

// Shared with `m3lab run PROGRAM` (main.cpp): the statistics as JSON, one writer for both.
nlohmann::ordered_json iss_stats_json(const isa::IssStats& s, const isa::StopInfo& stop);
nlohmann::ordered_json pipeline_stats_json(const sim::PipelineStats& s, const isa::StopInfo& stop);
bool write_json(const std::string& path, const nlohmann::ordered_json& j, Diagnostics& diags);

}  // namespace m3::cli
