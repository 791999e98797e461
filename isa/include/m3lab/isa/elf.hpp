// ELF32 little-endian ARM executables, read and written with libelf.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "m3lab/isa/diag.hpp"
#include "m3lab/isa/memory.hpp"

namespace m3::isa {

struct ElfSection {
  std::string name;          // ".text", ".data", ".bss", ".isr_vector", ...
  uint32_t addr = 0;
  uint32_t size = 0;         // for NOBITS sections, data is empty and size is the size
  std::vector<uint8_t> data; // PROGBITS contents
  bool alloc = true, exec = false, write = false, nobits = false;
  uint32_t align = 4;
};

struct ElfSymbol {
  std::string name;
  uint32_t value = 0;   // for Thumb functions, bit 0 set as the linker does for STT_FUNC
  uint32_t size = 0;
  enum Type : uint8_t { NoType = 0, Object = 1, Func = 2, Section = 3, File = 4 } type = NoType;
  bool global = false;
  std::string section;  // name of the section it is defined in ("" = absolute)
};

struct ElfSegment {
  uint32_t vaddr = 0;
  uint32_t paddr = 0;
  uint32_t filesz = 0;
  uint32_t memsz = 0;
  std::vector<uint8_t> data;  // filesz bytes; the rest up to memsz is zero
  bool exec = false, write = false;
};

struct ElfImage {
  uint32_t entry = 0;
  std::vector<ElfSection> sections;
  std::vector<ElfSymbol> symbols;  // includes mapping symbols ($t, $d) when present
  std::vector<ElfSegment> segments;

  std::optional<uint32_t> symbol(std::string_view name) const;
  // "name" or "name+0x1c" for the nearest preceding function/object/notype symbol (objdump style);
  // mapping symbols are skipped.
  std::optional<std::string> symbolize(uint32_t addr) const;
};

// Reads an executable. Errors (truncated file, not ELF32/ARM/little-endian, no PT_LOAD, a segment
// outside the memory map...) go to diags with the file name. Returns nullopt on error.
std::optional<ElfImage> read_elf(const std::string& path, const MemoryConfig& map, Diagnostics& diags);
std::optional<ElfImage> read_elf_bytes(const std::vector<uint8_t>& bytes, const std::string& name,
                                       const MemoryConfig& map, Diagnostics& diags);

// Writes an executable: one PT_LOAD per allocated section group, section headers, .symtab and
// .strtab, EABI5 flags, so that arm-none-eabi-objdump and readelf read it cleanly.
bool write_elf(const ElfImage& image, const std::string& path, Diagnostics& diags);

// Loads the PT_LOAD segments into memory (zero-filling memsz beyond filesz).
bool load_segments(const ElfImage& image, Memory& mem, Diagnostics& diags, const std::string& name);

}  // namespace m3::isa
