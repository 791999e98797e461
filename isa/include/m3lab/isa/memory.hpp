// The functional memory system: the documented memory map (docs/isa.md#memory-map).
//
//   code      0x00000000  (default 256 KiB)  read/execute; writes by the program are a BusFault
//   SRAM      0x20000000  (default 64 KiB)   read/write
//   ext RAM   0x60000000  (default 4 MiB)    read/write: image buffers
//   system    0xE0000000  DWT, SCB (a few registers), see SystemRegs
//
// Any other access is a precise BusFault. The fast path (a region hit) is inline and allocates
// nothing; everything else goes through access_slow().
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace m3::isa {

struct MemoryConfig {
  uint32_t code_base = 0x00000000;
  uint32_t code_size = 256 * 1024;
  uint32_t sram_base = 0x20000000;
  uint32_t sram_size = 64 * 1024;
  uint32_t ext_base = 0x60000000;
  uint32_t ext_size = 4 * 1024 * 1024;
};

// Why a simulated access or instruction faulted (mapped to CFSR bits by the exception model).
enum class FaultKind : uint8_t {
  None,
  BusPrecise,      // data access outside the map, or a write to code (CFSR.PRECISERR, BFAR valid)
  BusInstr,        // instruction fetch outside the map (CFSR.IBUSERR)
  UndefInstr,      // CFSR.UNDEFINSTR
  InvState,        // EPSR.T = 0 (BX to an even address...) (CFSR.INVSTATE)
  InvPc,           // bad EXC_RETURN (CFSR.INVPC)
  Unaligned,       // misaligned LDM/STM/LDRD/STRD/LDREX (CFSR.UNALIGNED)
  DivByZero,       // CFSR.DIVBYZERO (only when CCR.DIV_0_TRP is set)
  NoCp,            // coprocessor instruction (CFSR.NOCP)
};
const char* fault_kind_name(FaultKind k);

// A fault of the simulated program: thrown from a memory access or a semantic function, caught by
// the simulator's step loop, which takes the exception the ARMv7-M way (or stops the run with a
// report when the program has no handler). It is never a host crash.
struct GuestFault {
  FaultKind kind;
  uint32_t addr;  // faulting data address (BusFault/Unaligned), or the PC for fetch faults
};

// Memory-mapped system registers the functional model implements.
struct SystemRegs {
  uint64_t* cycle_source = nullptr;  // DWT_CYCCNT reads this (the ISS: instructions retired)
  uint32_t dwt_ctrl = 0x40000000;
  uint32_t cyccnt_offset = 0;  // CYCCNT = *cycle_source - offset (writes set the offset)
  uint32_t vtor = 0;
  uint32_t ccr = 0x00000200;   // STKALIGN = 1, as on QEMU's Cortex-M3
  uint32_t shcsr = 0;
  uint32_t cfsr = 0, hfsr = 0, mmfar = 0, bfar = 0;
  uint32_t aircr = 0xFA050000;
};

class Memory {
 public:
  explicit Memory(const MemoryConfig& cfg = {});

  const MemoryConfig& config() const { return cfg_; }
  SystemRegs& sys() { return sys_; }

  // Program-visible accesses. Throw GuestFault on a bus error.
  uint32_t read32(uint32_t a) { return read<uint32_t>(a); }
  uint32_t read16(uint32_t a) { return read<uint16_t>(a); }
  uint32_t read8(uint32_t a) { return read<uint8_t>(a); }
  void write32(uint32_t a, uint32_t v) { write<uint32_t>(a, v); }
  void write16(uint32_t a, uint32_t v) { write<uint16_t>(a, static_cast<uint16_t>(v)); }
  void write8(uint32_t a, uint32_t v) { write<uint8_t>(a, static_cast<uint8_t>(v)); }

  // Instruction fetch of one halfword (BusInstr on failure).
  uint16_t fetch16(uint32_t a) {
    if (a - cfg_.code_base < code_.size() - 1) return load<uint16_t>(code_.data() + (a - cfg_.code_base));
    return fetch16_slow(a);
  }

  // Host-side access for loaders, harnesses and debuggers: no faults, no side effects, code is
  // writable. Returns false if [a, a+n) is not inside one RAM/code region.
  bool host_write(uint32_t a, const void* src, uint32_t n);
  bool host_read(uint32_t a, void* dst, uint32_t n) const;
  // Pointer to n bytes of backing store at a, or nullptr if not inside one region.
  uint8_t* host_ptr(uint32_t a, uint32_t n);
  const uint8_t* host_ptr(uint32_t a, uint32_t n) const;
  // True if [a, a+n) lies in the code region.
  bool in_code(uint32_t a, uint32_t n) const {
    return a - cfg_.code_base < cfg_.code_size && n <= cfg_.code_size - (a - cfg_.code_base);
  }
  // Name of the region containing a, or nullptr.
  const char* region_name(uint32_t a) const;

  // Clears RAM and code to zero and the system registers to their reset values.
  void reset();

 private:
  template <class T>
  static T load(const uint8_t* p) {
    T v;
    std::memcpy(&v, p, sizeof v);
    return v;
  }
  template <class T>
  static void store(uint8_t* p, T v) {
    std::memcpy(p, &v, sizeof v);
  }

  // The region test `a - base <= size - sizeof(T)` is one subtraction and one compare; sizes are
  // at least 4, so size - sizeof(T) cannot wrap.
  template <class T>
  T read(uint32_t a) {
    if (a - cfg_.sram_base <= cfg_.sram_size - sizeof(T)) return load<T>(sram_.data() + (a - cfg_.sram_base));
    if (a - cfg_.ext_base <= cfg_.ext_size - sizeof(T)) return load<T>(ext_.data() + (a - cfg_.ext_base));
    if (a - cfg_.code_base <= cfg_.code_size - sizeof(T)) return load<T>(code_.data() + (a - cfg_.code_base));
    return static_cast<T>(read_slow(a, sizeof(T)));
  }
  template <class T>
  void write(uint32_t a, T v) {
    if (a - cfg_.sram_base <= cfg_.sram_size - sizeof(T)) return store<T>(sram_.data() + (a - cfg_.sram_base), v);
    if (a - cfg_.ext_base <= cfg_.ext_size - sizeof(T)) return store<T>(ext_.data() + (a - cfg_.ext_base), v);
    write_slow(a, v, sizeof(T));
  }

  uint32_t read_slow(uint32_t a, unsigned size);
  void write_slow(uint32_t a, uint32_t v, unsigned size);
  uint16_t fetch16_slow(uint32_t a);

  MemoryConfig cfg_;
  std::vector<uint8_t> code_, sram_, ext_;
  SystemRegs sys_;
};

}  // namespace m3::isa
