// Table-driven unit tests of the codec engine itself (patterns, field mapping, templates).
#include <gtest/gtest.h>

#include "m3lab/isa/codec.hpp"
#include "m3lab/isa/table.hpp"
#include "test_support.hpp"

using namespace m3::isa;

namespace {
AsmContext ctx_at(uint32_t addr) { return m3::test::numeric_context(addr); }
}  // namespace

TEST(Pattern, MaskMatchAndFields) {
  constexpr Pattern p = P16("0001100 mmm nnn ddd");
  static_assert(p.size == 2);
  static_assert(p.mask == 0xfe00);
  static_assert(p.match == 0x1800);
  Fields f = extract_fields(p, 0x1888);  // adds r0, r1, r2
  EXPECT_EQ(f.get('d'), 0u);
  EXPECT_EQ(f.get('n'), 1u);
  EXPECT_EQ(f.get('m'), 2u);
}

TEST(Codec, DecodeDisassembleAdds) {
  auto in = decode(0x1888, 2);
  ASSERT_TRUE(in);
  EXPECT_EQ(disassemble(*in, 0), "adds\tr0, r1, r2");
  ItState it = ItState::after_it(kEQ, 0x8);
  EXPECT_EQ(disassemble(*in, 0, it), "addeq\tr0, r1, r2");
}

TEST(Codec, AssemblePicksNarrowOnlyWhenFlagsAgree) {
  AsmError err;
  auto a = assemble_one("adds r0, r1, r2", ctx_at(0), err);
  ASSERT_TRUE(a) << err.message;
  EXPECT_EQ(a->raw, 0x1888u);
  auto b = assemble_one("add r0, r1, r2", ctx_at(0), err);
  ASSERT_TRUE(b) << err.message;
  EXPECT_EQ(b->inst.size, 4);
  EXPECT_EQ(b->raw, 0xeb010002u);
  auto c = assemble_one("add.w r8, r1, r2, lsl #3", ctx_at(0), err);
  ASSERT_TRUE(c) << err.message;
  EXPECT_EQ(disassemble(c->inst, 0), "add.w\tr8, r1, r2, lsl #3");
}

TEST(Codec, BranchRoundTrip) {
  AsmError err;
  auto a = assemble_one("b 0x100", ctx_at(0x10), err);
  ASSERT_TRUE(a) << err.message;
  EXPECT_EQ(disassemble(a->inst, 0x10), "b.n\t100");
  auto back = encode(a->inst);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, a->raw);
}

TEST(Codec, Errors) {
  AsmError err;
  EXPECT_FALSE(assemble_one("frob r0", ctx_at(0), err));
  EXPECT_NE(err.message.find("unknown instruction"), std::string::npos);
  // 256 fits MOVS.W's modified immediate (GNU as widens it too); 257 fits no MOVS encoding.
  EXPECT_FALSE(assemble_one("movs r0, #257", ctx_at(0), err));
  EXPECT_NE(err.message.find("out of range"), std::string::npos) << err.message;
}

// A template that names a register twice ("mul{s}{c} {d}, {n}, {d}") must not accept two different
// registers there: inside an IT block "muleq r8, r2, r1" once became the 16-bit "muleq r1, r2".
TEST(Codec, RepeatedTemplateRegisterMustMatch) {
  AsmError err;
  AsmContext c = ctx_at(0);
  c.it = ItState::after_it(kEQ, 0x8);
  auto a = assemble_one("muleq r8, r2, r1", c, err);
  ASSERT_TRUE(a) << err.message;
  EXPECT_EQ(a->inst.size, 4);
  EXPECT_EQ(a->inst.rd, 8);
  EXPECT_EQ(a->inst.rn, 2);
  EXPECT_EQ(a->inst.rm, 1);
  auto b = assemble_one("muleq r1, r2, r1", c, err);
  ASSERT_TRUE(b) << err.message;
  EXPECT_EQ(b->inst.size, 2);
}
