// The random program generator, checked before any pipeline exists: every program assembles with
// m3lab's assembler and runs on the ISS to its semihosting exit (code 0) without faulting; with the
// oracles, GNU as + ld produce the same bytes. The generator uses every template family.
#include <gtest/gtest.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <unistd.h>

#include "m3lab/isa/assembler.hpp"
#include "m3lab/isa/iss.hpp"
#include "randprog.hpp"
#include "test_support.hpp"

using namespace m3;
using namespace m3::isa;

namespace {

constexpr uint64_t kPrograms = 150;
constexpr uint64_t kStepLimit = 200000;

struct Assembled {
  std::optional<AsmResult> res;
  std::string diags;
};

Assembled assemble_program(const std::string& src, const std::string& name) {
  Diagnostics d;
  Assembled a;
  a.res = assemble(src, name, AsmOptions{}, d);
  a.diags = d.str();
  return a;
}

TEST(PipeRandomGenerator, ProgramsAssembleAndExitOnTheIss) {
  uint64_t total = 0;
  for (uint64_t seed = 1; seed <= kPrograms; ++seed) {
    std::string src = pipetest::generate_program(seed);
    std::string name = "rand" + std::to_string(seed) + ".s";
    Assembled a = assemble_program(src, name);
    ASSERT_TRUE(a.res) << name << ":\n" << a.diags << "\n" << src;
    IssConfig cfg;
    cfg.max_steps = kStepLimit;
    Diagnostics d;
    std::string out;
    auto r = simulate(a.res->image, name, cfg, d, SemihostIo{[&](int, const char* p, size_t n) { out.append(p, n); }});
    ASSERT_TRUE(r) << d.str();
    EXPECT_EQ(r->stop.reason, StopReason::Exit) << name << ": " << r->stop.message << "\n" << src;
    EXPECT_EQ(r->stop.exit_code, 0) << name;
    // Exceptions are the program's SVCs only: the vector table has no fault handlers, so a fault
    // would have stopped the run with StopReason::Fault.
    total += r->stats.instructions;
  }
  std::printf("%llu programs, %llu instructions in total\n", static_cast<unsigned long long>(kPrograms),
              static_cast<unsigned long long>(total));
}

TEST(PipeRandomGenerator, IsDeterministicPerSeed) {
  EXPECT_EQ(pipetest::generate_program(7), pipetest::generate_program(7));
  EXPECT_NE(pipetest::generate_program(7), pipetest::generate_program(8));
}

TEST(PipeRandomGenerator, UsesEveryTemplateFamily) {
  std::vector<bool> seen(static_cast<size_t>(pipetest::template_family_count()));
  for (uint64_t seed = 1; seed <= kPrograms; ++seed) {
    std::vector<bool> used = pipetest::families_used(seed);
    for (size_t k = 0; k < seen.size(); ++k) seen[k] = seen[k] || used[k];
  }
  for (size_t k = 0; k < seen.size(); ++k) EXPECT_TRUE(seen[k]) << pipetest::template_family_name(static_cast<int>(k));
}

#ifdef ARM_AS
namespace fs = std::filesystem;

using m3::test::slurp;

// GNU as must accept the program with no message, and (linked at m3lab's addresses) give the same
// .text bytes as m3lab's assembler.
TEST(PipeRandomGenerator, GnuAsAgreesByteForByte) {
  fs::path dir = fs::temp_directory_path() / ("m3lab_pipe_random_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  for (uint64_t seed = 1; seed <= kPrograms; ++seed) {
    std::string src = pipetest::generate_program(seed);
    std::string name = "rand" + std::to_string(seed) + ".s";
    Assembled a = assemble_program(src, name);
    ASSERT_TRUE(a.res) << a.diags;
    const ElfSection* text = nullptr;
    for (const ElfSection& s : a.res->image.sections)
      if (s.name == ".text") text = &s;
    ASSERT_TRUE(text);
    std::ofstream(dir / "p.s") << src;
    char addr[32];
    std::snprintf(addr, sizeof addr, "0x%x", text->addr);
    std::string q = "'" + dir.string() + "/";
    std::string cmd = std::string(ARM_AS) + " -mcpu=cortex-m3 -mthumb -o " + q + "p.o' " + q + "p.s' > " + q +
                      "log' 2>&1 && " + ARM_LD + " -Ttext=" + addr + " -Tdata=0x20000000 -e 0 -o " + q +
                      "p.elf' " + q + "p.o' >> " + q + "log' 2>&1 && " + ARM_OBJCOPY + " -O binary -j .text " + q +
                      "p.elf' " + q + "text.bin' >> " + q + "log' 2>&1";
    int rc = std::system(cmd.c_str());
    std::string log = slurp(dir / "log");
    ASSERT_EQ(rc, 0) << name << ": " << log << "\n" << src;
    EXPECT_EQ(log, "") << name << ": GNU as or ld said something\n" << src;
    std::string gas = slurp(dir / "text.bin");
    std::string mine(text->data.begin(), text->data.end());
    if (gas != mine) {
      size_t k = 0;
      while (k < gas.size() && k < mine.size() && gas[k] == mine[k]) ++k;
      ADD_FAILURE() << name << ": .text differs from GNU as at 0x" << std::hex << text->addr + k << " (sizes "
                    << std::dec << mine.size() << " vs " << gas.size() << ")\n" << src;
    }
  }
  fs::remove_all(dir);
}
#endif

}  // namespace
