#include "fastpath.hpp"

#include <array>
#include <utility>

#include "m3lab/isa/cpu.hpp"
#include "m3lab/isa/pseudocode.hpp"
#include "m3lab/isa/table.hpp"
#include "sem_dp.hpp"
#include "sem_mem.hpp"

namespace m3::isa {

namespace {

// Immediate-offset loads and stores with P = 1, U = 1, W = 0 and Rn != PC: address = Rn + imm.
void exec_LDR_offset(Cpu& cpu, const Inst& in) {
  uint32_t data = cpu.read32(cpu.r[in.rn] + in.imm);
  if (in.rd == 15) return cpu.load_write_pc(data);
  cpu.r[in.rd] = data;
}
void exec_LDRB_offset(Cpu& cpu, const Inst& in) { cpu.r[in.rd] = cpu.read8(cpu.r[in.rn] + in.imm); }
void exec_LDRH_offset(Cpu& cpu, const Inst& in) { cpu.r[in.rd] = cpu.read16(cpu.r[in.rn] + in.imm); }
void exec_LDRSB_offset(Cpu& cpu, const Inst& in) {
  cpu.r[in.rd] = SignExtend(cpu.read8(cpu.r[in.rn] + in.imm), 8);
}
void exec_LDRSH_offset(Cpu& cpu, const Inst& in) {
  cpu.r[in.rd] = SignExtend(cpu.read16(cpu.r[in.rn] + in.imm), 16);
}
void exec_STR_offset(Cpu& cpu, const Inst& in) { cpu.write32(cpu.r[in.rn] + in.imm, cpu.r[in.rd]); }
void exec_STRB_offset(Cpu& cpu, const Inst& in) { cpu.write8(cpu.r[in.rn] + in.imm, cpu.r[in.rd] & 0xff); }
void exec_STRH_offset(Cpu& cpu, const Inst& in) { cpu.write16(cpu.r[in.rn] + in.imm, cpu.r[in.rd] & 0xffff); }

// The same with writeback and an added offset: pre-indexed "[rn, #imm]!" (address = Rn + imm)
// and post-indexed "[rn], #imm" (address = Rn). The base is written after the access, so a
// faulting access leaves it unchanged, as in the table's functions.
template <bool kPre>
uint32_t wb_address(Cpu& cpu, const Inst& in) {
  return kPre ? cpu.r[in.rn] + in.imm : cpu.r[in.rn];
}
template <bool kPre>
void exec_LDR_wb(Cpu& cpu, const Inst& in) {
  uint32_t data = cpu.read32(wb_address<kPre>(cpu, in));
  cpu.r[in.rn] += in.imm;
  if (in.rd == 15) return cpu.load_write_pc(data);
  cpu.r[in.rd] = data;
}
template <bool kPre>
void exec_LDRB_wb(Cpu& cpu, const Inst& in) {
  uint32_t data = cpu.read8(wb_address<kPre>(cpu, in));
  cpu.r[in.rn] += in.imm;
  cpu.r[in.rd] = data;
}
template <bool kPre>
void exec_LDRH_wb(Cpu& cpu, const Inst& in) {
  uint32_t data = cpu.read16(wb_address<kPre>(cpu, in));
  cpu.r[in.rn] += in.imm;
  cpu.r[in.rd] = data;
}
template <bool kPre>
void exec_LDRSB_wb(Cpu& cpu, const Inst& in) {
  uint32_t data = SignExtend(cpu.read8(wb_address<kPre>(cpu, in)), 8);
  cpu.r[in.rn] += in.imm;
  cpu.r[in.rd] = data;
}
template <bool kPre>
void exec_LDRSH_wb(Cpu& cpu, const Inst& in) {
  uint32_t data = SignExtend(cpu.read16(wb_address<kPre>(cpu, in)), 16);
  cpu.r[in.rn] += in.imm;
  cpu.r[in.rd] = data;
}
template <bool kPre>
void exec_STR_wb(Cpu& cpu, const Inst& in) {
  cpu.write32(wb_address<kPre>(cpu, in), cpu.r[in.rd]);
  cpu.r[in.rn] += in.imm;
}
template <bool kPre>
void exec_STRB_wb(Cpu& cpu, const Inst& in) {
  cpu.write8(wb_address<kPre>(cpu, in), cpu.r[in.rd] & 0xff);
  cpu.r[in.rn] += in.imm;
}
template <bool kPre>
void exec_STRH_wb(Cpu& cpu, const Inst& in) {
  cpu.write16(wb_address<kPre>(cpu, in), cpu.r[in.rd] & 0xffff);
  cpu.r[in.rn] += in.imm;
}

template <bool kPre>
ExecFn writeback_exec(const Inst& in) {
  if (in.exec == sem::exec_LDR_imm) return exec_LDR_wb<kPre>;
  if (in.exec == sem::exec_LDRB_imm) return exec_LDRB_wb<kPre>;
  if (in.exec == sem::exec_LDRH_imm) return exec_LDRH_wb<kPre>;
  if (in.exec == sem::exec_LDRSB_imm) return exec_LDRSB_wb<kPre>;
  if (in.exec == sem::exec_LDRSH_imm) return exec_LDRSH_wb<kPre>;
  if (in.exec == sem::exec_STR_imm) return exec_STR_wb<kPre>;
  if (in.exec == sem::exec_STRB_imm) return exec_STRB_wb<kPre>;
  if (in.exec == sem::exec_STRH_imm) return exec_STRH_wb<kPre>;
  return nullptr;
}

// CMP (register) with no shift: the 16-bit forms and "cmp.w rn, rm".
void exec_CMP_reg_noshift(Cpu& cpu, const Inst& in) {
  auto [result, carry, overflow] = AddWithCarry(cpu.r[in.rn], ~cpu.r[in.rm], true);
  cpu.set_nzcv(result, carry, overflow);
}

// B with no condition field (T2, T4): inside an IT block the step loop has already checked the
// block's condition.
void exec_B_always(Cpu& cpu, const Inst& in) { cpu.branch_write_pc(cpu.pc() + in.imm); }

// Conditional B (T1, T3) with its condition a template constant: the ConditionPassed switch
// folds to one or two flag tests.
template <unsigned kCond>
void exec_B_cond(Cpu& cpu, const Inst& in) {
  if (cpu.condition_passed(kCond)) cpu.branch_write_pc(cpu.pc() + in.imm);
}
template <unsigned... kConds>
constexpr std::array<ExecFn, sizeof...(kConds)> b_cond_table(std::integer_sequence<unsigned, kConds...>) {
  return {exec_B_cond<kConds>...};
}
constexpr auto kBCond = b_cond_table(std::make_integer_sequence<unsigned, 15>{});

}  // namespace

ExecFn fast_exec(const Inst& in) {
  const Form& f = form(in.form);
  bool offset = in.index && in.add && !in.wback && in.rn != 15 && f.imm != ImmKind::LslImm;
  if (offset) {
    if (in.exec == sem::exec_LDR_imm) return exec_LDR_offset;
    if (in.exec == sem::exec_LDRB_imm) return exec_LDRB_offset;
    if (in.exec == sem::exec_LDRH_imm) return exec_LDRH_offset;
    if (in.exec == sem::exec_LDRSB_imm) return exec_LDRSB_offset;
    if (in.exec == sem::exec_LDRSH_imm) return exec_LDRSH_offset;
    if (in.exec == sem::exec_STR_imm) return exec_STR_offset;
    if (in.exec == sem::exec_STRB_imm) return exec_STRB_offset;
    if (in.exec == sem::exec_STRH_imm) return exec_STRH_offset;
  }
  // Writeback with an added offset (the decoder has already refused Rn == Rt and Rn == PC).
  if (in.wback && in.add && in.rn != 15 && in.rn != in.rd && f.imm != ImmKind::LslImm) {
    if (ExecFn fn = in.index ? writeback_exec<true>(in) : writeback_exec<false>(in)) return fn;
  }
  if (in.exec == dp::exec_CMP_reg && in.shift_n == 0 && in.shift_t == ShiftType::LSL) return exec_CMP_reg_noshift;
  if (f.iclass == IClass::Branch && (f.imm == ImmKind::Branch11 || f.imm == ImmKind::Branch24) && !f.pat.field('c'))
    return exec_B_always;
  if (f.iclass == IClass::Branch && (f.imm == ImmKind::BranchCond8 || f.imm == ImmKind::BranchCond20) &&
      in.cond < kBCond.size()) return kBCond[in.cond];
  return in.exec;
}

}  // namespace m3::isa
