// An objdump -d style listing of an executable image (`m3lab disasm PROG.elf`).
#pragma once

#include <string>

#include "m3lab/isa/elf.hpp"

namespace m3::isa {

struct ListingOptions {
  // If set, the listing starts with objdump's "\nNAME:     file format elf32-littlearm\n\n" banner.
  std::string file_name;
  // Print the raw halfwords/data column ("f8d1 0000 ") as objdump does by default.
  bool raw_bytes = true;
  // objdump replaces runs of zero bytes with "..." unless -z; so do we unless this is set.
  bool show_zeroes = false;
};

// objdump -d text for every allocated executable section: "Disassembly of section .text:",
// symbol headers "00000010 <main>:", one line per instruction
// ("  10:\t1888      \tadds\tr0, r1, r2"), ".word"/".short"/".byte" lines for data marked by $d
// mapping symbols, IT-block conditions, branch targets symbolized with ElfImage::symbolize.
// Encodings the decoder does not know print as ".short\t0x...." (16-bit) or ".inst.w\t0x........"
// (32-bit), so that nothing in a listing stops it.
std::string disassemble_image(const ElfImage& image, const ListingOptions& opt = {});

}  // namespace m3::isa
