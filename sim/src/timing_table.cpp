// EX latencies (docs/pipeline.md, "Multi-cycle work"): MUL/MLA/MLS take core.latency.mul
// cycles; the long multiplies take mul + 1 (one more cycle for the high word: our choice, the
// Cortex-M3 TRM gives 3-5 for them); SDIV/UDIV terminate early by quotient size.
#include <bit>
#include <cstdlib>

#include "units.hpp"
#include "m3lab/isa/table.hpp"

namespace m3::sim {

uint32_t TimingTable::div_cycles(uint32_t dividend, uint32_t divisor) const {
  if (divisor == 0) return lat_.div_min;
  int bits_n = 32 - std::countl_zero(dividend);
  int bits_d = 32 - std::countl_zero(divisor);
  int q = std::max(0, bits_n - bits_d + 1);
  uint32_t c = lat_.div_min + static_cast<uint32_t>((q + 3) / 4);
  return std::min(lat_.div_max, c);
}

uint32_t TimingTable::div_ex_cycles(const InstInfo& info, const isa::Cpu& cpu) const {
  uint32_t n = cpu.r[info.inst.rn], d = cpu.r[info.inst.rm];
  bool is_signed = isa::form(info.inst.form).syntax[0] == 's';
  if (is_signed) {
    n = static_cast<uint32_t>(std::abs(static_cast<int64_t>(static_cast<int32_t>(n))));
    d = static_cast<uint32_t>(std::abs(static_cast<int64_t>(static_cast<int32_t>(d))));
  }
  return std::max(1u, div_cycles(n, d));
}

}  // namespace m3::sim
