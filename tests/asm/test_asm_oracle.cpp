// Differential tests against GNU as: whole files assembled by arm-none-eabi-as (and linked by
// arm-none-eabi-ld at the addresses m3lab uses) must give the same .text and .data bytes.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "asm_test_util.hpp"

using namespace m3;
using namespace m3::isa;
using namespace m3::isa::test;

namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::vector<uint8_t> read_bin(const fs::path& p) {
  std::string s = slurp(p);
  return {s.begin(), s.end()};
}

struct GasOut {
  bool ok = false;
  std::string log;
  std::vector<uint8_t> text, data;
};

// Assembles with GNU as and links .text at text_addr and .data at the start of SRAM.
GasOut gas(const std::string& src, uint32_t text_addr, const std::string& tag) {
  GasOut out;
  fs::path dir = fs::temp_directory_path() / ("m3lab_asm_oracle_" + std::to_string(::getpid()) + "_" + tag);
  fs::create_directories(dir);
  std::ofstream(dir / "p.s") << src;
  char addr[32];
  std::snprintf(addr, sizeof addr, "0x%x", text_addr);
  std::string q = "'" + dir.string() + "/";
  std::string cmd = std::string(ARM_AS) + " -mcpu=cortex-m3 -mthumb -o " + q + "p.o' " + q + "p.s' > " + q +
                    "log' 2>&1 && " + ARM_LD + " -Ttext=" + addr + " -Tdata=0x20000000 -e 0 -o " + q +
                    "p.elf' " + q + "p.o' >> " + q + "log' 2>&1 && " + ARM_OBJCOPY + " -O binary -j .text " +
                    q + "p.elf' " + q + "text.bin' >> " + q + "log' 2>&1 && " + ARM_OBJCOPY +
                    " -O binary -j .data " + q + "p.elf' " + q + "data.bin' >> " + q + "log' 2>&1";
  int rc = std::system(cmd.c_str());
  out.log = slurp(dir / "log");
  out.ok = rc == 0;
  if (out.ok) {
    out.text = read_bin(dir / "text.bin");
    out.data = read_bin(dir / "data.bin");
  }
  fs::remove_all(dir);
  return out;
}

std::string hex(const std::vector<uint8_t>& v) {
  std::string s;
  char b[4];
  for (size_t k = 0; k < v.size(); ++k) {
    std::snprintf(b, sizeof b, "%02x", v[k]);
    s += b;
    s += (k % 16 == 15) ? "\n" : " ";
  }
  return s;
}

void compare_with_gas(const std::string& src, const std::string& tag) {
  AsmRun r = asm_src(src);
  ASSERT_TRUE(r.res) << r.diags.str();
  const ElfSection* t = section(*r.res, ".text");
  ASSERT_TRUE(t);
  GasOut g = gas(src, t->addr, tag);
  ASSERT_TRUE(g.ok) << g.log;
  EXPECT_EQ(hex(t->data), hex(g.text))
      << "m3lab (left) vs GNU as (right), .text at 0x" << std::hex << t->addr;
  EXPECT_EQ(hex(bytes(*r.res, ".data")), hex(g.data));
}

}  // namespace

TEST(AsmOracle, DataProcessingAndBranches) {
  compare_with_gas(R"(
  .syntax unified
  .thumb
  .text
  .equ K, 0x2a
start:
  movs r0, #K
  movs r7, #(K * 2) & 0xff
  adds r0, r1, r2
  add r3, r4, r5
  add.w r8, r9, r10, lsl #3
  adds.w r0, r0, r0, asr #31
  ldr r0, [r1, #124]
  ldr r7, [r7, #0]
1:
  b 1b
  b 2f
  bkpt 0xab
2:
  b.n start
  b 1b
)",
                   "dp");
}

TEST(AsmOracle, DataInCodeAndAlignment) {
  compare_with_gas(R"(
  .syntax unified
  .thumb
  .text
  .thumb_func
f:
  movs r0, #1
  .byte 0x55
  .align 1
  movs r0, #2
  .align 4
  movs r0, #3
  .balign 8
  .word f, f + 8, . - f
  .short 0x1234
  .p2align 3, 0xcc
  .ascii "abc"
  .p2align 2
  adds r0, r1, r2
  .space 3
  .align 2
  bkpt 1
  .data
  .byte 1
  .align 2
  .word f
  .asciz "x\ty"
)",
                   "align");
}

TEST(AsmOracle, OddEndIsPaddedLikeGas) {
  compare_with_gas("  .syntax unified\n  .thumb\n  movs r0, #1\n  .byte 1\n", "oddend");
  compare_with_gas("  .syntax unified\n  .thumb\n  movs r0, #1\n  .align 3\n  movs r1, #1\n", "align8end");
}

TEST(AsmOracle, DataDirectivesAndExpressions) {
  compare_with_gas(R"(
  .syntax unified
  .thumb
  .equ A, 5
  B = A * 3 + 1
  .set C, (B << 2) | 1
  .text
  movs r0, #A
  .data
  .byte 1, 255, -128, 'z, '\n', '\\
  .short 0x1234, -2, A + B
  .word 0x89abcdef, C, ~C, -C, C >> 1, C % 7, C / 3
  .word 1 | 2 + 3, 6 & 3 + 1, 1 + 2 * 3, 8 - 2 - 1, 2 ^ 3 * 2, 1 << 2 + 1
  .word 5 > 3, 5 < 3, 5 == 5, 5 != 5, 5 >= 5, 5 <= 4, 1 && 2, 0 || 3, !5, !0
  .ascii "tab\there\n\"q\"\\ \101\102\x43\x44 \0end"
  .asciz "z"
  .string "s", "t"
  .space 3, 0x5a
  .zero 2
  .p2align 2
  .fill 3, 2, 0x1234
  .fill 2, 4, -1
  .uleb128 624485, 0, 128
  .sleb128 -123456, 63, 64, -64
  .balign 8, 0xee
  .quad 0x123456789abcdef0
  .2byte 7
  .4byte 8
  .hword 9
  .long 10
lbl:
  .word lbl - . , . - lbl
)", "data");
}
