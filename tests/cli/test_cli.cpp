// Golden tests of the m3lab command: output, diagnostics and exit statuses (docs/cli.md).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace {

struct Result {
  int status = -1;
  std::string out, err;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Per-test names: ctest runs the tests of this file in parallel processes.
std::string tmp_path(const std::string& name) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return ::testing::TempDir() + "m3lab_cli_" + (info ? info->name() : "none") + "_" + name;
}

Result run(const std::string& args) {
  std::string out = tmp_path("stdout"), err = tmp_path("stderr");
  std::string cmd = std::string(M3LAB_BIN) + " " + args + " >" + out + " 2>" + err + " </dev/null";
  int rc = std::system(cmd.c_str());
  Result r;
  r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : 1000 + rc;
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

std::string data(const std::string& name) { return std::string(M3LAB_TEST_DATA) + "/" + name; }

TEST(Cli, HelpListsSubcommands) {
  Result r = run("--help");
  EXPECT_EQ(r.status, 0);
  for (const char* sub : {"asm", "disasm", "run"}) EXPECT_NE(r.out.find(sub), std::string::npos) << sub;
}

TEST(Cli, BadCommandLineIsStatus2) {
  EXPECT_EQ(run("frobnicate").status, 2);
  EXPECT_EQ(run("run").status, 2);
  EXPECT_EQ(run("run " + data("exit42.s") + " --engine warp").status, 2);
}

TEST(Cli, DemoPrintsFibonacci) {
  Result r = run("run " + std::string(M3LAB_SOURCE_DIR) + "/workloads/asm/demo.s");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "Hello from m3lab! The first Fibonacci numbers:\n"
            "1 1 2 3 5 8 13 21 34 55 89 144 233 377 610 987 1597 2584 4181 6765 \n");
  EXPECT_EQ(r.err, "");
}

TEST(Cli, ExitCodeAndStats) {
  std::string stats = tmp_path("exit42.json");
  Result r = run("run " + data("exit42.s") + " --stats-json " + stats);
  EXPECT_EQ(r.status, 42);
  auto j = nlohmann::json::parse(slurp(stats));
  EXPECT_EQ(j["engine"], "iss");
  EXPECT_EQ(j["instructions"], 3);  // ldr, movs and the semihosting bkpt
  EXPECT_EQ(j["stop"], "exit");
  EXPECT_EQ(j["exit_code"], 42);
}

TEST(Cli, StepLimitIsStatus124WithStats) {
  std::string stats = tmp_path("spin.json");
  Result r = run("run " + data("spin.s") + " --max-steps 1000 --stats-json " + stats);
  EXPECT_EQ(r.status, 124);
  EXPECT_NE(r.err.find("m3lab: did not finish within 1000 instructions"), std::string::npos) << r.err;
  auto j = nlohmann::json::parse(slurp(stats));
  EXPECT_EQ(j["instructions"], 1000);
  EXPECT_EQ(j["stop"], "step_limit");
}

TEST(Cli, UnhandledBusFaultIsStatus125) {
  Result r = run("run " + data("buserr.s"));
  EXPECT_EQ(r.status, 125);
  EXPECT_NE(r.err.find("m3lab: "), std::string::npos);
  EXPECT_NE(r.err.find("BusFault"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("0x40000000"), std::string::npos) << r.err;
}

TEST(Cli, UndefinedInstructionMessage) {
  Result r = run("run " + data("udf.s"));
  EXPECT_EQ(r.status, 125);
  // The generated vector table takes 64 bytes; _start is at 0x40, udf at 0x42.
  EXPECT_NE(r.err.find("undefined instruction 0xde00 at PC 0x00000042"), std::string::npos) << r.err;
}

TEST(Cli, AssemblyErrorsAllReportedWithLineAndColumn) {
  std::string elf = tmp_path("bad.elf");
  Result r = run("asm " + data("bad.s") + " -o " + elf);
  EXPECT_EQ(r.status, 1);
  std::string f = data("bad.s");
  EXPECT_NE(r.err.find(f + ":4:9: error: unknown instruction 'frobnicate'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(f + ":5:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("out of range"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(f + ":6:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nowhere"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(f + ":7:9: error: unknown directive '.bogus'"), std::string::npos) << r.err;
  // Running it reports the same and uses the load-failure status.
  Result rr = run("run " + data("bad.s"));
  EXPECT_EQ(rr.status, 126);
}

TEST(Cli, BadElfsAreStatus126) {
  // A truncated ELF.
  std::string good = tmp_path("good.elf"), cut = tmp_path("cut.elf");
  ASSERT_EQ(run("asm " + data("exit42.s") + " -o " + good).status, 0);
  std::string bytes = slurp(good);
  ASSERT_GT(bytes.size(), 100u);
  std::ofstream(cut, std::ios::binary) << bytes.substr(0, 100);
  Result r = run("run " + cut);
  EXPECT_EQ(r.status, 126);
  EXPECT_NE(r.err.find("truncated"), std::string::npos) << r.err;
  // A non-ARM ELF32: the same file with e_machine changed to EM_386.
  std::string x86 = tmp_path("x86.elf");
  std::string patched = bytes;
  patched[18] = 3;
  patched[19] = 0;
  std::ofstream(x86, std::ios::binary) << patched;
  Result x = run("run " + x86);
  EXPECT_EQ(x.status, 126);
  EXPECT_NE(x.err.find("not an ARM"), std::string::npos) << x.err;
  // A 64-bit ELF: the m3lab executable itself.
  Result y = run(std::string("run ") + M3LAB_BIN);
  EXPECT_EQ(y.status, 126);
  EXPECT_NE(y.err.find("not a 32-bit ELF"), std::string::npos) << y.err;
}

TEST(Cli, AsmThenRunAndDisasm) {
  std::string elf = tmp_path("exit42b.elf");
  ASSERT_EQ(run("asm " + data("exit42.s") + " -o " + elf).status, 0);
  EXPECT_EQ(run("run " + elf).status, 42);
  Result d = run("disasm " + elf);
  EXPECT_EQ(d.status, 0);
  EXPECT_NE(d.out.find("<_start>:"), std::string::npos) << d.out;
  EXPECT_NE(d.out.find("bkpt\t0x00ab"), std::string::npos) << d.out;
}

}  // namespace

namespace {
TEST(Cli, PipelineEngineMatchesIssAndWritesTraces) {
  std::string demo = std::string(M3LAB_SOURCE_DIR) + "/workloads/asm/demo.s";
  std::string kanata = tmp_path("demo.kanata"), vcd = tmp_path("demo.vcd"), stats = tmp_path("demo.json");
  Result iss = run("run " + demo);
  Result pipe = run("run " + demo + " --engine pipeline --check --trace-kanata " + kanata + " --trace-vcd " + vcd +
                    " --stats-json " + stats);
  EXPECT_EQ(pipe.status, 0) << pipe.err;
  EXPECT_EQ(pipe.out, iss.out);
  EXPECT_EQ(slurp(kanata).rfind("Kanata\t0004\n", 0), 0u);
  EXPECT_NE(slurp(vcd).find("$enddefinitions"), std::string::npos);
  auto j = nlohmann::json::parse(slurp(stats));
  EXPECT_EQ(j["engine"], "pipeline");
  EXPECT_EQ(j["instructions"], 812);
  EXPECT_GT(j["cycles"].get<uint64_t>(), 812u);
  for (const char* k : {"load_use", "raw", "structural", "multicycle", "icache", "dcache"})
    EXPECT_TRUE(j["stalls"].contains(k)) << k;
  EXPECT_TRUE(j["dcache"].contains("misses"));
}

TEST(Cli, PipelineCycleLimitIsStatus124) {
  Result r = run("run " + data("spin.s") + " --engine pipeline --max-cycles 500");
  EXPECT_EQ(r.status, 124);
  EXPECT_NE(r.err.find("did not finish within 500 cycles"), std::string::npos) << r.err;
}
}  // namespace
