// Unit tests of the assembler: directives, expressions, labels, layout, symbols, line map and
// diagnostics (each with its exact file:line:col).
#include <gtest/gtest.h>

#include "asm_test_util.hpp"

using namespace m3;
using namespace m3::isa;
using namespace m3::isa::test;

namespace {
using Bytes = std::vector<uint8_t>;

// The diagnostics as "line:col: message" lines.
std::vector<std::string> diag_list(const Diagnostics& d) {
  std::vector<std::string> out;
  for (const Diag& x : d.list())
    out.push_back(std::to_string(x.line) + ":" + std::to_string(x.column) + ": " + x.message);
  return out;
}

// Assembles src expecting errors; returns the first one.
Diag first_error(const std::string& src) {
  AsmRun r = asm_src(src);
  EXPECT_FALSE(r.res);
  EXPECT_TRUE(r.diags.has_errors());
  for (const Diag& d : r.diags.list())
    if (d.severity == Severity::Error) return d;
  return {};
}
}  // namespace

TEST(AsmDirectives, DataBytesAndStrings) {
  AsmRun r = asm_src(R"(
    .data
    .byte 1, 2, -1
    .short 0x1234
    .word 0xdeadbeef
    .ascii "a\n\t\"\\\101\x42"
    .asciz "z"
    .string ""
  )");
  ASSERT_TRUE(r.res) << r.diags.str();
  Bytes want = {1,    2,    0xff, 0x34, 0x12, 0xef, 0xbe, 0xad, 0xde, 'a',
                '\n', '\t', '"',  '\\', 'A',  'B',  'z',  0,    0};
  EXPECT_EQ(bytes(*r.res, ".data"), want);
  const ElfSection* d = section(*r.res, ".data");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->addr, 0x20000000u);
  EXPECT_TRUE(d->write);
}

TEST(AsmDirectives, SpaceFillZeroAndBss) {
  AsmRun r = asm_src(R"(
    .data
    .space 3, 0xaa
    .zero 2
    .skip 1
    .fill 2, 2, 0x0102
    .bss
    buf: .space 100
    .comm big, 8, 8
  )");
  ASSERT_TRUE(r.res) << r.diags.str();
  EXPECT_EQ(bytes(*r.res, ".data"), (Bytes{0xaa, 0xaa, 0xaa, 0, 0, 0, 2, 1, 2, 1}));
  const ElfSection* b = section(*r.res, ".bss");
  ASSERT_TRUE(b);
  EXPECT_TRUE(b->nobits);
  EXPECT_TRUE(b->data.empty());
  EXPECT_EQ(b->addr, 0x20000010u);  // after .data, aligned to 8 for big
  EXPECT_EQ(b->size, 0x70u);        // buf: 100 bytes, then big aligned to 8 at 0x20000078, 8 bytes
  const ElfSymbol* big = symbol(*r.res, "big");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->value, 0x20000078u);
  EXPECT_TRUE(big->global);
  // One segment for the code region, one for SRAM with .bss beyond filesz.
  ASSERT_EQ(r.res->image.segments.size(), 2u);
  const ElfSegment& ram = r.res->image.segments[1];
  EXPECT_EQ(ram.vaddr, 0x20000000u);
  EXPECT_EQ(ram.filesz, 10u);
  EXPECT_EQ(ram.memsz, 0x80u);
}

TEST(AsmDirectives, AlignPadsDataWithZerosAndCodeWithNops) {
  AsmRun r = asm_src(R"(
    .data
    .byte 1
    .align 2
    .byte 2
    .balign 2
    .p2align 2, 0x55
    .text
    movs r0, #1
    .align 4
    movs r0, #2
    .byte 7
    .balign 4
    .word 9
  )");
  ASSERT_TRUE(r.res) << r.diags.str();
  EXPECT_EQ(bytes(*r.res, ".data"), (Bytes{1, 0, 0, 0, 2, 0, 0x55, 0x55}));
  // .text starts at 0x40 after the generated vector table.
  Bytes want = {0x01, 0x20, 0x00, 0xbf, 0xaf, 0xf3, 0x00, 0x80, 0xaf, 0xf3, 0x00, 0x80,
                0xaf, 0xf3, 0x00, 0x80, 0x02, 0x20, 0x07, 0x00, 9,    0,    0,    0};
  EXPECT_EQ(bytes(*r.res, ".text"), want);
}

TEST(AsmDirectives, AlignTooBigIsAnError) {
  Diag d = first_error("  .align 20\n");
  EXPECT_EQ(d.line, 1);
  EXPECT_EQ(d.column, 10);
  EXPECT_NE(d.message.find("alignment too big"), std::string::npos) << d.message;
  d = first_error("  .balign 3\n");
  EXPECT_NE(d.message.find("power of 2"), std::string::npos) << d.message;
}

TEST(AsmExpressions, OperatorsAndConstants) {
  AsmRun r = asm_src(R"(
    .equ N, (1 << 4) | 3
    .set M, N * 2 - 1
    K = -M
    .data
    .word N, M, K, 'a, 'b', '\n', 0b101, 010, 0x1F
    .word 7 / 2, 7 % 3, ~0 & 0xff, 5 > 3, 5 == 4, !0, 1 + 2 * 3, (1 + 2) * 3, 6 ^ 3, 12 >> 2
    .word 2 && 3, 0 || 0, 5 <> 5, 3 <= 3
  )");
  ASSERT_TRUE(r.res) << r.diags.str();
  Bytes d = bytes(*r.res, ".data");
  std::vector<uint32_t> want = {19,         37,        static_cast<uint32_t>(-37),
                                'a',        'b',       '\n',
                                5,          8,         31,
                                3,          1,         255,
                                0xffffffff, 0,         1,
                                7,          9,         5,
                                3,          1,         0,
                                0,          0xffffffff};
  ASSERT_EQ(d.size(), want.size() * 4);
  for (size_t k = 0; k < want.size(); ++k) EXPECT_EQ(word_at(d, 4 * k), want[k]) << "word " << k;
  const ElfSymbol* n = symbol(*r.res, "N");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->value, 19u);
  EXPECT_EQ(n->section, "");
}

TEST(AsmExpressions, DotAndLabelArithmetic) {
  AsmRun r = asm_src(R"(
    .data
  a: .word .
     .word b - a, a + 4
  b: .short . - a
  )");
  ASSERT_TRUE(r.res) << r.diags.str();
  Bytes d = bytes(*r.res, ".data");
  EXPECT_EQ(word_at(d, 0), 0x20000000u);
  EXPECT_EQ(word_at(d, 4), 12u);
  EXPECT_EQ(word_at(d, 8), 0x20000004u);
  EXPECT_EQ(d[12], 12);
}

TEST(AsmExpressions, Errors) {
  Diag d = first_error(".data\n  .word 1 +\n");
  EXPECT_EQ(d.line, 2);
  EXPECT_EQ(d.column, 12);
  EXPECT_EQ(d.message, "expected an expression");
  d = first_error(".data\n  .word (1 + 2\n");
  EXPECT_EQ(d.column, 15);
  EXPECT_EQ(d.message, "missing ')'");
  d = first_error(".data\n  .word 4 / (2 - 2)\n");
  EXPECT_EQ(d.message, "division by zero");
  EXPECT_EQ(d.column, 11);
  d = first_error(".data\n  .word 0x\n");
  EXPECT_EQ(d.message, "invalid number");
}

TEST(AsmExpressions, ErrorsInsideInstructionOperands) {
  Diag d = first_error("  movs r0, #(1 + 2\n");
  EXPECT_EQ(d.message, "missing ')'");
  EXPECT_EQ(d.column, 19);
  d = first_error("  movs r0, #3 / 0\n");
  EXPECT_EQ(d.message, "division by zero");
  EXPECT_EQ(d.column, 15);
}

TEST(AsmLabels, LocalNumericLabels) {
  // b.n encodes (target - (pc + 4)) / 2 in 11 bits.
  AsmRun r = asm_src(R"(
  1: b 1f
     movs r0, #1
  1: b 1b
     b 2f
  2: b 1b
  )");
  ASSERT_TRUE(r.res) << r.diags.str();
  Bytes t = bytes(*r.res, ".text");
  ASSERT_GE(t.size(), 10u);
  auto hw = [&](size_t k) { return static_cast<uint16_t>(t[2 * k] | t[2 * k + 1] << 8); };
  EXPECT_EQ(hw(0), 0xe000);  // b 1f: 0x40 -> 0x44
  EXPECT_EQ(hw(2), 0xe7fe);  // b 1b: to itself
  EXPECT_EQ(hw(3), 0xe7ff);  // b 2f: next instruction
  EXPECT_EQ(hw(4), 0xe7fc);  // b 1b: 0x48 -> 0x44
}

TEST(AsmLabels, DuplicateLabel) {
  AsmRun r = asm_src("x:\n  movs r0, #1\n  x: movs r0, #2\n");
  ASSERT_FALSE(r.res);
  ASSERT_EQ(r.diags.list().size(), 1u);
  EXPECT_EQ(diag_list(r.diags)[0], "3:3: symbol 'x' is already defined");
  EXPECT_EQ(r.diags.list()[0].file, "t.s");
  EXPECT_EQ(r.diags.list()[0].source_line, "  x: movs r0, #2");
}

TEST(AsmLabels, UndefinedSymbolColumn) {
  Diag d = first_error("  movs r0, #1\n\tb  nowhere\n");
  EXPECT_EQ(d.line, 2);
  EXPECT_EQ(d.column, 5);
  EXPECT_EQ(d.message, "undefined symbol 'nowhere'");
  d = first_error(".data\n .word 4 + missing\n");
  EXPECT_EQ(d.column, 12);
  EXPECT_EQ(d.message, "undefined symbol 'missing'");
  d = first_error("  b 1f\n");
  EXPECT_EQ(d.column, 5);
  EXPECT_EQ(d.message, "undefined symbol '1f'");
}

TEST(AsmDiagnostics, UnknownInstructionAndDirective) {
  AsmRun r = asm_src("  movs r0, #1\n\tfrobnicate r0, r1\n  .foo 1, 2\n  movs r0, #257 @ too big\n");
  ASSERT_FALSE(r.res);
  std::vector<std::string> want = {"2:2: unknown instruction 'frobnicate'", "3:3: unknown directive '.foo'",
                                   "4:8: immediate or offset out of range (257)"};
  EXPECT_EQ(diag_list(r.diags), want);
  // gcc style with the source line and a caret.
  EXPECT_NE(r.diags.str().find("t.s:4:8: error: immediate or offset out of range (257)\n"
                               "     4 |   movs r0, #257 @ too big\n"
                               "       |        ^\n"),
            std::string::npos)
      << r.diags.str();
}

TEST(AsmDiagnostics, CollectsAllErrors) {
  AsmRun r = asm_src("a:\na:\n  bogus\n.data\n  .word undefined_thing\n  .align 99\n .section\n");
  ASSERT_FALSE(r.res);
  EXPECT_EQ(r.diags.error_count(), 5) << r.diags.str();
}

TEST(AsmDiagnostics, ArmModeAndNobits) {
  Diag d = first_error("  .arm\n");
  EXPECT_NE(d.message.find("only Thumb"), std::string::npos);
  d = first_error("  .bss\n  movs r0, #1\n");
  EXPECT_EQ(d.line, 2);
  EXPECT_EQ(d.column, 3);
  EXPECT_NE(d.message.find("NOBITS"), std::string::npos);
  d = first_error("  .bss\n  .word 5\n");
  EXPECT_NE(d.message.find("NOBITS"), std::string::npos);
}

TEST(AsmComments, AllCommentStylesAndSemicolons) {
  AsmRun r = asm_src(
      "# a comment line\n"
      "  movs r0, #1 @ comment; not a statement\n"
      "  movs r1, #2 // another\n"
      "  /* block\n  still */ movs r2, #3 ; movs r3, #4\n"
      "  movs r4, #'@'\n"
      "  .data\n  .ascii \"@;//\"\n");
  ASSERT_TRUE(r.res) << r.diags.str();
  EXPECT_EQ(bytes(*r.res, ".text"), (Bytes{0x01, 0x20, 0x02, 0x21, 0x03, 0x22, 0x04, 0x23, 0x40, 0x24}));
  EXPECT_EQ(bytes(*r.res, ".data"), (Bytes{'@', ';', '/', '/'}));
}

TEST(AsmLayout, GeneratedVectorTable) {
  AsmRun r = asm_src(R"(
    .text
    bkpt 1
    .global _start
    .thumb_func
  _start:
    movs r0, #0
  )");
  ASSERT_TRUE(r.res) << r.diags.str();
  const ElfSection* v = section(*r.res, ".isr_vector");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->addr, 0u);
  ASSERT_EQ(v->data.size(), 64u);
  EXPECT_EQ(word_at(v->data, 0), 0x20010000u);  // top of the default 64 KiB SRAM
  EXPECT_EQ(word_at(v->data, 4), 0x43u);        // _start | 1
  for (size_t k = 2; k < 16; ++k) EXPECT_EQ(word_at(v->data, 4 * k), 0u);
  EXPECT_EQ(section(*r.res, ".text")->addr, 0x40u);
  EXPECT_EQ(r.res->image.entry, 0x43u);
  ASSERT_FALSE(r.res->image.segments.empty());
  EXPECT_EQ(r.res->image.segments[0].vaddr, 0u);
  EXPECT_TRUE(r.res->image.segments[0].exec);
  EXPECT_EQ(r.res->image.segments[0].filesz, 0x44u + 0u);
}

TEST(AsmLayout, VectorTableResetDefaultsToFirstInstruction) {
  AsmOptions opt;
  opt.map.sram_size = 0x8000;
  AsmRun r = asm_src("  .data\n  .word 1\n  .text\n  movs r0, #0\n", opt);
  ASSERT_TRUE(r.res) << r.diags.str();
  Bytes v = bytes(*r.res, ".isr_vector");
  EXPECT_EQ(word_at(v, 0), 0x20008000u);
  EXPECT_EQ(word_at(v, 4), 0x41u);
}

TEST(AsmLayout, UserIsrVectorFirstThenTextThenRodata) {
  AsmRun r = asm_src(R"(
    .section .rodata
  msg: .asciz "hi"
    .text
    .thumb_func
  reset:
    b reset
    .section .isr_vector, "a", %progbits
    .word 0x20001000
    .word reset
    .word handler
    .text
    .type handler, %function
  handler:
    bkpt 0
  )");
  ASSERT_TRUE(r.res) << r.diags.str();
  const ElfSection* v = section(*r.res, ".isr_vector");
  const ElfSection* t = section(*r.res, ".text");
  const ElfSection* ro = section(*r.res, ".rodata");
  ASSERT_TRUE(v && t && ro);
  EXPECT_EQ(v->addr, 0u);
  EXPECT_EQ(v->size, 12u);
  EXPECT_EQ(t->addr, 12u);
  EXPECT_EQ(ro->addr, 16u);
  EXPECT_EQ(word_at(v->data, 0), 0x20001000u);
  EXPECT_EQ(word_at(v->data, 4), 13u);  // reset | 1 (.thumb_func)
  EXPECT_EQ(word_at(v->data, 8), 15u);  // handler | 1 (.type %function)
  EXPECT_EQ(r.res->image.entry, 13u);
  const ElfSymbol* s = symbol(*r.res, "reset");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->value, 13u);
  EXPECT_EQ(s->type, ElfSymbol::Func);
  EXPECT_EQ(s->section, ".text");
  const ElfSymbol* m = symbol(*r.res, "msg");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->value, 16u);
  EXPECT_EQ(m->type, ElfSymbol::NoType);
}

TEST(AsmLayout, SubsectionsMergeIntoFamilies) {
  AsmRun r = asm_src(R"(
    .section .text.a, "ax", %progbits
    movs r0, #1
    .section .data.x, "aw"
    .word 1
    .section .rodata.str1.1, "aMS", %progbits, 1
    .byte 5
    .section .note.GNU-stack, "", %progbits
    .section .mybss, "aw", %nobits
    .space 4
    .text
    movs r0, #2
  )");
  ASSERT_TRUE(r.res) << r.diags.str();
  // .text first (GNU as always creates it first; ld's *(.text .text.*) keeps input order).
  EXPECT_EQ(bytes(*r.res, ".text"), (Bytes{0x02, 0x20, 0x01, 0x20}));
  EXPECT_EQ(bytes(*r.res, ".data"), (Bytes{1, 0, 0, 0}));
  EXPECT_EQ(bytes(*r.res, ".rodata"), (Bytes{5}));
  ASSERT_TRUE(section(*r.res, ".bss"));
  EXPECT_EQ(section(*r.res, ".bss")->size, 4u);
}

TEST(AsmSymbols, ThumbFuncBitAndMappingSymbols) {
  AsmRun r = asm_src(R"(
    .syntax unified
    .thumb
    .global f
    .thumb_func
  f: movs r0, #1
    .word f, f + 4
    .size f, . - f
  g: adds r0, r1, r2
    .type obj, %object
    .data
  obj: .word 3
  )");
  ASSERT_TRUE(r.res) << r.diags.str();
  Bytes t = bytes(*r.res, ".text");
  EXPECT_EQ(word_at(t, 2), 0x41u);
  EXPECT_EQ(word_at(t, 6), 0x45u);
  const ElfSymbol* f = symbol(*r.res, "f");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->value, 0x41u);
  EXPECT_EQ(f->type, ElfSymbol::Func);
  EXPECT_TRUE(f->global);
  EXPECT_EQ(f->size, 10u);
  const ElfSymbol* g = symbol(*r.res, "g");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->value, 0x4au);
  EXPECT_FALSE(g->global);
  EXPECT_EQ(symbol(*r.res, "obj")->type, ElfSymbol::Object);
  // As GNU as: $t at f, $d at the words, $t at g; none in data sections.
  std::vector<std::pair<std::string, uint32_t>> maps;
  for (const ElfSymbol& s : r.res->image.symbols)
    if (s.name[0] == '$') maps.emplace_back(s.name, s.value);
  std::vector<std::pair<std::string, uint32_t>> want = {{"$t", 0x40}, {"$d", 0x42}, {"$t", 0x4a}};
  EXPECT_EQ(maps, want);
}

TEST(AsmLineMap, EveryInstructionHasItsLine) {
  AsmRun r = asm_src("  movs r0, #1\n\n  .word 5\n  adds r0, r1, r2\nl: add r0, r1, r2 ; bkpt 0\n");
  ASSERT_TRUE(r.res) << r.diags.str();
  std::vector<std::pair<uint32_t, int>> got;
  for (const LineMapEntry& e : r.res->lines) got.emplace_back(e.addr, e.line);
  std::vector<std::pair<uint32_t, int>> want = {{0x40, 1}, {0x46, 4}, {0x48, 5}, {0x4c, 5}};
  EXPECT_EQ(got, want);
}

TEST(AsmLineMap, SortedByAddressAcrossSections) {
  AsmRun r = asm_src("  .section .text.b, \"ax\"\n  movs r0, #1\n  .text\n  movs r1, #2\n");
  ASSERT_TRUE(r.res) << r.diags.str();
  ASSERT_EQ(r.res->lines.size(), 2u);
  EXPECT_EQ(r.res->lines[0].addr, 0x40u);
  EXPECT_EQ(r.res->lines[0].line, 4);
  EXPECT_EQ(r.res->lines[1].addr, 0x42u);
  EXPECT_EQ(r.res->lines[1].line, 2);
}

TEST(AsmWidth, ShortestEncodingUnlessSuffix) {
  AsmRun r = asm_src("  adds r0, r1, r2\n  add r0, r1, r2\n  adds.w r0, r1, r2\n");
  ASSERT_TRUE(r.res) << r.diags.str();
  EXPECT_EQ(bytes(*r.res, ".text"), (Bytes{0x88, 0x18, 0x01, 0xeb, 0x02, 0x00, 0x11, 0xeb, 0x02, 0x00}));
}

TEST(AsmSymbols, MappingSymbolsAroundAlignmentPadding) {
  // As GNU as: the odd pad byte is data, the NOPs after it are code.
  AsmRun r = asm_src(
      "  movs r0, #1\n  .byte 0x55\n  .align 1\n  movs r0, #2\n  .word 0\n  .align 3\n  movs r0, #3\n");
  ASSERT_TRUE(r.res) << r.diags.str();
  std::vector<std::pair<std::string, uint32_t>> maps;
  for (const ElfSymbol& s : r.res->image.symbols)
    if (s.name[0] == '$') maps.emplace_back(s.name, s.value);
  std::vector<std::pair<std::string, uint32_t>> want = {
      {"$t", 0x40}, {"$d", 0x42}, {"$t", 0x44}, {"$d", 0x46}, {"$t", 0x4a}};
  EXPECT_EQ(maps, want);
}

TEST(AsmDirectives, Leb128AndDebugSectionsAreDropped) {
  AsmRun r = asm_src(R"(
    .data
    .uleb128 624485, 0, 127, 128
    .sleb128 -123456, 63, 64, -64
    .section .debug_info, "", %progbits
    .4byte .Ltext0
    .uleb128 5
    .text
.Ltext0:
    movs r0, #1
  )");
  ASSERT_TRUE(r.res) << r.diags.str();
  EXPECT_EQ(bytes(*r.res, ".data"), (std::vector<uint8_t>{0xe5, 0x8e, 0x26, 0x00, 0x7f, 0x80, 0x01, 0xc0,
                                                          0xbb, 0x78, 0x3f, 0xc0, 0x00, 0x40}));
  for (const ElfSection& s : r.res->image.sections) EXPECT_EQ(s.name.find(".debug"), std::string::npos);
}

TEST(AsmLayout, LinkerScriptSymbols) {
  AsmRun r = asm_src(R"(
    .section .isr_vector, "a", %progbits
    .word _estack, reset
    .text
    .thumb_func
  reset:
    b reset
    .section .rodata
    .word _etext, _sdata, _sidata, _edata, _sbss, _ebss
    .data
    .word 1, 2
    .bss
    .align 3
    .space 20
  _end: .space 4   @ defined by the program: not the linker's
  )");
  ASSERT_TRUE(r.res) << r.diags.str();
  std::vector<uint8_t> v = bytes(*r.res, ".isr_vector");
  EXPECT_EQ(word_at(v, 0), 0x20010000u);
  std::vector<uint8_t> ro = bytes(*r.res, ".rodata");
  EXPECT_EQ(word_at(ro, 0), 0x22u);  // end of .rodata: 8 (vectors) + 2 (text) + 24
  EXPECT_EQ(word_at(ro, 4), 0x20000000u);
  EXPECT_EQ(word_at(ro, 8), 0x20000000u);
  EXPECT_EQ(word_at(ro, 12), 0x20000008u);
  EXPECT_EQ(word_at(ro, 16), 0x20000008u);
  EXPECT_EQ(word_at(ro, 20), 0x20000020u);
  const ElfSymbol* e = symbol(*r.res, "_estack");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->value, 0x20010000u);
  EXPECT_EQ(symbol(*r.res, "_end")->section, ".bss");
}

TEST(AsmDirectives, SectionStackInstAndEnd) {
  AsmRun r = asm_src(R"(
    movs r0, #1
    .pushsection .data
    .byte 1
    .pushsection .rodata
    .byte 2
    .popsection
    .byte 3
    .popsection
    .inst.n 0xbf00
    .inst.w 0xf3af8000
    .data
    .byte 4
    .previous
    .inst 0x2005
    .end
    this is not assembled
  )");
  ASSERT_TRUE(r.res) << r.diags.str();
  EXPECT_EQ(bytes(*r.res, ".text"),
            (std::vector<uint8_t>{0x01, 0x20, 0x00, 0xbf, 0xaf, 0xf3, 0x00, 0x80, 0x05, 0x20}));
  EXPECT_EQ(bytes(*r.res, ".data"), (std::vector<uint8_t>{1, 3, 4}));
  EXPECT_EQ(bytes(*r.res, ".rodata"), (std::vector<uint8_t>{2}));
  EXPECT_EQ(r.res->lines.size(), 1u);  // .inst is data to the line map: only real instructions
}

TEST(AsmDirectives, SectionErrors) {
  Diag d = first_error("  .section .foo, \"aw\", %weird\n");
  EXPECT_EQ(d.column, 24);
  EXPECT_NE(d.message.find("unknown section type"), std::string::npos);
  d = first_error("  .popsection\n");
  EXPECT_EQ(d.column, 3);
  d = first_error("  .type f, %banana\n");
  EXPECT_EQ(d.column, 12);
  d = first_error("  .global 3x\n");
  EXPECT_EQ(d.message, "expected a symbol name");
}

TEST(AsmDirectives, ConditionalAssembly) {
  AsmRun r = asm_src(R"(
    .equ DEBUG, 1
    .data
    .if DEBUG
    .byte 1
    .if DEBUG - 1
    .byte 2
    .else
    .byte 3
    .endif
    .else
    .byte 4
    .endif
    .ifdef DEBUG
    .byte 5
    .endif
    .ifndef DEBUG
    .byte 6
    bogus instruction that is skipped
    .endif
  )");
  ASSERT_TRUE(r.res) << r.diags.str();
  EXPECT_EQ(bytes(*r.res, ".data"), (std::vector<uint8_t>{1, 3, 5}));
  Diag d = first_error("  .if 1\n  .byte 1\n");
  EXPECT_EQ(d.line, 1);
  EXPECT_NE(d.message.find("without '.endif'"), std::string::npos);
  d = first_error("  .endif\n");
  EXPECT_EQ(d.column, 3);
}

TEST(AsmDiagnostics, LayoutThatCannotConverge) {
  AsmRun r = asm_src(".data\na: .space 10 - (b - a)\nb:\n");
  ASSERT_FALSE(r.res);
  EXPECT_NE(r.diags.str().find("layout did not converge"), std::string::npos) << r.diags.str();
}

TEST(AsmDiagnostics, ProgramTooBigForTheMemoryMap) {
  AsmRun r = asm_src("  .space 300000\n");
  ASSERT_FALSE(r.res);
  EXPECT_NE(r.diags.str().find("does not fit in the code region"), std::string::npos) << r.diags.str();
  r = asm_src("  .bss\n  .space 0x10001\n");
  ASSERT_FALSE(r.res);
  EXPECT_NE(r.diags.str().find("does not fit in SRAM"), std::string::npos) << r.diags.str();
  AsmOptions opt;
  opt.map.code_base = 0x08000000;
  opt.map.sram_size = 0x20000;
  r = asm_src("  .bss\n  .space 0x10001\n  .text\n  movs r0, #1\n", opt);
  ASSERT_TRUE(r.res) << r.diags.str();
  EXPECT_EQ(section(*r.res, ".text")->addr, 0x08000040u);
  EXPECT_EQ(r.res->image.entry, 0x08000041u);
}

TEST(AsmDiagnostics, TruncationIsAWarning) {
  AsmRun r = asm_src(".data\n  .byte 256, 1\n");
  ASSERT_TRUE(r.res) << r.diags.str();
  ASSERT_EQ(r.diags.list().size(), 1u);
  const Diag& d = r.diags.list()[0];
  EXPECT_EQ(d.severity, Severity::Warning);
  EXPECT_EQ(d.line, 2);
  EXPECT_EQ(d.column, 9);
  EXPECT_EQ(d.message, "value 0x100 truncated to 0x0");
  EXPECT_EQ(bytes(*r.res, ".data"), (std::vector<uint8_t>{0, 1}));
}

TEST(AsmDirectives, Rept) {
  AsmRun r = asm_src(R"(
    .data
    .rept 3
    .byte 1
    .rept 2
    .byte 2
    .endr
    .endr
    .rept 0
    .byte 9
    .endr
    .text
  t: .rept 4
  1: b 1f
    .endr
  1: bkpt 0
  )");
  ASSERT_TRUE(r.res) << r.diags.str();
  EXPECT_EQ(bytes(*r.res, ".data"), (std::vector<uint8_t>{1, 2, 2, 1, 2, 2, 1, 2, 2}));
  std::vector<uint8_t> t = bytes(*r.res, ".text");
  ASSERT_EQ(t.size(), 10u);
  for (size_t k = 0; k < 4; ++k) {  // each one "b.n <next instruction>": the next repetition's 1:
    EXPECT_EQ(t[2 * k], 0xff) << k;
    EXPECT_EQ(t[2 * k + 1], 0xe7) << k;
  }
  EXPECT_EQ(r.res->lines.size(), 5u);
  EXPECT_EQ(symbol(*r.res, "t")->value, 0x40u);
  Diag d = first_error("  .rept 2\n  .byte 1\n");
  EXPECT_NE(d.message.find("without '.endr'"), std::string::npos);
  d = first_error("  .endr\n");
  EXPECT_EQ(d.column, 3);
  d = first_error(".data\n  .rept 1000\n  .rept 1000\n  .rept 1000\n  .byte 0\n  .endr\n  .endr\n  .endr\n");
  EXPECT_NE(d.message.find("too many statements"), std::string::npos) << d.message;
  d = first_error("  .rept -1\n  .endr\n");
  EXPECT_NE(d.message.find("bad repeat count"), std::string::npos);
}
