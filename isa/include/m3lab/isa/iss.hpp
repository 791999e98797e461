// The functional simulator (ISS): instruction-accurate, untimed, and the golden reference the
// pipeline is checked against.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "m3lab/isa/cpu.hpp"
#include "m3lab/isa/elf.hpp"
#include "m3lab/isa/inst.hpp"
#include "m3lab/isa/memory.hpp"

namespace m3::isa {

// Why a run stopped.
enum class StopReason : uint8_t {
  Running,    // not stopped (step() returned normally)
  Exit,       // SYS_EXIT / SYS_EXIT_EXTENDED, or the called function returned (exit_code valid)
  Fault,      // a fault the program has no handler for, or a lockup
  StepLimit,  // max_steps reached
  Breakpoint, // BKPT other than semihosting 0xAB, with no debugger
};

struct StopInfo {
  StopReason reason = StopReason::Running;
  int exit_code = 0;
  FaultKind fault = FaultKind::None;
  uint32_t pc = 0;         // PC of the faulting instruction
  uint32_t address = 0;    // faulting data address, when there is one
  std::string message;     // "undefined instruction 0xde00 at PC 0x00000124", ...
};

struct IssStats {
  uint64_t instructions = 0;  // retired, including IT instructions and condition-failed ones
  std::array<uint64_t, static_cast<size_t>(IClass::Count)> by_class{};
  uint64_t exceptions = 0;
};

// Where semihosting output goes (stdout/stderr of the host by default).
struct SemihostIo {
  std::function<void(int fd, const char* data, size_t n)> write;  // fd 1 = stdout, 2 = stderr
};

struct IssConfig {
  MemoryConfig map{};
  uint64_t max_steps = 0;  // 0 = no limit
};

class Iss {
 public:
  explicit Iss(const IssConfig& cfg = {});
  ~Iss();

  Memory& memory() { return mem_; }
  Cpu& cpu() { return cpu_; }
  const IssStats& stats() const { return stats_; }
  void set_io(SemihostIo io) { io_ = std::move(io); }

  // Loads an image's segments into memory (code and data) and remembers its symbols.
  bool load(const ElfImage& image, Diagnostics& diags, const std::string& name);

  // Reset as the hardware does: SP from vector 0, PC from vector 1 (at the code base or VTOR).
  void reset();
  // Calls a function per the AAPCS: args in r0-r3 then the stack; LR holds a return address that
  // ends the run with StopReason::Exit and exit_code = r0.
  void call(uint32_t func_addr, const std::vector<uint32_t>& args, uint32_t sp);

  // Runs until a stop. Returns the stop information.
  StopInfo run();
  // Executes one instruction (or takes one exception entry). Returns the stop info if it stopped.
  StopInfo step();

  // Hook for lock-step checking: called after each retired instruction with its address.
  void set_retire_hook(std::function<void(uint32_t pc, const Inst&)> hook) { retire_hook_ = std::move(hook); }

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

}  // namespace m3::isa
