// Internals of the functional simulator, shared by iss.cpp (the step loop), exceptions.cpp (the
// ARMv7-M exception model) and semihosting.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fastpath.hpp"
#include "m3lab/isa/iss.hpp"

namespace m3::isa {

struct Iss::Impl {
  explicit Impl(Iss& owner);

  Iss& s;
  // One predecoded instruction and how often it retired (the per-class statistics are summed
  // from these on demand, so the hot loop increments a counter next to the Inst it already has,
  // and runs of one form do not chain on one memory counter). One cache line each: the index is
  // a shift, and no entry straddles two lines.
  struct alignas(64) Predecoded {
    Inst inst;  // inst.exec == nullptr: not decoded yet
    uint64_t retired = 0;
    FastOp op = FastOp::Call;  // run inline by the step loop outside IT blocks (fastpath.hpp)
  };
  // Predecode cache for the code region, one entry per halfword.
  std::vector<Predecoded> cache;
  std::vector<uint32_t> filled;  // indices of the decoded entries (for stats and invalidation)
  // [0]: an instruction fetched from outside the code region (decoded every time); [1] and [2]
  // stay undecoded, so that stepping past [0] leads back to fetch_slow.
  Predecoded scratch[3];
  Predecoded none;  // never decoded: the entry for a PC outside the code region
  // Retired instructions per form, for entries that left the cache (and the scratch entry).
  std::vector<uint64_t> form_counts;
  void fold(Predecoded& e) {
    if (e.retired) form_counts[e.inst.form] += e.retired;
    e.retired = 0;
  }
  std::vector<uint8_t> form_class;
  mutable IssStats stats_view;

  // Exception model and semihosting (system.hpp); its `stopped` ends the step loop.
  System sys;

  std::vector<ElfSymbol> symbols;

  // --- iss.cpp -------------------------------------------------------------------------------
  StopInfo run_until(uint64_t stop_at);
  template <bool kHook>
  void loop(uint64_t stop_at);
  Predecoded* fetch_slow(uint32_t pc);
  Predecoded* lookup(uint32_t pc) {
    uint32_t off = pc - s.mem_.config().code_base;
    return off < s.mem_.config().code_size ? &cache[off >> 1] : &none;
  }
  void exec_special(const Inst& in);
};

}  // namespace m3::isa
