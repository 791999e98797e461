#include "elf_test_util.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include "test_support.hpp"

namespace m3test {

using namespace m3::isa;

ElfImage sample_image() {
  ElfImage img;
  ElfSection text;
  text.name = ".text";
  text.addr = 0x100;
  text.exec = true;
  // Hand-assembled Thumb (ARMv7-M ARM A7.7):
  const uint16_t code[] = {
      0x2005,          // 100: movs r0, #5            (MOV imm T1)
      0x1888,          // 102: adds r0, r1, r2        (ADD reg T1)
      0xeb01, 0x08c2,  // 104: add.w r8, r1, r2, lsl #3 (ADD reg T3)
      0x6848,          // 108: ldr r0, [r1, #4]       (LDR imm T1)
      0xbeab,          // 10a: bkpt 0x00ab
      0xe7f8,          // 10c: b.n 100 <main>         (B T2)
      0xe7fe,          // 10e: b.n 10e <spin>
  };
  for (uint16_t h : code) {
    text.data.push_back(static_cast<uint8_t>(h));
    text.data.push_back(static_cast<uint8_t>(h >> 8));
  }
  for (uint8_t b : {0x78, 0x56, 0x34, 0x12}) text.data.push_back(b);  // 110: .word 0x12345678
  text.size = static_cast<uint32_t>(text.data.size());
  img.sections.push_back(text);

  ElfSection data;
  data.name = ".data";
  data.addr = 0x20000000;
  data.write = true;
  data.data = {1, 2, 3, 4, 5, 6, 7, 8};
  data.size = 8;
  img.sections.push_back(data);

  ElfSection bss;
  bss.name = ".bss";
  bss.addr = 0x20000008;
  bss.write = true;
  bss.nobits = true;
  bss.size = 0x20;
  img.sections.push_back(bss);

  img.symbols = {
      {"$t", 0x100, 0, ElfSymbol::NoType, false, ".text"},
      {"$d", 0x110, 0, ElfSymbol::NoType, false, ".text"},
      {"spin", 0x10e, 0, ElfSymbol::NoType, false, ".text"},
      {"main", 0x101, 16, ElfSymbol::Func, true, ".text"},
      {"literal", 0x110, 0, ElfSymbol::NoType, false, ".text"},  // a label, not an object: .word
      {"table", 0x20000000, 8, ElfSymbol::Object, true, ".data"},
      {"buffer", 0x20000008, 0x20, ElfSymbol::Object, true, ".bss"},
      {"STACK_TOP", 0x20010000, 0, ElfSymbol::NoType, true, ""},
  };
  img.entry = 0x101;
  return img;
}

std::string temp_path(const std::string& stem) {
  static int counter = 0;
  auto dir = std::filesystem::temp_directory_path();
  return (dir / ("m3lab_elf_" + std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" + stem))
      .string();
}

std::vector<uint8_t> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

RunResult run(const std::string& cmd) {
  RunResult r;
  std::string err_path = temp_path("stderr.txt");
  FILE* p = popen((cmd + " 2>" + err_path).c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  r.status = pclose(p);
  auto e = read_bytes(err_path);
  r.err.assign(e.begin(), e.end());
  std::remove(err_path.c_str());
  return r;
}

// objdump comments: "\t@ 0xff", "\t@ (38 <pick+0x10>)", "\t; (...)"
std::string normalise(const std::string& line) { return m3::test::normalise_objdump(line); }

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> v;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) v.push_back(l);
  return v;
}

void put16(std::vector<uint8_t>& b, size_t off, uint16_t v) {
  b[off] = static_cast<uint8_t>(v);
  b[off + 1] = static_cast<uint8_t>(v >> 8);
}
void put32(std::vector<uint8_t>& b, size_t off, uint32_t v) {
  for (int k = 0; k < 4; ++k) b[off + k] = static_cast<uint8_t>(v >> (8 * k));
}
uint32_t get32(const std::vector<uint8_t>& b, size_t off) {
  return b[off] | b[off + 1] << 8 | b[off + 2] << 16 | uint32_t{b[off + 3]} << 24;
}

}  // namespace m3test
