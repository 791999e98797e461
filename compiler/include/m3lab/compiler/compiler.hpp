// The tiny-C compiler: the C subset of docs/language.md to Thumb-2 assembly in GNU as syntax,
// accepted by both m3lab's assembler (isa::assemble) and arm-none-eabi-as.
//
// A library: it never prints and never exits. User mistakes become diagnostics (several per run,
// gcc-style with a caret); compile() returns nullopt if there was any error.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "m3lab/isa/diag.hpp"

namespace m3::cc {

struct CompileOptions {
  int opt_level = 0;  // 0, 1 or 2 (only -O0 code generation exists so far; see docs/language.md)
  // Emit the start-up code (vector table, reset handler calling main and exiting with its value)
  // and the <m3lab.h> runtime (putchar, puts, print_int, print_hex, exit via semihosting) when the
  // translation unit defines main.
  bool runtime = true;
  // "parse": after parsing, put a dump of the typed syntax tree into CompileResult::dump.
  std::string dump_after;
  // Reads "file.h" includes; by default the host file system. Returns nullopt if unreadable.
  std::function<std::optional<std::string>(const std::string& path)> read_file;
};

// One instruction of the output: its line in CompileResult::assembly (1-based) and the C source
// position it was generated for.
struct LineMapEntry {
  int asm_line = 0;
  std::string file;
  int line = 0;
  int column = 0;
};

struct CompileResult {
  std::string assembly;
  std::vector<LineMapEntry> line_map;
  std::string dump;  // filled when CompileOptions::dump_after names a pass
};

std::optional<CompileResult> compile(const std::string& source, const std::string& file,
                                     const CompileOptions& options, Diagnostics& diags);

}  // namespace m3::cc
