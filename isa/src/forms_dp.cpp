// Data processing: the table rows and their semantics (ARMv7-M ARM A5.2, A5.3.1-A5.3.5, A5.3.7,
// A5.3.11-A5.3.16).
#include "m3lab/isa/cpu.hpp"
#include "m3lab/isa/pseudocode.hpp"
#include "m3lab/isa/table.hpp"

namespace m3::isa {
namespace {

// A7.7.3 ADD (register)
void exec_ADD_reg(Cpu& cpu, const Inst& in) {
  uint32_t shifted = Shift(cpu.r[in.rm], in.shift_t, in.shift_n, cpu.c);
  auto [result, carry, overflow] = AddWithCarry(cpu.r[in.rn], shifted, false);
  if (in.rd == 15) return cpu.alu_write_pc(result);
  cpu.r[in.rd] = result;
  if (cpu.setflags(in)) cpu.set_nzcv(result, carry, overflow);
}

// A7.7.76 MOV (immediate)
void exec_MOV_imm(Cpu& cpu, const Inst& in) {
  cpu.r[in.rd] = in.imm;
  if (cpu.setflags(in)) cpu.set_nzc(in.imm, in.carry == 2 ? cpu.c : in.carry);
}

const Form kForms[] = {
    {"ADD_rrr_T1", "add{s}{c}\t{d}, {n}, {m}", P16("0001100 mmm nnn ddd"), exec_ADD_reg, IClass::Alu,
     FlagEffect::NZCV, ImmKind::None, kSetFlagsOutsideIt},
    {"MOV_ri_T1", "mov{s}{c}\t{d}, #{i}", P16("00100 ddd iiiiiiii"), exec_MOV_imm, IClass::Alu, FlagEffect::NZ,
     ImmKind::Zext, kSetFlagsOutsideIt},
    {"ADD_rrr_T3", "add{s}{c}.w\t{d}, {n}, {m}{sh}", P32("11101011000 s nnnn | 0 iii dddd ii yy mmmm"), exec_ADD_reg,
     IClass::Alu, FlagEffect::NZCV, ImmKind::ShiftImm},
};

}  // namespace

std::span<const Form> forms_dp() { return kForms; }

}  // namespace m3::isa
