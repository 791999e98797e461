// EX: the functional execution. Each correct-path instruction executes here exactly once, in
// program order, with the ISS's semantic function on the pipeline's own Cpu and Memory; the IT
// condition check and ITAdvance are done here as the ISS loop does them (A7.3.3). Faults, SVC,
// BKPT and exception returns go to the isa::System the ISS uses (exception model, semihosting). Branches
// resolved in EX are checked against the prediction; with set_check the reference ISS steps
// along and every retirement is compared.
#include <cinttypes>
#include <cstdio>

#include "core.hpp"

namespace m3::sim {

namespace {
constexpr uint32_t kExceptionLatency = 12;

std::string hex(uint32_t v) {
  char b[16];
  std::snprintf(b, sizeof b, "0x%08" PRIx32, v);
  return b;
}

std::string cpu_view(const isa::Cpu& c, uint32_t pc) {
  std::string s;
  char b[128];
  for (int r = 0; r < 13; ++r) {
    std::snprintf(b, sizeof b, "r%d=%08" PRIx32 " ", r, c.r[r]);
    s += b;
  }
  std::snprintf(b, sizeof b, "sp=%08" PRIx32 " lr=%08" PRIx32 " pc=%08" PRIx32 " apsr=%08" PRIx32 " it=%02x ipsr=%u",
                c.r[13], c.r[14], pc, c.apsr(), c.itstate, c.ipsr);
  s += b;
  return s;
}
}  // namespace

void ExStage::eval(Core& c) {
  IdExRegister& r = c.st.idex;
  Slot& s = r.s;
  if (!s.valid) return;
  if (c.st.exmem.s.valid && !c.mem_done) {
    // A stalled MEM holds EX: its work (and so the functional execution) waits. This is what
    // keeps wrong-path instructions out of EX: a load of the PC resolves at the end of MEM.
    c.ex_done = false;
    c.set_stage(Stage::EX, StageState::Stalled, &s, "MEM is busy");
    return;
  }
  if (!s.executed) {
    const Slot* mem = c.st.exmem.s.valid ? &c.st.exmem.s : nullptr;
    const Slot* wb = c.st.memwb.s.valid ? &c.st.memwb.s : nullptr;
    if (s.resolved_in_id) {
    } else if (!c.obs_) {
      c.forwarding.count(s, mem, wb, false, c.st.stats.forwards);
    } else {
      c.forwarding.operands(s, mem, wb, false, [&](ForwardPath p, unsigned reg, const Slot& from) {
        ++c.st.stats.forwards[static_cast<size_t>(p)];
        PendingEvent e{};
        e.type = PendingEvent::Forward;
        e.fwd = {p, static_cast<uint8_t>(reg), from.seq, s.seq};
        c.event(e);
      });
    }
    execute(c, s);
  } else if (r.busy) {
    --r.busy;
  }
  c.ex_done = r.busy == 0;
  c.set_stage(Stage::EX, c.ex_done ? StageState::Busy : StageState::Stalled, &s,
              c.ex_done ? nullptr : "multi-cycle operation");
}

void ExStage::execute(Core& c, Slot& s) {
  s.executed = true;
  isa::Cpu& cpu = c.cpu();
  const InstInfo& ii = *s.info;
  PipelineStats& stats = c.st.stats;
  if (s.pc != c.st.expected_pc) {
    // An m3lab bug: a wrong-path instruction reached EX.
    c.st.diverged = true;
    c.st.divergence = "pipeline bug: executed the instruction at " + hex(s.pc) + " but program order expects " +
                      hex(c.st.expected_pc);
    c.st.finished = true;
    return;
  }
  const uint32_t seq = s.pc + ii.size;
  uint32_t before[16];
  uint32_t flags_before = 0;
  if (c.obs_) {
    std::copy(cpu.r, cpu.r + 16, before);
    flags_before = cpu.apsr();
  }
  isa::System& sys = c.sys();
  uint64_t exc_before = sys.exceptions();
  uint32_t ex_cycles = 1;
  uint32_t next;
  bool exc_return = false;
  bool system = false;  // the ISS's system code ran (it may have stopped the run)
  cpu.r[15] = s.pc + 4;
  try {
    // The ISS's order of checks: EPSR.T, the fetch, the decode.
    if (!cpu.thumb) throw isa::GuestFault{isa::FaultKind::InvState, s.pc};
    if (!ii.decoded) throw isa::GuestFault{ii.fetch_fault, s.pc};
    uint8_t it = cpu.itstate;
    bool pass = (it & 0x0f) == 0 || cpu.condition_passed(it >> 4);
    if (pass) {
      s.naddr = static_cast<uint8_t>(memory_addresses(ii, cpu, s.addr));
      ex_cycles = c.timing.ex_cycles(ii, cpu);
    }
    cpu.next_pc = seq;
    if (pass)
      ii.inst.exec(cpu, ii.inst);
    else
      s.condition_failed = true;
    if (it & 0x0f) cpu.itstate = (it & 0x07) == 0 ? 0 : static_cast<uint8_t>((it & 0xe0) | ((it << 1) & 0x1f));
    if (ii.conditional && cpu.next_pc == seq) s.condition_failed = true;  // B<c> not taken
    if (cpu.events) {
      exc_return = cpu.events & isa::kEvExcReturn;
      system = true;
      sys.clear_stop();
      next = sys.handle_events(cpu.next_pc);
    } else {
      next = cpu.next_pc;
    }
  } catch (const isa::GuestFault& f) {
    s.faulted = true;
    s.naddr = 0;
    cpu.events = 0;
    system = true;
    sys.clear_stop();
    sys.take_fault(f, s.pc);
    next = cpu.r[15];
  }
  cpu.r[15] = next;
  s.next_pc = next;
  c.st.expected_pc = next;
  if (c.obs_) {
    RegWrites& w = c.reg_writes(s.seq);
    w = RegWrites{};
    for (unsigned k = 0; k < 15; ++k)
      if (cpu.r[k] != before[k]) {
        w.mask |= 1u << k;
        w.value[k] = cpu.r[k];
      }
    if (cpu.apsr() != flags_before) {
      w.flags = true;
      w.flags_value = cpu.apsr();
    }
  }
  if (ex_cycles > 1) {
    stats.stalls.multicycle += ex_cycles - 1;
    c.hazard_event(HazardEvent::Multicycle, s.seq, "multi-cycle operation");
  }
  c.st.idex.busy = ex_cycles - 1;
  bool exception = sys.exceptions() != exc_before || exc_return;
  if (exception) stats.exceptions += sys.exceptions() - exc_before;

  if (system && sys.stopped) {
    s.stop_here = true;
    c.st.stop = sys.stop;
  } else if (next == (isa::Iss::kReturnAddress & ~1u) && sys.state.in_call) {
    s.stop_here = true;
    c.st.stop = isa::StopInfo{};
    c.st.stop.reason = isa::StopReason::Exit;
    c.st.stop.exit_code = static_cast<int>(cpu.r[0]);
    c.st.stop.pc = next;
    c.st.stop.message = "returned with " + std::to_string(static_cast<int32_t>(cpu.r[0]));
  }
  if (c.ref_) check(c, s);

  if (s.stop_here) {
    c.redirect(Stage::EX, next, s, "the program stops");
    c.st.fetch.halted = true;
  } else if (exception) {
    ++stats.flushes;
    c.redirect(Stage::EX, next, s, exc_return ? "exception return" : "exception entry");
    c.st.fetch.exc_delay = kExceptionLatency;
  } else if (ii.decoded && ii.branch && ii.resolve == Resolve::Ex && !s.resolved_in_id) {
    ++stats.branches.total;
    c.predictor.update(s.pc, ii, next != seq, next);
    if (next != s.pred_next) {
      ++stats.branches.mispredicted;
      ++stats.flushes;
      c.redirect(Stage::EX, next, s, "mispredicted branch");
    }
  } else if (next != s.pred_next && !(ii.decoded && ii.resolve == Resolve::Mem)) {
    ++stats.flushes;
    c.redirect(Stage::EX, next, s, "unexpected next PC");
  }
}

// Lock-step: the reference ISS executes the same instruction; registers, flags, IT state and the
// next PC must agree.
void ExStage::check(Core& c, Slot& s) {
  isa::Iss& ref = *c.ref_;
  isa::Cpu& rc = ref.cpu();
  uint32_t ref_pc = rc.r[15];
  if (ref_pc != s.pc && !c.st.diverged) {
    c.st.diverged = true;
    c.st.divergence = "lock-step: the ISS is at " + hex(ref_pc) + ", the pipeline executes " + hex(s.pc);
    c.st.finished = true;
    return;
  }
  ref.step();
  const isa::Cpu& pc_ = c.cpu();
  std::string diff;
  for (int k = 0; k < 15; ++k)
    if (rc.r[k] != pc_.r[k]) diff += " r" + std::to_string(k) + ": pipeline " + hex(pc_.r[k]) + ", iss " + hex(rc.r[k]) + ";";
  if (rc.apsr() != pc_.apsr()) diff += " apsr: pipeline " + hex(pc_.apsr()) + ", iss " + hex(rc.apsr()) + ";";
  if (rc.itstate != pc_.itstate) diff += " itstate differs;";
  if (rc.ipsr != pc_.ipsr) diff += " ipsr differs;";
  if (rc.r[15] != s.next_pc) diff += " next pc: pipeline " + hex(s.next_pc) + ", iss " + hex(rc.r[15]) + ";";
  // Memory writes: the bytes a store wrote (whole words around byte and halfword stores; the rest
  // of those words was already equal) must be the same in both memories.
  if (s.info && s.info->store && s.naddr > 0 && !s.faulted) {
    uint32_t n = 4u * s.naddr;
    const uint8_t* mine = pc_.mem->host_ptr(s.addr, n);
    const uint8_t* theirs = ref.memory().host_ptr(s.addr, n);
    if (mine && theirs) {
      for (uint32_t k = 0; k < n; ++k)
        if (mine[k] != theirs[k]) {
          diff += " memory at " + hex(s.addr + k) + ": pipeline " + std::to_string(mine[k]) + ", iss " +
                  std::to_string(theirs[k]) + ";";
          break;
        }
    }
  }
  if (!diff.empty()) {
    c.st.diverged = true;
    c.st.finished = true;
    c.st.divergence = "lock-step divergence after seq " + std::to_string(s.seq) + " at " + hex(s.pc) + " (" +
                      std::string(s.info ? s.info->display() : "?") + "):" + diff + "\n  pipeline: " +
                      cpu_view(pc_, s.next_pc) + "\n  iss:      " + cpu_view(rc, rc.r[15]);
  }
}

}  // namespace m3::sim
