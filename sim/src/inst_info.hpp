// What the pipeline needs to know about one static instruction, computed once per address from
// the instruction table: the registers it reads and writes (for the hazard and forwarding units),
// whether and how it changes the PC (for the predictor and the resolution stage), how it reaches
// memory (for MEM), and its disassembly (for observers).
#pragma once

#include <cstdint>
#include <string>

#include "m3lab/isa/cpu.hpp"
#include "m3lab/isa/inst.hpp"
#include "m3lab/isa/memory.hpp"

namespace m3::sim {

constexpr uint32_t kFlagsBit = 1u << 16;  // NZCVQ, treated as one register (index 16)

// How MEM reaches memory.
enum class MemKind : uint8_t {
  None,
  SingleImm,   // LDR/STR (immediate, literal): imm_address
  SingleReg,   // LDR/STR (register): Rn + (Rm << shift_n)
  Exclusive,   // LDREX/STREX: Rn + imm
  Pair,        // LDRD/STRD: imm_address, two beats
  MultiIA,     // LDM/STM (increment after) from Rn
  MultiDB,     // LDMDB/STMDB from Rn - 4n
  Push,        // SP - 4n
  Pop,         // SP
  TableByte,   // TBB: Rn + Rm
  TableHalf,   // TBH: Rn + 2 Rm
};

// Where a change of the PC is known for certain.
enum class Resolve : uint8_t { None, Ex, Mem };

struct InstInfo {
  bool decoded = false;          // false: the fetch faulted or the encoding is undefined
  isa::FaultKind fetch_fault = isa::FaultKind::None;
  isa::Inst inst{};
  uint32_t fetched = 0;  // the halfwords read (hw1 << 16 | hw2, or hw1): code outside the code region can change
  isa::IClass iclass = isa::IClass::System;
  uint8_t size = 2;
  uint32_t reads = 0;        // r0..r14 (bit n) and kFlagsBit when the flags are read unconditionally
  uint32_t writes = 0;       // registers written at the end of EX (r0..r14)
  uint32_t load_writes = 0;  // registers written at the end of MEM (loads)
  uint8_t flag_write = 0;    // 0 never, 1 always, 2 outside IT blocks (16-bit data processing)
  bool branch = false;       // may write the PC
  bool direct = false;       // B, B<c>, CBZ/CBNZ, BL: target known at fetch
  bool conditional = false;  // B<c> (reads the flags)
  uint32_t target = 0;       // direct branches: the target
  Resolve resolve = Resolve::None;
  MemKind mem = MemKind::None;
  bool store = false;
  uint8_t beats = 0;  // memory beats (LDM/STM: registers; pairs: 2)
  std::string text;     // objdump-style disassembly
  std::string it_text;  // the same in its IT block (condition suffix, no 's'), once seen there
  bool text_in_it = false;
  // Text for observers. Both strings are written once, so the pointers stay valid for the run.
  const char* display() const { return text_in_it ? it_text.c_str() : text.c_str(); }
};

// Fills `info` for the instruction at pc (decode, analysis, text).
void set_it_text(InstInfo& info, uint32_t pc, uint8_t itstate);
void analyse_instruction(InstInfo& info, uint32_t pc, isa::Memory& mem);

// The addresses MEM will access, from the register values before the instruction executes
// (cpu.r[15] = pc + 4): beat k accesses first + 4k. Returns the number of beats (at most 16).
inline unsigned memory_addresses(const InstInfo& info, const isa::Cpu& cpu, uint32_t& first) {
  const isa::Inst& in = info.inst;
  auto reg = [&](unsigned r) { return cpu.r[r]; };
  unsigned n = info.beats;
  uint32_t a = 0;
  switch (info.mem) {
    case MemKind::None:
      return 0;
    case MemKind::SingleImm:
    case MemKind::Pair: {
      uint32_t base = in.rn == 15 ? cpu.pc_aligned() : reg(in.rn);
      uint32_t off = in.add ? base + in.imm : base - in.imm;
      a = in.index ? off : base;
      break;
    }
    case MemKind::SingleReg:
      a = reg(in.rn) + (reg(in.rm) << in.shift_n);
      break;
    case MemKind::Exclusive:
      a = reg(in.rn) + in.imm;
      break;
    case MemKind::MultiIA:
      a = reg(in.rn);
      break;
    case MemKind::MultiDB:
      a = reg(in.rn) - 4 * n;
      break;
    case MemKind::Push:
      a = reg(13) - 4 * n;
      break;
    case MemKind::Pop:
      a = reg(13);
      break;
    case MemKind::TableByte:
      a = reg(in.rn) + reg(in.rm);
      break;
    case MemKind::TableHalf:
      a = reg(in.rn) + (reg(in.rm) << 1);
      break;
  }
  first = a;
  return n;
}

}  // namespace m3::sim
