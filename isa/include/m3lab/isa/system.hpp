// The ARMv7-M system model shared by the ISS and the pipeline: exception entry and return,
// fault escalation, SVC and BKPT, and ARM semihosting, acting on one Cpu and Memory. Whatever
// executes instructions (the ISS step loop, the pipeline's EX stage) hands the events a semantic
// function raised (Cpu::events) and the faults it threw (GuestFault) to a System.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "m3lab/isa/cpu.hpp"
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

// Where semihosting output goes (stdout/stderr of the host by default).
struct SemihostIo {
  std::function<void(int fd, const char* data, size_t n)> write;  // fd 1 = stdout, 2 = stderr
};

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

class System {
 public:
  // `exceptions` counts exception entries (the owner's statistics).
  System(Cpu& cpu, Memory& mem, SemihostIo& io, uint64_t& exceptions)
      : cpu_(cpu), mem_(mem), io_(io), exceptions_(exceptions) {}

  // The state that is neither in Cpu nor in Memory (a plain value, for checkpoints).
  struct State {
    uint32_t active = 0;     // ExceptionActive[n] for n < 32 (no external interrupts in this model)
    bool in_call = false;    // call() set LR to the return sentinel
    uint32_t heap_base = 0;  // end of the loaded RAM image (SYS_HEAPINFO)
    uint32_t sh_errno = 0;   // SYS_ERRNO
  };
  State state;
  // Set when something here ends the run (exit, unhandled fault, lockup...).
  bool stopped = false;
  StopInfo stop;
  void clear_stop() {
    stopped = false;
    stop = StopInfo{};
  }
  void set_stop(StopReason r, std::string msg, uint32_t pc, FaultKind k = FaultKind::None, uint32_t addr = 0);

  // After an instruction at cpu.r[15] - 4 that raised cpu.events, with pc its next PC: handles
  // them (exception return, SVC, BKPT/semihosting) and returns the PC to continue from (the run
  // may have stopped: see `stopped`).
  uint32_t handle_events(uint32_t pc);
  // A fault of the instruction at pc (which did not complete): sets the fault status registers and
  // takes UsageFault/BusFault or HardFault, or stops the run (no handler, lockup).
  void take_fault(const GuestFault& f, uint32_t pc);
  // SVC at pc (completed; returns to next_pc).
  void take_svc(uint32_t pc, uint32_t next_pc);
  // BKPT other than 0xAB at pc: DebugMonitor is disabled, so it escalates to HardFault.
  void take_bkpt(uint32_t pc, uint32_t imm);
  // EXC_RETURN written to the PC by the instruction at pc (B1.5.8).
  void exception_return(uint32_t exc_return, uint32_t pc);
  // Semihosting call (BKPT 0xAB) at pc.
  void semihost(uint32_t pc);
  uint64_t exceptions() const { return exceptions_; }

 private:
  int execution_priority() const;
  uint32_t sp_main() const;
  uint32_t sp_process() const;
  void set_sps(uint32_t msp, uint32_t psp);
  // Stacks the frame and enters handler n; returns false (run stopped) on a stacking fault.
  bool enter(unsigned n, uint32_t return_address, uint32_t vector);
  std::string describe_fault(FaultKind k, uint32_t pc, uint32_t addr) const;
  void host_output(int fd, const char* data, size_t n);

  Cpu& cpu_;
  Memory& mem_;
  SemihostIo& io_;
  uint64_t& exceptions_;
};

std::string hex32(uint32_t v);

}  // namespace m3::isa
