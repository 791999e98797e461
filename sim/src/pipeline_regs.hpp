// The pipeline registers. Each holds the instruction that occupies the stage after it during the
// current cycle (IfIdRegister: the instruction in ID, ...), plus the state that stage keeps while
// the instruction is held there. All are plain copyable values: checkpoints copy them.
#pragma once

#include <array>
#include <cstdint>

#include "inst_info.hpp"

namespace m3::sim {

// One instruction in flight.
struct Slot {
  // (Ordered to pack into 56 bytes: slots are copied from register to register every cycle.)
  uint64_t seq = 0;
  const InstInfo* info = nullptr;
  uint32_t pc = 0;
  uint32_t pred_next = 0;  // the PC IF fetched after this one
  bool valid = false;

  // Decided in ID (IT state and flag writes are known there).
  bool analysed = false;  // ID has computed reads/writes
  bool resolved_in_id = false;

  // Results of EX (the functional execution).
  bool executed = false;
  bool condition_failed = false;
  bool faulted = false;    // a GuestFault or fetch fault: retires without completing
  bool stop_here = false;  // the run stops when this instruction retires
  uint8_t naddr = 0;       // MEM beats, at addr, addr + 4, ...
  uint32_t reads = 0, writes = 0, load_writes = 0;  // decided in ID
  uint32_t next_pc = 0;  // the architectural next PC
  uint32_t addr = 0;
};
static_assert(sizeof(Slot) == 56);

// Register and flag writes seen at EX, reported to observers at retirement. Kept beside the
// pipeline (indexed by seq mod 8: at most 6 instructions are in flight) so that slots stay small.
struct RegWrites {
  uint32_t mask = 0;
  std::array<uint32_t, 16> value{};
  bool flags = false;
  uint32_t flags_value = 0;
};

struct IfIdRegister {
  Slot s;
};
struct IdExRegister {
  Slot s;
  uint32_t busy = 0;  // extra EX cycles left (multi-cycle unit)
};
struct ExMemRegister {
  Slot s;
  bool started = false;
  uint32_t busy = 0;  // MEM cycles left after this one
};
struct MemWbRegister {
  Slot s;
};

}  // namespace m3::sim
