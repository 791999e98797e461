// ID: decodes (the IT state and so the flag writes are known here), detects data hazards against
// EX and MEM, and with branch_resolution: id resolves branches (operands forwarded into ID).
#include "core.hpp"

namespace m3::sim {

namespace {
const char* stall_reason(HazardEvent::Kind k) {
  return k == HazardEvent::LoadUse ? "load-use hazard" : "data hazard (operand not yet written)";
}
void count_stall(Core& c, HazardEvent::Kind k, uint64_t seq) {
  if (k == HazardEvent::LoadUse)
    ++c.st.stats.stalls.load_use;
  else
    ++c.st.stats.stalls.raw;
  c.hazard_event(k, seq, stall_reason(k));
}
}  // namespace

void IdStage::eval(Core& c) {
  Slot& s = c.st.ifid.s;
  if (!s.valid) return;
  isa::Cpu& cpu = c.cpu();
  const InstInfo& ii = *s.info;
  if (!s.analysed) {
    // Every older instruction has executed (EX ran before us this cycle), so cpu.itstate is the
    // IT state this instruction will execute in.
    s.analysed = true;
    s.reads = ii.reads;
    s.writes = ii.writes;
    s.load_writes = ii.load_writes;
    bool in_it = (cpu.itstate & 0x0f) != 0;
    if (in_it) s.reads |= kFlagsBit;
    // The text of an instruction in an IT block shows its condition: made once, when first seen
    // here (the predecoded entry belongs to the core).
    if (in_it && !ii.text_in_it) set_it_text(const_cast<InstInfo&>(ii), s.pc, cpu.itstate);
    if (ii.flag_write == 1 || (ii.flag_write == 2 && !in_it)) s.writes |= kFlagsBit;
  }
  const Slot* ex = c.st.idex.s.valid ? &c.st.idex.s : nullptr;
  const Slot* mem = c.st.exmem.s.valid ? &c.st.exmem.s : nullptr;
  const Slot* wb = c.st.memwb.s.valid ? &c.st.memwb.s : nullptr;
  bool ex_frees = (!ex && (!mem || c.mem_done)) || (ex && c.ex_done && (!mem || c.mem_done));

  bool id_resolve = c.cfg.core.branch_resolution == BranchResolution::ID && ii.decoded && ii.branch &&
                    ii.resolve == Resolve::Ex;
  if (id_resolve && !s.resolved_in_id && s.pc == c.st.expected_pc && !c.st.fetch.halted) {
    HazardCheck h = c.hazard.check_id_branch(s, ex, mem);
    if (h.stall) {
      c.id_ready = false;
      count_stall(c, h.kind, s.seq);
      c.set_stage(Stage::ID, StageState::Stalled, &s, stall_reason(h.kind));
      return;
    }
    c.forwarding.operands(s, mem, wb, true, [&](ForwardPath p, unsigned r, const Slot& from) {
      ++c.st.stats.forwards[static_cast<size_t>(p)];
      if (c.obs_) {
        PendingEvent e{};
        e.type = PendingEvent::Forward;
        e.fwd = {p, static_cast<uint8_t>(r), from.seq, s.seq};
        c.event(e);
      }
    });
    // The outcome, computed on a copy of the architectural state (a branch touches no memory).
    isa::Cpu tmp = cpu;
    tmp.r[15] = s.pc + 4;
    uint32_t seq = s.pc + ii.size;
    tmp.next_pc = seq;
    tmp.events = 0;
    bool pass = (tmp.itstate & 0x0f) == 0 || tmp.condition_passed(tmp.itstate >> 4);
    if (pass && tmp.thumb) ii.inst.exec(tmp, ii.inst);
    if (!(tmp.events & isa::kEvExcReturn) && cpu.thumb) {
      s.resolved_in_id = true;
      uint32_t actual = tmp.next_pc;
      ++c.st.stats.branches.total;
      c.predictor.update(s.pc, ii, actual != seq, actual);
      if (actual != s.pred_next) {
        ++c.st.stats.branches.mispredicted;
        ++c.st.stats.flushes;
        s.pred_next = actual;
        c.redirect(Stage::ID, actual, s, "mispredicted branch (resolved in ID)");
      }
    }
  }

  HazardCheck h = c.hazard.check_ex(s, ex, mem, c.mem_done);
  if (h.stall) {
    c.id_ready = false;
    // Counted (and named) only when the hazard is what holds ID: behind a busy EX or MEM the
    // instruction would wait anyway.
    if (ex_frees) count_stall(c, h.kind, s.seq);
    c.set_stage(Stage::ID, StageState::Stalled, &s, ex_frees ? stall_reason(h.kind) : "EX is busy");
    return;
  }
  c.id_ready = true;
  if (ex_frees)
    c.set_stage(Stage::ID, StageState::Busy, &s);
  else
    c.set_stage(Stage::ID, StageState::Stalled, &s, "EX is busy");
}

}  // namespace m3::sim
