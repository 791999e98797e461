// Differential test of the load/store assembler spellings that the form oracle does not reach:
// assembler-only aliases (ldm/ldmfd/stmfd, push/pop of high registers, "[r1]" for "#0"), literal
// labels and the width GNU as picks for them. Each statement is assembled by GNU as and by
// assemble_one at the same address; the bytes must agree and GNU as must say nothing.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "m3lab/isa/codec.hpp"
#include "test_support.hpp"

using namespace m3::isa;

namespace {

struct Stmt {
  const char* ours;  // our text; a literal label is an absolute address
  const char* gas;   // GNU as text, if different: the label is base+offset
};

const Stmt kStmts[] = {
    {"ldr r0, [r1]", nullptr},
    {"ldr r0, [sp]", nullptr},
    {"ldr r0, [pc]", nullptr},
    {"str r0, [r1]", nullptr},
    {"strb r0, [r1]", nullptr},
    {"strh r0, [r1]", nullptr},
    {"ldrb r0, [r1]", nullptr},
    {"ldrh r0, [r1]", nullptr},
    {"ldr r8, [r1]", nullptr},
    {"ldr r0, [r1, #4095]", nullptr},
    {"ldr r0, [r1, #-255]", nullptr},
    {"ldr r0, [r1], #255", nullptr},
    {"ldrsb r0, [r1, #1]", nullptr},
    {"ldrsh r0, [r1, r2, lsl #3]", nullptr},
    {"ldm r0!, {r1, r2}", nullptr},
    {"ldm r0, {r0, r1}", nullptr},
    {"ldm r0, {r1, r2}", nullptr},
    {"ldmfd r0!, {r1, r2}", nullptr},
    // GNU as narrows "ldmia sp!, {r1, r2}" to POP but keeps "ldmia sp!, {r4, pc}" 32-bit; we
    // narrow both (same effect, two bytes shorter), so only the first is compared.
    {"ldmia sp!, {r1, r2}", nullptr},
    {"ldmfd sp!, {r4, r8}", nullptr},
    {"ldmea r0!, {r1, r2}", nullptr},
    {"stm r0!, {r1, r2}", nullptr},
    {"stmea r0!, {r1, r2}", nullptr},
    {"stmfd r0, {r1, r2}", nullptr},
    {"stm r8, {r1, r2}", nullptr},
    {"push {r4-r7, lr}", nullptr},
    {"push {r8}", nullptr},
    {"pop {r8}", nullptr},
    {"pop {pc}", nullptr},
    {"pop.w {r0}", nullptr},
    {"push.w {r4, lr}", nullptr},
    {"pop.w {r4, pc}", nullptr},
    {"push {r0, r8, lr}", nullptr},
    {"ldrd r0, r1, [r2]", nullptr},
    {"strd r0, r1, [r2, #-8]!", nullptr},
    {"ldrd r0, r1, [r2], #1020", nullptr},
    {"tbb [r0, r1]", nullptr},
    {"tbh [pc, r1, lsl #1]", nullptr},
    {"ldrex r0, [r1]", nullptr},
    {"strex r2, r0, [r1, #8]", nullptr},
    {"pld [r0, #-4]", nullptr},
    {"pli [r0, r1, lsl #2]", nullptr},
    {"ldrt r0, [r1, #255]", nullptr},
    // Literal labels, 16-bit when aligned, in range and ahead; 32-bit otherwise.
    {"ldr r0, 0x400", "ldr r0, base+0x400"},
    {"ldr r9, 0x400", "ldr r9, base+0x400"},
    {"ldr r0, 0x10", "ldr r0, base+0x10"},
    {"ldr r0, 0x402", "ldr r0, base+0x402"},
    {"ldrb r0, 0x400", "ldrb r0, base+0x400"},
    {"ldrsh r0, 0x10", "ldrsh r0, base+0x10"},
    {"ldrd r0, r1, 0x400", "ldrd r0, r1, base+0x400"},
    {"pld 0x400", "pld base+0x400"},
};

constexpr uint32_t kSlot = 8;

std::string run(const std::string& cmd, int& status) { return m3::test::run_capture(cmd, status); }

TEST(MemAsmOracle, AliasesAndLabelsMatchGnuAs) {
  char tmpl[] = "/tmp/m3lab-memasm-XXXXXX";
  const char* dir = mkdtemp(tmpl);
  ASSERT_NE(dir, nullptr);
  std::string src = std::string(dir) + "/a.s", obj = std::string(dir) + "/a.o",
              bin = std::string(dir) + "/a.bin";
  {
    std::ofstream s(src);
    s << ".syntax unified\n.thumb\n.text\n.p2align 2\nbase:\n";
    uint32_t k = 0;
    for (const Stmt& st : kStmts)
      s << ".org " << 0x100 + kSlot * k++ << "\n" << (st.gas ? st.gas : st.ours) << "\n";
  }
  int status = 0;
  std::string msg =
      run(std::string(M3LAB_ARM_AS) + " -mcpu=cortex-m3 -mthumb " + src + " -o " + obj + " 2>&1", status);
  ASSERT_EQ(status, 0) << msg;
  EXPECT_EQ(msg, "") << "GNU as said something";
  run(std::string(M3LAB_ARM_OBJCOPY) + " -O binary -j .text " + obj + " " + bin, status);
  ASSERT_EQ(status, 0);
  std::ifstream b(bin, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(b)), std::istreambuf_iterator<char>());

  AsmContext ctx;
  ctx.eval = [](std::string_view e, int64_t& v, std::string& err) {
    std::string s(e);
    char* end = nullptr;
    v = std::strtoll(s.c_str(), &end, 0);
    if (end != s.c_str() && !*end) return true;
    err = "bad number";
    return false;
  };
  uint32_t k = 0;
  for (const Stmt& st : kStmts) {
    uint32_t addr = 0x100 + kSlot * k++;
    ASSERT_LE(addr + 4, bytes.size());
    uint16_t hw1 = static_cast<uint16_t>(bytes[addr] | bytes[addr + 1] << 8);
    uint32_t want = hw1;
    if (is_thumb32(hw1))
      want = uint32_t{hw1} << 16 | static_cast<uint16_t>(bytes[addr + 2] | bytes[addr + 3] << 8);
    ctx.addr = addr;
    AsmError err;
    auto a = assemble_one(st.ours, ctx, err);
    if (!a) {
      ADD_FAILURE() << st.ours << ": " << err.message;
      continue;
    }
    EXPECT_EQ(a->raw, want) << st.ours << std::hex << ": ours 0x" << a->raw << ", GNU as 0x" << want;
  }
}

}  // namespace
