// Assembler tests that need the full instruction table (literal loads, wide branches, IT, MOV.W):
// literal pools, .ltorg, relaxation, IT-block state and ldr = constants.
#include <gtest/gtest.h>

#include "asm_test_util.hpp"

using namespace m3;
using namespace m3::isa;
using namespace m3::isa::test;

namespace {
uint16_t hw(const std::vector<uint8_t>& t, size_t off) {
  return off + 2 <= t.size() ? static_cast<uint16_t>(t[off] | t[off + 1] << 8) : 0xdead;
}
}  // namespace

TEST(AsmLiteralPool, SharedEntriesAndLtorg) {
  AsmRun r = asm_src(R"(
    ldr r0, =0x12345678
    ldr r1, =0x12345678
    ldr r2, =sym
    b 1f
    .ltorg
1:  ldr r3, =0xdeadbeef
    ldr r4, =sym
    .data
sym: .word 0
  )");
  ASSERT_TRUE(r.res) << r.diags.str();
  std::vector<uint8_t> t = bytes(*r.res, ".text");
  ASSERT_EQ(t.size(), 0x1cu);
  EXPECT_EQ(hw(t, 0), 0x4801);  // ldr r0, [pc, #4] -> 0x48
  EXPECT_EQ(hw(t, 2), 0x4901);  // the same entry
  EXPECT_EQ(hw(t, 4), 0x4a01);  // ldr r2, [pc, #4] -> 0x4c
  EXPECT_EQ(hw(t, 6), 0xe003);  // b 0x50
  EXPECT_EQ(word_at(t, 8), 0x12345678u);
  EXPECT_EQ(word_at(t, 12), 0x20000000u);
  EXPECT_EQ(hw(t, 0x10), 0x4b00);  // ldr r3 -> the pool at the end of the section, 0x54
  EXPECT_EQ(hw(t, 0x12), 0x4c01);  // ldr r4 -> 0x58 (a new entry: the first pool is closed)
  EXPECT_EQ(word_at(t, 0x14), 0xdeadbeefu);
  EXPECT_EQ(word_at(t, 0x18), 0x20000000u);
}

TEST(AsmLiteralPool, ConstantsThatFitBecomeMoves) {
  AsmRun r = asm_src("  ldr r0, =5\n  ldr r1, =0xfffffffe\n  ldr r2, =0xabcd\n");
  ASSERT_TRUE(r.res) << r.diags.str();
  std::vector<uint8_t> t = bytes(*r.res, ".text");
  ASSERT_EQ(t.size(), 12u);
  EXPECT_EQ(hw(t, 0), 0xf04f);  // mov.w r0, #5
  EXPECT_EQ(hw(t, 2), 0x0005);
  EXPECT_EQ(hw(t, 4), 0xf06f);  // mvn.w r1, #1
  EXPECT_EQ(hw(t, 6), 0x0101);
  EXPECT_EQ(hw(t, 8), 0xf64a);  // movw r2, #0xabcd
  EXPECT_EQ(hw(t, 10), 0x32cd);
}

TEST(AsmLiteralPool, OutOfRange) {
  AsmRun r = asm_src("  ldr r0, =0x12345678\n  .space 5000\n");
  ASSERT_FALSE(r.res);
  ASSERT_FALSE(r.diags.list().empty());
  const Diag& d = r.diags.list()[0];
  EXPECT_EQ(d.line, 1);
  EXPECT_EQ(d.column, 11);
  EXPECT_NE(d.message.find("literal pool out of range"), std::string::npos) << d.message;
}

TEST(AsmLiteralPool, LdrNarrowConstantIsRefused) {
  AsmRun r = asm_src("  ldr.n r0, =5\n");
  ASSERT_FALSE(r.res);
  EXPECT_NE(r.diags.str().find("cannot honor width suffix"), std::string::npos) << r.diags.str();
}

TEST(AsmRelax, ForwardBranchGrows) {
  AsmRun r = asm_src(R"(
    b far
    b near
near:
    .space 4000
far:
    bx lr
    beq near
  )");
  ASSERT_TRUE(r.res) << r.diags.str();
  std::vector<uint8_t> t = bytes(*r.res, ".text");
  // b far: B.W (T4) since 4000+ bytes do not fit in B.N's 11 bits.
  EXPECT_EQ(hw(t, 0) & 0xf800, 0xf000);
  EXPECT_EQ(hw(t, 2) & 0xd000, 0x9000);
  EXPECT_EQ(hw(t, 4), 0xe7ff);  // b near stays narrow
  const ElfSymbol* far = symbol(*r.res, "far");
  ASSERT_TRUE(far);
  EXPECT_EQ(far->value, 0x40u + 6 + 4000);
  // beq near: backwards 4002+ bytes: B<c>.W (T3).
  EXPECT_EQ(hw(t, 6 + 4000 + 2) & 0xf800, 0xf000);
  EXPECT_EQ(t.size(), 6u + 4000 + 2 + 4);
}

TEST(AsmIt, InsideAndAfterTheBlock) {
  AsmRun r = asm_src(R"(
    it eq
    addeq r0, r1, r2
    adds r0, r1, r2
    ite ne
    movne r0, #1
    moveq r0, #2
  )");
  ASSERT_TRUE(r.res) << r.diags.str();
  std::vector<uint8_t> t = bytes(*r.res, ".text");
  ASSERT_EQ(t.size(), 12u);
  EXPECT_EQ(hw(t, 0), 0xbf08);  // it eq
  EXPECT_EQ(hw(t, 2), 0x1888);  // add (no flags inside IT): the 16-bit encoding
  EXPECT_EQ(hw(t, 4), 0x1888);  // adds outside
  EXPECT_EQ(hw(t, 6), 0xbf14);  // ite ne
  EXPECT_EQ(hw(t, 8), 0x2001);
  EXPECT_EQ(hw(t, 10), 0x2002);
}

TEST(AsmIt, ConditionMismatchIsAnError) {
  AsmRun r = asm_src("  it eq\n  addne r0, r1, r2\n");
  ASSERT_FALSE(r.res);
  ASSERT_FALSE(r.diags.list().empty());
  EXPECT_EQ(r.diags.list()[0].line, 2);
}

TEST(AsmAdr, ThumbFunctionGetsBitZero) {
  AsmRun r = asm_src("  .thumb_func\nf: adr r0, f\n  adr r1, g\n  .align 2\ng: .word 0\n");
  ASSERT_TRUE(r.res) << r.diags.str();
  std::vector<uint8_t> t = bytes(*r.res, ".text");
  EXPECT_EQ(hw(t, 0), 0xf2af);  // subw r0, pc, #3
  EXPECT_EQ(hw(t, 2), 0x0003);
  EXPECT_EQ(hw(t, 4), 0xa100);  // adr r1, g
}

TEST(AsmExpressionsInCode, Lower16Upper16) {
  AsmRun r = asm_src("  .thumb_func\nf: movw r0, #:lower16:f\n  movt r0, #:upper16:0x12345678\n");
  ASSERT_TRUE(r.res) << r.diags.str();
  std::vector<uint8_t> t = bytes(*r.res, ".text");
  EXPECT_EQ(hw(t, 0), 0xf240);  // movw r0, #0x41 (f | 1)
  EXPECT_EQ(hw(t, 2), 0x0041);
  EXPECT_EQ(hw(t, 4), 0xf2c1);  // movt r0, #0x1234
  EXPECT_EQ(hw(t, 6), 0x2034);
}
