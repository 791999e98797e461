// Branches, IT, system and hint instructions: the table rows and their semantics (ARMv7-M ARM
// A5.2.5, A5.2.6, A5.3.4).
#include "m3lab/isa/cpu.hpp"
#include "m3lab/isa/pseudocode.hpp"
#include "m3lab/isa/table.hpp"

namespace m3::isa {
namespace {

// A7.7.12 B
void exec_B(Cpu& cpu, const Inst& in) {
  if (cpu.condition_passed(in.cond)) cpu.branch_write_pc(cpu.pc() + in.imm);
}

// A7.7.17 BKPT
void exec_BKPT(Cpu& cpu, const Inst& in) {
  cpu.events |= kEvBkpt;
  cpu.event_imm = in.imm;
}

const Form kForms[] = {
    {"B_T2", "b{c}.n\t{t}", P16("11100 iiiiiiiiiii"), exec_B, IClass::Branch, FlagEffect::None, ImmKind::Branch11,
     kLastInIt},
    {"BKPT_T1", "bkpt\t{x4}", P16("10111110 iiiiiiii"), exec_BKPT, IClass::System, FlagEffect::None, ImmKind::Zext},
};

}  // namespace

std::span<const Form> forms_ctl() { return kForms; }

}  // namespace m3::isa
