// Helpers shared by the test folders (tests/support).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "m3lab/isa/codec.hpp"

namespace m3::test {

// Runs `cmd` through the shell and returns its stdout; `status` gets pclose's status (-1 if the
// command could not be started).
std::string run_capture(const std::string& cmd, int& status);

// The whole file as bytes ("" if it cannot be read).
std::string slurp(const std::filesystem::path& p);

// An assembler context at `addr` whose expressions are plain numbers (decimal, 0x hex, 0 octal),
// for single-instruction tests that need no symbols.
isa::AsmContext numeric_context(uint32_t addr);

// objdump's text with its comments ("@ ...", "; ...") dropped and runs of blanks made one space.
std::string normalise_objdump(std::string s);

}  // namespace m3::test

// Heap allocations so far (tests linking m3lab_test_alloc_count).
long allocation_count();
