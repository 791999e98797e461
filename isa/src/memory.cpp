// Slow paths of the memory map: the system region and bus errors.
#include "m3lab/isa/memory.hpp"

#include <algorithm>

#include "m3lab/isa/check.hpp"

namespace m3::isa {

const char* fault_kind_name(FaultKind k) {
  switch (k) {
    case FaultKind::None: return "none";
    case FaultKind::BusPrecise: return "BusFault (precise data access)";
    case FaultKind::BusInstr: return "BusFault (instruction fetch)";
    case FaultKind::UndefInstr: return "UsageFault (undefined instruction)";
    case FaultKind::InvState: return "UsageFault (invalid state: Thumb bit clear)";
    case FaultKind::InvPc: return "UsageFault (invalid EXC_RETURN)";
    case FaultKind::Unaligned: return "UsageFault (unaligned access)";
    case FaultKind::DivByZero: return "UsageFault (divide by zero)";
    case FaultKind::NoCp: return "UsageFault (no coprocessor)";
  }
  return "?";
}

Memory::Memory(const MemoryConfig& cfg) : cfg_(cfg) {
  M3_ASSERT(cfg.code_size >= 4 && cfg.sram_size >= 4 && cfg.ext_size >= 4, "memory regions must be at least 4 bytes");
  code_.assign(cfg.code_size, 0);
  sram_.assign(cfg.sram_size, 0);
  ext_.assign(cfg.ext_size, 0);
}

void Memory::reset() {
  std::fill(code_.begin(), code_.end(), 0);
  std::fill(sram_.begin(), sram_.end(), 0);
  std::fill(ext_.begin(), ext_.end(), 0);
  uint64_t* src = sys_.cycle_source;
  sys_ = SystemRegs{};
  sys_.cycle_source = src;
}

uint8_t* Memory::host_ptr(uint32_t a, uint32_t n) {
  return const_cast<uint8_t*>(static_cast<const Memory*>(this)->host_ptr(a, n));
}

const uint8_t* Memory::host_ptr(uint32_t a, uint32_t n) const {
  auto in = [&](uint32_t base, const std::vector<uint8_t>& v) -> const uint8_t* {
    uint32_t off = a - base;
    if (off < v.size() && n <= v.size() - off) return v.data() + off;
    return nullptr;
  };
  if (auto p = in(cfg_.code_base, code_)) return p;
  if (auto p = in(cfg_.sram_base, sram_)) return p;
  if (auto p = in(cfg_.ext_base, ext_)) return p;
  return nullptr;
}

bool Memory::host_write(uint32_t a, const void* src, uint32_t n) {
  uint8_t* p = host_ptr(a, n);
  if (!p) return false;
  if (n) std::memcpy(p, src, n);
  return true;
}

bool Memory::host_read(uint32_t a, void* dst, uint32_t n) const {
  const uint8_t* p = host_ptr(a, n);
  if (!p) return false;
  if (n) std::memcpy(dst, p, n);
  return true;
}

const char* Memory::region_name(uint32_t a) const {
  if (a - cfg_.code_base < cfg_.code_size) return "code";
  if (a - cfg_.sram_base < cfg_.sram_size) return "SRAM";
  if (a - cfg_.ext_base < cfg_.ext_size) return "external RAM";
  if (a >= 0xE0000000u) return "system";
  return nullptr;
}

namespace {
constexpr uint32_t kDwtCtrl = 0xE0001000, kDwtCyccnt = 0xE0001004;
constexpr uint32_t kCpuid = 0xE000ED00, kIcsr = 0xE000ED04, kVtor = 0xE000ED08, kAircr = 0xE000ED0C,
                   kCcr = 0xE000ED14, kShcsr = 0xE000ED24, kCfsr = 0xE000ED28, kHfsr = 0xE000ED2C,
                   kMmfar = 0xE000ED34, kBfar = 0xE000ED38;
bool in_scs(uint32_t a) { return a >= 0xE000E000 && a < 0xE000F000; }
bool in_dwt(uint32_t a) { return a >= 0xE0001000 && a < 0xE0002000; }
}  // namespace

// System registers are word registers; byte and halfword reads see the containing word.
uint32_t Memory::read_slow(uint32_t a, unsigned size) {
  // Accesses that straddle the end of a region, or fall outside the map.
  if (!in_scs(a) && !in_dwt(a)) {
    if (const uint8_t* p = host_ptr(a, size)) {
      uint32_t v = 0;
      std::memcpy(&v, p, size);
      return v;
    }
    throw GuestFault{FaultKind::BusPrecise, a};
  }
  uint32_t word = a & ~3u, v = 0;
  switch (word) {
    case kDwtCtrl: v = sys_.dwt_ctrl; break;
    case kDwtCyccnt: v = static_cast<uint32_t>((sys_.cycle_source ? *sys_.cycle_source : 0) - sys_.cyccnt_offset); break;
    case kCpuid: v = 0x412FC231; break;  // Cortex-M3 r2p1
    case kIcsr: v = 0; break;
    case kVtor: v = sys_.vtor; break;
    case kAircr: v = sys_.aircr; break;
    case kCcr: v = sys_.ccr; break;
    case kShcsr: v = sys_.shcsr; break;
    case kCfsr: v = sys_.cfsr; break;
    case kHfsr: v = sys_.hfsr; break;
    case kMmfar: v = sys_.mmfar; break;
    case kBfar: v = sys_.bfar; break;
    default: v = 0; break;  // the rest of the SCS and DWT reads as zero
  }
  unsigned shift = (a & 3) * 8;
  v >>= shift;
  if (size == 1) v &= 0xff;
  if (size == 2) v &= 0xffff;
  return v;
}

void Memory::write_slow(uint32_t a, uint32_t v, unsigned size) {
  if (!in_scs(a) && !in_dwt(a)) {
    // Code is read-only to the program; everything unmapped is a bus error.
    if (a - cfg_.code_base < cfg_.code_size) throw GuestFault{FaultKind::BusPrecise, a};
    if (uint8_t* p = host_ptr(a, size)) {
      std::memcpy(p, &v, size);
      return;
    }
    throw GuestFault{FaultKind::BusPrecise, a};
  }
  if (size != 4) return;  // sub-word writes to system registers are ignored
  switch (a) {
    case kDwtCtrl: sys_.dwt_ctrl = (sys_.dwt_ctrl & 0xF0000000u) | (v & 0x0FFFFFFFu); break;
    case kDwtCyccnt:
      sys_.cyccnt_offset = static_cast<uint32_t>((sys_.cycle_source ? *sys_.cycle_source : 0) - v);
      break;
    case kVtor: sys_.vtor = v & 0xFFFFFF80u; break;
    case kAircr: break;  // no reset requests in the model
    case kCcr: sys_.ccr = (v & 0x31Bu) | 0x200u; break;  // STKALIGN stays set
    case kShcsr: sys_.shcsr = v; break;
    case kCfsr: sys_.cfsr &= ~v; break;  // write-one-to-clear
    case kHfsr: sys_.hfsr &= ~v; break;
    case kMmfar: sys_.mmfar = v; break;
    case kBfar: sys_.bfar = v; break;
    default: break;  // RAZ/WI
  }
}

uint16_t Memory::fetch16_slow(uint32_t a) {
  if (const uint8_t* p = host_ptr(a, 2)) {
    uint16_t v;
    std::memcpy(&v, p, 2);
    return v;
  }
  throw GuestFault{FaultKind::BusInstr, a};
}

}  // namespace m3::isa
