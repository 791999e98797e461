// Helpers shared by the assembler tests.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "m3lab/isa/assembler.hpp"

namespace m3::isa::test {

struct AsmRun {
  std::optional<AsmResult> res;
  Diagnostics diags;
};

inline AsmRun asm_src(const std::string& src, const AsmOptions& opt = {}) {
  AsmRun r;
  r.res = assemble(src, "t.s", opt, r.diags);
  return r;
}

inline const ElfSection* section(const AsmResult& r, const std::string& name) {
  for (const ElfSection& s : r.image.sections)
    if (s.name == name) return &s;
  return nullptr;
}

inline std::vector<uint8_t> bytes(const AsmResult& r, const std::string& name) {
  const ElfSection* s = section(r, name);
  return s ? s->data : std::vector<uint8_t>{};
}

inline const ElfSymbol* symbol(const AsmResult& r, const std::string& name) {
  for (const ElfSymbol& s : r.image.symbols)
    if (s.name == name) return &s;
  return nullptr;
}

inline uint32_t word_at(const std::vector<uint8_t>& d, size_t off) {
  if (off + 4 > d.size()) return 0xdeadbeef;
  return static_cast<uint32_t>(d[off]) | static_cast<uint32_t>(d[off + 1]) << 8 |
         static_cast<uint32_t>(d[off + 2]) << 16 | static_cast<uint32_t>(d[off + 3]) << 24;
}

}  // namespace m3::isa::test
