// Data processing: the table rows (ARMv7-M ARM A5.2.1-A5.2.3, A5.2.5 (extends, REV), A5.3.1,
// A5.3.3, A5.3.11-A5.3.12, A5.3.15-A5.3.17). The semantics live in sem_dp.cpp.
//
// Within each width the more specific encoding comes first ("SEE TST", "SEE ADD (SP plus
// immediate)"...), and check() rejects what the ARM ARM calls UNPREDICTABLE, so the decoder
// treats it as undefined. Texts follow objdump 2.40: 32-bit shifts by an immediate print as
// "mov.w rd, rm, lsl #n", NEG as "negs", 16-bit MUL as "muls rdm, rn", ADR as "add rd, pc, #n",
// "addw rd, pc, #n" and "subw rd, pc, #n".
#include "m3lab/isa/table.hpp"
#include "sem_dp.hpp"

namespace m3::isa {
namespace {

using namespace dp;

// ---- check predicates (UNPREDICTABLE register choices) -------------------------------------------
constexpr bool bad(unsigned r) { return r == 13 || r == 15; }  // "r IN {13,15}"
bool sets(const Inst& in) { return in.setflags == SetFlags::Always; }

bool ok_d(const Inst& in) { return !bad(in.rd); }
bool ok_dm(const Inst& in) { return !bad(in.rd) && !bad(in.rm); }
bool ok_dn(const Inst& in) { return !bad(in.rd) && !bad(in.rn); }
bool ok_dnm(const Inst& in) { return !bad(in.rd) && !bad(in.rn) && !bad(in.rm); }
bool ok_n(const Inst& in) { return !bad(in.rn); }
bool ok_nm(const Inst& in) { return !bad(in.rn) && !bad(in.rm); }
bool ok_n_not_pc(const Inst& in) { return in.rn != 15; }
bool ok_n_not_pc_m(const Inst& in) { return in.rn != 15 && !bad(in.rm); }

// AND/EOR (immediate): d == 13 || (d == 15 && !setflags) || n IN {13,15}
bool ok_and_imm(const Inst& in) { return in.rd != 13 && !(in.rd == 15 && !sets(in)) && !bad(in.rn); }
bool ok_and_reg(const Inst& in) { return ok_and_imm(in) && !bad(in.rm); }
// ORR/ORN: d IN {13,15} || n == 13 (n == 15 is MOV/MVN)
bool ok_orr_imm(const Inst& in) { return !bad(in.rd) && in.rn != 13; }
bool ok_orr_reg(const Inst& in) { return ok_orr_imm(in) && !bad(in.rm); }
// ADD/SUB (immediate) T3: d == 13 || (d == 15 && !setflags) || n == 15 (n == 13 is the SP form)
bool ok_add_imm(const Inst& in) { return in.rd != 13 && !(in.rd == 15 && !sets(in)) && in.rn != 15; }
bool ok_add_reg(const Inst& in) { return ok_add_imm(in) && !bad(in.rm); }
// ADD/SUB (SP plus/minus immediate) T3/T2: d == 15 && !setflags
bool ok_addsp_imm(const Inst& in) { return !(in.rd == 15 && !sets(in)); }
// ADD/SUB (SP plus/minus register) T3/T1
bool ok_addsp_reg(const Inst& in) {
  if (in.rd == 13 && (in.shift_t != ShiftType::LSL || in.shift_n > 3)) return false;
  return in.rd != 15 && !bad(in.rm);
}
// MOV (register) T3 (no shift): the ARM ARM allows SP moves without flags, except SP to SP.
bool ok_mov_reg_w(const Inst& in) {
  bool plain = in.shift_t == ShiftType::LSL && in.shift_n == 0;
  if (!plain || sets(in)) return ok_dm(in);
  return in.rd != 15 && in.rm != 15 && !(in.rd == 13 && in.rm == 13);
}
// LSL (immediate) T1 with imm5 == 0 is MOVS (register) T2.
bool ok_lsl_imm16(const Inst& in) { return in.imm != 0; }
// ADD (register) T2: SP operands are the SP forms; PC + PC is UNPREDICTABLE.
bool ok_add_hi(const Inst& in) { return in.rd != 13 && in.rm != 13 && !(in.rd == 15 && in.rm == 15); }
// CMP (register) T2: n < 8 && m < 8 is T1; PC operands UNPREDICTABLE.
bool ok_cmp_hi(const Inst& in) { return !(in.rn < 8 && in.rm < 8) && in.rn != 15 && in.rm != 15; }
// SSAT/USAT: sh == 1 with a zero shift is SSAT16/USAT16 (not in ARMv7-M).
bool ok_sat(const Inst& in) { return ok_dn(in) && !(in.shift_t == ShiftType::ASR && in.shift_n == 0); }
// SBFX/UBFX: lsbit + widthminus1 > 31 is UNPREDICTABLE.
bool ok_bfx(const Inst& in) { return ok_dn(in) && in.imm + in.imm2 <= 32; }
// BFI/BFC: msbit < lsbit is UNPREDICTABLE (the decode hook leaves imm2 = 0 then).
bool ok_bfi(const Inst& in) { return ok_dn(in) && in.imm2 != 0; }
bool ok_bfc(const Inst& in) { return ok_d(in) && in.imm2 != 0; }
// CLZ, RBIT, REV*: Rm is encoded twice and must be consistent.
bool ok_rev(const Inst& in) { return ok_dm(in) && in.rn == in.rm; }
// MLA/MLS: Ra == 13 is UNPREDICTABLE (Ra == 15 is MUL for MLA).
bool ok_mla(const Inst& in) { return ok_dnm(in) && in.ra != 13 && in.ra != 15; }
// Long multiplies: RdLo == RdHi is UNPREDICTABLE.
bool ok_mull(const Inst& in) { return ok_dnm(in) && !bad(in.ra) && in.rd != in.ra; }

// ---- decode/encode hooks ---------------------------------------------------------------------
// 16-bit LSR/ASR (immediate): imm5 == 0 means a shift by 32 (DecodeImmShift).
void dec_shift32(const Fields&, Inst& in) {
  if (in.imm == 0) in.imm = 32;
}
bool enc_shift32(const Inst& in, Fields& f) {
  if (in.imm < 1 || in.imm > 32) return false;
  f.set('i', in.imm & 31);
  return true;
}
// Fixed SP operands.
void dec_rn_sp(const Fields&, Inst& in) { in.rn = 13; }
void dec_rd_rn_sp(const Fields&, Inst& in) { in.rd = in.rn = 13; }
// ADR: the base is the PC (printed as the literal "pc").
void dec_rn_pc(const Fields&, Inst& in) { in.rn = 15; }
// CLZ/RBIT/REV: Rm appears in both halfwords.
bool enc_rm_twice(const Inst& in, Fields& f) {
  f.set('n', in.rm);
  return true;
}
// SSAT/USAT shift: sh:'0' is the shift type (LSL or ASR), imm3:imm2 the amount.
void dec_sat_shift(const Fields& f, Inst& in) {
  in.shift_t = f.get('y') ? ShiftType::ASR : ShiftType::LSL;
  in.shift_n = static_cast<uint8_t>(f.get('i'));
}
bool enc_sat_shift(const Inst& in, Fields& f) {
  if (in.shift_t == ShiftType::LSL && in.shift_n <= 31) {
    f.set('y', 0);
  } else if (in.shift_t == ShiftType::ASR && in.shift_n >= 1 && in.shift_n <= 31) {
    f.set('y', 1);
  } else {
    return false;
  }
  f.set('i', in.shift_n);
  return true;
}
// SSAT: saturate_to = sat_imm + 1 (printed 1..32).
void dec_ssat(const Fields& f, Inst& in) {
  dec_sat_shift(f, in);
  in.imm2 = static_cast<uint8_t>(f.get('j') + 1);
}
bool enc_ssat(const Inst& in, Fields& f) {
  if (in.imm2 < 1 || in.imm2 > 32) return false;
  f.set('j', in.imm2 - 1u);
  return enc_sat_shift(in, f);
}
// SBFX/UBFX: imm2 = width = widthminus1 + 1.
void dec_bfx(const Fields& f, Inst& in) { in.imm2 = static_cast<uint8_t>(f.get('j') + 1); }
bool enc_bfx(const Inst& in, Fields& f) {
  if (in.imm2 < 1 || in.imm2 > 32) return false;
  f.set('j', in.imm2 - 1u);
  return true;
}
// BFI/BFC: imm2 = width = msbit - lsbit + 1 (0 marks msbit < lsbit for check()).
void dec_bfi(const Fields& f, Inst& in) {
  uint32_t msb = f.get('j');
  in.imm2 = static_cast<uint8_t>(msb >= in.imm ? msb - in.imm + 1 : 0);
}
bool enc_bfi(const Inst& in, Fields& f) {
  if (in.imm2 < 1 || in.imm + in.imm2 > 32) return false;
  f.set('j', in.imm + in.imm2 - 1u);
  return true;
}

// ThumbExpandImm (A5.3.2): a replicated pattern (imm12<11:10> == 00, imm12<9:8> != 00) with
// imm8 == 0 is UNPREDICTABLE. imm12 = i:imm3:imm8 sits in raw bits 26, 14:12 and 7:0.
constexpr bool ok_imm12(uint32_t raw) {
  uint32_t imm12 = (((raw >> 26) & 1) << 11) | (((raw >> 12) & 7) << 8) | (raw & 0xff);
  return !((imm12 >> 10) == 0 && ((imm12 >> 8) & 3) != 0 && (imm12 & 0xff) == 0);
}
template <CheckFn regs_ok>
bool expand_ok(const Inst& in) {
  return ok_imm12(in.raw) && regs_ok(in);
}

constexpr uint32_t k16 = kSetFlagsOutsideIt;
constexpr uint32_t kCmp = kSetFlagsAlways;

// One row per line of data, as in decodetree: clang-format would put every field on its own line.
// clang-format off
const Form kForms[] = {
    // ======================= 16-bit ===========================================================
    // A5.2.1 Shift (immediate), add, subtract, move, and compare
    {"MOVS_rr_T2", "movs\t{d}, {m}", P16("0000000000 mmm ddd"), exec_MOV_reg, IClass::Alu, FlagEffect::NZ,
     ImmKind::None, kSetFlagsAlways | kNotInIt},
    {"LSL_rri_T1", "lsl{s}{c}\t{d}, {m}, #{i}", P16("00000 iiiii mmm ddd"), exec_LSL_imm, IClass::Alu,
     FlagEffect::NZC, ImmKind::Zext, k16, ok_lsl_imm16},
    {"LSR_rri_T1", "lsr{s}{c}\t{d}, {m}, #{i}", P16("00001 iiiii mmm ddd"), exec_LSR_imm, IClass::Alu,
     FlagEffect::NZC, ImmKind::Zext, k16, nullptr, dec_shift32, enc_shift32},
    {"ASR_rri_T1", "asr{s}{c}\t{d}, {m}, #{i}", P16("00010 iiiii mmm ddd"), exec_ASR_imm, IClass::Alu,
     FlagEffect::NZC, ImmKind::Zext, k16, nullptr, dec_shift32, enc_shift32},
    {"ADD_rrr_T1", "add{s}{c}\t{d}, {n}, {m}", P16("0001100 mmm nnn ddd"), exec_ADD_reg, IClass::Alu,
     FlagEffect::NZCV, ImmKind::None, k16, nullptr, nullptr, nullptr, {"add{s}{c}\t{dn}, {m}"},
     "GNU as picks this for \"add rdn, rm\" with low registers inside an IT block"},
    {"SUB_rrr_T1", "sub{s}{c}\t{d}, {n}, {m}", P16("0001101 mmm nnn ddd"), exec_SUB_reg, IClass::Alu,
     FlagEffect::NZCV, ImmKind::None, k16},
    {"ADD_ri8_T2", "add{s}{c}\t{d}, #{i}", P16("00110 ddd iiiiiiii"), exec_ADD_imm, IClass::Alu,
     FlagEffect::NZCV, ImmKind::Zext, k16 | kTieDN, nullptr, nullptr, nullptr, {"add{s}{c}\t{d}, {n}, #{i}"},
     "GNU as prefers this encoding for Rd == Rn"},
    {"SUB_ri8_T2", "sub{s}{c}\t{d}, #{i}", P16("00111 ddd iiiiiiii"), exec_SUB_imm, IClass::Alu,
     FlagEffect::NZCV, ImmKind::Zext, k16 | kTieDN, nullptr, nullptr, nullptr, {"sub{s}{c}\t{d}, {n}, #{i}"},
     "GNU as prefers this encoding for Rd == Rn"},

    // A5.2.2 Data processing (two low registers; Rdn is both destination and first operand). The
    // logical ones shift by nothing, so they keep C: FlagEffect::NZ.
    {"ADD_rri3_T1", "add{s}{c}\t{d}, {n}, #{i}", P16("0001110 iii nnn ddd"), exec_ADD_imm, IClass::Alu,
     FlagEffect::NZCV, ImmKind::Zext, k16},
    {"SUB_rri3_T1", "sub{s}{c}\t{d}, {n}, #{i}", P16("0001111 iii nnn ddd"), exec_SUB_imm, IClass::Alu,
     FlagEffect::NZCV, ImmKind::Zext, k16},
    {"MOV_ri_T1", "mov{s}{c}\t{d}, #{i}", P16("00100 ddd iiiiiiii"), exec_MOV_imm, IClass::Alu,
     FlagEffect::NZ, ImmKind::Zext, k16},
    {"CMP_ri_T1", "cmp{c}\t{n}, #{i}", P16("00101 nnn iiiiiiii"), exec_CMP_imm, IClass::Alu, FlagEffect::NZCV,
     ImmKind::Zext, kCmp},
    {"AND_rr_T1", "and{s}{c}\t{d}, {m}", P16("0100000000 mmm ddd"), exec_AND_reg, IClass::Alu,
     FlagEffect::NZ, ImmKind::None, k16 | kTieDN, nullptr, nullptr, nullptr, {"and{s}{c}\t{d}, {n}, {m}"}},
    {"EOR_rr_T1", "eor{s}{c}\t{d}, {m}", P16("0100000001 mmm ddd"), exec_EOR_reg, IClass::Alu,
     FlagEffect::NZ, ImmKind::None, k16 | kTieDN, nullptr, nullptr, nullptr, {"eor{s}{c}\t{d}, {n}, {m}"}},
    {"LSL_rr_T1", "lsl{s}{c}\t{d}, {m}", P16("0100000010 mmm ddd"), exec_LSL_reg, IClass::Alu,
     FlagEffect::NZC, ImmKind::None, k16 | kTieDN, nullptr, nullptr, nullptr, {"lsl{s}{c}\t{d}, {n}, {m}"}},
    {"LSR_rr_T1", "lsr{s}{c}\t{d}, {m}", P16("0100000011 mmm ddd"), exec_LSR_reg, IClass::Alu,
     FlagEffect::NZC, ImmKind::None, k16 | kTieDN, nullptr, nullptr, nullptr, {"lsr{s}{c}\t{d}, {n}, {m}"}},
    {"ASR_rr_T1", "asr{s}{c}\t{d}, {m}", P16("0100000100 mmm ddd"), exec_ASR_reg, IClass::Alu,
     FlagEffect::NZC, ImmKind::None, k16 | kTieDN, nullptr, nullptr, nullptr, {"asr{s}{c}\t{d}, {n}, {m}"}},
    {"ADC_rr_T1", "adc{s}{c}\t{d}, {m}", P16("0100000101 mmm ddd"), exec_ADC_reg, IClass::Alu,
     FlagEffect::NZCV, ImmKind::None, k16 | kTieDN, nullptr, nullptr, nullptr, {"adc{s}{c}\t{d}, {n}, {m}"}},
    {"SBC_rr_T1", "sbc{s}{c}\t{d}, {m}", P16("0100000110 mmm ddd"), exec_SBC_reg, IClass::Alu,
     FlagEffect::NZCV, ImmKind::None, k16 | kTieDN, nullptr, nullptr, nullptr, {"sbc{s}{c}\t{d}, {n}, {m}"}},
    {"ROR_rr_T1", "ror{s}{c}\t{d}, {m}", P16("0100000111 mmm ddd"), exec_ROR_reg, IClass::Alu,
     FlagEffect::NZC, ImmKind::None, k16 | kTieDN, nullptr, nullptr, nullptr, {"ror{s}{c}\t{d}, {n}, {m}"}},
    {"TST_rr_T1", "tst{c}\t{n}, {m}", P16("0100001000 mmm nnn"), exec_TST_reg, IClass::Alu, FlagEffect::NZ,
     ImmKind::None, kCmp},
    {"RSB_rr0_T1", "neg{s}{c}\t{d}, {n}", P16("0100001001 nnn ddd"), exec_RSB_imm, IClass::Alu,
     FlagEffect::NZCV, ImmKind::None, k16, nullptr, nullptr, nullptr, {"rsb{s}{c}\t{d}, {n}, #0"},
     "NEG: RSBS <Rd>, <Rn>, #0"},
    {"CMP_rr_T1", "cmp{c}\t{n}, {m}", P16("0100001010 mmm nnn"), exec_CMP_reg, IClass::Alu, FlagEffect::NZCV,
     ImmKind::None, kCmp},
    {"CMN_rr_T1", "cmn{c}\t{n}, {m}", P16("0100001011 mmm nnn"), exec_CMN_reg, IClass::Alu, FlagEffect::NZCV,
     ImmKind::None, kCmp},
    {"ORR_rr_T1", "orr{s}{c}\t{d}, {m}", P16("0100001100 mmm ddd"), exec_ORR_reg, IClass::Alu,
     FlagEffect::NZ, ImmKind::None, k16 | kTieDN, nullptr, nullptr, nullptr, {"orr{s}{c}\t{d}, {n}, {m}"}},
    {"MUL_rr_T1", "mul{s}{c}\t{d}, {n}", P16("0100001101 nnn ddd"), exec_MUL, IClass::Mul, FlagEffect::NZ,
     ImmKind::None, k16 | kTieDM, nullptr, nullptr, nullptr, {"mul{s}{c}\t{d}, {n}, {d}"},
     "MULS <Rdm>, <Rn>: sets N and Z only, outside an IT block"},
    {"BIC_rr_T1", "bic{s}{c}\t{d}, {m}", P16("0100001110 mmm ddd"), exec_BIC_reg, IClass::Alu,
     FlagEffect::NZ, ImmKind::None, k16 | kTieDN, nullptr, nullptr, nullptr, {"bic{s}{c}\t{d}, {n}, {m}"}},
    {"MVN_rr_T1", "mvn{s}{c}\t{d}, {m}", P16("0100001111 mmm ddd"), exec_MVN_reg, IClass::Alu,
     FlagEffect::NZ, ImmKind::None, k16},

    // A5.2.3 Special data instructions (high registers)
    {"ADD_pcSP_T1", "add{c}\tpc, sp", P16("01000100 1 1101 111"), exec_ADD_reg, IClass::Alu, FlagEffect::None,
     ImmKind::None, kLastInIt, nullptr, [](const Fields&, Inst& in) { in.rd = in.rm = 15; in.rn = 13; }},
    {"ADD_rSP_T1", "add{c}\t{d}, sp", P16("01000100 d 1101 ddd"), exec_ADD_reg, IClass::Alu, FlagEffect::None,
     ImmKind::None, kTieDM, nullptr, dec_rn_sp, nullptr, {}, "ADD (SP plus register): Rdm = SP + Rdm"},
    {"ADD_SPr_T2", "add{c}\tsp, {m}", P16("01000100 1 mmmm 101"), exec_ADD_reg, IClass::Alu, FlagEffect::None,
     ImmKind::None, kNoOpt, nullptr, dec_rd_rn_sp},
    {"ADD_pcr_T2", "add{c}\tpc, {m}", P16("01000100 1 mmmm 111"), exec_ADD_reg, IClass::Alu, FlagEffect::None,
     ImmKind::None, kLastInIt, [](const Inst& in) { return in.rm != 13 && in.rm != 15; }, [](const Fields&,
     Inst& in) { in.rd = in.rn = 15; }},
    {"ADD_rr_T2", "add{c}\t{d}, {m}", P16("01000100 d mmmm ddd"), exec_ADD_reg, IClass::Alu, FlagEffect::None,
     ImmKind::None, kTieDN, [](const Inst& in) { return ok_add_hi(in) && in.rd != 15; }, nullptr, nullptr, {"add{c}\t{d}, {n}, {m}"}},
    {"CMP_rr_T2", "cmp{c}\t{n}, {m}", P16("01000101 n mmmm nnn"), exec_CMP_reg, IClass::Alu, FlagEffect::NZCV,
     ImmKind::None, kCmp, ok_cmp_hi},
    {"MOV_r8r8_T1", "nop{c}", P16("01000110 1 1000 000"), exec_MOV_reg, IClass::Alu, FlagEffect::None,
     ImmKind::None, kPrintOnly, nullptr, [](const Fields&, Inst& in) { in.rd = in.rm = 8; }, nullptr, {},
     "MOV r8, r8, the ARMv6-M no-op, which objdump prints as NOP"},
    {"MOV_pcr_T1", "mov{c}\tpc, {m}", P16("01000110 1 mmmm 111"), exec_MOV_reg, IClass::Alu, FlagEffect::None,
     ImmKind::None, kLastInIt, nullptr, [](const Fields&, Inst& in) { in.rd = 15; }},
    {"MOV_rr_T1", "mov{c}\t{d}, {m}", P16("01000110 d mmmm ddd"), exec_MOV_reg, IClass::Alu, FlagEffect::None,
     ImmKind::None, kNoOpt, [](const Inst& in) { return in.rd != 15; }},

    // A5.2 ADR, ADD (SP plus immediate), SUB (SP minus immediate)
    {"ADR_T1", "add{c}\t{d}, pc, #{i}", P16("10100 ddd iiiiiiii"), exec_ADR, IClass::Alu, FlagEffect::None,
     ImmKind::Scale4, kNoOpt, nullptr, dec_rn_pc, nullptr, {"adr{c}\t{d}, {lit}"}, "ADR: objdump prints it as ADD Rd, PC, #imm"},
    {"ADD_rSPi_T1", "add{c}\t{d}, sp, #{i}", P16("10101 ddd iiiiiiii"), exec_ADD_imm, IClass::Alu,
     FlagEffect::None, ImmKind::Scale4, kNoOpt, nullptr, dec_rn_sp},
    {"ADD_SPi_T2", "add{c}\tsp, #{i}", P16("101100000 iiiiiii"), exec_ADD_imm, IClass::Alu, FlagEffect::None,
     ImmKind::Scale4, kNoOpt, nullptr, dec_rd_rn_sp, nullptr, {"add{c}\tsp, sp, #{i}"}},
    {"SUB_SPi_T1", "sub{c}\tsp, #{i}", P16("101100001 iiiiiii"), exec_SUB_imm, IClass::Alu, FlagEffect::None,
     ImmKind::Scale4, kNoOpt, nullptr, dec_rd_rn_sp, nullptr, {"sub{c}\tsp, sp, #{i}"}},

    // A5.2.5 Miscellaneous: extends and byte reversal
    {"SXTH_rr_T1", "sxth{c}\t{d}, {m}", P16("1011001000 mmm ddd"), exec_SXTH, IClass::Alu, FlagEffect::None},
    {"SXTB_rr_T1", "sxtb{c}\t{d}, {m}", P16("1011001001 mmm ddd"), exec_SXTB, IClass::Alu, FlagEffect::None},
    {"UXTH_rr_T1", "uxth{c}\t{d}, {m}", P16("1011001010 mmm ddd"), exec_UXTH, IClass::Alu, FlagEffect::None},
    {"UXTB_rr_T1", "uxtb{c}\t{d}, {m}", P16("1011001011 mmm ddd"), exec_UXTB, IClass::Alu, FlagEffect::None},
    {"REV_rr_T1", "rev{c}\t{d}, {m}", P16("1011101000 mmm ddd"), exec_REV, IClass::Alu, FlagEffect::None},
    {"REV16_rr_T1", "rev16{c}\t{d}, {m}", P16("1011101001 mmm ddd"), exec_REV16, IClass::Alu,
     FlagEffect::None},
    {"REVSH_rr_T1", "revsh{c}\t{d}, {m}", P16("1011101011 mmm ddd"), exec_REVSH, IClass::Alu,
     FlagEffect::None},

    // ======================= 32-bit ===========================================================
    // A5.3.1 Data processing (modified immediate)
    {"TST_ri_T1", "tst{c}.w\t{n}, #{i}", P32("11110 i 0 0000 1 nnnn | 0 iii 1111 iiiiiiii"), exec_TST_imm,
     IClass::Alu, FlagEffect::NZC, ImmKind::ThumbExpand, kCmp, expand_ok<ok_n>},
    {"AND_rri_T1", "and{s}{c}.w\t{d}, {n}, #{i}", P32("11110 i 0 0000 s nnnn | 0 iii dddd iiiiiiii"),
     exec_AND_imm, IClass::Alu, FlagEffect::NZC, ImmKind::ThumbExpand, kNoOpt, expand_ok<ok_and_imm>},
    {"BIC_rri_T1", "bic{s}{c}.w\t{d}, {n}, #{i}", P32("11110 i 0 0001 s nnnn | 0 iii dddd iiiiiiii"),
     exec_BIC_imm, IClass::Alu, FlagEffect::NZC, ImmKind::ThumbExpand, kNoOpt, expand_ok<ok_dn>},
    {"MOV_ri_T2", "mov{s}{c}.w\t{d}, #{i}", P32("11110 i 0 0010 s 1111 | 0 iii dddd iiiiiiii"), exec_MOV_imm,
     IClass::Alu, FlagEffect::NZC, ImmKind::ThumbExpand, kNoOpt, expand_ok<ok_d>},
    {"ORR_rri_T1", "orr{s}{c}.w\t{d}, {n}, #{i}", P32("11110 i 0 0010 s nnnn | 0 iii dddd iiiiiiii"),
     exec_ORR_imm, IClass::Alu, FlagEffect::NZC, ImmKind::ThumbExpand, kNoOpt, expand_ok<ok_orr_imm>},
    {"MVN_ri_T1", "mvn{s}{c}.w\t{d}, #{i}", P32("11110 i 0 0011 s 1111 | 0 iii dddd iiiiiiii"), exec_MVN_imm,
     IClass::Alu, FlagEffect::NZC, ImmKind::ThumbExpand, kNoOpt, expand_ok<ok_d>},
    {"ORN_rri_T1", "orn{s}{c}\t{d}, {n}, #{i}", P32("11110 i 0 0011 s nnnn | 0 iii dddd iiiiiiii"),
     exec_ORN_imm, IClass::Alu, FlagEffect::NZC, ImmKind::ThumbExpand, kNoOpt, expand_ok<ok_orr_imm>},
    {"TEQ_ri_T1", "teq{c}\t{n}, #{i}", P32("11110 i 0 0100 1 nnnn | 0 iii 1111 iiiiiiii"), exec_TEQ_imm,
     IClass::Alu, FlagEffect::NZC, ImmKind::ThumbExpand, kCmp, expand_ok<ok_n>},
    {"EOR_rri_T1", "eor{s}{c}.w\t{d}, {n}, #{i}", P32("11110 i 0 0100 s nnnn | 0 iii dddd iiiiiiii"),
     exec_EOR_imm, IClass::Alu, FlagEffect::NZC, ImmKind::ThumbExpand, kNoOpt, expand_ok<ok_and_imm>},
    {"CMN_ri_T1", "cmn{c}.w\t{n}, #{i}", P32("11110 i 0 1000 1 nnnn | 0 iii 1111 iiiiiiii"), exec_CMN_imm,
     IClass::Alu, FlagEffect::NZCV, ImmKind::ThumbExpand, kCmp, expand_ok<ok_n_not_pc>},
    {"ADD_rSPi_T3", "add{s}{c}.w\t{d}, sp, #{i}", P32("11110 i 0 1000 s 1101 | 0 iii dddd iiiiiiii"),
     exec_ADD_imm, IClass::Alu, FlagEffect::NZCV, ImmKind::ThumbExpand, kNoOpt, expand_ok<ok_addsp_imm>,
     dec_rn_sp},
    {"ADD_rri_T3", "add{s}{c}.w\t{d}, {n}, #{i}", P32("11110 i 0 1000 s nnnn | 0 iii dddd iiiiiiii"),
     exec_ADD_imm, IClass::Alu, FlagEffect::NZCV, ImmKind::ThumbExpand, kNoOpt, expand_ok<ok_add_imm>},
    {"ADC_rri_T1", "adc{s}{c}.w\t{d}, {n}, #{i}", P32("11110 i 0 1010 s nnnn | 0 iii dddd iiiiiiii"),
     exec_ADC_imm, IClass::Alu, FlagEffect::NZCV, ImmKind::ThumbExpand, kNoOpt, expand_ok<ok_dn>},
    {"SBC_rri_T1", "sbc{s}{c}.w\t{d}, {n}, #{i}", P32("11110 i 0 1011 s nnnn | 0 iii dddd iiiiiiii"),
     exec_SBC_imm, IClass::Alu, FlagEffect::NZCV, ImmKind::ThumbExpand, kNoOpt, expand_ok<ok_dn>},
    {"CMP_ri_T2", "cmp{c}.w\t{n}, #{i}", P32("11110 i 0 1101 1 nnnn | 0 iii 1111 iiiiiiii"), exec_CMP_imm,
     IClass::Alu, FlagEffect::NZCV, ImmKind::ThumbExpand, kCmp, expand_ok<ok_n_not_pc>},
    {"SUB_rSPi_T2", "sub{s}{c}.w\t{d}, sp, #{i}", P32("11110 i 0 1101 s 1101 | 0 iii dddd iiiiiiii"),
     exec_SUB_imm, IClass::Alu, FlagEffect::NZCV, ImmKind::ThumbExpand, kNoOpt, expand_ok<ok_addsp_imm>,
     dec_rn_sp},
    {"SUB_rri_T3", "sub{s}{c}.w\t{d}, {n}, #{i}", P32("11110 i 0 1101 s nnnn | 0 iii dddd iiiiiiii"),
     exec_SUB_imm, IClass::Alu, FlagEffect::NZCV, ImmKind::ThumbExpand, kNoOpt, expand_ok<ok_add_imm>},
    {"RSB_rri_T2", "rsb{s}{c}\t{d}, {n}, #{i}", P32("11110 i 0 1110 s nnnn | 0 iii dddd iiiiiiii"),
     exec_RSB_imm, IClass::Alu, FlagEffect::NZCV, ImmKind::ThumbExpand, kNoOpt, expand_ok<ok_dn>},

    // A5.3.3 Data processing (plain binary immediate)
    {"ADR_T3", "addw{c}\t{d}, pc, #{i}", P32("11110 i 10 0000 1111 | 0 iii dddd iiiiiiii"), exec_ADR,
     IClass::Alu, FlagEffect::None, ImmKind::Zext, kNoOpt, ok_d, dec_rn_pc, nullptr, {"adr{c}\t{d}, {lit}"},
     "ADR (T3): objdump prints ADDW Rd, PC"},
    {"ADD_rSPi_T4", "addw{c}\t{d}, sp, #{i}", P32("11110 i 10 0000 1101 | 0 iii dddd iiiiiiii"), exec_ADD_imm,
     IClass::Alu, FlagEffect::None, ImmKind::Zext, kNoOpt, [](const Inst& in) { return in.rd != 15; },
     dec_rn_sp},
    {"ADDW_rri_T4", "addw{c}\t{d}, {n}, #{i}", P32("11110 i 10 0000 nnnn | 0 iii dddd iiiiiiii"),
     exec_ADD_imm, IClass::Alu, FlagEffect::None, ImmKind::Zext, kNoOpt, ok_d},
    {"MOVW_ri_T3", "movw{c}\t{d}, #{i}", P32("11110 I 10 0100 iiii | 0 iii dddd iiiiiiii"), exec_MOV_imm,
     IClass::Alu, FlagEffect::None, ImmKind::Imm16, kNoOpt, ok_d},
    {"ADR_T2", "subw{c}\t{d}, pc, #{i}", P32("11110 i 10 1010 1111 | 0 iii dddd iiiiiiii"), exec_ADR,
     IClass::Alu, FlagEffect::None, ImmKind::Zext, kSubtract, ok_d, dec_rn_pc, nullptr, {"adr{c}\t{d}, {lit}"},
     "ADR (T2): objdump prints SUBW Rd, PC"},
    {"SUB_rSPi_T3", "subw{c}\t{d}, sp, #{i}", P32("11110 i 10 1010 1101 | 0 iii dddd iiiiiiii"), exec_SUB_imm,
     IClass::Alu, FlagEffect::None, ImmKind::Zext, kNoOpt, [](const Inst& in) { return in.rd != 15; },
     dec_rn_sp},
    {"SUBW_rri_T4", "subw{c}\t{d}, {n}, #{i}", P32("11110 i 10 1010 nnnn | 0 iii dddd iiiiiiii"),
     exec_SUB_imm, IClass::Alu, FlagEffect::None, ImmKind::Zext, kNoOpt, ok_d},
    {"MOVT_ri_T1", "movt{c}\t{d}, #{i}", P32("11110 I 10 1100 iiii | 0 iii dddd iiiiiiii"), exec_MOVT,
     IClass::Alu, FlagEffect::None, ImmKind::Imm16, kNoOpt, ok_d},
    {"SSAT_T1", "ssat{c}\t{d}, #{j}, {n}{sh}", P32("11110 0 11 00 y 0 nnnn | 0 iii dddd ii 0 jjjjj"),
     exec_SSAT, IClass::Alu, FlagEffect::Q, ImmKind::None, kNoOpt, ok_sat, dec_ssat, enc_ssat},
    {"SBFX_T1", "sbfx{c}\t{d}, {n}, #{i}, #{j}", P32("11110 0 11 010 0 nnnn | 0 iii dddd ii 0 jjjjj"),
     exec_SBFX, IClass::Alu, FlagEffect::None, ImmKind::Zext, kNoOpt, ok_bfx, dec_bfx, enc_bfx},
    {"BFC_T1", "bfc{c}\t{d}, #{i}, #{j}", P32("11110 0 11 011 0 1111 | 0 iii dddd ii 0 jjjjj"), exec_BFC,
     IClass::Alu, FlagEffect::None, ImmKind::Zext, kNoOpt, ok_bfc, dec_bfi, enc_bfi},
    {"BFI_T1", "bfi{c}\t{d}, {n}, #{i}, #{j}", P32("11110 0 11 011 0 nnnn | 0 iii dddd ii 0 jjjjj"), exec_BFI,
     IClass::Alu, FlagEffect::None, ImmKind::Zext, kNoOpt, ok_bfi, dec_bfi, enc_bfi},
    {"USAT_T1", "usat{c}\t{d}, #{j}, {n}{sh}", P32("11110 0 11 10 y 0 nnnn | 0 iii dddd ii 0 jjjjj"),
     exec_USAT, IClass::Alu, FlagEffect::Q, ImmKind::None, kNoOpt, ok_sat, dec_sat_shift, enc_sat_shift},
    {"UBFX_T1", "ubfx{c}\t{d}, {n}, #{i}, #{j}", P32("11110 0 11 110 0 nnnn | 0 iii dddd ii 0 jjjjj"),
     exec_UBFX, IClass::Alu, FlagEffect::None, ImmKind::Zext, kNoOpt, ok_bfx, dec_bfx, enc_bfx},

    // A5.3.11 Data processing (shifted register)
    {"TST_rr_T2", "tst{c}.w\t{n}, {m}{sh}", P32("11101010000 1 nnnn | 0 iii 1111 ii yy mmmm"), exec_TST_reg,
     IClass::Alu, FlagEffect::NZC, ImmKind::ShiftImm, kCmp, ok_nm},
    {"AND_rrr_T2", "and{s}{c}.w\t{d}, {n}, {m}{sh}", P32("11101010000 s nnnn | 0 iii dddd ii yy mmmm"),
     exec_AND_reg, IClass::Alu, FlagEffect::NZC, ImmKind::ShiftImm, kNoOpt, ok_and_reg},
    {"BIC_rrr_T2", "bic{s}{c}.w\t{d}, {n}, {m}{sh}", P32("11101010001 s nnnn | 0 iii dddd ii yy mmmm"),
     exec_BIC_reg, IClass::Alu, FlagEffect::NZC, ImmKind::ShiftImm, kNoOpt, ok_dnm},
    {"MOV_rr_T3", "mov{s}{c}.w\t{d}, {m}{sh}", P32("11101010010 s 1111 | 0 iii dddd ii yy mmmm"),
     exec_MOV_reg, IClass::Alu, FlagEffect::NZC, ImmKind::ShiftImm, kNoOpt, ok_mov_reg_w, nullptr, nullptr,
     {}, "also LSL/LSR/ASR/ROR/RRX (immediate), which objdump prints as MOV.W with a shift"},
    {"ORR_rrr_T2", "orr{s}{c}.w\t{d}, {n}, {m}{sh}", P32("11101010010 s nnnn | 0 iii dddd ii yy mmmm"),
     exec_ORR_reg, IClass::Alu, FlagEffect::NZC, ImmKind::ShiftImm, kNoOpt, ok_orr_reg},
    {"MVN_rr_T2", "mvn{s}{c}.w\t{d}, {m}{sh}", P32("11101010011 s 1111 | 0 iii dddd ii yy mmmm"),
     exec_MVN_reg, IClass::Alu, FlagEffect::NZC, ImmKind::ShiftImm, kNoOpt, ok_dm},
    {"ORN_rrr_T1", "orn{s}{c}\t{d}, {n}, {m}{sh}", P32("11101010011 s nnnn | 0 iii dddd ii yy mmmm"),
     exec_ORN_reg, IClass::Alu, FlagEffect::NZC, ImmKind::ShiftImm, kNoOpt, ok_orr_reg},
    {"TEQ_rr_T1", "teq{c}\t{n}, {m}{sh}", P32("11101010100 1 nnnn | 0 iii 1111 ii yy mmmm"), exec_TEQ_reg,
     IClass::Alu, FlagEffect::NZC, ImmKind::ShiftImm, kCmp, ok_nm},
    {"EOR_rrr_T2", "eor{s}{c}.w\t{d}, {n}, {m}{sh}", P32("11101010100 s nnnn | 0 iii dddd ii yy mmmm"),
     exec_EOR_reg, IClass::Alu, FlagEffect::NZC, ImmKind::ShiftImm, kNoOpt, ok_and_reg},
    {"CMN_rr_T2", "cmn{c}.w\t{n}, {m}{sh}", P32("11101011000 1 nnnn | 0 iii 1111 ii yy mmmm"), exec_CMN_reg,
     IClass::Alu, FlagEffect::NZCV, ImmKind::ShiftImm, kCmp, ok_n_not_pc_m},
    {"ADD_rSPr_T3", "add{s}{c}.w\t{d}, sp, {m}{sh}", P32("11101011000 s 1101 | 0 iii dddd ii yy mmmm"),
     exec_ADD_reg, IClass::Alu, FlagEffect::NZCV, ImmKind::ShiftImm, kNoOpt, ok_addsp_reg, dec_rn_sp},
    {"ADD_rrr_T3", "add{s}{c}.w\t{d}, {n}, {m}{sh}", P32("11101011000 s nnnn | 0 iii dddd ii yy mmmm"),
     exec_ADD_reg, IClass::Alu, FlagEffect::NZCV, ImmKind::ShiftImm, kNoOpt, ok_add_reg},
    {"ADC_rrr_T2", "adc{s}{c}.w\t{d}, {n}, {m}{sh}", P32("11101011010 s nnnn | 0 iii dddd ii yy mmmm"),
     exec_ADC_reg, IClass::Alu, FlagEffect::NZCV, ImmKind::ShiftImm, kNoOpt, ok_dnm},
    {"SBC_rrr_T2", "sbc{s}{c}.w\t{d}, {n}, {m}{sh}", P32("11101011011 s nnnn | 0 iii dddd ii yy mmmm"),
     exec_SBC_reg, IClass::Alu, FlagEffect::NZCV, ImmKind::ShiftImm, kNoOpt, ok_dnm},
    {"CMP_rr_T3", "cmp{c}.w\t{n}, {m}{sh}", P32("11101011101 1 nnnn | 0 iii 1111 ii yy mmmm"), exec_CMP_reg,
     IClass::Alu, FlagEffect::NZCV, ImmKind::ShiftImm, kCmp, ok_n_not_pc_m},
    {"SUB_rSPr_T1", "sub{s}{c}.w\t{d}, sp, {m}{sh}", P32("11101011101 s 1101 | 0 iii dddd ii yy mmmm"),
     exec_SUB_reg, IClass::Alu, FlagEffect::NZCV, ImmKind::ShiftImm, kNoOpt, ok_addsp_reg, dec_rn_sp},
    {"SUB_rrr_T2", "sub{s}{c}.w\t{d}, {n}, {m}{sh}", P32("11101011101 s nnnn | 0 iii dddd ii yy mmmm"),
     exec_SUB_reg, IClass::Alu, FlagEffect::NZCV, ImmKind::ShiftImm, kNoOpt, ok_add_reg},
    {"RSB_rrr_T1", "rsb{s}{c}\t{d}, {n}, {m}{sh}", P32("11101011110 s nnnn | 0 iii dddd ii yy mmmm"),
     exec_RSB_reg, IClass::Alu, FlagEffect::NZCV, ImmKind::ShiftImm, kNoOpt, ok_dnm},

    // A5.3.12 Data processing (register): register-controlled shifts and extends
    {"LSL_rrr_T2", "lsl{s}{c}.w\t{d}, {n}, {m}", P32("11111010 0 00 s nnnn | 1111 dddd 0000 mmmm"),
     exec_LSL_reg, IClass::Alu, FlagEffect::NZC, ImmKind::None, kNoOpt, ok_dnm},
    {"LSR_rrr_T2", "lsr{s}{c}.w\t{d}, {n}, {m}", P32("11111010 0 01 s nnnn | 1111 dddd 0000 mmmm"),
     exec_LSR_reg, IClass::Alu, FlagEffect::NZC, ImmKind::None, kNoOpt, ok_dnm},
    {"ASR_rrr_T2", "asr{s}{c}.w\t{d}, {n}, {m}", P32("11111010 0 10 s nnnn | 1111 dddd 0000 mmmm"),
     exec_ASR_reg, IClass::Alu, FlagEffect::NZC, ImmKind::None, kNoOpt, ok_dnm},
    {"ROR_rrr_T2", "ror{s}{c}.w\t{d}, {n}, {m}", P32("11111010 0 11 s nnnn | 1111 dddd 0000 mmmm"),
     exec_ROR_reg, IClass::Alu, FlagEffect::NZC, ImmKind::None, kNoOpt, ok_dnm},
    {"SXTH_rr_T2", "sxth{c}.w\t{d}, {m}{sh}", P32("11111010 0000 1111 | 1111 dddd 10 ii mmmm"), exec_SXTH,
     IClass::Alu, FlagEffect::None, ImmKind::Rotate8, kNoOpt, ok_dm},
    {"UXTH_rr_T2", "uxth{c}.w\t{d}, {m}{sh}", P32("11111010 0001 1111 | 1111 dddd 10 ii mmmm"), exec_UXTH,
     IClass::Alu, FlagEffect::None, ImmKind::Rotate8, kNoOpt, ok_dm},
    {"SXTB_rr_T2", "sxtb{c}.w\t{d}, {m}{sh}", P32("11111010 0100 1111 | 1111 dddd 10 ii mmmm"), exec_SXTB,
     IClass::Alu, FlagEffect::None, ImmKind::Rotate8, kNoOpt, ok_dm},
    {"UXTB_rr_T2", "uxtb{c}.w\t{d}, {m}{sh}", P32("11111010 0101 1111 | 1111 dddd 10 ii mmmm"), exec_UXTB,
     IClass::Alu, FlagEffect::None, ImmKind::Rotate8, kNoOpt, ok_dm},

    // A5.3.13 Miscellaneous operations
    {"REV_rr_T2", "rev{c}.w\t{d}, {m}", P32("11111010 1001 nnnn | 1111 dddd 1000 mmmm"), exec_REV,
     IClass::Alu, FlagEffect::None, ImmKind::None, kNoOpt, ok_rev, nullptr, enc_rm_twice},
    {"REV16_rr_T2", "rev16{c}.w\t{d}, {m}", P32("11111010 1001 nnnn | 1111 dddd 1001 mmmm"), exec_REV16,
     IClass::Alu, FlagEffect::None, ImmKind::None, kNoOpt, ok_rev, nullptr, enc_rm_twice},
    {"RBIT_rr_T1", "rbit{c}\t{d}, {m}", P32("11111010 1001 nnnn | 1111 dddd 1010 mmmm"), exec_RBIT,
     IClass::Alu, FlagEffect::None, ImmKind::None, kNoOpt, ok_rev, nullptr, enc_rm_twice},
    {"REVSH_rr_T2", "revsh{c}.w\t{d}, {m}", P32("11111010 1001 nnnn | 1111 dddd 1011 mmmm"), exec_REVSH,
     IClass::Alu, FlagEffect::None, ImmKind::None, kNoOpt, ok_rev, nullptr, enc_rm_twice},
    {"CLZ_rr_T1", "clz{c}\t{d}, {m}", P32("11111010 1011 nnnn | 1111 dddd 1000 mmmm"), exec_CLZ, IClass::Alu,
     FlagEffect::None, ImmKind::None, kNoOpt, ok_rev, nullptr, enc_rm_twice},

    // A5.3.16 Multiply, multiply accumulate
    {"MUL_rrr_T2", "mul{c}.w\t{d}, {n}, {m}", P32("111110110 000 nnnn | 1111 dddd 0000 mmmm"), exec_MUL,
     IClass::Mul, FlagEffect::None, ImmKind::None, kNoOpt, ok_dnm},
    {"MLA_T1", "mla{c}\t{d}, {n}, {m}, {a}", P32("111110110 000 nnnn | aaaa dddd 0000 mmmm"), exec_MLA,
     IClass::Mul, FlagEffect::None, ImmKind::None, kNoOpt, ok_mla},
    {"MLS_T1", "mls{c}\t{d}, {n}, {m}, {a}", P32("111110110 000 nnnn | aaaa dddd 0001 mmmm"), exec_MLS,
     IClass::Mul, FlagEffect::None, ImmKind::None, kNoOpt, ok_mla},

    // A5.3.17 Long multiply, long multiply accumulate, and divide (RdLo in rd, RdHi in ra)
    {"SMULL_T1", "smull{c}\t{d}, {a}, {n}, {m}", P32("111110111 000 nnnn | llll hhhh 0000 mmmm"), exec_SMULL,
     IClass::MulLong, FlagEffect::None, ImmKind::None, kNoOpt, ok_mull},
    {"SDIV_T1", "sdiv{c}\t{d}, {n}, {m}", P32("111110111 001 nnnn | 1111 dddd 1111 mmmm"), exec_SDIV,
     IClass::Div, FlagEffect::None, ImmKind::None, kNoOpt, ok_dnm, nullptr, nullptr, {},
     "divide by zero gives 0, or a UsageFault DIVBYZERO when CCR.DIV_0_TRP is set"},
    {"UMULL_T1", "umull{c}\t{d}, {a}, {n}, {m}", P32("111110111 010 nnnn | llll hhhh 0000 mmmm"), exec_UMULL,
     IClass::MulLong, FlagEffect::None, ImmKind::None, kNoOpt, ok_mull},
    {"UDIV_T1", "udiv{c}\t{d}, {n}, {m}", P32("111110111 011 nnnn | 1111 dddd 1111 mmmm"), exec_UDIV,
     IClass::Div, FlagEffect::None, ImmKind::None, kNoOpt, ok_dnm, nullptr, nullptr, {},
     "divide by zero gives 0, or a UsageFault DIVBYZERO when CCR.DIV_0_TRP is set"},
    {"SMLAL_T1", "smlal{c}\t{d}, {a}, {n}, {m}", P32("111110111 100 nnnn | llll hhhh 0000 mmmm"), exec_SMLAL,
     IClass::MulLong, FlagEffect::None, ImmKind::None, kNoOpt, ok_mull},
    {"UMLAL_T1", "umlal{c}\t{d}, {a}, {n}, {m}", P32("111110111 110 nnnn | llll hhhh 0000 mmmm"), exec_UMLAL,
     IClass::MulLong, FlagEffect::None, ImmKind::None, kNoOpt, ok_mull},
};
// clang-format on

}  // namespace

std::span<const Form> forms_dp() { return kForms; }

}  // namespace m3::isa
