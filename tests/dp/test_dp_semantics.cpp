// Data-processing semantics, one instruction at a time: each test assembles a statement with the
// table-driven assembler, runs its semantic function on a Cpu and checks registers and flags
// against values worked out from the ARMv7-M ARM pseudocode.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "m3lab/isa/codec.hpp"
#include "m3lab/isa/cpu.hpp"
#include "m3lab/isa/memory.hpp"
#include "m3lab/isa/table.hpp"
#include "test_support.hpp"

using namespace m3::isa;

namespace {

constexpr uint32_t kAddr = 0x1002;  // halfword-aligned, not word-aligned: exercises Align(PC, 4)

class Dp : public ::testing::Test {
 protected:
  Memory mem;
  Cpu cpu;
  Dp() { cpu.mem = &mem; }

  Inst assemble(const std::string& text, ItState it = {}) {
    AsmContext ctx = m3::test::numeric_context(kAddr);
    ctx.it = it;
    AsmError err;
    auto a = assemble_one(text, ctx, err);
    EXPECT_TRUE(a) << text << ": " << err.message;
    return a ? a->inst : Inst{};
  }
  // Runs one instruction outside an IT block (or inside one with condition `it` when given).
  Inst run(const std::string& text, ItState it = {}) {
    Inst in = assemble(text, it);
    if (!in.exec) return in;
    cpu.itstate = it.in_it() ? 0x08 | (it.cond() << 4) : 0;
    cpu.r[15] = kAddr + 4;
    cpu.next_pc = kAddr + in.size;
    in.exec(cpu, in);
    return in;
  }
  void set_flags(int n, int z, int c, int v) {
    cpu.n = static_cast<uint8_t>(n);
    cpu.z = static_cast<uint8_t>(z);
    cpu.c = static_cast<uint8_t>(c);
    cpu.v = static_cast<uint8_t>(v);
  }
  std::string flags() const {
    std::string s;
    s += cpu.n ? 'N' : '-';
    s += cpu.z ? 'Z' : '-';
    s += cpu.c ? 'C' : '-';
    s += cpu.v ? 'V' : '-';
    return s;
  }
};

// ---- ADD / SUB / ADC / SBC / RSB / CMP / CMN -------------------------------------------------

TEST_F(Dp, AddsSignedOverflow) {
  cpu.r[1] = 0x7fffffff;
  cpu.r[2] = 1;
  run("adds r0, r1, r2");
  EXPECT_EQ(cpu.r[0], 0x80000000u);
  EXPECT_EQ(flags(), "N--V");
}

TEST_F(Dp, AddsUnsignedCarryToZero) {
  cpu.r[1] = 0xffffffff;
  run("adds r0, r1, #1");
  EXPECT_EQ(cpu.r[0], 0u);
  EXPECT_EQ(flags(), "-ZC-");
}

TEST_F(Dp, AddsWideBothCarryAndOverflow) {
  cpu.r[1] = 0x80000000;
  cpu.r[9] = 0x80000000;
  run("adds.w r8, r1, r9");
  EXPECT_EQ(cpu.r[8], 0u);
  EXPECT_EQ(flags(), "-ZCV");
}

TEST_F(Dp, AddWithoutSLeavesFlags) {
  set_flags(1, 1, 1, 1);
  cpu.r[1] = 5;
  run("add.w r0, r1, #3");
  EXPECT_EQ(cpu.r[0], 8u);
  EXPECT_EQ(flags(), "NZCV");
}

TEST_F(Dp, SixteenBitAddInsideItSetsNoFlags) {
  set_flags(0, 0, 0, 0);
  cpu.r[1] = 0xffffffff;
  cpu.r[2] = 1;
  Inst in = run("addeq r0, r1, r2", ItState::after_it(kEQ, 0x8));
  EXPECT_EQ(in.size, 2);
  EXPECT_EQ(cpu.r[0], 0u);
  EXPECT_EQ(flags(), "----");
}

TEST_F(Dp, SubsBorrow) {
  cpu.r[1] = 0;
  run("subs r0, r1, #1");
  EXPECT_EQ(cpu.r[0], 0xffffffffu);
  EXPECT_EQ(flags(), "N---");  // C = NOT borrow = 0
}

TEST_F(Dp, SubsEqualGivesZeroAndCarry) {
  cpu.r[3] = 5;
  run("subs r3, #5");
  EXPECT_EQ(cpu.r[3], 0u);
  EXPECT_EQ(flags(), "-ZC-");
}

TEST_F(Dp, SubsSignedOverflow) {
  cpu.r[1] = 0x80000000;
  cpu.r[2] = 1;
  run("subs.w r0, r1, r2");
  EXPECT_EQ(cpu.r[0], 0x7fffffffu);
  EXPECT_EQ(flags(), "--CV");
}

TEST_F(Dp, AdcCarryIn) {
  set_flags(0, 0, 1, 0);
  cpu.r[0] = 0xffffffff;
  cpu.r[1] = 0;
  run("adcs r0, r1");
  EXPECT_EQ(cpu.r[0], 0u);
  EXPECT_EQ(flags(), "-ZC-");
}

TEST_F(Dp, AdcImmediateOverflow) {
  set_flags(0, 0, 1, 0);
  cpu.r[1] = 0x7ffffffe;
  run("adcs.w r0, r1, #1");
  EXPECT_EQ(cpu.r[0], 0x80000000u);
  EXPECT_EQ(flags(), "N--V");
}

TEST_F(Dp, SbcWithoutCarrySubtractsOneMore) {
  set_flags(0, 0, 0, 0);
  cpu.r[0] = 5;
  cpu.r[1] = 3;
  run("sbcs r0, r1");
  EXPECT_EQ(cpu.r[0], 1u);
  EXPECT_EQ(flags(), "--C-");
}

TEST_F(Dp, SbcZeroMinusZeroWithoutCarry) {
  set_flags(0, 0, 0, 0);
  cpu.r[1] = 0;
  cpu.r[2] = 0;
  run("sbcs.w r0, r1, r2");
  EXPECT_EQ(cpu.r[0], 0xffffffffu);
  EXPECT_EQ(flags(), "N---");
}

TEST_F(Dp, SbcWithCarryIsPlainSubtract) {
  set_flags(0, 0, 1, 0);
  cpu.r[1] = 10;
  run("sbc.w r0, r1, #4");
  EXPECT_EQ(cpu.r[0], 6u);
  EXPECT_EQ(flags(), "--C-");  // no S: flags unchanged
}

TEST_F(Dp, NegsAndRsb) {
  cpu.r[1] = 1;
  Inst in = run("negs r0, r1");
  EXPECT_EQ(in.size, 2);
  EXPECT_EQ(cpu.r[0], 0xffffffffu);
  EXPECT_EQ(flags(), "N---");
  cpu.r[1] = 0;
  run("negs r0, r1");
  EXPECT_EQ(cpu.r[0], 0u);
  EXPECT_EQ(flags(), "-ZC-");
  cpu.r[1] = 3;
  run("rsb r2, r1, #10");
  EXPECT_EQ(cpu.r[2], 7u);
  cpu.r[3] = 2;
  run("rsb r2, r1, r3, lsl #4");
  EXPECT_EQ(cpu.r[2], 29u);
}

TEST_F(Dp, CmpAndCmn) {
  cpu.r[0] = 3;
  cpu.r[1] = 5;
  run("cmp r0, r1");
  EXPECT_EQ(flags(), "N---");
  run("cmp r1, r0");
  EXPECT_EQ(flags(), "--C-");
  run("cmp r0, #3");
  EXPECT_EQ(flags(), "-ZC-");
  cpu.r[8] = 0xfffffffd;
  run("cmn r8, r0");
  EXPECT_EQ(flags(), "-ZC-");
  cpu.r[9] = 0x7ffffffd;
  run("cmn.w r0, r9");  // 3 + 0x7ffffffd overflows
  EXPECT_EQ(flags(), "N--V");
  EXPECT_EQ(cpu.r[0], 3u);  // compares write no register
}

// ---- logical, ThumbExpandImm carry ----------------------------------------------------------

TEST_F(Dp, LogicalRegister) {
  cpu.r[0] = 0xf0f0;
  cpu.r[1] = 0xff00;
  run("ands r0, r1");
  EXPECT_EQ(cpu.r[0], 0xf000u);
  cpu.r[0] = 0xf0f0;
  run("eors r0, r1");
  EXPECT_EQ(cpu.r[0], 0x0ff0u);
  cpu.r[0] = 0xf0f0;
  run("orrs r0, r1");
  EXPECT_EQ(cpu.r[0], 0xfff0u);
  cpu.r[0] = 0xf0f0;
  run("bics r0, r1");
  EXPECT_EQ(cpu.r[0], 0x00f0u);
  run("mvns r0, r1");
  EXPECT_EQ(cpu.r[0], 0xffff00ffu);
  EXPECT_EQ(flags(), "N---");
  run("orn r2, r1, r1, lsl #8");
  EXPECT_EQ(cpu.r[2], 0xff00ffffu | 0xff00u);
}

TEST_F(Dp, LogicalShiftedRegisterCarryOut) {
  set_flags(0, 0, 0, 0);
  cpu.r[1] = 0xffffffff;
  cpu.r[2] = 0x80000001;
  run("ands.w r0, r1, r2, lsl #1");
  EXPECT_EQ(cpu.r[0], 2u);
  EXPECT_EQ(flags(), "--C-");  // bit 31 shifted out
  run("tst.w r1, r2, lsr #1");
  EXPECT_EQ(flags(), "--C-");  // bit 0 shifted out
  run("teq r2, r2");
  EXPECT_EQ(flags(), "-ZC-");  // C unchanged by an unshifted register
}

TEST_F(Dp, ThumbExpandImmCarry) {
  set_flags(0, 0, 0, 0);
  cpu.r[1] = 0xffffffff;
  run("ands.w r0, r1, #0x80000000");  // rotated constant: C = bit 31 of it
  EXPECT_EQ(cpu.r[0], 0x80000000u);
  EXPECT_EQ(flags(), "N-C-");
  run("ands.w r0, r1, #0x40000000");  // rotated, bit 31 clear: C = 0
  EXPECT_EQ(flags(), "----");
  set_flags(0, 0, 1, 0);
  run("ands.w r0, r1, #255");  // unrotated: C unchanged
  EXPECT_EQ(flags(), "--C-");
  set_flags(0, 0, 0, 0);
  run("ands.w r0, r1, #0x00ff00ff");  // replicated: C unchanged
  EXPECT_EQ(flags(), "----");
  run("movs.w r0, #0xff000000");
  EXPECT_EQ(cpu.r[0], 0xff000000u);
  EXPECT_EQ(flags(), "N-C-");
  run("mvns.w r0, #0");
  EXPECT_EQ(cpu.r[0], 0xffffffffu);
  run("tst.w r1, #0x80000000");
  EXPECT_EQ(flags(), "N-C-");
  run("teq r1, #0xff");
  EXPECT_EQ(flags(), "N-C-");
}

TEST_F(Dp, MovImmediates) {
  run("movs r0, #200");
  EXPECT_EQ(cpu.r[0], 200u);
  run("movw r1, #0xbeef");
  run("movt r1, #0xdead");
  EXPECT_EQ(cpu.r[1], 0xdeadbeefu);
  run("movt r1, #0");
  EXPECT_EQ(cpu.r[1], 0x0000beefu);
  run("mov.w r9, #0xab00ab00");
  EXPECT_EQ(cpu.r[9], 0xab00ab00u);
}

// ---- shifts -----------------------------------------------------------------------------------

TEST_F(Dp, ShiftByRegisterZeroKeepsCarry) {
  set_flags(0, 0, 1, 0);
  cpu.r[0] = 0x12345678;
  cpu.r[1] = 0x100;  // only R[m]<7:0> counts: a shift by 0
  run("lsls r0, r1");
  EXPECT_EQ(cpu.r[0], 0x12345678u);
  EXPECT_EQ(flags(), "--C-");
}

TEST_F(Dp, LslByRegister32And33) {
  cpu.r[0] = 0x00000003;
  cpu.r[1] = 32;
  run("lsls r0, r1");
  EXPECT_EQ(cpu.r[0], 0u);
  EXPECT_EQ(flags(), "-ZC-");  // C = bit 0
  cpu.r[0] = 0xffffffff;
  cpu.r[1] = 33;
  run("lsls r0, r1");
  EXPECT_EQ(cpu.r[0], 0u);
  EXPECT_EQ(flags(), "-Z--");
}

TEST_F(Dp, LsrAsrRorByRegister) {
  cpu.r[0] = 0x80000000;
  cpu.r[1] = 32;
  run("lsrs r0, r1");
  EXPECT_EQ(cpu.r[0], 0u);
  EXPECT_EQ(flags(), "-ZC-");
  cpu.r[2] = 0x80000000;
  cpu.r[3] = 33;
  run("asrs.w r4, r2, r3");
  EXPECT_EQ(cpu.r[4], 0xffffffffu);
  EXPECT_EQ(flags(), "N-C-");
  cpu.r[2] = 0x40000000;
  run("asr.w r4, r2, r3");
  EXPECT_EQ(cpu.r[4], 0u);
  cpu.r[0] = 0x80000001;
  cpu.r[1] = 32;
  run("rors r0, r1");  // ROR by 32: value unchanged, C = bit 31
  EXPECT_EQ(cpu.r[0], 0x80000001u);
  EXPECT_EQ(flags(), "N-C-");
  cpu.r[1] = 1;
  run("rors r0, r1");
  EXPECT_EQ(cpu.r[0], 0xc0000000u);
  EXPECT_EQ(flags(), "N-C-");
}

TEST_F(Dp, ShiftByImmediate) {
  cpu.r[1] = 0x80000001;
  run("lsrs r0, r1, #32");
  EXPECT_EQ(cpu.r[0], 0u);
  EXPECT_EQ(flags(), "-ZC-");
  run("asrs r0, r1, #32");
  EXPECT_EQ(cpu.r[0], 0xffffffffu);
  EXPECT_EQ(flags(), "N-C-");
  run("lsls r0, r1, #1");
  EXPECT_EQ(cpu.r[0], 2u);
  EXPECT_EQ(flags(), "--C-");
  run("mov.w r2, r1, ror #4");
  EXPECT_EQ(cpu.r[2], 0x18000000u);
  set_flags(0, 0, 0, 0);
  run("movs.w r2, r1, asr #31");
  EXPECT_EQ(cpu.r[2], 0xffffffffu);
  EXPECT_EQ(flags(), "N---");  // bit 30 shifted out last
}

TEST_F(Dp, Rrx) {
  set_flags(0, 0, 1, 0);
  cpu.r[1] = 0x00000003;
  run("movs.w r0, r1, rrx");
  EXPECT_EQ(cpu.r[0], 0x80000001u);
  EXPECT_EQ(flags(), "N-C-");
  set_flags(0, 0, 0, 0);
  cpu.r[1] = 0x00000002;
  run("movs.w r0, r1, rrx");
  EXPECT_EQ(cpu.r[0], 1u);
  EXPECT_EQ(flags(), "----");
}

TEST_F(Dp, MovsRegisterKeepsCarry) {
  set_flags(0, 0, 1, 1);
  cpu.r[1] = 0;
  run("movs r0, r1");
  EXPECT_EQ(flags(), "-ZCV");
}

// ---- saturation --------------------------------------------------------------------------

TEST_F(Dp, SsatSaturatesAndSetsQ) {
  cpu.r[1] = 300;
  run("ssat r0, #8, r1");
  EXPECT_EQ(cpu.r[0], 127u);
  EXPECT_EQ(cpu.q, 1);
  cpu.q = 0;
  cpu.r[1] = static_cast<uint32_t>(-300);
  run("ssat r0, #8, r1");
  EXPECT_EQ(cpu.r[0], static_cast<uint32_t>(-128));
  EXPECT_EQ(cpu.q, 1);
  cpu.q = 0;
  cpu.r[1] = 100;
  run("ssat r0, #8, r1");
  EXPECT_EQ(cpu.r[0], 100u);
  EXPECT_EQ(cpu.q, 0);
  cpu.r[1] = 0x7ff0;
  run("ssat r0, #12, r1, asr #4");  // 0x7ff fits 12 bits signed
  EXPECT_EQ(cpu.r[0], 0x7ffu);
  EXPECT_EQ(cpu.q, 0);
  cpu.r[1] = 0x40000000;
  run("ssat r0, #16, r1, lsl #2");  // 0x40000000 << 2 = 0: no saturation
  EXPECT_EQ(cpu.r[0], 0u);
  EXPECT_EQ(cpu.q, 0);
}

TEST_F(Dp, UsatClampsAtZeroAndMax) {
  cpu.r[1] = static_cast<uint32_t>(-5);
  run("usat r0, #8, r1");
  EXPECT_EQ(cpu.r[0], 0u);
  EXPECT_EQ(cpu.q, 1);
  cpu.q = 0;
  cpu.r[1] = 300;
  run("usat r0, #8, r1");
  EXPECT_EQ(cpu.r[0], 255u);
  EXPECT_EQ(cpu.q, 1);
  cpu.q = 0;
  cpu.r[1] = 255;
  run("usat r0, #8, r1");
  EXPECT_EQ(cpu.r[0], 255u);
  EXPECT_EQ(cpu.q, 0);
  cpu.r[1] = 1;
  run("usat r0, #0, r1");
  EXPECT_EQ(cpu.r[0], 0u);
  EXPECT_EQ(cpu.q, 1);
}

// ---- bitfields ---------------------------------------------------------------------------

TEST_F(Dp, Bitfields) {
  cpu.r[1] = 0x0000f5a0;
  run("ubfx r0, r1, #4, #8");
  EXPECT_EQ(cpu.r[0], 0x5au);
  run("sbfx r0, r1, #4, #8");
  EXPECT_EQ(cpu.r[0], 0x5au);
  run("sbfx r0, r1, #12, #4");
  EXPECT_EQ(cpu.r[0], 0xffffffffu);
  run("sbfx r0, r1, #8, #4");
  EXPECT_EQ(cpu.r[0], 5u);
  run("ubfx r0, r1, #0, #32");
  EXPECT_EQ(cpu.r[0], 0x0000f5a0u);
  cpu.r[1] = 0x80000000;
  run("sbfx r0, r1, #31, #1");
  EXPECT_EQ(cpu.r[0], 0xffffffffu);
  cpu.r[0] = 0xffffffff;
  run("bfc r0, #4, #8");
  EXPECT_EQ(cpu.r[0], 0xfffff00fu);
  run("bfc r0, #0, #32");
  EXPECT_EQ(cpu.r[0], 0u);
  cpu.r[0] = 0x12345678;
  cpu.r[1] = 0xabc;
  run("bfi r0, r1, #8, #12");
  EXPECT_EQ(cpu.r[0], 0x123abc78u);
  cpu.r[1] = 1;
  run("bfi r0, r1, #31, #1");
  EXPECT_EQ(cpu.r[0], 0x923abc78u);
}

// ---- extends, reversal, CLZ ----------------------------------------------------------------

TEST_F(Dp, Extends) {
  cpu.r[1] = 0x1234f680;
  run("sxtb r0, r1");
  EXPECT_EQ(cpu.r[0], 0xffffff80u);
  run("uxtb r0, r1");
  EXPECT_EQ(cpu.r[0], 0x80u);
  run("sxth r0, r1");
  EXPECT_EQ(cpu.r[0], 0xfffff680u);
  run("uxth r0, r1");
  EXPECT_EQ(cpu.r[0], 0xf680u);
  run("sxtb.w r0, r1, ror #8");
  EXPECT_EQ(cpu.r[0], 0xfffffff6u);
  run("uxth.w r9, r1, ror #16");
  EXPECT_EQ(cpu.r[9], 0x1234u);
  run("uxtb.w r0, r1, ror #24");
  EXPECT_EQ(cpu.r[0], 0x12u);
}

TEST_F(Dp, ReverseAndCount) {
  cpu.r[1] = 0x12345680;
  run("rev r0, r1");
  EXPECT_EQ(cpu.r[0], 0x80563412u);
  run("rev16 r0, r1");
  EXPECT_EQ(cpu.r[0], 0x34128056u);
  run("revsh r0, r1");
  EXPECT_EQ(cpu.r[0], 0xffff8056u);
  run("rev.w r8, r1");
  EXPECT_EQ(cpu.r[8], 0x80563412u);
  run("revsh.w r8, r1");
  EXPECT_EQ(cpu.r[8], 0xffff8056u);
  run("rbit r0, r1");
  EXPECT_EQ(cpu.r[0], 0x016a2c48u);
  cpu.r[1] = 0;
  run("clz r0, r1");
  EXPECT_EQ(cpu.r[0], 32u);
  cpu.r[1] = 1;
  run("clz r0, r1");
  EXPECT_EQ(cpu.r[0], 31u);
  cpu.r[1] = 0x80000000;
  run("clz r0, r1");
  EXPECT_EQ(cpu.r[0], 0u);
}

// ---- multiply and divide -----------------------------------------------------------------

TEST_F(Dp, MulsSetsOnlyNZ) {
  set_flags(0, 0, 1, 1);
  cpu.r[0] = 0x10000;
  cpu.r[1] = 0x10000;
  Inst in = run("muls r0, r1");
  EXPECT_EQ(in.size, 2);
  EXPECT_EQ(cpu.r[0], 0u);
  EXPECT_EQ(flags(), "-ZCV");
  cpu.r[0] = 3;
  cpu.r[1] = static_cast<uint32_t>(-2);
  run("muls r0, r1, r0");
  EXPECT_EQ(cpu.r[0], static_cast<uint32_t>(-6));
  EXPECT_EQ(flags(), "N-CV");
  set_flags(0, 0, 0, 0);
  run("muleq r0, r1", ItState::after_it(kEQ, 0x8));
  EXPECT_EQ(cpu.r[0], 12u);
  EXPECT_EQ(flags(), "----");
}

TEST_F(Dp, MulMlaMls) {
  cpu.r[1] = 7;
  cpu.r[2] = 6;
  cpu.r[3] = 100;
  run("mul.w r0, r1, r2");
  EXPECT_EQ(cpu.r[0], 42u);
  run("mla r0, r1, r2, r3");
  EXPECT_EQ(cpu.r[0], 142u);
  run("mls r0, r1, r2, r3");
  EXPECT_EQ(cpu.r[0], 58u);
}

TEST_F(Dp, LongMultiplies) {
  cpu.r[2] = 0xffffffff;
  cpu.r[3] = 0xffffffff;
  run("umull r0, r1, r2, r3");
  EXPECT_EQ(cpu.r[0], 0x00000001u);
  EXPECT_EQ(cpu.r[1], 0xfffffffeu);
  run("smull r0, r1, r2, r3");  // -1 * -1
  EXPECT_EQ(cpu.r[0], 1u);
  EXPECT_EQ(cpu.r[1], 0u);
  cpu.r[2] = static_cast<uint32_t>(-2);
  cpu.r[3] = 3;
  run("smull r0, r1, r2, r3");
  EXPECT_EQ(cpu.r[0], static_cast<uint32_t>(-6));
  EXPECT_EQ(cpu.r[1], 0xffffffffu);
  cpu.r[0] = 10;
  cpu.r[1] = 0;
  run("smlal r0, r1, r2, r3");  // 10 + (-6) = 4
  EXPECT_EQ(cpu.r[0], 4u);
  EXPECT_EQ(cpu.r[1], 0u);
  cpu.r[0] = 0xffffffff;
  cpu.r[1] = 0;
  cpu.r[2] = 1;
  cpu.r[3] = 1;
  run("umlal r0, r1, r2, r3");  // carry into RdHi
  EXPECT_EQ(cpu.r[0], 0u);
  EXPECT_EQ(cpu.r[1], 1u);
  cpu.r[0] = 0;
  cpu.r[1] = 0x80000000;
  cpu.r[2] = 0x80000000;
  cpu.r[3] = 0x80000000;
  run("smlal r0, r1, r2, r3");  // 2^62 + (-2^63) = -2^62
  EXPECT_EQ(cpu.r[0], 0u);
  EXPECT_EQ(cpu.r[1], 0xc0000000u);
}

TEST_F(Dp, Divide) {
  cpu.r[1] = 0x80000000;
  cpu.r[2] = 0xffffffff;
  run("sdiv r0, r1, r2");
  EXPECT_EQ(cpu.r[0], 0x80000000u);
  cpu.r[1] = 7;
  cpu.r[2] = static_cast<uint32_t>(-2);
  run("sdiv r0, r1, r2");
  EXPECT_EQ(cpu.r[0], static_cast<uint32_t>(-3));  // rounds towards zero
  cpu.r[1] = static_cast<uint32_t>(-7);
  cpu.r[2] = 2;
  run("sdiv r0, r1, r2");
  EXPECT_EQ(cpu.r[0], static_cast<uint32_t>(-3));
  cpu.r[1] = 0xffffffff;
  run("udiv r0, r1, r2");
  EXPECT_EQ(cpu.r[0], 0x7fffffffu);
  cpu.r[0] = 99;
  cpu.r[2] = 0;
  run("sdiv r0, r1, r2");
  EXPECT_EQ(cpu.r[0], 0u);
  cpu.r[0] = 99;
  run("udiv r0, r1, r2");
  EXPECT_EQ(cpu.r[0], 0u);
}

TEST_F(Dp, DivideByZeroTrapsWhenEnabled) {
  mem.sys().ccr |= 1u << 4;  // CCR.DIV_0_TRP
  cpu.r[1] = 5;
  cpu.r[2] = 0;
  for (const char* text : {"sdiv r0, r1, r2", "udiv r0, r1, r2"}) {
    Inst in = assemble(text);
    ASSERT_TRUE(in.exec);
    try {
      in.exec(cpu, in);
      ADD_FAILURE() << text << ": no fault";
    } catch (const GuestFault& f) {
      EXPECT_EQ(f.kind, FaultKind::DivByZero) << text;
    }
  }
  cpu.r[2] = 5;
  run("udiv r0, r1, r2");  // a non-zero divisor still divides
  EXPECT_EQ(cpu.r[0], 1u);
}

// ---- PC, SP and ADR forms ------------------------------------------------------------------

TEST_F(Dp, AdrAlignsPc) {
  run("add r0, pc, #8");  // Align(0x1006, 4) + 8
  EXPECT_EQ(cpu.r[0], 0x100cu);
  run("addw r0, pc, #1");
  EXPECT_EQ(cpu.r[0], 0x1005u);
  run("subw r0, pc, #4");
  EXPECT_EQ(cpu.r[0], 0x1000u);
}

TEST_F(Dp, StackPointerForms) {
  cpu.r[13] = 0x20001000;
  run("sub sp, #16");
  EXPECT_EQ(cpu.r[13], 0x20000ff0u);
  run("add r0, sp, #8");
  EXPECT_EQ(cpu.r[0], 0x20000ff8u);
  run("add sp, #16");
  EXPECT_EQ(cpu.r[13], 0x20001000u);
  cpu.r[1] = 4;
  run("add r1, sp");
  EXPECT_EQ(cpu.r[1], 0x20001004u);
  cpu.r[2] = 8;
  run("add sp, r2");
  EXPECT_EQ(cpu.r[13], 0x20001008u);
  run("sub.w sp, sp, #8");
  EXPECT_EQ(cpu.r[13], 0x20001000u);
  run("addw r3, sp, #4095");
  EXPECT_EQ(cpu.r[3], 0x20001fffu);
  run("sub.w r3, sp, r2, lsl #1");
  EXPECT_EQ(cpu.r[3], 0x20000ff0u);
}

TEST_F(Dp, WritesToPcBranch) {
  cpu.r[1] = 0x2001;
  run("mov pc, r1");
  EXPECT_EQ(cpu.next_pc, 0x2000u);  // ALUWritePC clears bit 0
  cpu.r[2] = 0x10;
  run("add pc, r2");
  EXPECT_EQ(cpu.next_pc, kAddr + 4 + 0x10);
  run("add r0, r1");  // a plain add leaves next_pc alone
  EXPECT_EQ(cpu.next_pc, kAddr + 2);
}

TEST_F(Dp, HighRegisterMoveAndCompare) {
  cpu.r[9] = 0xcafe;
  run("mov r0, r9");
  EXPECT_EQ(cpu.r[0], 0xcafeu);
  run("cmp r9, r0");
  EXPECT_EQ(flags(), "-ZC-");
  cpu.r[10] = 2;
  run("add r10, r9");
  EXPECT_EQ(cpu.r[10], 0xcb00u);
}

// ---- UNPREDICTABLE encodings are undefined to the decoder --------------------------------

TEST(DpDecode, RejectsUnpredictable) {
  EXPECT_FALSE(decode(0xea4f0f01, 4));  // mov.w pc, r1
  EXPECT_FALSE(decode(0xf07f2a00, 4));  // mvns.w sl, #0 with a replicated imm8 == 0
  EXPECT_FALSE(decode(0xfb810003, 4));  // smull with RdLo == RdHi
  EXPECT_FALSE(decode(0xf3210003, 4));  // ssat16 (not in ARMv7-M)
  EXPECT_FALSE(decode(0xf3611002, 4));  // bfi with msb < lsb
  EXPECT_FALSE(decode(0x4508, 2));      // cmp (T2) with two low registers
  EXPECT_FALSE(decode(0xfb9ff0f2, 4));  // sdiv with Rn = PC
  EXPECT_FALSE(decode(0xfa91f082, 4));  // rev.w with inconsistent Rm copies
  auto lsl = decode(0xea4f0081, 4);     // mov.w r0, r1, lsl #2 is fine
  ASSERT_TRUE(lsl);
  EXPECT_EQ(disassemble(*lsl, 0), "mov.w\tr0, r1, lsl #2");
}

TEST(DpDecode, MovR8R8PrintsAsNop) {
  auto nop = decode(0x46c0, 2);
  ASSERT_TRUE(nop);
  EXPECT_EQ(disassemble(*nop, 0), "nop");  // objdump's spelling
  AsmContext ctx;
  AsmError err;
  auto a = assemble_one("mov r8, r8", ctx, err);  // still assembles through MOV (register) T1
  ASSERT_TRUE(a) << err.message;
  EXPECT_EQ(a->raw, 0x46c0u);
}

}  // namespace
