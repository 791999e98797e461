// The ISS against QEMU 7.2 (lm3s6965evb, a Cortex-M3): GCC-built programs (tests/iss/oracle/*.c)
// must print the same semihosting text, exit with the same code, and retire exactly the same
// number of instructions. QEMU's count is the number of "Trace" lines of `-singlestep -d
// exec,nochain` (one per executed instruction, including IT instructions, condition-failed ones,
// semihosting BKPTs, and a faulting instruction once).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "m3lab/isa/iss.hpp"

using namespace m3::isa;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

struct Outcome {
  std::string text;
  int exit_code = -1;
  uint64_t instructions = 0;
};

Outcome run_qemu(const std::string& name) {
  std::string dir = M3LAB_ISS_ORACLE_DIR;
  std::string elf = dir + "/" + name + ".elf", log = dir + "/" + name + ".qemu.log",
              err = dir + "/" + name + ".qemu.err";
  std::string cmd = std::string(M3LAB_QEMU) +
                    " -M lm3s6965evb -nographic -semihosting-config enable=on,target=native -singlestep"
                    " -d exec,nochain -D " +
                    log + " -kernel " + elf + " </dev/null >/dev/null 2>" + err;
  int status = std::system(cmd.c_str());
  Outcome o;
  o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  // QEMU 7.2 writes SYS_WRITE0 text to stderr, after a line of its own about the board's timer.
  o.text = slurp(err);
  const std::string noise = "Timer with period zero, disabling\n";
  if (auto pos = o.text.find(noise); pos != std::string::npos) o.text.erase(pos, noise.size());
  std::ifstream f(log);
  for (std::string line; std::getline(f, line);)
    if (line.rfind("Trace ", 0) == 0) ++o.instructions;
  return o;
}

Outcome run_iss(const std::string& name) {
  std::string image = slurp(std::string(M3LAB_ISS_ORACLE_DIR) + "/" + name + ".bin");
  IssConfig cfg;
  cfg.max_steps = 50'000'000;
  Iss iss(cfg);
  Outcome o;
  iss.set_io({[&](int, const char* d, size_t n) { o.text.append(d, n); }});
  EXPECT_TRUE(iss.memory().host_write(0, image.data(), static_cast<uint32_t>(image.size())));
  iss.reset();
  StopInfo s = iss.run();
  EXPECT_EQ(s.reason, StopReason::Exit) << s.message;
  o.exit_code = s.exit_code & 0xff;  // what a host process exit status keeps
  o.instructions = iss.stats().instructions;
  return o;
}

void compare(const std::string& name) {
  Outcome q = run_qemu(name);
  ASSERT_GT(q.instructions, 0u) << "QEMU produced no exec trace for " << name;
  Outcome m = run_iss(name);
  EXPECT_EQ(m.text, q.text);
  EXPECT_EQ(m.exit_code, q.exit_code);
  EXPECT_EQ(m.instructions, q.instructions);
}

}  // namespace

TEST(IssOracle, Algorithms) { compare("algo"); }
TEST(IssOracle, Exceptions) { compare("exceptions"); }
TEST(IssOracle, InstructionMix) { compare("mix"); }
