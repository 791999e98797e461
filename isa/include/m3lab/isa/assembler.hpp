// The assembler: GNU as syntax (the subset documented in docs/isa.md) to an executable ELF image
// laid out on the memory map.
//
// What it accepts (GNU as, unified syntax, Thumb only; arm-none-eabi-gcc -S output assembles):
// - statements: labels ("name:", local "1:" with 1b/1f), "sym = expr", directives, instructions
//   (encoded by assemble_one() against the instruction table); comments @ // /* */ and '#' at the
//   start of a line; ';' separates statements.
// - sections: .text, .data, .bss, .section NAME[, "flags"[, %progbits|%nobits]], .pushsection,
//   .popsection, .previous. .isr_vector, .text*, .rodata*, .data*, .bss* map to their family;
//   other names by their flags; sections without "a" (.note.GNU-stack, .comment) are dropped.
// - data: .byte .short/.hword/.2byte .word/.long/.4byte/.int .quad .ascii .asciz/.string .space/
//   .skip .zero .fill .comm .lcomm .inst[.n/.w]; alignment .align/.p2align (power of two) and
//   .balign, padding Thumb code with NOPs as GNU as does; .ltorg/.pool.
// - symbols: .global/.globl/.weak/.local, .thumb_func, .type (%function marks a Thumb function),
//   .size, .equ/.set/.equiv/.thumb_set; conditionals .if/.ifdef/.ifndef/.else/.endif; .rept/.endr;
//   .end.
//   Harmless compiler directives (.cpu, .arch, .fpu, .eabi_attribute, .file, .ident, .loc,
//   .cfi_*, ...) are accepted and ignored. .uleb128/.sleb128 for debug sections.
// - expressions: numbers (dec, 0x, 0b, octal, 'c'), symbols, '.', unary - ~ ! +, and
//   * / % << >> | & ^ ! + - == != <> < <= > >= && || with GNU as precedence (true is -1);
//   #:lower16:expr and #:upper16:expr for MOVW/MOVT.
// - "ldr rX, =expr": MOV.W/MVN.W/MOVW when a known constant fits (as GNU as 2.40 does), else a
//   literal pool entry (equal values shared), dumped at .ltorg or at the end of the section.
// - widths: without .n/.w the shortest encoding; PC-relative instructions are relaxed (start
//   narrow, grow until the layout is a fixed point).
//
// Layout: code region = .isr_vector (or a generated 16-word vector table: SP = top of SRAM,
// Reset = _start|1 or the first .text instruction|1, other vectors 0), .text, .rodata; SRAM =
// .data (loaded in place), .bss. Entry = the reset vector. Thumb function symbols have bit 0 set
// in the symbol table and wherever they are used as data (.word f, ldr =f, adr), as GNU as+ld do.
// Symbols a board's linker script would provide are defined when used and not defined by the
// program: _estack/__StackTop (top of SRAM), _etext, _sdata/_sidata (.data is loaded in place),
// _edata, _sbss/__bss_start__, _ebss/__bss_end__, _end/end.
#pragma once

#include <string>

#include "m3lab/isa/diag.hpp"
#include "m3lab/isa/elf.hpp"
#include "m3lab/isa/memory.hpp"

namespace m3::isa {

struct AsmOptions {
  MemoryConfig map{};  // .text (after .isr_vector) at code_base; .data and .bss in SRAM
  // Line map: for each instruction, its source line (for the GUI and traces).
  bool keep_line_map = true;
};

struct LineMapEntry {
  uint32_t addr;
  int line;
};

struct AsmResult {
  ElfImage image;
  std::vector<LineMapEntry> lines;  // sorted by address
};

// Assembles `source` (named `file` in diagnostics). All errors are collected; returns nullopt if
// there were any.
std::optional<AsmResult> assemble(const std::string& source, const std::string& file, const AsmOptions& opt,
                                  Diagnostics& diags);

}  // namespace m3::isa
