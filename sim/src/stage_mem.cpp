// MEM: one D-cache access per beat (LDM/STM: one register per cycle; LDRD/STRD: two), each beat
// occupying max(1, latency) cycles. Loads that write the PC and TBB/TBH resolve at the end of MEM.
#include "core.hpp"

namespace m3::sim {

void MemStage::eval(Core& c) {
  ExMemRegister& r = c.st.exmem;
  Slot& s = r.s;
  if (!s.valid) return;
  PipelineStats& stats = c.st.stats;
  if (!r.started) {
    r.started = true;
    uint32_t total = 0;
    bool write = s.info->store;
    for (unsigned k = 0; k < s.naddr; ++k) {
      uint32_t lat = c.dcache_access(s.addr + 4 * k, write);
      uint32_t cyc = std::max(1u, lat);
      if (cyc > 1) {
        stats.stalls.dcache += cyc - 1;
        c.hazard_event(HazardEvent::DCache, s.seq, "dcache access");
      }
      total += cyc;
    }
    if (s.naddr > 1) {
      stats.stalls.multicycle += s.naddr - 1;
      c.hazard_event(HazardEvent::Multicycle, s.seq, "multi-beat memory access");
    }
    r.busy = total > 0 ? total - 1 : 0;
  } else {
    --r.busy;
  }
  if (s.naddr) c.mem_port_busy = true;
  c.mem_done = r.busy == 0;
  c.set_stage(Stage::MEM, c.mem_done ? StageState::Busy : StageState::Stalled, &s,
              c.mem_done ? nullptr : "memory access");
  if (c.mem_done && s.info && s.info->resolve == Resolve::Mem && !s.faulted && !s.stop_here) {
    bool taken = s.next_pc != s.pc + s.info->size;
    ++stats.branches.total;
    c.predictor.update(s.pc, *s.info, taken, s.next_pc);
    if (s.next_pc != s.pred_next) {
      ++stats.branches.mispredicted;
      ++stats.flushes;
      c.redirect(Stage::MEM, s.next_pc, s, "mispredicted branch (resolved in MEM)");
    }
  }
}

}  // namespace m3::sim
