// Fast paths the ISS picks at predecode time for the most frequent instruction shapes. Each is
// the instruction's own semantic function with the choices that are constant for that decoded
// instruction folded away (no addressing-mode tests, no condition test, no shifter); the table's
// function stays the definition, and tests/codec/test_fastpath.cpp checks that both agree on
// random states. Private to isa/.
//
// Two ways in:
//   fast_exec(in)  a function pointer (used for every instruction, also inside IT blocks);
//   fast_op(in)    a small code for the shapes the step loop runs inline, without a call, when it
//                  is outside an IT block. Each op's body is the same inline function that its
//                  fast_exec pointer calls (kOpFns below), so the two cannot disagree.
#pragma once

#include <cstdint>

#include "m3lab/isa/cpu.hpp"
#include "m3lab/isa/inst.hpp"
#include "m3lab/isa/pseudocode.hpp"

namespace m3::isa {

// The function the ISS should call for `in`: a fast path if one applies, else in.exec.
ExecFn fast_exec(const Inst& in);

namespace fast {

// Immediate-offset loads and stores with P = 1, U = 1, W = 0 and Rn != PC: address = Rn + imm.
inline void ldr_offset(Cpu& cpu, const Inst& in) {
  uint32_t data = cpu.read32(cpu.r[in.rn] + in.imm);
  if (in.rd == 15) return cpu.load_write_pc(data);
  cpu.r[in.rd] = data;
}
inline void ldrb_offset(Cpu& cpu, const Inst& in) { cpu.r[in.rd] = cpu.read8(cpu.r[in.rn] + in.imm); }
inline void ldrh_offset(Cpu& cpu, const Inst& in) { cpu.r[in.rd] = cpu.read16(cpu.r[in.rn] + in.imm); }
inline void ldrsb_offset(Cpu& cpu, const Inst& in) {
  cpu.r[in.rd] = SignExtend(cpu.read8(cpu.r[in.rn] + in.imm), 8);
}
inline void ldrsh_offset(Cpu& cpu, const Inst& in) {
  cpu.r[in.rd] = SignExtend(cpu.read16(cpu.r[in.rn] + in.imm), 16);
}
inline void str_offset(Cpu& cpu, const Inst& in) { cpu.write32(cpu.r[in.rn] + in.imm, cpu.r[in.rd]); }
inline void strb_offset(Cpu& cpu, const Inst& in) { cpu.write8(cpu.r[in.rn] + in.imm, cpu.r[in.rd] & 0xff); }
inline void strh_offset(Cpu& cpu, const Inst& in) { cpu.write16(cpu.r[in.rn] + in.imm, cpu.r[in.rd] & 0xffff); }

// The same with writeback and an added offset: pre-indexed "[rn, #imm]!" (address = Rn + imm)
// and post-indexed "[rn], #imm" (address = Rn). The base is written after the access, so a
// faulting access leaves it unchanged, as in the table's functions.
template <bool kPre>
inline uint32_t wb_address(const Cpu& cpu, const Inst& in) {
  return kPre ? cpu.r[in.rn] + in.imm : cpu.r[in.rn];
}
template <bool kPre>
inline void ldr_wb(Cpu& cpu, const Inst& in) {
  uint32_t data = cpu.read32(wb_address<kPre>(cpu, in));
  cpu.r[in.rn] += in.imm;
  if (in.rd == 15) return cpu.load_write_pc(data);
  cpu.r[in.rd] = data;
}
template <bool kPre>
inline void ldrb_wb(Cpu& cpu, const Inst& in) {
  uint32_t data = cpu.read8(wb_address<kPre>(cpu, in));
  cpu.r[in.rn] += in.imm;
  cpu.r[in.rd] = data;
}
template <bool kPre>
inline void ldrh_wb(Cpu& cpu, const Inst& in) {
  uint32_t data = cpu.read16(wb_address<kPre>(cpu, in));
  cpu.r[in.rn] += in.imm;
  cpu.r[in.rd] = data;
}
template <bool kPre>
inline void ldrsb_wb(Cpu& cpu, const Inst& in) {
  uint32_t data = SignExtend(cpu.read8(wb_address<kPre>(cpu, in)), 8);
  cpu.r[in.rn] += in.imm;
  cpu.r[in.rd] = data;
}
template <bool kPre>
inline void ldrsh_wb(Cpu& cpu, const Inst& in) {
  uint32_t data = SignExtend(cpu.read16(wb_address<kPre>(cpu, in)), 16);
  cpu.r[in.rn] += in.imm;
  cpu.r[in.rd] = data;
}
template <bool kPre>
inline void str_wb(Cpu& cpu, const Inst& in) {
  cpu.write32(wb_address<kPre>(cpu, in), cpu.r[in.rd]);
  cpu.r[in.rn] += in.imm;
}
template <bool kPre>
inline void strb_wb(Cpu& cpu, const Inst& in) {
  cpu.write8(wb_address<kPre>(cpu, in), cpu.r[in.rd] & 0xff);
  cpu.r[in.rn] += in.imm;
}
template <bool kPre>
inline void strh_wb(Cpu& cpu, const Inst& in) {
  cpu.write16(wb_address<kPre>(cpu, in), cpu.r[in.rd] & 0xffff);
  cpu.r[in.rn] += in.imm;
}

// CMP (register) with no shift: the 16-bit forms and "cmp.w rn, rm".
inline void cmp_reg(Cpu& cpu, const Inst& in) {
  auto [result, carry, overflow] = AddWithCarry(cpu.r[in.rn], ~cpu.r[in.rm], true);
  cpu.set_nzcv(result, carry, overflow);
}
// CMP (immediate).
inline void cmp_imm(Cpu& cpu, const Inst& in) {
  auto [result, carry, overflow] = AddWithCarry(cpu.r[in.rn], ~in.imm, true);
  cpu.set_nzcv(result, carry, overflow);
}
// ADD/SUB (immediate) that never set the flags (ADDW, SUBW, add.w, sub.w, ADD SP...).
inline void add_imm(Cpu& cpu, const Inst& in) { cpu.r[in.rd] = cpu.r[in.rn] + in.imm; }
inline void sub_imm(Cpu& cpu, const Inst& in) { cpu.r[in.rd] = cpu.r[in.rn] - in.imm; }
// ADDS/SUBS (immediate) that always set them (the S forms of add.w/sub.w).
inline void adds_imm(Cpu& cpu, const Inst& in) {
  auto r = AddWithCarry(cpu.r[in.rn], in.imm, false);
  cpu.r[in.rd] = r.result;
  cpu.set_nzcv(r.result, r.carry, r.overflow);
}
inline void subs_imm(Cpu& cpu, const Inst& in) {
  auto r = AddWithCarry(cpu.r[in.rn], ~in.imm, true);
  cpu.r[in.rd] = r.result;
  cpu.set_nzcv(r.result, r.carry, r.overflow);
}
// MOV (register), no shift, no flags, Rd != PC.
inline void mov_reg(Cpu& cpu, const Inst& in) { cpu.r[in.rd] = cpu.r[in.rm]; }
// MUL/MLA (32-bit result, no flags).
inline void mla(Cpu& cpu, const Inst& in) { cpu.r[in.rd] = cpu.r[in.rn] * cpu.r[in.rm] + cpu.r[in.ra]; }

// B with no condition field (T2, T4): inside an IT block the step loop has already checked the
// block's condition.
inline void b_always(Cpu& cpu, const Inst& in) { cpu.branch_write_pc(cpu.pc() + in.imm); }
// Conditional B (T1, T3).
inline void b_cond(Cpu& cpu, const Inst& in) {
  if (cpu.condition_passed(in.cond)) cpu.branch_write_pc(cpu.pc() + in.imm);
}

}  // namespace fast

// The shapes the step loop runs inline (outside IT blocks). Call: through inst.exec.
enum class FastOp : uint8_t {
  Call,
  LdrOffset, LdrbOffset, LdrhOffset, LdrsbOffset, LdrshOffset, StrOffset, StrbOffset, StrhOffset,
  LdrPre, LdrbPre, LdrsbPre, LdrPost, LdrbPost, StrPost, StrbPost,
  CmpReg, CmpImm, AddImm, SubImm, AddsImm, SubsImm, MovReg, Mla,
  B, BCond,
};

// The op for `in` (as decoded, before fast_exec replaced its exec).
FastOp fast_op(const Inst& in);

// Runs one inline op; false for FastOp::Call (the caller then calls inst.exec).
[[gnu::always_inline]] inline bool run_fast_op(FastOp op, Cpu& cpu, const Inst& in) {
  switch (op) {
    case FastOp::Call: return false;
    case FastOp::LdrOffset: fast::ldr_offset(cpu, in); return true;
    case FastOp::LdrbOffset: fast::ldrb_offset(cpu, in); return true;
    case FastOp::LdrhOffset: fast::ldrh_offset(cpu, in); return true;
    case FastOp::LdrsbOffset: fast::ldrsb_offset(cpu, in); return true;
    case FastOp::LdrshOffset: fast::ldrsh_offset(cpu, in); return true;
    case FastOp::StrOffset: fast::str_offset(cpu, in); return true;
    case FastOp::StrbOffset: fast::strb_offset(cpu, in); return true;
    case FastOp::StrhOffset: fast::strh_offset(cpu, in); return true;
    case FastOp::LdrPre: fast::ldr_wb<true>(cpu, in); return true;
    case FastOp::LdrbPre: fast::ldrb_wb<true>(cpu, in); return true;
    case FastOp::LdrsbPre: fast::ldrsb_wb<true>(cpu, in); return true;
    case FastOp::LdrPost: fast::ldr_wb<false>(cpu, in); return true;
    case FastOp::LdrbPost: fast::ldrb_wb<false>(cpu, in); return true;
    case FastOp::StrPost: fast::str_wb<false>(cpu, in); return true;
    case FastOp::StrbPost: fast::strb_wb<false>(cpu, in); return true;
    case FastOp::CmpReg: fast::cmp_reg(cpu, in); return true;
    case FastOp::CmpImm: fast::cmp_imm(cpu, in); return true;
    case FastOp::AddImm: fast::add_imm(cpu, in); return true;
    case FastOp::SubImm: fast::sub_imm(cpu, in); return true;
    case FastOp::AddsImm: fast::adds_imm(cpu, in); return true;
    case FastOp::SubsImm: fast::subs_imm(cpu, in); return true;
    case FastOp::MovReg: fast::mov_reg(cpu, in); return true;
    case FastOp::Mla: fast::mla(cpu, in); return true;
    case FastOp::B: fast::b_always(cpu, in); return true;
    case FastOp::BCond: fast::b_cond(cpu, in); return true;
  }
  return false;
}

}  // namespace m3::isa
