// libFuzzer target over the whole compiler front end and code generator: any input must give
// either assembly or diagnostics, never a crash, a sanitizer report or a hang.
// Built and run by bench/cc_fuzz.sh (clang, -fsanitize=fuzzer,address,undefined).
#include <cstddef>
#include <cstdint>
#include <string>

#include "m3lab/compiler/compiler.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  m3::cc::CompileOptions opt;
  opt.opt_level = data[0] % 3;  // the first byte picks -O0, -O1 or -O2
  opt.read_file = [](const std::string&) -> std::optional<std::string> { return std::string("#define FROM_INCLUDE 1\n"); };
  std::string src(reinterpret_cast<const char*>(data + 1), size - 1);
  m3::Diagnostics diags;
  auto r = m3::cc::compile(src, "fuzz.c", opt, diags);
  if (!r && !diags.has_errors()) __builtin_trap();  // failure without a diagnostic is a bug
  return 0;
}
