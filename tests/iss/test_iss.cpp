// The functional simulator: reset, the step loop, IT blocks, the exception model, semihosting,
// call() and the statistics. The programs are in programs/*.s; their bytes are embedded through
// programs.inc (regenerate with gen_programs.sh), so these tests need no oracle to run.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "m3lab/isa/codec.hpp"
#include "m3lab/isa/iss.hpp"

using namespace m3::isa;

namespace {
#include "programs.inc"

constexpr uint32_t kCfsrIbusErr = 1u << 8, kCfsrPreciseErr = 1u << 9, kCfsrBfarValid = 1u << 15,
                   kCfsrUndefInstr = 1u << 16, kCfsrInvState = 1u << 17;
constexpr uint32_t kHfsrForced = 1u << 30;

IssConfig config(uint64_t max_steps) {
  IssConfig c;
  c.max_steps = max_steps;
  return c;
}

// One simulator with a program at address 0, reset, and its console output captured.
struct Rig {
  Iss iss;
  std::string out, err;
  template <size_t N>
  explicit Rig(const uint8_t (&prog)[N], uint64_t max_steps = 0) : iss(config(max_steps)) {
    EXPECT_TRUE(iss.memory().host_write(0, prog, N));
    iss.set_io({[this](int fd, const char* d, size_t n) { (fd == 2 ? err : out).append(d, n); }});
    iss.reset();
  }
  Cpu& cpu() { return iss.cpu(); }
  SystemRegs& sys() { return iss.memory().sys(); }
  void set_vector(unsigned n, uint32_t handler) { ASSERT_TRUE(iss.memory().host_write(4 * n, &handler, 4)); }
  uint32_t word(uint32_t a) {
    uint32_t v = 0;
    EXPECT_TRUE(iss.memory().host_read(a, &v, 4));
    return v;
  }
  void start_at(uint32_t pc) { iss.cpu().r[15] = pc; }
};

// The encodings a test's program relies on must decode: if one does not, the table lost it, and
// the test fails saying which.
#define NEED_DECODABLE(...)                                                                            \
  do {                                                                                                 \
    for (uint32_t raw : std::vector<uint32_t>{__VA_ARGS__}) {                                          \
      bool wide = raw > 0xffff;                                                                        \
      ASSERT_TRUE(decode(raw, wide ? 4 : 2)) << "the table does not decode 0x" << std::hex << raw;     \
    }                                                                                                  \
  } while (0)
}  // namespace

// --- reset, limits, stepping -----------------------------------------------------------------

TEST(IssReset, TakesSpAndPcFromTheVectorTable) {
  Rig r(kProg_basic, 10);
  EXPECT_EQ(r.cpu().r[13], 0x20000800u);
  EXPECT_EQ(r.cpu().r[15], 0x40u);
  EXPECT_EQ(r.cpu().thumb, 1);
  EXPECT_EQ(r.cpu().r[14], 0xFFFFFFFFu);
  EXPECT_EQ(r.sys().vtor, 0u);
  StopInfo s = r.iss.run();
  EXPECT_EQ(s.reason, StopReason::StepLimit);
  EXPECT_EQ(s.message, "did not finish within 10 instructions");
  EXPECT_EQ(r.cpu().r[0], 7u);
  EXPECT_EQ(r.cpu().r[15], 0x42u);
  const IssStats& st = r.iss.stats();
  EXPECT_EQ(st.instructions, 10u);
  EXPECT_EQ(st.by_class[static_cast<int>(IClass::Alu)], 1u);
  EXPECT_EQ(st.by_class[static_cast<int>(IClass::Branch)], 9u);
}

TEST(IssReset, EvenResetVectorFaultsWithInvState) {
  Rig r(kProg_basic, 10);
  r.set_vector(1, 0x40);  // Thumb bit clear
  r.iss.reset();
  StopInfo s = r.iss.run();
  EXPECT_EQ(s.reason, StopReason::Fault);
  EXPECT_EQ(s.fault, FaultKind::InvState);
  EXPECT_EQ(s.message, "UsageFault (invalid state: Thumb bit clear) at PC 0x00000040 (no handler)");
  EXPECT_TRUE(r.sys().cfsr & kCfsrInvState);
  EXPECT_EQ(r.iss.stats().instructions, 1u);
}

TEST(IssStep, StepExecutesOneInstructionAndCallsTheRetireHook) {
  Rig r(kProg_basic);
  std::vector<uint32_t> retired;
  r.iss.set_retire_hook([&](uint32_t pc, const Inst&) { retired.push_back(pc); });
  EXPECT_EQ(r.iss.step().reason, StopReason::Running);
  EXPECT_EQ(r.cpu().r[0], 7u);
  EXPECT_EQ(r.cpu().r[15], 0x42u);
  EXPECT_EQ(r.iss.step().reason, StopReason::Running);
  EXPECT_EQ(r.cpu().r[15], 0x42u);
  EXPECT_EQ(retired, (std::vector<uint32_t>{0x40, 0x42}));
  EXPECT_EQ(r.iss.stats().instructions, 2u);
}

TEST(IssStep, CodeInSramIsDecodedEachTime) {
  Rig r(kProg_basic, 6);
  const uint16_t code[] = {0x2003, 0xe7fe};  // movs r0, #3; b.n .
  ASSERT_TRUE(r.iss.memory().host_write(0x20000100, code, sizeof code));
  r.start_at(0x20000100);
  EXPECT_EQ(r.iss.run().reason, StopReason::StepLimit);
  EXPECT_EQ(r.cpu().r[0], 3u);
  EXPECT_EQ(r.cpu().r[15], 0x20000102u);
}

TEST(IssStats, ClassCountsSurviveInvalidationAndSramCode) {
  Rig r(kProg_basic);
  for (int k = 0; k < 10; ++k) r.iss.step();  // movs, then b.n 9 times
  r.iss.invalidate_code_cache();
  for (int k = 0; k < 10; ++k) r.iss.step();
  const uint16_t code[] = {0x2003, 0xe7fe};  // movs r0, #3; b.n . in SRAM
  ASSERT_TRUE(r.iss.memory().host_write(0x20000100, code, sizeof code));
  r.start_at(0x20000100);
  for (int k = 0; k < 5; ++k) r.iss.step();
  const IssStats& st = r.iss.stats();
  EXPECT_EQ(st.instructions, 25u);
  EXPECT_EQ(st.by_class[static_cast<int>(IClass::Alu)], 2u);
  EXPECT_EQ(st.by_class[static_cast<int>(IClass::Branch)], 23u);
}

TEST(IssStats, CyccntReadsTheInstructionsRetiredBeforeTheLoad) {
  Rig r(kProg_basic, 5);
  r.start_at(0x78);
  r.cpu().r[0] = 0xE0001004;  // DWT_CYCCNT
  r.iss.run();
  EXPECT_EQ(r.cpu().r[1], 1u);
  EXPECT_EQ(r.cpu().r[2], 3u);
}

// --- semihosting -----------------------------------------------------------------------------

TEST(IssSemihosting, ConsoleOutputAndExitExtended) {
  Rig r(kProg_semihost, 1000);
  StopInfo s = r.iss.run();
  EXPECT_EQ(s.reason, StopReason::Exit);
  EXPECT_EQ(s.exit_code, 42);
  EXPECT_EQ(r.out, "hello\nX");
  EXPECT_EQ(r.err, "err");
  EXPECT_EQ(r.cpu().r[4], 0u);                 // SYS_WRITE: no bytes left unwritten
  EXPECT_EQ(r.cpu().r[6], 3u);                 // bad handle: all 3 left unwritten
  EXPECT_EQ(r.iss.stats().instructions, 18u);  // every semihosting BKPT counts, as in QEMU
}

TEST(IssSemihosting, RetireHookSeesEveryInstructionUpToTheExit) {
  Rig r(kProg_semihost, 1000);
  uint64_t hooked = 0;
  uint32_t last = 0;
  r.iss.set_retire_hook([&](uint32_t pc, const Inst&) {
    ++hooked;
    last = pc;
  });
  EXPECT_EQ(r.iss.run().reason, StopReason::Exit);
  EXPECT_EQ(hooked, 18u);
  EXPECT_EQ(last, 0x62u);  // the SYS_EXIT_EXTENDED bkpt
}

TEST(IssSemihosting, ExitCodesFollowQemu) {
  struct Case {
    uint32_t op, arg;
    int code;
  };
  // SYS_EXIT: 0 for ADP_Stopped_ApplicationExit, else 1. SYS_EXIT_EXTENDED: the subcode for
  // ADP_Stopped_ApplicationExit, else 1 (blocks at 0xc0 and 0xd0 of the program).
  for (Case c : {Case{0x18, 0x20026, 0}, Case{0x18, 0x20024, 1}, Case{0x20, 0xc0, 42}, Case{0x20, 0xd0, 1}}) {
    Rig r(kProg_semihost, 100);
    r.start_at(0x44);  // bkpt 0xab
    r.cpu().r[0] = c.op;
    r.cpu().r[1] = c.arg;
    StopInfo s = r.iss.run();
    EXPECT_EQ(s.reason, StopReason::Exit);
    EXPECT_EQ(s.exit_code, c.code) << std::hex << c.op << " " << c.arg;
  }
}

// r0 = op, r1 = arg, then one bkpt 0xab (at 0x44 of the semihosting program).
uint32_t semihost_call(Rig& r, uint32_t op, uint32_t arg) {
  r.start_at(0x44);
  r.cpu().r[0] = op;
  r.cpu().r[1] = arg;
  EXPECT_EQ(r.iss.step().reason, StopReason::Running);
  return r.cpu().r[0];
}

TEST(IssSemihosting, OpenTtyWriteAndHeapInfo) {
  Rig r(kProg_semihost);
  Memory& mem = r.iss.memory();
  const uint32_t open_block[3] = {0x20000100, 8, 3};  // ":tt", mode "a" (append: stderr)
  ASSERT_TRUE(mem.host_write(0x20000100, ":tt", 4));
  ASSERT_TRUE(mem.host_write(0x20000110, open_block, sizeof open_block));
  uint32_t handle = semihost_call(r, 0x01, 0x20000110);
  EXPECT_EQ(handle, 2u);
  const uint32_t write_block[3] = {handle, 0x80, 5};  // "hello"
  ASSERT_TRUE(mem.host_write(0x20000120, write_block, sizeof write_block));
  EXPECT_EQ(semihost_call(r, 0x05, 0x20000120), 0u);
  EXPECT_EQ(r.err, "hello");
  EXPECT_EQ(semihost_call(r, 0x09, 0x20000120), 1u);  // SYS_ISTTY
  const uint32_t pointer = 0x20000140;
  ASSERT_TRUE(mem.host_write(0x20000130, &pointer, 4));
  EXPECT_EQ(semihost_call(r, 0x16, 0x20000130), 0u);  // SYS_HEAPINFO
  EXPECT_EQ(r.word(0x20000144), 0x20010000u);         // heap limit: the top of SRAM
}

TEST(IssSemihosting, UnsupportedOperationReturnsMinusOne) {
  Rig r(kProg_semihost, 1);
  r.start_at(0x44);
  r.cpu().r[0] = 0x7f;
  EXPECT_EQ(r.iss.run().reason, StopReason::StepLimit);
  EXPECT_EQ(r.cpu().r[0], 0xFFFFFFFFu);
}

// --- faults ----------------------------------------------------------------------------------

TEST(IssFault, UndefinedInstructionWithoutHandler) {
  Rig r(kProg_basic, 100);
  r.start_at(0x54);
  StopInfo s = r.iss.run();
  EXPECT_EQ(s.reason, StopReason::Fault);
  EXPECT_EQ(s.fault, FaultKind::UndefInstr);
  EXPECT_EQ(s.pc, 0x56u);
  EXPECT_EQ(s.message, "undefined instruction 0xde00 at PC 0x00000056");
  EXPECT_EQ(r.cpu().r[15], 0x56u);
  EXPECT_EQ(r.iss.stats().instructions, 2u);  // movs, and the faulting udf once
  EXPECT_TRUE(r.sys().cfsr & kCfsrUndefInstr);
}

TEST(IssFault, Undefined32BitInstructionMessage) {
  Rig r(kProg_basic, 100);
  r.start_at(0x50);
  StopInfo s = r.iss.run();
  EXPECT_EQ(s.message, "undefined instruction 0xf7f0a000 at PC 0x00000050");
}

TEST(IssFault, UndefinedInstructionEscalatesToHardFault) {
  Rig r(kProg_basic, 10);
  r.set_vector(3, 0x61);
  r.start_at(0x56);
  EXPECT_EQ(r.iss.run().reason, StopReason::StepLimit);
  EXPECT_EQ(r.cpu().ipsr, 3);
  EXPECT_EQ(r.cpu().r[15], 0x60u);
  EXPECT_EQ(r.cpu().r[14], 0xFFFFFFF9u);
  EXPECT_TRUE(r.sys().cfsr & kCfsrUndefInstr);
  EXPECT_TRUE(r.sys().hfsr & kHfsrForced);
  EXPECT_EQ(r.word(r.cpu().r[13] + 24), 0x56u);  // the return address is the udf itself
  EXPECT_EQ(r.iss.stats().exceptions, 1u);
}

TEST(IssFault, UsageFaultTakenWhenEnabled) {
  Rig r(kProg_basic, 10);
  r.set_vector(3, 0x61);
  r.set_vector(6, 0x65);
  r.sys().shcsr |= 1u << 18;  // USGFAULTENA
  r.start_at(0x56);
  r.iss.run();
  EXPECT_EQ(r.cpu().ipsr, 6);
  EXPECT_EQ(r.cpu().r[15], 0x64u);
  EXPECT_FALSE(r.sys().hfsr & kHfsrForced);
  EXPECT_TRUE(r.sys().shcsr & (1u << 3));  // USGFAULTACT
}

TEST(IssFault, BusFaultOnUnmappedLoadWithoutHandler) {
  Rig r(kProg_basic, 10);
  r.start_at(0x48);
  r.cpu().r[0] = 0x40000000;
  StopInfo s = r.iss.run();
  EXPECT_EQ(s.reason, StopReason::Fault);
  EXPECT_EQ(s.fault, FaultKind::BusPrecise);
  EXPECT_EQ(s.address, 0x40000000u);
  EXPECT_EQ(s.message, "BusFault (precise data access) at PC 0x00000048, address 0x40000000 (no handler)");
  EXPECT_EQ(r.sys().bfar, 0x40000000u);
  EXPECT_EQ(r.sys().cfsr & (kCfsrPreciseErr | kCfsrBfarValid), kCfsrPreciseErr | kCfsrBfarValid);
  EXPECT_EQ(r.cpu().r[1], 0u);  // the load did not complete
}

TEST(IssFault, BusFaultTakenWhenEnabled) {
  Rig r(kProg_basic, 10);
  r.set_vector(5, 0x69);
  r.sys().shcsr |= 1u << 17;  // BUSFAULTENA
  r.start_at(0x48);
  r.cpu().r[0] = 0x40000000;
  EXPECT_EQ(r.iss.run().reason, StopReason::StepLimit);
  EXPECT_EQ(r.cpu().ipsr, 5);
  EXPECT_EQ(r.sys().bfar, 0x40000000u);
}

TEST(IssFault, InstructionFetchOutsideTheMap) {
  Rig r(kProg_basic, 10);
  r.start_at(0x40000000);
  StopInfo s = r.iss.run();
  EXPECT_EQ(s.fault, FaultKind::BusInstr);
  EXPECT_EQ(s.message, "BusFault (instruction fetch) at PC 0x40000000 (no handler)");
  EXPECT_TRUE(r.sys().cfsr & kCfsrIbusErr);
}

TEST(IssFault, FaultInHardFaultIsALockup) {
  Rig r(kProg_basic, 10);
  r.set_vector(3, 0x71);  // a HardFault handler that is itself an undefined instruction
  r.start_at(0x56);
  StopInfo s = r.iss.run();
  EXPECT_EQ(s.reason, StopReason::Fault);
  EXPECT_EQ(s.message, "lockup: undefined instruction 0xde01 at PC 0x00000070 in the HardFault handler");
  EXPECT_EQ(r.iss.stats().instructions, 2u);
}

TEST(IssFault, FaultWhileStackingIsALockup) {
  Rig r(kProg_basic, 10);
  r.set_vector(3, 0x61);
  r.start_at(0x56);
  r.cpu().r[13] = 0x10;  // the frame would go into (read-only) code
  StopInfo s = r.iss.run();
  EXPECT_EQ(s.reason, StopReason::Fault);
  EXPECT_NE(s.message.find("lockup:"), std::string::npos) << s.message;
  EXPECT_NE(s.message.find("stacking"), std::string::npos) << s.message;
}

TEST(IssFault, BreakpointEscalatesToHardFault) {
  Rig r(kProg_basic, 10);
  r.start_at(0x58);
  StopInfo s = r.iss.run();
  EXPECT_EQ(s.reason, StopReason::Breakpoint);
  EXPECT_EQ(s.message, "breakpoint (bkpt 0x01) at PC 0x00000058 (no debugger, no HardFault handler)");

  Rig h(kProg_basic, 10);
  h.set_vector(3, 0x61);
  h.start_at(0x58);
  h.iss.run();
  EXPECT_EQ(h.cpu().ipsr, 3);
  EXPECT_EQ(h.word(h.cpu().r[13] + 24), 0x58u);  // BKPT does not complete
  EXPECT_TRUE(h.sys().hfsr & kHfsrForced);
}

// B1.5.6 PushStack: the 8-word frame, 8-byte aligned, with xPSR bit 9 recording the padding.
TEST(IssException, EntryFrameLayoutAndAlignment) {
  struct Case {
    uint32_t sp, frame, bit9;
  };
  for (Case c : {Case{0x20001000, 0x20000FE0, 0}, Case{0x20000FFC, 0x20000FD8, 1u << 9}}) {
    Rig r(kProg_basic, 3);
    r.set_vector(3, 0x61);
    r.start_at(0x56);
    Cpu& cpu = r.cpu();
    for (int k = 0; k < 4; ++k) cpu.r[k] = 0x100 + k;
    cpu.r[12] = 0x112;
    cpu.r[14] = 0x1234567;
    cpu.r[13] = c.sp;
    cpu.n = 1;
    cpu.c = 1;
    r.iss.run();
    ASSERT_EQ(cpu.ipsr, 3);
    EXPECT_EQ(cpu.r[13], c.frame);
    const uint32_t expect[8] = {0x100, 0x101, 0x102, 0x103, 0x112, 0x1234567, 0x56, 0xA1000000u | c.bit9};
    for (int k = 0; k < 8; ++k) EXPECT_EQ(r.word(c.frame + 4 * k), expect[k]) << "word " << k;
    EXPECT_EQ(cpu.r[14], 0xFFFFFFF9u);
  }
}

TEST(IssException, EntryFromThreadModeOnTheProcessStack) {
  Rig r(kProg_basic, 3);
  r.set_vector(3, 0x61);
  r.start_at(0x56);
  Cpu& cpu = r.cpu();
  cpu.control = 2;         // SPSEL: thread mode uses PSP
  cpu.r[13] = 0x20000800;  // PSP (current)
  cpu.msp = 0x20001000;    // MSP (banked)
  r.iss.run();
  ASSERT_EQ(cpu.ipsr, 3);
  EXPECT_EQ(cpu.r[14], 0xFFFFFFFDu);
  EXPECT_EQ(cpu.r[13], 0x20001000u);  // handlers run on MSP
  EXPECT_EQ(cpu.psp, 0x20000800u - 32);
  EXPECT_EQ(r.word(0x20000800 - 32 + 24), 0x56u);
  EXPECT_EQ(cpu.control & 2, 0);
}

TEST(IssException, SvcEntrySetsIpsrAndReturnViaBxLr) {
  NEED_DECODABLE(0xdf03, 0xf3ef8605, 0x4770, 0x1800);  // svc, mrs, bx lr, adds
  Rig r(kProg_handlers, 3);
  StopInfo s = r.iss.run();  // movs, svc, mrs (in the handler)
  EXPECT_EQ(s.reason, StopReason::StepLimit);
  EXPECT_EQ(r.cpu().ipsr, 11);
  EXPECT_EQ(r.cpu().r[4], 11u);
  EXPECT_EQ(r.cpu().r[14], 0xFFFFFFF9u);
  EXPECT_EQ(r.cpu().r[13], 0x20001000u - 32);
  EXPECT_EQ(r.word(r.cpu().r[13] + 24), 0x44u);  // SVC completes: returns after it

  Rig t(kProg_handlers, 10);
  t.iss.run();
  EXPECT_EQ(t.cpu().ipsr, 0);
  EXPECT_EQ(t.cpu().r[0], 10u);  // restored from the frame, then doubled
  EXPECT_EQ(t.cpu().r[6], 0u);   // IPSR back in thread mode
  EXPECT_EQ(t.cpu().r[13], 0x20001000u);
  EXPECT_EQ(t.cpu().r[15], 0x4au);
}

TEST(IssException, BadExcReturnIsInvPc) {
  NEED_DECODABLE(0xdf03, 0xf3ef8605, 0x4770);
  Rig r(kProg_handlers, 100);
  for (int k = 0; k < 4; ++k) r.iss.step();  // movs, svc, mrs, movs: now at bx lr in the handler
  ASSERT_EQ(r.cpu().r[15], 0x86u);
  r.cpu().r[14] = 0xFFFFFFF5;  // reserved EXC_RETURN
  StopInfo s = r.iss.run();
  EXPECT_EQ(s.reason, StopReason::Fault);
  EXPECT_EQ(s.fault, FaultKind::InvPc);
  EXPECT_EQ(s.message, "UsageFault (invalid EXC_RETURN) at PC 0x00000086, address 0xfffffff5 (no handler)");
}

TEST(IssIt, ConditionFailedInstructionsRetire) {
  NEED_DECODABLE(0xbf1c, 0xbf0c, 0x2105, 0x1849);  // itt ne, ite eq, mov, add
  Rig r(kProg_it, 7);
  EXPECT_EQ(r.iss.run().reason, StopReason::StepLimit);
  EXPECT_EQ(r.cpu().r[1], 0u);
  EXPECT_EQ(r.cpu().r[2], 1u);
  EXPECT_EQ(r.cpu().r[3], 0u);
  EXPECT_EQ(r.cpu().itstate, 0);
  EXPECT_EQ(r.cpu().r[15], 0x4eu);  // at the b.n after 7 instructions
  EXPECT_EQ(r.cpu().z, 1);          // mov inside IT does not set flags
  const IssStats& st = r.iss.stats();
  EXPECT_EQ(st.instructions, 7u);
  EXPECT_EQ(st.by_class[static_cast<int>(IClass::It)], 2u);
}

// --- call() ----------------------------------------------------------------------------------

TEST(IssCall, SetsUpArgumentsPerAapcs) {
  Rig r(kProg_call);
  r.iss.call(0x41, {1, 2, 3, 4, 5, 6}, 0x20001004);
  Cpu& cpu = r.cpu();
  EXPECT_EQ(cpu.r[0], 1u);
  EXPECT_EQ(cpu.r[3], 4u);
  EXPECT_EQ(cpu.r[13], 0x20000FF8u);  // 8-byte aligned with two stacked words
  EXPECT_EQ(r.word(0x20000FF8), 5u);
  EXPECT_EQ(r.word(0x20000FFC), 6u);
  EXPECT_EQ(cpu.r[14], Iss::kReturnAddress);
  EXPECT_EQ(cpu.r[15], 0x40u);
}

TEST(IssCall, ArrivingAtTheReturnAddressExits) {
  Rig r(kProg_call);
  r.iss.call(Iss::kReturnAddress, {7}, 0x20001000);
  StopInfo s = r.iss.run();
  EXPECT_EQ(s.reason, StopReason::Exit);
  EXPECT_EQ(s.exit_code, 7);
  EXPECT_EQ(r.iss.stats().instructions, 0u);
}

TEST(IssCall, ReturningFromResetIsAFetchFault) {
  Rig r(kProg_basic, 10);
  r.start_at(Iss::kReturnAddress & ~1u);  // where "bx lr" with the reset LR would go
  StopInfo s = r.iss.run();
  EXPECT_EQ(s.reason, StopReason::Fault);
  EXPECT_EQ(s.fault, FaultKind::BusInstr);
}

TEST(IssCall, SixArgumentFunctionReturns) {
  NEED_DECODABLE(0x9900, 0x9901, 0x4770);  // ldr r1, [sp, #n]; bx lr
  Rig r(kProg_call, 100);
  r.iss.call(0x41, {1, 2, 3, 4, 5, 6}, 0x20001000);
  StopInfo s = r.iss.run();
  EXPECT_EQ(s.reason, StopReason::Exit);
  EXPECT_EQ(s.exit_code, 21);
  EXPECT_EQ(r.iss.stats().instructions, 8u);
}

// --- facade ----------------------------------------------------------------------------------

TEST(IssFacade, SimulateLoadsResetsAndRuns) {
  ElfImage image;
  ElfSegment seg;
  seg.vaddr = seg.paddr = 0;
  seg.data.assign(std::begin(kProg_semihost), std::end(kProg_semihost));
  seg.filesz = seg.memsz = static_cast<uint32_t>(seg.data.size());
  image.segments.push_back(seg);
  m3::Diagnostics diags;
  std::string out;
  auto r = simulate(image, "prog.elf", config(1000), diags,
                    SemihostIo{[&](int, const char* d, size_t n) { out.append(d, n); }});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->stop.reason, StopReason::Exit);
  EXPECT_EQ(r->stop.exit_code, 42);
  EXPECT_EQ(r->stats.instructions, 18u);
  EXPECT_EQ(out, "hello\nXerr");
}

TEST(IssFacade, SegmentOutsideTheMapIsADiagnostic) {
  ElfImage image;
  ElfSegment seg;
  seg.vaddr = seg.paddr = 0x40000000;
  seg.data = {1, 2, 3, 4};
  seg.filesz = seg.memsz = 4;
  image.segments.push_back(seg);
  m3::Diagnostics diags;
  EXPECT_FALSE(simulate(image, "prog.elf", {}, diags));
  ASSERT_EQ(diags.error_count(), 1);
  EXPECT_EQ(diags.list()[0].file, "prog.elf");
}

// --- robustness ------------------------------------------------------------------------------

// Random code never crashes the host: every run ends in a fault report, an exit or the step
// limit, with the PC and the count consistent. (Handlers point into the random code too.)
TEST(IssRobustness, RandomCodeEndsInAStop) {
  uint32_t seed = 0x12345678;
  auto next = [&] {
    seed = seed * 1664525u + 1013904223u;
    return seed;
  };
  for (int run = 0; run < 200; ++run) {
    Iss iss(config(20000));
    std::vector<uint16_t> code(2048);
    for (uint16_t& hw : code) hw = static_cast<uint16_t>(next() >> 16);
    ASSERT_TRUE(iss.memory().host_write(0, code.data(), 4096));
    const uint32_t vectors[16] = {0x20008000, 0x41, 0, 0x201, 0x301, 0x401, 0x501, 0, 0, 0, 0, 0x601, 0, 0, 0, 0};
    ASSERT_TRUE(iss.memory().host_write(0, vectors, sizeof vectors));
    iss.set_io({[](int, const char*, size_t) {}});
    iss.reset();
    StopInfo s = iss.run();
    EXPECT_NE(s.reason, StopReason::Running) << "run " << run;
    EXPECT_LE(iss.stats().instructions, 20000u);
    if (s.reason == StopReason::Fault) {
      EXPECT_FALSE(s.message.empty());
    }
  }
}
