// The core: the cycle loop (stages WB..IF, then the registers advance), the SystemC thread with
// its two speed modes, TLM access helpers, observer reporting and VCD tracing.
#include "core.hpp"

#include "m3lab/isa/check.hpp"
#include "m3lab/isa/table.hpp"
#include "platform.hpp"

namespace m3::sim {

Core::Core(sc_core::sc_module_name n, isa::Iss& f) : sc_module(n), func_(&f), sys_(&f.system()) {
  SC_THREAD(thread);
  SC_METHOD(observed_tick);
  dont_initialize();
  sensitive << tick_ev_;
  for (tlm::tlm_generic_payload* t : {&itrans_, &dtrans_}) {
    t->set_data_length(4);
    t->set_streaming_width(4);
    t->set_byte_enable_ptr(nullptr);
    t->set_dmi_allowed(false);
  }
  itrans_.set_data_ptr(reinterpret_cast<unsigned char*>(&ibuf_));
  dtrans_.set_data_ptr(reinterpret_cast<unsigned char*>(&dbuf_));
  itrans_.set_command(tlm::TLM_READ_COMMAND);
  // Sync with the kernel every kQuantumCycles cycles when decoupled.
  tlm_utils::tlm_quantumkeeper::set_global_quantum(period_ * static_cast<double>(kQuantumCycles));
}

void Core::configure(const MachineConfig& c) {
  cfg = c;
  predictor.configure(c.core);
  timing.configure(c.core.latency);
  hazard.configure(c.core);
  forwarding.configure(c.core);
}

void Core::invalidate_code() {
  code_info_.assign(mem().config().code_size / 2 + 2, nullptr);
  code_base_ = mem().config().code_base;
  code_size_ = mem().config().code_size;
  info_store_.clear();
  other_info_.clear();
}

const InstInfo* Core::info_slow(uint32_t pc) {
  uint32_t off = pc - mem().config().code_base;
  InstInfo** slot;
  if (off < mem().config().code_size) {
    slot = &code_info_[off >> 1];  // the program cannot write the code region
  } else {
    // Code in RAM (rare): the program may rewrite it, so the entry is checked against memory and
    // re-analysed when it changed (allocating; in-flight slots keep pointing at the old entry).
    slot = &other_info_[pc];
    if (*slot && (*slot)->decoded) {
      uint32_t now = 0;
      try {
        uint16_t hw1 = mem().fetch16(pc);
        now = isa::is_thumb32(hw1) ? (uint32_t{hw1} << 16 | mem().fetch16(pc + 2)) : hw1;
      } catch (const isa::GuestFault&) {
        now = ~(*slot)->fetched;
      }
      if (now != (*slot)->fetched) *slot = nullptr;
    }
  }
  if (!*slot) [[unlikely]] {
    InstInfo& i = info_store_.emplace_back();
    analyse_instruction(i, pc, mem());
    *slot = &i;
  }
  return *slot;
}

void Core::reset_pipeline(uint32_t pc) {
  CoreState fresh;
  fresh.fetch.pc = pc;
  fresh.expected_pc = pc;
  st = fresh;
}

void Core::set_stage_slow(Stage s, StageState::Kind k, const Slot* slot, const char* reason) {
  StageState& x = stage_state[static_cast<int>(s)];
  x.kind = k;
  x.reason = reason;
  if (slot && slot->valid) {
    x.seq = slot->seq;
    x.pc = slot->pc;
    x.text = slot->info ? slot->info->display() : nullptr;
  } else {
    x.seq = 0;
    x.pc = 0;
    x.text = nullptr;
  }
}

void Core::redirect(Stage from, uint32_t pc, const Slot& cause, const char* reason) {
  // Squash everything younger than `from`; the squashed stages are evaluated later this cycle
  // and see empty registers.
  if (from >= Stage::MEM && st.idex.s.valid) {
    set_stage(Stage::EX, StageState::Flushed, &st.idex.s, reason);
    st.idex.s.valid = false;
  }
  if (from >= Stage::EX && st.ifid.s.valid) {
    set_stage(Stage::ID, StageState::Flushed, &st.ifid.s, reason);
    st.ifid.s.valid = false;
  }
  if (st.fetch.slot.valid) {
    set_stage(Stage::IF, StageState::Flushed, &st.fetch.slot, reason);
    st.fetch.slot.valid = false;
  }
  st.fetch.pending = FetchState::None;
  st.fetch.busy = 0;
  st.fetch.pc = pc;
  redirected = true;
  hazard_event(HazardEvent::Flush, cause.seq, reason);
}

// Cacheable addresses take the caches' direct path (CacheModule::direct_access); the system and
// peripheral regions go through the sockets as TLM transactions.
uint32_t Core::icache_access(uint32_t addr) {
  uint32_t k;
  if (cacheable(addr)) [[likely]] {
    k = icache_->direct_access(addr, false, obs_ != nullptr);
  } else {
    sc_core::sc_time d = sc_core::SC_ZERO_TIME;
    itrans_.set_address(addr);
    itrans_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    isock->b_transport(itrans_, d);
    k = static_cast<uint32_t>(d.value() / period_.value());
  }
  if (obs_) {
    const AccessResult& r = icache_->last;
    PendingEvent e{};
    e.type = PendingEvent::Cache;
    e.cache = {CacheId::ICache, addr, false, r.hit || !r.cached, r.set, r.way, r.tag, r.evicted, r.evicted_addr, r.writeback, k};
    event(e);
  }
  return k;
}

uint32_t Core::dcache_access(uint32_t addr, bool write) {
  uint32_t k;
  if (cacheable(addr)) [[likely]] {
    k = dcache_->direct_access(addr & ~3u, write, obs_ != nullptr);
  } else {
    sc_core::sc_time d = sc_core::SC_ZERO_TIME;
    dtrans_.set_address(addr & ~3u);
    dtrans_.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
    dtrans_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    dsock->b_transport(dtrans_, d);
    k = static_cast<uint32_t>(d.value() / period_.value());
  }
  if (obs_) {
    const AccessResult& r = dcache_->last;
    PendingEvent e{};
    e.type = PendingEvent::Cache;
    e.cache = {CacheId::DCache, addr, write, r.hit || !r.cached, r.set, r.way, r.tag, r.evicted, r.evicted_addr, r.writeback, k};
    event(e);
  }
  return k;
}

// Decoupled: the thread runs ahead of the kernel by up to one quantum (tlm_quantumkeeper).
// Observed (an observer or a VCD): one evaluation per clock period, by observed_tick, a method
// process (cheaper than a thread switch per cycle); the thread waits for it to finish.
void Core::thread() {
  for (;;) {
    sc_core::wait(run_ev_);
    if (watched_) {
      tick_ev_.notify(sc_core::SC_ZERO_TIME);
      sc_core::wait(done_ev_);
      continue;
    }
    // The cycles of one quantum run back to back; the local time is then advanced by the
    // cycles run and the thread yields to the kernel (what qk_.inc per cycle and need_sync
    // would do, without the per-cycle sc_time arithmetic).
    qk_.reset();
    while (!st.finished && st.cycle < run_until_) {
      const uint64_t start = st.cycle;
      const uint64_t end = std::min(run_until_, start + kQuantumCycles);
      while (!st.finished && st.cycle < end) {
        if (st.exmem.busy >= 2) [[unlikely]] {
          if (uint64_t n = frozen_cycles(end)) {
            skip(n);
            continue;
          }
        }
        cycle();
      }
      qk_.inc(period_ * static_cast<double>(st.cycle - start));
      qk_.sync();
    }
  }
}

// Cycles from now (at most until `limit`) in which nothing but MEM's countdown can change, so
// that skip() may jump over them: MEM is in a multi-cycle access that goes on after this cycle,
// and every stage behind it holds an instruction that waits for it. Evaluating such a cycle
// changes no statistic: EX waits for MEM, ID's hazard stalls are not counted while EX is held,
// IF holds a delivered instruction, WB and the register moves have nothing to do. Not used with
// branch_resolution: id (ID may resolve a branch, and count its stalls, while MEM is busy).
uint64_t Core::frozen_cycles(uint64_t limit) const {
  if (watched_ || cfg.core.branch_resolution != BranchResolution::EX) return 0;
  if (!st.exmem.s.valid || !st.exmem.started || st.exmem.busy < 2 || st.memwb.s.valid) return 0;
  if (!st.idex.s.valid || !st.ifid.s.valid || !st.ifid.s.analysed || !st.fetch.slot.valid) return 0;
  return std::min<uint64_t>(st.exmem.busy - 1, limit - st.cycle);
}

// n cycles as cycle() would evaluate them in the state frozen_cycles() describes.
void Core::skip(uint64_t n) {
  st.cycle += n;
  st.stats.cycles = st.cycle;
  st.exmem.busy -= static_cast<uint32_t>(n);
}

void Core::observed_tick() {
  if (st.finished || st.cycle >= run_until_) {
    done_ev_.notify(sc_core::SC_ZERO_TIME);
    return;
  }
  cycle();
  next_trigger(period_);
}

[[gnu::flatten]] void Core::cycle() {
  ++st.cycle;
  st.stats.cycles = st.cycle;
  nev_ = 0;
  mem_done = ex_done = id_ready = mem_port_busy = redirected = false;
  if (watched_)
    for (StageState& s : stage_state) s = StageState{};
  wb_stage.eval(*this);
  mem_stage.eval(*this);
  ex_stage.eval(*this);
  id_stage.eval(*this);
  if_stage.eval(*this);
  if (tracing_) {
    for (int k = 0; k < 5; ++k) {
      tr_.pc[k] = stage_state[k].pc;
      tr_.valid[k] = stage_state[k].kind == StageState::Busy || stage_state[k].kind == StageState::Stalled;
    }
    tr_.stall_if = stage_state[0].kind == StageState::Stalled;
    tr_.stall_id = stage_state[1].kind == StageState::Stalled;
    tr_.stall_ex = stage_state[2].kind == StageState::Stalled;
    tr_.stall_mem = stage_state[3].kind == StageState::Stalled;
    tr_.flush = redirected;
    tr_.cycle = st.cycle;
  }
  if (obs_) emit_observer();
  advance();
}

void Core::advance() {
  st.memwb.s.valid = false;  // retired
  if (st.exmem.s.valid && mem_done) {
    st.memwb.s = st.exmem.s;
    st.exmem.s.valid = false;
  }
  if (st.idex.s.valid && ex_done && !st.exmem.s.valid) {
    st.exmem.s = st.idex.s;
    st.exmem.started = false;
    st.exmem.busy = 0;
    st.idex.s.valid = false;
  }
  if (st.ifid.s.valid && id_ready && !st.idex.s.valid) {
    st.idex.s = st.ifid.s;
    st.idex.busy = 0;
    st.ifid.s.valid = false;
  }
  if (st.fetch.slot.valid && !st.ifid.s.valid) {
    st.ifid.s = st.fetch.slot;
    st.ifid.s.resolved_in_id = false;
    st.ifid.s.analysed = false;
    st.fetch.slot.valid = false;
  }
}

void Core::emit_observer() {
  Observer& o = *obs_;
  o.begin_cycle(st.cycle);
  for (int k = 4; k >= 0; --k) o.stage(static_cast<Stage>(k), stage_state[k]);
  for (size_t k = 0; k < nev_; ++k) {
    const PendingEvent& e = events_[k];
    switch (e.type) {
      case PendingEvent::Forward: o.forward(e.fwd); break;
      case PendingEvent::Hazard: o.hazard(e.haz); break;
      case PendingEvent::RegWrite: o.reg_write(e.rw.seq, e.rw.reg, e.rw.value); break;
      case PendingEvent::FlagsWrite: o.flags_write(e.rw.seq, e.rw.value); break;
      case PendingEvent::Cache: o.cache_access(e.cache); break;
      case PendingEvent::Retire: o.retire(e.retire); break;
    }
  }
  o.end_cycle(st.cycle);
}

void Core::trace(sc_core::sc_trace_file* tf) {
  tracing_ = true;
  watched_ = true;
  static const char* names[5] = {"if", "id", "ex", "mem", "wb"};
  for (int k = 0; k < 5; ++k) {
    sc_core::sc_trace(tf, tr_.pc[k], std::string("core.") + names[k] + ".pc");
    sc_core::sc_trace(tf, tr_.valid[k], std::string("core.") + names[k] + ".valid");
  }
  sc_core::sc_trace(tf, tr_.stall_if, "core.if.stall");
  sc_core::sc_trace(tf, tr_.stall_id, "core.id.stall");
  sc_core::sc_trace(tf, tr_.stall_ex, "core.ex.stall");
  sc_core::sc_trace(tf, tr_.stall_mem, "core.mem.stall");
  sc_core::sc_trace(tf, tr_.flush, "core.flush");
  sc_core::sc_trace(tf, tr_.cycle, "core.cycle");
}

}  // namespace m3::sim
