// Execution cross-check against QEMU.
//
// Every program in tests/qemu/programs, built at -O0, -O2 and -Os, runs on
//   qemu-system-arm -M lm3s6965evb (semihosting on, the insn_count TCG plugin loaded), and on
//   m3lab run prog.elf --engine iss --stats-json FILE.
// QemuOracle checks the program itself on QEMU (its exit status is the one it was written to
// return); QemuDiff checks that m3lab prints the same console text, exits with the same status
// and executes the same number of instructions.
//
// QEMU 7.2 writes semihosting console output (SYS_WRITEC, SYS_WRITE0) on stderr, next to a
// "Timer with period zero, disabling" line from the board, and SYS_WRITE to an opened ":tt" on
// stdout. The console text compared is the filtered stderr followed by stdout (a program uses one
// channel or the other). QEMU results are cached per ELF content hash in the build directory.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace {

namespace fs = std::filesystem;

struct Program {
  const char* name;
  const char* opt;
  const char* elf;
};

const Program kPrograms[] = {
#include "qemu_programs.inc"
};

void PrintTo(const Program& p, std::ostream* os) { *os << p.name << " -" << p.opt; }

// What each program returns (the same at every optimisation level), and a line its output must
// contain. A program whose expectation is missing here fails QemuOracle, so new programs get one.
struct Expectation {
  int exit_code;
  const char* must_contain;
};
const std::map<std::string, Expectation> kExpected = {
    {"arith", {105, "mix="}},
    {"bitfield", {46, "ubfx=0x000000ac"}},
    {"bits", {44, "rbit-mismatch=0"}},
    {"calls", {11, "many="}},
    {"compare", {45, "lt=45"}},
    {"conv3x3", {47, "sobel="}},
    {"copy_ldm", {43, "memmove="}},
    {"crc32", {51, "check=0xcbf43926"}},
    {"divmod", {21, "intmin/-1=-2147483648\nsdiv0=0\nudiv0=0"}},
    {"dwt", {52, "delta small: yes"}},
    {"exclusive", {61, "counter=88"}},
    {"fault_unaligned", {243, "aligned=0x33333333\n*** unexpected exception 3 at pc="}},
    {"fir_q15", {60, "fir="}},
    {"gemm", {48, "mismatch=0"}},
    {"hardfault", {99, "hardfault #3 undefinstr=1 forced=1 insn=0x0000deff\nexiting from the handler"}},
    {"hello", {7, "hello from m3lab test"}},
    {"int64", {42, "div="}},
    {"itblocks", {53, "it=2047"}},
    {"linked_list", {59, "ordered=1"}},
    {"loadstore", {42, "reinterp="}},
    {"loops", {47, "collatz27=111"}},
    {"mul_long", {56, "udot="}},
    {"qsort", {50, "bad=0"}},
    {"recursion", {55, "fib20=6765\nack(2,3)=9\nack(3,3)=61"}},
    {"saturate", {45, "ssat_asr=-8"}},
    {"sieve", {214, "count=2262"}},
    {"softdouble", {58, "e="}},
    {"softfloat", {57, "sqrt2=0x3fb504f3"}},
    {"strings", {43, "words=9"}},
    {"svc", {54, "add=42\nmul=42"}},
    {"switch_tbb", {40, "tbb="}},
    {"switch_tbh", {41, "tbh="}},
    {"sys_write", {54, "line one via SYS_WRITE\nn=0"}},
    {"sysregs", {62, "psp-call=2142\ncontrol=0"}},
    {"unaligned", {55, "word@3="}},
};

constexpr auto kQemuTimeout = std::chrono::seconds(60);
constexpr auto kM3labTimeout = std::chrono::seconds(120);

struct ProcessResult {
  bool started = false;
  bool timed_out = false;
  int exit_code = -1;  // -1 if killed by a signal
  std::string out, err;
};

std::string read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

// Runs argv with stdout/stderr redirected to files next to `stem`, killing it after `timeout`.
ProcessResult run_process(const std::vector<std::string>& argv, const fs::path& stem,
                          std::chrono::milliseconds timeout) {
  ProcessResult r;
  const fs::path out = stem.string() + ".stdout", err = stem.string() + ".stderr";
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return r;
  r.started = true;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  for (;;) {
    pid_t w = waitpid(pid, &status, WNOHANG);
    if (w == pid) break;
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      r.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

struct RunResult {
  std::string console;
  int exit_code = -1;
  uint64_t instructions = 0;
};

// Drops QEMU's own messages from its stderr, keeping the program's console text.
std::string filter_qemu_stderr(const std::string& err) {
  static const std::string kTimerLine = "Timer with period zero, disabling\n";
  std::string s = err;
  for (size_t p; (p = s.find(kTimerLine)) != std::string::npos;) s.erase(p, kTimerLine.size());
  return s;
}

uint64_t fnv1a64(const std::string& data) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : data) h = (h ^ c) * 0x100000001b3ull;
  return h;
}

// Cache file: "exit N\ninsns N\n" followed by the console text.
std::optional<RunResult> load_cached(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  if (!f) return std::nullopt;
  RunResult r;
  std::string tag1, tag2;
  f >> tag1 >> r.exit_code >> tag2 >> r.instructions;
  if (!f || tag1 != "exit" || tag2 != "insns" || f.get() != '\n') return std::nullopt;
  std::ostringstream s;
  s << f.rdbuf();
  r.console = s.str();
  return r;
}

void store_cached(const fs::path& p, const RunResult& r) {
  const fs::path tmp = p.string() + ".tmp" + std::to_string(getpid());
  {
    std::ofstream f(tmp, std::ios::binary);
    f << "exit " << r.exit_code << "\ninsns " << r.instructions << "\n" << r.console;
  }
  std::error_code ec;
  fs::rename(tmp, p, ec);  // atomic: tests running in parallel may race to fill the same entry
}

std::string label(const Program& p) { return std::string(p.name) + "-" + p.opt; }

// Runs the program on QEMU, or returns the cached result for an identical ELF.
RunResult run_qemu(const Program& p, const std::string& suite) {
  const std::string elf = read_file(p.elf);
  EXPECT_FALSE(elf.empty()) << "cannot read " << p.elf;
  char key[32];
  std::snprintf(key, sizeof key, "%016llx", static_cast<unsigned long long>(fnv1a64("v1" + elf)));
  const fs::path cache = fs::path(M3LAB_QEMU_CACHE_DIR) / (std::string(key) + ".txt");
  if (auto cached = load_cached(cache)) return *cached;

  fs::create_directories(M3LAB_QEMU_CACHE_DIR);
  fs::create_directories(M3LAB_QEMU_WORK_DIR);
  const fs::path stem = fs::path(M3LAB_QEMU_WORK_DIR) / (label(p) + "." + suite + ".qemu");
  const fs::path count_file = stem.string() + ".count";
  fs::remove(count_file);
  ProcessResult pr = run_process(
      {M3LAB_QEMU, "-M", "lm3s6965evb", "-nographic", "-semihosting-config", "enable=on,target=native",
       "-kernel", p.elf, "-plugin", std::string(M3LAB_INSN_PLUGIN) + ",outfile=" + count_file.string()},
      stem, kQemuTimeout);
  RunResult r;
  EXPECT_TRUE(pr.started) << "cannot start " << M3LAB_QEMU;
  EXPECT_FALSE(pr.timed_out) << "QEMU timed out on " << p.elf;
  r.exit_code = pr.exit_code;
  r.console = filter_qemu_stderr(pr.err) + pr.out;
  const std::string count = read_file(count_file);
  EXPECT_FALSE(count.empty()) << "the insn_count plugin wrote no count to " << count_file;
  r.instructions = std::strtoull(count.c_str(), nullptr, 10);
  if (pr.started && !pr.timed_out && !count.empty()) store_cached(cache, r);
  return r;
}

// The m3lab CLI: from the build (the `m3lab` target), or M3LAB_BIN in the environment.
std::string m3lab_binary() {
  if (const char* env = std::getenv("M3LAB_BIN")) return env;
#ifdef M3LAB_CLI
  return M3LAB_CLI;
#else
  return "";
#endif
}

std::optional<uint64_t> json_uint(const std::string& json, const std::string& key) {
  std::smatch m;
  if (!std::regex_search(json, m, std::regex("\"" + key + "\"\\s*:\\s*([0-9]+)"))) return std::nullopt;
  return std::stoull(m[1].str());
}
std::optional<std::string> json_string(const std::string& json, const std::string& key) {
  std::smatch m;
  if (!std::regex_search(json, m, std::regex("\"" + key + "\"\\s*:\\s*\"([^\"]*)\""))) return std::nullopt;
  return m[1].str();
}

// Shows where two console texts part: the first differing line of each, with its number.
std::string first_difference(const std::string& a, const std::string& b) {
  std::istringstream sa(a), sb(b);
  std::string la, lb;
  for (int line = 1;; ++line) {
    bool ga = static_cast<bool>(std::getline(sa, la)), gb = static_cast<bool>(std::getline(sb, lb));
    if (!ga && !gb) return "(texts differ only in a final newline)";
    if (!ga) la = "<end of output>";
    if (!gb) lb = "<end of output>";
    if (la != lb || !ga || !gb)
      return "first difference at line " + std::to_string(line) + ":\n  qemu : " + la + "\n  m3lab: " + lb;
  }
}

class QemuTest : public ::testing::TestWithParam<Program> {};
using QemuOracle = QemuTest;
using QemuDiff = QemuTest;

TEST_P(QemuOracle, ProgramBehavesAsWritten) {
  const Program& p = GetParam();
  auto it = kExpected.find(p.name);
  ASSERT_NE(it, kExpected.end()) << "add an expectation for '" << p.name << "' to kExpected";
  RunResult q = run_qemu(p, "oracle");
  EXPECT_EQ(q.exit_code, it->second.exit_code) << "console:\n" << q.console;
  EXPECT_NE(q.console.find(it->second.must_contain), std::string::npos)
      << "expected '" << it->second.must_contain << "' in:\n"
      << q.console;
  EXPECT_GT(q.instructions, 50u);
}

TEST_P(QemuDiff, M3labMatchesQemu) {
  const Program& p = GetParam();
  const std::string m3lab = m3lab_binary();
  ASSERT_FALSE(m3lab.empty()) << "the m3lab CLI binary is missing: the `m3lab` CMake target did not exist "
                                 "when this test was configured (set M3LAB_BIN to run against another build)";
  ASSERT_TRUE(fs::exists(m3lab)) << "the m3lab CLI binary is missing: " << m3lab;

  RunResult q = run_qemu(p, "diff");
  fs::create_directories(M3LAB_QEMU_WORK_DIR);
  const fs::path stem = fs::path(M3LAB_QEMU_WORK_DIR) / (label(p) + ".m3lab");
  const fs::path json_file = stem.string() + ".json";
  fs::remove(json_file);
  ProcessResult mr = run_process({m3lab, "run", p.elf, "--engine", "iss", "--stats-json", json_file.string()},
                                 stem, kM3labTimeout);
  ASSERT_TRUE(mr.started) << "cannot start " << m3lab;
  ASSERT_FALSE(mr.timed_out) << "m3lab timed out (" << kM3labTimeout.count() << " s) on " << p.elf;
  const std::string json = read_file(json_file);
  const auto insns = json_uint(json, "instructions");
  const auto engine = json_string(json, "engine");

  EXPECT_EQ(mr.out, q.console) << first_difference(q.console, mr.out) << "\n(m3lab stderr: " << mr.err << ")";
  EXPECT_EQ(mr.exit_code, q.exit_code) << "m3lab stderr: " << mr.err;
  ASSERT_TRUE(insns.has_value()) << "no \"instructions\" in " << json_file << ": " << json;
  EXPECT_EQ(*insns, q.instructions) << "executed instructions (m3lab vs qemu)";
  EXPECT_EQ(engine.value_or("<missing>"), "iss");
}

// The plugin's count against the slow reference: one "Trace" line per executed instruction with
// -singlestep -d exec,nochain. Run on the programs that end a translation block unusually
// (faults, SVC, IT blocks, exclusives).
TEST(QemuPlugin, CountMatchesSingleStepTrace) {
  int checked = 0;
  for (const Program& p : kPrograms) {
    const std::string name = p.name;
    if (std::string(p.opt) != "O2" ||
        (name != "hello" && name != "hardfault" && name != "svc" && name != "itblocks" &&
         name != "exclusive" && name != "fault_unaligned"))
      continue;
    RunResult q = run_qemu(p, "plugin");
    fs::create_directories(M3LAB_QEMU_WORK_DIR);
    const fs::path stem = fs::path(M3LAB_QEMU_WORK_DIR) / (label(p) + ".singlestep");
    const fs::path log = stem.string() + ".log";
    ProcessResult pr = run_process(
        {M3LAB_QEMU, "-M", "lm3s6965evb", "-nographic", "-semihosting-config", "enable=on,target=native",
         "-kernel", p.elf, "-singlestep", "-d", "exec,nochain", "-D", log.string()},
        stem, kQemuTimeout);
    ASSERT_TRUE(pr.started && !pr.timed_out);
    EXPECT_EQ(pr.exit_code, q.exit_code) << label(p);
    std::istringstream lines(read_file(log));
    uint64_t traces = 0;
    for (std::string line; std::getline(lines, line);) traces += line.rfind("Trace ", 0) == 0;
    EXPECT_EQ(q.instructions, traces) << label(p) << ": plugin vs -singlestep trace lines";
    ++checked;
  }
  EXPECT_EQ(checked, 6);
}

std::string param_name(const ::testing::TestParamInfo<Program>& info) {
  return std::string(info.param.name) + "_" + info.param.opt;
}

INSTANTIATE_TEST_SUITE_P(Programs, QemuOracle, ::testing::ValuesIn(kPrograms), param_name);
INSTANTIATE_TEST_SUITE_P(Programs, QemuDiff, ::testing::ValuesIn(kPrograms), param_name);

}  // namespace
