#include "cosim.hpp"

#include "m3lab/isa/assembler.hpp"
#include "m3lab/isa/iss.hpp"

namespace m3::pipetest {

std::vector<NamedConfig> cosim_configs(bool wide) {
  using namespace m3::sim;
  std::vector<NamedConfig> out;
  const std::pair<BranchPredictor, const char*> preds[] = {{BranchPredictor::StaticNotTaken, "static-nt"},
                                                           {BranchPredictor::BTFN, "btfn"},
                                                           {BranchPredictor::OneBit, "1bit"},
                                                           {BranchPredictor::TwoBit, "2bit"}};
  for (int res = 0; res < (wide ? 2 : 1); ++res)
    for (int unified = 0; unified < (wide ? 2 : 1); ++unified)
      for (bool fwd : {true, false})
        for (auto [p, pname] : preds)
          for (bool caches : {true, false}) {
            MachineConfig c;
            c.core.forwarding = fwd;
            c.core.branch_predictor = p;
            c.core.branch_resolution = res ? BranchResolution::ID : BranchResolution::EX;
            c.core.unified_memory = unified != 0;
            c.icache.enabled = caches;
            c.dcache.enabled = caches;
            std::string name = std::string(fwd ? "fwd" : "nofwd") + "/" + pname + "/" + (caches ? "caches" : "nocache");
            if (res) name += "/id";
            if (unified) name += "/unified";
            out.push_back({name, c});
          }
  return out;
}

Prepared prepare(const std::string& src, const std::string& name) {
  Prepared p;
  p.name = name;
  Diagnostics d;
  auto a = isa::assemble(src, name, isa::AsmOptions{}, d);
  if (!a) {
    p.what = "does not assemble: " + d.str();
    return p;
  }
  p.image = std::move(a->image);
  isa::IssConfig icfg;
  icfg.max_steps = 10'000'000;
  Diagnostics sd;
  auto iss = isa::simulate(p.image, name, icfg, sd, isa::SemihostIo{[](int, const char*, size_t) {}});
  if (!iss || iss->stop.reason != isa::StopReason::Exit) {
    p.what = "the ISS does not reach the exit: " + (iss ? iss->stop.message : sd.str());
    return p;
  }
  p.iss_stop = iss->stop;
  p.iss_instructions = iss->stats.instructions;
  p.ok = true;
  return p;
}

CosimResult cosim(sim::Machine& m, const Prepared& p, const sim::MachineConfig& cfg, uint64_t max_cycles) {
  CosimResult r;
  if (!p.ok) {
    r.what = p.what;
    return r;
  }
  r.iss_instructions = p.iss_instructions;
  const std::string& name = p.name;
  Diagnostics ld;
  if (!m.load(p.image, cfg, ld, name)) {
    r.what = "Machine::load failed: " + ld.str();
    return r;
  }
  m.set_io(isa::SemihostIo{[](int, const char*, size_t) {}});
  m.set_check(true);
  sim::RunResult run = m.run(max_cycles);
  r.pipe_instructions = m.stats().instructions;
  r.cycles = m.stats().cycles;
  if (run.diverged) {
    r.what = "divergence: " + run.divergence;
    return r;
  }
  if (run.stop.reason != isa::StopReason::Exit) {
    r.what = "pipeline stopped without the exit: " + run.stop.message +
             (run.cycle_limit ? " (cycle limit)" : "");
    return r;
  }
  if (run.stop.exit_code != p.iss_stop.exit_code) {
    r.what = "exit code " + std::to_string(run.stop.exit_code) + ", ISS " + std::to_string(p.iss_stop.exit_code);
    return r;
  }
  if (r.pipe_instructions != r.iss_instructions) {
    r.what = "retired " + std::to_string(r.pipe_instructions) + ", ISS " + std::to_string(r.iss_instructions);
    return r;
  }
  r.ok = true;
  return r;
}

}  // namespace m3::pipetest
