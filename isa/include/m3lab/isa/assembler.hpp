// The assembler: GNU as syntax (the subset documented in docs/isa.md) to an executable ELF image
// laid out on the memory map.
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
  std::vector<LineMapEntry> lines;
};

// Assembles `source` (named `file` in diagnostics). All errors are collected; returns nullopt if
// there were any.
std::optional<AsmResult> assemble(const std::string& source, const std::string& file, const AsmOptions& opt,
                                  Diagnostics& diags);

}  // namespace m3::isa
