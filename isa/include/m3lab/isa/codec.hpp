// Decoder, encoder and disassembler: three views of the one instruction table.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "m3lab/isa/inst.hpp"
#include "m3lab/isa/table.hpp"

namespace m3::isa {

// ---------------------------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------------------------
// raw: for 16-bit instructions the halfword; for 32-bit, hw1 << 16 | hw2.
// Returns nullopt for an encoding outside the supported subset (the simulator raises
// "undefined instruction" for it).
std::optional<Inst> decode(uint32_t raw, uint8_t size);

// Decodes raw as one particular form (nullopt if it does not match or its check rejects it).
std::optional<Inst> decode_as(uint16_t form_index, uint32_t raw);

// Decodes from the halfwords at a location: reads hw2 only if hw1 starts a 32-bit instruction.
std::optional<Inst> decode_halfwords(uint16_t hw1, uint16_t hw2);

// ---------------------------------------------------------------------------------------------
// IT-block context, needed both to print and to assemble (setflags and condition suffixes depend
// on it).
// ---------------------------------------------------------------------------------------------
struct ItState {
  uint8_t bits = 0;  // ITSTATE as in the ARM ARM: firstcond[3:1]:mask (cond in [7:4])
  bool in_it() const { return (bits & 0x0f) != 0; }
  bool last_in_it() const { return (bits & 0x0f) == 0x08; }
  uint8_t cond() const { return bits >> 4; }
  void advance() {
    if ((bits & 0x07) == 0)
      bits = 0;
    else
      bits = static_cast<uint8_t>((bits & 0xe0) | ((bits << 1) & 0x1f));
  }
  // The state after an IT instruction with this firstcond and mask.
  static ItState after_it(uint8_t firstcond, uint8_t mask) {
    return ItState{static_cast<uint8_t>((firstcond << 4) | mask)};
  }
};

// ---------------------------------------------------------------------------------------------
// Disassembly (objdump -d text conventions; see docs/isa.md)
// ---------------------------------------------------------------------------------------------
struct DisasmOptions {
  // Symbol lookup for branch targets and literal addresses: returns "name" or "name+0x1c".
  std::function<std::optional<std::string>(uint32_t)> symbolize;
};

// Text of one instruction at address addr in the given IT context, e.g. "adds r0, r1, r2" or
// "bne.n 1c <loop>". Mnemonic and operands are separated by one tab, as objdump does.
std::string disassemble(const Inst& inst, uint32_t addr, ItState it = {}, const DisasmOptions& opt = {});

// The ARM register name objdump uses (r0..r9, sl, fp, ip, sp, lr, pc).
const char* reg_name(unsigned r);
const char* cond_name(unsigned c);  // "eq".."le", "" for AL

// ---------------------------------------------------------------------------------------------
// Encoding and assembly of one instruction
// ---------------------------------------------------------------------------------------------
// Encodes inst (whose form field names the form) into raw bits. Returns nullopt if the
// operands do not fit that form.
std::optional<uint32_t> encode(const Inst& inst);
// Only packs the fields (no decode-back check).
std::optional<uint32_t> encode_fields(const Inst& inst);

// Operand evaluation callback for the assembler: evaluates an expression (a number, a symbol,
// "label+4", "(1<<3)|1"...). Sets err and returns false on failure. The assembler decides what an
// undefined symbol means in its first pass.
using EvalFn = std::function<bool(std::string_view expr, int64_t& value, std::string& err)>;

struct AsmContext {
  uint32_t addr = 0;  // address of this instruction
  ItState it{};       // IT context at this instruction
  EvalFn eval;
};

// Why an instruction could not be assembled, with a column into the line where it helps.
struct AsmError {
  std::string message;
  int column = 0;  // 0-based offset in the statement text, -1 if unknown
};

struct WidthHint {
  enum Kind : uint8_t { Any, Narrow, Wide } kind = Any;
};

// Assembles one statement ("adds r0, r1, #1", "ldr.w r0, [r1, #4]!", "b.n label") into an
// instruction, choosing the shortest encoding that fits, as GNU as does, unless a .n/.w suffix
// says otherwise. Returns the encoded instruction, or the best error found.
struct Assembled {
  Inst inst;
  uint32_t raw = 0;
};
std::optional<Assembled> assemble_one(std::string_view statement, const AsmContext& ctx, AsmError& err);

// Lower-level: the forms whose template mnemonic can spell `mnemonic` (with any s/cond/.w/.n).
std::vector<uint16_t> candidate_forms(std::string_view mnemonic);

}  // namespace m3::isa
