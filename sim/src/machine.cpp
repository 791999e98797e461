// The Machine facade: owns the process's one elaborated platform (SystemC allows one per
// process), reconfigures it on load(), runs it with sc_start, and copies whole-machine state for
// checkpoints.
#include "m3lab/sim/machine.hpp"

#include <cstdlib>
#include <cstring>
#include <limits>

#include "m3lab/isa/check.hpp"
#include "platform.hpp"

namespace m3::sim {

namespace {

bool same_map(const isa::MemoryConfig& a, const isa::MemoryConfig& b) {
  return a.code_base == b.code_base && a.code_size == b.code_size && a.sram_base == b.sram_base &&
         a.sram_size == b.sram_size && a.ext_base == b.ext_base && a.ext_size == b.ext_size;
}

// The process-wide platform. Created by the first Machine, kept for the life of the process
// (SystemC cannot elaborate a second design), and handed to each later Machine.
struct Global {
  std::unique_ptr<isa::Iss> func = std::make_unique<isa::Iss>();
  std::unique_ptr<isa::Iss> ref = std::make_unique<isa::Iss>();
  std::unique_ptr<Platform> plat;
  sc_core::sc_trace_file* vcd = nullptr;
  bool started = false;
  bool in_use = false;
};

Global& global() {
  static Global* g = [] {
    // SystemC prints a banner on stdout when the kernel starts unless told not to; the CLI's
    // stdout must be the program's output only.
    setenv("SC_COPYRIGHT_MESSAGE", "DISABLE", 1);
    // Nor informational reports ("tracing timescale unit set", ...): they go to stdout too.
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    auto* x = new Global;
    x->plat = std::make_unique<Platform>(*x->func);
    return x;
  }();
  return *g;
}

}  // namespace

struct Machine::Checkpoint {
  CoreState core;
  isa::Cpu cpu;
  isa::Memory mem;
  isa::System::State sys;
  BranchPredictorUnit::State pred;
  CacheState icache, dcache;
  bool has_ref = false;
  isa::Cpu ref_cpu;
  isa::Memory ref_mem;
  isa::System::State ref_sys;
};

struct Machine::Impl {
  Global& g = global();
  bool check = false;
  Observer* obs = nullptr;
  isa::SemihostIo io;
  MachineConfig cfg;
  Core& core() { return g.plat->core; }
  isa::Iss& func() { return *g.func; }
  isa::Iss& ref() { return *g.ref; }

  void fix_cycle_sources() {
    func().memory().sys().cycle_source = &core().st.cycle;
    ref().memory().sys().cycle_source = &core().st.cycle;
  }
  void sync_cache_stats() {
    auto conv = [](const Cache& c) { return c.stats().total(); };
    core().st.stats.icache = conv(*g.plat->icache.cache);
    core().st.stats.dcache = conv(*g.plat->dcache.cache);
  }
};

Machine::Machine() : impl_(std::make_unique<Impl>()) {
  M3_ASSERT(!impl_->g.in_use, "only one m3::sim::Machine may exist at a time");
  impl_->g.in_use = true;
  impl_->core().set_observer(nullptr);
  impl_->core().set_reference(nullptr);
}

Machine::~Machine() {
  impl_->core().set_observer(nullptr);
  impl_->core().set_reference(nullptr);
  impl_->g.in_use = false;
}

bool Machine::load(const isa::ElfImage& image, const MachineConfig& cfg, Diagnostics& diags, const std::string& name) {
  if (!validate_machine_config(cfg, diags)) return false;
  Impl& m = *impl_;
  Global& g = m.g;
  m.cfg = cfg;
  isa::MemoryConfig map = memory_map(cfg);
  if (!same_map(map, g.func->memory().config())) {
    isa::IssConfig ic;
    ic.map = map;
    g.func = std::make_unique<isa::Iss>(ic);
    g.ref = std::make_unique<isa::Iss>(ic);
    m.core().set_func(g.func.get());
    g.plat->ram.set_memory(&g.func->memory());
  }
  set_io(m.io);
  if (!g.func->load(image, diags, name)) return false;
  g.ref->load(image, diags, name);
  m.core().configure(cfg);
  g.plat->icache.configure(cfg.icache, cfg.memory.timing());
  g.plat->dcache.configure(cfg.dcache, cfg.memory.timing());
  g.plat->sys.timing = cfg.memory.timing();
  reset();
  return true;
}

void Machine::reset() {
  Impl& m = *impl_;
  m.func().reset();
  m.ref().reset();
  m.fix_cycle_sources();
  m.core().invalidate_code();
  m.core().reset_pipeline(m.func().cpu().r[15]);
  m.core().predictor.reset();
  m.g.plat->icache.cache->reset();
  m.g.plat->dcache.cache->reset();
  m.core().set_reference(m.check ? &m.ref() : nullptr);
}

void Machine::call(uint32_t func_addr, const std::vector<uint32_t>& args, uint32_t sp) {
  Impl& m = *impl_;
  m.func().call(func_addr, args, sp);
  m.ref().call(func_addr, args, sp);
  // A fresh pipeline at the function; cycles and statistics carry on.
  CoreState& st = m.core().st;
  PipelineStats keep = st.stats;
  uint64_t cycle = st.cycle, seq = st.seq;
  FetchState f = st.fetch;
  m.core().reset_pipeline(m.func().cpu().r[15]);
  st.stats = keep;
  st.cycle = cycle;
  st.seq = seq;
  st.fetch.buf_addr = f.buf_addr;
  st.fetch.buf_valid = f.buf_valid;
}

void Machine::set_io(isa::SemihostIo io) {
  impl_->io = io;
  if (io.write)
    impl_->func().set_io(std::move(io));
  else
    impl_->func().set_io({});
  // The reference ISS runs the same semihosting calls: its output is dropped.
  impl_->ref().set_io(isa::SemihostIo{[](int, const char*, size_t) {}});
}

void Machine::set_observer(Observer* obs) {
  impl_->obs = obs;
  impl_->core().set_observer(obs);
}

void Machine::set_check(bool on) {
  impl_->check = on;
  if (on) {
    // Bring the reference to the pipeline's architectural state (between instructions).
    Impl& m = *impl_;
    m.ref().cpu() = m.func().cpu();
    m.ref().cpu().mem = &m.ref().memory();
    m.ref().cpu().r[15] = m.core().st.expected_pc;
    m.ref().memory() = m.func().memory();
    m.ref().system().state = m.func().system().state;
    m.ref().invalidate_code_cache();
    m.fix_cycle_sources();
  }
  impl_->core().set_reference(on ? &impl_->ref() : nullptr);
}

bool Machine::trace_vcd(const std::string& path, Diagnostics& diags) {
  Global& g = impl_->g;
  if (g.started) {
    diags.error(path, 0, 0, "the VCD trace must be opened before the first run of the process");
    return false;
  }
  std::string base = path;
  if (base.size() > 4 && base.compare(base.size() - 4, 4, ".vcd") == 0) base.resize(base.size() - 4);
  g.vcd = sc_core::sc_create_vcd_trace_file(base.c_str());
  if (!g.vcd) {
    diags.error(path, 0, 0, "cannot create the VCD file");
    return false;
  }
  g.vcd->set_time_unit(1, sc_core::SC_NS);
  impl_->core().trace(g.vcd);
  // The platform lives until the process ends; the trace is completed then.
  std::atexit([] {
    if (global().vcd) sc_core::sc_close_vcd_trace_file(global().vcd);
    global().vcd = nullptr;
  });
  return true;
}

RunResult Machine::run(uint64_t max_cycles) {
  Impl& m = *impl_;
  Global& g = m.g;
  Core& core = m.core();
  if (!g.started) {
    g.started = true;
    sc_core::sc_start(sc_core::SC_ZERO_TIME);  // elaboration; the core thread waits for work
  }
  if (!core.st.finished) {
    core.request_run(max_cycles ? max_cycles : std::numeric_limits<uint64_t>::max());
    sc_core::sc_start();
  }
  m.sync_cache_stats();
  RunResult r;
  CoreState& st = core.st;
  if (st.diverged) {
    r.diverged = true;
    r.divergence = st.divergence;
    r.stop.reason = isa::StopReason::Fault;
    r.stop.message = st.divergence;
    return r;
  }
  if (st.finished) {
    r.stop = st.stop;
    if (m.check) {
      // Stores are compared as each one executes; this final sweep also covers what the
      // exception model wrote (stack frames) and anything a store comparison could not see.
      const isa::MemoryConfig& map = m.func().memory().config();
      struct Region {
        uint32_t base, size;
      } regions[] = {{map.sram_base, map.sram_size}, {map.ext_base, map.ext_size}};
      for (const Region& reg : regions) {
        const uint8_t* a = m.func().memory().host_ptr(reg.base, reg.size);
        const uint8_t* b = m.ref().memory().host_ptr(reg.base, reg.size);
        if (a && b && std::memcmp(a, b, reg.size) != 0) {
          uint32_t k = 0;
          while (a[k] == b[k]) ++k;
          char buf[160];
          std::snprintf(buf, sizeof buf, "lock-step divergence: memory at 0x%08x differs (pipeline 0x%02x, iss 0x%02x)",
                        reg.base + k, a[k], b[k]);
          r.diverged = true;
          r.divergence = buf;
          return r;
        }
      }
    }
    return r;
  }
  r.cycle_limit = true;
  r.stop.reason = isa::StopReason::StepLimit;
  r.stop.pc = st.expected_pc;
  r.stop.message = "did not finish within " + std::to_string(max_cycles) + " cycles";
  return r;
}

bool Machine::step_cycle() {
  RunResult r = run(cycle() + 1);
  return !impl_->core().st.finished && !r.diverged;
}

const PipelineStats& Machine::stats() const {
  impl_->sync_cache_stats();
  return impl_->core().st.stats;
}
uint64_t Machine::cycle() const { return impl_->core().st.cycle; }
isa::Cpu& Machine::cpu() { return impl_->func().cpu(); }
isa::Memory& Machine::memory() { return impl_->func().memory(); }

std::shared_ptr<const Machine::Checkpoint> Machine::checkpoint() const {
  Impl& m = *impl_;
  auto c = std::make_shared<Checkpoint>();
  c->core = m.core().st;
  c->cpu = m.func().cpu();
  c->mem = m.func().memory();
  c->sys = m.func().system().state;
  c->pred = m.core().predictor.state();
  c->icache = m.g.plat->icache.cache->checkpoint();
  c->dcache = m.g.plat->dcache.cache->checkpoint();
  if (m.check) {
    c->has_ref = true;
    c->ref_cpu = m.ref().cpu();
    c->ref_mem = m.ref().memory();
    c->ref_sys = m.ref().system().state;
  }
  return c;
}

void Machine::restore(const Checkpoint& c) {
  Impl& m = *impl_;
  m.core().st = c.core;
  isa::Memory* fm = &m.func().memory();
  m.func().cpu() = c.cpu;
  m.func().cpu().mem = fm;
  m.func().memory() = c.mem;
  m.func().system().state = c.sys;
  m.core().predictor.restore(c.pred);
  m.g.plat->icache.cache->restore(c.icache);
  m.g.plat->dcache.cache->restore(c.dcache);
  if (c.has_ref) {
    m.ref().cpu() = c.ref_cpu;
    m.ref().cpu().mem = &m.ref().memory();
    m.ref().memory() = c.ref_mem;
    m.ref().system().state = c.ref_sys;
    m.ref().invalidate_code_cache();
  }
  m.fix_cycle_sources();
}

}  // namespace m3::sim
