// Branches, IT, system and hint instructions: the table rows and their semantics (ARMv7-M ARM
// A5.2.5, A5.2.6, A5.3.4, A7.7.x; MRS, MSR and CPS from B5.2).
//
// Encodings the ARM ARM marks UNPREDICTABLE (BLX pc, CPS with no flag, MSR/MRS with SP or PC or
// an unlisted SYSm, IT with firstcond 0b1111...) are rejected by the forms' checks, so they decode
// as undefined. Bits the ARM ARM shows as (0)/(1) are fixed in the patterns: GNU as never emits
// other values and objdump would print those encodings differently. BLX (immediate) has no form:
// there is no ARM state on ARMv7-M, so it is UNDEFINED.
#include <bit>

#include "m3lab/isa/cpu.hpp"
#include "m3lab/isa/pseudocode.hpp"
#include "m3lab/isa/table.hpp"

namespace m3::isa {
namespace {

// ---------------------------------------------------------------------------------------------
// Helpers from the ARM ARM's pseudocode library
// ---------------------------------------------------------------------------------------------

// B1.3.1 CurrentModeIsPrivileged(): handler mode, or thread mode with CONTROL.nPRIV = 0.
bool privileged(const Cpu& cpu) { return cpu.ipsr != 0 || (cpu.control & 1) == 0; }

// Part of B1.5.4 ExecutionPriority() > -1. The model has no priority registers: NMI (-2) and
// HardFault (-1) are the only exceptions whose own priority is negative. The boost that FAULTMASK
// itself gives is left out, so that MSR FAULTMASK can clear it, as it does on a Cortex-M3.
bool priority_above_minus1(const Cpu& cpu) { return cpu.ipsr != 2 && cpu.ipsr != 3; }

// The address of the next instruction: PC reads as this instruction's address + 4.
uint32_t next_instr_addr(const Cpu& cpu, const Inst& in) { return cpu.pc() - 4 + in.size; }

// SP_main and SP_process (B1.4.7): r[13] is the current one, the other lives in cpu.msp/psp.
uint32_t sp_main(const Cpu& cpu) { return cpu.psp_active() ? cpu.msp : cpu.r[13]; }
uint32_t sp_process(const Cpu& cpu) { return cpu.psp_active() ? cpu.r[13] : cpu.psp; }
void set_sp_main(Cpu& cpu, uint32_t v) { (cpu.psp_active() ? cpu.msp : cpu.r[13]) = v; }
void set_sp_process(Cpu& cpu, uint32_t v) { (cpu.psp_active() ? cpu.r[13] : cpu.psp) = v; }

// Writes one of the interrupt-masking registers and raises kEvSpecialReg if it changed, so the
// step loop re-evaluates pending exceptions.
void write_mask_reg(Cpu& cpu, uint8_t& reg, uint8_t value) {
  if (reg != value) cpu.events |= kEvSpecialReg;
  reg = value;
}

// ---------------------------------------------------------------------------------------------
// Branches
// ---------------------------------------------------------------------------------------------

// A7.7.12 B. The condition of T1/T3 is in the encoding; T2/T4 are conditional only through IT,
// which the step loop resolves before calling us (cond is AL for them).
void exec_B(Cpu& cpu, const Inst& in) {
  if (cpu.condition_passed(in.cond)) cpu.branch_write_pc(cpu.pc() + in.imm);
}

// A7.7.18 BL
void exec_BL(Cpu& cpu, const Inst& in) {
  cpu.r[14] = next_instr_addr(cpu, in) | 1;
  cpu.branch_write_pc(cpu.pc() + in.imm);
}

// A7.7.20 BX
void exec_BX(Cpu& cpu, const Inst& in) { cpu.bx_write_pc(cpu.r[in.rm]); }

// A7.7.19 BLX (register)
void exec_BLX(Cpu& cpu, const Inst& in) {
  uint32_t target = cpu.r[in.rm];
  cpu.r[14] = next_instr_addr(cpu, in) | 1;
  cpu.blx_write_pc(target);
}

// A7.7.21 CBNZ, CBZ
void exec_CBZ(Cpu& cpu, const Inst& in) {
  if (cpu.r[in.rn] == 0) cpu.branch_write_pc(cpu.pc() + in.imm);
}
void exec_CBNZ(Cpu& cpu, const Inst& in) {
  if (cpu.r[in.rn] != 0) cpu.branch_write_pc(cpu.pc() + in.imm);
}

// ---------------------------------------------------------------------------------------------
// IT, hints, barriers
// ---------------------------------------------------------------------------------------------

// A7.7.38 IT: ITSTATE = firstcond:mask (A7.3.2: IT[7:5] = firstcond[3:1], IT[4:0] =
// firstcond[0]:mask).
void exec_IT(Cpu& cpu, const Inst& in) {
  cpu.itstate = static_cast<uint8_t>((in.cond << 4) | (in.imm2 & 0x0f));
}

// A7.7.88 NOP, A7.7.203 YIELD, A7.7.129 SEV, A7.7.26 DBG: no architectural effect here (one core,
// no debugger). A7.7.33 DMB, A7.7.34 DSB, A7.7.37 ISB: the functional model is sequentially
// consistent and has no prefetch to flush.
void exec_NOP(Cpu&, const Inst&) {}

// A7.7.201 WFE, A7.7.202 WFI: the step loop decides whether to sleep.
void exec_WFx(Cpu& cpu, const Inst&) { cpu.events |= kEvWfi; }

// A7.7.17 BKPT: semihosting when imm is 0xAB, else a debug event.
void exec_BKPT(Cpu& cpu, const Inst& in) {
  cpu.events |= kEvBkpt;
  cpu.event_imm = in.imm;
}

// A7.7.175 SVC: CallSupervisor(), taken by the step loop after the instruction.
void exec_SVC(Cpu& cpu, const Inst& in) {
  cpu.events |= kEvSvc;
  cpu.event_imm = in.imm;
}

// A7.7.194 UDF: UNDEFINED, a UsageFault at this instruction.
void exec_UDF(Cpu& cpu, const Inst&) { throw GuestFault{FaultKind::UndefInstr, cpu.pc() - 4}; }

// ---------------------------------------------------------------------------------------------
// Special registers (B5.2.1 CPS, B5.2.2 MRS, B5.2.3 MSR)
// ---------------------------------------------------------------------------------------------

// imm = I:F (2 = PRIMASK, 1 = FAULTMASK).
void exec_CPSIE(Cpu& cpu, const Inst& in) {
  if (!privileged(cpu)) return;
  if (in.imm & 2) write_mask_reg(cpu, cpu.primask, 0);
  if (in.imm & 1) write_mask_reg(cpu, cpu.faultmask, 0);
}
void exec_CPSID(Cpu& cpu, const Inst& in) {
  if (!privileged(cpu)) return;
  if (in.imm & 2) write_mask_reg(cpu, cpu.primask, 1);
  if ((in.imm & 1) && priority_above_minus1(cpu)) write_mask_reg(cpu, cpu.faultmask, 1);
}

// imm = SYSm.
void exec_MRS(Cpu& cpu, const Inst& in) {
  uint32_t sysm = in.imm, value = 0;
  switch (sysm >> 3) {
    case 0:  // xPSR views. EPSR (T, IT/ICI) reads as zero.
      if (sysm & 1) value |= cpu.ipsr & 0x1ffu;
      if (!(sysm & 4)) value |= cpu.apsr();
      break;
    case 1:  // stack pointers: privileged only
      if (privileged(cpu)) value = (sysm & 7) == 0 ? sp_main(cpu) : sp_process(cpu);
      break;
    case 2:
      switch (sysm & 7) {
        case 0:
          value = cpu.primask & 1;
          break;
        case 1:
        case 2:
          value = cpu.basepri;
          break;
        case 3:
          value = cpu.faultmask & 1;
          break;
        case 4:
          value = cpu.control & 3;
          break;  // nPRIV, SPSEL (no FP on a Cortex-M3)
      }
      break;
  }
  cpu.r[in.rd] = value;
}

// imm = SYSm; the mask is fixed at 0b10 (nzcvq) by the encoding: there is no DSP extension.
void exec_MSR(Cpu& cpu, const Inst& in) {
  uint32_t sysm = in.imm, value = cpu.r[in.rn];
  switch (sysm >> 3) {
    case 0:  // only the APSR part is writable; IPSR and EPSR ignore writes
      if (!(sysm & 4)) cpu.set_apsr_nzcvq(value);
      return;
    case 1:
      if (!privileged(cpu)) return;
      if ((sysm & 7) == 0)
        set_sp_main(cpu, value & ~3u);
      else
        set_sp_process(cpu, value & ~3u);
      return;
    case 2:
      if (!privileged(cpu)) return;
      switch (sysm & 7) {
        case 0:
          write_mask_reg(cpu, cpu.primask, value & 1);
          break;
        case 1:
          write_mask_reg(cpu, cpu.basepri, value & 0xff);
          break;
        case 2: {  // BASEPRI_MAX: only raises the priority (lowers a non-zero BASEPRI)
          uint8_t v = value & 0xff;
          if (v != 0 && (v < cpu.basepri || cpu.basepri == 0)) write_mask_reg(cpu, cpu.basepri, v);
          break;
        }
        case 3:
          if (priority_above_minus1(cpu)) write_mask_reg(cpu, cpu.faultmask, value & 1);
          break;
        case 4: {
          uint8_t control = static_cast<uint8_t>((cpu.control & ~1u) | (value & 1));
          // SPSEL is writable in thread mode only; switching it switches the current SP.
          if (cpu.ipsr == 0) {
            bool was_psp = cpu.psp_active();
            control = static_cast<uint8_t>((control & ~2u) | (value & 2));
            bool now_psp = (control & 2) != 0;
            if (was_psp != now_psp) {
              (was_psp ? cpu.psp : cpu.msp) = cpu.r[13];
              cpu.r[13] = now_psp ? cpu.psp : cpu.msp;
            }
          }
          write_mask_reg(cpu, cpu.control, control);
          break;
        }
      }
      return;
  }
}

// ---------------------------------------------------------------------------------------------
// Checks: encodings that belong to another form or are UNPREDICTABLE
// ---------------------------------------------------------------------------------------------

// B<c> T1/T3: cond 0b1110 is UDF (T1) / 0b111x is the miscellaneous-control space (T3).
bool cond_not_al(const Inst& in) { return in.cond < kAL; }
// BLX pc is UNPREDICTABLE.
bool rm_not_pc(const Inst& in) { return in.rm != 15; }
// IT: mask 0000 is a hint; firstcond 1111 is UNPREDICTABLE, and so is AL with an 'e' slot.
bool it_ok(const Inst& in) {
  if (in.imm2 == 0 || in.cond == kNV) return false;
  return in.cond != kAL || std::popcount(static_cast<unsigned>(in.imm2)) == 1;
}
// CPS with neither I nor F is UNPREDICTABLE.
bool cps_ok(const Inst& in) { return in.imm != 0; }
// The SYSm values B5.2.2/B5.2.3 define.
bool sysm_ok(uint32_t s) { return s <= 3 || (s >= 5 && s <= 9) || (s >= 16 && s <= 20); }
bool mrs_ok(const Inst& in) { return in.rd != 13 && in.rd != 15 && sysm_ok(in.imm); }
bool msr_ok(const Inst& in) { return in.rn != 13 && in.rn != 15 && sysm_ok(in.imm); }
// DMB/DSB options other than SY (listed first as its own form). The 'ld' options (0bxx01) are
// ARMv8 names that GNU as rejects for a Cortex-M3; DSB #0, #4 and #12 are the ARMv8 SSBB, PSSBB
// and DFB. Those encodings are left undefined. (On ARMv7-M all reserved options behave as SY.)
bool dmb_opt_ok(const Inst& in) { return in.imm != 15 && (in.imm & 3) != 1; }
bool dsb_opt_ok(const Inst& in) { return dmb_opt_ok(in) && in.imm != 0 && in.imm != 4 && in.imm != 12; }
bool isb_opt_ok(const Inst& in) { return in.imm != 15; }

constexpr uint32_t kBranchOpts = kLastInIt;

// One table row per entry (clang-format would put every field on its own line).
// clang-format off
const Form kForms[] = {
    // ---- 16-bit ------------------------------------------------------------------------------
    // A5.2.6 conditional branch and supervisor call
    {"UDF_T1", "udf{c}\t#{i}", P16("11011110 iiiiiiii"), exec_UDF, IClass::System, FlagEffect::None,
     ImmKind::Zext},
    {"SVC_T1", "svc{c}\t{i}", P16("11011111 iiiiiiii"), exec_SVC, IClass::System, FlagEffect::None,
     ImmKind::Zext},
    {"B_T1", "b{c}.n\t{t}", P16("1101 cccc iiiiiiii"), exec_B, IClass::Branch, FlagEffect::None,
     ImmKind::BranchCond8, kNotInIt, cond_not_al},
    {"B_T2", "b{c}.n\t{t}", P16("11100 iiiiiiiiiii"), exec_B, IClass::Branch, FlagEffect::None,
     ImmKind::Branch11, kBranchOpts},
    // A5.2.3 special data instructions and branch and exchange
    {"BX_T1", "bx{c}\t{m}", P16("010001110 mmmm 000"), exec_BX, IClass::Branch, FlagEffect::None,
     ImmKind::None, kBranchOpts},
    {"BLX_r_T1", "blx{c}\t{m}", P16("010001111 mmmm 000"), exec_BLX, IClass::Call, FlagEffect::None,
     ImmKind::None, kBranchOpts, rm_not_pc},
    // A5.2.5 miscellaneous 16-bit instructions
    {"CBZ_T1", "cbz\t{n}, {t}", P16("1011 0 0 i 1 iiiii nnn"), exec_CBZ, IClass::Branch, FlagEffect::None,
     ImmKind::Scale2, kNotInIt, nullptr, nullptr, nullptr, {},
     "GNU as turns 'cbz rN, <next instruction>' into a NOP (the offset cannot be -2)"},
    {"CBNZ_T1", "cbnz\t{n}, {t}", P16("1011 1 0 i 1 iiiii nnn"), exec_CBNZ, IClass::Branch, FlagEffect::None,
     ImmKind::Scale2, kNotInIt},
    {"CPSIE_T1", "cpsie\t{iflags}", P16("10110110 0110 00 ii"), exec_CPSIE, IClass::System, FlagEffect::None,
     ImmKind::Zext, kNotInIt, cps_ok},
    {"CPSID_T1", "cpsid\t{iflags}", P16("10110110 0111 00 ii"), exec_CPSID, IClass::System, FlagEffect::None,
     ImmKind::Zext, kNotInIt, cps_ok},
    {"BKPT_T1", "bkpt\t{x4}", P16("10111110 iiiiiiii"), exec_BKPT, IClass::System, FlagEffect::None,
     ImmKind::Zext, kNoOpt, nullptr, nullptr, nullptr, {"bkpt"}},
    {"IT_T1", "it{it}\t{fc}", P16("10111111 cccc jjjj"), exec_IT, IClass::It, FlagEffect::None, ImmKind::None,
     kNotInIt, it_ok, nullptr, nullptr, {},
     "ITSTATE = firstcond:mask; 'it al' with an 'e' slot is undefined"},
    {"NOP_T1", "nop{c}", P16("10111111 0000 0000"), exec_NOP, IClass::System, FlagEffect::None},
    {"YIELD_T1", "yield{c}", P16("10111111 0001 0000"), exec_NOP, IClass::System, FlagEffect::None},
    {"WFE_T1", "wfe{c}", P16("10111111 0010 0000"), exec_WFx, IClass::System, FlagEffect::None},
    {"WFI_T1", "wfi{c}", P16("10111111 0011 0000"), exec_WFx, IClass::System, FlagEffect::None},
    {"SEV_T1", "sev{c}", P16("10111111 0100 0000"), exec_NOP, IClass::System, FlagEffect::None},

    // ---- 32-bit ------------------------------------------------------------------------------
    // A5.3.4 branches and miscellaneous control
    {"B_T3", "b{c}.w\t{t}", P32("11110 S cccc iiiiii | 10 J 0 K iiiiiiiiiii"), exec_B, IClass::Branch,
     FlagEffect::None, ImmKind::BranchCond20, kNotInIt, cond_not_al},
    {"B_T4", "b{c}.w\t{t}", P32("11110 S iiiiiiiiii | 10 J 1 K iiiiiiiiiii"), exec_B, IClass::Branch,
     FlagEffect::None, ImmKind::Branch24, kBranchOpts},
    {"BL_T1", "bl{c}\t{t}", P32("11110 S iiiiiiiiii | 11 J 1 K iiiiiiiiiii"), exec_BL, IClass::Call,
     FlagEffect::None, ImmKind::Branch24, kBranchOpts},
    {"MSR_T1", "msr{c}\t{msr}, {n}", P32("11110 0 1110 0 0 nnnn | 10 0 0 10 00 iiiiiiii"), exec_MSR,
     IClass::System, FlagEffect::All, ImmKind::Zext, kNoOpt, msr_ok, nullptr, nullptr, {},
     "objdump prints MSR APSR_nzcvq as 'CPSR_f', a name GNU as rejects for ARMv7-M; both are accepted"},
    {"MRS_T1", "mrs{c}\t{d}, {sysm}", P32("11110 0 1111 1 0 1111 | 10 0 0 dddd iiiiiiii"), exec_MRS,
     IClass::System, FlagEffect::None, ImmKind::Zext, kNoOpt, mrs_ok, nullptr, nullptr, {},
     "objdump prints APSR as 'CPSR'; EPSR reads as zero"},
    {"NOP_T2", "nop{c}.w", P32("11110 0 1110 1 0 1111 | 10 0 0 0 000 00000000"), exec_NOP, IClass::System,
     FlagEffect::None},
    {"YIELD_T2", "yield{c}.w", P32("11110 0 1110 1 0 1111 | 10 0 0 0 000 00000001"), exec_NOP, IClass::System,
     FlagEffect::None},
    {"WFE_T2", "wfe{c}.w", P32("11110 0 1110 1 0 1111 | 10 0 0 0 000 00000010"), exec_WFx, IClass::System,
     FlagEffect::None},
    {"WFI_T2", "wfi{c}.w", P32("11110 0 1110 1 0 1111 | 10 0 0 0 000 00000011"), exec_WFx, IClass::System,
     FlagEffect::None},
    {"SEV_T2", "sev{c}.w", P32("11110 0 1110 1 0 1111 | 10 0 0 0 000 00000100"), exec_NOP, IClass::System,
     FlagEffect::None},
    {"DBG_T1", "dbg{c}\t#{i}", P32("11110 0 1110 1 0 1111 | 10 0 0 0 000 1111 iiii"), exec_NOP,
     IClass::System, FlagEffect::None, ImmKind::Zext},
    {"DSB_sy_T1", "dsb{c}\tsy", P32("11110 0 1110 11 1111 | 10 0 0 1111 0100 1111"), exec_NOP, IClass::System,
     FlagEffect::None, ImmKind::None, kNoOpt, nullptr, nullptr, nullptr, {"dsb{c}"}},
    {"DSB_T1", "dsb{c}\t{bopt}", P32("11110 0 1110 11 1111 | 10 0 0 1111 0100 iiii"), exec_NOP,
     IClass::System, FlagEffect::None, ImmKind::Zext, kNoOpt, dsb_opt_ok, nullptr, nullptr, {},
     "the ARMv8 'ld' options and SSBB/PSSBB/DFB (#0, #4, #12) are undefined here"},
    {"DMB_sy_T1", "dmb{c}\tsy", P32("11110 0 1110 11 1111 | 10 0 0 1111 0101 1111"), exec_NOP, IClass::System,
     FlagEffect::None, ImmKind::None, kNoOpt, nullptr, nullptr, nullptr, {"dmb{c}"}},
    {"DMB_T1", "dmb{c}\t{bopt}", P32("11110 0 1110 11 1111 | 10 0 0 1111 0101 iiii"), exec_NOP,
     IClass::System, FlagEffect::None, ImmKind::Zext, kNoOpt, dmb_opt_ok, nullptr, nullptr, {},
     "the ARMv8 'ld' options (0bxx01) are undefined here"},
    {"ISB_sy_T1", "isb{c}\tsy", P32("11110 0 1110 11 1111 | 10 0 0 1111 0110 1111"), exec_NOP, IClass::System,
     FlagEffect::None, ImmKind::None, kNoOpt, nullptr, nullptr, nullptr, {"isb{c}"}},
    {"ISB_T1", "isb{c}\t#{i}", P32("11110 0 1110 11 1111 | 10 0 0 1111 0110 iiii"), exec_NOP, IClass::System,
     FlagEffect::None, ImmKind::Zext, kNoOpt, isb_opt_ok},
    // A5.3.4: permanently UNDEFINED
    {"UDF_T2", "udf{c}.w\t#{i}", P32("111101111111 iiii | 1010 iiiiiiiiiiii"), exec_UDF, IClass::System,
     FlagEffect::None, ImmKind::Zext},
};
// clang-format on

}  // namespace

std::span<const Form> forms_ctl() { return kForms; }

}  // namespace m3::isa
