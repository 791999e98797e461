// A generator of random Thumb-2 test programs for co-simulating the pipeline against the ISS.
//
// A program is GNU as text (it assembles with both m3lab's assembler and arm-none-eabi-as) that
// runs to a semihosting exit (SYS_EXIT_EXTENDED, code 0) without faulting. It is built from
// per-family templates over the whole supported subset: data processing of every kind (with and
// without flag setting, shifted operands, immediates), multiply and divide, loads and stores of
// every width and addressing mode, LDM/STM/PUSH/POP, LDREX/STREX, IT blocks, forward conditional
// branches, CBZ/CBNZ, TBB, counted loops and subroutine calls (BL/BLX, returns by BX LR, POP {pc},
// MOV pc and LDR pc), and SVC with a handler returning by EXC_RETURN.
//
// Register conventions that keep every program safe to run:
//   r7  = scratch base: points into the middle of a 512-byte scratch area in SRAM (.data);
//         never written except by the prologue, so every address formed from it stays inside.
//   r11 = loop counter (only loops write it; loop bodies and subroutines never do).
//   sp  = stack: PUSH/POP and SP-relative stores are always balanced within a block.
//   lr  = written only by calls; subroutines are leaves with straight-line bodies.
// Data registers: r0-r6, r8-r10, r12.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace m3::pipetest {

struct GenOptions {
  int blocks = 40;         // top-level template instances
  bool loops = true;       // counted loops (and calls from inside them)
  bool calls = true;       // subroutines
  bool exceptions = true;  // SVC, with a handler in a vector table
};

// Deterministic for a given (seed, options).
std::string generate_program(uint64_t seed, const GenOptions& opt = {});

// Number of distinct template families the generator has (for coverage reports).
int template_family_count();
const char* template_family_name(int k);
// Which families generate_program(seed, opt) used.
std::vector<bool> families_used(uint64_t seed, const GenOptions& opt = {});

}  // namespace m3::pipetest
