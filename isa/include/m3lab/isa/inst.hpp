// The decoded form of one Thumb instruction: the "argument struct" shared by the decoder, the
// encoder, the disassembler, the assembler and the semantic functions.
//
// One struct serves every form, as QEMU decodetree's argument sets do. Field meaning is per form
// and is fixed by the instruction table (table.hpp): for a load, rd is Rt; for UMULL, rd is RdLo
// and ra is RdHi; for LDRD, ra is Rt2.
#pragma once

#include <cstdint>

namespace m3::isa {

struct Cpu;
struct Inst;

// A semantic function: one per instruction, reading like the ARM ARM pseudocode.
using ExecFn = void (*)(Cpu&, const Inst&);

enum class ShiftType : uint8_t { LSL = 0, LSR = 1, ASR = 2, ROR = 3, RRX = 4 };

// Condition codes (ARMv7-M ARM A7.3). 14 = AL; 15 is "always" too in IT contexts.
enum Cond : uint8_t {
  kEQ, kNE, kCS, kCC, kMI, kPL, kVS, kVC, kHI, kLS, kGE, kLT, kGT, kLE, kAL, kNV
};

// What an instruction does to the flags when it sets them (documentation and the pipeline's
// flag-forwarding logic both use it).
enum class FlagEffect : uint8_t {
  None,   // never writes NZCV
  NZ,     // writes N and Z only (MUL, logical ops with an immediate that does not rotate...)
  NZC,    // writes N, Z and C (logical ops, shifts)
  NZCV,   // arithmetic
  Q,      // writes the sticky Q flag (SSAT/USAT)
  All,    // writes the APSR wholesale (MSR)
};

// The instruction class used by the pipeline's timing table and by retirement statistics.
enum class IClass : uint8_t {
  Alu,        // data processing, shifts, extends, bitfield, saturation, moves
  Mul,        // 32-bit result multiplies (MUL, MLA, MLS)
  MulLong,    // 64-bit result multiplies (UMULL, SMULL, UMLAL, SMLAL)
  Div,        // SDIV, UDIV
  Load,       // single loads (including literal and unprivileged)
  Store,      // single stores
  LoadPair,   // LDRD
  StorePair,  // STRD
  LoadMulti,  // LDM, POP
  StoreMulti, // STM, PUSH
  Branch,     // B, CBZ/CBNZ, BX, TBB/TBH
  Call,       // BL, BLX
  It,         // IT
  System,     // MRS, MSR, CPS, barriers, hints, BKPT, SVC, UDF
  Count
};

const char* iclass_name(IClass c);

// setflags is resolved at execution time for the 16-bit data-processing forms, whose S bit is
// implicit: they set the flags outside an IT block and not inside one.
enum class SetFlags : uint8_t { Never = 0, Always = 1, OutsideIt = 2 };

struct Inst {
  ExecFn exec = nullptr;     // semantic function (from the form); null = not decoded yet
  uint32_t raw = 0;          // 16-bit: the halfword; 32-bit: hw1 << 16 | hw2
  uint32_t imm = 0;          // main immediate, already decoded (expanded, scaled, sign-extended)
  uint16_t form = 0;         // index into forms()
  uint16_t reglist = 0;      // LDM/STM/PUSH/POP register list
  uint8_t size = 0;          // 2 or 4 bytes
  uint8_t rd = 0, rn = 0, rm = 0, ra = 0;
  ShiftType shift_t = ShiftType::LSL;
  uint8_t shift_n = 0;       // shift amount, 0..32
  uint8_t imm2 = 0;          // second immediate: bitfield width, saturate bit position, IT mask...
  uint8_t cond = kAL;        // B<c>: condition; IT: firstcond
  SetFlags setflags = SetFlags::Never;
  bool index = true;         // P: offset/pre-indexed (false = post-indexed)
  bool add = true;           // U: add the offset (false = subtract)
  bool wback = false;        // W: write the address back
  uint8_t carry = 2;         // ThumbExpandImm_C carry out: 0, 1, or 2 = "C unchanged"

  bool operator==(const Inst&) const = default;
};

}  // namespace m3::isa
