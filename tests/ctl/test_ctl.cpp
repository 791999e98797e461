// Unit tests of the branch, IT, hint and special-register semantics (isa/src/forms_ctl.cpp):
// each test assembles one instruction with the table's assembler, executes its semantic function
// on a fresh Cpu + Memory, and checks the architectural effect against the ARMv7-M ARM.
#include <gtest/gtest.h>

#include <string>

#include "m3lab/isa/codec.hpp"
#include "m3lab/isa/cpu.hpp"
#include "m3lab/isa/memory.hpp"
#include "m3lab/isa/table.hpp"
#include "test_support.hpp"

using namespace m3::isa;

namespace {

AsmContext ctx_at(uint32_t addr, ItState it = {}) {
  AsmContext c = m3::test::numeric_context(addr);
  c.it = it;
  return c;
}

struct Machine {
  Memory mem;
  Cpu cpu;
  Machine() { cpu.mem = &mem; }

  // Assembles `text` at `addr` (failing the test if it does not assemble) and returns it.
  Inst assemble(const std::string& text, uint32_t addr, ItState it = {}) {
    AsmError err;
    auto a = assemble_one(text, ctx_at(addr, it), err);
    EXPECT_TRUE(a) << text << ": " << err.message;
    if (!a) return Inst{};
    return a->inst;
  }
  // Executes `text` as the instruction at `addr`, as the step loop would: PC reads as addr + 4
  // and next_pc is the next instruction in sequence.
  Inst run(const std::string& text, uint32_t addr = 0x100) {
    Inst in = assemble(text, addr);
    if (!in.exec) return in;
    cpu.r[15] = addr + 4;
    cpu.next_pc = addr + in.size;
    cpu.events = 0;
    in.exec(cpu, in);
    return in;
  }
  std::string form_id(const Inst& in) { return form(in.form).id; }
};

// Flags (NZCV) that make each condition pass, and that make it fail (A7.3.1).
struct CondCase {
  const char* name;
  uint8_t pass, fail;  // N:Z:C:V as a 4-bit number
};
const CondCase kConds[] = {
    {"eq", 0b0100, 0b0000}, {"ne", 0b0000, 0b0100}, {"cs", 0b0010, 0b0000}, {"cc", 0b0000, 0b0010},
    {"mi", 0b1000, 0b0000}, {"pl", 0b0000, 0b1000}, {"vs", 0b0001, 0b0000}, {"vc", 0b0000, 0b0001},
    {"hi", 0b0010, 0b0110}, {"ls", 0b0110, 0b0010}, {"ge", 0b1001, 0b1000}, {"lt", 0b1000, 0b1001},
    {"gt", 0b0000, 0b0100}, {"le", 0b0100, 0b0000},
};
void set_flags(Cpu& cpu, uint8_t nzcv) {
  cpu.n = (nzcv >> 3) & 1;
  cpu.z = (nzcv >> 2) & 1;
  cpu.c = (nzcv >> 1) & 1;
  cpu.v = nzcv & 1;
}

// ---- B ----------------------------------------------------------------------------------------

TEST(Branch, ConditionalNarrowTakenAndNotTaken) {
  for (const CondCase& cc : kConds) {
    Machine m;
    std::string text = std::string("b") + cc.name + " 0x140";
    set_flags(m.cpu, cc.pass);
    Inst in = m.run(text, 0x100);
    EXPECT_EQ(m.form_id(in), "B_T1") << text;
    EXPECT_EQ(m.cpu.next_pc, 0x140u) << text << " should be taken";
    set_flags(m.cpu, cc.fail);
    m.run(text, 0x100);
    EXPECT_EQ(m.cpu.next_pc, 0x102u) << text << " should not be taken";
  }
}

TEST(Branch, ConditionalWideTakenAndNotTaken) {
  for (const CondCase& cc : kConds) {
    Machine m;
    std::string text = std::string("b") + cc.name + ".w 0x80";  // backwards, 32-bit
    set_flags(m.cpu, cc.pass);
    Inst in = m.run(text, 0x2000);
    EXPECT_EQ(m.form_id(in), "B_T3") << text;
    EXPECT_EQ(m.cpu.next_pc, 0x80u) << text << " should be taken";
    set_flags(m.cpu, cc.fail);
    m.run(text, 0x2000);
    EXPECT_EQ(m.cpu.next_pc, 0x2004u) << text << " should not be taken";
  }
}

TEST(Branch, UnconditionalPicksTheShortestEncoding) {
  Machine m;
  Inst near = m.run("b 0x80", 0x100);
  EXPECT_EQ(m.form_id(near), "B_T2");
  EXPECT_EQ(m.cpu.next_pc, 0x80u);
  Inst far = m.run("b 0x20000", 0x100);
  EXPECT_EQ(m.form_id(far), "B_T4");
  EXPECT_EQ(m.cpu.next_pc, 0x20000u);
  EXPECT_EQ(form(far.form).iclass, IClass::Branch);
}

TEST(Branch, BranchDoesNotTouchFlagsOrLr) {
  Machine m;
  m.cpu.r[14] = 0x1234;
  set_flags(m.cpu, 0b1010);
  m.run("b.w 0x4000", 0x100);
  EXPECT_EQ(m.cpu.r[14], 0x1234u);
  EXPECT_EQ(m.cpu.apsr() >> 28, 0b1010u);
}

// ---- BL, BLX, BX --------------------------------------------------------------------------------

TEST(Call, BlSetsLrToNextInstructionWithThumbBit) {
  Machine m;
  Inst in = m.run("bl 0x100", 0x2000);
  EXPECT_EQ(form(in.form).iclass, IClass::Call);
  EXPECT_EQ(m.cpu.r[14], 0x2005u);
  EXPECT_EQ(m.cpu.next_pc, 0x100u);
  EXPECT_EQ(m.cpu.thumb, 1);
}

TEST(Call, BlReachesSixteenMegabytes) {
  Machine m;
  m.run("bl 0xfffffc", 0);
  EXPECT_EQ(m.cpu.next_pc, 0xfffffcu);
  EXPECT_EQ(m.cpu.r[14], 5u);
}

TEST(Call, BlxRegisterSetsLrAndBranches) {
  Machine m;
  m.cpu.r[3] = 0x4001;
  Inst in = m.run("blx r3", 0x200);
  EXPECT_EQ(form(in.form).iclass, IClass::Call);
  EXPECT_EQ(m.cpu.r[14], 0x203u);  // next instruction (0x202) | 1
  EXPECT_EQ(m.cpu.next_pc, 0x4000u);
  EXPECT_EQ(m.cpu.thumb, 1);
}

TEST(Call, BlxLrReadsLrBeforeWritingIt) {
  Machine m;
  m.cpu.r[14] = 0x3001;
  m.run("blx lr", 0x200);
  EXPECT_EQ(m.cpu.next_pc, 0x3000u);
  EXPECT_EQ(m.cpu.r[14], 0x203u);
}

TEST(BranchExchange, BxToOddAddressStaysInThumb) {
  Machine m;
  m.cpu.r[14] = 0x1235;
  m.run("bx lr");
  EXPECT_EQ(m.cpu.next_pc, 0x1234u);
  EXPECT_EQ(m.cpu.thumb, 1);
  EXPECT_EQ(m.cpu.events, 0u);
}

TEST(BranchExchange, BxToEvenAddressClearsThumb) {
  Machine m;
  m.cpu.r[2] = 0x1234;
  m.run("bx r2");
  EXPECT_EQ(m.cpu.next_pc, 0x1234u);
  EXPECT_EQ(m.cpu.thumb, 0);  // the next instruction takes an INVSTATE UsageFault
}

TEST(BranchExchange, BxExcReturnInHandlerModeRaisesEvent) {
  Machine m;
  m.cpu.ipsr = 11;  // SVCall
  m.cpu.r[14] = 0xfffffff9;
  m.run("bx lr");
  EXPECT_TRUE(m.cpu.events & kEvExcReturn);
  EXPECT_EQ(m.cpu.next_pc, 0xfffffff9u);
}

TEST(BranchExchange, BxExcReturnValueInThreadModeIsAPlainBranch) {
  Machine m;
  m.cpu.r[14] = 0xfffffff9;
  m.run("bx lr");
  EXPECT_FALSE(m.cpu.events & kEvExcReturn);
  EXPECT_EQ(m.cpu.next_pc, 0xfffffff8u);
}

// ---- CBZ, CBNZ ----------------------------------------------------------------------------------

TEST(CompareBranch, CbzAndCbnz) {
  Machine m;
  m.cpu.r[0] = 0;
  m.run("cbz r0, 0x120", 0x100);
  EXPECT_EQ(m.cpu.next_pc, 0x120u);
  m.run("cbnz r0, 0x120", 0x100);
  EXPECT_EQ(m.cpu.next_pc, 0x102u);
  m.cpu.r[0] = 7;
  m.run("cbz r0, 0x120", 0x100);
  EXPECT_EQ(m.cpu.next_pc, 0x102u);
  m.run("cbnz r0, 0x120", 0x100);
  EXPECT_EQ(m.cpu.next_pc, 0x120u);
}

TEST(CompareBranch, CbzRangeIsForwardOnly) {
  Machine m;
  Inst far = m.run("cbz r7, 0x182", 0x100);  // the furthest target: PC + 126
  EXPECT_EQ(m.cpu.next_pc, 0x182u);
  EXPECT_EQ(far.imm, 126u);
  AsmError err;
  EXPECT_FALSE(assemble_one("cbz r0, 0x80", ctx_at(0x100), err));   // backwards
  EXPECT_FALSE(assemble_one("cbz r0, 0x184", ctx_at(0x100), err));  // too far
  EXPECT_FALSE(assemble_one("cbz r8, 0x110", ctx_at(0x100), err));  // high register
}

// ---- IT -----------------------------------------------------------------------------------------

TEST(It, SetsItstateToFirstcondAndMask) {
  struct {
    const char* text;
    uint16_t raw;     // as GNU as encodes it
    uint8_t itstate;  // firstcond:mask (A7.7.38)
  } const cases[] = {
      {"it eq", 0xbf08, 0x08},  {"itte ne", 0xbf1a, 0x1a},  {"ite eq", 0xbf0c, 0x0c},
      {"itt eq", 0xbf04, 0x04}, {"itttt gt", 0xbfc1, 0xc1}, {"iteee le", 0xbfd1, 0xd1},
      {"it al", 0xbfe8, 0xe8},  {"ittt al", 0xbfe2, 0xe2},
  };
  for (const auto& c : cases) {
    Machine m;
    Inst in = m.run(c.text);
    EXPECT_EQ(in.raw, c.raw) << c.text;
    EXPECT_EQ(form(in.form).iclass, IClass::It);
    EXPECT_EQ(m.cpu.itstate, c.itstate) << c.text;
    EXPECT_TRUE(m.cpu.in_it());
    EXPECT_EQ(m.cpu.next_pc, 0x102u);
  }
}

TEST(It, MaskGivesTheBlockConditions) {
  // ITTEE ne: ne, ne, eq, eq. ItState walks the block the way EPSR.IT does (A7.3.2).
  Machine m;
  m.run("ittee ne");
  ItState it{m.cpu.itstate};
  const uint8_t want[] = {kNE, kNE, kEQ, kEQ};
  for (uint8_t cond : want) {
    ASSERT_TRUE(it.in_it());
    EXPECT_EQ(it.cond(), cond);
    it.advance();
  }
  EXPECT_FALSE(it.in_it());
}

TEST(It, UnpredictableEncodingsAreUndefined) {
  EXPECT_FALSE(decode(0xbff8, 2));  // firstcond 1111
  EXPECT_FALSE(decode(0xbfec, 2));  // "ite al"
  auto hint = decode(0xbf00, 2);    // mask 0000 is NOP
  ASSERT_TRUE(hint);
  EXPECT_STREQ(form(hint->form).id, "NOP_T1");
}

// ---- special registers --------------------------------------------------------------------------

TEST(SpecialReg, ApsrRoundTrip) {
  Machine m;
  m.cpu.r[1] = 0xf8000000u | 0x00ffffffu;  // N Z C V Q and junk below
  m.run("msr apsr_nzcvq, r1");
  EXPECT_EQ(m.cpu.n + m.cpu.z + m.cpu.c + m.cpu.v + m.cpu.q, 5);
  m.run("mrs r2, apsr");
  EXPECT_EQ(m.cpu.r[2], 0xf8000000u);
  m.cpu.r[1] = 0x50000000u;  // Z, V
  m.run("msr apsr_nzcvq, r1");
  m.run("mrs r3, apsr");
  EXPECT_EQ(m.cpu.r[3], 0x50000000u);
}

TEST(SpecialReg, PsrViewsCombineApsrAndIpsrAndReadEpsrAsZero) {
  Machine m;
  m.cpu.ipsr = 0x13;
  m.cpu.thumb = 1;
  m.cpu.itstate = 0x1a;
  m.cpu.n = 1;
  m.run("mrs r0, ipsr");
  EXPECT_EQ(m.cpu.r[0], 0x13u);
  m.run("mrs r0, epsr");
  EXPECT_EQ(m.cpu.r[0], 0u);
  m.run("mrs r0, iepsr");
  EXPECT_EQ(m.cpu.r[0], 0x13u);
  m.run("mrs r0, iapsr");
  EXPECT_EQ(m.cpu.r[0], 0x80000013u);
  m.run("mrs r0, eapsr");
  EXPECT_EQ(m.cpu.r[0], 0x80000000u);
  m.run("mrs r0, xpsr");
  EXPECT_EQ(m.cpu.r[0], 0x80000013u);
}

TEST(SpecialReg, MsrToPsrViewsWritesOnlyTheFlags) {
  Machine m;
  m.cpu.ipsr = 0x13;
  m.cpu.r[4] = 0xffffffffu;
  m.run("msr xpsr_nzcvq, r4");
  EXPECT_EQ(m.cpu.apsr(), 0xf8000000u);
  EXPECT_EQ(m.cpu.ipsr, 0x13u);
  EXPECT_EQ(m.cpu.thumb, 1);
  EXPECT_EQ(m.cpu.itstate, 0);
  m.cpu.r[4] = 0;
  m.run("msr ipsr, r4");  // IPSR ignores writes and includes no APSR
  EXPECT_EQ(m.cpu.apsr(), 0xf8000000u);
  m.run("msr iapsr_nzcvq, r4");
  EXPECT_EQ(m.cpu.apsr(), 0u);
  EXPECT_EQ(m.cpu.ipsr, 0x13u);
}

TEST(SpecialReg, MspAndPspBanking) {
  Machine m;
  m.cpu.r[13] = 0x20001000;  // MSP is current (thread mode, SPSEL = 0)
  m.cpu.psp = 0x20002000;
  m.run("mrs r0, msp");
  EXPECT_EQ(m.cpu.r[0], 0x20001000u);
  m.run("mrs r1, psp");
  EXPECT_EQ(m.cpu.r[1], 0x20002000u);
  m.cpu.r[2] = 0x20003003;  // the low two bits are ignored
  m.run("msr psp, r2");
  EXPECT_EQ(m.cpu.psp, 0x20003000u);
  EXPECT_EQ(m.cpu.r[13], 0x20001000u);
  m.cpu.r[2] = 0x20000800;
  m.run("msr msp, r2");
  EXPECT_EQ(m.cpu.r[13], 0x20000800u);  // MSP is current: writes SP itself
}

TEST(SpecialReg, ControlSpselSwitchesTheCurrentStack) {
  Machine m;
  m.cpu.r[13] = 0x20001000;
  m.cpu.psp = 0x20002000;
  m.cpu.r[0] = 2;  // SPSEL
  m.run("msr control, r0");
  EXPECT_EQ(m.cpu.control, 2);
  EXPECT_EQ(m.cpu.r[13], 0x20002000u);
  EXPECT_EQ(m.cpu.msp, 0x20001000u);
  m.run("mrs r1, msp");
  EXPECT_EQ(m.cpu.r[1], 0x20001000u);
  m.run("mrs r1, psp");
  EXPECT_EQ(m.cpu.r[1], 0x20002000u);
  m.run("mrs r2, control");
  EXPECT_EQ(m.cpu.r[2], 2u);
  m.cpu.r[0] = 0;
  m.run("msr control, r0");
  EXPECT_EQ(m.cpu.r[13], 0x20001000u);
  EXPECT_EQ(m.cpu.psp, 0x20002000u);
}

TEST(SpecialReg, SpselIsNotWritableInHandlerMode) {
  Machine m;
  m.cpu.ipsr = 15;
  m.cpu.r[13] = 0x20001000;
  m.cpu.r[0] = 2;
  m.run("msr control, r0");
  EXPECT_EQ(m.cpu.control, 0);
  EXPECT_EQ(m.cpu.r[13], 0x20001000u);
}

TEST(SpecialReg, PrimaskFaultmaskBasepriRoundTrip) {
  Machine m;
  m.cpu.r[0] = 0xffffffffu;
  m.run("msr primask, r0");
  EXPECT_TRUE(m.cpu.events & kEvSpecialReg);
  m.run("mrs r1, primask");
  EXPECT_EQ(m.cpu.r[1], 1u);
  m.run("msr faultmask, r0");
  m.run("mrs r1, faultmask");
  EXPECT_EQ(m.cpu.r[1], 1u);
  m.cpu.r[0] = 0x1a0;
  m.run("msr basepri, r0");
  m.run("mrs r1, basepri");
  EXPECT_EQ(m.cpu.r[1], 0xa0u);
  m.run("mrs r1, basepri_max");
  EXPECT_EQ(m.cpu.r[1], 0xa0u);
  m.cpu.r[0] = 0;
  m.run("msr primask, r0");
  m.run("msr faultmask, r0");
  m.run("mrs r1, primask");
  EXPECT_EQ(m.cpu.r[1], 0u);
  m.run("mrs r1, faultmask");
  EXPECT_EQ(m.cpu.r[1], 0u);
}

TEST(SpecialReg, EventOnlyWhenAMaskChanges) {
  Machine m;
  m.cpu.r[0] = 0;
  m.run("msr primask, r0");
  EXPECT_EQ(m.cpu.events, 0u);
  m.cpu.r[0] = 1;
  m.run("msr primask, r0");
  EXPECT_EQ(m.cpu.events, uint32_t{kEvSpecialReg});
}

TEST(SpecialReg, BasepriMaxOnlyRaisesPriority) {
  Machine m;
  m.cpu.r[0] = 0x80;
  m.run("msr basepri_max, r0");  // BASEPRI was 0 (no masking): set
  EXPECT_EQ(m.cpu.basepri, 0x80);
  m.cpu.r[0] = 0xc0;
  m.run("msr basepri_max, r0");  // a lower priority: ignored
  EXPECT_EQ(m.cpu.basepri, 0x80);
  m.cpu.r[0] = 0x40;
  m.run("msr basepri_max, r0");
  EXPECT_EQ(m.cpu.basepri, 0x40);
  m.cpu.r[0] = 0;
  m.run("msr basepri_max, r0");  // zero: ignored
  EXPECT_EQ(m.cpu.basepri, 0x40);
  m.run("msr basepri, r0");  // BASEPRI itself can clear it
  EXPECT_EQ(m.cpu.basepri, 0);
}

TEST(SpecialReg, UnprivilegedThreadModeIsLimitedToApsr) {
  Machine m;
  m.cpu.control = 1;  // nPRIV
  m.cpu.r[13] = 0x20001000;
  m.cpu.r[0] = 1;
  m.run("msr primask, r0");
  EXPECT_EQ(m.cpu.primask, 0);
  m.run("msr control, r0");  // cannot even regain privilege
  EXPECT_EQ(m.cpu.control, 1);
  m.run("mrs r1, msp");
  EXPECT_EQ(m.cpu.r[1], 0u);
  m.run("cpsid i");
  EXPECT_EQ(m.cpu.primask, 0);
  m.cpu.r[0] = 0x80000000u;
  m.run("msr apsr_nzcvq, r0");
  EXPECT_EQ(m.cpu.n, 1);
}

TEST(SpecialReg, FaultmaskIsNotSetInNmiOrHardFault) {
  Machine m;
  m.cpu.ipsr = 3;  // HardFault, priority -1
  m.run("cpsid f");
  EXPECT_EQ(m.cpu.faultmask, 0);
  m.cpu.r[0] = 1;
  m.run("msr faultmask, r0");
  EXPECT_EQ(m.cpu.faultmask, 0);
  m.run("cpsid i");
  EXPECT_EQ(m.cpu.primask, 1);
}

TEST(SpecialReg, CpsSetsAndClearsTheMasks) {
  Machine m;
  m.run("cpsid i");
  EXPECT_EQ(m.cpu.primask, 1);
  EXPECT_EQ(m.cpu.faultmask, 0);
  EXPECT_EQ(m.cpu.events, uint32_t{kEvSpecialReg});
  m.run("cpsid f");
  EXPECT_EQ(m.cpu.faultmask, 1);
  m.run("cpsie i");
  EXPECT_EQ(m.cpu.primask, 0);
  EXPECT_EQ(m.cpu.faultmask, 1);
  m.run("cpsie if");
  EXPECT_EQ(m.cpu.faultmask, 0);
  m.run("cpsid if");
  EXPECT_EQ(m.cpu.primask + m.cpu.faultmask, 2);
  m.run("cpsid i");  // no change: no event
  EXPECT_EQ(m.cpu.events, 0u);
}

TEST(SpecialReg, UnpredictableEncodingsAreUndefined) {
  EXPECT_FALSE(decode(0xb670, 2));      // cpsid with no flag
  EXPECT_FALSE(decode(0xf38d8808, 4));  // msr msp, sp
  EXPECT_FALSE(decode(0xf3ef8d08, 4));  // mrs sp, msp
  EXPECT_FALSE(decode(0xf3ef8004, 4));  // SYSm 4 is not defined
  EXPECT_FALSE(decode(0xf3808400, 4));  // msr with mask 0b01 (GE bits: no DSP extension)
  EXPECT_TRUE(decode(0xf3808800, 4));   // msr apsr_nzcvq, r0
  EXPECT_FALSE(decode(0x47f8, 2));      // blx pc
  EXPECT_FALSE(decode(0xf000e800, 4));  // BLX (immediate): no ARM state on ARMv7-M
}

// ---- exceptions, hints, barriers ------------------------------------------------------------------

TEST(System, SvcAndBkptRaiseEvents) {
  Machine m;
  m.run("svc 42");
  EXPECT_EQ(m.cpu.events, uint32_t{kEvSvc});
  EXPECT_EQ(m.cpu.event_imm, 42u);
  EXPECT_EQ(m.cpu.next_pc, 0x102u);
  m.run("bkpt 0xab");
  EXPECT_EQ(m.cpu.events, uint32_t{kEvBkpt});
  EXPECT_EQ(m.cpu.event_imm, 0xabu);
  Inst bare = m.run("bkpt");  // GNU as accepts a BKPT without its immediate
  EXPECT_EQ(bare.raw, 0xbe00u);
  EXPECT_EQ(m.cpu.event_imm, 0u);
}

TEST(System, UdfIsAnUndefinedInstructionFault) {
  for (const char* text : {"udf #7", "udf.w #1000"}) {
    Machine m;
    try {
      m.run(text, 0x300);
      ADD_FAILURE() << text << " did not fault";
    } catch (const GuestFault& f) {
      EXPECT_EQ(f.kind, FaultKind::UndefInstr);
      EXPECT_EQ(f.addr, 0x300u);
    }
  }
}

TEST(System, HintsAndBarriersChangeNothingButWfx) {
  for (const char* text : {"nop", "nop.w", "yield", "yield.w", "sev", "sev.w", "dmb", "dmb ish", "dsb",
                           "dsb sy", "isb", "dbg #3"}) {
    Machine m;
    m.cpu.r[0] = 5;
    Inst in = m.run(text);
    EXPECT_EQ(m.cpu.events, 0u) << text;
    EXPECT_EQ(m.cpu.next_pc, 0x100u + in.size) << text;
    EXPECT_EQ(m.cpu.r[0], 5u) << text;
  }
  for (const char* text : {"wfi", "wfe", "wfi.w", "wfe.w"}) {
    Machine m;
    m.run(text);
    EXPECT_EQ(m.cpu.events, uint32_t{kEvWfi}) << text;
  }
}

// ---- text (objdump conventions) ------------------------------------------------------------------

TEST(Text, BranchTargetsAndSpecialNames) {
  struct {
    const char* src;
    uint32_t addr;
    const char* text;
  } const cases[] = {
      {"b 0x1c", 0x0, "b.n\t1c"},
      {"bl 0x100", 0x10, "bl\t100"},
      {"beq.w 0x2000", 0x0, "beq.w\t2000"},
      {"cbz r0, 0x1a", 0x0, "cbz\tr0, 1a"},
      {"mrs r0, apsr", 0, "mrs\tr0, CPSR"},
      {"msr apsr_nzcvq, r0", 0, "msr\tCPSR_f, r0"},
      {"msr iapsr_nzcvq, r2", 0, "msr\tIAPSR, r2"},
      {"mrs ip, faultmask", 0, "mrs\tip, FAULTMASK"},
      {"dmb nsh", 0, "dmb\tun"},
      {"dmb", 0, "dmb\tsy"},
      {"isb", 0, "isb\tsy"},
      {"bkpt 0xab", 0, "bkpt\t0x00ab"},
      {"itte ne", 0, "itte\tne"},
      {"it al", 0, "it\tal"},
      {"cpsid if", 0, "cpsid\tif"},
      {"svc 17", 0, "svc\t17"},
  };
  for (const auto& c : cases) {
    Machine m;
    Inst in = m.assemble(c.src, c.addr);
    if (!in.exec) continue;
    EXPECT_EQ(disassemble(in, c.addr), c.text) << c.src;
  }
}

TEST(Text, InsideAnItBlock) {
  Machine m;
  ItState it = ItState::after_it(kNE, 0x8);
  Inst bk = m.assemble("bkpt 0xab", 2, it);  // unconditional: no suffix even inside IT
  EXPECT_EQ(disassemble(bk, 2, it), "bkpt\t0x00ab");
  Inst b = m.assemble("bne.n 0x40", 2, it);  // T2 takes the IT condition
  EXPECT_STREQ(form(b.form).id, "B_T2");
  EXPECT_EQ(disassemble(b, 2, it), "bne.n\t40");
  Inst bx = m.assemble("bxne lr", 2, it);
  EXPECT_EQ(disassemble(bx, 2, it), "bxne\tlr");
  AsmError err;
  EXPECT_FALSE(assemble_one("cbz r0, 0x20", ctx_at(2, it), err));  // CBZ is not allowed in IT
  EXPECT_FALSE(assemble_one("cpsid i", ctx_at(2, it), err));
  ItState first = ItState::after_it(kNE, 0x4);  // "itt ne": a branch must be last
  EXPECT_FALSE(assemble_one("bxne lr", ctx_at(2, first), err));
}

}  // namespace
