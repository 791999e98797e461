// ELF reading, writing and loading: round trips, error messages, malformed input, and (with the
// oracles) readelf/objdump on what we write and on what gcc writes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <regex>

#include "elf_test_util.hpp"
#include "m3lab/isa/elf.hpp"
#include "m3lab/isa/listing.hpp"
#include "m3lab/isa/memory.hpp"

using namespace m3::isa;
using namespace m3test;

namespace {

std::vector<uint8_t> written_sample() {
  std::string path = temp_path("sample.elf");
  m3::Diagnostics d;
  EXPECT_TRUE(write_elf(sample_image(), path, d)) << d.str();
  auto bytes = read_bytes(path);
  std::remove(path.c_str());
  return bytes;
}

// Reads bytes expecting failure; returns the one-line message of the first error.
std::string read_error(const std::vector<uint8_t>& bytes, const MemoryConfig& map = {}) {
  m3::Diagnostics d;
  auto img = read_elf_bytes(bytes, "prog.elf", map, d);
  EXPECT_FALSE(img);
  EXPECT_TRUE(d.has_errors());
  if (d.list().empty()) return "";
  EXPECT_EQ(d.list()[0].file, "prog.elf");
  EXPECT_EQ(d.list()[0].line, 0);
  return m3::format_diag(d.list()[0]);
}

const ElfSymbol* find_sym(const ElfImage& img, const std::string& name) {
  for (const ElfSymbol& s : img.symbols)
    if (s.name == name) return &s;
  return nullptr;
}

}  // namespace

TEST(ElfWrite, RoundTrip) {
  ElfImage in = sample_image();
  std::string path = temp_path("rt.elf");
  m3::Diagnostics d;
  ASSERT_TRUE(write_elf(in, path, d)) << d.str();
  auto out = read_elf(path, MemoryConfig{}, d);
  std::remove(path.c_str());
  ASSERT_TRUE(out) << d.str();
  EXPECT_EQ(out->entry, 0x101u);
  ASSERT_EQ(out->sections.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    const ElfSection &a = in.sections[i], &b = out->sections[i];
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.addr, b.addr);
    EXPECT_EQ(a.size, b.size);
    EXPECT_EQ(a.data, b.data);
    EXPECT_EQ(a.exec, b.exec);
    EXPECT_EQ(a.write, b.write);
    EXPECT_EQ(a.nobits, b.nobits);
    EXPECT_EQ(a.align, b.align);
  }
  // Same symbols (written locals first, so compare as sets).
  ASSERT_EQ(out->symbols.size(), in.symbols.size());
  for (const ElfSymbol& s : in.symbols) {
    const ElfSymbol* t = find_sym(*out, s.name);
    ASSERT_TRUE(t) << s.name;
    EXPECT_EQ(t->value, s.value) << s.name;
    EXPECT_EQ(t->size, s.size) << s.name;
    EXPECT_EQ(t->type, s.type) << s.name;
    EXPECT_EQ(t->global, s.global) << s.name;
    EXPECT_EQ(t->section, s.section) << s.name;
  }
  for (size_t i = 1; i < out->symbols.size(); ++i)  // locals first
    EXPECT_FALSE(out->symbols[i - 1].global && !out->symbols[i].global);
  // .data and .bss share one PT_LOAD (filesz < memsz), .text has its own.
  ASSERT_EQ(out->segments.size(), 2u);
  EXPECT_EQ(out->segments[0].vaddr, 0x100u);
  EXPECT_TRUE(out->segments[0].exec);
  EXPECT_EQ(out->segments[0].filesz, 0x14u);
  EXPECT_EQ(out->segments[1].vaddr, 0x20000000u);
  EXPECT_EQ(out->segments[1].filesz, 8u);
  EXPECT_EQ(out->segments[1].memsz, 0x28u);
  EXPECT_TRUE(out->segments[1].write);
  EXPECT_FALSE(out->segments[1].exec);
}

TEST(ElfWrite, MappingSymbolsAreAlwaysLocalNoType) {
  ElfImage in = sample_image();
  in.symbols[0].global = true;
  in.symbols[0].type = ElfSymbol::Func;
  std::string path = temp_path("map.elf");
  m3::Diagnostics d;
  ASSERT_TRUE(write_elf(in, path, d)) << d.str();
  auto out = read_elf(path, MemoryConfig{}, d);
  std::remove(path.c_str());
  ASSERT_TRUE(out) << d.str();
  const ElfSymbol* t = find_sym(*out, "$t");
  ASSERT_TRUE(t);
  EXPECT_FALSE(t->global);
  EXPECT_EQ(t->type, ElfSymbol::NoType);
}

TEST(ElfWrite, Errors) {
  m3::Diagnostics d;
  ElfImage bad = sample_image();
  bad.symbols.push_back({"x", 0, 0, ElfSymbol::NoType, true, ".nowhere"});
  EXPECT_FALSE(write_elf(bad, temp_path("bad.elf"), d));
  EXPECT_NE(d.str().find("unknown section '.nowhere'"), std::string::npos) << d.str();

  m3::Diagnostics d2;
  EXPECT_FALSE(write_elf(sample_image(), "/nonexistent-dir/x.elf", d2));
  EXPECT_NE(d2.str().find("/nonexistent-dir/x.elf: error: cannot open for writing"), std::string::npos)
      << d2.str();
}

TEST(ElfLoad, CopiesAndZeroFills) {
  m3::Diagnostics d;
  auto img = read_elf_bytes(written_sample(), "s.elf", MemoryConfig{}, d);
  ASSERT_TRUE(img) << d.str();
  Memory mem;
  // Dirty the .bss area first: loading must zero it.
  std::vector<uint8_t> junk(0x40, 0xee);
  ASSERT_TRUE(mem.host_write(0x20000000, junk.data(), 0x40));
  ASSERT_TRUE(load_segments(*img, mem, d, "s.elf")) << d.str();
  EXPECT_EQ(mem.read16(0x100), 0x2005u);
  EXPECT_EQ(mem.read32(0x110), 0x12345678u);
  EXPECT_EQ(mem.read32(0x20000004), 0x08070605u);
  for (uint32_t a = 0x20000008; a < 0x20000028; a += 4) EXPECT_EQ(mem.read32(a), 0u) << std::hex << a;
  EXPECT_EQ(mem.read32(0x20000028), 0xeeeeeeeeu);  // beyond memsz: untouched

  // A segment that does not fit the map of the Memory it is loaded into.
  MemoryConfig small;
  small.sram_size = 16;
  Memory tiny(small);
  m3::Diagnostics d2;
  EXPECT_FALSE(load_segments(*img, tiny, d2, "s.elf"));
  EXPECT_NE(d2.str().find("s.elf: error: segment [0x20000000, 0x20000028)"), std::string::npos) << d2.str();
}

TEST(ElfLoad, InitialValuesAlsoAtTheLoadAddress) {
  auto b = written_sample();
  put32(b, 52 + 32 + 12, 0x200);  // segment 1 (.data+.bss): p_paddr in flash
  m3::Diagnostics d;
  auto img = read_elf_bytes(b, "s.elf", MemoryConfig{}, d);
  ASSERT_TRUE(img) << d.str();
  EXPECT_EQ(img->segments[1].paddr, 0x200u);
  Memory mem;
  ASSERT_TRUE(load_segments(*img, mem, d, "s.elf")) << d.str();
  EXPECT_EQ(mem.read32(0x20000000), 0x04030201u);
  EXPECT_EQ(mem.read32(0x200), 0x04030201u);
  EXPECT_EQ(mem.read32(0x204), 0x08070605u);
  EXPECT_EQ(mem.read32(0x208), 0u);  // only filesz bytes at the load address
}

TEST(ElfSymbols, LookupAndSymbolize) {
  ElfImage img = sample_image();
  EXPECT_EQ(img.symbol("main"), 0x101u);
  EXPECT_EQ(img.symbol("table"), 0x20000000u);
  EXPECT_FALSE(img.symbol("nope"));
  EXPECT_EQ(img.symbolize(0x100), "main");  // Thumb bit cleared for the comparison
  EXPECT_EQ(img.symbolize(0x106), "main+0x6");
  EXPECT_EQ(img.symbolize(0x10e), "spin");
  EXPECT_EQ(img.symbolize(0x110), "literal");  // $d at the same address is skipped
  EXPECT_EQ(img.symbolize(0x113), "literal+0x3");
  EXPECT_EQ(img.symbolize(0x20000004), "table+0x4");
  EXPECT_EQ(img.symbolize(0x20000010), "buffer+0x8");
  // Aliases at one address: objdump's order (function, global, larger, then by name).
  img.symbols.push_back({"__aeabi_alias", 0x10f, 2, ElfSymbol::Func, true, ".text"});
  img.symbols.push_back({"__zalias", 0x10f, 2, ElfSymbol::Func, true, ".text"});
  EXPECT_EQ(img.symbolize(0x10e), "__aeabi_alias");
  img.symbols.push_back({"__zbig", 0x10f, 4, ElfSymbol::Func, true, ".text"});
  EXPECT_EQ(img.symbolize(0x10e), "__zbig");
  img.symbols.resize(img.symbols.size() - 3);
  // Before the first symbol of a section: section-relative, like objdump.
  img.symbols.erase(img.symbols.begin() + 3);  // main
  EXPECT_EQ(img.symbolize(0x104), ".text+0x4");
  // Outside every section: the nearest absolute symbol, if any.
  EXPECT_EQ(img.symbolize(0x20010004), "STACK_TOP+0x4");
  EXPECT_FALSE(img.symbolize(0x50));
}

// ---------------------------------------------------------------------------------------------
// Error messages
// ---------------------------------------------------------------------------------------------

TEST(ElfRead, ErrorMessages) {
  const std::vector<uint8_t> good = written_sample();
  auto patched = [&](size_t off, std::initializer_list<uint8_t> bytes) {
    auto b = good;
    std::copy(bytes.begin(), bytes.end(), b.begin() + off);
    return b;
  };
  EXPECT_EQ(read_error({}), "prog.elf: error: empty file (not an ELF file)\n");
  EXPECT_EQ(read_error({'#', '!', '/', 'b'}), "prog.elf: error: not an ELF file (bad magic number)\n");
  EXPECT_EQ(read_error(patched(4, {2})), "prog.elf: error: not a 32-bit ELF file (it is ELF64)\n");
  EXPECT_EQ(read_error(patched(5, {2})),
            "prog.elf: error: not a little-endian ELF file (it is big-endian)\n");
  EXPECT_EQ(read_error(patched(18, {62, 0})), "prog.elf: error: not an ARM ELF file (machine 62, x86-64)\n");
  EXPECT_EQ(read_error(patched(16, {1, 0})),
            "prog.elf: error: not an executable ELF file (type 1, relocatable object; link it first)\n");
  EXPECT_EQ(
      read_error({good.begin(), good.begin() + 30}),
      "prog.elf: error: truncated ELF file (the 52-byte ELF header does not fit in the 30-byte file)\n");

  uint32_t shoff = get32(good, 32);
  std::vector<uint8_t> cut(good.begin(), good.begin() + shoff + 10);
  char want[200];
  std::snprintf(
      want, sizeof want,
      "prog.elf: error: truncated ELF file (section header table at offset 0x%x is past the end of the "
      "%zu-byte file)\n",
      shoff, cut.size());
  EXPECT_EQ(read_error(cut), want);
}

TEST(ElfRead, SegmentChecks) {
  const std::vector<uint8_t> good = written_sample();
  const size_t ph0 = 52, ph1 = 52 + 32;  // program headers follow the ELF header
  // filesz > memsz
  auto b = good;
  put32(b, ph1 + 16, 0x100);  // p_filesz
  EXPECT_NE(
      read_error(b).find("segment 1 (PT_LOAD at 0x20000000) has a file size (0x100) larger than its memory "
                         "size (0x28)"),
      std::string::npos);
  // file range outside the file
  b = good;
  put32(b, ph0 + 4, 0x7ffff000);  // p_offset
  EXPECT_NE(
      read_error(b).find("truncated ELF file (segment 0 (PT_LOAD at 0x00000100) data at offset 0x7ffff000"),
      std::string::npos);
  // Straddles the end of SRAM: inside no single region.
  MemoryConfig small;
  small.sram_size = 0x20;
  EXPECT_EQ(
      read_error(good, small),
      "prog.elf: error: segment 1 (PT_LOAD at 0x20000000) occupies [0x20000000, 0x20000028), which is not "
      "inside one region of the memory map (code [0x00000000, 0x00040000), SRAM [0x20000000, 0x20000020), "
      "ext RAM [0x60000000, 0x60400000))\n");
  // A load address (p_paddr) outside the map.
  b = good;
  put32(b, ph1 + 12, 0x10000000);
  EXPECT_NE(read_error(b).find("segment 1 (PT_LOAD at 0x20000000) has load address range [0x10000000, "
                               "0x10000008), which is not inside one region"),
            std::string::npos);
  // Wraps around the address space.
  b = good;
  put32(b, ph1 + 8, 0xfffffff0);  // p_vaddr
  EXPECT_NE(read_error(b).find("occupies [0xfffffff0, 0x100000018)"), std::string::npos);
}

TEST(ElfRead, SectionPastTheAddressSpace) {
  auto b = written_sample();
  put32(b, get32(b, 32) + 40 + 12, 0xfffffff0);  // section 1 (.text): sh_addr
  EXPECT_EQ(read_error(b),
            "prog.elf: error: section 1 (.text) at 0xfffffff0 with size 0x14 runs past the end of "
            "the 32-bit address space\n");
}

TEST(ElfRead, StrippedFileStillLoads) {
  auto b = written_sample();
  put32(b, 32, 0);  // e_shoff: no section headers at all
  put16(b, 48, 0);
  put16(b, 50, 0);
  m3::Diagnostics d;
  auto img = read_elf_bytes(b, "s.elf", MemoryConfig{}, d);
  ASSERT_TRUE(img) << d.str();
  EXPECT_TRUE(img->symbols.empty());
  EXPECT_TRUE(img->sections.empty());
  EXPECT_EQ(img->segments.size(), 2u);
  EXPECT_EQ(img->entry, 0x101u);
  EXPECT_FALSE(img->symbolize(0x100));
}

TEST(ElfRead, MissingFile) {
  m3::Diagnostics d;
  EXPECT_FALSE(read_elf("/nonexistent/prog.elf", MemoryConfig{}, d));
  EXPECT_NE(d.str().find("/nonexistent/prog.elf: error: cannot open file"), std::string::npos) << d.str();
}

// ---------------------------------------------------------------------------------------------
// Malformed input: never a crash (CI runs these under ASan/UBSan too)
// ---------------------------------------------------------------------------------------------

namespace {

// Reads, and if that succeeds, lists and loads: every consumer of a possibly hostile image.
void exercise(const std::vector<uint8_t>& bytes, Memory& mem, int& accepted) {
  m3::Diagnostics d;
  auto img = read_elf_bytes(bytes, "fuzz.elf", MemoryConfig{}, d);
  if (!img) {
    ASSERT_TRUE(d.has_errors());
    ASSERT_EQ(d.list()[0].file, "fuzz.elf");
    return;
  }
  ++accepted;
  std::string listing = disassemble_image(*img);
  for (const ElfSymbol& s : img->symbols) (void)img->symbolize(s.value);
  ASSERT_TRUE(load_segments(*img, mem, d, "fuzz.elf")) << d.str();
}

void every_prefix(const std::vector<uint8_t>& good) {
  Memory mem;
  int accepted = 0;
  for (size_t n = 0; n < good.size(); ++n) exercise({good.begin(), good.begin() + n}, mem, accepted);
  // A prefix that keeps every header and segment but loses trailing sections is rejected too
  // (the section header table is at the end), so only the whole file is accepted.
  EXPECT_EQ(accepted, 0);
}

// M3LAB_ELF_FUZZ=N runs N mutations instead of the default (for a longer run by hand).
void mutations(const std::vector<uint8_t>& good, int count) {
  if (const char* env = std::getenv("M3LAB_ELF_FUZZ")) count = std::max(1, std::atoi(env));
  std::mt19937 rng(12345);
  Memory mem;
  int accepted = 0;
  uint32_t shoff = get32(good, 32);
  for (int i = 0; i < count; ++i) {
    auto b = good;
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      size_t pos;
      switch (rng() % 4) {  // aim most edits at the headers and tables
        case 0:
          pos = rng() % 52;
          break;
        case 1:
          pos = 52 + rng() % 64;
          break;
        case 2:
          pos = shoff + rng() % (b.size() - shoff);
          break;
        default:
          pos = rng() % b.size();
          break;
      }
      static const uint8_t kInteresting[] = {0x00, 0xff, 0x80, 0x7f, 0x01, 0x10, 0x20};
      b[pos] = rng() % 2 ? kInteresting[rng() % sizeof kInteresting] : static_cast<uint8_t>(rng());
    }
    exercise(b, mem, accepted);
    if (::testing::Test::HasFatalFailure()) return;
  }
  // Some mutations hit bytes that do not matter: the loop covered both outcomes.
  EXPECT_GT(accepted, 0);
  EXPECT_LT(accepted, count);
}

}  // namespace

TEST(ElfFuzz, EveryPrefixOfWrittenElf) { every_prefix(written_sample()); }
TEST(ElfFuzz, MutationsOfWrittenElf) { mutations(written_sample(), 3000); }

#ifdef M3LAB_ORACLE_TESTS

TEST(ElfFuzz, EveryPrefixOfGccElf) { every_prefix(read_bytes(M3LAB_TEST_PROG)); }
TEST(ElfFuzz, MutationsOfGccElf) { mutations(read_bytes(M3LAB_TEST_PROG), 3000); }

// ---------------------------------------------------------------------------------------------
// Oracles: binutils on what we write, and our reader on what gcc writes.
// ---------------------------------------------------------------------------------------------

TEST(ElfOracle, ReadelfAcceptsWrittenElf) {
  std::string path = temp_path("oracle.elf");
  m3::Diagnostics d;
  ASSERT_TRUE(write_elf(sample_image(), path, d)) << d.str();
  RunResult r = run(std::string(M3LAB_ARM_READELF) + " -a -W " + path);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.err, "");  // no warnings at all
  const std::string& o = r.out;
  EXPECT_NE(o.find("Type:                              EXEC (Executable file)"), std::string::npos) << o;
  EXPECT_NE(o.find("Machine:                           ARM"), std::string::npos);
  EXPECT_NE(o.find("Entry point address:               0x101"), std::string::npos);
  EXPECT_NE(o.find("Flags:                             0x5000200, Version5 EABI, soft-float ABI"),
            std::string::npos);
  EXPECT_TRUE(std::regex_search(o, std::regex(R"(\.text +PROGBITS +00000100 [0-9a-f]+ 000014 00 +AX)"))) << o;
  EXPECT_TRUE(std::regex_search(o, std::regex(R"(\.data +PROGBITS +20000000 [0-9a-f]+ 000008 00 +WA)"))) << o;
  EXPECT_TRUE(std::regex_search(o, std::regex(R"(\.bss +NOBITS +20000008 [0-9a-f]+ 000020 00 +WA)"))) << o;
  EXPECT_TRUE(
      std::regex_search(o, std::regex(R"(LOAD +0x[0-9a-f]+ 0x00000100 0x00000100 0x00014 0x00014 R E)")))
      << o;
  EXPECT_TRUE(
      std::regex_search(o, std::regex(R"(LOAD +0x[0-9a-f]+ 0x20000000 0x20000000 0x00008 0x00028 RW )")))
      << o;
  EXPECT_TRUE(std::regex_search(o, std::regex(R"(00000101 +16 FUNC +GLOBAL DEFAULT +1 main)"))) << o;
  EXPECT_TRUE(std::regex_search(o, std::regex(R"(00000100 +0 NOTYPE +LOCAL +DEFAULT +1 \$t)"))) << o;
  EXPECT_TRUE(std::regex_search(o, std::regex(R"(00000110 +0 NOTYPE +LOCAL +DEFAULT +1 \$d)"))) << o;
  EXPECT_TRUE(std::regex_search(o, std::regex(R"(20010000 +0 NOTYPE +GLOBAL DEFAULT +ABS STACK_TOP)"))) << o;
  EXPECT_NE(o.find("Tag_CPU_name: \"cortex-m3\""), std::string::npos) << o;
  EXPECT_NE(o.find("Tag_CPU_arch: v7"), std::string::npos);
  EXPECT_NE(o.find("Tag_CPU_arch_profile: Microcontroller"), std::string::npos);
  EXPECT_NE(o.find("Tag_THUMB_ISA_use: Thumb-2"), std::string::npos);
  std::remove(path.c_str());
}

TEST(ElfOracle, ObjdumpDisassemblesWrittenElfAsThumb) {
  std::string path = temp_path("oracle.elf");
  m3::Diagnostics d;
  ASSERT_TRUE(write_elf(sample_image(), path, d)) << d.str();
  RunResult r = run(std::string(M3LAB_ARM_OBJDUMP) + " -d " + path);
  std::remove(path.c_str());
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.err, "");
  const std::string& o = r.out;
  EXPECT_NE(o.find("00000100 <main>:"), std::string::npos) << o;
  EXPECT_NE(o.find(" 100:\t2005      \tmovs\tr0, #5"), std::string::npos) << o;
  EXPECT_NE(o.find(" 102:\t1888      \tadds\tr0, r1, r2"), std::string::npos) << o;
  EXPECT_NE(o.find(" 104:\teb01 08c2 \tadd.w\tr8, r1, r2, lsl #3"), std::string::npos) << o;
  EXPECT_NE(o.find(" 10c:\te7f8      \tb.n\t100 <main>"), std::string::npos) << o;
  EXPECT_NE(o.find(" 110:\t12345678 \t.word\t0x12345678"), std::string::npos) << o;
}

TEST(ElfOracle, ReadsGccElfLikeReadelf) {
  m3::Diagnostics d;
  auto img = read_elf(M3LAB_TEST_PROG, MemoryConfig{}, d);
  ASSERT_TRUE(img) << d.str();
  RunResult r = run(std::string(M3LAB_ARM_READELF) + " -h -l -s -W " + M3LAB_TEST_PROG);
  ASSERT_EQ(r.status, 0);
  std::smatch m;
  // Entry point.
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex(R"(Entry point address:\s+0x([0-9a-f]+))")));
  EXPECT_EQ(img->entry, std::stoul(m[1], nullptr, 16));
  EXPECT_EQ(img->symbol("Reset_Handler"), img->entry);
  // Every LOAD program header.
  std::regex load(R"(LOAD\s+0x([0-9a-f]+) 0x([0-9a-f]+) 0x([0-9a-f]+) 0x([0-9a-f]+) 0x([0-9a-f]+) (...))");
  size_t k = 0;
  for (auto it = std::sregex_iterator(r.out.begin(), r.out.end(), load); it != std::sregex_iterator();
       ++it, ++k) {
    ASSERT_LT(k, img->segments.size());
    const ElfSegment& s = img->segments[k];
    EXPECT_EQ(s.vaddr, std::stoul((*it)[2], nullptr, 16));
    EXPECT_EQ(s.paddr, std::stoul((*it)[3], nullptr, 16));
    EXPECT_EQ(s.filesz, std::stoul((*it)[4], nullptr, 16));
    EXPECT_EQ(s.memsz, std::stoul((*it)[5], nullptr, 16));
    EXPECT_EQ(s.exec, (*it)[6].str().find('E') != std::string::npos);
    EXPECT_EQ(s.write, (*it)[6].str().find('W') != std::string::npos);
  }
  EXPECT_EQ(k, img->segments.size());
  EXPECT_EQ(k, 2u);  // .text; .data+.bss
  // Named symbols with their values, types and bindings.
  std::regex sym(
      R"(\d+: ([0-9a-f]{8})\s+\d+ (NOTYPE|OBJECT|FUNC)\s+(LOCAL|GLOBAL|WEAK)\s+DEFAULT\s+\S+ (\S+))");
  int checked = 0;
  for (auto it = std::sregex_iterator(r.out.begin(), r.out.end(), sym); it != std::sregex_iterator(); ++it) {
    const ElfSymbol* s = find_sym(*img, (*it)[4]);
    ASSERT_TRUE(s) << (*it)[4];
    if (s->is_mapping()) continue;  // several share a name
    EXPECT_EQ(s->value, std::stoul((*it)[1], nullptr, 16)) << s->name;
    std::string type = (*it)[2];
    EXPECT_EQ(s->type, type == "FUNC"     ? ElfSymbol::Func
                       : type == "OBJECT" ? ElfSymbol::Object
                                          : ElfSymbol::NoType);
    EXPECT_EQ(s->global, (*it)[3] != "LOCAL") << s->name;
    ++checked;
  }
  EXPECT_GE(checked, 15);
  EXPECT_EQ(img->symbolize(*img->symbol("main") & ~1u), "main");
  EXPECT_EQ(img->symbolize((*img->symbol("main") & ~1u) + 6), "main+0x6");
  // Loads: the vector table's first word is the initial SP, its second the reset vector.
  Memory mem;
  ASSERT_TRUE(load_segments(*img, mem, d, M3LAB_TEST_PROG)) << d.str();
  EXPECT_EQ(mem.read32(0), 0x20010000u);
  EXPECT_EQ(mem.read32(4), img->entry);
  ASSERT_TRUE(img->symbol("table"));
  EXPECT_EQ(mem.read32(*img->symbol("table")), 3u);    // table[0], copied from the .data segment
  EXPECT_EQ(mem.read32(*img->symbol("counter")), 0u);  // .bss: zero-filled
  // .data is linked "AT > FLASH": its initial values are also at the load address _sidata.
  ASSERT_TRUE(img->symbol("_sidata"));
  EXPECT_NE(*img->symbol("_sidata"), *img->symbol("table"));
  uint32_t table_lma = *img->symbol("_sidata") + (*img->symbol("table") - *img->symbol("_sdata"));
  EXPECT_EQ(mem.read32(table_lma), 3u);
}

TEST(ElfOracle, StrippedGccElfLoads) {
  m3::Diagnostics d;
  auto full = read_elf(M3LAB_TEST_PROG, MemoryConfig{}, d);
  auto img = read_elf(M3LAB_TEST_PROG_STRIPPED, MemoryConfig{}, d);
  ASSERT_TRUE(full && img) << d.str();
  EXPECT_TRUE(img->symbols.empty());
  EXPECT_FALSE(img->symbol("main"));
  EXPECT_EQ(img->entry, full->entry);
  ASSERT_EQ(img->segments.size(), full->segments.size());
  for (size_t i = 0; i < img->segments.size(); ++i) EXPECT_EQ(img->segments[i].data, full->segments[i].data);
  Memory mem;
  EXPECT_TRUE(load_segments(*img, mem, d, M3LAB_TEST_PROG_STRIPPED)) << d.str();
  // The listing falls back to section-relative names.
  EXPECT_NE(disassemble_image(*img).find("00000000 <.text>:"), std::string::npos);
}

TEST(ElfOracle, GccElfSurvivesWriteAndRead) {
  m3::Diagnostics d;
  auto img = read_elf(M3LAB_TEST_PROG, MemoryConfig{}, d);
  ASSERT_TRUE(img) << d.str();
  std::string path = temp_path("rewritten.elf");
  ASSERT_TRUE(write_elf(*img, path, d)) << d.str();
  RunResult r = run(std::string(M3LAB_ARM_READELF) + " -a -W " + path);
  EXPECT_EQ(r.err, "");
  auto back = read_elf(path, MemoryConfig{}, d);
  std::remove(path.c_str());
  ASSERT_TRUE(back) << d.str();
  EXPECT_EQ(back->entry, img->entry);
  ASSERT_EQ(back->sections.size(), img->sections.size());
  for (size_t i = 0; i < img->sections.size(); ++i) EXPECT_EQ(back->sections[i].data, img->sections[i].data);
  EXPECT_EQ(back->symbols.size(), img->symbols.size());
  ASSERT_EQ(back->segments.size(), img->segments.size());
  for (size_t i = 0; i < img->segments.size(); ++i) {
    EXPECT_EQ(back->segments[i].vaddr, img->segments[i].vaddr);
    EXPECT_EQ(back->segments[i].data, img->segments[i].data);
    EXPECT_EQ(back->segments[i].memsz, img->segments[i].memsz);
    EXPECT_EQ(back->segments[i].paddr, img->segments[i].paddr);  // .data's load address in flash
  }
}

#endif  // M3LAB_ORACLE_TESTS
