// The assembler never crashes: random garbage lines and every truncation of a real program either
// assemble or produce diagnostics, and every diagnostic points inside its source line.
#include <gtest/gtest.h>

#include <random>

#include "asm_test_util.hpp"

using namespace m3;
using namespace m3::isa;
using namespace m3::isa::test;

namespace {

const char* const kProgram = R"(  .syntax unified
  .thumb
  .equ COUNT, (3 << 2) + 1   @ a constant
  .section .isr_vector, "a", %progbits
  .word 0x20010000, reset, 0
  .text
  .global reset
  .thumb_func
reset:
  movs r0, #COUNT
1: adds r0, r1, r2 ; add.w r3, r4, r5, lsl #2
  ldr r1, [r2, #4]
  b 1b
  b.n 2f
2: bkpt 0xab
  .align 3
  .data
msg: .asciz "he said \"hi\"\n"
tbl: .word msg, tbl + 4, . - msg, 'x'
  .bss
buf: .space 64
  /* the end */
)";

// Every diagnostic has the file, and a line and column that fall inside the source.
void check_diags(const Diagnostics& d, const std::string& src) {
  size_t nlines = 1;
  for (char c : src) nlines += c == '\n';
  for (const Diag& x : d.list()) {
    EXPECT_EQ(x.file, "t.s");
    if (x.line == 0) continue;
    EXPECT_LE(static_cast<size_t>(x.line), nlines) << x.message;
    EXPECT_GE(x.column, 1) << x.message;
    EXPECT_LE(static_cast<size_t>(x.column), x.source_line.size() + 1) << x.message << " | " << x.source_line;
    EXPECT_FALSE(format_diag(x).empty());
  }
}

}  // namespace

TEST(AsmRobust, TheSampleProgramAssembles) {
  AsmRun r = asm_src(kProgram);
  ASSERT_TRUE(r.res) << r.diags.str();
  EXPECT_TRUE(r.diags.list().empty()) << r.diags.str();
}

TEST(AsmRobust, EveryTruncation) {
  std::string src = kProgram;
  int failures = 0;
  for (size_t n = 0; n <= src.size(); ++n) {
    std::string cut = src.substr(0, n);
    AsmRun r = asm_src(cut);
    EXPECT_EQ(r.res.has_value(), !r.diags.has_errors());
    failures += r.res ? 0 : 1;
    check_diags(r.diags, cut);
  }
  EXPECT_GT(failures, 0);  // cutting inside a string or an operand list is an error
}

TEST(AsmRobust, RandomGarbageLines) {
  std::mt19937 rng(12345);
  const std::string alphabet =
      "abcdefghijklmnopqrstuvwxyz0123456789 \t,.:;#@=[]{}()!+-*/%<>&|^~'\"\\$_rR\x01\xff";
  const char* const kPieces[] = {".word ",
                                 ".align ",
                                 ".section ",
                                 "ldr r0, =",
                                 "b ",
                                 "1b",
                                 "2f",
                                 ".equ x, ",
                                 "movs r0, #",
                                 "(((((",
                                 ".ascii \"",
                                 "/*",
                                 "*/",
                                 ".ltorg",
                                 ".set",
                                 "adds ",
                                 ".space ",
                                 "0x",
                                 "'",
                                 ",",
                                 ".thumb_func\n",
                                 "label:",
                                 ".p2align 31",
                                 ".if",
                                 "it eq\n",
                                 "itte ne\n",
                                 "cbz r0, ",
                                 "push {r4, lr}",
                                 "ldr r0, [r1, #",
                                 "bl ",
                                 "adr r0, ",
                                 "ldr r0, 1f",
                                 "strd r0, r1, [sp, #-8]!",
                                 ".endif",
                                 "tbb [pc, r0]",
                                 ".rept 3\n",
                                 ".endr\n"};
  for (int iter = 0; iter < 400; ++iter) {
    std::string src;
    int nlines = 1 + static_cast<int>(rng() % 8);
    for (int l = 0; l < nlines; ++l) {
      int len = static_cast<int>(rng() % 40);
      for (int k = 0; k < len; ++k) {
        if (rng() % 4 == 0)
          src += kPieces[rng() % (sizeof kPieces / sizeof kPieces[0])];
        else
          src += alphabet[rng() % alphabet.size()];
      }
      src += '\n';
    }
    AsmRun r = asm_src(src);
    EXPECT_EQ(r.res.has_value(), !r.diags.has_errors()) << src;
    check_diags(r.diags, src);
  }
}

TEST(AsmRobust, RandomMutationsOfARealProgram) {
  std::mt19937 rng(777);
  const std::string base = kProgram;
  const std::string chars = " ,:;#@=[]{}()\"'.-+*/0123456789abrx\n";
  int ok = 0;
  for (int iter = 0; iter < 300; ++iter) {
    std::string src = base;
    int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits; ++e) {
      size_t at = rng() % src.size();
      switch (rng() % 3) {
        case 0:
          src.erase(at, 1 + rng() % 4);
          break;
        case 1:
          src.insert(at, 1, chars[rng() % chars.size()]);
          break;
        default:
          src[at] = chars[rng() % chars.size()];
          break;
      }
      if (src.empty()) src = "x";
    }
    AsmRun r = asm_src(src);
    EXPECT_EQ(r.res.has_value(), !r.diags.has_errors()) << src;
    ok += r.res ? 1 : 0;
    check_diags(r.diags, src);
  }
  EXPECT_LT(ok, 300);  // some mutations must break it
}

TEST(AsmRobust, HugeSectionsAreRefused) {
  AsmRun r = asm_src(".data\n.space 0x3000000\n.space 0x3000000\n");
  ASSERT_FALSE(r.res);
  EXPECT_NE(r.diags.str().find("too large"), std::string::npos) << r.diags.str();
}

TEST(AsmRobust, PathologicalInputs) {
  std::vector<std::string> inputs = {"",
                                     "\n\n\n",
                                     std::string(5000, '('),
                                     ".word " + std::string(3000, '-') + "1",
                                     ".word " + std::string(2000, '(') + "1" + std::string(2000, ')'),
                                     "a = a + 1\n",
                                     "x = y\ny = x + 1\n",
                                     ".space 0x7fffffff\n",
                                     ".data\nl: .space l - 0x20000000 + 4\n",
                                     std::string("\0\0\0", 3),
                                     ".ascii \"unterminated\n",
                                     "/* unterminated",
                                     "'",
                                     "\"",
                                     ".equ",
                                     ".section \"",
                                     "1:\n1:\n b 1b\n b 3b\n",
                                     "l: b l\n",
                                     ".fill 99999999, 8, 1\n",
                                     ".word 99999999999999999999999\n"};
  for (const std::string& s : inputs) {
    AsmRun r = asm_src(s);
    EXPECT_EQ(r.res.has_value(), !r.diags.has_errors()) << s;
    check_diags(r.diags, s);
  }
}
