// Semantic functions of the loads and stores (isa/src/sem_mem.cpp), used by the table rows in
// isa/src/forms_mem.cpp. Private to isa/.
#pragma once

#include "m3lab/isa/cpu.hpp"
#include "m3lab/isa/inst.hpp"

namespace m3::isa::sem {

// Single loads and stores. *_imm covers the immediate-offset forms (offset, pre-indexed,
// post-indexed, unprivileged) and the literal forms (their decode hook sets rn = 15);
// *_reg covers the register-offset forms.
void exec_LDR_imm(Cpu& cpu, const Inst& in);
void exec_LDR_reg(Cpu& cpu, const Inst& in);
void exec_LDRB_imm(Cpu& cpu, const Inst& in);
void exec_LDRB_reg(Cpu& cpu, const Inst& in);
void exec_LDRH_imm(Cpu& cpu, const Inst& in);
void exec_LDRH_reg(Cpu& cpu, const Inst& in);
void exec_LDRSB_imm(Cpu& cpu, const Inst& in);
void exec_LDRSB_reg(Cpu& cpu, const Inst& in);
void exec_LDRSH_imm(Cpu& cpu, const Inst& in);
void exec_LDRSH_reg(Cpu& cpu, const Inst& in);
void exec_STR_imm(Cpu& cpu, const Inst& in);
void exec_STR_reg(Cpu& cpu, const Inst& in);
void exec_STRB_imm(Cpu& cpu, const Inst& in);
void exec_STRB_reg(Cpu& cpu, const Inst& in);
void exec_STRH_imm(Cpu& cpu, const Inst& in);
void exec_STRH_reg(Cpu& cpu, const Inst& in);

// Pairs and multiples.
void exec_LDRD(Cpu& cpu, const Inst& in);
void exec_STRD(Cpu& cpu, const Inst& in);
void exec_LDM(Cpu& cpu, const Inst& in);
void exec_LDMDB(Cpu& cpu, const Inst& in);
void exec_STM(Cpu& cpu, const Inst& in);
void exec_STMDB(Cpu& cpu, const Inst& in);
void exec_POP(Cpu& cpu, const Inst& in);
void exec_PUSH(Cpu& cpu, const Inst& in);

// Table branches.
void exec_TBB(Cpu& cpu, const Inst& in);
void exec_TBH(Cpu& cpu, const Inst& in);

// Exclusives and memory hints.
void exec_LDREX(Cpu& cpu, const Inst& in);
void exec_LDREXB(Cpu& cpu, const Inst& in);
void exec_LDREXH(Cpu& cpu, const Inst& in);
void exec_STREX(Cpu& cpu, const Inst& in);
void exec_STREXB(Cpu& cpu, const Inst& in);
void exec_STREXH(Cpu& cpu, const Inst& in);
void exec_CLREX(Cpu& cpu, const Inst& in);
void exec_PLD(Cpu& cpu, const Inst& in);

}  // namespace m3::isa::sem
