// The instruction table: the one source of truth for decoding, encoding, assembly and
// disassembly (and for docs/isa.md, which is generated from it).
//
// Each Form is one line of data, in the manner of QEMU's decodetree:
//
//   {"ADD_rrr_T1", "add{s}{c} {d}, {n}, {m}", P16("0001100 mmm nnn ddd"), exec_ADD_reg,
//    IClass::Alu, FlagEffect::NZCV, ImmKind::None, kSetFlagsOutsideIt}
//
// Patterns: '0'/'1' are fixed bits, letters are operand fields, spaces and '|' are ignored. A
// field's bits are concatenated in order of appearance, most significant first, so "i ... iii
// ... iiiiiiii" reads i:imm3:imm8 as the ARM ARM writes it. Field letters and where they go:
//
//   d t l -> rd   (Rd, Rt, RdLo)         n -> rn        m -> rm
//   a T h -> ra   (Ra, Rt2, RdHi)        i -> imm (then transformed by the form's ImmKind)
//   j     -> imm2 (raw)                  s -> setflags (S bit)
//   c     -> cond                        r -> reglist
//   y     -> shift type (with ImmKind::ShiftImm)
//   p u w -> index, add, wback (P, U, W)
//   S J K I x -> extra raw fields that only an ImmKind or a hook reads (branch S/J1/J2, MOVW's i,
//               IT masks, SYSm...). They are available in Fields.
//
// Ordering: the decoder takes the first form whose fixed bits match and whose check() accepts,
// so a more specific encoding ("SEE CMP") is listed before the general one. The encoder packs the
// fields and then decodes the result: if that does not come back as the same form with the same
// operands, the operands are not encodable in this form. That one rule keeps the three tools
// consistent with each other by construction.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "m3lab/isa/inst.hpp"

namespace m3::isa {

// ---------------------------------------------------------------------------------------------
// Patterns
// ---------------------------------------------------------------------------------------------
struct BitRun {
  uint8_t lsb = 0, len = 0;
};

struct PatternField {
  char letter = 0;
  uint8_t nruns = 0;
  uint8_t width = 0;  // total bits
  std::array<BitRun, 5> runs{};
};

struct Pattern {
  uint32_t mask = 0, match = 0;
  uint8_t size = 0;  // 2 or 4
  uint8_t nfields = 0;
  std::array<PatternField, 12> fields{};

  constexpr const PatternField* field(char c) const {
    for (int k = 0; k < nfields; ++k)
      if (fields[k].letter == c) return &fields[k];
    return nullptr;
  }
};

namespace detail {
// Fails constant evaluation (and so compilation) with a readable call in the error message.
inline void pattern_error(const char*) {}

constexpr Pattern parse_pattern(const char* s, int bits) {
  Pattern p;
  p.size = static_cast<uint8_t>(bits / 8);
  int pos = bits - 1;
  for (const char* c = s; *c; ++c) {
    char ch = *c;
    if (ch == ' ' || ch == '|') continue;
    if (pos < 0) pattern_error("pattern has too many bits");
    uint32_t bit = 1u << pos;
    if (ch == '0' || ch == '1') {
      p.mask |= bit;
      if (ch == '1') p.match |= bit;
    } else if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) {
      int k = 0;
      while (k < p.nfields && p.fields[k].letter != ch) ++k;
      if (k == p.nfields) {
        if (p.nfields == static_cast<int>(p.fields.size())) pattern_error("too many fields");
        p.fields[k].letter = ch;
        ++p.nfields;
      }
      PatternField& f = p.fields[k];
      // Extend the current run if this bit is adjacent to (just below) the last one.
      if (f.nruns > 0 && f.runs[f.nruns - 1].lsb == pos + 1) {
        f.runs[f.nruns - 1].lsb = static_cast<uint8_t>(pos);
        ++f.runs[f.nruns - 1].len;
      } else {
        if (f.nruns == f.runs.size()) pattern_error("field has too many runs");
        f.runs[f.nruns++] = BitRun{static_cast<uint8_t>(pos), 1};
      }
      ++f.width;
    } else {
      pattern_error("bad character in pattern");
    }
    --pos;
  }
  if (pos != -1) pattern_error("pattern has too few bits");
  return p;
}
}  // namespace detail

// 16-bit and 32-bit patterns. For 32-bit forms, bits 31..16 are the first halfword.
consteval Pattern P16(const char* s) { return detail::parse_pattern(s, 16); }
consteval Pattern P32(const char* s) { return detail::parse_pattern(s, 32); }

// Raw field values by letter, as extracted from (or to be packed into) an encoding.
struct Fields {
  std::array<uint32_t, 58> v{};  // index: letter - 'A'
  uint64_t present = 0;
  static constexpr int idx(char c) { return c - 'A'; }
  uint32_t get(char c) const { return v[idx(c)]; }
  bool has(char c) const { return (present >> idx(c)) & 1; }
  void set(char c, uint32_t x) {
    v[idx(c)] = x;
    present |= uint64_t{1} << idx(c);
  }
};

// ---------------------------------------------------------------------------------------------
// Immediate kinds: how the raw 'i' field (and friends) becomes Inst::imm / shift fields, and back.
// ---------------------------------------------------------------------------------------------
enum class ImmKind : uint8_t {
  None,         // no immediate
  Zext,         // imm = i
  Scale2,       // imm = i << 1
  Scale4,       // imm = i << 2
  ThumbExpand,  // imm = ThumbExpandImm(i:imm3:imm8); carry = its carry out (A5.3.2)
  ShiftImm,     // (shift_t, shift_n) = DecodeImmShift(y, i) (A7.4.2)
  LslImm,       // shift_t = LSL, shift_n = i (register-offset addressing)
  Rotate8,      // shift_t = ROR, shift_n = i * 8 (extends)
  Imm16,        // imm = imm4:I:imm3:imm8 — 'i' holds imm4:imm3:imm8 in order, 'I' is the i bit
  BranchCond8,  // imm = SignExtend(i:'0', 9)                              (B T1)
  Branch11,     // imm = SignExtend(i:'0', 12)                             (B T2)
  BranchCond20, // imm = SignExtend(S:K:J:i:'0', 21), J = J1, K = J2       (B T3)
  Branch24,     // imm = SignExtend(S:I1:I2:i:'0', 25), I1 = !(J^S)...     (B T4, BL)
  Count
};

// Form options.
enum FormOpt : uint32_t {
  kNoOpt = 0,
  kSetFlagsOutsideIt = 1u << 0,  // 16-bit DP: sets flags iff outside an IT block
  kTieDN = 1u << 1,              // rn = rd (the ARM ARM's "Rdn")
  kTieDM = 1u << 2,              // rm = rd (the ARM ARM's "Rdm")
  kNotInIt = 1u << 3,            // UNPREDICTABLE inside an IT block (CBZ, IT itself...)
  kLastInIt = 1u << 4,           // must be outside or last in an IT block (branches, PC writes)
  kSetFlagsAlways = 1u << 5,     // setflags is implied (CMP, TST...): never printed as 's'
  kIdxPost = 1u << 6,            // addressing shape fixed by the encoding: index=0, wback=1
  kIdxPreWb = 1u << 7,           // index=1, wback=1
  kSubtract = 1u << 8,           // add=0 (negative offset fixed by the encoding)
  kPrintOnly = 1u << 9,          // objdump's special spelling of an encoding that GNU as spells
                                 // otherwise ("nop" for MOV r8, r8): the disassembler uses it, the
                                 // assembler skips it and reaches the encoding via the general form
};

struct Form;
using DecodeHook = void (*)(const Fields&, Inst&);
// Returns false when the Inst cannot be expressed in this form's fields.
using EncodeHook = bool (*)(const Inst&, Fields&);
// Returns false for an encoding the form does not cover (UNPREDICTABLE, or "SEE" another form).
using CheckFn = bool (*)(const Inst&);

struct Form {
  const char* id;      // unique, mnemonic-plus-shape: "ADD_rrr_T1", "LDR_imm12"
  const char* syntax;  // objdump-style template, see syntax.hpp
  Pattern pat;
  ExecFn exec;
  IClass iclass;
  FlagEffect flags;
  ImmKind imm = ImmKind::None;
  uint32_t opts = kNoOpt;
  CheckFn check = nullptr;
  DecodeHook decode_hook = nullptr;  // runs after the generic field mapping
  EncodeHook encode_hook = nullptr;  // runs after the generic inverse mapping
  // Extra templates accepted by the assembler only (aliases such as "ldm" for "ldmia").
  std::array<const char*, 3> aliases{};
  const char* note = nullptr;  // one line for docs/isa.md where the behaviour needs a word
};

// The whole table, in decode priority order (all 16-bit forms, then all 32-bit forms).
std::span<const Form> forms();
const Form& form(uint16_t index);
std::optional<uint16_t> find_form(std::string_view id);

// Table groups by instruction family, each with its semantic functions in its own file
// (isa/src/forms_*.cpp). A group holds both 16-bit and 32-bit forms; the decoder keeps the two
// widths apart and scans each in group order: dp, mem, ctl.
std::span<const Form> forms_dp();   // data processing, shifts, multiply, divide, bitfield, ADR
std::span<const Form> forms_mem();  // loads, stores, LDM/STM, PUSH/POP, LDRD/STRD, TBB/TBH
std::span<const Form> forms_ctl();  // branches, IT, system, hints

// ---------------------------------------------------------------------------------------------
// Generic field mapping helpers (used by the codec and by hooks)
// ---------------------------------------------------------------------------------------------
Fields extract_fields(const Pattern& p, uint32_t raw);
// Packs the fields into p.match. Returns false if a value does not fit its field.
bool pack_fields(const Pattern& p, const Fields& f, uint32_t& raw);

// True if hw (the first halfword) starts a 32-bit Thumb instruction (A5.1).
constexpr bool is_thumb32(uint16_t hw) { return (hw >> 11) >= 0x1d; }

}  // namespace m3::isa
