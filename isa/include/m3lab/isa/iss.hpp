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

namespace m3::isa {

// Why a run stopped.
enum class StopReason : uint8_t {
  Running,     // not stopped (step() returned normally)
  Exit,        // SYS_EXIT / SYS_EXIT_EXTENDED, or the called function returned (exit_code valid)
  Fault,       // a fault the program has no handler for, or a lockup
  StepLimit,   // max_steps reached
  Breakpoint,  // BKPT other than semihosting 0xAB, no debugger, and no HardFault handler
};

struct StopInfo {
  StopReason reason = StopReason::Running;
  // Exit: SYS_EXIT gives 0 for ADP_Stopped_ApplicationExit and 1 otherwise; SYS_EXIT_EXTENDED
  // gives the subcode for ADP_Stopped_ApplicationExit and 1 otherwise (as QEMU does).
  int exit_code = 0;
  FaultKind fault = FaultKind::None;
  uint32_t pc = 0;       // PC of the faulting instruction
  uint32_t address = 0;  // faulting data address, when there is one
  std::string message;   // "undefined instruction 0xde00 at PC 0x00000124", ...
};

struct IssStats {
  // Retired instructions, including IT instructions, condition-failed ones, every semihosting
  // BKPT, and a faulting instruction once: the count QEMU's exec trace gives for the same run.
  uint64_t instructions = 0;
  // By the form's IClass. A faulting instruction counts in `instructions` only.
  std::array<uint64_t, static_cast<size_t>(IClass::Count)> by_class{};
  uint64_t exceptions = 0;  // exception entries (faults, SVC, BKPT escalations)
};

// Where semihosting output goes (stdout/stderr of the host by default).
struct SemihostIo {
  std::function<void(int fd, const char* data, size_t n)> write;  // fd 1 = stdout, 2 = stderr
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

  // --- System services for a core that executes instructions itself (the SystemC pipeline): it
  // runs the semantic functions on cpu()/memory() and hands events and faults to this ISS's
  // exception model and semihosting, so that both engines share one implementation.
  // After an instruction at cpu().r[15] - 4 raised cpu().events: handles them (SVC, BKPT and
  // semihosting, exception return) as the step loop does; returns the PC to continue from.
  uint32_t system_events(uint32_t next_pc);
  // A fault of the instruction at pc: exception entry, or a stop (no handler, lockup).
  void system_fault(const GuestFault& f, uint32_t pc);
  // Whether the last system_events()/system_fault() stopped the run, and why.
  bool system_stopped() const;
  const StopInfo& system_stop() const;
  bool in_call() const;  // call() set LR to kReturnAddress
  uint64_t exceptions_taken() const { return stats_.exceptions; }
  // The exception and semihosting state outside Cpu and Memory (for whole-machine checkpoints).
  struct SystemState {
    uint32_t active = 0;
    bool in_call = false;
    uint32_t sh_errno = 0;
    uint32_t heap_base = 0;
    uint64_t exceptions = 0;
  };
  SystemState system_state() const;
  void set_system_state(const SystemState& s);

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
