// What the pipeline reports each cycle, for the GUI and the trace writers. Plain C++: no SystemC
// and no Qt types, so that a GUI or a test can implement it without either.
//
// Order of calls within one cycle: begin_cycle, then for each stage WB..IF a stage() call, then
// any forward()/hazard()/reg_write()/flags_write()/cache_access()/retire() events of that cycle
// (in the order they happened), then end_cycle. Pointers (text, reason) stay valid for the whole
// run; nothing here allocates per cycle in the pipeline.
#pragma once

#include <cstdint>

namespace m3::sim {

enum class Stage : uint8_t { IF = 0, ID = 1, EX = 2, MEM = 3, WB = 4, Count = 5 };
const char* stage_name(Stage s);  // "IF", "ID", "EX", "MEM", "WB"

// What occupies a stage in a cycle.
struct StageState {
  enum Kind : uint8_t {
    Empty,    // a bubble (nothing there)
    Busy,     // an instruction doing its work this cycle
    Stalled,  // an instruction held in place (reason says why)
    Flushed,  // an instruction squashed this cycle (reason says why)
  } kind = Empty;
  uint64_t seq = 0;           // dynamic instruction number (unique, increasing in fetch order)
  uint32_t pc = 0;
  const char* text = nullptr; // disassembly, objdump style (cached per static instruction)
  const char* reason = nullptr;  // for Stalled/Flushed/Empty: "load-use on r3", "icache miss", ...
};

enum class ForwardPath : uint8_t { ExMemToEx, MemWbToEx, ExMemToId, MemWbToId, Count };
const char* forward_path_name(ForwardPath p);  // "ex_mem_ex", "mem_wb_ex", "ex_mem_id", "mem_wb_id"

struct ForwardEvent {
  ForwardPath path;
  uint8_t reg;       // 0-15, or 16 for the flags (NZCVQ)
  uint64_t from_seq; // producer
  uint64_t to_seq;   // consumer
};

struct HazardEvent {
  enum Kind : uint8_t { LoadUse, Raw, Structural, Multicycle, ICache, DCache, Flush } kind;
  uint64_t seq;         // the instruction held (or, for Flush, the one that caused it)
  const char* reason;   // human text: "r3 produced by ldr at 0x104 (in EX)", "mispredicted bne"
};

enum class CacheId : uint8_t { ICache, DCache };

struct CacheEvent {
  CacheId cache;
  uint32_t addr;
  bool write;
  bool hit;
  uint32_t set, way, tag;
  bool evicted;          // a valid line was replaced
  uint32_t evicted_addr; // its line address
  bool writeback;        // the victim was dirty and written back
  uint32_t cycles;       // access latency
};

struct RetireEvent {
  uint64_t seq;
  uint32_t pc;
  const char* text;
  bool condition_failed;  // an IT-block or B<c> instruction that retired as a no-op
};

class Observer {
 public:
  virtual ~Observer() = default;
  virtual void begin_cycle(uint64_t /*cycle*/) {}
  virtual void stage(Stage, const StageState&) {}
  virtual void forward(const ForwardEvent&) {}
  virtual void hazard(const HazardEvent&) {}
  virtual void reg_write(uint64_t /*seq*/, uint8_t /*reg*/, uint32_t /*value*/) {}
  virtual void flags_write(uint64_t /*seq*/, uint32_t /*nzcvq*/) {}  // APSR bits 31..27
  virtual void cache_access(const CacheEvent&) {}
  virtual void retire(const RetireEvent&) {}
  virtual void end_cycle(uint64_t /*cycle*/) {}
};

}  // namespace m3::sim
