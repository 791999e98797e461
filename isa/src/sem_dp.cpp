// Data-processing semantics (ARMv7-M ARM A7.7). Each function follows the "Operation" pseudocode
// of the section it cites; the encoding-specific parts (setflags, shift, rotation, expanded
// immediate) arrive decoded in the Inst.
#include "sem_dp.hpp"

#include <bit>

#include "m3lab/isa/pseudocode.hpp"

namespace m3::isa::dp {
namespace {

// The carry out of ThumbExpandImm_C, resolved against the current APSR.C (A5.3.2).
bool imm_carry(const Cpu& cpu, const Inst& in) { return in.carry == 2 ? cpu.c != 0 : in.carry != 0; }

// Shift_C(R[m], shift_t, shift_n, APSR.C): the shifted register operand (A7.4.2).
ShiftResult shifted_rm(const Cpu& cpu, const Inst& in) {
  return Shift_C(cpu.r[in.rm], in.shift_t, in.shift_n, cpu.c != 0);
}

// The tail of every arithmetic instruction that writes Rd.
void write_arith(Cpu& cpu, const Inst& in, const AddResult& r) {
  cpu.r[in.rd] = r.result;
  if (cpu.setflags(in)) cpu.set_nzcv(r.result, r.carry, r.overflow);
}

// The tail of every logical instruction that writes Rd.
void write_logical(Cpu& cpu, const Inst& in, uint32_t result, bool carry) {
  cpu.r[in.rd] = result;
  if (cpu.setflags(in)) cpu.set_nzc(result, carry);
}

// Shift by register: shift_n = UInt(R[m]<7:0>) (A7.7.68 LSL (register) and friends).
void shift_by_reg(Cpu& cpu, const Inst& in, ShiftType type) {
  unsigned shift_n = cpu.r[in.rm] & 0xff;
  auto [result, carry] = Shift_C(cpu.r[in.rn], type, shift_n, cpu.c != 0);
  write_logical(cpu, in, result, carry);
}

// Shift by immediate (16-bit forms): the amount is in.imm.
void shift_by_imm(Cpu& cpu, const Inst& in, ShiftType type) {
  auto [result, carry] = Shift_C(cpu.r[in.rm], type, in.imm, cpu.c != 0);
  write_logical(cpu, in, result, carry);
}

// ROR(R[m], rotation) for the extend instructions (rotation is shift_n, 0/8/16/24).
uint32_t rotated_rm(const Cpu& cpu, const Inst& in) {
  return Shift(cpu.r[in.rm], ShiftType::ROR, in.shift_n, false);
}

}  // namespace

// ---- arithmetic --------------------------------------------------------------------------------

// A7.7.4 ADD (register), A7.7.6 ADD (SP plus register). Rd = PC only in the 16-bit forms.
void exec_ADD_reg(Cpu& cpu, const Inst& in) {
  uint32_t shifted = Shift(cpu.r[in.rm], in.shift_t, in.shift_n, cpu.c != 0);
  AddResult r = AddWithCarry(cpu.r[in.rn], shifted, false);
  if (in.rd == 15) return cpu.alu_write_pc(r.result);
  write_arith(cpu, in, r);
}

// A7.7.3 ADD (immediate), A7.7.5 ADD (SP plus immediate)
void exec_ADD_imm(Cpu& cpu, const Inst& in) {
  write_arith(cpu, in, AddWithCarry(cpu.r[in.rn], in.imm, false));
}

// A7.7.2 ADC (register)
void exec_ADC_reg(Cpu& cpu, const Inst& in) {
  uint32_t shifted = shifted_rm(cpu, in).result;
  write_arith(cpu, in, AddWithCarry(cpu.r[in.rn], shifted, cpu.c != 0));
}

// A7.7.1 ADC (immediate)
void exec_ADC_imm(Cpu& cpu, const Inst& in) {
  write_arith(cpu, in, AddWithCarry(cpu.r[in.rn], in.imm, cpu.c != 0));
}

// A7.7.172 SUB (register), A7.7.175 SUB (SP minus register)
void exec_SUB_reg(Cpu& cpu, const Inst& in) {
  uint32_t shifted = shifted_rm(cpu, in).result;
  write_arith(cpu, in, AddWithCarry(cpu.r[in.rn], ~shifted, true));
}

// A7.7.171 SUB (immediate), A7.7.174 SUB (SP minus immediate)
void exec_SUB_imm(Cpu& cpu, const Inst& in) {
  write_arith(cpu, in, AddWithCarry(cpu.r[in.rn], ~in.imm, true));
}

// A7.7.124 SBC (register)
void exec_SBC_reg(Cpu& cpu, const Inst& in) {
  uint32_t shifted = shifted_rm(cpu, in).result;
  write_arith(cpu, in, AddWithCarry(cpu.r[in.rn], ~shifted, cpu.c != 0));
}

// A7.7.123 SBC (immediate)
void exec_SBC_imm(Cpu& cpu, const Inst& in) {
  write_arith(cpu, in, AddWithCarry(cpu.r[in.rn], ~in.imm, cpu.c != 0));
}

// A7.7.120 RSB (register)
void exec_RSB_reg(Cpu& cpu, const Inst& in) {
  uint32_t shifted = shifted_rm(cpu, in).result;
  write_arith(cpu, in, AddWithCarry(~cpu.r[in.rn], shifted, true));
}

// A7.7.119 RSB (immediate); the 16-bit form is NEG, RSBS <Rd>, <Rn>, #0
void exec_RSB_imm(Cpu& cpu, const Inst& in) {
  write_arith(cpu, in, AddWithCarry(~cpu.r[in.rn], in.imm, true));
}

// A7.7.28 CMP (register)
void exec_CMP_reg(Cpu& cpu, const Inst& in) {
  uint32_t shifted = shifted_rm(cpu, in).result;
  auto [result, carry, overflow] = AddWithCarry(cpu.r[in.rn], ~shifted, true);
  cpu.set_nzcv(result, carry, overflow);
}

// A7.7.27 CMP (immediate)
void exec_CMP_imm(Cpu& cpu, const Inst& in) {
  auto [result, carry, overflow] = AddWithCarry(cpu.r[in.rn], ~in.imm, true);
  cpu.set_nzcv(result, carry, overflow);
}

// A7.7.26 CMN (register)
void exec_CMN_reg(Cpu& cpu, const Inst& in) {
  uint32_t shifted = shifted_rm(cpu, in).result;
  auto [result, carry, overflow] = AddWithCarry(cpu.r[in.rn], shifted, false);
  cpu.set_nzcv(result, carry, overflow);
}

// A7.7.25 CMN (immediate)
void exec_CMN_imm(Cpu& cpu, const Inst& in) {
  auto [result, carry, overflow] = AddWithCarry(cpu.r[in.rn], in.imm, false);
  cpu.set_nzcv(result, carry, overflow);
}

// A7.7.7 ADR: Align(PC, 4) plus or minus the offset (the U bit is in.add).
void exec_ADR(Cpu& cpu, const Inst& in) {
  cpu.r[in.rd] = in.add ? cpu.pc_aligned() + in.imm : cpu.pc_aligned() - in.imm;
}

// ---- logical ----------------------------------------------------------------------------------

// A7.7.9 AND (register)
void exec_AND_reg(Cpu& cpu, const Inst& in) {
  auto [shifted, carry] = shifted_rm(cpu, in);
  write_logical(cpu, in, cpu.r[in.rn] & shifted, carry);
}

// A7.7.8 AND (immediate)
void exec_AND_imm(Cpu& cpu, const Inst& in) {
  write_logical(cpu, in, cpu.r[in.rn] & in.imm, imm_carry(cpu, in));
}

// A7.7.16 BIC (register)
void exec_BIC_reg(Cpu& cpu, const Inst& in) {
  auto [shifted, carry] = shifted_rm(cpu, in);
  write_logical(cpu, in, cpu.r[in.rn] & ~shifted, carry);
}

// A7.7.15 BIC (immediate)
void exec_BIC_imm(Cpu& cpu, const Inst& in) {
  write_logical(cpu, in, cpu.r[in.rn] & ~in.imm, imm_carry(cpu, in));
}

// A7.7.92 ORR (register)
void exec_ORR_reg(Cpu& cpu, const Inst& in) {
  auto [shifted, carry] = shifted_rm(cpu, in);
  write_logical(cpu, in, cpu.r[in.rn] | shifted, carry);
}

// A7.7.91 ORR (immediate)
void exec_ORR_imm(Cpu& cpu, const Inst& in) {
  write_logical(cpu, in, cpu.r[in.rn] | in.imm, imm_carry(cpu, in));
}

// A7.7.90 ORN (register)
void exec_ORN_reg(Cpu& cpu, const Inst& in) {
  auto [shifted, carry] = shifted_rm(cpu, in);
  write_logical(cpu, in, cpu.r[in.rn] | ~shifted, carry);
}

// A7.7.89 ORN (immediate)
void exec_ORN_imm(Cpu& cpu, const Inst& in) {
  write_logical(cpu, in, cpu.r[in.rn] | ~in.imm, imm_carry(cpu, in));
}

// A7.7.36 EOR (register)
void exec_EOR_reg(Cpu& cpu, const Inst& in) {
  auto [shifted, carry] = shifted_rm(cpu, in);
  write_logical(cpu, in, cpu.r[in.rn] ^ shifted, carry);
}

// A7.7.35 EOR (immediate)
void exec_EOR_imm(Cpu& cpu, const Inst& in) {
  write_logical(cpu, in, cpu.r[in.rn] ^ in.imm, imm_carry(cpu, in));
}

// A7.7.189 TST (register)
void exec_TST_reg(Cpu& cpu, const Inst& in) {
  auto [shifted, carry] = shifted_rm(cpu, in);
  cpu.set_nzc(cpu.r[in.rn] & shifted, carry);
}

// A7.7.188 TST (immediate)
void exec_TST_imm(Cpu& cpu, const Inst& in) { cpu.set_nzc(cpu.r[in.rn] & in.imm, imm_carry(cpu, in)); }

// A7.7.186 TEQ (register)
void exec_TEQ_reg(Cpu& cpu, const Inst& in) {
  auto [shifted, carry] = shifted_rm(cpu, in);
  cpu.set_nzc(cpu.r[in.rn] ^ shifted, carry);
}

// A7.7.185 TEQ (immediate)
void exec_TEQ_imm(Cpu& cpu, const Inst& in) { cpu.set_nzc(cpu.r[in.rn] ^ in.imm, imm_carry(cpu, in)); }

// A7.7.77 MOV (register), including the 32-bit shift-by-immediate forms (A7.7.67 LSL (immediate),
// A7.7.70 LSR, A7.7.10 ASR, A7.7.116 ROR, A7.7.118 RRX), which objdump prints as MOV with a shift.
void exec_MOV_reg(Cpu& cpu, const Inst& in) {
  auto [result, carry] = shifted_rm(cpu, in);
  if (in.rd == 15) return cpu.alu_write_pc(result);
  write_logical(cpu, in, result, carry);
}

// A7.7.76 MOV (immediate), MOVW included (it never sets flags)
void exec_MOV_imm(Cpu& cpu, const Inst& in) { write_logical(cpu, in, in.imm, imm_carry(cpu, in)); }

// A7.7.86 MVN (register)
void exec_MVN_reg(Cpu& cpu, const Inst& in) {
  auto [shifted, carry] = shifted_rm(cpu, in);
  write_logical(cpu, in, ~shifted, carry);
}

// A7.7.85 MVN (immediate)
void exec_MVN_imm(Cpu& cpu, const Inst& in) { write_logical(cpu, in, ~in.imm, imm_carry(cpu, in)); }

// A7.7.79 MOVT: R[d]<31:16> = imm16
void exec_MOVT(Cpu& cpu, const Inst& in) { cpu.r[in.rd] = (in.imm << 16) | (cpu.r[in.rd] & 0xffff); }

// ---- shifts ------------------------------------------------------------------------------------

// A7.7.67 LSL (immediate), A7.7.69 LSR (immediate), A7.7.10 ASR (immediate): 16-bit forms
void exec_LSL_imm(Cpu& cpu, const Inst& in) { shift_by_imm(cpu, in, ShiftType::LSL); }
void exec_LSR_imm(Cpu& cpu, const Inst& in) { shift_by_imm(cpu, in, ShiftType::LSR); }
void exec_ASR_imm(Cpu& cpu, const Inst& in) { shift_by_imm(cpu, in, ShiftType::ASR); }

// A7.7.68 LSL (register), A7.7.70 LSR (register), A7.7.11 ASR (register), A7.7.117 ROR (register)
void exec_LSL_reg(Cpu& cpu, const Inst& in) { shift_by_reg(cpu, in, ShiftType::LSL); }
void exec_LSR_reg(Cpu& cpu, const Inst& in) { shift_by_reg(cpu, in, ShiftType::LSR); }
void exec_ASR_reg(Cpu& cpu, const Inst& in) { shift_by_reg(cpu, in, ShiftType::ASR); }
void exec_ROR_reg(Cpu& cpu, const Inst& in) { shift_by_reg(cpu, in, ShiftType::ROR); }

// ---- saturation, bitfields, extends, reversal -----------------------------------------------

// A7.7.129 SSAT: saturate_to is imm2 (1..32), the shift is shift_t/shift_n (LSL or ASR).
void exec_SSAT(Cpu& cpu, const Inst& in) {
  uint32_t operand = Shift(cpu.r[in.rn], in.shift_t, in.shift_n, cpu.c != 0);
  auto [result, sat] = SignedSatQ(static_cast<int32_t>(operand), in.imm2);
  cpu.r[in.rd] = result;
  if (sat) cpu.q = 1;
}

// A7.7.199 USAT: saturate_to is imm2 (0..31).
void exec_USAT(Cpu& cpu, const Inst& in) {
  uint32_t operand = Shift(cpu.r[in.rn], in.shift_t, in.shift_n, cpu.c != 0);
  auto [result, sat] = UnsignedSatQ(static_cast<int32_t>(operand), in.imm2);
  cpu.r[in.rd] = result;
  if (sat) cpu.q = 1;
}

// A7.7.126 SBFX: lsbit = imm, width = imm2 (the decoder guarantees lsbit + width <= 32).
void exec_SBFX(Cpu& cpu, const Inst& in) { cpu.r[in.rd] = SignExtend(cpu.r[in.rn] >> in.imm, in.imm2); }

// A7.7.193 UBFX
void exec_UBFX(Cpu& cpu, const Inst& in) {
  uint32_t mask = in.imm2 == 32 ? ~0u : (1u << in.imm2) - 1;
  cpu.r[in.rd] = (cpu.r[in.rn] >> in.imm) & mask;
}

// Bits lsb .. lsb+width-1 set.
static uint32_t field_mask(unsigned lsb, unsigned width) {
  uint32_t ones = width == 32 ? ~0u : (1u << width) - 1;
  return ones << lsb;
}

// A7.7.14 BFI: R[d]<msbit:lsbit> = R[n]<(msbit-lsbit):0>
void exec_BFI(Cpu& cpu, const Inst& in) {
  uint32_t mask = field_mask(in.imm, in.imm2);
  cpu.r[in.rd] = (cpu.r[in.rd] & ~mask) | ((cpu.r[in.rn] << in.imm) & mask);
}

// A7.7.13 BFC: R[d]<msbit:lsbit> = Replicate('0')
void exec_BFC(Cpu& cpu, const Inst& in) { cpu.r[in.rd] &= ~field_mask(in.imm, in.imm2); }

// A7.7.182 SXTB, A7.7.184 SXTH, A7.7.223 UXTB, A7.7.225 UXTH
void exec_SXTB(Cpu& cpu, const Inst& in) { cpu.r[in.rd] = SignExtend(rotated_rm(cpu, in) & 0xff, 8); }
void exec_SXTH(Cpu& cpu, const Inst& in) { cpu.r[in.rd] = SignExtend(rotated_rm(cpu, in) & 0xffff, 16); }
void exec_UXTB(Cpu& cpu, const Inst& in) { cpu.r[in.rd] = rotated_rm(cpu, in) & 0xff; }
void exec_UXTH(Cpu& cpu, const Inst& in) { cpu.r[in.rd] = rotated_rm(cpu, in) & 0xffff; }

// A7.7.113 REV
void exec_REV(Cpu& cpu, const Inst& in) {
  uint32_t x = cpu.r[in.rm];
  cpu.r[in.rd] = (x << 24) | ((x & 0xff00) << 8) | ((x >> 8) & 0xff00) | (x >> 24);
}

// A7.7.114 REV16: swap the bytes of each halfword
void exec_REV16(Cpu& cpu, const Inst& in) {
  uint32_t x = cpu.r[in.rm];
  cpu.r[in.rd] = ((x & 0x00ff00ff) << 8) | ((x >> 8) & 0x00ff00ff);
}

// A7.7.115 REVSH: result<31:8> = SignExtend(R[m]<7:0>), result<7:0> = R[m]<15:8>
void exec_REVSH(Cpu& cpu, const Inst& in) {
  uint32_t x = cpu.r[in.rm];
  cpu.r[in.rd] = (SignExtend(x & 0xff, 8) << 8) | ((x >> 8) & 0xff);
}

// A7.7.112 RBIT
void exec_RBIT(Cpu& cpu, const Inst& in) {
  uint32_t x = cpu.r[in.rm], result = 0;
  for (int i = 0; i < 32; ++i) result |= ((x >> i) & 1u) << (31 - i);
  cpu.r[in.rd] = result;
}

// A7.7.24 CLZ
void exec_CLZ(Cpu& cpu, const Inst& in) {
  cpu.r[in.rd] = static_cast<uint32_t>(std::countl_zero(cpu.r[in.rm]));
}

// ---- multiply and divide -------------------------------------------------------------------

// A7.7.84 MUL: the 16-bit form sets N and Z outside an IT block (C and V unchanged on ARMv7-M).
void exec_MUL(Cpu& cpu, const Inst& in) {
  uint32_t result = cpu.r[in.rn] * cpu.r[in.rm];
  cpu.r[in.rd] = result;
  if (cpu.setflags(in)) cpu.set_nz(result);
}

// A7.7.74 MLA
void exec_MLA(Cpu& cpu, const Inst& in) { cpu.r[in.rd] = cpu.r[in.rn] * cpu.r[in.rm] + cpu.r[in.ra]; }

// A7.7.75 MLS
void exec_MLS(Cpu& cpu, const Inst& in) { cpu.r[in.rd] = cpu.r[in.ra] - cpu.r[in.rn] * cpu.r[in.rm]; }

namespace {
void write_long(Cpu& cpu, const Inst& in, uint64_t result) {
  cpu.r[in.ra] = static_cast<uint32_t>(result >> 32);  // RdHi
  cpu.r[in.rd] = static_cast<uint32_t>(result);        // RdLo
}
uint64_t acc_long(const Cpu& cpu, const Inst& in) { return (uint64_t{cpu.r[in.ra]} << 32) | cpu.r[in.rd]; }
int64_t sext(uint32_t x) { return static_cast<int32_t>(x); }
}  // namespace

// A7.7.149 SMULL
void exec_SMULL(Cpu& cpu, const Inst& in) {
  write_long(cpu, in, static_cast<uint64_t>(sext(cpu.r[in.rn]) * sext(cpu.r[in.rm])));
}

// A7.7.204 UMULL
void exec_UMULL(Cpu& cpu, const Inst& in) { write_long(cpu, in, uint64_t{cpu.r[in.rn]} * cpu.r[in.rm]); }

// A7.7.138 SMLAL (modulo 2^64, as the pseudocode's result<63:0>)
void exec_SMLAL(Cpu& cpu, const Inst& in) {
  uint64_t product = static_cast<uint64_t>(sext(cpu.r[in.rn]) * sext(cpu.r[in.rm]));
  write_long(cpu, in, product + acc_long(cpu, in));
}

// A7.7.203 UMLAL
void exec_UMLAL(Cpu& cpu, const Inst& in) {
  write_long(cpu, in, uint64_t{cpu.r[in.rn]} * cpu.r[in.rm] + acc_long(cpu, in));
}

namespace {
// IntegerZeroDivideTrappingEnabled(): CCR.DIV_0_TRP (B3.2.8).
bool div0_trap(const Cpu& cpu) { return cpu.mem && (cpu.mem->sys().ccr & (1u << 4)); }
}  // namespace

// A7.7.127 SDIV: rounds towards zero; INT_MIN / -1 = INT_MIN (0x80000000).
void exec_SDIV(Cpu& cpu, const Inst& in) {
  int64_t n = sext(cpu.r[in.rn]), m = sext(cpu.r[in.rm]);
  if (m == 0) {
    if (div0_trap(cpu)) throw GuestFault{FaultKind::DivByZero, 0};
    cpu.r[in.rd] = 0;
    return;
  }
  cpu.r[in.rd] = static_cast<uint32_t>(n / m);
}

// A7.7.195 UDIV
void exec_UDIV(Cpu& cpu, const Inst& in) {
  uint32_t n = cpu.r[in.rn], m = cpu.r[in.rm];
  if (m == 0) {
    if (div0_trap(cpu)) throw GuestFault{FaultKind::DivByZero, 0};
    cpu.r[in.rd] = 0;
    return;
  }
  cpu.r[in.rd] = n / m;
}

}  // namespace m3::isa::dp
