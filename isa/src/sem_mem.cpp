// Semantics of the loads and stores. The comment above each function names its entry in ARMv7-M
// ARM A7.7; each follows that entry's pseudocode: offset_addr, address = index ? offset_addr : Rn,
// the access, writeback, then the register write.
//
// Faults: every load is done before any register is written, so a GuestFault thrown by an access
// leaves the registers as they were (the ARM ARM lets a faulting LDM leave them UNKNOWN; we keep
// them). Single LDR/STR/LDRH/STRH accesses may be unaligned (CCR.UNALIGN_TRP is clear, A3.2.1);
// LDM/STM/LDRD/STRD/LDREX use MemA, which takes a UsageFault UNALIGNED when misaligned.
//
// The model always runs privileged, so the unprivileged forms (LDRT, STRT...) share these
// functions: MemU_unpriv[] is MemU[] for privileged code (A7.7 LDRT and friends).
#include "sem_mem.hpp"

#include <bit>

#include "m3lab/isa/pseudocode.hpp"

namespace m3::isa::sem {
namespace {

struct Address {
  uint32_t address;      // the address accessed
  uint32_t offset_addr;  // the value written back to Rn
};

// LDR (immediate) and friends; for a literal (rn == 15) the base is Align(PC, 4) as in
// LDR (literal).
Address imm_address(const Cpu& cpu, const Inst& in) {
  uint32_t base = in.rn == 15 ? cpu.pc_aligned() : cpu.r[in.rn];
  uint32_t offset_addr = in.add ? base + in.imm : base - in.imm;
  return {in.index ? offset_addr : base, offset_addr};
}

// LDR (register) and friends: offset = Shift(R[m], LSL, imm2); always offset addressing.
// (LSL never needs the carry in, so APSR.C is not read.)
uint32_t reg_address(const Cpu& cpu, const Inst& in) {
  return cpu.r[in.rn] + Shift(cpu.r[in.rm], ShiftType::LSL, in.shift_n, false);
}

// MemA[address, 2]: an aligned halfword access (LDREXH/STREXH).
uint32_t read16_aligned(Cpu& cpu, uint32_t a) {
  if (a & 1) throw GuestFault{FaultKind::Unaligned, a};
  return cpu.read16(a);
}
void write16_aligned(Cpu& cpu, uint32_t a, uint32_t x) {
  if (a & 1) throw GuestFault{FaultKind::Unaligned, a};
  cpu.write16(a, x);
}

unsigned bit_count(uint16_t registers) { return static_cast<unsigned>(std::popcount(registers)); }

// Loads the registers of an LDM/POP list from ascending addresses starting at address, all
// before any register is written, then writes them (R0..R14) and returns the word for the PC
// (valid only if registers<15> is set).
uint32_t load_multiple(Cpu& cpu, uint16_t registers, uint32_t address) {
  uint32_t data[16];
  for (unsigned i = 0; i < 16; ++i)
    if ((registers >> i) & 1) {
      data[i] = cpu.read32_aligned(address);
      address += 4;
    }
  for (unsigned i = 0; i < 15; ++i)
    if ((registers >> i) & 1) cpu.r[i] = data[i];
  return (registers >> 15) & 1 ? data[15] : 0;
}

// Stores the registers of an STM/PUSH list to ascending addresses starting at address.
void store_multiple(Cpu& cpu, uint16_t registers, uint32_t address) {
  for (unsigned i = 0; i < 15; ++i)
    if ((registers >> i) & 1) {
      cpu.write32_aligned(address, cpu.r[i]);
      address += 4;
    }
}

}  // namespace

// ---- single loads -----------------------------------------------------------------------------

// LDR (immediate), LDR (literal), LDRT
void exec_LDR_imm(Cpu& cpu, const Inst& in) {
  auto [address, offset_addr] = imm_address(cpu, in);
  uint32_t data = cpu.read32(address);
  if (in.wback) cpu.r[in.rn] = offset_addr;
  if (in.rd == 15) return cpu.load_write_pc(data);
  cpu.r[in.rd] = data;
}

// LDR (register)
void exec_LDR_reg(Cpu& cpu, const Inst& in) {
  uint32_t data = cpu.read32(reg_address(cpu, in));
  if (in.rd == 15) return cpu.load_write_pc(data);
  cpu.r[in.rd] = data;
}

// LDRB (immediate), LDRB (literal), LDRBT
void exec_LDRB_imm(Cpu& cpu, const Inst& in) {
  auto [address, offset_addr] = imm_address(cpu, in);
  uint32_t data = cpu.read8(address);
  if (in.wback) cpu.r[in.rn] = offset_addr;
  cpu.r[in.rd] = data;
}

// LDRB (register)
void exec_LDRB_reg(Cpu& cpu, const Inst& in) { cpu.r[in.rd] = cpu.read8(reg_address(cpu, in)); }

// LDRH (immediate), LDRH (literal), LDRHT
void exec_LDRH_imm(Cpu& cpu, const Inst& in) {
  auto [address, offset_addr] = imm_address(cpu, in);
  uint32_t data = cpu.read16(address);
  if (in.wback) cpu.r[in.rn] = offset_addr;
  cpu.r[in.rd] = data;
}

// LDRH (register)
void exec_LDRH_reg(Cpu& cpu, const Inst& in) { cpu.r[in.rd] = cpu.read16(reg_address(cpu, in)); }

// LDRSB (immediate), LDRSB (literal), LDRSBT
void exec_LDRSB_imm(Cpu& cpu, const Inst& in) {
  auto [address, offset_addr] = imm_address(cpu, in);
  uint32_t data = SignExtend(cpu.read8(address), 8);
  if (in.wback) cpu.r[in.rn] = offset_addr;
  cpu.r[in.rd] = data;
}

// LDRSB (register)
void exec_LDRSB_reg(Cpu& cpu, const Inst& in) {
  cpu.r[in.rd] = SignExtend(cpu.read8(reg_address(cpu, in)), 8);
}

// LDRSH (immediate), LDRSH (literal), LDRSHT
void exec_LDRSH_imm(Cpu& cpu, const Inst& in) {
  auto [address, offset_addr] = imm_address(cpu, in);
  uint32_t data = SignExtend(cpu.read16(address), 16);
  if (in.wback) cpu.r[in.rn] = offset_addr;
  cpu.r[in.rd] = data;
}

// LDRSH (register)
void exec_LDRSH_reg(Cpu& cpu, const Inst& in) {
  cpu.r[in.rd] = SignExtend(cpu.read16(reg_address(cpu, in)), 16);
}

// ---- single stores ----------------------------------------------------------------------------

// STR (immediate), STRT
void exec_STR_imm(Cpu& cpu, const Inst& in) {
  auto [address, offset_addr] = imm_address(cpu, in);
  cpu.write32(address, cpu.r[in.rd]);
  if (in.wback) cpu.r[in.rn] = offset_addr;
}

// STR (register)
void exec_STR_reg(Cpu& cpu, const Inst& in) { cpu.write32(reg_address(cpu, in), cpu.r[in.rd]); }

// STRB (immediate), STRBT
void exec_STRB_imm(Cpu& cpu, const Inst& in) {
  auto [address, offset_addr] = imm_address(cpu, in);
  cpu.write8(address, cpu.r[in.rd] & 0xff);
  if (in.wback) cpu.r[in.rn] = offset_addr;
}

// STRB (register)
void exec_STRB_reg(Cpu& cpu, const Inst& in) { cpu.write8(reg_address(cpu, in), cpu.r[in.rd] & 0xff); }

// STRH (immediate), STRHT
void exec_STRH_imm(Cpu& cpu, const Inst& in) {
  auto [address, offset_addr] = imm_address(cpu, in);
  cpu.write16(address, cpu.r[in.rd] & 0xffff);
  if (in.wback) cpu.r[in.rn] = offset_addr;
}

// STRH (register)
void exec_STRH_reg(Cpu& cpu, const Inst& in) { cpu.write16(reg_address(cpu, in), cpu.r[in.rd] & 0xffff); }

// ---- pairs ------------------------------------------------------------------------------------

// LDRD (immediate), LDRD (literal). Rt is rd, Rt2 is ra.
void exec_LDRD(Cpu& cpu, const Inst& in) {
  auto [address, offset_addr] = imm_address(cpu, in);
  uint32_t data1 = cpu.read32_aligned(address);
  uint32_t data2 = cpu.read32_aligned(address + 4);
  if (in.wback) cpu.r[in.rn] = offset_addr;
  cpu.r[in.rd] = data1;
  cpu.r[in.ra] = data2;  // Rt == Rt2 is UNPREDICTABLE (GNU as accepts it): Rt2 wins here
}

// STRD (immediate)
void exec_STRD(Cpu& cpu, const Inst& in) {
  auto [address, offset_addr] = imm_address(cpu, in);
  cpu.write32_aligned(address, cpu.r[in.rd]);
  cpu.write32_aligned(address + 4, cpu.r[in.ra]);
  if (in.wback) cpu.r[in.rn] = offset_addr;
}

// ---- multiples --------------------------------------------------------------------------------

// LDM, LDMIA, LDMFD. The 16-bit encoding writes back iff Rn is not in the list (the
// decoder sets wback that way); a loaded Rn is never overwritten by the writeback.
void exec_LDM(Cpu& cpu, const Inst& in) {
  uint32_t base = cpu.r[in.rn];
  uint32_t pc_data = load_multiple(cpu, in.reglist, base);
  if (in.wback && !((in.reglist >> in.rn) & 1)) cpu.r[in.rn] = base + 4 * bit_count(in.reglist);
  if ((in.reglist >> 15) & 1) cpu.load_write_pc(pc_data);
}

// LDMDB, LDMEA
void exec_LDMDB(Cpu& cpu, const Inst& in) {
  uint32_t base = cpu.r[in.rn];
  uint32_t pc_data = load_multiple(cpu, in.reglist, base - 4 * bit_count(in.reglist));
  if (in.wback && !((in.reglist >> in.rn) & 1)) cpu.r[in.rn] = base - 4 * bit_count(in.reglist);
  if ((in.reglist >> 15) & 1) cpu.load_write_pc(pc_data);
}

// STM, STMIA, STMEA. With the base in the list (16-bit form only, where it must be the
// lowest register) the original base is stored.
void exec_STM(Cpu& cpu, const Inst& in) {
  uint32_t base = cpu.r[in.rn];
  store_multiple(cpu, in.reglist, base);
  if (in.wback) cpu.r[in.rn] = base + 4 * bit_count(in.reglist);
}

// STMDB, STMFD
void exec_STMDB(Cpu& cpu, const Inst& in) {
  uint32_t address = cpu.r[in.rn] - 4 * bit_count(in.reglist);
  store_multiple(cpu, in.reglist, address);
  if (in.wback) cpu.r[in.rn] = address;
}

// POP
void exec_POP(Cpu& cpu, const Inst& in) {
  uint32_t address = cpu.sp();
  uint32_t pc_data = load_multiple(cpu, in.reglist, address);
  cpu.sp() = address + 4 * bit_count(in.reglist);
  if ((in.reglist >> 15) & 1) cpu.load_write_pc(pc_data);
}

// PUSH
void exec_PUSH(Cpu& cpu, const Inst& in) {
  uint32_t address = cpu.sp() - 4 * bit_count(in.reglist);
  store_multiple(cpu, in.reglist, address);
  cpu.sp() = address;
}

// ---- table branches ---------------------------------------------------------------------------

// TBB, TBH: BranchWritePC(PC + 2*ZeroExtend(entry)); Rn may be the PC (the table follows).
void exec_TBB(Cpu& cpu, const Inst& in) {
  uint32_t halfwords = cpu.read8(cpu.r[in.rn] + cpu.r[in.rm]);
  cpu.branch_write_pc(cpu.pc() + 2 * halfwords);
}

void exec_TBH(Cpu& cpu, const Inst& in) {
  uint32_t halfwords = cpu.read16(cpu.r[in.rn] + (cpu.r[in.rm] << 1));
  cpu.branch_write_pc(cpu.pc() + 2 * halfwords);
}

// ---- exclusives and hints ----------------------------------------------------------------------
// A single-core model with no other bus masters: the exclusive monitors always pass, so STREX
// always stores and returns 0, and CLREX has nothing to clear.

// LDREX
void exec_LDREX(Cpu& cpu, const Inst& in) { cpu.r[in.rd] = cpu.read32_aligned(cpu.r[in.rn] + in.imm); }

// LDREXB
void exec_LDREXB(Cpu& cpu, const Inst& in) { cpu.r[in.rd] = cpu.read8(cpu.r[in.rn]); }

// LDREXH
void exec_LDREXH(Cpu& cpu, const Inst& in) { cpu.r[in.rd] = read16_aligned(cpu, cpu.r[in.rn]); }

// STREX: Rd (status) is rd, Rt is ra.
void exec_STREX(Cpu& cpu, const Inst& in) {
  cpu.write32_aligned(cpu.r[in.rn] + in.imm, cpu.r[in.ra]);
  cpu.r[in.rd] = 0;
}

// STREXB
void exec_STREXB(Cpu& cpu, const Inst& in) {
  cpu.write8(cpu.r[in.rn], cpu.r[in.ra] & 0xff);
  cpu.r[in.rd] = 0;
}

// STREXH
void exec_STREXH(Cpu& cpu, const Inst& in) {
  write16_aligned(cpu, cpu.r[in.rn], cpu.r[in.ra] & 0xffff);
  cpu.r[in.rd] = 0;
}

// CLREX
void exec_CLREX(Cpu&, const Inst&) {}

// PLD, PLI: hints with no architectural effect (and they never fault).
void exec_PLD(Cpu&, const Inst&) {}

}  // namespace m3::isa::sem
