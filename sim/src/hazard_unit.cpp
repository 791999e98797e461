// Data hazards (docs/pipeline.md, "Decode, operands, forwarding, data hazards"). Operands are
// needed at the start of EX; ALU results exist at the end of EX, loads at the end of MEM.
#include "units.hpp"

namespace m3::sim {

namespace {
// The lowest register of `m` (for the report).
uint8_t first_reg(uint32_t m) { return static_cast<uint8_t>(__builtin_ctz(m)); }
}  // namespace

HazardCheck HazardUnit::check_ex(const Slot& c, const Slot* ex, const Slot* mem, bool mem_done) const {
  HazardCheck h;
  if (forwarding_) {
    // Only a load in EX (its data arrives at the end of MEM, one cycle too late) stalls.
    if (ex && ex->valid && (ex->load_writes & c.reads)) {
      h = {true, HazardEvent::LoadUse, first_reg(ex->load_writes & c.reads), ex, Stage::EX};
    } else if (mem && mem->valid && !mem_done && (mem->load_writes & c.reads)) {
      // A load still busy in MEM (multi-beat, miss) has not produced its data either.
      h = {true, HazardEvent::LoadUse, first_reg(mem->load_writes & c.reads), mem, Stage::MEM};
    }
    return h;
  }
  // No forwarding: wait while a producer is in EX or MEM (WB writes in the first half-cycle).
  if (ex && ex->valid && ((ex->writes | ex->load_writes) & c.reads))
    h = {true, HazardEvent::Raw, first_reg((ex->writes | ex->load_writes) & c.reads), ex, Stage::EX};
  else if (mem && mem->valid && ((mem->writes | mem->load_writes) & c.reads))
    h = {true, HazardEvent::Raw, first_reg((mem->writes | mem->load_writes) & c.reads), mem, Stage::MEM};
  return h;
}

HazardCheck HazardUnit::check_id_branch(const Slot& b, const Slot* ex, const Slot* mem) const {
  HazardCheck h;
  auto kind = [](const Slot& p, uint32_t r) {
    return (p.load_writes & r) ? HazardEvent::LoadUse : HazardEvent::Raw;
  };
  if (ex && ex->valid && ((ex->writes | ex->load_writes) & b.reads)) {
    uint32_t r = (ex->writes | ex->load_writes) & b.reads;
    return {true, forwarding_ ? kind(*ex, r) : HazardEvent::Raw, first_reg(r), ex, Stage::EX};
  }
  if (mem && mem->valid) {
    uint32_t r = (forwarding_ ? mem->load_writes : (mem->writes | mem->load_writes)) & b.reads;
    if (r) return {true, forwarding_ ? HazardEvent::LoadUse : HazardEvent::Raw, first_reg(r), mem, Stage::MEM};
  }
  return h;
}

}  // namespace m3::sim
