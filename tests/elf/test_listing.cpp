// The objdump-style listing: golden text for a hand-made image, robustness, and a line-by-line
// comparison with arm-none-eabi-objdump -d on our own output and on a gcc-built program.
#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <regex>

#include "elf_test_util.hpp"
#include "m3lab/isa/listing.hpp"

using namespace m3::isa;
using namespace m3test;

TEST(Listing, GoldenSample) {
  ListingOptions opt;
  opt.file_name = "sample.elf";
  EXPECT_EQ(disassemble_image(sample_image(), opt),
            "\n"
            "sample.elf:     file format elf32-littlearm\n"
            "\n"
            "\n"
            "Disassembly of section .text:\n"
            "\n"
            "00000100 <main>:\n"
            " 100:\t2005      \tmovs\tr0, #5\n"
            " 102:\t1888      \tadds\tr0, r1, r2\n"
            " 104:\teb01 08c2 \tadd.w\tr8, r1, r2, lsl #3\n"
            " 108:\t6848      \tldr\tr0, [r1, #4]\n"
            " 10a:\tbeab      \tbkpt\t0x00ab\n"
            " 10c:\te7f8      \tb.n\t100 <main>\n"
            "\n"
            "0000010e <spin>:\n"
            " 10e:\te7fe      \tb.n\t10e <spin>\n"
            "\n"
            "00000110 <literal>:\n"
            " 110:\t12345678 \t.word\t0x12345678\n");
}

TEST(Listing, DataWordsAndUndecodable) {
  ElfImage img;
  ElfSection s;
  s.name = ".text";
  s.addr = 0x20000000;  // the address column grows to 8 digits
  s.exec = true;
  s.data = {0x88, 0x18,              // adds r0, r1, r2
            0xff, 0xff, 0xff, 0xff,  // a 32-bit prefix the table does not know
            0x00, 0xb6,              // 16-bit, unknown to the table
            0x01, 0x02, 0x03, 0x04,  // $d: .word
            0x05, 0x06, 0x07};       // $d: .short, .byte
  s.size = static_cast<uint32_t>(s.data.size());
  img.sections.push_back(s);
  img.symbols = {{"$t", 0x20000000, 0, ElfSymbol::NoType, false, ".text"},
                 {"$d", 0x20000008, 0, ElfSymbol::NoType, false, ".text"}};
  std::string out = disassemble_image(img);
  EXPECT_EQ(out,
            "\nDisassembly of section .text:\n"
            "\n"
            "20000000 <.text>:\n"
            "20000000:\t1888      \tadds\tr0, r1, r2\n"
            "20000002:\tffff ffff \t.inst.w\t0xffffffff\n"
            "20000006:\tb600      \t.short\t0xb600\n"
            "20000008:\t04030201 \t.word\t0x04030201\n"
            "2000000c:\t0605      \t.short\t0x0605\n"
            "2000000e:\t07          \t.byte\t0x07\n");
}

TEST(Listing, NeverCrashesOnArbitraryBytes) {
  // Every 16-bit value, each followed by every kind of second halfword, in one section; a
  // truncated 32-bit instruction at the very end.
  ElfImage img;
  ElfSection s;
  s.name = ".text";
  s.exec = true;
  for (uint32_t h = 0; h < 0x10000; ++h) {
    s.data.push_back(static_cast<uint8_t>(h));
    s.data.push_back(static_cast<uint8_t>(h >> 8));
  }
  s.data.push_back(0x00);
  s.data.push_back(0xf0);
  s.size = static_cast<uint32_t>(s.data.size());
  img.sections.push_back(s);
  std::string out = disassemble_image(img);
  EXPECT_GT(out.size(), 100000u);
  EXPECT_NE(out.find("\n       0:\t"), std::string::npos);  // section end 0x20002: eight columns
}

TEST(Listing, NeverCrashesOnRandomImages) {
  // Random bytes, random mapping and function/object symbols (some outside the section), and
  // sections anywhere, up to the very top of the address space.
  std::mt19937 rng(7);
  for (int iter = 0; iter < 2000; ++iter) {
    ElfImage img;
    ElfSection s;
    s.name = ".text";
    s.exec = true;
    s.size = 1 + rng() % 300;
    s.addr = iter % 4 == 0 ? 0xffffffffu - rng() % 400 : static_cast<uint32_t>(rng());
    for (uint32_t k = 0; k < s.size; ++k) s.data.push_back(static_cast<uint8_t>(rng()));
    img.sections.push_back(s);
    int nsym = static_cast<int>(rng() % 12);
    for (int k = 0; k < nsym; ++k) {
      static const char* kNames[] = {"$t", "$d", "$a", "$t.1", "f", "g", "obj", ".L1", ""};
      ElfSymbol sym;
      sym.name = kNames[rng() % 9];
      sym.value = s.addr + static_cast<uint32_t>(rng() % (s.size + 8)) - 4;
      sym.type = static_cast<ElfSymbol::Type>(rng() % 5);
      sym.global = rng() % 2;
      sym.section = rng() % 4 ? ".text" : "";
      img.symbols.push_back(sym);
    }
    std::string out = disassemble_image(img);
    if (uint64_t{s.addr} + s.size <= 0xffffffffu) {
      ASSERT_NE(out.find("Disassembly of section .text:"), std::string::npos);
    }
  }
}

#ifdef M3LAB_ORACLE_TESTS

namespace {

struct Comparison {
  int compared = 0, undecoded = 0, skipped_in_it = 0;
};

// Compares our listing with objdump's line by line after normalisation. Lines we could not decode
// (the table is still growing) are counted, not compared; after an undecoded IT instruction the
// instructions it covers are skipped too, since their condition suffixes depend on it.
Comparison compare_with_objdump(const ElfImage& img, const std::string& path) {
  Comparison c;
  RunResult r = run(std::string(M3LAB_ARM_OBJDUMP) + " -d " + path);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.err, "");
  ListingOptions opt;
  opt.file_name = path;
  auto ours = lines(disassemble_image(img, opt));
  auto theirs = lines(r.out);
  EXPECT_EQ(ours.size(), theirs.size());
  std::regex it_mnemonic(R"(^\S+: [0-9a-f]{4} (it[te]{0,3}) )");
  int skip = 0;
  for (size_t i = 0; i < std::min(ours.size(), theirs.size()); ++i) {
    std::string a = normalise(ours[i]), b = normalise(theirs[i]);
    if (a.find(" .inst.w 0x") != std::string::npos ||
        (a.find(" .short 0x") != std::string::npos && b.find(" .short 0x") == std::string::npos)) {
      ++c.undecoded;
      std::smatch m;
      if (std::regex_search(b, m, it_mnemonic)) skip = static_cast<int>(m[1].length()) - 1;
      continue;
    }
    if (skip > 0) {
      --skip;
      ++c.skipped_in_it;
      continue;
    }
    EXPECT_EQ(a, b) << "line " << i + 1;
    ++c.compared;
  }
  return c;
}

}  // namespace

TEST(ListingOracle, MatchesObjdumpOnWrittenSample) {
  std::string path = temp_path("listing.elf");
  m3::Diagnostics d;
  ASSERT_TRUE(write_elf(sample_image(), path, d)) << d.str();
  auto img = read_elf(path, MemoryConfig{}, d);
  ASSERT_TRUE(img) << d.str();
  Comparison c = compare_with_objdump(*img, path);
  std::remove(path.c_str());
  EXPECT_EQ(c.undecoded, 0);
  EXPECT_GE(c.compared, 18);
}

TEST(ListingOracle, MatchesObjdumpOnGccElf) {
  m3::Diagnostics d;
  auto img = read_elf(M3LAB_TEST_PROG, MemoryConfig{}, d);
  ASSERT_TRUE(img) << d.str();
  Comparison c = compare_with_objdump(*img, M3LAB_TEST_PROG);
  // Headers, blank lines, data lines and every instruction gcc -O2 emitted must all agree.
  EXPECT_GE(c.compared, 250);
  EXPECT_EQ(c.undecoded, 0);
  std::printf("compared %d lines, %d undecoded, %d skipped inside IT blocks\n", c.compared, c.undecoded,
              c.skipped_in_it);
}

TEST(ListingOracle, MatchesObjdumpOnLibgccSoftFloat) {
  m3::Diagnostics d;
  auto img = read_elf(M3LAB_TEST_SOFTFLOAT, MemoryConfig{}, d);
  ASSERT_TRUE(img) << d.str();
  Comparison c = compare_with_objdump(*img, M3LAB_TEST_SOFTFLOAT);
  EXPECT_GE(c.compared, 1900);
  EXPECT_EQ(c.undecoded, 0);
  std::printf("compared %d lines, %d undecoded, %d skipped inside IT blocks\n", c.compared, c.undecoded,
              c.skipped_in_it);
}

#endif  // M3LAB_ORACLE_TESTS
