// WB: retirement. Counts the instruction as the ISS does, reports its register and flag writes,
// and ends the run when the stopping instruction (semihosting exit, call return, unhandled
// fault) retires.
#include "core.hpp"

namespace m3::sim {

void WbStage::eval(Core& c) {
  Slot& s = c.st.memwb.s;
  if (!s.valid) return;
  c.set_stage(Stage::WB, StageState::Busy, &s);
  PipelineStats& stats = c.st.stats;
  ++stats.instructions;
  if (!s.faulted && s.info && s.info->decoded) ++stats.by_class[static_cast<size_t>(s.info->iclass)];
  if (c.obs_) {
    const RegWrites& w = c.reg_writes(s.seq);
    for (uint32_t m = w.mask; m; m &= m - 1) {
      unsigned r = static_cast<unsigned>(__builtin_ctz(m));
      PendingEvent e{};
      e.type = PendingEvent::RegWrite;
      e.rw = {s.seq, static_cast<uint8_t>(r), w.value[r]};
      c.event(e);
    }
    if (w.flags) {
      PendingEvent e{};
      e.type = PendingEvent::FlagsWrite;
      e.rw = {s.seq, 0, w.flags_value};
      c.event(e);
    }
    PendingEvent e{};
    e.type = PendingEvent::Retire;
    e.retire = {s.seq, s.pc, s.info ? s.info->display() : "", s.condition_failed};
    c.event(e);
  }
  if (s.stop_here) c.st.finished = true;
}

}  // namespace m3::sim
