// Unit tests of the load/store semantics (isa/src/sem_mem.cpp) and of a few table decisions
// (isa/src/forms_mem.cpp): each test assembles instructions with the table's assembler, executes
// their semantic functions on a fresh Cpu + Memory, and checks the effect against the ARMv7-M ARM.
#include <gtest/gtest.h>

#include <string>

#include "m3lab/isa/codec.hpp"
#include "m3lab/isa/cpu.hpp"
#include "m3lab/isa/memory.hpp"
#include "m3lab/isa/table.hpp"
#include "test_support.hpp"

using namespace m3::isa;

namespace {

constexpr uint32_t kRam = 0x20000000;
constexpr uint32_t kUnmapped = 0x10000000;

AsmContext ctx_at(uint32_t addr) { return m3::test::numeric_context(addr); }

class Mem : public ::testing::Test {
 protected:
  Memory mem;
  Cpu cpu;

  void SetUp() override {
    cpu.mem = &mem;
    cpu.sp() = kRam + 0x1000;
  }

  // Assembles `text` at `addr`, failing the test if it does not assemble.
  Inst assemble(const std::string& text, uint32_t addr = 0x100) {
    AsmError err;
    auto a = assemble_one(text, ctx_at(addr), err);
    EXPECT_TRUE(a) << text << ": " << err.message;
    return a ? a->inst : Inst{};
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
  // Runs `text` expecting a GuestFault; returns it (kind None if nothing was thrown).
  GuestFault run_fault(const std::string& text, uint32_t addr = 0x100) {
    try {
      run(text, addr);
    } catch (const GuestFault& f) {
      return f;
    }
    return GuestFault{FaultKind::None, 0};
  }
  void poke32(uint32_t a, uint32_t v) { ASSERT_TRUE(mem.host_write(a, &v, 4)); }
  void poke8(uint32_t a, uint8_t v) { ASSERT_TRUE(mem.host_write(a, &v, 1)); }
  void poke16(uint32_t a, uint16_t v) { ASSERT_TRUE(mem.host_write(a, &v, 2)); }
  uint32_t peek32(uint32_t a) {
    uint32_t v = 0;
    EXPECT_TRUE(mem.host_read(a, &v, 4));
    return v;
  }
  static std::string id(const Inst& in) { return form(in.form).id; }
};

// ---- single loads: addressing modes ----------------------------------------------------------

TEST_F(Mem, LoadImmediateOffsetsDoNotWriteBack) {
  poke32(kRam + 0x10, 0x11111111);
  poke32(kRam + 0x14, 0x22222222);
  poke32(kRam + 0x0c, 0x33333333);
  cpu.r[1] = kRam + 0x10;
  EXPECT_EQ(id(run("ldr r0, [r1]")), "LDR_imm5_T1");
  EXPECT_EQ(cpu.r[0], 0x11111111u);
  EXPECT_EQ(id(run("ldr r0, [r1, #4]")), "LDR_imm5_T1");
  EXPECT_EQ(cpu.r[0], 0x22222222u);
  EXPECT_EQ(id(run("ldr.w r9, [r1, #4]")), "LDR_imm12");
  EXPECT_EQ(cpu.r[9], 0x22222222u);
  EXPECT_EQ(id(run("ldr r0, [r1, #-4]")), "LDR_imm8_neg");
  EXPECT_EQ(cpu.r[0], 0x33333333u);
  EXPECT_EQ(cpu.r[1], kRam + 0x10);  // no writeback in any offset form
}

TEST_F(Mem, PreIndexedWritesBackTheAddress) {
  poke32(kRam + 0x14, 0xcafef00d);
  cpu.r[1] = kRam + 0x10;
  EXPECT_EQ(id(run("ldr r0, [r1, #4]!")), "LDR_imm8_pre");
  EXPECT_EQ(cpu.r[0], 0xcafef00du);
  EXPECT_EQ(cpu.r[1], kRam + 0x14);
  poke32(kRam + 0x10, 0x0badcafe);
  EXPECT_EQ(id(run("ldr r2, [r1, #-4]!")), "LDR_imm8_pre");
  EXPECT_EQ(cpu.r[2], 0x0badcafeu);
  EXPECT_EQ(cpu.r[1], kRam + 0x10);
}

TEST_F(Mem, PostIndexedUsesTheBaseThenWritesBack) {
  poke32(kRam + 0x10, 0x12345678);
  cpu.r[1] = kRam + 0x10;
  EXPECT_EQ(id(run("ldr r0, [r1], #-8")), "LDR_imm8_post");
  EXPECT_EQ(cpu.r[0], 0x12345678u);
  EXPECT_EQ(cpu.r[1], kRam + 0x08);
  poke8(kRam + 0x08, 0x9a);
  EXPECT_EQ(id(run("ldrb r3, [r1], #255")), "LDRB_imm8_post");
  EXPECT_EQ(cpu.r[3], 0x9au);
  EXPECT_EQ(cpu.r[1], kRam + 0x08 + 255);
}

TEST_F(Mem, RegisterOffsetWithShift) {
  poke32(kRam + 0x20 + 3 * 4, 0xfeedface);
  cpu.r[1] = kRam + 0x20;
  cpu.r[2] = 3;
  EXPECT_EQ(id(run("ldr.w r0, [r1, r2, lsl #2]")), "LDR_reg");
  EXPECT_EQ(cpu.r[0], 0xfeedfaceu);
  cpu.r[2] = 12;
  EXPECT_EQ(id(run("ldr r0, [r1, r2]")), "LDR_reg_T1");
  EXPECT_EQ(cpu.r[0], 0xfeedfaceu);
  EXPECT_EQ(cpu.r[1], kRam + 0x20);
}

TEST_F(Mem, LiteralLoadsUseTheWordAlignedPc) {
  // At 0x102, PC reads 0x106 and Align(PC, 4) = 0x104.
  uint32_t v = 0x600dc0de;
  ASSERT_TRUE(mem.host_write(0x104 + 8, &v, 4));
  EXPECT_EQ(id(run("ldr r0, [pc, #8]", 0x102)), "LDR_lit_T1");
  EXPECT_EQ(cpu.r[0], 0x600dc0deu);
  // The {lit} form: a label operand.
  EXPECT_EQ(id(run("ldr r1, 0x10c", 0x102)), "LDR_lit_T1");
  EXPECT_EQ(cpu.r[1], 0x600dc0deu);
  // A label behind the PC needs the 32-bit form with U = 0: "[pc, #-N]".
  uint32_t w = 0xa5a5a5a5;
  ASSERT_TRUE(mem.host_write(0xf0, &w, 4));
  Inst in = run("ldr r2, 0xf0", 0x100);
  EXPECT_EQ(id(in), "LDR_lit");
  EXPECT_FALSE(in.add);
  EXPECT_EQ(cpu.r[2], 0xa5a5a5a5u);
  EXPECT_EQ(disassemble(in, 0x100), "ldr.w\tr2, [pc, #-20]");
}

TEST_F(Mem, ByteAndHalfwordLoadsExtend) {
  poke32(kRam, 0x8001ff80);
  cpu.r[1] = kRam;
  run("ldrb r0, [r1]");
  EXPECT_EQ(cpu.r[0], 0x80u);
  run("ldrsb.w r0, [r1]");
  EXPECT_EQ(cpu.r[0], 0xffffff80u);
  run("ldrb r0, [r1, #1]");
  EXPECT_EQ(cpu.r[0], 0xffu);
  run("ldrh r0, [r1, #2]");
  EXPECT_EQ(cpu.r[0], 0x8001u);
  run("ldrsh.w r0, [r1, #2]");
  EXPECT_EQ(cpu.r[0], 0xffff8001u);
  run("ldrh r0, [r1]");
  EXPECT_EQ(cpu.r[0], 0xff80u);
  cpu.r[2] = 1;
  EXPECT_EQ(id(run("ldrsb r0, [r1, r2]")), "LDRSB_reg_T1");
  EXPECT_EQ(cpu.r[0], 0xffffffffu);
  cpu.r[2] = 0;
  EXPECT_EQ(id(run("ldrsh r0, [r1, r2]")), "LDRSH_reg_T1");
  EXPECT_EQ(cpu.r[0], 0xffffff80u);
  // A positive byte sign-extends to itself.
  poke8(kRam + 4, 0x7f);
  run("ldrsb.w r0, [r1, #4]");
  EXPECT_EQ(cpu.r[0], 0x7fu);
}

TEST_F(Mem, UnprivilegedLoadsBehaveAsNormalLoads) {
  poke32(kRam + 8, 0xabcd1234);
  cpu.r[1] = kRam;
  EXPECT_EQ(id(run("ldrt r0, [r1, #8]")), "LDRT");
  EXPECT_EQ(cpu.r[0], 0xabcd1234u);
  EXPECT_EQ(id(run("ldrsht r0, [r1, #10]")), "LDRSHT");
  EXPECT_EQ(cpu.r[0], 0xffffabcdu);
  EXPECT_EQ(id(run("strbt r0, [r1, #12]")), "STRBT");
  EXPECT_EQ(peek32(kRam + 12), 0xcdu);
}

// ---- single stores ------------------------------------------------------------------------------

TEST_F(Mem, StoresWriteOnlyTheirWidth) {
  poke32(kRam, 0xffffffff);
  cpu.r[1] = kRam;
  cpu.r[0] = 0x12345678;
  run("strb r0, [r1, #1]");
  EXPECT_EQ(peek32(kRam), 0xffff78ffu);
  run("strh r0, [r1, #2]");
  EXPECT_EQ(peek32(kRam), 0x567878ffu);
  run("str r0, [r1]");
  EXPECT_EQ(peek32(kRam), 0x12345678u);
}

TEST_F(Mem, StoreWritebackForms) {
  cpu.r[0] = 0xdeadbeef;
  cpu.r[1] = kRam + 0x40;
  EXPECT_EQ(id(run("str r0, [r1, #-4]!")), "STR_imm8_pre");
  EXPECT_EQ(cpu.r[1], kRam + 0x3c);
  EXPECT_EQ(peek32(kRam + 0x3c), 0xdeadbeefu);
  EXPECT_EQ(id(run("strh r0, [r1], #8")), "STRH_imm8_post");
  EXPECT_EQ(cpu.r[1], kRam + 0x44);
  EXPECT_EQ(peek32(kRam + 0x3c), 0xdeadbeefu);  // halfword stored at the old base: same bits
  cpu.r[2] = 2;
  EXPECT_EQ(id(run("strb.w r0, [r1, r2, lsl #1]")), "STRB_reg");
  EXPECT_EQ(peek32(kRam + 0x48) & 0xff, 0xefu);
}

TEST_F(Mem, SpRelativeForms) {
  cpu.r[3] = 0x31415926;
  EXPECT_EQ(id(run("str r3, [sp, #16]")), "STR_sp_T2");
  EXPECT_EQ(peek32(cpu.sp() + 16), 0x31415926u);
  EXPECT_EQ(id(run("ldr r4, [sp, #16]")), "LDR_sp_T2");
  EXPECT_EQ(cpu.r[4], 0x31415926u);
}

// ---- alignment and faults ----------------------------------------------------------------------

TEST_F(Mem, UnalignedSingleAccessesAreAllowed) {
  poke32(kRam, 0x44332211);
  poke32(kRam + 4, 0x88776655);
  cpu.r[1] = kRam + 1;
  run("ldr r0, [r1]");
  EXPECT_EQ(cpu.r[0], 0x55443322u);
  run("ldrh r0, [r1, #2]");
  EXPECT_EQ(cpu.r[0], 0x5544u);
  cpu.r[0] = 0xa1b2c3d4;
  run("str r0, [r1, #2]");
  EXPECT_EQ(peek32(kRam + 4), 0x88a1b2c3u);
}

TEST_F(Mem, UnalignedMultipleAndDualAccessesFault) {
  cpu.r[0] = kRam + 2;
  cpu.r[1] = 0x1111;
  cpu.r[2] = 0x2222;
  GuestFault f = run_fault("ldmia r0!, {r1, r2}");
  EXPECT_EQ(f.kind, FaultKind::Unaligned);
  EXPECT_EQ(f.addr, kRam + 2);
  EXPECT_EQ(cpu.r[0], kRam + 2);  // no writeback
  EXPECT_EQ(cpu.r[1], 0x1111u);   // no register written
  f = run_fault("ldrd r1, r2, [r0, #8]");
  EXPECT_EQ(f.kind, FaultKind::Unaligned);
  EXPECT_EQ(f.addr, kRam + 10);
  f = run_fault("strd r1, r2, [r0]");
  EXPECT_EQ(f.kind, FaultKind::Unaligned);
  f = run_fault("stmdb r0!, {r1, r2}");
  EXPECT_EQ(f.kind, FaultKind::Unaligned);
  EXPECT_EQ(cpu.r[0], kRam + 2);
  f = run_fault("ldrex r1, [r0]");
  EXPECT_EQ(f.kind, FaultKind::Unaligned);
  cpu.r[0] = kRam + 1;
  f = run_fault("ldrexh r1, [r0]");
  EXPECT_EQ(f.kind, FaultKind::Unaligned);
}

TEST_F(Mem, LoadFromUnmappedAddressIsAPreciseBusFault) {
  cpu.r[1] = kUnmapped;
  cpu.r[0] = 7;
  GuestFault f = run_fault("ldr r0, [r1, #4]!");
  EXPECT_EQ(f.kind, FaultKind::BusPrecise);
  EXPECT_EQ(f.addr, kUnmapped + 4);
  EXPECT_EQ(cpu.r[1], kUnmapped);  // the writeback did not happen
  EXPECT_EQ(cpu.r[0], 7u);
  // The second word of an LDRD faulting leaves the first destination alone too.
  cpu.r[1] = kRam + 0x10000 - 4;  // last word of SRAM
  cpu.r[2] = 1;
  cpu.r[3] = 2;
  f = run_fault("ldrd r2, r3, [r1]");
  EXPECT_EQ(f.kind, FaultKind::BusPrecise);
  EXPECT_EQ(f.addr, kRam + 0x10000);
  EXPECT_EQ(cpu.r[2], 1u);
}

TEST_F(Mem, StoreToCodeIsAPreciseBusFault) {
  cpu.r[1] = 0x100;
  GuestFault f = run_fault("str r0, [r1, #8]");
  EXPECT_EQ(f.kind, FaultKind::BusPrecise);
  EXPECT_EQ(f.addr, 0x108u);
  f = run_fault("strb r0, [r1]");
  EXPECT_EQ(f.kind, FaultKind::BusPrecise);
  EXPECT_EQ(f.addr, 0x100u);
}

// ---- PUSH / POP -------------------------------------------------------------------------------

TEST_F(Mem, PushStoresAscendingBelowSp) {
  uint32_t sp = cpu.sp();
  cpu.r[4] = 0x44;
  cpu.r[14] = 0x1235;
  EXPECT_EQ(id(run("push {r4, lr}")), "PUSH_T1");
  EXPECT_EQ(cpu.sp(), sp - 8);
  EXPECT_EQ(peek32(sp - 8), 0x44u);
  EXPECT_EQ(peek32(sp - 4), 0x1235u);
  cpu.r[8] = 0x88;
  EXPECT_EQ(id(run("push {r4, r8, lr}")), "PUSH_T2");
  EXPECT_EQ(cpu.sp(), sp - 20);
  EXPECT_EQ(peek32(sp - 20), 0x44u);
  EXPECT_EQ(peek32(sp - 16), 0x88u);
  EXPECT_EQ(peek32(sp - 12), 0x1235u);
  // One high register: PUSH T3, the encoding of STR r8, [sp, #-4]!.
  Inst push1 = run("push {r8}");
  EXPECT_EQ(id(push1), "PUSH_T3");
  EXPECT_EQ(disassemble(push1, 0), "str.w\tr8, [sp, #-4]!");
  EXPECT_EQ(cpu.sp(), sp - 24);
  EXPECT_EQ(peek32(sp - 24), 0x88u);
}

TEST_F(Mem, PopPcBranchesWithTheThumbBitRule) {
  uint32_t sp = cpu.sp();
  poke32(sp, 0x77);
  poke32(sp + 4, 0x2001);
  Inst in = run("pop {r4, pc}");
  EXPECT_EQ(id(in), "POP_T1");
  EXPECT_EQ(in.reglist, 0x8010);
  EXPECT_EQ(cpu.r[4], 0x77u);
  EXPECT_EQ(cpu.next_pc, 0x2000u);  // bit 0 cleared
  EXPECT_EQ(cpu.thumb, 1);
  EXPECT_EQ(cpu.sp(), sp + 8);
  // An even address clears EPSR.T: the next instruction takes an INVSTATE UsageFault.
  poke32(sp + 8, 0x3000);
  run("pop {pc}");
  EXPECT_EQ(cpu.next_pc, 0x3000u);
  EXPECT_EQ(cpu.thumb, 0);
}

TEST_F(Mem, PopPcInHandlerModeCanBeAnExceptionReturn) {
  cpu.ipsr = 11;
  poke32(cpu.sp(), 0xfffffff9);
  run("pop {pc}");
  EXPECT_TRUE(cpu.events & kEvExcReturn);
  EXPECT_EQ(cpu.next_pc, 0xfffffff9u);
}

TEST_F(Mem, WidePopAndLdrPc) {
  uint32_t sp = cpu.sp();
  poke32(sp, 1);
  poke32(sp + 4, 2);
  poke32(sp + 8, 0x401);
  EXPECT_EQ(id(run("pop.w {r4, r8, pc}")), "POP_T2");
  EXPECT_EQ(cpu.r[4], 1u);
  EXPECT_EQ(cpu.r[8], 2u);
  EXPECT_EQ(cpu.next_pc, 0x400u);
  EXPECT_EQ(cpu.sp(), sp + 12);
  // "pop {r8}" is POP T3, the encoding of LDR r8, [sp], #4 (and printed that way).
  poke32(sp + 12, 0x5a);
  Inst pop1 = run("pop {r8}");
  EXPECT_EQ(id(pop1), "POP_T3");
  EXPECT_EQ(pop1.size, 4);
  EXPECT_EQ(disassemble(pop1, 0), "ldr.w\tr8, [sp], #4");
  EXPECT_EQ(cpu.r[8], 0x5au);
  EXPECT_EQ(cpu.sp(), sp + 16);
  poke32(sp + 16, 0x5b);
  EXPECT_EQ(id(run("ldr r9, [sp], #4")), "POP_T3");
  EXPECT_EQ(cpu.r[9], 0x5bu);
  EXPECT_EQ(cpu.sp(), sp + 20);
  // LDR to the PC is LoadWritePC.
  cpu.r[1] = kRam;
  poke32(kRam, 0x601);
  run("ldr.w pc, [r1]");
  EXPECT_EQ(cpu.next_pc, 0x600u);
  EXPECT_EQ(cpu.thumb, 1);
}

// ---- LDM / STM ----------------------------------------------------------------------------------

TEST_F(Mem, LdmWritebackDependsOnTheBaseInTheList) {
  poke32(kRam, 10);
  poke32(kRam + 4, 20);
  poke32(kRam + 8, 30);
  cpu.r[0] = kRam;
  Inst wb = run("ldmia r0!, {r1, r2}");
  EXPECT_EQ(id(wb), "LDM_T1_wb");
  EXPECT_TRUE(wb.wback);
  EXPECT_EQ(cpu.r[1], 10u);
  EXPECT_EQ(cpu.r[2], 20u);
  EXPECT_EQ(cpu.r[0], kRam + 8);
  // Base in the list: no writeback, the base gets the loaded value.
  cpu.r[0] = kRam;
  Inst nowb = run("ldmia r0, {r0, r2}");
  EXPECT_EQ(id(nowb), "LDM_T1");
  EXPECT_FALSE(nowb.wback);
  EXPECT_EQ(cpu.r[0], 10u);
  EXPECT_EQ(cpu.r[2], 20u);
  // The two 16-bit shapes share one encoding and are told apart by the list.
  auto a = decode(0xc806, 2), b = decode(0xc805, 2);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(disassemble(*a, 0), "ldmia\tr0!, {r1, r2}");
  EXPECT_EQ(disassemble(*b, 0), "ldmia\tr0, {r0, r2}");
  // 32-bit without writeback.
  cpu.r[8] = kRam;
  EXPECT_EQ(id(run("ldm r8, {r1, r2, r3}")), "LDM_T2");
  EXPECT_EQ(cpu.r[3], 30u);
  EXPECT_EQ(cpu.r[8], kRam);
}

TEST_F(Mem, LdmdbAndStmdbAddressBelowTheBase) {
  cpu.r[9] = kRam + 0x20;
  cpu.r[1] = 0xa;
  cpu.r[2] = 0xb;
  EXPECT_EQ(id(run("stmdb r9!, {r1, r2}")), "STMDB_wb");
  EXPECT_EQ(cpu.r[9], kRam + 0x18);
  EXPECT_EQ(peek32(kRam + 0x18), 0xau);
  EXPECT_EQ(peek32(kRam + 0x1c), 0xbu);
  cpu.r[9] = kRam + 0x20;
  EXPECT_EQ(id(run("ldmdb r9, {r3, r4}")), "LDMDB");
  EXPECT_EQ(cpu.r[3], 0xau);
  EXPECT_EQ(cpu.r[4], 0xbu);
  EXPECT_EQ(cpu.r[9], kRam + 0x20);
  EXPECT_EQ(id(run("ldmdb r9!, {r5, r6}")), "LDMDB_wb");
  EXPECT_EQ(cpu.r[9], kRam + 0x18);
  EXPECT_EQ(cpu.r[6], 0xbu);
}

TEST_F(Mem, StmStoresTheOriginalBaseWhenItIsLowest) {
  cpu.r[0] = kRam + 0x30;
  cpu.r[1] = 0x1;
  EXPECT_EQ(id(run("stmia r0!, {r0, r1}")), "STM_T1");
  EXPECT_EQ(peek32(kRam + 0x30), kRam + 0x30);
  EXPECT_EQ(peek32(kRam + 0x34), 0x1u);
  EXPECT_EQ(cpu.r[0], kRam + 0x38);
  cpu.r[10] = kRam + 0x40;
  EXPECT_EQ(id(run("stm.w r10, {r0, r1}")), "STM_T2");
  EXPECT_EQ(peek32(kRam + 0x40), kRam + 0x38);
  EXPECT_EQ(cpu.r[10], kRam + 0x40);
}

TEST_F(Mem, LdmWithPcBranches) {
  poke32(kRam, 5);
  poke32(kRam + 4, 0x801);
  cpu.r[0] = kRam;
  run("ldmia.w r0!, {r1, pc}");
  EXPECT_EQ(cpu.r[1], 5u);
  EXPECT_EQ(cpu.next_pc, 0x800u);
  EXPECT_EQ(cpu.r[0], kRam + 8);
}

// ---- LDRD / STRD ------------------------------------------------------------------------------

TEST_F(Mem, DualAccessAddressingModes) {
  cpu.r[2] = kRam + 0x100;
  cpu.r[4] = 0x1111;
  cpu.r[5] = 0x2222;
  EXPECT_EQ(id(run("strd r4, r5, [r2, #8]")), "STRD_imm");
  EXPECT_EQ(peek32(kRam + 0x108), 0x1111u);
  EXPECT_EQ(peek32(kRam + 0x10c), 0x2222u);
  EXPECT_EQ(cpu.r[2], kRam + 0x100);
  EXPECT_EQ(id(run("ldrd r0, r1, [r2, #8]!")), "LDRD_pre");
  EXPECT_EQ(cpu.r[0], 0x1111u);
  EXPECT_EQ(cpu.r[1], 0x2222u);
  EXPECT_EQ(cpu.r[2], kRam + 0x108);
  EXPECT_EQ(id(run("strd r1, r0, [r2], #-8")), "STRD_post");
  EXPECT_EQ(peek32(kRam + 0x108), 0x2222u);
  EXPECT_EQ(cpu.r[2], kRam + 0x100);
  // Literal: Align(PC, 4) + imm.
  uint32_t lit[2] = {0xaaaa, 0xbbbb};
  ASSERT_TRUE(mem.host_write(0x104 + 16, lit, 8));
  EXPECT_EQ(id(run("ldrd r6, r7, [pc, #16]", 0x102)), "LDRD_lit");
  EXPECT_EQ(cpu.r[6], 0xaaaau);
  EXPECT_EQ(cpu.r[7], 0xbbbbu);
}

// ---- TBB / TBH ---------------------------------------------------------------------------------

TEST_F(Mem, TableBranchByteAndHalfword) {
  // tbb [r0, r1] at 0x100: target = PC (0x104) + 2 * table[r1].
  cpu.r[0] = kRam;
  poke8(kRam + 3, 0x10);
  cpu.r[1] = 3;
  EXPECT_EQ(run("tbb [r0, r1]").size, 4);
  EXPECT_EQ(cpu.next_pc, 0x104u + 0x20);
  // tbh: the index is scaled by 2.
  poke16(kRam + 2 * 5, 0x1234);
  cpu.r[1] = 5;
  run("tbh [r0, r1, lsl #1]");
  EXPECT_EQ(cpu.next_pc, 0x104u + 0x2468);
  // With Rn = PC the table follows the instruction.
  uint8_t table[4] = {2, 4, 6, 8};
  ASSERT_TRUE(mem.host_write(0x104, table, 4));
  cpu.r[1] = 2;
  run("tbb [pc, r1]");
  EXPECT_EQ(cpu.next_pc, 0x104u + 12);
  Inst in = assemble("tbh [pc, r1, lsl #1]");
  EXPECT_EQ(form(in.form).iclass, IClass::Branch);
}

// ---- exclusives and hints ------------------------------------------------------------------------

TEST_F(Mem, ExclusiveMonitor) {
  cpu.r[1] = kRam + 0x200;
  cpu.r[2] = 0x5555;
  poke32(kRam + 0x204, 0x1234);
  // STREX without a preceding LDREX fails and stores nothing.
  cpu.r[3] = 99;
  run("strex r3, r2, [r1, #4]");
  EXPECT_EQ(cpu.r[3], 1u);
  EXPECT_EQ(peek32(kRam + 0x204), 0x1234u);
  // LDREX then STREX to the same address succeeds, once.
  run("ldrex r0, [r1, #4]");
  EXPECT_EQ(cpu.r[0], 0x1234u);
  cpu.r[3] = 99;
  run("strex r3, r2, [r1, #4]");
  EXPECT_EQ(cpu.r[3], 0u);
  EXPECT_EQ(peek32(kRam + 0x204), 0x5555u);
  run("strex r3, r2, [r1, #4]");
  EXPECT_EQ(cpu.r[3], 1u);
  // A STREX to another address fails and closes the monitor.
  run("ldrex r0, [r1, #4]");
  run("strex r3, r2, [r1]");
  EXPECT_EQ(cpu.r[3], 1u);
  // CLREX closes it.
  run("ldrexb r0, [r1]");
  run("clrex");
  run("strexb r3, r2, [r1]");
  EXPECT_EQ(cpu.r[3], 1u);
  run("ldrexb r0, [r1]");
  run("strexb r3, r2, [r1]");
  EXPECT_EQ(cpu.r[3], 0u);
  EXPECT_EQ(peek32(kRam + 0x200) & 0xff, 0x55u);
}

TEST_F(Mem, PreloadHintsNeverFault) {
  cpu.r[0] = kUnmapped;
  EXPECT_EQ(run_fault("pld [r0, #4]").kind, FaultKind::None);
  EXPECT_EQ(run_fault("pli [r0, #-4]").kind, FaultKind::None);
  EXPECT_EQ(form(assemble("pld [r0]").form).iclass, IClass::System);
}

// ---- table decisions -------------------------------------------------------------------------------

TEST(MemTable, UnpredictableEncodingsDoNotDecode) {
  EXPECT_FALSE(decode(0xf8511f04, 4));  // ldr r1, [r1, #4]!   (writeback to Rt)
  EXPECT_TRUE(decode(0xf8510f04, 4));   // ldr r0, [r1, #4]!   (fine)
  EXPECT_FALSE(decode(0xf811d000, 4));  // ldrb.w sp, [r1, r0]
  EXPECT_FALSE(decode(0xf8510c00, 4));  // ldr.w r0, [r1, #-0]: GNU as cannot produce it
  EXPECT_FALSE(decode(0xf84f0004, 4));  // str.w r0, [pc, #4]  (UNDEFINED)
  EXPECT_FALSE(decode(0xe8b00003, 4));  // ldmia.w r0!, {r0, r1}
  EXPECT_FALSE(decode(0xe8900002, 4));  // ldmia.w r0, {r1}  (fewer than 2 registers)
  EXPECT_FALSE(decode(0xe8bdc000, 4));  // pop.w {lr, pc}
  EXPECT_FALSE(decode(0xbc00, 2));      // pop {}
  EXPECT_FALSE(decode(0xc103, 2));      // stmia r1!, {r0, r1}: stores an UNKNOWN base
  EXPECT_FALSE(decode(0xe8ddf001, 4));  // tbb [sp, r1]
  EXPECT_FALSE(decode(0xe8c10f40, 4));  // strexb r0, r0, [r1]
  EXPECT_TRUE(decode(0xe8510f00, 4));   // ldrex r0, [r1]: a legal one, for contrast
}

TEST(MemTable, ObjdumpSpellings) {
  auto text = [](uint32_t raw, uint8_t size) {
    auto in = decode(raw, size);
    return in ? disassemble(*in, 0) : std::string("<undefined>");
  };
  EXPECT_EQ(text(0x6808, 2), "ldr\tr0, [r1, #0]");
  EXPECT_EQ(text(0xf8d10000, 4), "ldr.w\tr0, [r1]");
  EXPECT_EQ(text(0xbd10, 2), "pop\t{r4, pc}");
  EXPECT_EQ(text(0xe92d4110, 4), "stmdb\tsp!, {r4, r8, lr}");
  EXPECT_EQ(text(0xe8bd8110, 4), "ldmia.w\tsp!, {r4, r8, pc}");
  EXPECT_EQ(text(0xf84d8d04, 4), "str.w\tr8, [sp, #-4]!");  // push {r8}
  EXPECT_EQ(text(0xe9d20102, 4), "ldrd\tr0, r1, [r2, #8]");
  EXPECT_EQ(text(0xe8d0f011, 4), "tbh\t[r0, r1, lsl #1]");
  EXPECT_EQ(text(0xf85f0e04, 4), "ldrt\tr0, [pc, #-3588]");  // a literal load, objdump's way
}

TEST(MemTable, LiteralLoadPrintedAsLdrtIsStillALiteral) {
  auto in = decode(0xf85f0e04, 4);
  ASSERT_TRUE(in);
  EXPECT_EQ(in->rn, 15);
  EXPECT_FALSE(in->add);
  EXPECT_EQ(in->imm, 0xe04u);
  AsmError err;
  auto a = assemble_one("ldr.w r0, [pc, #-3588]", ctx_at(0), err);
  ASSERT_TRUE(a) << err.message;
  EXPECT_EQ(a->raw, 0xf85f0e04u);
}

}  // namespace

namespace {

TEST(MemTable, EveryRowIsAMemoryClassThatLeavesTheFlags) {
  int n = 0;
  for (const Form& f : forms_mem()) {
    ++n;
    EXPECT_EQ(f.flags, FlagEffect::None) << f.id;
    bool memory = f.iclass == IClass::Load || f.iclass == IClass::Store || f.iclass == IClass::LoadPair ||
                  f.iclass == IClass::StorePair || f.iclass == IClass::LoadMulti ||
                  f.iclass == IClass::StoreMulti;
    bool other =
        (f.iclass == IClass::Branch && std::string(f.id).starts_with("TB")) ||
        (f.iclass == IClass::System && (std::string(f.id).starts_with("PL") || std::string(f.id) == "CLREX"));
    EXPECT_TRUE(memory || other) << f.id << " has class " << iclass_name(f.iclass);
  }
  EXPECT_GE(n, 100);
}

}  // namespace
