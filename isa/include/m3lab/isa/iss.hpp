// The functional simulator (ISS): instruction-accurate, untimed, and the golden reference the
// pipeline is checked against.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "m3lab/isa/cpu.hpp"
#include "m3lab/isa/elf.hpp"
#include "m3lab/isa/inst.hpp"
#include "m3lab/isa/memory.hpp"
#include "m3lab/isa/system.hpp"

namespace m3::isa {

struct IssStats {
  // Retired instructions, including IT instructions, condition-failed ones, every semihosting
  // BKPT, and a faulting instruction once: the count QEMU's exec trace gives for the same run.
  uint64_t instructions = 0;
  // By the form's IClass. A faulting instruction counts in `instructions` only.
  std::array<uint64_t, static_cast<size_t>(IClass::Count)> by_class{};
  uint64_t exceptions = 0;  // exception entries (faults, SVC, BKPT escalations)
};

struct IssConfig {
  MemoryConfig map{};
  uint64_t max_steps = 0;  // 0 = no limit: otherwise a run stops once stats().instructions reaches it
};

// The functional simulator. Between instructions cpu().r[15] holds the address of the next
// instruction (what a debugger shows as PC); while one executes it holds that address + 4.
// DWT_CYCCNT (0xE0001004) reads stats().instructions: a load of it sees the number of
// instructions retired before the load. stats() sums the per-class counts on demand: cheap enough
// per run or per GUI refresh, not per instruction.
class Iss {
 public:
  // call() puts this in LR: odd (a Thumb address) and outside every region. Arriving at it ends
  // the run with StopReason::Exit.
  static constexpr uint32_t kReturnAddress = 0xFFFFFFFF;

  explicit Iss(const IssConfig& cfg = {});
  ~Iss();
  Iss(const Iss&) = delete;
  Iss& operator=(const Iss&) = delete;

  Memory& memory() { return mem_; }
  Cpu& cpu() { return cpu_; }
  const IssStats& stats() const;
  void set_io(SemihostIo io) { io_ = std::move(io); }
  // Symbols of the last loaded image.
  const std::vector<ElfSymbol>& symbols() const;
  // Forget predecoded instructions: needed after host-side writes to the code region (load() and
  // reset() do it). Programs cannot write to code, so the cache never goes stale by itself.
  void invalidate_code_cache();

  // Loads an image's segments into memory (code and data) and remembers its symbols.
  bool load(const ElfImage& image, Diagnostics& diags, const std::string& name);

  // Reset as the hardware does (B1.5.5 TakeReset): VTOR = code base, SP from vector 0, PC and EPSR.T
  // from vector 1, LR = 0xFFFFFFFF (returning there is a fetch fault, unlike after call()), thread
  // mode on the main stack. Clears the statistics and the system registers; memory is kept.
  void reset();
  // Calls a function per the AAPCS: args in r0-r3 then the stack (SP 8-byte aligned at the call);
  // LR = kReturnAddress, whose arrival ends the run with StopReason::Exit and exit_code = r0.
  // Expects thread mode; the Thumb bit of func_addr is optional. Statistics are kept.
  void call(uint32_t func_addr, const std::vector<uint32_t>& args, uint32_t sp);

  // Runs until a stop. Returns the stop information.
  StopInfo run();
  // Executes one instruction (or takes one exception entry). Returns the stop info if it stopped.
  StopInfo step();

  // Hook for lock-step checking: called after each retired instruction with its address, once the
  // instruction's effects (and any exception entry it caused) are complete and cpu().r[15] holds
  // the next PC. A faulting instruction does not retire and is not reported.
  void set_retire_hook(std::function<void(uint32_t pc, const Inst&)> hook) { retire_hook_ = std::move(hook); }

  // The exception model and semihosting of this ISS's state: the pipeline executes instructions
  // itself on cpu()/memory() and hands their events and faults to this same System.
  System& system();
  const System& system() const;

 private:
  struct Impl;
  IssConfig cfg_;
  Memory mem_;
  Cpu cpu_;
  IssStats stats_;
  SemihostIo io_;
  std::function<void(uint32_t, const Inst&)> retire_hook_;
  std::unique_ptr<Impl> impl_;
};

// The simulator facade for command-line tools: load an image, reset, run to a stop.
struct SimResult {
  StopInfo stop;
  IssStats stats;
};
std::optional<SimResult> simulate(const ElfImage& image, const std::string& name, const IssConfig& cfg,
                                  Diagnostics& diags, SemihostIo io = {});

}  // namespace m3::isa
