// The five-stage core: one sc_module `core` with child modules if, id, ex, mem, wb. The core
// evaluates the stages every cycle from WB back to IF over the pipeline registers (so a stage
// that redirects flushes the younger stages before they are evaluated), then advances the
// registers. IF and MEM reach the I-cache and D-cache directly for cacheable addresses
// (CacheModule::direct_access, as a DMI pointer) and through TLM-2.0 sockets otherwise.
#pragma once

#include <array>
#include <deque>
#include <memory>
#include <string>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>
#include <unordered_map>
#include <utility>
#include <vector>

#include "m3lab/isa/iss.hpp"
#include "m3lab/sim/machine.hpp"
#include "pipeline_regs.hpp"
#include "units.hpp"

namespace m3::sim {

class Core;
class CacheModule;

// Per-cycle observer events, buffered while the stages run so that they can be reported after
// the stage states (observer.hpp fixes the order). Fixed capacity: nothing allocates per cycle.
struct PendingEvent {
  enum Type : uint8_t { Forward, Hazard, RegWrite, FlagsWrite, Cache, Retire } type;
  struct RegValue {  // RegWrite (reg, value) and FlagsWrite (value)
    uint64_t seq;
    uint8_t reg;
    uint32_t value;
  };
  union {  // by type (a union keeps the per-cycle copies small)
    ForwardEvent fwd;
    HazardEvent haz;
    CacheEvent cache;
    RetireEvent retire;
    RegValue rw;
  };
};

class IfStage : public sc_core::sc_module {
 public:
  explicit IfStage(sc_core::sc_module_name n) : sc_module(n) {}
  void eval(Core& c);
};
class IdStage : public sc_core::sc_module {
 public:
  explicit IdStage(sc_core::sc_module_name n) : sc_module(n) {}
  void eval(Core& c);
};
class ExStage : public sc_core::sc_module {
 public:
  explicit ExStage(sc_core::sc_module_name n) : sc_module(n) {}
  void eval(Core& c);

 private:
  void execute(Core& c, Slot& s);
  void check(Core& c, Slot& s);
};
class MemStage : public sc_core::sc_module {
 public:
  explicit MemStage(sc_core::sc_module_name n) : sc_module(n) {}
  void eval(Core& c);
};
class WbStage : public sc_core::sc_module {
 public:
  explicit WbStage(sc_core::sc_module_name n) : sc_module(n) {}
  void eval(Core& c);
};

// Fetch state kept by IF (besides the instruction it holds).
struct FetchState {
  uint32_t pc = 0;
  uint32_t buf_addr = 0;  // the one-word alignment buffer
  bool buf_valid = false;
  enum Pending : uint8_t { None, Deliver, SecondWord } pending = None;
  uint32_t busy = 0;       // I-cache access cycles left after this one
  uint32_t exc_delay = 0;  // exception entry/return latency left
  bool halted = false;     // the run is stopping: fetch nothing more
  Slot slot;               // delivered, waiting to enter ID
};

// Everything that determines the core's future (checkpointed as a plain copy).
struct CoreState {
  uint64_t cycle = 0;  // the current (last evaluated) cycle, 1-based
  uint64_t seq = 0;
  FetchState fetch;
  IfIdRegister ifid;
  IdExRegister idex;
  ExMemRegister exmem;
  MemWbRegister memwb;
  PipelineStats stats;
  uint32_t expected_pc = 0;  // the next PC in program order (a correctness check on EX)
  bool finished = false;
  isa::StopInfo stop;
  bool diverged = false;
  std::string divergence;
};

class Core : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(Core);
  Core(sc_core::sc_module_name n, isa::Iss& func);

  tlm_utils::simple_initiator_socket<Core> isock{"isock"};
  tlm_utils::simple_initiator_socket<Core> dsock{"dsock"};

  IfStage if_stage{"if"};
  IdStage id_stage{"id"};
  ExStage ex_stage{"ex"};
  MemStage mem_stage{"mem"};
  WbStage wb_stage{"wb"};

  // --- configuration and control (from the Machine facade) ---
  void configure(const MachineConfig& cfg);
  void reset_pipeline(uint32_t pc);  // empty pipeline, fetch from pc; keeps caches/predictor
  void invalidate_code();
  void set_observer(Observer* o) {
    obs_ = o;
    watched_ = obs_ || tracing_;
  }
  void set_reference(isa::Iss* ref) { ref_ = ref; }
  void set_caches(CacheModule* ic, CacheModule* dc) { icache_ = ic, dcache_ = dc; }
  // Runs the thread until finished or the cycle limit; called through sc_start by the Machine.
  void request_run(uint64_t until_cycle) {
    run_until_ = until_cycle;
    run_ev_.notify(sc_core::SC_ZERO_TIME);
  }
  void trace(sc_core::sc_trace_file* tf);

  CoreState st;
  BranchPredictorUnit predictor;
  TimingTable timing;
  HazardUnit hazard;
  ForwardingUnit forwarding;
  MachineConfig cfg;

  // --- used by the stages ---
  isa::Iss& func() { return *func_; }  // the pipeline's own functional state and system services
  void set_func(isa::Iss* f) {
    func_ = f;
    sys_ = &f->system();
  }
  isa::System& sys() { return *sys_; }  // func().system()
  isa::Cpu& cpu() { return func_->cpu(); }
  isa::Memory& mem() { return func_->memory(); }
  // The predecoded instruction at pc (decoded on first use).
  const InstInfo* info(uint32_t pc) {
    uint32_t off = pc - code_base_;
    if (off < code_size_) [[likely]] {
      if (InstInfo* i = code_info_[off >> 1]) [[likely]]
        return i;
    }
    return info_slow(pc);
  }
  Observer* obs_ = nullptr;
  isa::Iss* ref_ = nullptr;
  // Stage outcomes of the current cycle.
  bool mem_done = false, ex_done = false, id_ready = false, mem_port_busy = false;
  bool redirected = false;  // some stage redirected the fetch this cycle
  StageState stage_state[5];
  void set_stage(Stage s, StageState::Kind k, const Slot* slot, const char* reason = nullptr) {
    if (watched_) [[unlikely]]
      set_stage_slow(s, k, slot, reason);
  }
  void set_stage_slow(Stage s, StageState::Kind k, const Slot* slot, const char* reason);
  RegWrites& reg_writes(uint64_t seq) { return reg_writes_[seq & 7]; }
  // Flushes the instructions younger than stage `from` (exclusive) and fetches pc next cycle.
  void redirect(Stage from, uint32_t pc, const Slot& cause, const char* reason);
  uint32_t icache_access(uint32_t addr);
  uint32_t dcache_access(uint32_t addr, bool write);
  void event(const PendingEvent& e) {
    if (nev_ < events_.size()) events_[nev_++] = e;
  }
  void hazard_event(HazardEvent::Kind k, uint64_t seq, const char* reason) {
    if (!obs_) return;
    PendingEvent e{};
    e.type = PendingEvent::Hazard;
    e.haz = {k, seq, reason};
    event(e);
  }
  double period_ns = 10.0;

 private:
  isa::Iss* func_;
  isa::System* sys_;

 private:
  const InstInfo* info_slow(uint32_t pc);
  void thread();
  void observed_tick();
  void cycle();
  uint64_t frozen_cycles(uint64_t limit) const;
  void skip(uint64_t n);
  void advance();
  void emit_observer();

  static constexpr uint64_t kQuantumCycles = 1000;  // decoupled: cycles between kernel syncs
  sc_core::sc_event run_ev_, tick_ev_, done_ev_;
  uint64_t run_until_ = 0;
  tlm_utils::tlm_quantumkeeper qk_;
  sc_core::sc_time period_{10, sc_core::SC_NS};
  tlm::tlm_generic_payload itrans_, dtrans_;
  uint32_t ibuf_ = 0, dbuf_ = 0;
  CacheModule* icache_ = nullptr;
  CacheModule* dcache_ = nullptr;

  // Predecoded instructions: one pointer per code halfword; other addresses in a map.
  std::vector<InstInfo*> code_info_;
  uint32_t code_base_ = 0, code_size_ = 0;  // the code region code_info_ covers
  std::deque<InstInfo> info_store_;
  std::unordered_map<uint32_t, InstInfo*> other_info_;

  std::array<PendingEvent, 256> events_{};
  std::array<RegWrites, 8> reg_writes_{};
  size_t nev_ = 0;

  // VCD signals.
  bool tracing_ = false;
  bool watched_ = false;  // obs_ || tracing_: stage states are recorded, one evaluation per period
  struct Trace {
    uint32_t pc[5] = {};
    bool valid[5] = {};
    bool stall_if = false, stall_id = false, stall_ex = false, stall_mem = false, flush = false;
    uint64_t cycle = 0;
  } tr_;
};

}  // namespace m3::sim
