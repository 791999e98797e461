// The Kanata writer on m3lab's real pipeline: a small program under several machine
// configurations; the trace must be well formed and agree with the pipeline's own statistics.
// One Machine per process (SystemC elaborates once), so this is its own test program.
#include <gtest/gtest.h>

#include <cstdio>
#include <numeric>
#include <string>

#include "kanata_check.hpp"
#include "m3lab/isa/assembler.hpp"
#include "m3lab/sim/kanata.hpp"
#include "m3lab/sim/machine.hpp"
#include "m3lab/sim/observer_mux.hpp"

using namespace m3::sim;

namespace {

// Load-use, a taken loop branch, a multiply and a division, a call and return through the
// stack (PUSH/POP {pc}: resolved in MEM), an IT block, then the semihosting exit.
const char* const kProgram = R"(
        .syntax unified
        .thumb
        .text
        .global _start
        .thumb_func
_start:
        ldr     r1, =data
        movs    r4, #3
loop:   ldr     r0, [r1, #4]
        adds    r2, r0, #1
        muls    r2, r0, r2
        udiv    r3, r2, r4
        bl      leaf
        subs    r4, #1
        bne     loop
        cmp     r3, #0
        ite     eq
        moveq   r5, #1
        movne   r5, #2
        ldr     r1, =block
        movs    r0, #0x20
        bkpt    0xab
        .thumb_func
leaf:   push    {r4, lr}
        ldr     r4, [r1]
        adds    r4, r4, r3
        str     r4, [r1]
        pop     {r4, pc}
        .data
        .balign 4
data:   .word   0, 41
block:  .word   0x20026, 0
)";

struct Counter : Observer {
  uint64_t cycles = 0;
  void end_cycle(uint64_t) override { ++cycles; }
};

Machine& machine() {
  static Machine m;
  return m;
}

std::string read_all(std::FILE* f) {
  std::rewind(f);
  std::string text;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
  return text;
}

// Runs kProgram on `cfg` with a Kanata writer (behind a mux with `extra` if given).
std::string trace_run(const MachineConfig& cfg, PipelineStats& stats, Observer* extra = nullptr) {
  m3::Diagnostics diags;
  m3::isa::AsmOptions opt;
  auto prog = m3::isa::assemble(kProgram, "kanata_pipeline.s", opt, diags);
  EXPECT_TRUE(prog) << diags.str();
  if (!prog) return "";
  Machine& m = machine();
  m.set_io({[](int, const char*, size_t) {}});
  EXPECT_TRUE(m.load(prog->image, cfg, diags, "kanata_pipeline.s")) << diags.str();
  m.set_check(true);
  std::FILE* f = std::tmpfile();
  EXPECT_NE(f, nullptr);
  std::string text;
  {
    KanataWriter w(f);
    ObserverMux mux{&w, extra};
    m.set_observer(extra ? static_cast<Observer*>(&mux) : &w);
    const RunResult r = m.run(100000);
    m.set_observer(nullptr);
    EXPECT_EQ(r.stop.reason, m3::isa::StopReason::Exit) << r.stop.message << r.divergence;
    EXPECT_FALSE(r.diverged) << r.divergence;
    EXPECT_TRUE(w.finish());
    stats = m.stats();
  }
  text = read_all(f);
  std::fclose(f);
  return text;
}

void expect_agrees(const std::string& text, const PipelineStats& st) {
  KanataSummary sum;
  ASSERT_EQ(check_kanata(text, &sum), "");
  EXPECT_EQ(sum.retired, st.instructions);
  EXPECT_EQ(sum.dependencies, std::accumulate(st.forwards.begin(), st.forwards.end(), uint64_t{0}));
  EXPECT_EQ(sum.first_cycle, 1u);
  EXPECT_EQ(sum.last_cycle, st.cycles + 1);  // the last R comes the cycle after the exit retires
  EXPECT_GE(sum.flushed, st.flushes);        // each flush squashes at least one fetched instruction
  // The program did what it is meant to exercise: 2 + 3 passes of 12 + 7 instructions; each pass
  // resolves bl, pop {pc} and bne.
  EXPECT_EQ(st.instructions, 45u);
  EXPECT_EQ(st.branches.total, 9u);
  EXPECT_GT(st.flushes, 0u);
}

TEST(KanataPipeline, TracesAreWellFormedAndMatchTheStatistics) {
  struct Variant {
    const char* name;
    void (*apply)(MachineConfig&);
  };
  const Variant variants[] = {
      {"defaults", [](MachineConfig&) {}},
      {"no forwarding", [](MachineConfig& c) { c.core.forwarding = false; }},
      {"id resolution, 2bit", [](MachineConfig& c) {
         c.core.branch_resolution = BranchResolution::ID;
         c.core.branch_predictor = BranchPredictor::TwoBit;
       }},
      {"unified memory, no caches", [](MachineConfig& c) {
         c.core.unified_memory = true;
         c.icache.enabled = false;
         c.dcache.enabled = false;
       }},
      {"slow hits, btfn", [](MachineConfig& c) {
         c.icache.hit_latency = 2;
         c.dcache.hit_latency = 3;
         c.core.branch_predictor = BranchPredictor::BTFN;
       }},
  };
  for (const Variant& v : variants) {
    SCOPED_TRACE(v.name);
    MachineConfig cfg;
    v.apply(cfg);
    PipelineStats st;
    const std::string text = trace_run(cfg, st);
    expect_agrees(text, st);
    EXPECT_NE(text.find("\t1\tstall\n"), std::string::npos);  // every variant stalls somewhere
  }
}

TEST(KanataPipeline, SameTraceThroughAMuxAndEveryCycleObserved) {
  MachineConfig cfg;
  PipelineStats direct_stats, mux_stats;
  const std::string direct = trace_run(cfg, direct_stats);
  Counter counter;
  const std::string muxed = trace_run(cfg, mux_stats, &counter);
  EXPECT_EQ(muxed, direct);
  EXPECT_EQ(counter.cycles, mux_stats.cycles);
  EXPECT_EQ(mux_stats.cycles, direct_stats.cycles);
}

}  // namespace
