// m3lab: the command-line front end. It only parses options and wires the libraries together;
// everything it does is available to the GUI and tests through the same libraries.
//
// Exit status (docs/cli.md):
//   the program's own exit code (SYS_EXIT / SYS_EXIT_EXTENDED, & 0xff, as QEMU reports it)
//   124  the run hit --max-steps (--max-cycles for the pipeline)
//   125  the simulated program faulted with no handler (or locked up)
//   126  the input could not be loaded: bad ELF, assembly errors, unreadable file
//   70   the pipeline's lock-step check (--check) diverged from the ISS: an m3lab bug
//   2    bad command line
// Simulator-level failures also print one "m3lab: ..." line on stderr, and --stats-json records
// "stop"; those two tell them apart from a program that happens to exit with 124-126 itself.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <algorithm>
#include <optional>
#include <sstream>
#include <string>

#include "m3lab/compiler/compiler.hpp"
#include "m3lab/isa/assembler.hpp"
#include "m3lab/isa/diag.hpp"
#include "m3lab/isa/elf.hpp"
#include "m3lab/isa/iss.hpp"
#include "m3lab/isa/listing.hpp"
#include "m3lab/sim/kanata.hpp"
#include "m3lab/sim/config.hpp"
#include "m3lab/sim/machine.hpp"
#include "cli_common.hpp"
#include "kernel_cmd.hpp"
#include "batch_cmd.hpp"

namespace {

using m3::cli::kExitDivergence;
using m3::cli::kExitFault;
using m3::cli::kExitLoad;
using m3::cli::kExitStepLimit;
using m3::cli::kExitUsage;
using m3::cli::print_diags;

using m3::Diagnostics;
namespace isa = m3::isa;

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_assembly(const std::string& path) {
  return ends_with(path, ".s") || ends_with(path, ".S") || ends_with(path, ".asm");
}

bool is_c_source(const std::string& path) { return ends_with(path, ".c"); }

std::optional<std::string> read_text(const std::string& path, Diagnostics& diags) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.error(path, 0, 0, "cannot open file");
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Compiles C to assembly text (m3lab cc; docs/language.md).
std::optional<std::string> compile_c(const std::string& path, int opt_level, const std::string& dump_after,
                                     Diagnostics& diags) {
  auto src = read_text(path, diags);
  if (!src) return std::nullopt;
  m3::cc::CompileOptions opt;
  opt.opt_level = opt_level;
  opt.dump_after = dump_after;
  auto r = m3::cc::compile(*src, path, opt, diags);
  if (!r) return std::nullopt;
  if (!dump_after.empty()) std::fputs(r->dump.c_str(), stdout);
  return std::move(r->assembly);
}

// Loads PROG.elf, assembles PROG.s or compiles PROG.c, into an ELF image.
std::optional<isa::ElfImage> load_program(const std::string& path, const isa::MemoryConfig& map, Diagnostics& diags,
                                          int opt_level = 0) {
  if (is_c_source(path)) {
    auto text = compile_c(path, opt_level, "", diags);
    if (!text) return std::nullopt;
    isa::AsmOptions opt;
    opt.map = map;
    auto r = isa::assemble(*text, path + ".s", opt, diags);
    if (!r) return std::nullopt;
    return std::move(r->image);
  }
  if (is_assembly(path)) {
    auto src = read_text(path, diags);
    if (!src) return std::nullopt;
    isa::AsmOptions opt;
    opt.map = map;
    auto r = isa::assemble(*src, path, opt, diags);
    if (!r) return std::nullopt;
    return std::move(r->image);
  }
  return isa::read_elf(path, map, diags);
}

int cmd_asm(const std::string& in, const std::string& out) {
  Diagnostics diags;
  auto src = read_text(in, diags);
  std::optional<isa::AsmResult> r;
  if (src) r = isa::assemble(*src, in, isa::AsmOptions{}, diags);
  if (r) isa::write_elf(r->image, out, diags);
  print_diags(diags);
  return diags.has_errors() ? 1 : 0;
}

int cmd_disasm(const std::string& in) {
  Diagnostics diags;
  auto image = load_program(in, isa::MemoryConfig{}, diags);
  if (!image) {
    print_diags(diags);
    return 1;
  }
  std::fputs(isa::disassemble_image(*image).c_str(), stdout);
  print_diags(diags);
  return 0;
}

struct CcOptions {
  std::string input, output;
  bool asm_only = false;  // -S
  int opt_level = 0;
  std::string dump_after;
  int level() const { return opt_level; }
};

// m3lab cc FILE.c [-O0|-O1|-O2] (-S -o FILE.s | -o FILE.elf)
int cmd_cc(const CcOptions& co) {
  Diagnostics diags;
  auto text = compile_c(co.input, co.level(), co.dump_after, diags);
  if (!text) {
    print_diags(diags);
    return 1;
  }
  std::string out = co.output;
  if (out.empty()) {
    std::string stem = ends_with(co.input, ".c") ? co.input.substr(0, co.input.size() - 2) : co.input;
    out = stem + (co.asm_only ? ".s" : ".elf");
  }
  if (co.asm_only) {
    if (out == "-") {
      std::fputs(text->c_str(), stdout);
    } else {
      std::ofstream f(out);
      if (!f || !(f << *text)) diags.error(out, 0, 0, "cannot write the output file");
    }
  } else {
    auto r = isa::assemble(*text, co.input + ".s", isa::AsmOptions{}, diags);
    if (r) isa::write_elf(r->image, out, diags);
  }
  print_diags(diags);
  return diags.has_errors() ? 1 : 0;
}

struct RunOptions {
  std::string program;
  std::string engine = "iss";
  uint64_t max_steps = 0;
  std::string stats_json;
  // --engine pipeline
  std::string config;
  bool check = false;
  std::string trace_vcd;
  std::string trace_kanata;
  uint64_t max_cycles = 0;
  int opt_level = 0;  // for a .c program
  // Kernel harness (kernel_cmd.cpp): with --image, PROGRAM is an image kernel.
  m3::cli::KernelCmdOptions kernel;
};

const char* stop_name(isa::StopReason r) {
  switch (r) {
    case isa::StopReason::Running: return "running";
    case isa::StopReason::Exit: return "exit";
    case isa::StopReason::Fault: return "fault";
    case isa::StopReason::StepLimit: return "step_limit";
    case isa::StopReason::Breakpoint: return "breakpoint";
  }
  return "?";
}

}  // namespace

namespace m3::cli {

// Writes JSON to a file, or to stderr for "-" (stdout carries the program's own output).
bool write_json(const std::string& path, const nlohmann::ordered_json& j, Diagnostics& diags) {
  std::string text = j.dump(2) + "\n";
  if (path == "-") {
    std::fflush(stdout);
    std::fputs(text.c_str(), stderr);
    return true;
  }
  std::ofstream out(path);
  if (!out || !(out << text)) {
    diags.error(path, 0, 0, "cannot write the stats file");
    return false;
  }
  return true;
}

nlohmann::ordered_json iss_stats_json(const isa::IssStats& s, const isa::StopInfo& stop) {
  nlohmann::ordered_json j;
  j["engine"] = "iss";
  j["instructions"] = s.instructions;
  nlohmann::ordered_json by_class;
  for (size_t k = 0; k < s.by_class.size(); ++k) by_class[isa::iclass_name(static_cast<isa::IClass>(k))] = s.by_class[k];
  j["instructions_by_class"] = by_class;
  j["exceptions"] = s.exceptions;
  j["stop"] = stop_name(stop.reason);
  if (stop.reason == isa::StopReason::Exit) j["exit_code"] = stop.exit_code;
  if (!stop.message.empty()) j["message"] = stop.message;
  return j;
}

// The ISS's keys, then the pipeline's (docs/pipeline.md, "Stats keys").
nlohmann::ordered_json pipeline_stats_json(const m3::sim::PipelineStats& s, const isa::StopInfo& stop) {
  namespace sim = m3::sim;
  nlohmann::ordered_json j;
  j["engine"] = "pipeline";
  j["instructions"] = s.instructions;
  nlohmann::ordered_json by_class;
  for (size_t k = 0; k < s.by_class.size(); ++k) by_class[isa::iclass_name(static_cast<isa::IClass>(k))] = s.by_class[k];
  j["instructions_by_class"] = by_class;
  j["exceptions"] = s.exceptions;
  j["stop"] = stop_name(stop.reason);
  if (stop.reason == isa::StopReason::Exit) j["exit_code"] = stop.exit_code;
  if (!stop.message.empty()) j["message"] = stop.message;
  j["cycles"] = s.cycles;
  j["cpi"] = s.cpi();
  j["stalls"] = {{"load_use", s.stalls.load_use}, {"raw", s.stalls.raw},
                 {"structural", s.stalls.structural}, {"multicycle", s.stalls.multicycle},
                 {"icache", s.stalls.icache}, {"dcache", s.stalls.dcache}};
  j["flushes"] = s.flushes;
  j["branches"] = {{"total", s.branches.total}, {"mispredicted", s.branches.mispredicted}};
  nlohmann::ordered_json fw;
  for (size_t k = 0; k < s.forwards.size(); ++k) fw[sim::forward_path_name(static_cast<sim::ForwardPath>(k))] = s.forwards[k];
  j["forwards"] = fw;
  auto cache = [](const m3::sim::CacheCounters& c) {
    return nlohmann::ordered_json{{"accesses", c.accesses}, {"hits", c.hits}, {"misses", c.misses},
                                  {"evictions", c.evictions}, {"writebacks", c.writebacks}};
  };
  j["icache"] = cache(s.icache);
  j["dcache"] = cache(s.dcache);
  return j;
}

}  // namespace m3::cli

namespace {

using m3::cli::pipeline_stats_json;
using m3::cli::write_json;

bool write_stats(const std::string& path, const isa::Iss& iss, const isa::StopInfo& stop, Diagnostics& diags) {
  return write_json(path, m3::cli::iss_stats_json(iss.stats(), stop), diags);
}

int cmd_run_pipeline(const RunOptions& ro) {
  namespace sim = m3::sim;
  Diagnostics diags;
  sim::MachineConfig mcfg;
  if (!ro.config.empty()) {
    mcfg = sim::load_machine_config(ro.config, diags);
    if (diags.has_errors()) {
      print_diags(diags);
      std::fprintf(stderr, "m3lab: bad machine configuration %s\n", ro.config.c_str());
      return kExitLoad;
    }
  }
  const isa::MemoryConfig map = sim::memory_map(mcfg);
  auto image = load_program(ro.program, map, diags, ro.opt_level);
  if (!image) {
    print_diags(diags);
    std::fprintf(stderr, "m3lab: cannot load %s\n", ro.program.c_str());
    return kExitLoad;
  }
  sim::Machine machine;
  machine.set_io(isa::SemihostIo{[](int fd, const char* data, size_t n) {
    std::fwrite(data, 1, n, fd == 2 ? stderr : stdout);
  }});
  if (!ro.trace_vcd.empty() && !machine.trace_vcd(ro.trace_vcd, diags)) {
    print_diags(diags);
    return kExitLoad;
  }
  if (!machine.load(*image, mcfg, diags, ro.program)) {
    print_diags(diags);
    std::fprintf(stderr, "m3lab: cannot load %s\n", ro.program.c_str());
    return kExitLoad;
  }
  machine.set_check(ro.check);
  std::unique_ptr<sim::KanataWriter> kanata;
  if (!ro.trace_kanata.empty()) {
    kanata = sim::KanataWriter::open(ro.trace_kanata, diags);
    if (!kanata) {
      print_diags(diags);
      return kExitLoad;
    }
    machine.set_observer(kanata.get());
  }
  sim::RunResult r = machine.run(ro.max_cycles);
  if (kanata && !kanata->finish(diags)) print_diags(diags);
  std::fflush(stdout);
  const isa::StopInfo& stop = r.stop;
  int status = 0;
  if (r.diverged) {
    std::fprintf(stderr, "m3lab: internal error (pipeline and ISS disagree): %s\n", r.divergence.c_str());
    status = kExitDivergence;
  } else {
    switch (stop.reason) {
      case isa::StopReason::Exit: status = stop.exit_code & 0xff; break;
      case isa::StopReason::StepLimit:
        std::fprintf(stderr, "m3lab: %s\n", stop.message.c_str());
        status = kExitStepLimit;
        break;
      case isa::StopReason::Fault:
      case isa::StopReason::Breakpoint:
      case isa::StopReason::Running:
        std::fprintf(stderr, "m3lab: %s\n", stop.message.c_str());
        status = kExitFault;
        break;
    }
  }
  if (!ro.stats_json.empty() && !write_json(ro.stats_json, pipeline_stats_json(machine.stats(), stop), diags)) {
    print_diags(diags);
    if (status == 0) status = 1;
  }
  return status;
}

int cmd_run(const RunOptions& ro) {
  if (!ro.kernel.image.empty()) {
    m3::cli::KernelCmdOptions ko = ro.kernel;
    ko.program = ro.program;
    ko.engine = ro.engine;
    ko.config = ro.config;
    ko.check = ro.check;
    ko.opt_level = ro.opt_level;
    ko.max_steps = ro.max_steps;
    ko.max_cycles = ro.max_cycles;
    ko.stats_json = ro.stats_json;
    ko.trace_kanata = ro.trace_kanata;
    ko.trace_vcd = ro.trace_vcd;
    return m3::cli::cmd_run_kernel(ko);
  }
  if (ro.engine == "pipeline") return cmd_run_pipeline(ro);
  Diagnostics diags;
  isa::IssConfig cfg;
  cfg.max_steps = ro.max_steps;
  auto image = load_program(ro.program, cfg.map, diags, ro.opt_level);
  if (!image) {
    print_diags(diags);
    std::fprintf(stderr, "m3lab: cannot load %s\n", ro.program.c_str());
    return kExitLoad;
  }
  isa::Iss iss(cfg);
  iss.set_io(isa::SemihostIo{[](int fd, const char* data, size_t n) {
    std::fwrite(data, 1, n, fd == 2 ? stderr : stdout);
  }});
  if (!iss.load(*image, diags, ro.program)) {
    print_diags(diags);
    std::fprintf(stderr, "m3lab: cannot load %s\n", ro.program.c_str());
    return kExitLoad;
  }
  iss.reset();
  isa::StopInfo stop = iss.run();
  std::fflush(stdout);
  int status = 0;
  switch (stop.reason) {
    case isa::StopReason::Exit: status = stop.exit_code & 0xff; break;
    case isa::StopReason::StepLimit:
      std::fprintf(stderr, "m3lab: %s\n", stop.message.c_str());
      status = kExitStepLimit;
      break;
    case isa::StopReason::Fault:
    case isa::StopReason::Breakpoint:
    case isa::StopReason::Running:
      std::fprintf(stderr, "m3lab: %s\n", stop.message.c_str());
      status = kExitFault;
      break;
  }
  // Stats are written whatever the outcome: nothing already computed is lost.
  if (!ro.stats_json.empty() && !write_stats(ro.stats_json, iss, stop, diags)) {
    print_diags(diags);
    if (status == 0) status = 1;
  }
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"m3lab: a Cortex-M3 (ARMv7-M Thumb-2) teaching simulator. See docs/ for the manual."};
  app.set_version_flag("--version", "m3lab 0.1.0");
  app.require_subcommand(1);

  std::string asm_in, asm_out;
  auto* asm_cmd = app.add_subcommand("asm", "Assemble GNU as syntax into an executable ELF");
  asm_cmd->add_option("input", asm_in, "Assembly source (.s)")->required()->check(CLI::ExistingFile);
  asm_cmd->add_option("-o,--output", asm_out, "Output ELF file")->required();

  std::string dis_in;
  auto* dis_cmd = app.add_subcommand("disasm", "Disassemble an ELF file, objdump -d style");
  dis_cmd->add_option("input", dis_in, "ELF executable (or .s source)")->required()->check(CLI::ExistingFile);

  CcOptions co;
  auto* cc_cmd = app.add_subcommand("cc", "Compile tiny C (docs/language.md) to assembly (-S) or an ELF");
  cc_cmd->add_option("input", co.input, "C source (.c)")->required()->check(CLI::ExistingFile);
  cc_cmd->add_option("-o,--output", co.output, "Output file ('-' = stdout with -S)");
  cc_cmd->add_flag("-S", co.asm_only, "Stop after generating assembly");
  cc_cmd->add_option("--opt", co.opt_level, "Optimisation level, also written -O0, -O1, -O2 (docs/language.md)")
      ->check(CLI::Range(0, 2));
  cc_cmd->add_option("--dump-after", co.dump_after, "Print the program after this pass: parse, fold, constprop, dce (syntax tree); lower, simplify-cfg, propagate, dead, inline, ifconv, sat, licm, strength, addrmode, legalize, licm-imm, schedule, regalloc (IR, -O1/-O2; see docs/language.md)");

  RunOptions ro;
  auto* run_cmd = app.add_subcommand("run", "Run a program (ELF, .s or .c) on the simulator");
  run_cmd->add_option("program", ro.program, "ELF executable, assembly source or C source")->required()->check(CLI::ExistingFile);
  run_cmd->add_option("--engine", ro.engine, "Simulation engine")->check(CLI::IsMember({"iss", "pipeline"}))->capture_default_str();
  run_cmd->add_option("--max-steps", ro.max_steps, "Stop after this many instructions (0 = no limit)");
  run_cmd->add_option("--stats-json", ro.stats_json, "Write run statistics as JSON to this file ('-' = stderr)");
  run_cmd->add_option("--config", ro.config, "Machine configuration (machine.yaml) for --engine pipeline")
      ->check(CLI::ExistingFile);
  run_cmd->add_flag("--check", ro.check, "Pipeline: check every retirement against the ISS in lock-step");
  run_cmd->add_option("--trace-vcd", ro.trace_vcd, "Pipeline: write a VCD of the pipeline registers");
  run_cmd->add_option("--trace-kanata", ro.trace_kanata,
                      "Pipeline: write a Kanata trace of the run (for the Konata pipeline viewer)");
  run_cmd->add_option("--max-cycles", ro.max_cycles, "Pipeline: stop after this many cycles (0 = no limit)");
  run_cmd->add_option("--opt", ro.opt_level, "Optimisation level for a C program, also written -O0, -O1, -O2")
      ->check(CLI::Range(0, 2));
  run_cmd->add_option("--image", ro.kernel.image,
                      "Run PROGRAM as an image kernel on this image (PNG, PGM/PPM, or pattern:NAME:WxH; docs/kernels.md)");
  run_cmd->add_option("--out", ro.kernel.out, "Kernel: write the output image here (.png, else PGM)");
  run_cmd->add_option("--kernel", ro.kernel.kernel, "Kernel: the function to call")->capture_default_str();
  run_cmd->add_option("--param", ro.kernel.params, "Kernel: an integer parameter, NAME=VALUE (repeatable)");
  run_cmd->add_flag("--native", ro.kernel.native,
                    "Kernel: also build it with the host C compiler, compare the outputs and time it (docs/native.md)");
  run_cmd->add_option("--clock-mhz", ro.kernel.clock_mhz, "Kernel: the nominal core clock for the estimated time")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();

  auto [batch_cmd, run_batch] = m3::cli::add_batch_command(app);

  // CLI11 has no multi-letter short options: -O0/-O1/-O2 become --opt=N.
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.size() == 3 && a[0] == '-' && a[1] == 'O' && a[2] >= '0' && a[2] <= '9') a = "--opt=" + a.substr(2);
    args.push_back(a);
  }
  std::reverse(args.begin(), args.end());
  try {
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : kExitUsage;
  }
  if (*asm_cmd) return cmd_asm(asm_in, asm_out);
  if (*dis_cmd) return cmd_disasm(dis_in);
  if (*run_cmd) return cmd_run(ro);
  if (*cc_cmd) return cmd_cc(co);
  if (*batch_cmd) return run_batch();
  return kExitUsage;
}
