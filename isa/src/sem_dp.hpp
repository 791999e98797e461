// Semantic functions of the data-processing instructions (ARMv7-M ARM A7.7), one per
// instruction, shared by the 16-bit and 32-bit forms. Private to isa/src: the table rows in
// forms_dp.cpp point at them.
#pragma once

#include "m3lab/isa/cpu.hpp"
#include "m3lab/isa/inst.hpp"

namespace m3::isa::dp {

// Arithmetic (register operands use Shift(R[m], shift_t, shift_n); immediates use in.imm).
void exec_ADD_reg(Cpu& cpu, const Inst& in);
void exec_ADD_imm(Cpu& cpu, const Inst& in);
void exec_ADC_reg(Cpu& cpu, const Inst& in);
void exec_ADC_imm(Cpu& cpu, const Inst& in);
void exec_SUB_reg(Cpu& cpu, const Inst& in);
void exec_SUB_imm(Cpu& cpu, const Inst& in);
void exec_SBC_reg(Cpu& cpu, const Inst& in);
void exec_SBC_imm(Cpu& cpu, const Inst& in);
void exec_RSB_reg(Cpu& cpu, const Inst& in);
void exec_RSB_imm(Cpu& cpu, const Inst& in);
void exec_CMP_reg(Cpu& cpu, const Inst& in);
void exec_CMP_imm(Cpu& cpu, const Inst& in);
void exec_CMN_reg(Cpu& cpu, const Inst& in);
void exec_CMN_imm(Cpu& cpu, const Inst& in);
void exec_ADR(Cpu& cpu, const Inst& in);

// Logical (immediates carry ThumbExpandImm_C's carry out in in.carry).
void exec_AND_reg(Cpu& cpu, const Inst& in);
void exec_AND_imm(Cpu& cpu, const Inst& in);
void exec_BIC_reg(Cpu& cpu, const Inst& in);
void exec_BIC_imm(Cpu& cpu, const Inst& in);
void exec_ORR_reg(Cpu& cpu, const Inst& in);
void exec_ORR_imm(Cpu& cpu, const Inst& in);
void exec_ORN_reg(Cpu& cpu, const Inst& in);
void exec_ORN_imm(Cpu& cpu, const Inst& in);
void exec_EOR_reg(Cpu& cpu, const Inst& in);
void exec_EOR_imm(Cpu& cpu, const Inst& in);
void exec_TST_reg(Cpu& cpu, const Inst& in);
void exec_TST_imm(Cpu& cpu, const Inst& in);
void exec_TEQ_reg(Cpu& cpu, const Inst& in);
void exec_TEQ_imm(Cpu& cpu, const Inst& in);
void exec_MOV_reg(Cpu& cpu, const Inst& in);
void exec_MOV_imm(Cpu& cpu, const Inst& in);
void exec_MVN_reg(Cpu& cpu, const Inst& in);
void exec_MVN_imm(Cpu& cpu, const Inst& in);
void exec_MOVT(Cpu& cpu, const Inst& in);

// Shifts: by an immediate held in in.imm (16-bit forms), or by R[m]<7:0> of register rm.
void exec_LSL_imm(Cpu& cpu, const Inst& in);
void exec_LSR_imm(Cpu& cpu, const Inst& in);
void exec_ASR_imm(Cpu& cpu, const Inst& in);
void exec_LSL_reg(Cpu& cpu, const Inst& in);
void exec_LSR_reg(Cpu& cpu, const Inst& in);
void exec_ASR_reg(Cpu& cpu, const Inst& in);
void exec_ROR_reg(Cpu& cpu, const Inst& in);

// Saturation, bitfields, extends, byte reversal, bit counting.
void exec_SSAT(Cpu& cpu, const Inst& in);
void exec_USAT(Cpu& cpu, const Inst& in);
void exec_SBFX(Cpu& cpu, const Inst& in);
void exec_UBFX(Cpu& cpu, const Inst& in);
void exec_BFI(Cpu& cpu, const Inst& in);
void exec_BFC(Cpu& cpu, const Inst& in);
void exec_SXTB(Cpu& cpu, const Inst& in);
void exec_SXTH(Cpu& cpu, const Inst& in);
void exec_UXTB(Cpu& cpu, const Inst& in);
void exec_UXTH(Cpu& cpu, const Inst& in);
void exec_REV(Cpu& cpu, const Inst& in);
void exec_REV16(Cpu& cpu, const Inst& in);
void exec_REVSH(Cpu& cpu, const Inst& in);
void exec_RBIT(Cpu& cpu, const Inst& in);
void exec_CLZ(Cpu& cpu, const Inst& in);

// Multiply and divide. Long multiplies: rd = RdLo, ra = RdHi.
void exec_MUL(Cpu& cpu, const Inst& in);
void exec_MLA(Cpu& cpu, const Inst& in);
void exec_MLS(Cpu& cpu, const Inst& in);
void exec_SMULL(Cpu& cpu, const Inst& in);
void exec_UMULL(Cpu& cpu, const Inst& in);
void exec_SMLAL(Cpu& cpu, const Inst& in);
void exec_UMLAL(Cpu& cpu, const Inst& in);
void exec_SDIV(Cpu& cpu, const Inst& in);
void exec_UDIV(Cpu& cpu, const Inst& in);

}  // namespace m3::isa::dp
