// The pipeline's helper units: branch predictor, timing table, hazard unit, forwarding unit.
// Each is a plain class (no SystemC) implemented in its own file; the core owns one of each.
// (The predictor class is BranchPredictorUnit: config.hpp's enum BranchPredictor names the kind.)
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "m3lab/sim/config.hpp"
#include "m3lab/sim/observer.hpp"
#include "pipeline_regs.hpp"

namespace m3::sim {

// static-nt, btfn, 1-bit and 2-bit (BHT + BTB), per the timing contract (docs/pipeline.md).
class BranchPredictorUnit {
 public:
  struct State {
    std::vector<uint8_t> bht;         // 1-bit: last outcome; 2-bit: saturating counter
    std::vector<uint32_t> btb_tag;    // full PC; 1 (odd, never a PC) = empty
    std::vector<uint32_t> btb_target;
  };
  void configure(const CoreConfig& c);
  void reset();
  // The PC to fetch after the instruction at pc (predecoded as info).
  uint32_t predict(uint32_t pc, const InstInfo& info) const {
    if (!info.branch || kind_ == BranchPredictor::StaticNotTaken) return pc + info.size;
    return predict_branch(pc, info);
  }
  // The branch at pc resolved: taken or not, to target.
  void update(uint32_t pc, const InstInfo& info, bool taken, uint32_t target);
  const State& state() const { return st_; }
  void restore(const State& s) { st_ = s; }

 private:
  uint32_t predict_branch(uint32_t pc, const InstInfo& info) const;
  uint32_t bht_index(uint32_t pc) const { return (pc >> 1) % static_cast<uint32_t>(st_.bht.size()); }
  uint32_t btb_index(uint32_t pc) const { return (pc >> 1) % static_cast<uint32_t>(st_.btb_tag.size()); }
  State st_;
  BranchPredictor kind_ = BranchPredictor::StaticNotTaken;
};

// EX latencies from core.latency.
class TimingTable {
 public:
  void configure(const CoreLatency& l) { lat_ = l; }
  // Cycles the instruction spends in EX, from its operands before it executes.
  uint32_t ex_cycles(const InstInfo& info, const isa::Cpu& cpu) const {
    switch (info.iclass) {
      case isa::IClass::Mul: return std::max(1u, lat_.mul);
      case isa::IClass::MulLong: return std::max(1u, lat_.mul + 1);
      case isa::IClass::Div: return div_ex_cycles(info, cpu);
      default: return 1;
    }
  }
  // SDIV/UDIV from their operands.
  uint32_t div_ex_cycles(const InstInfo& info, const isa::Cpu& cpu) const;
  // SDIV/UDIV: q = significant quotient bits, cycles = min(div_max, div_min + ceil(q / 4)).
  uint32_t div_cycles(uint32_t dividend, uint32_t divisor) const;

 private:
  CoreLatency lat_;
};

// Data hazards, detected in ID against the instructions in EX and MEM.
struct HazardCheck {
  bool stall = false;
  HazardEvent::Kind kind = HazardEvent::Raw;
  uint8_t reg = 0;
  const Slot* producer = nullptr;
  Stage where = Stage::EX;
};

class HazardUnit {
 public:
  void configure(const CoreConfig& c) { forwarding_ = c.forwarding; }
  // May the consumer in ID move to EX next cycle? ex/mem: the instructions in EX and MEM this
  // cycle (null if empty); mem_done: MEM finishes this cycle.
  HazardCheck check_ex(const Slot& consumer, const Slot* ex, const Slot* mem, bool mem_done) const;
  // May a branch resolve in ID this cycle (its operands are needed now)?
  HazardCheck check_id_branch(const Slot& branch, const Slot* ex, const Slot* mem) const;

 private:
  bool forwarding_ = true;
};

// Which forwarding path supplies each operand, for statistics and observers.
class ForwardingUnit {
 public:
  void configure(const CoreConfig& c) { forwarding_ = c.forwarding; }
  bool enabled() const { return forwarding_; }
  // Calls emit(path, reg, producer) for each source of `consumer` supplied by a path into EX
  // (from_mem: EX/MEM→EX, from_wb: MEM/WB→EX) or into ID (to_id).
  // Only the counts operands() would emit: forwards[path] += number of sources it supplies
  // (`counts` indexed by ForwardPath).
  template <class Counts>
  void count(const Slot& consumer, const Slot* mem, const Slot* wb, bool to_id, Counts& counts) const {
    if (!forwarding_) return;
    uint32_t from_mem = mem && mem->valid ? consumer.reads & (mem->writes | mem->load_writes) : 0;
    uint32_t from_wb = wb && wb->valid ? consumer.reads & (wb->writes | wb->load_writes) & ~from_mem : 0;
    // (Few bits are set: clearing them one by one is cheaper than a popcount without POPCNT.)
    for (; from_mem; from_mem &= from_mem - 1) ++counts[static_cast<size_t>(to_id ? ForwardPath::ExMemToId : ForwardPath::ExMemToEx)];
    for (; from_wb; from_wb &= from_wb - 1) ++counts[static_cast<size_t>(to_id ? ForwardPath::MemWbToId : ForwardPath::MemWbToEx)];
  }
  template <class Emit>
  void operands(const Slot& consumer, const Slot* mem, const Slot* wb, bool to_id, Emit&& emit) const {
    if (!forwarding_) return;
    uint32_t need = consumer.reads;
    for (uint32_t m = need; m; m &= m - 1) {
      unsigned r = static_cast<unsigned>(__builtin_ctz(m));
      uint32_t b = 1u << r;
      if (mem && mem->valid && ((mem->writes | mem->load_writes) & b)) {
        emit(to_id ? ForwardPath::ExMemToId : ForwardPath::ExMemToEx, r, *mem);
      } else if (wb && wb->valid && ((wb->writes | wb->load_writes) & b)) {
        emit(to_id ? ForwardPath::MemWbToId : ForwardPath::MemWbToEx, r, *wb);
      }
    }
  }

 private:
  bool forwarding_ = true;
};

}  // namespace m3::sim
