// The SystemC pipeline (m3::sim::Machine): timing rules of docs/pipeline.md on micro-programs
// (measured as differences between two programs of the same layout, so that cache effects
// cancel), lock-step checks against the ISS under several configurations, the two speed modes,
// checkpoints, and every QEMU test program on the pipeline.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "m3lab/isa/assembler.hpp"
#include "m3lab/isa/elf.hpp"
#include "m3lab/isa/iss.hpp"
#include "m3lab/sim/config.hpp"
#include "m3lab/sim/machine.hpp"

namespace {

using m3::Diagnostics;
namespace isa = m3::isa;
namespace sim = m3::sim;

isa::ElfImage assemble(const std::string& src) {
  Diagnostics diags;
  auto r = isa::assemble(src, "test.s", isa::AsmOptions{}, diags);
  EXPECT_TRUE(r.has_value()) << diags.str();
  return r ? r->image : isa::ElfImage{};
}

// A program: body, then exit(r0) through SYS_EXIT_EXTENDED. The code up to the exit fits one
// 64-byte line, so with config()'s 64-byte I-cache lines only its first fetch misses and fetch
// bubbles cannot hide the stalls under test.
std::string program(const std::string& body) {
  return R"(
        .syntax unified
        .thumb
        .text
        .balign 64
        .global _start
        .thumb_func
_start:
        ldr     r4, =data
        movs    r0, #1
        movs    r3, #3
        nop
        nop
        nop
)" + body + R"(
        nop
        nop
        nop
        ldr     r1, =exit_block
        ldr     r2, =0x20026
        str     r2, [r1]
        str     r0, [r1, #4]
        movs    r0, #0x20
        bkpt    0xab
        b       .
        .data
exit_block:
        .word   0, 0
data:
        .word   5, 6, 7, 8
)";
}

struct Outcome {
  sim::RunResult result;
  sim::PipelineStats stats;
  std::string out;
};

Outcome run_pipe(const isa::ElfImage& image, const sim::MachineConfig& cfg, bool check = true,
                 sim::Observer* obs = nullptr, uint64_t max_cycles = 0) {
  Outcome o;
  sim::Machine m;
  m.set_io(isa::SemihostIo{[&](int, const char* d, size_t n) { o.out.append(d, n); }});
  Diagnostics diags;
  EXPECT_TRUE(m.load(image, cfg, diags, "test")) << diags.str();
  m.set_check(check);
  m.set_observer(obs);
  o.result = m.run(max_cycles);
  o.stats = m.stats();
  EXPECT_FALSE(o.result.diverged) << o.result.divergence;
  return o;
}

sim::MachineConfig config(bool fwd = true, sim::BranchPredictor bp = sim::BranchPredictor::StaticNotTaken,
                          sim::BranchResolution res = sim::BranchResolution::EX) {
  sim::MachineConfig c;
  c.core.forwarding = fwd;
  c.core.branch_predictor = bp;
  c.core.branch_resolution = res;
  c.icache.line = 64;
  return c;
}

// ---- data hazards --------------------------------------------------------------------------

TEST(PipelineHazards, LoadUseCostsOneCycleWithForwarding) {
  auto a = run_pipe(assemble(program("ldr r1, [r4]\n adds r2, r3, r3\n adds r0, r0, r2\n")), config());
  auto b = run_pipe(assemble(program("ldr r1, [r4]\n adds r2, r1, r1\n adds r0, r0, r2\n")), config());
  EXPECT_EQ(b.stats.instructions, a.stats.instructions);
  EXPECT_EQ(b.stats.cycles - a.stats.cycles, 1u);
  EXPECT_EQ(b.stats.stalls.load_use - a.stats.stalls.load_use, 1u);
  EXPECT_EQ(b.result.stop.exit_code, 1 + 10);
}

TEST(PipelineHazards, AluDependenceIsForwardedWithoutStall) {
  auto a = run_pipe(assemble(program("adds r1, r3, r3\n adds r2, r3, r3\n adds r0, r0, r2\n")), config());
  auto b = run_pipe(assemble(program("adds r1, r3, r3\n adds r2, r1, r1\n adds r0, r0, r2\n")), config());
  EXPECT_EQ(b.stats.cycles, a.stats.cycles);
  EXPECT_GT(b.stats.forwards[static_cast<size_t>(sim::ForwardPath::ExMemToEx)],
            a.stats.forwards[static_cast<size_t>(sim::ForwardPath::ExMemToEx)]);
}

TEST(PipelineHazards, WithoutForwardingDistanceOneTwoThreeCostTwoOneZero) {
  const char* base = "adds r1, r3, r3\n nop\n nop\n adds r2, r3, r3\n";
  const char* d1 = "adds r1, r3, r3\n adds r2, r1, r1\n nop\n nop\n";
  const char* d2 = "adds r1, r3, r3\n nop\n adds r2, r1, r1\n nop\n";
  const char* d3 = "adds r1, r3, r3\n nop\n nop\n adds r2, r1, r1\n";
  auto c = config(false);
  auto a = run_pipe(assemble(program(base)), c);
  EXPECT_EQ(run_pipe(assemble(program(d1)), c).stats.cycles - a.stats.cycles, 2u);
  EXPECT_EQ(run_pipe(assemble(program(d2)), c).stats.cycles - a.stats.cycles, 1u);
  EXPECT_EQ(run_pipe(assemble(program(d3)), c).stats.cycles - a.stats.cycles, 0u);
}

// ---- control hazards -----------------------------------------------------------------------

const char* kLoop10 = "movs r3, #10\n1: subs r3, #1\n nop\n bne 1b\n";

TEST(PipelineBranches, PredictorsOnATenIterationLoop) {
  auto img = assemble(program(kLoop10));
  struct Case {
    sim::BranchPredictor bp;
    uint64_t mispredicted;
  } cases[] = {{sim::BranchPredictor::StaticNotTaken, 9},
               {sim::BranchPredictor::BTFN, 1},
               {sim::BranchPredictor::OneBit, 2},
               {sim::BranchPredictor::TwoBit, 2}};
  for (const Case& k : cases) {
    auto o = run_pipe(img, config(true, k.bp));
    EXPECT_EQ(o.stats.branches.total, 10u) << static_cast<int>(k.bp);
    EXPECT_EQ(o.stats.branches.mispredicted, k.mispredicted) << static_cast<int>(k.bp);
    EXPECT_EQ(o.stats.flushes, k.mispredicted);
  }
}

TEST(PipelineBranches, ResolvingInIdSavesOneCyclePerMisprediction) {
  auto img = assemble(program(kLoop10));
  auto ex = run_pipe(img, config(true, sim::BranchPredictor::StaticNotTaken, sim::BranchResolution::EX));
  auto id = run_pipe(img, config(true, sim::BranchPredictor::StaticNotTaken, sim::BranchResolution::ID));
  EXPECT_EQ(ex.stats.cycles - id.stats.cycles, 9u);
  EXPECT_GT(id.stats.forwards[static_cast<size_t>(sim::ForwardPath::ExMemToId)], 0u);
}

TEST(PipelineTiming, DivisionTakesItsEarlyTerminationCycles) {
  // 0x7fff / 1: q = 15 significant bits, div_min + ceil(15/4) = 2 + 4 = 6 cycles, 5 extra.
  auto a = run_pipe(assemble(program("movw r1, #0x7fff\n movs r2, #1\n mul r5, r1, r2\n")), config());
  auto b = run_pipe(assemble(program("movw r1, #0x7fff\n movs r2, #1\n udiv r5, r1, r2\n")), config());
  EXPECT_EQ(b.stats.cycles - a.stats.cycles, 5u);
  EXPECT_EQ(b.stats.stalls.multicycle - a.stats.stalls.multicycle, 5u);
}

TEST(PipelineFetch, CodeInRamIsReDecodedWhenTheProgramRewritesIt) {
  auto img = assemble(program(R"(
        ldr     r5, =ram_code + 1
        blx     r5
        mov     r8, r0
        ldr     r6, =ram_code
        ldr     r7, =0x4770200b
        str     r7, [r6]
        blx     r5
        add     r0, r0, r8
        b       3f
        .ltorg
        .data
        .balign 4
ram_code:
        .word   0x47702007
        .text
3:
)"));
  auto o = run_pipe(img, config());
  EXPECT_EQ(o.result.stop.reason, isa::StopReason::Exit) << o.result.stop.message;
  EXPECT_EQ(o.result.stop.exit_code, 7 + 11);
}

TEST(PipelineCall, CallsAFunctionAndStopsAtItsReturn) {
  auto img = assemble(R"(
        .syntax unified
        .thumb
        .text
        .global _start
        .thumb_func
_start:
        b       .
        .global add3
        .thumb_func
add3:
        adds    r0, r0, r1
        ldr     r3, [sp]
        adds    r0, r0, r2
        adds    r0, r0, r3
        bx      lr
)");
  uint32_t addr = 0;
  for (const auto& sym : img.symbols)
    if (sym.name == "add3") addr = sym.value;
  ASSERT_NE(addr, 0u);
  sim::Machine m;
  Diagnostics diags;
  ASSERT_TRUE(m.load(img, config(), diags, "call")) << diags.str();
  m.set_check(true);
  m.call(addr, {1, 2, 3, 4, 5}, 0x20008000);
  sim::RunResult r = m.run(10000);
  EXPECT_FALSE(r.diverged) << r.divergence;
  EXPECT_EQ(r.stop.reason, isa::StopReason::Exit) << r.stop.message;
  EXPECT_EQ(r.stop.exit_code, 1 + 2 + 3 + 5);
  EXPECT_EQ(m.stats().instructions, 5u);
}

// ---- lock-step over configurations ---------------------------------------------------------

std::vector<sim::MachineConfig> configs() {
  std::vector<sim::MachineConfig> v;
  v.push_back(config());
  v.push_back(config(false));
  v.push_back(config(true, sim::BranchPredictor::BTFN, sim::BranchResolution::ID));
  v.push_back(config(false, sim::BranchPredictor::OneBit, sim::BranchResolution::ID));
  auto c = config(true, sim::BranchPredictor::TwoBit);
  c.core.unified_memory = true;
  c.dcache.write = sim::WritePolicy::WriteThrough;
  v.push_back(c);
  auto d = config(true, sim::BranchPredictor::TwoBit);
  d.icache.enabled = false;
  d.dcache.enabled = false;
  v.push_back(d);
  return v;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(PipelineLockStep, DemoAndMicroProgramsUnderEveryConfig) {
  std::vector<isa::ElfImage> images = {assemble(read_file(M3LAB_SOURCE_DIR "/workloads/asm/demo.s")),
                                       assemble(program(kLoop10)),
                                       assemble(program(R"(
        push    {r0, r3, r4}
        ldm     r4, {r1, r2, r5}
        adds    r0, r1, r2
        cmp     r0, #11
        ite     eq
        addeq   r0, r0, r5
        subne   r0, r0, #1
        ldrd    r6, r7, [r4]
        strd    r6, r7, [r4, #8]
        umull   r6, r7, r6, r7
        sdiv    r6, r6, r3
        cbz     r6, 2f
        adds    r0, #1
2:      pop     {r1, r3, r4}
)"))};
  for (const auto& img : images)
    for (const auto& cfg : configs()) {
      auto o = run_pipe(img, cfg);
      EXPECT_EQ(o.result.stop.reason, isa::StopReason::Exit) << o.result.stop.message;
      // The ISS gives the same output and instruction count.
      std::string iss_out;
      Diagnostics diags;
      auto r = isa::simulate(img, "test", {}, diags,
                             isa::SemihostIo{[&](int, const char* d, size_t n) { iss_out.append(d, n); }});
      ASSERT_TRUE(r);
      EXPECT_EQ(o.out, iss_out);
      EXPECT_EQ(o.stats.instructions, r->stats.instructions);
      EXPECT_EQ(o.result.stop.exit_code, r->stop.exit_code);
    }
}

// ---- speed modes and observers ---------------------------------------------------------------

// Checks the documented call order and counts retirements.
struct OrderObserver : sim::Observer {
  int state = 0;  // 0: between cycles, 1: after begin_cycle, 2..6: stages seen
  uint64_t cycles = 0, retired = 0, last_seq = 0;
  bool ok = true;
  void begin_cycle(uint64_t c) override {
    ok &= state == 0 && c == cycles + 1;
    cycles = c;
    state = 1;
  }
  void stage(sim::Stage s, const sim::StageState&) override {
    ok &= state >= 1 && state <= 5 && static_cast<int>(s) == 5 - state;
    ++state;
  }
  void retire(const sim::RetireEvent& e) override {
    ok &= state == 6 && e.seq > last_seq && e.text != nullptr;
    last_seq = e.seq;
    ++retired;
  }
  void end_cycle(uint64_t c) override {
    ok &= state == 6 && c == cycles;
    state = 0;
  }
};

TEST(PipelineModes, DecoupledAndObservedRunsCountTheSameCycles) {
  auto img = assemble(read_file(M3LAB_SOURCE_DIR "/workloads/asm/demo.s"));
  for (const auto& cfg : configs()) {
    auto a = run_pipe(img, cfg, false, nullptr);
    OrderObserver obs;
    auto b = run_pipe(img, cfg, false, &obs);
    EXPECT_EQ(a.stats.cycles, b.stats.cycles);
    EXPECT_EQ(a.stats.instructions, b.stats.instructions);
    EXPECT_TRUE(obs.ok);
    EXPECT_EQ(obs.cycles, b.stats.cycles);
    EXPECT_EQ(obs.retired, b.stats.instructions);
  }
}

TEST(PipelineModes, CycleLimitStopsAtTheLimit) {
  auto o = run_pipe(assemble(program("movw r3, #60000\n1: subs r3, #1\n bne 1b\n")), config(), false, nullptr, 5000);
  EXPECT_TRUE(o.result.cycle_limit);
  EXPECT_EQ(o.result.stop.reason, isa::StopReason::StepLimit);
  EXPECT_EQ(o.stats.cycles, 5000u);
}

// ---- checkpoints ------------------------------------------------------------------------------

TEST(PipelineCheckpoint, RestoreReplaysIdentically) {
  auto img = assemble(read_file(M3LAB_SOURCE_DIR "/workloads/asm/demo.s"));
  sim::Machine m;
  std::string out;
  m.set_io(isa::SemihostIo{[&](int, const char* d, size_t n) { out.append(d, n); }});
  Diagnostics diags;
  ASSERT_TRUE(m.load(img, config(true, sim::BranchPredictor::TwoBit), diags, "demo"));
  m.run(400);
  auto cp = m.checkpoint();
  std::string out_at_cp = out;
  m.run(1500);
  isa::Cpu cpu1 = m.cpu();
  sim::PipelineStats s1 = m.stats();
  std::string out1 = out.substr(out_at_cp.size());
  m.restore(*cp);
  EXPECT_EQ(m.cycle(), 400u);
  out = out_at_cp;
  m.run(1500);
  EXPECT_EQ(std::vector<uint32_t>(m.cpu().r, m.cpu().r + 16), std::vector<uint32_t>(cpu1.r, cpu1.r + 16));
  EXPECT_EQ(m.stats().cycles, s1.cycles);
  EXPECT_EQ(m.stats().instructions, s1.instructions);
  EXPECT_EQ(m.stats().branches.mispredicted, s1.branches.mispredicted);
  EXPECT_EQ(m.stats().dcache.misses, s1.dcache.misses);
  EXPECT_EQ(out.substr(out_at_cp.size()), out1);
}

// ---- the QEMU test programs ---------------------------------------------------------------------

#ifdef M3LAB_PIPE_QEMU_PROGRAMS
struct QemuProgram {
  const char* name;
  const char* opt;
  const char* elf;
};
const QemuProgram kQemuPrograms[] = {
#include "qemu_programs.inc"
};

class PipelineQemu : public ::testing::TestWithParam<QemuProgram> {};

TEST_P(PipelineQemu, SameOutputAndExitAsTheIssUnderLockStep) {
  Diagnostics diags;
  auto img = isa::read_elf(GetParam().elf, isa::MemoryConfig{}, diags);
  ASSERT_TRUE(img) << diags.str();
  std::string iss_out;
  auto r = isa::simulate(*img, GetParam().elf, {}, diags,
                         isa::SemihostIo{[&](int fd, const char* d, size_t n) { iss_out.append(std::to_string(fd)).append(d, n); }});
  ASSERT_TRUE(r);
  for (const auto& cfg : {configs()[0], configs()[4]}) {
    Outcome o;
    sim::Machine m;
    m.set_io(isa::SemihostIo{[&](int fd, const char* d, size_t n) { o.out.append(std::to_string(fd)).append(d, n); }});
    ASSERT_TRUE(m.load(*img, cfg, diags, GetParam().elf)) << diags.str();
    m.set_check(true);
    o.result = m.run(200'000'000);
    EXPECT_FALSE(o.result.diverged) << o.result.divergence;
    EXPECT_EQ(o.out, iss_out);
    EXPECT_EQ(o.result.stop.reason, r->stop.reason) << o.result.stop.message;
    EXPECT_EQ(o.result.stop.exit_code, r->stop.exit_code);
    EXPECT_EQ(m.stats().instructions, r->stats.instructions);
  }
}

INSTANTIATE_TEST_SUITE_P(All, PipelineQemu, ::testing::ValuesIn(kQemuPrograms),
                         [](const auto& info) { return std::string(info.param.name) + "_" + info.param.opt; });
#endif

}  // namespace

// ---- the command line ---------------------------------------------------------------------------

#if defined(M3LAB_PIPE_QEMU_PROGRAMS) && defined(M3LAB_CLI)
struct CliRun {
  std::string out;
  int status = -1;
};

CliRun cli(const std::string& args) {
  CliRun r;
  std::string cmd = std::string(M3LAB_CLI) + " run " + args + " 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

TEST(PipelineCli, SameStdoutAndStatusAsTheIss) {
  int n = 0;
  for (const QemuProgram& p : kQemuPrograms) {
    if (std::string(p.opt) != "O2") continue;
    CliRun iss = cli(p.elf);
    CliRun pipe = cli(std::string(p.elf) + " --engine pipeline --check");
    EXPECT_EQ(pipe.out, iss.out) << p.elf;
    EXPECT_EQ(pipe.status, iss.status) << p.elf;
    ++n;
  }
  EXPECT_GT(n, 30);
}

TEST(PipelineCli, CycleLimitAndStatsJson) {
  std::string elf = kQemuPrograms[0].elf;
  EXPECT_EQ(cli(elf + " --engine pipeline --max-cycles 100").status, 124);
  std::string json = ::testing::TempDir() + "/pipe_stats.json";
  CliRun r = cli(elf + " --engine pipeline --stats-json " + json);
  std::string text = read_file(json);
  for (const char* key : {"\"cycles\"", "\"cpi\"", "\"load_use\"", "\"structural\"", "\"flushes\"",
                          "\"mispredicted\"", "\"ex_mem_ex\"", "\"mem_wb_id\"", "\"icache\"", "\"dcache\"",
                          "\"writebacks\"", "\"instructions_by_class\""})
    EXPECT_NE(text.find(key), std::string::npos) << key;
}
#endif

namespace {
// The lock-step check compares what each store wrote. Make the pipeline's memory differ from the
// reference ISS's in a word that a later byte store touches: the check must report it at that store.
TEST(PipelineLockStep, ReportsAStoreWhoseMemoryDiffers) {
  auto img = assemble(program("ldr r5, =0x20000100\n movw r6, #2000\n1: subs r6, #1\n bne 1b\n strb r0, [r5]\n"));
  sim::Machine m;
  Diagnostics diags;
  ASSERT_TRUE(m.load(img, config(), diags, "test.s")) << diags.str();
  m.set_check(true);
  for (int k = 0; k < 50; ++k) ASSERT_TRUE(m.step_cycle());
  uint32_t junk = 0xAABBCC00;
  ASSERT_TRUE(m.memory().host_write(0x20000100, &junk, 4));
  sim::RunResult r = m.run();
  EXPECT_TRUE(r.diverged);
  EXPECT_NE(r.divergence.find("memory at 0x20000101"), std::string::npos) << r.divergence;
  // Reported at the store itself, not by the end-of-run sweep.
  EXPECT_NE(r.divergence.find("strb"), std::string::npos) << r.divergence;
}
}  // namespace
