// Helpers shared by the ELF and listing tests.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "m3lab/isa/elf.hpp"

namespace m3test {

// A small image: Thumb code with $t/$d mapping symbols and a literal word in .text (code region),
// .data and .bss in SRAM.
m3::isa::ElfImage sample_image();

// A fresh path in the test temporary directory (unique per process and call).
std::string temp_path(const std::string& stem);

std::vector<uint8_t> read_bytes(const std::string& path);

struct RunResult {
  int status = -1;
  std::string out, err;
};
// Runs a shell command, capturing stdout and stderr.
RunResult run(const std::string& cmd);

// objdump-listing normalisation: collapse whitespace, drop trailing "@ ..." and "; (...)" comments.
std::string normalise(const std::string& line);
std::vector<std::string> lines(const std::string& text);

void put16(std::vector<uint8_t>& b, size_t off, uint16_t v);
void put32(std::vector<uint8_t>& b, size_t off, uint32_t v);
uint32_t get32(const std::vector<uint8_t>& b, size_t off);

}  // namespace m3test
