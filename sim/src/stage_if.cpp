// IF: fetches through a one-word alignment buffer, one I-cache access per cycle at most
// (docs/pipeline.md, "Fetch"), consults the predictor for the instruction it delivers.
#include "core.hpp"

namespace m3::sim {

namespace {
void deliver(Core& c, const InstInfo* ii) {
  FetchState& f = c.st.fetch;
  Slot& s = f.slot;
  s = Slot{};
  s.valid = true;
  s.seq = ++c.st.seq;
  s.pc = f.pc;
  s.info = ii;
  s.pred_next = ii->decoded ? c.predictor.predict(f.pc, *ii) : f.pc + ii->size;
  f.pc = s.pred_next;
  c.set_stage(Stage::IF, StageState::Busy, &s);
}
}  // namespace

void IfStage::eval(Core& c) {
  FetchState& f = c.st.fetch;
  if (c.redirected) return;  // a redirect this cycle: the new PC is fetched next cycle
  if (f.slot.valid) {
    c.set_stage(Stage::IF, StageState::Stalled, &f.slot, "ID is busy");
    return;
  }
  if (f.exc_delay) {
    --f.exc_delay;
    c.set_stage(Stage::IF, StageState::Empty, nullptr, "exception entry/return");
    return;
  }
  if (f.halted) return;
  const InstInfo* ii = nullptr;
  if (f.busy) {
    --f.busy;
    ++c.st.stats.stalls.icache;
    c.hazard_event(HazardEvent::ICache, c.st.seq + 1, "icache access");
    if (f.busy || f.pending != FetchState::Deliver) {
      c.set_stage(Stage::IF, StageState::Stalled, nullptr, "icache access");
      if (!f.busy) f.pending = FetchState::None;
      return;
    }
    f.pending = FetchState::None;
    deliver(c, c.info(f.pc));
    return;
  }
  if (f.pc == (isa::Iss::kReturnAddress & ~1u) && c.sys().state.in_call) return;  // the call() sentinel
  ii = c.info(f.pc);
  if (ii->fetch_fault == isa::FaultKind::BusInstr) {
    deliver(c, ii);  // the fault is taken if the instruction reaches EX
    return;
  }
  uint32_t w1 = f.pc & ~3u, w2 = (f.pc + ii->size - 1) & ~3u;
  bool have_w1 = f.buf_valid && f.buf_addr == w1;
  if (have_w1 && w1 == w2) {
    deliver(c, ii);
    return;
  }
  if (c.cfg.core.unified_memory && c.mem_port_busy) {
    ++c.st.stats.stalls.structural;
    c.hazard_event(HazardEvent::Structural, c.st.seq + 1, "memory port used by MEM");
    c.set_stage(Stage::IF, StageState::Empty, nullptr, "memory port used by MEM");
    return;
  }
  uint32_t word = have_w1 ? w2 : w1;
  uint32_t lat = c.icache_access(word);
  f.buf_addr = word;
  f.buf_valid = true;
  bool complete = word == w2;  // the last word this instruction needs
  if (lat > 1) {
    f.busy = lat - 1;
    f.pending = complete ? FetchState::Deliver : FetchState::None;
    c.set_stage(Stage::IF, StageState::Busy, nullptr, "icache access");
    return;
  }
  if (complete)
    deliver(c, ii);
  else
    c.set_stage(Stage::IF, StageState::Busy, nullptr, "fetching the first half");
}

}  // namespace m3::sim
