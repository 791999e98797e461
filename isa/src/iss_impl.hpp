// Internals of the functional simulator, shared by iss.cpp (the step loop), exceptions.cpp (the
// ARMv7-M exception model) and semihosting.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "m3lab/isa/iss.hpp"

namespace m3::isa {

// Exception numbers (ARMv7-M ARM B1.5.2).
enum ExceptionNumber : unsigned {
  kExcReset = 1,
  kExcNmi = 2,
  kExcHardFault = 3,
  kExcMemManage = 4,
  kExcBusFault = 5,
  kExcUsageFault = 6,
  kExcSvCall = 11,
  kExcDebugMonitor = 12,
  kExcPendSv = 14,
  kExcSysTick = 15,
};

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

  bool in_call = false;  // call() set LR to kReturnAddress (reset() clears it)
  uint32_t active = 0;  // ExceptionActive[n] for n < 32 (no external interrupts in this model)
  bool stopped = false;
  StopInfo stop;

  std::vector<ElfSymbol> symbols;
  uint32_t heap_base = 0;  // end of the loaded RAM image (SYS_HEAPINFO)
  uint32_t sh_errno = 0;   // SYS_ERRNO

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
  uint32_t handle_events(uint32_t pc);
  void set_stop(StopReason r, std::string msg, uint32_t pc, FaultKind k = FaultKind::None, uint32_t addr = 0);

  // --- exceptions.cpp ------------------------------------------------------------------------
  // A fault of the instruction at pc (which did not complete): sets the fault status registers and
  // takes UsageFault/BusFault or HardFault, or stops the run (no handler, lockup).
  void take_fault(const GuestFault& f, uint32_t pc);
  // SVC at pc (completed; returns to next_pc).
  void take_svc(uint32_t pc, uint32_t next_pc);
  // BKPT other than 0xAB at pc: DebugMonitor is disabled, so it escalates to HardFault.
  void take_bkpt(uint32_t pc, uint32_t imm);
  // EXC_RETURN written to the PC by the instruction at pc (B1.5.8).
  void exception_return(uint32_t exc_return, uint32_t pc);
  int execution_priority() const;
  uint32_t sp_main() const;
  uint32_t sp_process() const;
  void set_sps(uint32_t msp, uint32_t psp);
  // Stacks the frame and enters handler n; returns false (run stopped) on a stacking fault.
  bool enter(unsigned n, uint32_t return_address, uint32_t vector);
  std::string describe_fault(FaultKind k, uint32_t pc, uint32_t addr) const;

  // --- semihosting.cpp -----------------------------------------------------------------------
  void semihost(uint32_t pc);
  void host_output(int fd, const char* data, size_t n);
};

std::string hex32(uint32_t v);

}  // namespace m3::isa
