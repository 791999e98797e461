// Architectural state of the simulated Cortex-M3 and the small vocabulary that the semantic
// functions use. Semantic functions read like the ARM ARM pseudocode:
//
//   void exec_ADD_reg(Cpu& cpu, const Inst& in) {
//     uint32_t shifted = Shift(cpu.r[in.rm], in.shift_t, in.shift_n, cpu.c);
//     auto [result, carry, overflow] = AddWithCarry(cpu.r[in.rn], shifted, 0);
//     if (in.rd == 15) return cpu.alu_write_pc(result);
//     cpu.r[in.rd] = result;
//     if (cpu.setflags(in)) cpu.set_nzcv(result, carry, overflow);
//   }
//
// While an instruction executes, r[15] holds its address + 4 (the value the ARM ARM calls PC) and
// next_pc holds the address of the next instruction in sequence; branches overwrite next_pc.
// Things the step loop must act on after the instruction (SVC, BKPT, exception return, WFI...)
// are raised as `events`. Faults are thrown as GuestFault.
#pragma once

#include <cstdint>

#include "m3lab/isa/inst.hpp"
#include "m3lab/isa/memory.hpp"

namespace m3::isa {

enum Event : uint32_t {
  kEvNone = 0,
  kEvSvc = 1u << 0,        // SVC executed: take the SVCall exception (imm in event_imm)
  kEvBkpt = 1u << 1,       // BKPT executed (imm in event_imm): semihosting if 0xAB
  kEvExcReturn = 1u << 2,  // an EXC_RETURN value was written to the PC (value in next_pc)
  kEvWfi = 1u << 3,        // WFI/WFE (no-ops here, counted)
  kEvSpecialReg = 1u << 4, // PRIMASK/FAULTMASK/BASEPRI/CONTROL changed (interrupt masking)
};

struct Cpu {
  uint32_t r[16] = {};  // r13 is the current SP; r15 is PC (address of this instruction + 4)
  uint32_t next_pc = 0;
  // APSR flags, one byte each for speed (0 or 1).
  uint8_t n = 0, z = 0, c = 0, v = 0, q = 0;
  uint8_t itstate = 0;  // EPSR.IT
  uint8_t thumb = 1;    // EPSR.T
  // Exception state.
  uint16_t ipsr = 0;  // current exception number, 0 in thread mode
  uint32_t msp = 0, psp = 0;  // the banked stack pointer that is not current lives here
  uint8_t primask = 0, faultmask = 0, basepri = 0, control = 0;
  // Set by semantic functions; handled by the step loop after the instruction.
  uint32_t events = 0;
  uint32_t event_imm = 0;
  // The local exclusive monitor (LDREX/STREX/CLREX, A3.4).
  bool excl_open = false;
  uint32_t excl_addr = 0;
  void set_exclusive(uint32_t addr) {
    excl_open = true;
    excl_addr = addr;
  }

  Memory* mem = nullptr;

  // --- flags -------------------------------------------------------------------------------
  bool in_it() const { return (itstate & 0x0f) != 0; }
  bool setflags(const Inst& in) const {
    return in.setflags == SetFlags::Always || (in.setflags == SetFlags::OutsideIt && !in_it());
  }
  void set_nz(uint32_t result) {
    n = static_cast<uint8_t>(result >> 31);
    z = result == 0;
  }
  void set_nzc(uint32_t result, bool carry) {
    set_nz(result);
    c = carry;
  }
  void set_nzcv(uint32_t result, bool carry, bool overflow) {
    set_nzc(result, carry);
    v = overflow;
  }
  uint32_t apsr() const {
    return (uint32_t{n} << 31) | (uint32_t{z} << 30) | (uint32_t{c} << 29) | (uint32_t{v} << 28) |
           (uint32_t{q} << 27);
  }
  void set_apsr_nzcvq(uint32_t x) {
    n = (x >> 31) & 1;
    z = (x >> 30) & 1;
    c = (x >> 29) & 1;
    v = (x >> 28) & 1;
    q = (x >> 27) & 1;
  }
  // xPSR as MRS/exception stacking see it: APSR | EPSR (IT, T) | IPSR.
  uint32_t xpsr() const {
    return apsr() | (uint32_t{thumb} << 24) | ((uint32_t{itstate} & 0x03) << 25) |
           ((uint32_t{itstate} >> 2) << 10) | ipsr;
  }
  void set_xpsr(uint32_t x) {
    set_apsr_nzcvq(x);
    thumb = (x >> 24) & 1;
    itstate = static_cast<uint8_t>(((x >> 25) & 0x03) | (((x >> 10) & 0x3f) << 2));
    ipsr = x & 0x1ff;
  }

  // Condition check against the current flags (ARM ARM A7.3.1 ConditionPassed).
  bool condition_passed(unsigned cond) const {
    bool result;
    switch (cond >> 1) {
      case 0: result = z; break;
      case 1: result = c; break;
      case 2: result = n; break;
      case 3: result = v; break;
      case 4: result = c && !z; break;
      case 5: result = n == v; break;
      case 6: result = n == v && !z; break;
      default: return true;  // AL (and 0b1111)
    }
    return (cond & 1) ? !result : result;
  }

  // --- PC writes (ARM ARM A2.3.1) ---------------------------------------------------------
  uint32_t pc() const { return r[15]; }
  // Align(PC, 4) for literal addressing and ADR.
  uint32_t pc_aligned() const { return r[15] & ~3u; }
  void branch_write_pc(uint32_t addr) { next_pc = addr & ~1u; }
  void alu_write_pc(uint32_t addr) { branch_write_pc(addr); }
  // BXWritePC: handles EXC_RETURN in handler mode and the Thumb bit.
  void bx_write_pc(uint32_t addr) {
    if (ipsr != 0 && (addr >> 28) == 0xF) {
      events |= kEvExcReturn;
      next_pc = addr;
      return;
    }
    // EPSR.T = address<0>; clearing it makes the next instruction fault with INVSTATE.
    thumb = addr & 1;
    next_pc = addr & ~1u;
  }
  void load_write_pc(uint32_t addr) { bx_write_pc(addr); }
  void blx_write_pc(uint32_t addr) { bx_write_pc(addr); }

  // --- stack pointer banking ----------------------------------------------------------------
  uint32_t& sp() { return r[13]; }
  bool psp_active() const { return ipsr == 0 && (control & 2); }

  // --- memory (throws GuestFault) -------------------------------------------------------------
  uint32_t read32(uint32_t a) { return mem->read32(a); }
  uint32_t read16(uint32_t a) { return mem->read16(a); }
  uint32_t read8(uint32_t a) { return mem->read8(a); }
  void write32(uint32_t a, uint32_t x) { mem->write32(a, x); }
  void write16(uint32_t a, uint32_t x) { mem->write16(a, x); }
  void write8(uint32_t a, uint32_t x) { mem->write8(a, x); }
  // Word accesses that must be aligned (LDM/STM/LDRD/STRD): UsageFault UNALIGNED otherwise.
  uint32_t read32_aligned(uint32_t a) {
    if (a & 3) throw GuestFault{FaultKind::Unaligned, a};
    return mem->read32(a);
  }
  void write32_aligned(uint32_t a, uint32_t x) {
    if (a & 3) throw GuestFault{FaultKind::Unaligned, a};
    mem->write32(a, x);
  }
};

}  // namespace m3::isa
