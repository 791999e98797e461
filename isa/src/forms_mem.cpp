// Loads and stores: the table rows and their semantics (ARMv7-M ARM A5.2.4, A5.3.7-A5.3.10).
#include "m3lab/isa/cpu.hpp"
#include "m3lab/isa/pseudocode.hpp"
#include "m3lab/isa/table.hpp"

namespace m3::isa {
namespace {

// A7.7.42 LDR (immediate)
void exec_LDR_imm(Cpu& cpu, const Inst& in) {
  uint32_t offset_addr = in.add ? cpu.r[in.rn] + in.imm : cpu.r[in.rn] - in.imm;
  uint32_t address = in.index ? offset_addr : cpu.r[in.rn];
  uint32_t data = cpu.read32(address);
  if (in.wback) cpu.r[in.rn] = offset_addr;
  if (in.rd == 15) return cpu.load_write_pc(data);
  cpu.r[in.rd] = data;
}

const Form kForms[] = {
    {"LDR_imm5_T1", "ldr{c}\t{d}, [{n}, #{i}]", P16("01101 iiiii nnn ddd"), exec_LDR_imm, IClass::Load,
     FlagEffect::None, ImmKind::Scale4},
};

}  // namespace

std::span<const Form> forms_mem() { return kForms; }

}  // namespace m3::isa
