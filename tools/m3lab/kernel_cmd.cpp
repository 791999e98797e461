// `m3lab run KERNEL.c --image IN [--out OUT] [--native] ...`: the kernel harness on the command
// line (docs/kernels.md, docs/native.md). All the work is in the m3lab_harness library; this file
// parses parameters, prints the summary and writes the statistics.
//
// Exit status (docs/cli.md): 0 when the kernel returned (and, with --native, the outputs are
// identical); 3 when --native found a different output; 4 when --native could not build or load
// the native kernel; 124/125/70 as for any run; 126 for anything wrong before the run (image,
// compile errors, signature, parameters, memory).
#include "kernel_cmd.hpp"

#include <charconv>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

#include "m3lab/sim/config.hpp"
#include "m3lab/sim/harness.hpp"
#include "m3lab/sim/image.hpp"
#include "m3lab/sim/kanata.hpp"
#include "m3lab/sim/machine.hpp"
#include "m3lab/sim/native.hpp"
#include "cli_common.hpp"

namespace m3::cli {
namespace {

std::string base_name(const std::string& p) {
  size_t s = p.find_last_of('/');
  return s == std::string::npos ? p : p.substr(s + 1);
}

double pct(uint64_t part, uint64_t whole) {
  return whole ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

std::string format_time(double s) {
  char buf[64];
  if (s >= 1.0)
    std::snprintf(buf, sizeof buf, "%.3f s", s);
  else if (s >= 1e-3)
    std::snprintf(buf, sizeof buf, "%.3f ms", s * 1e3);
  else
    std::snprintf(buf, sizeof buf, "%.3f us", s * 1e6);
  return buf;
}

}  // namespace

int cmd_run_kernel(const KernelCmdOptions& o) {
  Diagnostics diags;
  nlohmann::ordered_json kernel_json;
  kernel_json["name"] = o.kernel;
  kernel_json["source"] = o.program;
  kernel_json["image"] = o.image;
  kernel_json["width"] = nullptr;
  kernel_json["height"] = nullptr;
  kernel_json["opt"] = o.opt_level;
  kernel_json["params"] = nlohmann::ordered_json::object();

  // Anything wrong before the run: a diagnostic, stats with "stop": "error", status 126.
  auto fail_before_run = [&](const std::string& what) {
    print_diags(diags);
    std::fprintf(stderr, "m3lab: %s\n", what.c_str());
    if (!o.stats_json.empty()) {
      nlohmann::ordered_json j;
      j["engine"] = o.engine;
      j["stop"] = "error";
      j["message"] = what;
      j["kernel"] = kernel_json;
      Diagnostics d2;
      if (!write_json(o.stats_json, j, d2)) print_diags(d2);
    }
    return kExitLoad;
  };

  sim::KernelJob job;
  job.source_path = o.program;
  job.kernel = o.kernel;
  job.opt_level = o.opt_level;
  job.engine = o.engine;
  job.check = o.check;
  job.max_steps = o.max_steps;
  job.max_cycles = o.max_cycles;
  for (const std::string& p : o.params) {
    const size_t eq = p.find('=');
    int32_t v = 0;
    bool ok = eq != std::string::npos && eq > 0;
    if (ok) {
      const char* b = p.data() + eq + 1;
      const char* e = p.data() + p.size();
      if (b != e && *b == '+') ++b;
      auto r = std::from_chars(b, e, v);
      ok = b != e && r.ec == std::errc{} && r.ptr == e;
    }
    if (!ok) {
      diags.error("--param", 0, 0,
                  "bad parameter '" + p + "': expected NAME=VALUE with a 32-bit integer VALUE");
      return fail_before_run("bad --param");
    }
    job.params.emplace_back(p.substr(0, eq), v);
  }
  if (!o.config.empty()) {
    job.config = sim::load_machine_config(o.config, diags);
    if (diags.has_errors()) return fail_before_run("bad machine configuration " + o.config);
  }
  if (o.program.size() < 2 || o.program.compare(o.program.size() - 2, 2, ".c") != 0) {
    diags.error(o.program, 0, 0,
                "--image runs an image kernel, which must be a C source file (.c); see docs/kernels.md");
    return fail_before_run("cannot load " + o.program);
  }
  std::ifstream src(o.program, std::ios::binary);
  if (!src) {
    diags.error(o.program, 0, 0, "cannot open file");
    return fail_before_run("cannot load " + o.program);
  }
  std::ostringstream ss;
  ss << src.rdbuf();
  job.source = ss.str();

  auto loaded = sim::load_image_source(o.image, diags);
  if (!loaded) return fail_before_run("cannot load the image " + o.image);
  if (!loaded->note.empty()) std::printf("note: %s: %s\n", o.image.c_str(), loaded->note.c_str());
  job.image = std::move(loaded->image);
  job.image_name = o.image;
  kernel_json["width"] = job.image.width;
  kernel_json["height"] = job.image.height;

  auto prog = sim::prepare_kernel(job, diags);
  if (!prog) return fail_before_run("cannot run kernel '" + o.kernel + "' of " + o.program);
  nlohmann::ordered_json params = nlohmann::ordered_json::object();
  for (const auto& [name, value] : prog->params) params[name] = value;
  kernel_json["params"] = params;
  print_diags(diags);  // warnings, if any
  diags = Diagnostics{};

  std::unique_ptr<sim::Machine> machine;
  std::unique_ptr<sim::KanataWriter> kanata;
  if (o.engine == "pipeline") {
    machine = std::make_unique<sim::Machine>();
    if (!o.trace_vcd.empty() && !machine->trace_vcd(o.trace_vcd, diags))
      return fail_before_run("cannot write the VCD trace " + o.trace_vcd);
    if (!o.trace_kanata.empty()) {
      kanata = sim::KanataWriter::open(o.trace_kanata, diags);
      if (!kanata) return fail_before_run("cannot write the Kanata trace " + o.trace_kanata);
      machine->set_observer(kanata.get());
    }
  }
  auto run = sim::run_kernel(*prog, job, machine.get(), diags,
                             isa::SemihostIo{[](int fd, const char* data, size_t n) {
                               std::fwrite(data, 1, n, fd == 2 ? stderr : stdout);
                             }});
  if (!run) return fail_before_run("cannot load the kernel program");
  if (kanata && !kanata->finish(diags)) print_diags(diags);
  std::fflush(stdout);

  // The outcome of the run.
  int status = 0;
  const isa::StopInfo& stop = run->stop;
  if (run->diverged) {
    std::fprintf(stderr, "m3lab: internal error (pipeline and ISS disagree): %s\n", run->divergence.c_str());
    status = kExitDivergence;
  } else if (stop.reason == isa::StopReason::StepLimit) {
    std::fprintf(stderr, "m3lab: %s\n", stop.message.c_str());
    status = kExitStepLimit;
  } else if (stop.reason != isa::StopReason::Exit) {
    std::fprintf(stderr, "m3lab: %s\n", stop.message.c_str());
    status = kExitFault;
  }

  nlohmann::ordered_json j =
      run->pipeline ? pipeline_stats_json(run->pipe_stats, stop) : iss_stats_json(run->iss_stats, stop);
  j["kernel"] = kernel_json;
  const uint64_t instructions = run->pipeline ? run->pipe_stats.instructions : run->iss_stats.instructions;
  // The ISS has no timing: its estimate counts one cycle per instruction.
  const uint64_t cycles = run->pipeline ? run->pipe_stats.cycles : instructions;
  const double sim_time = static_cast<double>(cycles) / (o.clock_mhz * 1e6);
  j["clock_mhz"] = o.clock_mhz;
  j["sim_time_s"] = sim_time;
  j["sim_time_basis"] = run->pipeline ? "cycles" : "instructions";

  std::printf("kernel %s (%s) on %s, %ux%u, -O%d, %s\n", o.kernel.c_str(), base_name(o.program).c_str(),
              o.image.c_str(), job.image.width, job.image.height, o.opt_level, o.engine.c_str());
  if (run->pipeline) {
    const sim::PipelineStats& s = run->pipe_stats;
    std::printf("  cycles         %llu\n", static_cast<unsigned long long>(s.cycles));
    std::printf("  instructions   %llu\n", static_cast<unsigned long long>(s.instructions));
    std::printf("  CPI            %.3f\n", s.cpi());
    std::printf(
        "  stalls         load-use %llu, RAW %llu, structural %llu, multicycle %llu, I-cache %llu, D-cache "
        "%llu\n",
        static_cast<unsigned long long>(s.stalls.load_use), static_cast<unsigned long long>(s.stalls.raw),
        static_cast<unsigned long long>(s.stalls.structural),
        static_cast<unsigned long long>(s.stalls.multicycle),
        static_cast<unsigned long long>(s.stalls.icache), static_cast<unsigned long long>(s.stalls.dcache));
    std::printf("  flushes        %llu (branches %llu, mispredicted %llu)\n",
                static_cast<unsigned long long>(s.flushes), static_cast<unsigned long long>(s.branches.total),
                static_cast<unsigned long long>(s.branches.mispredicted));
    std::printf("  I-cache        %llu misses in %llu accesses (%.2f%%)\n",
                static_cast<unsigned long long>(s.icache.misses),
                static_cast<unsigned long long>(s.icache.accesses), pct(s.icache.misses, s.icache.accesses));
    std::printf("  D-cache        %llu misses in %llu accesses (%.2f%%)\n",
                static_cast<unsigned long long>(s.dcache.misses),
                static_cast<unsigned long long>(s.dcache.accesses), pct(s.dcache.misses, s.dcache.accesses));
    std::printf("  time           %s at %g MHz\n", format_time(sim_time).c_str(), o.clock_mhz);
  } else {
    std::printf("  instructions   %llu\n", static_cast<unsigned long long>(instructions));
    std::printf(
        "  time           %s at %g MHz, counting one cycle per instruction (the ISS has no timing;\n"
        "                 --engine pipeline gives cycles, CPI, stalls and cache misses)\n",
        format_time(sim_time).c_str(), o.clock_mhz);
  }
  if (status == 0) std::printf("  stop           returned\n");

  if (status == 0 && !o.out.empty() && !sim::write_image(o.out, run->output, diags)) {
    print_diags(diags);
    status = 1;
  }

  if (o.native) {
    nlohmann::ordered_json nj;
    if (status != 0) {
      std::printf("native: not run (the simulated kernel did not return)\n");
      nj = nullptr;
    } else {
      Diagnostics nd;
      auto native = sim::NativeKernel::build(prog->sig, o.program, job.source, nd);
      if (!native) {
        print_diags(nd);
        std::printf("native: unavailable (%s); the simulated result stands alone\n",
                    nd.list().empty() ? "build failed" : nd.list().front().message.substr(0, 200).c_str());
        nj["identical"] = nullptr;
        nj["error"] = nd.list().empty() ? "build failed" : nd.list().front().message;
        status = kExitNoNative;
      } else if (auto measured = native->run_isolated(job.image, prog->extra_args, nd); !measured) {
        print_diags(nd);
        std::printf("native: the native run failed; the simulated result stands alone\n");
        nj["identical"] = nullptr;
        nj["error"] = nd.list().empty() ? "native run failed" : nd.list().front().message;
        status = kExitNoNative;
      } else {
        const sim::ImageComparison c = sim::compare_images(run->output, measured->out);
        const double ns = measured->ns_per_frame;
        nj["identical"] = c.identical;
        if (c.identical) {
          nj["first_diff"] = nullptr;
          nj["psnr"] = nullptr;
        } else {
          nj["first_diff"] = {{"x", c.x}, {"y", c.y}, {"sim", c.sim}, {"native", c.native}};
          nj["psnr"] = c.psnr ? nlohmann::ordered_json(*c.psnr) : nlohmann::ordered_json(nullptr);
        }
        nj["time_ns_per_frame"] = ns;
        nj["ratio"] = ns > 0 ? sim_time / (ns * 1e-9) : 0.0;
        nj["compiler"] = sim::native_compiler();
        nj["cached"] = native->from_cache();
        if (c.identical) {
          std::printf("native: identical output\n");
        } else {
          std::printf("native: DIFFERENT output: first at (%u, %u), simulated %u, native %u; PSNR %.2f dB\n",
                      c.x, c.y, c.sim, c.native, c.psnr.value_or(0.0));
          status = kExitMismatch;
        }
        std::printf("native: %s per frame (median, host wall clock); simulated time / native time = %.0f\n",
                    format_time(ns * 1e-9).c_str(), ns > 0 ? sim_time / (ns * 1e-9) : 0.0);
      }
    }
    j["native"] = nj;
  }
  std::fflush(stdout);
  if (!o.stats_json.empty() && !write_json(o.stats_json, j, diags)) {
    print_diags(diags);
    if (status == 0) status = 1;
  }
  return status;
}

}  // namespace m3::cli
