// Differential tests against GNU as: whole files assembled by arm-none-eabi-as (and linked by
// arm-none-eabi-ld at the addresses m3lab uses) must give the same .text and .data bytes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "asm_test_util.hpp"
#include "test_support.hpp"

using namespace m3;
using namespace m3::isa;
using namespace m3::isa::test;

namespace {

namespace fs = std::filesystem;

using m3::test::slurp;

std::vector<uint8_t> read_bin(const fs::path& p) {
  std::string s = slurp(p);
  return {s.begin(), s.end()};
}

struct GasOut {
  bool ok = false;
  std::string log;
  std::vector<uint8_t> text, data;
  std::vector<std::pair<uint32_t, char>> maps;  // mapping symbols: address, 't' or 'd'
};

// The mapping state ('t' code, 'd' data, '-' none) of each byte of [base, base + size): what
// objdump uses to choose between disassembly and .word. Robust to repeated symbols.
std::string map_states(std::vector<std::pair<uint32_t, char>> maps, uint32_t base, size_t size) {
  std::sort(maps.begin(), maps.end(), [](auto& a, auto& b) { return a.first < b.first; });
  std::string s(size, '-');
  for (size_t k = 0; k < maps.size(); ++k) {
    uint32_t from = std::max(maps[k].first, base);
    uint32_t to = k + 1 < maps.size() ? maps[k + 1].first : static_cast<uint32_t>(base + size);
    for (uint32_t a = from; a < to && a < base + size; ++a) s[a - base] = maps[k].second;
  }
  return s;
}

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
                    " -O binary -j .data " + q + "p.elf' " + q + "data.bin' >> " + q + "log' 2>&1 && " +
                    ARM_NM + " -n --special-syms " + q + "p.elf' > " + q + "syms' 2>> " + q + "log'";
  int rc = std::system(cmd.c_str());
  out.log = slurp(dir / "log");
  out.ok = rc == 0;
  if (out.ok) {
    out.text = read_bin(dir / "text.bin");
    out.data = read_bin(dir / "data.bin");
    std::istringstream syms(slurp(dir / "syms"));
    std::string line;
    while (std::getline(syms, line)) {
      std::istringstream ls(line);
      std::string addr_s, kind, name;
      ls >> addr_s >> kind >> name;
      if (name == "$t" || name == "$d") out.maps.emplace_back(std::stoul(addr_s, nullptr, 16), name[1]);
    }
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
  std::vector<std::pair<uint32_t, char>> mine;
  for (const ElfSymbol& sym : r.res->image.symbols)
    if (sym.section == ".text" && (sym.name == "$t" || sym.name == "$d"))
      mine.emplace_back(sym.value, sym.name[1]);
  EXPECT_EQ(map_states(mine, t->addr, t->data.size()), map_states(g.maps, t->addr, g.text.size()))
      << "mapping symbols (t = code, d = data), m3lab (left) vs GNU as";
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
)",
                   "data");
}

TEST(AsmOracle, LiteralPoolsAndLdrConstants) {
  compare_with_gas(R"(
  .syntax unified
  .thumb
  .text
  .thumb_func
_start:
  ldr r0, =5
  ldr r1, =0x12345678
  ldr r2, =0xff00ff00
  ldr r3, =-1
  ldr r8, =300
  ldr r0, =0xfffffffe
  ldr r0, =0xabcd
  ldr r4, =msg
  ldr r5, =_start
  ldr r6, =0x12345678
  ldr.w r7, =0x87654321
  ldr sp, =0x20000000
  ldr r0, =0x20000000
  ldr r0, =0x10001
  ldr r1, =0x00ff00ff
  it ne
  ldrne r2, =0x11112222
  ite eq
  ldreq r0, =5
  ldrne r0, =0xffff
  ldr r3, =_start + 4
  ldr r4, = _start+4
  ldr r1, lit
  b 1f
  .ltorg
1:
  ldr r0, =0x11111111
  movs r1, r2
  .align 2
lit:
  .word 0xcafe
  ldr r0, =0x22222222
  .data
msg:
  .asciz "hello"
)",
                   "pool");
}

TEST(AsmOracle, RelaxationAndIt) {
  compare_with_gas(R"(
  .syntax unified
  .thumb
  .text
start:
  b far
  beq far
  bne near
  cbz r0, near
  cbnz r7, near
  cbz r3, 9f
9:
  bl far
  it eq
  moveq r0, #1
  ite ne
  addne r0, r1, r2
  subeq r0, r0, #1
  itttt gt
  movgt r0, r1
  addgt r0, r0, #1
  ldrgt r0, [r1, #4]
  bgt far
near:
  .space 300
  b start
  beq start
  .space 2000
far:
  bx lr
  b start
)",
                   "relax");
}

// GNU as shorthands that hand-written code uses and the table's objdump templates do not spell
// out: two-operand data processing at any register number, the 32-bit shift-immediate mnemonics
// (MOV with a shift), RRX, and LDRD/STRD pre-indexed with offset 0.
TEST(AsmOracle, GnuShorthands) {
  compare_with_gas(R"(
  .syntax unified
  .thumb
  .text
  lsl r8, r2, #31
  lsls r8, r2, #3
  lsr r9, r10, #1
  asrs r11, r12, #30
  ror r1, r2, #5
  lsl r1, r2, #4
  rrx r8, r9
  rrxs r1, r2
  subs r11, #1
  add r11, #1
  add r8, r9
  adds r8, #200
  and r8, #255
  orr r1, r2
  orr r9, r10
  orrs r9, r10
  eor r9, #1
  bic r12, r3
  orn r4, r5
  adc r8, r1
  sbcs r8, #4
  rsb r9, #0
  mul r8, r9
  lsl r8, r3
  lsrs r1, r10
  cmp r8, #300
  itttt eq
  lsleq r8, r2, #2
  addeq r11, #1
  orreq r1, r2
  andeq r8, #15
  ite ne
  rorne r9, r9, #8
  subeq r10, r10
  ldrd r5, r2, [r3, #0]!
  strd r5, r2, [r3, #0]!
  ldrd r5, r2, [r3, #-8]!
  bx lr
)",
                   "shorthand");
}

TEST(AsmOracle, GccOutput) {
  compare_with_gas(R"(
	.cpu cortex-m3
	.arch armv7-m
	.fpu softvfp
	.eabi_attribute 20, 1
	.eabi_attribute 21, 1
	.eabi_attribute 23, 3
	.eabi_attribute 24, 1
	.eabi_attribute 25, 1
	.eabi_attribute 26, 1
	.eabi_attribute 30, 2
	.eabi_attribute 34, 1
	.eabi_attribute 18, 4
	.file	"c.c"
	.text
	.align	1
	.p2align 2,,3
	.global	f
	.syntax unified
	.thumb
	.thumb_func
	.type	f, %function
f:
	@ args = 0, pretend = 0, frame = 0
	@ frame_needed = 0, uses_anonymous_args = 0
	@ link register save eliminated.
	cmp	r0, #0
	ble	.L14
	movs	r3, #0
	ldr	r2, .L16
	push	{r4, r5}
	ldr	r4, [r2]
	mov	r2, r3
	ldr	r5, .L16+4
	ldr	r1, [r5]
.L4:
	adds	r2, r2, #1
	cmp	r0, r2
	add	r1, r1, r3
	add	r3, r3, r4
	bne	.L4
	str	r1, [r5]
	cbz	r1, .L6
	pop	{r4, r5}
	ldr	r3, .L16+8
	and	r0, r0, #1
	ldrb	r0, [r3, r0]	@ zero_extendqisi2
	bx	lr
.L6:
	movs	r0, #7
	pop	{r4, r5}
	bx	lr
.L14:
	ldr	r3, .L16+4
	ldr	r1, [r3]
	cbz	r1, .L11
	ldr	r3, .L16+8
	and	r0, r0, #1
	ldrb	r0, [r3, r0]	@ zero_extendqisi2
	bx	lr
.L11:
	movs	r0, #7
	bx	lr
.L17:
	.align	2
.L16:
	.word	.LANCHOR1
	.word	.LANCHOR0
	.word	.LANCHOR2
	.size	f, .-f
	.align	1
	.p2align 2,,3
	.global	_start
	.syntax unified
	.thumb
	.thumb_func
	.type	_start, %function
_start:
	@ Volatile: function does not return.
	@ args = 0, pretend = 0, frame = 0
	@ frame_needed = 0, uses_anonymous_args = 0
	movs	r0, #3
	push	{r3, lr}
	bl	f
.L19:
	b	.L19
	.size	_start, .-_start
	.global	msg
	.global	g
	.section	.rodata
	.align	2
	.set	.LANCHOR2,. + 0
	.type	msg, %object
	.size	msg, 4
msg:
	.ascii	"hi\012\000"
	.data
	.align	2
	.set	.LANCHOR1,. + 0
	.type	g, %object
	.size	g, 4
g:
	.word	3
	.bss
	.align	2
	.set	.LANCHOR0,. + 0
	.type	z, %object
	.size	z, 4
z:
	.space	4
	.ident	"GCC: (15:12.2.rel1-1) 12.2.1 20221205"
	.section	.note.GNU-stack,"",%progbits
)",
                   "gcc");
}

namespace {
// A C program exercising what GCC emits for a Cortex-M3: loops, a switch table, 64-bit multiply,
// division by constants, clamps, IT blocks, literal pools, .rodata strings, .data and .bss.
const char* const kCProgram = R"(
typedef unsigned u32;
static const char *names[] = {"zero", "one", "two", "three", "four", "five", "six"};
volatile u32 sink;
u32 table[64];
char buf[100];
int counter = 7;
static u32 crc(const unsigned char *p, int n) {
  u32 c = 0xffffffff;
  for (int i = 0; i < n; i++) { c ^= p[i]; for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320 & -(c & 1)); }
  return ~c;
}
int sw(int x) {
  switch (x) { case 0: return 11; case 1: return 22; case 2: return 37; case 3: return 41;
               case 4: return 59; case 5: return 61; case 6: return 77; default: return -1; }
}
long long mul(long long a, long long b) { return a * b; }
u32 divs(u32 a) { return a / 10 + a % 7; }
int clamp(int v) { return v < 0 ? 0 : v > 255 ? 255 : v; }
void copy(char *d, const char *s) { while ((*d++ = *s++)) ; }
void _start(void) {
  for (int i = 0; i < 64; i++) table[i] = crc((const unsigned char*)names[i % 7], 4) + sw(i) + clamp(i * 9);
  copy(buf, names[3]);
  sink = divs(table[5]) + (u32)mul(table[1], table[2]) + counter;
  for (;;) ;
}
)";

std::string gcc_asm(const std::string& opt) {
  fs::path dir = fs::temp_directory_path() / ("m3lab_asm_gcc_" + std::to_string(::getpid()) + opt);
  fs::create_directories(dir);
  std::ofstream(dir / "p.c") << kCProgram;
  std::string cmd = std::string(ARM_GCC) + " -mcpu=cortex-m3 -mthumb " + opt + " -S -o '" +
                    (dir / "p.s").string() + "' '" + (dir / "p.c").string() + "' 2>&1";
  int rc = std::system(cmd.c_str());
  std::string s = rc == 0 ? slurp(dir / "p.s") : "";
  fs::remove_all(dir);
  return s;
}
}  // namespace

TEST(AsmOracle, GccCompiledProgramAtSeveralLevels) {
  for (const char* opt : {"-O0", "-O1", "-O2", "-Os", "-O2 -g"}) {
    SCOPED_TRACE(opt);
    std::string s = gcc_asm(opt);
    ASSERT_FALSE(s.empty());
    compare_with_gas(s, std::string("gcc") + std::to_string(std::hash<std::string>{}(opt) % 1000));
  }
}

TEST(AsmOracle, AdrToLabels) {
  compare_with_gas(R"(
  .syntax unified
  .thumb
  .text
  .thumb_func
f:
  adr r0, f
  adr r1, g
  adr r2, h
  adr.w r3, g
  nop
  .align 2
g:
  .word 0
h:
  .short 1
  adr r4, g
)",
                   "adr");
}

// Branches, CBZ and literal loads around their range limits: sizes chosen by relaxation must be
// GNU as's, for paddings on both sides of each limit.
TEST(AsmOracle, RelaxationAtRangeLimits) {
  for (int pad : {140, 146, 148, 150, 152}) {
    for (int far : {2010, 2020, 2030}) {
      std::string s = "  .syntax unified\n  .thumb\n";
      for (int i = 0; i < 6; ++i) s += "  beq t" + std::to_string(i) + "\n";
      for (int i = 0; i < 6; ++i) s += "  cbz r0, c" + std::to_string(i) + "\n";
      s += "  ldr r0, lit1\n  ldr r1, =0x12345678\n  .space 80\n";
      for (int i = 0; i < 6; ++i) s += "c" + std::to_string(i) + ": nop\n";
      s += "  .space " + std::to_string(pad) + "\n";
      for (int i = 0; i < 6; ++i)
        s += "t" + std::to_string(i) + ": b t" + std::to_string(5 - i) + "\n  bne back\n";
      s += "  .ltorg\n  .space " + std::to_string(far) + "\nback: b.n back\n  .align 2\nlit1: .word 5\n";
      s += "  .space 900\n  b 1f\n  .space 2040\n1: bx lr\n";
      SCOPED_TRACE("pad " + std::to_string(pad) + ", far " + std::to_string(far));
      compare_with_gas(s, "limits" + std::to_string(pad) + "_" + std::to_string(far));
    }
  }
}

TEST(AsmOracle, MovwMovtRelocationOperators) {
  compare_with_gas(R"(
  .syntax unified
  .thumb
  .text
  .thumb_func
f:
  movw r0, #:lower16:msg
  movt r0, #:upper16:msg
  movw r1, #:lower16:f
  movt r1, #:upper16:f
  movw r2, #:lower16:(msg + 0x1234)
  movt r2, #:upper16:(msg + 0x1234)
  movw r3, #:lower16:0xdeadbeef
  bx lr
  .data
  .word 0
msg:
  .asciz "x"
)",
                   "movw");
}

TEST(AsmOracle, ReptBlocks) {
  compare_with_gas(R"(
  .syntax unified
  .thumb
  .text
  .thumb_func
handler:
  .rept 3
  adds r0, r0, r1
  beq 1f
  .rept 2
  movs r2, #7
  .endr
1:
  .endr
  b handler
  .align 2
  .rept 4
  .word handler
  .endr
  .data
  .rept 5
  .byte 0x11
  .endr
)",
                   "rept");
}
