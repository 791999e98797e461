// The tiny-C compiler against the host C compiler: every program is compiled by m3lab, assembled
// by m3lab's assembler and run on the ISS, and also built natively (gcc -fwrapv -funsigned-char
// with the host <m3lab.h>); console output and exit status must be identical.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "gen_random.hpp"
#include "m3lab/compiler/compiler.hpp"
#include "m3lab/isa/assembler.hpp"
#include "m3lab/isa/iss.hpp"

namespace host_kernels {
// The same kernel source, built by the host compiler for the expected output.
#include "kernels/box3x3.c"
}  // namespace host_kernels

namespace fs = std::filesystem;
using m3::Diagnostics;

namespace {

struct RunResult {
  bool ok = false;  // compiled and ran to an exit
  std::string out;
  int status = -1;
  std::string diags;
};

std::string read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void write_file(const fs::path& p, const std::string& s) {
  fs::create_directories(p.parent_path());
  std::ofstream f(p, std::ios::binary);
  f << s;
}

std::string compile_to_asm(const std::string& src, const std::string& file, Diagnostics& diags, int opt = 0) {
  m3::cc::CompileOptions o;
  o.opt_level = opt;
  auto r = m3::cc::compile(src, file, o, diags);
  return r ? r->assembly : std::string();
}

RunResult run_m3lab(const std::string& src, const std::string& file, int opt = 0) {
  RunResult res;
  Diagnostics diags;
  std::string text = compile_to_asm(src, file, diags, opt);
  if (text.empty()) {
    res.diags = diags.str();
    return res;
  }
  auto img = m3::isa::assemble(text, file + ".s", m3::isa::AsmOptions{}, diags);
  if (!img) {
    res.diags = diags.str();
    return res;
  }
  m3::isa::IssConfig cfg;
  cfg.max_steps = 200'000'000;
  auto sim = m3::isa::simulate(img->image, file, cfg, diags,
                               m3::isa::SemihostIo{[&](int, const char* d, size_t n) { res.out.append(d, n); }});
  res.diags = diags.str();
  if (!sim) return res;
  if (sim->stop.reason != m3::isa::StopReason::Exit) {
    res.diags += "stopped: " + sim->stop.message;
    return res;
  }
  res.ok = true;
  res.status = sim->stop.exit_code & 0xff;
  return res;
}

int shell(const std::string& cmd) {
  int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

RunResult run_host(const fs::path& src, const std::string& name) {
  RunResult res;
  fs::path dir = fs::path(M3LAB_CC_WORK) / "host";
  fs::create_directories(dir);
  fs::path exe = dir / name;
  std::string cmd = std::string(M3LAB_HOST_CC) + " -w -O0 -fwrapv -funsigned-char -I " M3LAB_HOST_INCLUDE " -o " +
                    exe.string() + " " + src.string() + " 2>" + (dir / (name + ".cc.err")).string();
  if (shell(cmd) != 0) {
    res.diags = read_file(dir / (name + ".cc.err"));
    return res;
  }
  res.status = shell(exe.string() + " > " + (dir / (name + ".out")).string());
  res.out = read_file(dir / (name + ".out"));
  res.ok = true;
  return res;
}

constexpr int kOptLevels[] = {0, 1, 2};

// ---- conformance programs (tests/cc/programs/*.c) ----

class Conformance : public testing::TestWithParam<std::string> {};

TEST_P(Conformance, MatchesHostGcc) {
  fs::path src = fs::path(M3LAB_CC_TESTS) / "programs" / (GetParam() + ".c");
  RunResult h = run_host(src, GetParam());
  ASSERT_TRUE(h.ok) << h.diags;
  for (int opt : kOptLevels) {
    SCOPED_TRACE("-O" + std::to_string(opt));
    RunResult m = run_m3lab(read_file(src), src.string(), opt);
    ASSERT_TRUE(m.ok) << m.diags;
    EXPECT_EQ(m.out, h.out);
    EXPECT_EQ(m.status, h.status);
    EXPECT_EQ(m.status, 0) << "some ASSERT failed; see the output:\n" << m.out;
    EXPECT_EQ(m.out.find("MISMATCH"), std::string::npos);
  }
}

std::vector<std::string> programs() {
  std::vector<std::string> v;
  for (const auto& e : fs::directory_iterator(fs::path(M3LAB_CC_TESTS) / "programs"))
    if (e.path().extension() == ".c") v.push_back(e.path().stem().string());
  std::sort(v.begin(), v.end());
  return v;
}

INSTANTIATE_TEST_SUITE_P(Programs, Conformance, testing::ValuesIn(programs()),
                         [](const testing::TestParamInfo<std::string>& i) { return i.param; });

// ---- expected errors (tests/cc/errors/NAME.c with NAME.err) ----

class ExpectedErrors : public testing::TestWithParam<std::string> {};

TEST_P(ExpectedErrors, ReportsTheExpectedDiagnostics) {
  fs::path dir = fs::path(M3LAB_CC_TESTS) / "errors";
  std::string name = GetParam() + ".c";
  Diagnostics diags;
  m3::cc::CompileOptions o;
  o.read_file = [&](const std::string& p) -> std::optional<std::string> {
    if (!fs::exists(dir / p)) return std::nullopt;
    return read_file(dir / p);
  };
  auto r = m3::cc::compile(read_file(dir / name), name, o, diags);
  EXPECT_FALSE(r.has_value());
  EXPECT_TRUE(diags.has_errors());
  EXPECT_EQ(diags.str(), read_file(dir / (GetParam() + ".err")));
}

std::vector<std::string> error_cases() {
  std::vector<std::string> v;
  for (const auto& e : fs::directory_iterator(fs::path(M3LAB_CC_TESTS) / "errors"))
    if (e.path().extension() == ".c" && fs::exists(fs::path(e.path()).replace_extension(".err")))
      v.push_back(e.path().stem().string());
  std::sort(v.begin(), v.end());
  return v;
}

INSTANTIATE_TEST_SUITE_P(Errors, ExpectedErrors, testing::ValuesIn(error_cases()),
                         [](const testing::TestParamInfo<std::string>& i) { return i.param; });

// ---- random programs ----

class RandomPrograms : public testing::TestWithParam<int> {};

constexpr int kSeedsPerTest = 20;

TEST_P(RandomPrograms, MatchHostGcc) {
  for (int k = 0; k < kSeedsPerTest; ++k) {
    uint64_t seed = static_cast<uint64_t>(GetParam()) * kSeedsPerTest + k + 1;
    std::string name = "rand" + std::to_string(seed);
    std::string src = m3::cctest::generate_program(seed);
    fs::path file = fs::path(M3LAB_CC_WORK) / "random" / (name + ".c");
    write_file(file, src);
    RunResult h = run_host(file, name);
    ASSERT_TRUE(h.ok) << "seed " << seed << ": " << h.diags;
    for (int opt : kOptLevels) {
      RunResult m = run_m3lab(src, file.string(), opt);
      ASSERT_TRUE(m.ok) << "seed " << seed << " -O" << opt << ": " << m.diags;
      EXPECT_EQ(m.out, h.out) << "seed " << seed << " -O" << opt << ", program " << file;
      EXPECT_EQ(m.status, h.status) << "seed " << seed << " -O" << opt;
    }
  }
}

// 15 x 20 = 300 fixed seeds.
INSTANTIATE_TEST_SUITE_P(Seeds, RandomPrograms, testing::Range(0, 15));

// ---- robustness: malformed input never crashes or hangs ----

TEST(Robustness, GarbageAndTruncatedInputGiveDiagnostics) {
  std::string base = read_file(fs::path(M3LAB_CC_TESTS) / "programs" / "control.c");
  // Every prefix of a real program (at a stride), and a few pathological inputs.
  std::vector<std::string> inputs;
  for (size_t n = 0; n < base.size(); n += 37) inputs.push_back(base.substr(0, n));
  inputs.push_back(std::string(5000, '('));
  inputs.push_back(std::string(5000, '{'));
  inputs.push_back("int main(void) { return " + std::string(3000, '-') + "1; }");
  inputs.push_back("#define A A A\n#define B(x) B(x) x\nint main(void) { return B(A); }");
  inputs.push_back("#define F(x) x x\nint a = F(F(F(F(F(F(F(F(F(F(F(F(F(F(F(F(F(F(F(F(F(F(1))))))))))))))))))))));");
  inputs.push_back("#if 1\n#else\n#else\n#endif\n#endif\n#elif\n");
  // Long operator chains and deeply nested macro arguments (bounded, not a stack overflow).
  {
    std::string chain = "int f(int a) { return a";
    for (int i = 0; i < 100000; ++i) chain += " + a";
    inputs.push_back(chain + "; }");
    std::string nest = "#define F(x) x\nint a = ";
    for (int i = 0; i < 20000; ++i) nest += "F(";
    nest += "1";
    for (int i = 0; i < 20000; ++i) nest += ")";
    inputs.push_back(nest + ";");
  }
  inputs.push_back("\"unterminated\n'x\n/* open");
  inputs.push_back("int x = 1 / 0; int y[0]; int z[-1]; int main(void) { 1 = 2; return; }");
  for (const std::string& in : inputs) {
    Diagnostics diags;
    auto r = m3::cc::compile(in, "bad.c", m3::cc::CompileOptions{}, diags);
    if (!r) {
      EXPECT_TRUE(diags.has_errors()) << in.substr(0, 200);
    }
  }
}

TEST(Warnings, VisibleShiftsAndDivisionsByZero) {
  Diagnostics diags;
  auto r = m3::cc::compile("int f(int a) {\n  return (a << 32) + (a >> 40) + a / 0 + a % (1 - 1) + (a << 31);\n}\n", "w.c",
                           m3::cc::CompileOptions{}, diags);
  ASSERT_TRUE(r) << diags.str();
  EXPECT_EQ(diags.str(),
            "w.c:2:13: warning: shift count >= width of type (32 bits)\n"
            "     2 |   return (a << 32) + (a >> 40) + a / 0 + a % (1 - 1) + (a << 31);\n"
            "       |             ^\n"
            "w.c:2:25: warning: shift count >= width of type (32 bits)\n"
            "     2 |   return (a << 32) + (a >> 40) + a / 0 + a % (1 - 1) + (a << 31);\n"
            "       |                         ^\n"
            "w.c:2:36: warning: division by zero\n"
            "     2 |   return (a << 32) + (a >> 40) + a / 0 + a % (1 - 1) + (a << 31);\n"
            "       |                                    ^\n"
            "w.c:2:44: warning: division by zero\n"
            "     2 |   return (a << 32) + (a >> 40) + a / 0 + a % (1 - 1) + (a << 31);\n"
            "       |                                            ^\n");
}

TEST(Diagnostics, StopAfterTooManyErrors) {
  std::string src = "int main(void) {\n";
  for (int i = 0; i < 200; ++i) src += "  x" + std::to_string(i) + " = 1;\n";
  src += "}\n";
  Diagnostics diags;
  EXPECT_FALSE(m3::cc::compile(src, "many.c", m3::cc::CompileOptions{}, diags));
  EXPECT_EQ(diags.error_count(), 51);  // 50, then "too many errors"
}

TEST(LineMap, EveryEntryPointsAtAnInstructionAndASourceLine) {
  Diagnostics diags;
  auto r = m3::cc::compile("int f(int a) {\n  return a + 1;\n}\n", "f.c", m3::cc::CompileOptions{}, diags);
  ASSERT_TRUE(r) << diags.str();
  ASSERT_FALSE(r->line_map.empty());
  std::vector<std::string> lines;
  std::istringstream ss(r->assembly);
  for (std::string l; std::getline(ss, l);) lines.push_back(l);
  bool saw_line2 = false;
  for (const auto& e : r->line_map) {
    ASSERT_GE(e.asm_line, 1);
    ASSERT_LE(e.asm_line, static_cast<int>(lines.size()));
    EXPECT_EQ(lines[e.asm_line - 1][0], '\t') << lines[e.asm_line - 1];
    EXPECT_EQ(e.file, "f.c");
    if (e.line == 2 && lines[e.asm_line - 1].find("add") != std::string::npos) saw_line2 = true;
  }
  EXPECT_TRUE(saw_line2);
}

// ---- image kernels: called per the AAPCS through Iss::call ----

TEST(Kernel, BoxBlurMatchesTheHostBuildAtEveryLevel) {
  constexpr int kW = 13, kH = 9;
  std::vector<uint8_t> in(kW * kH), want(kW * kH);
  for (int i = 0; i < kW * kH; ++i) in[i] = static_cast<uint8_t>((i * 37 + (i / kW) * 11) & 0xff);
  host_kernels::kernel(in.data(), want.data(), kW, kH);
  std::string src = read_file(fs::path(M3LAB_CC_TESTS) / "kernels" / "box3x3.c");
  for (int opt : kOptLevels) {
    SCOPED_TRACE("-O" + std::to_string(opt));
    Diagnostics diags;
    std::string text = compile_to_asm(src, "box3x3.c", diags, opt);
    ASSERT_FALSE(text.empty()) << diags.str();
    EXPECT_EQ(text.find("Reset_Handler"), std::string::npos);  // no main, no runtime
    auto img = m3::isa::assemble(text, "box3x3.s", m3::isa::AsmOptions{}, diags);
    ASSERT_TRUE(img) << diags.str();
    m3::isa::IssConfig cfg;
    cfg.max_steps = 10'000'000;
    m3::isa::Iss iss(cfg);
    ASSERT_TRUE(iss.load(img->image, diags, "box3x3")) << diags.str();
    iss.reset();
    const uint32_t in_addr = 0x20001000, out_addr = 0x20002000, sp = 0x20010000;
    ASSERT_TRUE(iss.memory().host_write(in_addr, in.data(), in.size()));
    auto fn = img->image.symbol("kernel");
    ASSERT_TRUE(fn);
    iss.call(*fn, {in_addr, out_addr, kW, kH}, sp);
    auto stop = iss.run();
    ASSERT_EQ(stop.reason, m3::isa::StopReason::Exit) << stop.message;
    std::vector<uint8_t> got(kW * kH);
    ASSERT_TRUE(iss.memory().host_read(out_addr, got.data(), got.size()));
    EXPECT_EQ(got, want);
    // For the record (not asserted: counts change as the optimiser grows).
    std::printf("box3x3 %dx%d -O%d: %llu instructions\n", kW, kH, opt,
                static_cast<unsigned long long>(iss.stats().instructions));
  }
}

// ---- the optimiser: each IR pass's effect is visible in --dump-after and in the code ----

std::string dump_after(const std::string& src, const std::string& pass, int opt = 2) {
  m3::cc::CompileOptions o;
  o.opt_level = opt;
  o.dump_after = pass;
  Diagnostics diags;
  auto r = m3::cc::compile(src, "d.c", o, diags);
  EXPECT_TRUE(r) << diags.str();
  return r ? r->dump : std::string();
}

std::string asm_of(const std::string& src, int opt = 2) {
  Diagnostics diags;
  std::string text = compile_to_asm(src, "a.c", diags, opt);
  EXPECT_FALSE(text.empty()) << diags.str();
  return text;
}

// Runs `int f(...)` on the ISS with the given arguments; returns r0 and the instruction counts.
struct CallResult {
  uint32_t r0 = 0;
  m3::isa::IssStats stats;
};
CallResult call_f(const std::string& src, int opt, std::vector<uint32_t> args) {
  CallResult out;
  Diagnostics diags;
  std::string text = compile_to_asm(src, "f.c", diags, opt);
  EXPECT_FALSE(text.empty()) << diags.str();
  auto img = m3::isa::assemble(text, "f.s", m3::isa::AsmOptions{}, diags);
  EXPECT_TRUE(img) << diags.str();
  if (!img) return out;
  m3::isa::IssConfig cfg;
  cfg.max_steps = 1'000'000;
  m3::isa::Iss iss(cfg);
  EXPECT_TRUE(iss.load(img->image, diags, "f")) << diags.str();
  iss.reset();
  auto fn = img->image.symbol("f");
  EXPECT_TRUE(fn);
  if (!fn) return out;
  iss.call(*fn, args, 0x20010000);
  auto stop = iss.run();
  EXPECT_EQ(stop.reason, m3::isa::StopReason::Exit) << stop.message;
  out.r0 = iss.cpu().r[0];
  out.stats = iss.stats();
  return out;
}

size_t count_of(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

TEST(Optimiser, EveryPassCanBeDumped) {
  const char* src = "int f(int *p, int n) { int s = 0; for (int i = 0; i < n; i++) s += p[i]; return s; }\n";
  for (const char* pass : {"lower", "simplify-cfg", "propagate", "dead", "inline", "ifconv", "sat", "licm", "strength",
                           "addrmode", "legalize", "licm-imm", "schedule", "regalloc"}) {
    SCOPED_TRACE(pass);
    std::string d = dump_after(src, pass);
    EXPECT_NE(d.find("function f (2 parameters)"), std::string::npos) << d;
  }
  EXPECT_NE(dump_after(src, "regalloc").find("registers: v0="), std::string::npos);
  // -O1 runs no -O2 pass: nothing to show.
  EXPECT_EQ(dump_after(src, "licm", 1), "");
  Diagnostics diags;
  m3::cc::CompileOptions o;
  o.opt_level = 2;
  o.dump_after = "nosuchpass";
  EXPECT_FALSE(m3::cc::compile(src, "d.c", o, diags));
  EXPECT_NE(diags.str().find("strength"), std::string::npos) << diags.str();
}

TEST(Optimiser, PropagationFoldsAndRemovesDeadCode) {
  const char* src = "int f(int a) { int k = 6; int unused = a * 3; int b = k * 7; return a + b; }\n";
  std::string d = dump_after(src, "dead", 1);
  EXPECT_NE(d.find("#42"), std::string::npos) << d;
  EXPECT_EQ(d.find("mul"), std::string::npos) << d;
  EXPECT_EQ(call_f(src, 1, {8}).r0, 50u);
}

TEST(Optimiser, InlinesSmallStaticFunctionsAndDropsThem) {
  const char* src = "static int sq(int x) { return x * x; }\nint f(int a) { return sq(a) + sq(a + 1); }\n";
  EXPECT_NE(dump_after(src, "propagate").find("call sq"), std::string::npos);
  EXPECT_EQ(dump_after(src, "inline").find("call sq"), std::string::npos);
  std::string text = asm_of(src);
  EXPECT_EQ(text.find("bl sq"), std::string::npos) << text;
  EXPECT_EQ(text.find("sq:"), std::string::npos) << text;  // no caller left
  for (int opt : {0, 1, 2}) EXPECT_EQ(call_f(src, opt, {5}).r0, 61u);
}

TEST(Optimiser, IfConversionUsesItBlocks) {
  const char* src = "int f(int a, int b) { int m = a; if (b > a) m = b; if (m < 0) m = -m; return m; }\n";
  std::string d = dump_after(src, "ifconv");
  EXPECT_EQ(count_of(d, " = sel "), 2u) << d;
  EXPECT_EQ(count_of(d, "br "), 0u) << d;
  std::string text = asm_of(src);
  EXPECT_NE(text.find("\tit"), std::string::npos) << text;
  for (int opt : {0, 1, 2}) {
    EXPECT_EQ(call_f(src, opt, {3, 9}).r0, 9u);
    EXPECT_EQ(call_f(src, opt, {static_cast<uint32_t>(-7), static_cast<uint32_t>(-9)}).r0, 7u);
  }
}

TEST(Optimiser, ClampsBecomeUsatAndSsat) {
  const char* u8 = "int f(int v) { return v < 0 ? 0 : v > 255 ? 255 : v; }\n";
  const char* s8 = "int f(int v) { if (v > 127) v = 127; else if (v < -128) v = -128; return v; }\n";
  const char* not_pow2 = "int f(int v) { return v < 0 ? 0 : v > 200 ? 200 : v; }\n";
  EXPECT_NE(asm_of(u8).find("usat r0, #8, r0"), std::string::npos) << asm_of(u8);
  EXPECT_NE(asm_of(s8).find("ssat"), std::string::npos) << asm_of(s8);
  EXPECT_EQ(asm_of(not_pow2).find("sat"), std::string::npos) << asm_of(not_pow2);
  for (int32_t v : {-1000, -129, -128, -1, 0, 1, 127, 128, 255, 256, 100000}) {
    SCOPED_TRACE(v);
    int32_t want_u = v < 0 ? 0 : v > 255 ? 255 : v, want_s = v > 127 ? 127 : v < -128 ? -128 : v;
    EXPECT_EQ(call_f(u8, 2, {static_cast<uint32_t>(v)}).r0, static_cast<uint32_t>(want_u));
    EXPECT_EQ(call_f(s8, 2, {static_cast<uint32_t>(v)}).r0, static_cast<uint32_t>(want_s));
  }
}

TEST(Optimiser, LicmHoistsLoopInvariantMultiplies) {
  const char* src = "int f(int a, int b, int n) { int s = 0; for (int i = 0; i < n; i++) s += a * b + i; return s; }\n";
  auto mul = static_cast<size_t>(m3::isa::IClass::Mul);
  CallResult o1 = call_f(src, 1, {3, 4, 10}), o2 = call_f(src, 2, {3, 4, 10});
  EXPECT_EQ(o1.r0, 165u);
  EXPECT_EQ(o2.r0, 165u);
  EXPECT_EQ(o1.stats.by_class[mul], 10u);  // -O1: once per iteration
  EXPECT_EQ(o2.stats.by_class[mul], 1u);   // -O2: once, before the loop
}

TEST(Optimiser, StrengthReductionGivesPostIndexedAccesses) {
  // b[k * 16 + j]: the address steps by 16 each iteration; dst[i] = src[i] by 1.
  const char* col = "int f(const unsigned char *b, int j) { int s = 0; for (int k = 0; k < 16; k++) s += b[k * 16 + j]; return s; }\n";
  const char* copy = "void f(unsigned char *d, const unsigned char *s, int n) { while (n-- > 0) *d++ = *s++; }\n";
  EXPECT_NE(asm_of(col).find("], #16"), std::string::npos) << asm_of(col);
  std::string t = asm_of(copy);
  EXPECT_NE(t.find("ldrb"), std::string::npos);
  EXPECT_NE(t.find("], #1"), std::string::npos) << t;
  EXPECT_EQ(count_of(t, "], #1"), 2u) << t;  // the load and the store
  EXPECT_EQ(count_of(asm_of(col, 1), "], #"), 0u);
}

TEST(Optimiser, AddressingModesAndMultiplyAdd) {
  const char* src = "int f(const int *p, const short *q, int i, int j) { return p[i] * q[j] + p[i + 2]; }\n";
  std::string t = asm_of(src);
  EXPECT_NE(t.find("lsl #2]"), std::string::npos) << t;  // ldr rX, [p, i, lsl #2]
  EXPECT_NE(t.find("lsl #1]"), std::string::npos) << t;  // ldrsh rX, [q, j, lsl #1]
  EXPECT_NE(t.find("mla"), std::string::npos) << t;
}

TEST(Optimiser, SchedulingFillsTheLoadUseSlot) {
  // The add needs the load's value; the independent multiply moves between them.
  const char* src = "int f(int *p, int a, int b) { int x = *p; int y = x + 1; int z = a * b; return y ^ z; }\n";
  std::string before = dump_after(src, "licm-imm"), after = dump_after(src, "schedule");
  auto order = [](const std::string& d) { return d.find("mul") < d.find("add"); };
  EXPECT_FALSE(order(before)) << before;
  EXPECT_TRUE(order(after)) << after;
  for (int opt : {0, 1, 2}) EXPECT_EQ(call_f(src, 2, {0x20000100, 3, 5}).r0, call_f(src, opt, {0x20000100, 3, 5}).r0);
}

TEST(Optimiser, SpillsWhenRegistersRunOut) {
  // Twenty values live across a call: more than r4-r11 can hold.
  std::string src = "int g(int x) { return x + 1; }\nint f(int a) {\n";
  for (int i = 0; i < 20; ++i) src += "  int v" + std::to_string(i) + " = a * " + std::to_string(i + 3) + ";\n";
  src += "  int s = g(a);\n  return s";
  for (int i = 0; i < 20; ++i) src += " + v" + std::to_string(i) + " * " + std::to_string(i + 1);
  src += ";\n}\n";
  std::string d = dump_after(src, "regalloc");
  EXPECT_NE(d.find("spill.st"), std::string::npos);
  uint32_t want = 3;
  for (int i = 0; i < 20; ++i) want += static_cast<uint32_t>(2 * (i + 3) * (i + 1));
  for (int opt : {0, 1, 2}) EXPECT_EQ(call_f(src, opt, {2}).r0, want);
}

TEST(Optimiser, LineMapPointsAtInstructionsAndTheKernelsLines) {
  std::string src = read_file(fs::path(M3LAB_CC_TESTS) / "kernels" / "box3x3.c");
  for (int opt : {1, 2}) {
    SCOPED_TRACE(opt);
    Diagnostics diags;
    m3::cc::CompileOptions o;
    o.opt_level = opt;
    auto r = m3::cc::compile(src, "box3x3.c", o, diags);
    ASSERT_TRUE(r) << diags.str();
    std::vector<std::string> lines;
    std::istringstream ss(r->assembly);
    for (std::string l; std::getline(ss, l);) lines.push_back(l);
    std::set<int> src_lines;
    for (const auto& e : r->line_map) {
      ASSERT_GE(e.asm_line, 1);
      ASSERT_LE(e.asm_line, static_cast<int>(lines.size()));
      EXPECT_EQ(lines[e.asm_line - 1][0], '\t') << lines[e.asm_line - 1];
      src_lines.insert(e.line);
    }
    // The loops, the border test, the copy, the sum and the store.
    for (int l : {5, 6, 7, 8, 12, 13, 14}) EXPECT_TRUE(src_lines.count(l)) << l;
  }
}

// ---- the command line: m3lab cc and m3lab run FILE.c ----

TEST(Cli, CompilesRunsAndDumps) {
  fs::path dir = fs::path(M3LAB_CC_WORK) / "cli";
  fs::create_directories(dir);
  fs::path c = dir / "prog.c";
  write_file(c, "#include <m3lab.h>\nint main(void) {\n  int s = 0;\n  for (int i = 0; i < 4; i++) s += 2 * 3;\n"
                "  print_int(s);\n  return 7;\n}\n");
  std::string bin = M3LAB_BIN;
  EXPECT_EQ(shell(bin + " cc " + c.string() + " -O1 -S -o " + (dir / "prog.s").string()), 0);
  EXPECT_NE(read_file(dir / "prog.s").find("bl main"), std::string::npos);
  EXPECT_EQ(shell(bin + " cc " + c.string() + " -o " + (dir / "prog.elf").string()), 0);
  EXPECT_EQ(shell(bin + " run " + (dir / "prog.elf").string() + " > " + (dir / "elf.out").string()), 7);
  EXPECT_EQ(read_file(dir / "elf.out"), "24");
  EXPECT_EQ(shell(bin + " run " + c.string() + " > " + (dir / "c.out").string()), 7);
  EXPECT_EQ(read_file(dir / "c.out"), "24");
  EXPECT_EQ(shell(bin + " cc " + c.string() + " -O1 -S -o /dev/null --dump-after=fold > " + (dir / "fold.txt").string()), 0);
  EXPECT_NE(read_file(dir / "fold.txt").find("num : int 6"), std::string::npos) << read_file(dir / "fold.txt");
  // A bad program: diagnostics on stderr, status 1 for cc and 126 (cannot load) for run.
  write_file(dir / "bad.c", "int main(void) { return y; }\n");
  EXPECT_EQ(shell(bin + " cc " + (dir / "bad.c").string() + " -S -o /dev/null 2> " + (dir / "bad.err").string()), 1);
  EXPECT_NE(read_file(dir / "bad.err").find("bad.c:1:25: error: 'y' undeclared"), std::string::npos) << read_file(dir / "bad.err");
  EXPECT_EQ(shell(bin + " run " + (dir / "bad.c").string() + " 2>/dev/null"), 126);
}

#ifdef M3LAB_CC_ORACLES
// ---- GNU as + ld + QEMU as a second oracle on our -S output ----

class QemuOracle : public testing::TestWithParam<std::string> {};
void check_on_qemu(const std::string& prog, int opt);

TEST_P(QemuOracle, GnuAsAndQemuAgreeWithTheIss) {
  for (int opt : kOptLevels) {
    SCOPED_TRACE("-O" + std::to_string(opt));
    check_on_qemu(GetParam(), opt);
  }
}

void check_on_qemu(const std::string& prog, int opt) {
  fs::path src = fs::path(M3LAB_CC_TESTS) / "programs" / (prog + ".c");
  RunResult m = run_m3lab(read_file(src), src.string(), opt);
  ASSERT_TRUE(m.ok) << m.diags;
  Diagnostics diags;
  std::string text = compile_to_asm(read_file(src), src.string(), diags, opt);
  ASSERT_FALSE(text.empty()) << diags.str();
  fs::path dir = fs::path(M3LAB_CC_WORK) / "qemu";
  std::string name = prog + "-O" + std::to_string(opt);
  fs::path s = dir / (name + ".s"), o = dir / (name + ".o"), elf = dir / (name + ".elf");
  write_file(s, text);
  ASSERT_EQ(shell(std::string(M3LAB_ARM_AS) + " -mcpu=cortex-m3 -mthumb -o " + o.string() + " " + s.string()), 0);
  ASSERT_EQ(shell(std::string(M3LAB_ARM_LD) + " -T " M3LAB_CC_TESTS "/board.ld -o " + elf.string() + " " + o.string()), 0);
  // QEMU 7.2 writes semihosting console text to stderr, with a "Timer with period zero" line.
  fs::path out = dir / (name + ".qemu.out");
  int status = shell("timeout 60 " M3LAB_QEMU " -M lm3s6965evb -nographic -monitor none -serial none "
                     "-semihosting-config enable=on,target=native -kernel " + elf.string() + " 2>" + out.string() + " </dev/null");
  std::string qout = read_file(out);
  const std::string timer = "Timer with period zero, disabling\n";
  if (auto p = qout.find(timer); p != std::string::npos) qout.erase(p, timer.size());
  EXPECT_EQ(qout, m.out);
  EXPECT_EQ(status, m.status);
}

INSTANTIATE_TEST_SUITE_P(Programs, QemuOracle, testing::Values("arith", "funcs", "pointers", "vars", "control"),
                         [](const testing::TestParamInfo<std::string>& i) { return i.param; });
#endif

}  // namespace
