// Loads and stores: the table rows (ARMv7-M ARM A5.2.4, A5.2.5, A5.3.5, A5.3.7-A5.3.10). The
// semantic functions are in sem_mem.cpp.
//
// Shapes of the 32-bit single loads and stores (A5.3.7-A5.3.10), one form each, in decode order:
//   _lit       Rn = PC, U bit: "[pc, #-8]" (for the loads; a PC base is "SEE literal")
//   _imm12     positive 12-bit offset: "[r1]", "[r1, #4]"
//   _imm8_neg  negative 8-bit offset: "[r1, #-4]"
//   _imm8_pre  pre-indexed with writeback: "[r1, #4]!", "[r1, #-4]!"
//   _imm8_post post-indexed: "[r1], #4"
//   T          unprivileged (LDRT...): the model is always privileged, so these behave as the
//              normal accesses
//   _reg       register offset with LSL #0-3: "[r1, r2, lsl #2]"
//
// Encodings the checks turn away, beyond the ARM ARM's UNPREDICTABLE cases, because GNU as
// cannot produce them (so they never round-trip through the oracles):
//   - an 8-bit offset of "#-0" (U = 0, imm = 0): objdump prints it as "[r1]" or "#0", and GNU as
//     encodes those with U = 1; the same holds for the literal forms;
//   - LDRD/STRD pre-indexed with offset 0: objdump drops the "!" ("ldrd r0, r1, [r2]");
//   - LDR SP with writeback (GNU as warns: "may be unpredictable ... with interrupts enabled");
//   - LDR (literal) to the PC at an offset that is not a multiple of 4 (GNU as errors).
// UNPREDICTABLE cases that GNU as assembles without a word are accepted: LDRD with Rt == Rt2,
// STREX with Rd == Rt or Rd == Rn.
//
// The _lit_t forms are literal loads whose low bits look like LDRT's: objdump prints them as
// "ldrt r0, [pc, #-3588]" and GNU as assembles that back to the literal load, so they print
// objdump's way (the semantics are the literal load's).
//
// PUSH/POP of one register that has no 16-bit encoding ("push {r8}") is PUSH/POP T3, the
// encoding of "str.w r8, [sp, #-4]!" / "ldr.w r8, [sp], #4"; GNU as emits it and objdump prints
// it as that STR/LDR. PUSH_T3/POP_T3 decode it ahead of STR/LDR so that it runs as PUSH/POP and
// assembles from both spellings.
#include <bit>

#include "m3lab/isa/table.hpp"
#include "sem_mem.hpp"

namespace m3::isa {
namespace {

using namespace sem;

// ---- checks -------------------------------------------------------------------------------------
// Operand rules of the single loads/stores and pairs, combined as template flags.
enum Rule : uint32_t {
  kRtNotSP = 1u << 0,      // t == 13 is UNPREDICTABLE
  kRtNotPC = 1u << 1,      // t == 15 is UNPREDICTABLE (or a memory hint, decoded elsewhere)
  kRnNotPC = 1u << 2,      // n == 15 is UNDEFINED / UNPREDICTABLE
  kRmOk = 1u << 3,         // m IN {13, 15} is UNPREDICTABLE
  kWbOverlap = 1u << 4,    // wback && (n == t || n == t2) is UNPREDICTABLE
  kNoMinusZero = 1u << 5,  // "#-0" cannot round-trip through GNU as (see the top of the file)
  kNonZero = 1u << 6,      // imm == 0 cannot round-trip (negative-offset and LDRD/STRD pre forms)
  kRt2 = 1u << 7,          // LDRD/STRD: t2 (ra) IN {13, 15} is UNPREDICTABLE
};

template <uint32_t R>
bool check_ls(const Inst& in) {
  if ((R & kRtNotSP) && in.rd == 13) return false;
  if ((R & kRtNotPC) && in.rd == 15) return false;
  if ((R & kRnNotPC) && in.rn == 15) return false;
  if ((R & kRmOk) && (in.rm == 13 || in.rm == 15)) return false;
  if ((R & kWbOverlap) && in.wback && (in.rn == in.rd || ((R & kRt2) && in.rn == in.ra))) return false;
  if ((R & kNoMinusZero) && !in.add && in.imm == 0) return false;
  if ((R & kNonZero) && in.imm == 0) return false;
  if ((R & kRt2) && (in.ra == 13 || in.ra == 15)) return false;
  return true;
}

bool in_list(const Inst& in, unsigned r) { return (in.reglist >> r) & 1; }
int count(const Inst& in) { return std::popcount(in.reglist); }

// LDM T1: wback = registers<n> == '0', so the form with "!" is the one whose base is not listed.
bool check_ldm16_wb(const Inst& in) { return in.reglist != 0 && !in_list(in, in.rn); }
bool check_ldm16_nowb(const Inst& in) { return in_list(in, in.rn); }
// STM T1: a listed base that is not the lowest register stores an UNKNOWN value.
bool check_stm16(const Inst& in) {
  return in.reglist != 0 && (!in_list(in, in.rn) || std::countr_zero(in.reglist) == in.rn);
}
bool check_list16(const Inst& in) { return in.reglist != 0; }
// LDM/LDMDB/POP T2: at least two registers, never SP, not both PC and LR, no listed base with
// writeback.
bool check_ldm32(const Inst& in) {
  return in.rn != 15 && count(in) >= 2 && !in_list(in, 13) && !(in_list(in, 14) && in_list(in, 15)) &&
         !(in.wback && in_list(in, in.rn));
}
// STM/STMDB/PUSH T2: at least two registers, never SP or PC, no listed base with writeback.
bool check_stm32(const Inst& in) {
  return in.rn != 15 && count(in) >= 2 && !in_list(in, 13) && !in_list(in, 15) &&
         !(in.wback && in_list(in, in.rn));
}
// PUSH/POP T2 have no Rn field (rn reads 0): only the list rules apply.
bool check_pop32(const Inst& in) {
  return count(in) >= 2 && !in_list(in, 13) && !(in_list(in, 14) && in_list(in, 15));
}
bool check_push32(const Inst& in) { return count(in) >= 2 && !in_list(in, 13) && !in_list(in, 15); }
// TBB/TBH: n == 13 || m IN {13, 15} is UNPREDICTABLE (n == 15 is the common case).
bool check_tb(const Inst& in) { return in.rn != 13 && in.rm != 13 && in.rm != 15; }
// STREX*: Rd is rd, Rt is ra.
bool check_strex(const Inst& in) {
  return in.rd != 13 && in.rd != 15 && in.ra != 13 && in.ra != 15 && in.rn != 15;
}
// STREXB/STREXH: GNU as rejects d == n and d == t (it accepts them for STREX).
bool check_strex_bh(const Inst& in) { return check_strex(in) && in.rd != in.rn && in.rd != in.ra; }

// ---- hooks --------------------------------------------------------------------------------------
// Literal forms have no Rn field: the base is the PC (read as Align(PC, 4) by the semantics).
void literal_base(const Fields&, Inst& in) { in.rn = 15; }
// The _lit_t forms: literal loads with U = 0 and imm12 = 0b1110xxxxxxxx, the bit pattern of the
// unprivileged loads. objdump prints them as "ldrt r0, [pc, #-3588]", and GNU as assembles that
// text (LDRT with a PC base) back to the literal load, so we print them objdump's way.
void literal_base_t(const Fields&, Inst& in) {
  in.rn = 15;
  in.imm |= 0xe00;
}
bool literal_t_encode(const Inst& in, Fields& f) {
  if ((in.imm & ~0xffu) != 0xe00) return false;
  f.set('i', in.imm & 0xff);
  return true;
}
bool is_ldrt_shape(const Inst& in) { return !in.add && (in.imm & 0xf00) == 0xe00; }
// LDRx (literal), other than the _lit_t shape.
template <uint32_t R>
bool check_lit(const Inst& in) {
  return check_ls<R | kNoMinusZero>(in) && !is_ldrt_shape(in);
}
// LDR (literal) to the PC must be word aligned (GNU as: "ldr to register 15 must be 4-byte
// aligned"; the ARM ARM makes a misaligned one UNPREDICTABLE).
bool check_ldr_lit(const Inst& in) { return check_lit<0>(in) && (in.rd != 15 || in.imm % 4 == 0); }
// SP-relative 16-bit forms.
void sp_base(const Fields&, Inst& in) { in.rn = 13; }
// PUSH T1: M is LR; POP T1: P is PC.
void push16_decode(const Fields& f, Inst& in) {
  in.reglist = static_cast<uint16_t>(in.reglist | f.get('M') << 14);
}
bool push16_encode(const Inst& in, Fields& f) {
  if (in.reglist & 0xbf00) return false;
  f.set('r', in.reglist & 0xff);
  f.set('M', (in.reglist >> 14) & 1);
  return true;
}
void pop16_decode(const Fields& f, Inst& in) {
  in.reglist = static_cast<uint16_t>(in.reglist | f.get('P') << 15);
}
bool pop16_encode(const Inst& in, Fields& f) {
  if (in.reglist & 0x7f00) return false;
  f.set('r', in.reglist & 0xff);
  f.set('P', (in.reglist >> 15) & 1);
  return true;
}
// PUSH/POP T3: a one-register list held in Rt; the rest of the fields are what the STR/LDR they
// are encoded as would have (ARM ARM A7.7 PUSH, POP: encoding T3).
void push_t3_decode(const Fields&, Inst& in) {  // STR Rt, [SP, #-4]!
  in.reglist = static_cast<uint16_t>(1u << in.rd);
  in.rn = 13;
  in.imm = 4;
  in.add = false;
  in.wback = true;
}
void pop_t3_decode(const Fields&, Inst& in) {  // LDR Rt, [SP], #4
  in.reglist = static_cast<uint16_t>(1u << in.rd);
  in.rn = 13;
  in.imm = 4;
  in.index = false;
  in.wback = true;
}
// From "push {r8}" the register comes as a list; from "str.w r8, [sp, #-4]!" as Rt (empty list).
bool push_pop_t3_encode(const Inst& in, Fields& f) {
  if (in.reglist == 0) return true;
  if (std::popcount(in.reglist) != 1) return false;
  f.set('t', static_cast<uint32_t>(std::countr_zero(in.reglist)));
  return true;
}

constexpr auto L = IClass::Load;
constexpr auto S = IClass::Store;
constexpr auto N = FlagEffect::None;

// clang-format off
const Form kForms[] = {
    // ---- 16-bit (A5.2.4 load/store single; A5.2.5 PUSH/POP; A5.2 LDM/STM) -------------
    {"LDR_lit_T1", "ldr{c}\t{d}, [pc, #{i}]", P16("01001 ttt iiiiiiii"), exec_LDR_imm, L, N, ImmKind::Scale4,
     kNoOpt, nullptr, literal_base, nullptr, {"ldr{c}\t{d}, {lit}", "ldr{c}\t{d}, [pc]"}},
    {"STR_reg_T1", "str{c}\t{d}, [{n}, {m}]", P16("0101000 mmm nnn ttt"), exec_STR_reg, S, N},
    {"STRH_reg_T1", "strh{c}\t{d}, [{n}, {m}]", P16("0101001 mmm nnn ttt"), exec_STRH_reg, S, N},
    {"STRB_reg_T1", "strb{c}\t{d}, [{n}, {m}]", P16("0101010 mmm nnn ttt"), exec_STRB_reg, S, N},
    {"LDRSB_reg_T1", "ldrsb{c}\t{d}, [{n}, {m}]", P16("0101011 mmm nnn ttt"), exec_LDRSB_reg, L, N},
    {"LDR_reg_T1", "ldr{c}\t{d}, [{n}, {m}]", P16("0101100 mmm nnn ttt"), exec_LDR_reg, L, N},
    {"LDRH_reg_T1", "ldrh{c}\t{d}, [{n}, {m}]", P16("0101101 mmm nnn ttt"), exec_LDRH_reg, L, N},
    {"LDRB_reg_T1", "ldrb{c}\t{d}, [{n}, {m}]", P16("0101110 mmm nnn ttt"), exec_LDRB_reg, L, N},
    {"LDRSH_reg_T1", "ldrsh{c}\t{d}, [{n}, {m}]", P16("0101111 mmm nnn ttt"), exec_LDRSH_reg, L, N},
    // objdump prints "[r1, #0]"; GNU as also takes "[r1]".
    {"STR_imm5_T1", "str{c}\t{d}, [{n}, #{i}]", P16("01100 iiiii nnn ttt"), exec_STR_imm, S, N,
     ImmKind::Scale4, kNoOpt, nullptr, nullptr, nullptr, {"str{c}\t{d}, [{n}]"}},
    {"LDR_imm5_T1", "ldr{c}\t{d}, [{n}, #{i}]", P16("01101 iiiii nnn ttt"), exec_LDR_imm, L, N,
     ImmKind::Scale4, kNoOpt, nullptr, nullptr, nullptr, {"ldr{c}\t{d}, [{n}]"}},
    {"STRB_imm5_T1", "strb{c}\t{d}, [{n}, #{i}]", P16("01110 iiiii nnn ttt"), exec_STRB_imm, S, N,
     ImmKind::Zext, kNoOpt, nullptr, nullptr, nullptr, {"strb{c}\t{d}, [{n}]"}},
    {"LDRB_imm5_T1", "ldrb{c}\t{d}, [{n}, #{i}]", P16("01111 iiiii nnn ttt"), exec_LDRB_imm, L, N,
     ImmKind::Zext, kNoOpt, nullptr, nullptr, nullptr, {"ldrb{c}\t{d}, [{n}]"}},
    {"STRH_imm5_T1", "strh{c}\t{d}, [{n}, #{i}]", P16("10000 iiiii nnn ttt"), exec_STRH_imm, S, N,
     ImmKind::Scale2, kNoOpt, nullptr, nullptr, nullptr, {"strh{c}\t{d}, [{n}]"}},
    {"LDRH_imm5_T1", "ldrh{c}\t{d}, [{n}, #{i}]", P16("10001 iiiii nnn ttt"), exec_LDRH_imm, L, N,
     ImmKind::Scale2, kNoOpt, nullptr, nullptr, nullptr, {"ldrh{c}\t{d}, [{n}]"}},
    {"STR_sp_T2", "str{c}\t{d}, [sp, #{i}]", P16("10010 ttt iiiiiiii"), exec_STR_imm, S, N, ImmKind::Scale4,
     kNoOpt, nullptr, sp_base, nullptr, {"str{c}\t{d}, [sp]"}},
    {"LDR_sp_T2", "ldr{c}\t{d}, [sp, #{i}]", P16("10011 ttt iiiiiiii"), exec_LDR_imm, L, N, ImmKind::Scale4,
     kNoOpt, nullptr, sp_base, nullptr, {"ldr{c}\t{d}, [sp]"}},
    {"PUSH_T1", "push{c}\t{rl}", P16("1011010 M rrrrrrrr"), exec_PUSH, IClass::StoreMulti, N, ImmKind::None,
     kNoOpt, check_list16, push16_decode, push16_encode},
    // GNU as assembles "ldmia sp!, {...}" as POP when the list fits.
    {"POP_T1", "pop{c}\t{rl}", P16("1011110 P rrrrrrrr"), exec_POP, IClass::LoadMulti, N, ImmKind::None,
     kNoOpt, check_list16, pop16_decode, pop16_encode,
     {"ldmia{c}\tsp!, {rl}", "ldm{c}\tsp!, {rl}", "ldmfd{c}\tsp!, {rl}"}},
    // kIdxPreWb sets wback (index means nothing to LDM/STM). LDM T1 writes back iff Rn is not
    // in the list: one form for each case, told apart by their checks.
    {"STM_T1", "stmia{c}\t{n}!, {rl}", P16("11000 nnn rrrrrrrr"), exec_STM, IClass::StoreMulti, N,
     ImmKind::None, kIdxPreWb, check_stm16, nullptr, nullptr, {"stm{c}\t{n}!, {rl}", "stmea{c}\t{n}!, {rl}"}},
    {"LDM_T1_wb", "ldmia{c}\t{n}!, {rl}", P16("11001 nnn rrrrrrrr"), exec_LDM, IClass::LoadMulti, N,
     ImmKind::None, kIdxPreWb, check_ldm16_wb, nullptr, nullptr,
     {"ldm{c}\t{n}!, {rl}", "ldmfd{c}\t{n}!, {rl}"}},
    {"LDM_T1", "ldmia{c}\t{n}, {rl}", P16("11001 nnn rrrrrrrr"), exec_LDM, IClass::LoadMulti, N,
     ImmKind::None, kNoOpt, check_ldm16_nowb, nullptr, nullptr, {"ldm{c}\t{n}, {rl}", "ldmfd{c}\t{n}, {rl}"}},

    // ---- 32-bit single loads and stores (A5.3.7-A5.3.10) -------------------------------------
    // Memory hints: LDRB/LDRSB with Rt = PC (A5.3.7 PLD, A5.3.9 PLI). No architectural effect.
    {"PLD_lit", "pld{c}\t[pc(?, #{off})]", P32("11111000 u 0011111 | 1111 iiiiiiiiiiii"), exec_PLD,
     IClass::System, N, ImmKind::Zext, kNoOpt, check_ls<kNoMinusZero>, literal_base, nullptr,
     {"pld{c}\t{lit}"}, "a hint with no architectural effect (never faults)"},
    {"PLD_imm12", "pld{c}\t[{n}(?, #{i})]", P32("111110001001 nnnn | 1111 iiiiiiiiiiii"), exec_PLD,
     IClass::System, N, ImmKind::Zext, kNoOpt, check_ls<kRnNotPC>, nullptr, nullptr, {},
     "a hint with no architectural effect (never faults)"},
    {"PLD_imm8_neg", "pld{c}\t[{n}, #{off}]", P32("111110000001 nnnn | 1111 1100 iiiiiiii"), exec_PLD,
     IClass::System, N, ImmKind::Zext, kSubtract, check_ls<kRnNotPC | kNonZero>, nullptr, nullptr, {},
     "a hint with no architectural effect (never faults)"},
    {"PLD_reg", "pld{c}\t[{n}, {m}{sh}]", P32("111110000001 nnnn | 1111 000000 ii mmmm"), exec_PLD,
     IClass::System, N, ImmKind::LslImm, kNoOpt, check_ls<kRnNotPC | kRmOk>, nullptr, nullptr, {},
     "a hint with no architectural effect (never faults)"},
    {"PLI_lit", "pli{c}\t[pc(?, #{off})]", P32("11111001 u 0011111 | 1111 iiiiiiiiiiii"), exec_PLD,
     IClass::System, N, ImmKind::Zext, kNoOpt, check_ls<kNoMinusZero>, literal_base, nullptr,
     {"pli{c}\t{lit}"}, "a hint with no architectural effect (never faults)"},
    {"PLI_imm12", "pli{c}\t[{n}(?, #{i})]", P32("111110011001 nnnn | 1111 iiiiiiiiiiii"), exec_PLD,
     IClass::System, N, ImmKind::Zext, kNoOpt, check_ls<kRnNotPC>, nullptr, nullptr, {},
     "a hint with no architectural effect (never faults)"},
    {"PLI_imm8_neg", "pli{c}\t[{n}, #{off}]", P32("111110010001 nnnn | 1111 1100 iiiiiiii"), exec_PLD,
     IClass::System, N, ImmKind::Zext, kSubtract, check_ls<kRnNotPC | kNonZero>, nullptr, nullptr, {},
     "a hint with no architectural effect (never faults)"},
    {"PLI_reg", "pli{c}\t[{n}, {m}{sh}]", P32("111110010001 nnnn | 1111 000000 ii mmmm"), exec_PLD,
     IClass::System, N, ImmKind::LslImm, kNoOpt, check_ls<kRnNotPC | kRmOk>, nullptr, nullptr, {},
     "a hint with no architectural effect (never faults)"},
    // LDR
    {"LDR_lit", "ldr{c}.w\t{d}, [pc(?, #{off})]", P32("11111000 u 101 1111 | tttt iiiiiiiiiiii"),
     exec_LDR_imm, L, N, ImmKind::Zext, kNoOpt, check_ldr_lit, literal_base, nullptr,
     {"ldr{c}.w\t{d}, {lit}"}},
    {"LDR_lit_t", "ldrt{c}\t{d}, [pc, #{off}]", P32("11111000 0 101 1111 | tttt 1110 iiiiiiii"), exec_LDR_imm,
     L, N, ImmKind::Zext, kSubtract, check_ls<kRtNotSP | kRtNotPC>, literal_base_t, literal_t_encode,
     {"ldr{c}.w\t{d}, [pc, #{off}]", "ldr{c}.w\t{d}, {lit}"},
     "a literal load that objdump prints as ldrt (GNU as reads that text back as this)"},
    {"LDR_imm12", "ldr{c}.w\t{d}, [{n}(?, #{i})]", P32("11111000 1 101 nnnn | tttt iiiiiiiiiiii"),
     exec_LDR_imm, L, N, ImmKind::Zext, kNoOpt, check_ls<kRnNotPC>},
    {"LDR_imm8_neg", "ldr{c}.w\t{d}, [{n}, #{off}]", P32("11111000 0 101 nnnn | tttt 1100 iiiiiiii"),
     exec_LDR_imm, L, N, ImmKind::Zext, kSubtract, check_ls<kRnNotPC | kNonZero>, nullptr, nullptr, {},
     "\"#-0\" is not decoded: objdump prints it as \"[rn]\", which GNU as encodes with U = 1"},
    // POP T3 (one register) is LDR Rt, [SP], #4, and prints that way.
    {"POP_T3", "ldr{c}.w\t{d}, [sp], #4", P32("1111100001011101 | tttt 101100000100"), exec_POP, L, N,
     ImmKind::None, kNoOpt, check_ls<kRtNotSP>, pop_t3_decode, push_pop_t3_encode, {"pop{c}.w\t{rl}"},
     "one register with no 16-bit encoding; GNU as emits it for \"pop {r8}\", objdump prints the LDR"},
    {"LDR_imm8_pre", "ldr{c}.w\t{d}, [{n}(?, #{off})]!", P32("11111000 0 101 nnnn | tttt 11u1 iiiiiiii"),
     exec_LDR_imm, L, N, ImmKind::Zext, kIdxPreWb, check_ls<kRnNotPC | kRtNotSP | kNoMinusZero | kWbOverlap>},
    {"LDR_imm8_post", "ldr{c}.w\t{d}, [{n}], #{off}", P32("11111000 0 101 nnnn | tttt 10u1 iiiiiiii"),
     exec_LDR_imm, L, N, ImmKind::Zext, kIdxPost, check_ls<kRnNotPC | kRtNotSP | kNoMinusZero | kWbOverlap>},
    {"LDRT", "ldrt{c}\t{d}, [{n}(?, #{i})]", P32("11111000 0 101 nnnn | tttt 1110 iiiiiiii"), exec_LDR_imm, L,
     N, ImmKind::Zext, kNoOpt, check_ls<kRnNotPC | kRtNotSP | kRtNotPC>, nullptr, nullptr, {},
     "unprivileged access: the model is always privileged, so it is the normal access"},
    {"LDR_reg", "ldr{c}.w\t{d}, [{n}, {m}{sh}]", P32("11111000 0 101 nnnn | tttt 000000 ii mmmm"),
     exec_LDR_reg, L, N, ImmKind::LslImm, kNoOpt, check_ls<kRnNotPC | kRmOk>},
    // LDRB
    {"LDRB_lit", "ldrb{c}.w\t{d}, [pc(?, #{off})]", P32("11111000 u 001 1111 | tttt iiiiiiiiiiii"),
     exec_LDRB_imm, L, N, ImmKind::Zext, kNoOpt, check_lit<kRtNotSP | kRtNotPC>, literal_base, nullptr,
     {"ldrb{c}.w\t{d}, {lit}"}},
    {"LDRB_lit_t", "ldrbt{c}\t{d}, [pc, #{off}]", P32("11111000 0 001 1111 | tttt 1110 iiiiiiii"),
     exec_LDRB_imm, L, N, ImmKind::Zext, kSubtract, check_ls<kRtNotSP | kRtNotPC>, literal_base_t,
     literal_t_encode, {"ldrb{c}.w\t{d}, [pc, #{off}]", "ldrb{c}.w\t{d}, {lit}"},
     "a literal load that objdump prints as ldrbt (GNU as reads that text back as this)"},
    {"LDRB_imm12", "ldrb{c}.w\t{d}, [{n}(?, #{i})]", P32("11111000 1 001 nnnn | tttt iiiiiiiiiiii"),
     exec_LDRB_imm, L, N, ImmKind::Zext, kNoOpt, check_ls<kRnNotPC | kRtNotSP | kRtNotPC>},
    {"LDRB_imm8_neg", "ldrb{c}.w\t{d}, [{n}, #{off}]", P32("11111000 0 001 nnnn | tttt 1100 iiiiiiii"),
     exec_LDRB_imm, L, N, ImmKind::Zext, kSubtract, check_ls<kRnNotPC | kRtNotSP | kRtNotPC | kNonZero>,
     nullptr, nullptr, {},
     "\"#-0\" is not decoded: objdump prints it as \"[rn]\", which GNU as encodes with U = 1"},
    {"LDRB_imm8_pre", "ldrb{c}.w\t{d}, [{n}(?, #{off})]!", P32("11111000 0 001 nnnn | tttt 11u1 iiiiiiii"),
     exec_LDRB_imm, L, N, ImmKind::Zext, kIdxPreWb,
     check_ls<kRnNotPC | kRtNotSP | kRtNotPC | kNoMinusZero | kWbOverlap>},
    {"LDRB_imm8_post", "ldrb{c}.w\t{d}, [{n}], #{off}", P32("11111000 0 001 nnnn | tttt 10u1 iiiiiiii"),
     exec_LDRB_imm, L, N, ImmKind::Zext, kIdxPost,
     check_ls<kRnNotPC | kRtNotSP | kRtNotPC | kNoMinusZero | kWbOverlap>},
    {"LDRBT", "ldrbt{c}\t{d}, [{n}(?, #{i})]", P32("11111000 0 001 nnnn | tttt 1110 iiiiiiii"), exec_LDRB_imm,
     L, N, ImmKind::Zext, kNoOpt, check_ls<kRnNotPC | kRtNotSP | kRtNotPC>, nullptr, nullptr, {},
     "unprivileged access: the model is always privileged, so it is the normal access"},
    {"LDRB_reg", "ldrb{c}.w\t{d}, [{n}, {m}{sh}]", P32("11111000 0 001 nnnn | tttt 000000 ii mmmm"),
     exec_LDRB_reg, L, N, ImmKind::LslImm, kNoOpt, check_ls<kRnNotPC | kRtNotSP | kRtNotPC | kRmOk>},
    // LDRH
    {"LDRH_lit", "ldrh{c}.w\t{d}, [pc(?, #{off})]", P32("11111000 u 011 1111 | tttt iiiiiiiiiiii"),
     exec_LDRH_imm, L, N, ImmKind::Zext, kNoOpt, check_lit<kRtNotSP | kRtNotPC>, literal_base, nullptr,
     {"ldrh{c}.w\t{d}, {lit}"}},
    {"LDRH_lit_t", "ldrht{c}\t{d}, [pc, #{off}]", P32("11111000 0 011 1111 | tttt 1110 iiiiiiii"),
     exec_LDRH_imm, L, N, ImmKind::Zext, kSubtract, check_ls<kRtNotSP | kRtNotPC>, literal_base_t,
     literal_t_encode, {"ldrh{c}.w\t{d}, [pc, #{off}]", "ldrh{c}.w\t{d}, {lit}"},
     "a literal load that objdump prints as ldrht (GNU as reads that text back as this)"},
    {"LDRH_imm12", "ldrh{c}.w\t{d}, [{n}(?, #{i})]", P32("11111000 1 011 nnnn | tttt iiiiiiiiiiii"),
     exec_LDRH_imm, L, N, ImmKind::Zext, kNoOpt, check_ls<kRnNotPC | kRtNotSP | kRtNotPC>},
    {"LDRH_imm8_neg", "ldrh{c}.w\t{d}, [{n}, #{off}]", P32("11111000 0 011 nnnn | tttt 1100 iiiiiiii"),
     exec_LDRH_imm, L, N, ImmKind::Zext, kSubtract, check_ls<kRnNotPC | kRtNotSP | kRtNotPC | kNonZero>,
     nullptr, nullptr, {},
     "\"#-0\" is not decoded: objdump prints it as \"[rn]\", which GNU as encodes with U = 1"},
    {"LDRH_imm8_pre", "ldrh{c}.w\t{d}, [{n}(?, #{off})]!", P32("11111000 0 011 nnnn | tttt 11u1 iiiiiiii"),
     exec_LDRH_imm, L, N, ImmKind::Zext, kIdxPreWb,
     check_ls<kRnNotPC | kRtNotSP | kRtNotPC | kNoMinusZero | kWbOverlap>},
    {"LDRH_imm8_post", "ldrh{c}.w\t{d}, [{n}], #{off}", P32("11111000 0 011 nnnn | tttt 10u1 iiiiiiii"),
     exec_LDRH_imm, L, N, ImmKind::Zext, kIdxPost,
     check_ls<kRnNotPC | kRtNotSP | kRtNotPC | kNoMinusZero | kWbOverlap>},
    {"LDRHT", "ldrht{c}\t{d}, [{n}(?, #{i})]", P32("11111000 0 011 nnnn | tttt 1110 iiiiiiii"), exec_LDRH_imm,
     L, N, ImmKind::Zext, kNoOpt, check_ls<kRnNotPC | kRtNotSP | kRtNotPC>, nullptr, nullptr, {},
     "unprivileged access: the model is always privileged, so it is the normal access"},
    {"LDRH_reg", "ldrh{c}.w\t{d}, [{n}, {m}{sh}]", P32("11111000 0 011 nnnn | tttt 000000 ii mmmm"),
     exec_LDRH_reg, L, N, ImmKind::LslImm, kNoOpt, check_ls<kRnNotPC | kRtNotSP | kRtNotPC | kRmOk>},
    // LDRSB
    {"LDRSB_lit", "ldrsb{c}.w\t{d}, [pc(?, #{off})]", P32("11111001 u 001 1111 | tttt iiiiiiiiiiii"),
     exec_LDRSB_imm, L, N, ImmKind::Zext, kNoOpt, check_lit<kRtNotSP | kRtNotPC>, literal_base, nullptr,
     {"ldrsb{c}.w\t{d}, {lit}"}},
    {"LDRSB_lit_t", "ldrsbt{c}\t{d}, [pc, #{off}]", P32("11111001 0 001 1111 | tttt 1110 iiiiiiii"),
     exec_LDRSB_imm, L, N, ImmKind::Zext, kSubtract, check_ls<kRtNotSP | kRtNotPC>, literal_base_t,
     literal_t_encode, {"ldrsb{c}.w\t{d}, [pc, #{off}]", "ldrsb{c}.w\t{d}, {lit}"},
     "a literal load that objdump prints as ldrsbt (GNU as reads that text back as this)"},
    {"LDRSB_imm12", "ldrsb{c}.w\t{d}, [{n}(?, #{i})]", P32("11111001 1 001 nnnn | tttt iiiiiiiiiiii"),
     exec_LDRSB_imm, L, N, ImmKind::Zext, kNoOpt, check_ls<kRnNotPC | kRtNotSP | kRtNotPC>},
    {"LDRSB_imm8_neg", "ldrsb{c}.w\t{d}, [{n}, #{off}]", P32("11111001 0 001 nnnn | tttt 1100 iiiiiiii"),
     exec_LDRSB_imm, L, N, ImmKind::Zext, kSubtract, check_ls<kRnNotPC | kRtNotSP | kRtNotPC | kNonZero>,
     nullptr, nullptr, {},
     "\"#-0\" is not decoded: objdump prints it as \"[rn]\", which GNU as encodes with U = 1"},
    {"LDRSB_imm8_pre", "ldrsb{c}.w\t{d}, [{n}(?, #{off})]!", P32("11111001 0 001 nnnn | tttt 11u1 iiiiiiii"),
     exec_LDRSB_imm, L, N, ImmKind::Zext, kIdxPreWb,
     check_ls<kRnNotPC | kRtNotSP | kRtNotPC | kNoMinusZero | kWbOverlap>},
    {"LDRSB_imm8_post", "ldrsb{c}.w\t{d}, [{n}], #{off}", P32("11111001 0 001 nnnn | tttt 10u1 iiiiiiii"),
     exec_LDRSB_imm, L, N, ImmKind::Zext, kIdxPost,
     check_ls<kRnNotPC | kRtNotSP | kRtNotPC | kNoMinusZero | kWbOverlap>},
    {"LDRSBT", "ldrsbt{c}\t{d}, [{n}(?, #{i})]", P32("11111001 0 001 nnnn | tttt 1110 iiiiiiii"),
     exec_LDRSB_imm, L, N, ImmKind::Zext, kNoOpt, check_ls<kRnNotPC | kRtNotSP | kRtNotPC>, nullptr, nullptr,
     {}, "unprivileged access: the model is always privileged, so it is the normal access"},
    {"LDRSB_reg", "ldrsb{c}.w\t{d}, [{n}, {m}{sh}]", P32("11111001 0 001 nnnn | tttt 000000 ii mmmm"),
     exec_LDRSB_reg, L, N, ImmKind::LslImm, kNoOpt, check_ls<kRnNotPC | kRtNotSP | kRtNotPC | kRmOk>},
    // LDRSH
    {"LDRSH_lit", "ldrsh{c}.w\t{d}, [pc(?, #{off})]", P32("11111001 u 011 1111 | tttt iiiiiiiiiiii"),
     exec_LDRSH_imm, L, N, ImmKind::Zext, kNoOpt, check_lit<kRtNotSP | kRtNotPC>, literal_base, nullptr,
     {"ldrsh{c}.w\t{d}, {lit}"}},
    {"LDRSH_lit_t", "ldrsht{c}\t{d}, [pc, #{off}]", P32("11111001 0 011 1111 | tttt 1110 iiiiiiii"),
     exec_LDRSH_imm, L, N, ImmKind::Zext, kSubtract, check_ls<kRtNotSP | kRtNotPC>, literal_base_t,
     literal_t_encode, {"ldrsh{c}.w\t{d}, [pc, #{off}]", "ldrsh{c}.w\t{d}, {lit}"},
     "a literal load that objdump prints as ldrsht (GNU as reads that text back as this)"},
    {"LDRSH_imm12", "ldrsh{c}.w\t{d}, [{n}(?, #{i})]", P32("11111001 1 011 nnnn | tttt iiiiiiiiiiii"),
     exec_LDRSH_imm, L, N, ImmKind::Zext, kNoOpt, check_ls<kRnNotPC | kRtNotSP | kRtNotPC>},
    {"LDRSH_imm8_neg", "ldrsh{c}.w\t{d}, [{n}, #{off}]", P32("11111001 0 011 nnnn | tttt 1100 iiiiiiii"),
     exec_LDRSH_imm, L, N, ImmKind::Zext, kSubtract, check_ls<kRnNotPC | kRtNotSP | kRtNotPC | kNonZero>,
     nullptr, nullptr, {},
     "\"#-0\" is not decoded: objdump prints it as \"[rn]\", which GNU as encodes with U = 1"},
    {"LDRSH_imm8_pre", "ldrsh{c}.w\t{d}, [{n}(?, #{off})]!", P32("11111001 0 011 nnnn | tttt 11u1 iiiiiiii"),
     exec_LDRSH_imm, L, N, ImmKind::Zext, kIdxPreWb,
     check_ls<kRnNotPC | kRtNotSP | kRtNotPC | kNoMinusZero | kWbOverlap>},
    {"LDRSH_imm8_post", "ldrsh{c}.w\t{d}, [{n}], #{off}", P32("11111001 0 011 nnnn | tttt 10u1 iiiiiiii"),
     exec_LDRSH_imm, L, N, ImmKind::Zext, kIdxPost,
     check_ls<kRnNotPC | kRtNotSP | kRtNotPC | kNoMinusZero | kWbOverlap>},
    {"LDRSHT", "ldrsht{c}\t{d}, [{n}(?, #{i})]", P32("11111001 0 011 nnnn | tttt 1110 iiiiiiii"),
     exec_LDRSH_imm, L, N, ImmKind::Zext, kNoOpt, check_ls<kRnNotPC | kRtNotSP | kRtNotPC>, nullptr, nullptr,
     {}, "unprivileged access: the model is always privileged, so it is the normal access"},
    {"LDRSH_reg", "ldrsh{c}.w\t{d}, [{n}, {m}{sh}]", P32("11111001 0 011 nnnn | tttt 000000 ii mmmm"),
     exec_LDRSH_reg, L, N, ImmKind::LslImm, kNoOpt, check_ls<kRnNotPC | kRtNotSP | kRtNotPC | kRmOk>},
    // STR
    {"STR_imm12", "str{c}.w\t{d}, [{n}(?, #{i})]", P32("11111000 1 100 nnnn | tttt iiiiiiiiiiii"),
     exec_STR_imm, S, N, ImmKind::Zext, kNoOpt, check_ls<kRnNotPC | kRtNotPC>},
    {"STR_imm8_neg", "str{c}.w\t{d}, [{n}, #{off}]", P32("11111000 0 100 nnnn | tttt 1100 iiiiiiii"),
     exec_STR_imm, S, N, ImmKind::Zext, kSubtract, check_ls<kRnNotPC | kRtNotPC | kNonZero>, nullptr, nullptr,
     {}, "\"#-0\" is not decoded: objdump prints it as \"[rn]\", which GNU as encodes with U = 1"},
    // PUSH T3 (one register) is STR Rt, [SP, #-4]!, and prints that way.
    {"PUSH_T3", "str{c}.w\t{d}, [sp, #-4]!", P32("1111100001001101 | tttt 110100000100"), exec_PUSH, S, N,
     ImmKind::None, kNoOpt, check_ls<kRtNotSP | kRtNotPC>, push_t3_decode, push_pop_t3_encode,
     {"push{c}.w\t{rl}"},
     "one register with no 16-bit encoding; GNU as emits it for \"push {r8}\", objdump prints the STR"},
    {"STR_imm8_pre", "str{c}.w\t{d}, [{n}(?, #{off})]!", P32("11111000 0 100 nnnn | tttt 11u1 iiiiiiii"),
     exec_STR_imm, S, N, ImmKind::Zext, kIdxPreWb, check_ls<kRnNotPC | kRtNotPC | kNoMinusZero | kWbOverlap>},
    {"STR_imm8_post", "str{c}.w\t{d}, [{n}], #{off}", P32("11111000 0 100 nnnn | tttt 10u1 iiiiiiii"),
     exec_STR_imm, S, N, ImmKind::Zext, kIdxPost, check_ls<kRnNotPC | kRtNotPC | kNoMinusZero | kWbOverlap>},
    {"STRT", "strt{c}\t{d}, [{n}(?, #{i})]", P32("11111000 0 100 nnnn | tttt 1110 iiiiiiii"), exec_STR_imm, S,
     N, ImmKind::Zext, kNoOpt, check_ls<kRnNotPC | kRtNotPC | kRtNotSP>, nullptr, nullptr, {},
     "unprivileged access: the model is always privileged, so it is the normal access"},
    {"STR_reg", "str{c}.w\t{d}, [{n}, {m}{sh}]", P32("11111000 0 100 nnnn | tttt 000000 ii mmmm"),
     exec_STR_reg, S, N, ImmKind::LslImm, kNoOpt, check_ls<kRnNotPC | kRtNotPC | kRmOk>},
    // STRB
    {"STRB_imm12", "strb{c}.w\t{d}, [{n}(?, #{i})]", P32("11111000 1 000 nnnn | tttt iiiiiiiiiiii"),
     exec_STRB_imm, S, N, ImmKind::Zext, kNoOpt, check_ls<kRnNotPC | kRtNotSP | kRtNotPC>},
    {"STRB_imm8_neg", "strb{c}.w\t{d}, [{n}, #{off}]", P32("11111000 0 000 nnnn | tttt 1100 iiiiiiii"),
     exec_STRB_imm, S, N, ImmKind::Zext, kSubtract, check_ls<kRnNotPC | kRtNotSP | kRtNotPC | kNonZero>,
     nullptr, nullptr, {},
     "\"#-0\" is not decoded: objdump prints it as \"[rn]\", which GNU as encodes with U = 1"},
    {"STRB_imm8_pre", "strb{c}.w\t{d}, [{n}(?, #{off})]!", P32("11111000 0 000 nnnn | tttt 11u1 iiiiiiii"),
     exec_STRB_imm, S, N, ImmKind::Zext, kIdxPreWb,
     check_ls<kRnNotPC | kRtNotSP | kRtNotPC | kNoMinusZero | kWbOverlap>},
    {"STRB_imm8_post", "strb{c}.w\t{d}, [{n}], #{off}", P32("11111000 0 000 nnnn | tttt 10u1 iiiiiiii"),
     exec_STRB_imm, S, N, ImmKind::Zext, kIdxPost,
     check_ls<kRnNotPC | kRtNotSP | kRtNotPC | kNoMinusZero | kWbOverlap>},
    {"STRBT", "strbt{c}\t{d}, [{n}(?, #{i})]", P32("11111000 0 000 nnnn | tttt 1110 iiiiiiii"), exec_STRB_imm,
     S, N, ImmKind::Zext, kNoOpt, check_ls<kRnNotPC | kRtNotSP | kRtNotPC>, nullptr, nullptr, {},
     "unprivileged access: the model is always privileged, so it is the normal access"},
    {"STRB_reg", "strb{c}.w\t{d}, [{n}, {m}{sh}]", P32("11111000 0 000 nnnn | tttt 000000 ii mmmm"),
     exec_STRB_reg, S, N, ImmKind::LslImm, kNoOpt, check_ls<kRnNotPC | kRtNotSP | kRtNotPC | kRmOk>},
    // STRH
    {"STRH_imm12", "strh{c}.w\t{d}, [{n}(?, #{i})]", P32("11111000 1 010 nnnn | tttt iiiiiiiiiiii"),
     exec_STRH_imm, S, N, ImmKind::Zext, kNoOpt, check_ls<kRnNotPC | kRtNotSP | kRtNotPC>},
    {"STRH_imm8_neg", "strh{c}.w\t{d}, [{n}, #{off}]", P32("11111000 0 010 nnnn | tttt 1100 iiiiiiii"),
     exec_STRH_imm, S, N, ImmKind::Zext, kSubtract, check_ls<kRnNotPC | kRtNotSP | kRtNotPC | kNonZero>,
     nullptr, nullptr, {},
     "\"#-0\" is not decoded: objdump prints it as \"[rn]\", which GNU as encodes with U = 1"},
    {"STRH_imm8_pre", "strh{c}.w\t{d}, [{n}(?, #{off})]!", P32("11111000 0 010 nnnn | tttt 11u1 iiiiiiii"),
     exec_STRH_imm, S, N, ImmKind::Zext, kIdxPreWb,
     check_ls<kRnNotPC | kRtNotSP | kRtNotPC | kNoMinusZero | kWbOverlap>},
    {"STRH_imm8_post", "strh{c}.w\t{d}, [{n}], #{off}", P32("11111000 0 010 nnnn | tttt 10u1 iiiiiiii"),
     exec_STRH_imm, S, N, ImmKind::Zext, kIdxPost,
     check_ls<kRnNotPC | kRtNotSP | kRtNotPC | kNoMinusZero | kWbOverlap>},
    {"STRHT", "strht{c}\t{d}, [{n}(?, #{i})]", P32("11111000 0 010 nnnn | tttt 1110 iiiiiiii"), exec_STRH_imm,
     S, N, ImmKind::Zext, kNoOpt, check_ls<kRnNotPC | kRtNotSP | kRtNotPC>, nullptr, nullptr, {},
     "unprivileged access: the model is always privileged, so it is the normal access"},
    {"STRH_reg", "strh{c}.w\t{d}, [{n}, {m}{sh}]", P32("11111000 0 010 nnnn | tttt 000000 ii mmmm"),
     exec_STRH_reg, S, N, ImmKind::LslImm, kNoOpt, check_ls<kRnNotPC | kRtNotSP | kRtNotPC | kRmOk>},

    // ---- LDRD / STRD (A5.3.6): Rt is rd, Rt2 is ra ----------------------------------------------
    {"LDRD_lit", "ldrd{c}\t{d}, {a}, [pc(?, #{off})]", P32("11101001 u 1011111 | tttt TTTT iiiiiiii"),
     exec_LDRD, IClass::LoadPair, N, ImmKind::Scale4, kNoOpt,
     check_ls<kRtNotSP | kRtNotPC | kRt2 | kNoMinusZero>, literal_base, nullptr,
     {"ldrd{c}\t{d}, {a}, {lit}"}},
    {"LDRD_imm", "ldrd{c}\t{d}, {a}, [{n}(?, #{off})]", P32("11101001 u 101 nnnn | tttt TTTT iiiiiiii"),
     exec_LDRD, IClass::LoadPair, N, ImmKind::Scale4, kNoOpt,
     check_ls<kRtNotSP | kRtNotPC | kRt2 | kNoMinusZero>, nullptr, nullptr, {"ldrd{c}\t{d}{a+}, [{n}(?, #{off})]"}},
    {"LDRD_pre", "ldrd{c}\t{d}, {a}, [{n}, #{off}]!", P32("11101001 u 111 nnnn | tttt TTTT iiiiiiii"),
     exec_LDRD, IClass::LoadPair, N, ImmKind::Scale4, kIdxPreWb,
     check_ls<kRtNotSP | kRtNotPC | kRt2 | kRnNotPC | kWbOverlap | kNoMinusZero>, nullptr, nullptr, {"ldrd{c}\t{d}{a+}, [{n}, #{off}]!"},
     "with offset 0, objdump drops the \"!\" (\"[rn]\"); m3lab prints \"[rn, #0]!\""},
    {"LDRD_post", "ldrd{c}\t{d}, {a}, [{n}], #{off}", P32("11101000 u 111 nnnn | tttt TTTT iiiiiiii"),
     exec_LDRD, IClass::LoadPair, N, ImmKind::Scale4, kIdxPost,
     check_ls<kRtNotSP | kRtNotPC | kRt2 | kRnNotPC | kWbOverlap | kNoMinusZero>, nullptr, nullptr,
     {"ldrd{c}\t{d}{a+}, [{n}], #{off}"}},
    {"STRD_imm", "strd{c}\t{d}, {a}, [{n}(?, #{off})]", P32("11101001 u 100 nnnn | tttt TTTT iiiiiiii"),
     exec_STRD, IClass::StorePair, N, ImmKind::Scale4, kNoOpt,
     check_ls<kRtNotSP | kRtNotPC | kRt2 | kRnNotPC | kNoMinusZero>, nullptr, nullptr,
     {"strd{c}\t{d}{a+}, [{n}(?, #{off})]"}},
    {"STRD_pre", "strd{c}\t{d}, {a}, [{n}, #{off}]!", P32("11101001 u 110 nnnn | tttt TTTT iiiiiiii"),
     exec_STRD, IClass::StorePair, N, ImmKind::Scale4, kIdxPreWb,
     check_ls<kRtNotSP | kRtNotPC | kRt2 | kRnNotPC | kWbOverlap | kNoMinusZero>, nullptr, nullptr, {"strd{c}\t{d}{a+}, [{n}, #{off}]!"},
     "with offset 0, objdump drops the \"!\" (\"[rn]\"); m3lab prints \"[rn, #0]!\""},
    {"STRD_post", "strd{c}\t{d}, {a}, [{n}], #{off}", P32("11101000 u 110 nnnn | tttt TTTT iiiiiiii"),
     exec_STRD, IClass::StorePair, N, ImmKind::Scale4, kIdxPost,
     check_ls<kRtNotSP | kRtNotPC | kRt2 | kRnNotPC | kWbOverlap | kNoMinusZero>, nullptr, nullptr,
     {"strd{c}\t{d}{a+}, [{n}], #{off}"}},

    // ---- LDM / STM (A5.3.5). PUSH.W/POP.W are STMDB/LDMIA with SP! and print that way. -------
    {"POP_T2", "ldmia{c}.w\tsp!, {rl}", P32("1110100010111101 | rrrrrrrrrrrrrrrr"), exec_POP,
     IClass::LoadMulti, N, ImmKind::None, kNoOpt, check_pop32, nullptr, nullptr,
     {"pop{c}.w\t{rl}", "ldmfd{c}.w\tsp!, {rl}"}},
    {"PUSH_T2", "stmdb{c}\tsp!, {rl}", P32("1110100100101101 | rrrrrrrrrrrrrrrr"), exec_PUSH,
     IClass::StoreMulti, N, ImmKind::None, kNoOpt, check_push32, nullptr, nullptr,
     {"push{c}.w\t{rl}", "stmfd{c}\tsp!, {rl}"}},
    {"LDM_T2", "ldmia{c}.w\t{n}, {rl}", P32("1110100010 01 nnnn | rrrrrrrrrrrrrrrr"), exec_LDM,
     IClass::LoadMulti, N, ImmKind::None, kNoOpt, check_ldm32, nullptr, nullptr,
     {"ldm{c}.w\t{n}, {rl}", "ldmfd{c}.w\t{n}, {rl}"}},
    {"LDM_T2_wb", "ldmia{c}.w\t{n}!, {rl}", P32("1110100010 11 nnnn | rrrrrrrrrrrrrrrr"), exec_LDM,
     IClass::LoadMulti, N, ImmKind::None, kIdxPreWb, check_ldm32, nullptr, nullptr,
     {"ldm{c}.w\t{n}!, {rl}", "ldmfd{c}.w\t{n}!, {rl}"}},
    {"LDMDB", "ldmdb{c}\t{n}, {rl}", P32("1110100100 01 nnnn | rrrrrrrrrrrrrrrr"), exec_LDMDB,
     IClass::LoadMulti, N, ImmKind::None, kNoOpt, check_ldm32, nullptr, nullptr, {"ldmea{c}\t{n}, {rl}"}},
    {"LDMDB_wb", "ldmdb{c}\t{n}!, {rl}", P32("1110100100 11 nnnn | rrrrrrrrrrrrrrrr"), exec_LDMDB,
     IClass::LoadMulti, N, ImmKind::None, kIdxPreWb, check_ldm32, nullptr, nullptr, {"ldmea{c}\t{n}!, {rl}"}},
    {"STM_T2", "stmia{c}.w\t{n}, {rl}", P32("1110100010 00 nnnn | rrrrrrrrrrrrrrrr"), exec_STM,
     IClass::StoreMulti, N, ImmKind::None, kNoOpt, check_stm32, nullptr, nullptr,
     {"stm{c}.w\t{n}, {rl}", "stmea{c}.w\t{n}, {rl}"}},
    {"STM_T2_wb", "stmia{c}.w\t{n}!, {rl}", P32("1110100010 10 nnnn | rrrrrrrrrrrrrrrr"), exec_STM,
     IClass::StoreMulti, N, ImmKind::None, kIdxPreWb, check_stm32, nullptr, nullptr,
     {"stm{c}.w\t{n}!, {rl}", "stmea{c}.w\t{n}!, {rl}"}},
    {"STMDB", "stmdb{c}\t{n}, {rl}", P32("1110100100 00 nnnn | rrrrrrrrrrrrrrrr"), exec_STMDB,
     IClass::StoreMulti, N, ImmKind::None, kNoOpt, check_stm32, nullptr, nullptr, {"stmfd{c}\t{n}, {rl}"}},
    {"STMDB_wb", "stmdb{c}\t{n}!, {rl}", P32("1110100100 10 nnnn | rrrrrrrrrrrrrrrr"), exec_STMDB,
     IClass::StoreMulti, N, ImmKind::None, kIdxPreWb, check_stm32, nullptr, nullptr,
     {"stmfd{c}\t{n}!, {rl}"}},

    // ---- table branches and exclusives (A5.3.6) ----------------------------------------------
    {"TBB", "tbb{c}\t[{n}, {m}]", P32("111010001101 nnnn | 1111 0000 0000 mmmm"), exec_TBB, IClass::Branch, N,
     ImmKind::None, kLastInIt, check_tb, nullptr, nullptr, {}, "BranchWritePC(PC + 2 * byte[Rn + Rm])"},
    {"TBH", "tbh{c}\t[{n}, {m}, lsl #1]", P32("111010001101 nnnn | 1111 0000 0001 mmmm"), exec_TBH,
     IClass::Branch, N, ImmKind::None, kLastInIt, check_tb, nullptr, nullptr, {},
     "BranchWritePC(PC + 2 * halfword[Rn + 2 * Rm])"},
    {"LDREX", "ldrex{c}\t{d}, [{n}(?, #{i})]", P32("111010000101 nnnn | tttt 1111 iiiiiiii"), exec_LDREX, L,
     N, ImmKind::Scale4, kNoOpt, check_ls<kRtNotSP | kRtNotPC | kRnNotPC>},
    {"LDREXB", "ldrexb{c}\t{d}, [{n}]", P32("111010001101 nnnn | tttt 1111 0100 1111"), exec_LDREXB, L, N,
     ImmKind::None, kNoOpt, check_ls<kRtNotSP | kRtNotPC | kRnNotPC>},
    {"LDREXH", "ldrexh{c}\t{d}, [{n}]", P32("111010001101 nnnn | tttt 1111 0101 1111"), exec_LDREXH, L, N,
     ImmKind::None, kNoOpt, check_ls<kRtNotSP | kRtNotPC | kRnNotPC>},
    {"STREX", "strex{c}\t{d}, {a}, [{n}(?, #{i})]", P32("111010000100 nnnn | aaaa dddd iiiiiiii"), exec_STREX,
     S, N, ImmKind::Scale4, kNoOpt, check_strex, nullptr, nullptr, {},
     "a single-core model: the exclusive monitor always passes, so Rd = 0"},
    {"STREXB", "strexb{c}\t{d}, {a}, [{n}]", P32("111010001100 nnnn | aaaa 1111 0100 dddd"), exec_STREXB, S,
     N, ImmKind::None, kNoOpt, check_strex_bh},
    {"STREXH", "strexh{c}\t{d}, {a}, [{n}]", P32("111010001100 nnnn | aaaa 1111 0101 dddd"), exec_STREXH, S,
     N, ImmKind::None, kNoOpt, check_strex_bh},
    {"CLREX", "clrex{c}", P32("1111001110111111 | 1000111100101111"), exec_CLREX, IClass::System, N,
     ImmKind::None, kNoOpt, nullptr, nullptr, nullptr, {}, "no effect: the exclusive monitor always passes"},
};
// clang-format on

}  // namespace

std::span<const Form> forms_mem() { return kForms; }

}  // namespace m3::isa
