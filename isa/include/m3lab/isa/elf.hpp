// ELF32 little-endian ARM executables, read and written with libelf.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "m3lab/isa/diag.hpp"
#include "m3lab/isa/memory.hpp"

namespace m3::isa {

struct ElfSection {
  std::string name;  // ".text", ".data", ".bss", ".isr_vector", ...
  uint32_t addr = 0;
  uint32_t size = 0;          // for NOBITS sections, data is empty and size is the size
  std::vector<uint8_t> data;  // PROGBITS contents
  bool alloc = true, exec = false, write = false, nobits = false;
  uint32_t align = 4;
};

struct ElfSymbol {
  std::string name;
  uint32_t value = 0;  // for Thumb functions, bit 0 set as the linker does for STT_FUNC
  uint32_t size = 0;
  enum Type : uint8_t { NoType = 0, Object = 1, Func = 2, Section = 3, File = 4 } type = NoType;
  bool global = false;
  std::string section;  // name of the section it is defined in ("" = absolute or undefined)

  // ARM ELF mapping symbols (ELF for the Arm Architecture, 5.5.5): "$t", "$d", "$a", optionally
  // followed by ".suffix". They mark Thumb code, data and ARM code; they are not names.
  bool is_mapping() const;
  // The address the symbol denotes: a Thumb function's value has bit 0 set, its address does not.
  uint32_t addr() const { return type == Func ? value & ~1u : value; }
};

// True if objdump names an address after a rather than b when both are defined there (binutils
// objdump.c compare_symbols: functions, globals, larger size, names not starting with '.', name).
bool objdump_prefers(const ElfSymbol& a, const ElfSymbol& b);

struct ElfSegment {
  uint32_t vaddr = 0;
  uint32_t paddr = 0;  // load address (LMA); differs from vaddr for initialised data kept in flash
  uint32_t filesz = 0;
  uint32_t memsz = 0;
  std::vector<uint8_t> data;  // filesz bytes; the rest up to memsz is zero
  bool exec = false, write = false;
};

struct ElfImage {
  uint32_t entry = 0;
  // The allocated sections (those that occupy target memory). read_elf leaves out non-allocated
  // ones (.symtab, .comment, .ARM.attributes, debug info); write_elf adds its own.
  std::vector<ElfSection> sections;
  std::vector<ElfSymbol> symbols;  // includes mapping symbols ($t, $d) when present
  // read_elf fills this from the PT_LOAD program headers; write_elf derives the program headers
  // from the allocated sections and takes only the load address (paddr) from here, from a segment
  // with the same vaddr and filesz.
  std::vector<ElfSegment> segments;

  // The value of the first symbol of that name (not a section or file symbol), as stored: a
  // Thumb function has bit 0 set.
  std::optional<uint32_t> symbol(std::string_view name) const;
  // "name" or "name+0x1c" for the nearest preceding function/object/notype symbol (objdump style),
  // preferring symbols of the section that holds addr; mapping symbols and section/file symbols
  // are skipped. ".text+0x10" if the section has no such symbol before addr; nullopt if addr is
  // in no section and no symbol precedes it.
  std::optional<std::string> symbolize(uint32_t addr) const;
  // The allocated section containing addr, or nullptr.
  const ElfSection* section_at(uint32_t addr) const;
};

// Reads an executable. Errors (truncated file, not ELF32/ARM/little-endian, no PT_LOAD, a segment
// outside the memory map...) go to diags with the file name. Returns nullopt on error.
std::optional<ElfImage> read_elf(const std::string& path, const MemoryConfig& map, Diagnostics& diags);
std::optional<ElfImage> read_elf_bytes(const std::vector<uint8_t>& bytes, const std::string& name,
                                       const MemoryConfig& map, Diagnostics& diags);

// Writes an executable: one PT_LOAD per allocated section group, section headers, .symtab and
// .strtab, .ARM.attributes (v7-M, Thumb-2), EABI5 soft-float flags, so that
// arm-none-eabi-objdump and readelf read it cleanly. Symbols are written locals first; mapping
// symbols always as local STT_NOTYPE. Errors (unknown section of a symbol, inconsistent section
// data, I/O) go to diags with the path.
bool write_elf(const ElfImage& image, const std::string& path, Diagnostics& diags);

// Loads the PT_LOAD segments into memory (zero-filling memsz beyond filesz). A segment whose
// physical (load) address differs from its virtual address gets its file bytes at both, so that
// start-up code copying .data from flash finds them and code without such a copy works too.
bool load_segments(const ElfImage& image, Memory& mem, Diagnostics& diags, const std::string& name);

}  // namespace m3::isa
