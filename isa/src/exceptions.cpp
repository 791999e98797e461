// The ARMv7-M exception model (ARM ARM B1.5): entry with stacking, return through EXC_RETURN,
// fault status registers, and escalation to HardFault.
//
// The model has no external interrupts, so every exception here is synchronous and taken at once
// or escalated: there is no pending state, and tail-chaining never happens. SHPR is not modelled,
// so every configurable exception has its reset priority 0; a fault or SVC inside any handler
// (or with PRIMASK set) therefore escalates to HardFault, as it would on a Cortex-M3 at reset
// priorities, and a fault inside HardFault is a lockup.
#include <algorithm>
#include <bit>
#include <cstdio>

#include "m3lab/isa/system.hpp"
#include "m3lab/isa/table.hpp"

namespace m3::isa {

namespace {
// CFSR bits (B3.2.15): MMFSR [7:0], BFSR [15:8], UFSR [31:16].
constexpr uint32_t kIbusErr = 1u << 8, kPreciseErr = 1u << 9, kBfarValid = 1u << 15;
constexpr uint32_t kUndefInstr = 1u << 16, kInvState = 1u << 17, kInvPc = 1u << 18, kNoCp = 1u << 19,
                   kUnaligned = 1u << 24, kDivByZero = 1u << 25;
constexpr uint32_t kHfsrForced = 1u << 30;
// SHCSR (B3.2.13): enables and active bits.
constexpr uint32_t kMemFaultEna = 1u << 16, kBusFaultEna = 1u << 17, kUsgFaultEna = 1u << 18;

uint32_t shcsr_active_bit(unsigned n) {
  switch (n) {
    case kExcMemManage:
      return 1u << 0;
    case kExcBusFault:
      return 1u << 1;
    case kExcUsageFault:
      return 1u << 3;
    case kExcSvCall:
      return 1u << 7;
    case kExcDebugMonitor:
      return 1u << 8;
    case kExcPendSv:
      return 1u << 10;
    case kExcSysTick:
      return 1u << 11;
    default:
      return 0;
  }
}

int exception_priority(unsigned n) {
  switch (n) {
    case kExcReset:
      return -3;
    case kExcNmi:
      return -2;
    case kExcHardFault:
      return -1;
    default:
      return 0;  // SHPR reset value
  }
}

bool has_address(FaultKind k) {
  return k == FaultKind::BusPrecise || k == FaultKind::Unaligned || k == FaultKind::InvPc;
}
}  // namespace

// B1.5.4 ExecutionPriority.
int System::execution_priority() const {
  int prio = 256;
  for (uint32_t a = state.active; a; a &= a - 1) prio = std::min(prio, exception_priority(std::countr_zero(a)));
  const Cpu& cpu = cpu_;
  if (cpu.basepri) prio = std::min(prio, static_cast<int>(cpu.basepri));
  if (cpu.primask) prio = std::min(prio, 0);
  if (cpu.faultmask) prio = std::min(prio, -1);
  return prio;
}

uint32_t System::sp_main() const { return cpu_.psp_active() ? cpu_.msp : cpu_.r[13]; }
uint32_t System::sp_process() const { return cpu_.psp_active() ? cpu_.r[13] : cpu_.psp; }
// Stores both stack pointers for the current mode and CONTROL.SPSEL: the current one in r13.
void System::set_sps(uint32_t msp, uint32_t psp) {
  Cpu& cpu = cpu_;
  if (cpu.psp_active()) {
    cpu.r[13] = psp;
    cpu.msp = msp;
  } else {
    cpu.r[13] = msp;
    cpu.psp = psp;
  }
}

std::string System::describe_fault(FaultKind k, uint32_t pc, uint32_t addr) const {
  char buf[160];
  if (k == FaultKind::UndefInstr) {
    uint16_t hw[2] = {0, 0};
    mem_.host_read(pc, &hw[0], 2);
    if (is_thumb32(hw[0])) {
      mem_.host_read(pc + 2, &hw[1], 2);
      std::snprintf(buf, sizeof buf, "undefined instruction 0x%04x%04x at PC 0x%08x", hw[0], hw[1], pc);
    } else {
      std::snprintf(buf, sizeof buf, "undefined instruction 0x%04x at PC 0x%08x", hw[0], pc);
    }
    return buf;
  }
  if (has_address(k))
    std::snprintf(buf, sizeof buf, "%s at PC 0x%08x, address 0x%08x", fault_kind_name(k), pc, addr);
  else
    std::snprintf(buf, sizeof buf, "%s at PC 0x%08x", fault_kind_name(k), pc);
  return buf;
}

// B1.5.6 PushStack + ExceptionTaken.
bool System::enter(unsigned n, uint32_t return_address, uint32_t vector) {
  Cpu& cpu = cpu_;
  // CCR.STKALIGN is always 1 in this model: the frame is 8-byte aligned, and xPSR bit 9 of the
  // stacked frame records whether a word of padding was inserted.
  bool thread = cpu.ipsr == 0;
  bool on_psp = cpu.psp_active();
  uint32_t msp = sp_main(), psp = sp_process();
  uint32_t& sp = on_psp ? psp : msp;
  uint32_t realigned = (sp >> 2) & 1;
  uint32_t frame = (sp - 0x20) & ~4u;
  uint32_t xpsr = (cpu.xpsr() & ~(1u << 9)) | (realigned << 9);
  try {
    const uint32_t words[8] = {cpu.r[0],  cpu.r[1],  cpu.r[2],       cpu.r[3],
                               cpu.r[12], cpu.r[14], return_address, xpsr};
    for (uint32_t k = 0; k < 8; ++k) mem_.write32(frame + 4 * k, words[k]);
  } catch (const GuestFault& f) {
    set_stop(StopReason::Fault,
             "lockup: " + describe_fault(f.kind, return_address, f.addr) + " while stacking for exception " +
                 std::to_string(n) + " (stack frame at " + hex32(frame) + ")",
             return_address, f.kind, f.addr);
    return false;
  }
  sp = frame;
  // ExceptionTaken.
  cpu.r[14] = !thread ? 0xFFFFFFF1 : on_psp ? 0xFFFFFFFD : 0xFFFFFFF9;
  cpu.ipsr = static_cast<uint16_t>(n);
  cpu.itstate = 0;
  cpu.excl_open = false;  // ClearExclusiveLocal()
  cpu.thumb = vector & 1;
  cpu.control &= ~2u;  // CONTROL.SPSEL = 0: handlers run on the main stack
  set_sps(msp, psp);
  cpu.r[15] = vector & ~1u;
  state.active |= 1u << n;
  mem_.sys().shcsr |= shcsr_active_bit(n);
  ++exceptions_;
  return true;
}

void System::take_fault(const GuestFault& f, uint32_t pc) {
  Cpu& cpu = cpu_;
  SystemRegs& sys = mem_.sys();
  cpu.r[15] = pc;  // if the run stops, it stops at the faulting instruction
  unsigned n = kExcUsageFault;
  uint32_t enable = kUsgFaultEna;
  switch (f.kind) {
    case FaultKind::BusPrecise:
      sys.cfsr |= kPreciseErr | kBfarValid;
      sys.bfar = f.addr;
      n = kExcBusFault;
      enable = kBusFaultEna;
      break;
    case FaultKind::BusInstr:
      sys.cfsr |= kIbusErr;
      n = kExcBusFault;
      enable = kBusFaultEna;
      break;
    case FaultKind::UndefInstr:
      sys.cfsr |= kUndefInstr;
      break;
    case FaultKind::InvState:
      sys.cfsr |= kInvState;
      break;
    case FaultKind::InvPc:
      sys.cfsr |= kInvPc;
      break;
    case FaultKind::Unaligned:
      sys.cfsr |= kUnaligned;
      break;
    case FaultKind::DivByZero:
      sys.cfsr |= kDivByZero;
      break;
    case FaultKind::NoCp:
      sys.cfsr |= kNoCp;
      break;
    case FaultKind::None:
      n = kExcHardFault;
      break;
  }
  (void)kMemFaultEna;  // no MPU: MemManage faults are never raised
  int prio = execution_priority();
  if (prio < 0) {
    // B1.5.15: a synchronous fault at priority -1 or higher cannot be taken or escalated.
    set_stop(StopReason::Fault, "lockup: " + describe_fault(f.kind, pc, f.addr) + " in the HardFault handler",
             pc, f.kind, f.addr);
    return;
  }
  if (n != kExcHardFault && (!(sys.shcsr & enable) || prio <= exception_priority(n))) {
    // B1.5.15 priority escalation: a disabled configurable fault, or one that cannot preempt.
    n = kExcHardFault;
    sys.hfsr |= kHfsrForced;
  }
  uint32_t vector = 0;
  mem_.host_read(sys.vtor + 4 * n, &vector, 4);
  if (vector == 0) {
    std::string msg = describe_fault(f.kind, pc, f.addr);
    if (f.kind != FaultKind::UndefInstr) msg += " (no handler)";
    set_stop(StopReason::Fault, std::move(msg), pc, f.kind, f.addr);
    return;
  }
  enter(n, pc, vector);
}

void System::take_svc(uint32_t pc, uint32_t next_pc) {
  SystemRegs& sys = mem_.sys();
  unsigned n = kExcSvCall;
  int prio = execution_priority();
  std::string what = "SVCall (svc " + std::to_string(cpu_.event_imm) + ") at PC " + hex32(pc);
  if (prio < 0) {
    set_stop(StopReason::Fault, "lockup: " + what + " in the HardFault handler", pc);
    cpu_.r[15] = pc;
    return;
  }
  if (prio <= exception_priority(n)) {
    n = kExcHardFault;
    sys.hfsr |= kHfsrForced;
  }
  uint32_t vector = 0;
  mem_.host_read(sys.vtor + 4 * n, &vector, 4);
  if (vector == 0) {
    set_stop(StopReason::Fault, what + " (no handler)", pc);
    cpu_.r[15] = pc;
    return;
  }
  enter(n, next_pc, vector);
}

// What QEMU 7.2 does for BKPT on M-profile without a debugger attached: EXCP_BKPT pends the
// DebugMonitor exception; DEMCR.MON_EN is clear, so the NVIC escalates it to HardFault and sets
// HFSR.FORCED (the ARM ARM would set HFSR.DEBUGEVT; we follow the oracle). BKPT does not
// complete: the stacked return address is the BKPT itself. With no HardFault handler the run
// stops with StopReason::Breakpoint.
void System::take_bkpt(uint32_t pc, uint32_t imm) {
  SystemRegs& sys = mem_.sys();
  char what[64];
  std::snprintf(what, sizeof what, "breakpoint (bkpt 0x%02x) at PC 0x%08x", imm & 0xff, pc);
  cpu_.r[15] = pc;
  if (execution_priority() < 0) {
    set_stop(StopReason::Fault, std::string("lockup: ") + what + " in the HardFault handler", pc);
    return;
  }
  sys.hfsr |= kHfsrForced;
  uint32_t vector = 0;
  mem_.host_read(sys.vtor + 4 * kExcHardFault, &vector, 4);
  if (vector == 0) {
    set_stop(StopReason::Breakpoint, std::string(what) + " (no debugger, no HardFault handler)", pc);
    return;
  }
  enter(kExcHardFault, pc, vector);
}

// B1.5.8 ExceptionReturn and PopStack. Integrity-check failures raise UsageFault INVPC at the
// instruction that wrote EXC_RETURN (the ARM ARM takes it without stacking again; we stack, which
// only differs in what a UsageFault handler would find, since INVPC here always escalates).
void System::exception_return(uint32_t exc_return, uint32_t pc) {
  Cpu& cpu = cpu_;
  cpu.excl_open = false;  // ClearExclusiveLocal()
  unsigned n = cpu.ipsr;
  if ((exc_return & 0x0FFFFFF0u) != 0x0FFFFFF0u || n >= 32 || !(state.active & (1u << n)))
    throw GuestFault{FaultKind::InvPc, exc_return};
  int nested = std::popcount(state.active);
  bool to_thread, use_psp;
  switch (exc_return & 0xF) {
    case 0x1:
      to_thread = false, use_psp = false;
      break;
    case 0x9:
      to_thread = true, use_psp = false;
      break;
    case 0xD:
      to_thread = true, use_psp = true;
      break;
    default:
      throw GuestFault{FaultKind::InvPc, exc_return};
  }
  bool nonbase_ok = mem_.sys().ccr & 1;  // CCR.NONBASETHRDENA
  if (!to_thread && nested == 1) throw GuestFault{FaultKind::InvPc, exc_return};
  if (to_thread && nested != 1 && !nonbase_ok) throw GuestFault{FaultKind::InvPc, exc_return};

  uint32_t msp = sp_main(), psp = sp_process();
  uint32_t& sp = use_psp ? psp : msp;
  uint32_t w[8];
  try {
    for (uint32_t k = 0; k < 8; ++k) w[k] = mem_.read32(sp + 4 * k);
  } catch (const GuestFault& f) {
    set_stop(StopReason::Fault,
             "lockup: " + describe_fault(f.kind, pc, f.addr) + " while unstacking (exception return)", pc,
             f.kind, f.addr);
    cpu.r[15] = pc;
    return;
  }
  uint32_t psr = w[7];
  if ((psr & 0x1ff) == 0 ? !to_thread : to_thread) throw GuestFault{FaultKind::InvPc, exc_return};
  state.active &= ~(1u << n);
  mem_.sys().shcsr &= ~shcsr_active_bit(n);
  sp = (sp + 0x20) | (((psr >> 9) & 1) << 2);  // undo the realignment recorded in xPSR bit 9
  cpu.r[0] = w[0];
  cpu.r[1] = w[1];
  cpu.r[2] = w[2];
  cpu.r[3] = w[3];
  cpu.r[12] = w[4];
  cpu.r[14] = w[5];
  cpu.set_xpsr(psr);  // APSR, IPSR, EPSR.T and the IT bits
  cpu.control = static_cast<uint8_t>((cpu.control & ~2u) | (use_psp ? 2u : 0u));
  set_sps(msp, psp);
  cpu.r[15] = w[6] & ~1u;
}

void System::set_stop(StopReason r, std::string msg, uint32_t pc, FaultKind k, uint32_t addr) {
  stopped = true;
  stop.reason = r;
  stop.message = std::move(msg);
  stop.pc = pc;
  stop.fault = k;
  stop.address = addr;
}

// After an instruction that raised events; pc is the next PC. Returns the PC to continue from
// (the run may have stopped: see `stopped`).
uint32_t System::handle_events(uint32_t pc) {
  Cpu& cpu = cpu_;
  uint32_t ev = cpu.events;
  uint32_t ipc = cpu.r[15] - 4;
  cpu.events = 0;
  cpu.r[15] = pc;
  try {
    if (ev & kEvExcReturn) exception_return(cpu.next_pc, ipc);
    if (ev & kEvSvc) take_svc(ipc, pc);
    if (ev & kEvBkpt) {
      if ((cpu.event_imm & 0xff) == 0xAB)
        semihost(ipc);
      else
        take_bkpt(ipc, cpu.event_imm);
    }
    // kEvWfi: no interrupts in this model, so WFI/WFE fall through. kEvSpecialReg: nothing is
    // pending that a mask change could release.
  } catch (const GuestFault& f) {
    // Already counted: the instruction itself completed; the fault came from what it triggered.
    take_fault(f, ipc);
  }
  return cpu.r[15];
}

}  // namespace m3::isa
