// The Kanata writer against a golden trace derived by hand, the format's rules on a long
// generated run, and its streaming promises (no allocation per cycle).
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "kanata_check.hpp"
#include "m3lab/sim/kanata.hpp"

long allocation_count();

using namespace m3::sim;

namespace {

// Runs `feed` against a writer on a temporary file and returns the finished text.
template <class F>
std::string trace_of(F feed) {
  std::FILE* f = std::tmpfile();
  EXPECT_NE(f, nullptr);
  {
    KanataWriter w(f);
    feed(w);
    m3::Diagnostics diags;
    EXPECT_TRUE(w.finish(diags)) << diags.str();
  }
  std::rewind(f);
  std::string text;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
  std::fclose(f);
  return text;
}

// Reports one cycle: the five stages WB..IF as the pipeline does, then the events.
struct Cycle {
  Observer& o;
  uint64_t c;
  StageState st[5];  // indexed by Stage
  Cycle(Observer& obs, uint64_t cycle) : o(obs), c(cycle) {}
  Cycle& at(Stage s, StageState::Kind k, uint64_t seq, uint32_t pc, const char* text, const char* reason = nullptr) {
    st[static_cast<int>(s)] = StageState{k, seq, pc, text, reason};
    return *this;
  }
  void stages() {
    o.begin_cycle(c);
    for (int s = 4; s >= 0; --s) o.stage(static_cast<Stage>(s), st[s]);
  }
};

constexpr auto Busy = StageState::Busy;
constexpr auto Stalled = StageState::Stalled;
constexpr auto Flushed = StageState::Flushed;

const char* const kLdr = "ldr\tr0, [r1, #4]";  // objdump separates the mnemonic with a tab
const char* const kAdds = "adds\tr2, r0, #1";
const char* const kB = "b.n\t0x100";
const char* const kMovs = "movs\tr3, #0";
const char* const kAdds3 = "adds\tr3, #1";

// ldr r0 / adds r2, r0 (a load-use stall of one cycle, then MEM/WB->EX) / b.n 0x100 (taken,
// predicted not taken, resolved in EX: the two younger instructions are flushed), then the target
// is fetched again; the run ends at cycle 8 with two instructions still in the pipeline.
void feed_example(Observer& o) {
  {
    Cycle c(o, 1);
    c.at(Stage::IF, Busy, 1, 0x100, kLdr).stages();
    o.end_cycle(1);
  }
  {
    Cycle c(o, 2);
    c.at(Stage::ID, Busy, 1, 0x100, kLdr).at(Stage::IF, Busy, 2, 0x104, kAdds).stages();
    o.end_cycle(2);
  }
  {
    Cycle c(o, 3);
    c.at(Stage::EX, Busy, 1, 0x100, kLdr)
        .at(Stage::ID, Stalled, 2, 0x104, kAdds)  // no reason here: the hazard event gives it
        .at(Stage::IF, Stalled, 3, 0x106, kB, "held behind ID")
        .stages();
    o.hazard({HazardEvent::LoadUse, 2, "r0 produced by ldr at 0x00000100 (in EX)"});
    o.end_cycle(3);
  }
  {
    Cycle c(o, 4);
    c.at(Stage::MEM, Busy, 1, 0x100, kLdr)
        .at(Stage::ID, Busy, 2, 0x104, kAdds)
        .at(Stage::IF, Busy, 3, 0x106, kB)
        .stages();
    o.cache_access({CacheId::DCache, 0x20000004, false, true, 0, 1, 0x800000, false, 0, false, 1});
    o.end_cycle(4);
  }
  {
    Cycle c(o, 5);
    c.at(Stage::WB, Busy, 1, 0x100, kLdr)
        .at(Stage::EX, Busy, 2, 0x104, kAdds)
        .at(Stage::ID, Busy, 3, 0x106, kB)
        .at(Stage::IF, Busy, 4, 0x108, kMovs)
        .stages();
    o.forward({ForwardPath::MemWbToEx, 0, 1, 2});
    o.reg_write(1, 0, 0x2a);
    o.retire({1, 0x100, kLdr, false});
    o.end_cycle(5);
  }
  {
    Cycle c(o, 6);
    c.at(Stage::MEM, Busy, 2, 0x104, kAdds)
        .at(Stage::EX, Busy, 3, 0x106, kB)
        .at(Stage::ID, Flushed, 4, 0x108, kMovs, "wrong path")
        .at(Stage::IF, Flushed, 5, 0x10a, kAdds3, "wrong path")
        .stages();
    o.hazard({HazardEvent::Flush, 3, "b.n taken, predicted not taken"});
    o.end_cycle(6);
  }
  {
    Cycle c(o, 7);
    c.at(Stage::WB, Busy, 2, 0x104, kAdds)
        .at(Stage::MEM, Busy, 3, 0x106, kB)
        .at(Stage::IF, Busy, 6, 0x100, kLdr)
        .stages();
    o.reg_write(2, 2, 0x2b);
    o.flags_write(2, 0x20000000);  // C set
    o.retire({2, 0x104, kAdds, false});
    o.end_cycle(7);
  }
  {
    Cycle c(o, 8);
    c.at(Stage::WB, Busy, 3, 0x106, kB)
        .at(Stage::ID, Busy, 6, 0x100, kLdr)
        .at(Stage::IF, Busy, 7, 0x104, kAdds)
        .stages();
    o.retire({3, 0x106, kB, false});
    o.end_cycle(8);
  }
}

// Derived by hand from feed_example and the rules in kanata.hpp.
const char* const kGolden =
    "Kanata\t0004\n"
    // cycle 1
    "C=\t1\n"
    "I\t0\t1\t0\n"
    "L\t0\t0\t0x00000100: ldr r0, [r1, #4]\n"
    "S\t0\t0\tF\n"
    // cycle 2
    "C\t1\n"
    "E\t0\t0\tF\n"
    "S\t0\t0\tD\n"
    "I\t1\t2\t0\n"
    "L\t1\t0\t0x00000104: adds r2, r0, #1\n"
    "S\t1\t0\tF\n"
    // cycle 3: adds stalls in D (load-use), b.n is held in F
    "C\t1\n"
    "E\t0\t0\tD\n"
    "S\t0\t0\tX\n"
    "E\t1\t0\tF\n"
    "S\t1\t0\tD\n"
    "S\t1\t1\tstall\n"
    "I\t2\t3\t0\n"
    "L\t2\t0\t0x00000106: b.n 0x100\n"
    "S\t2\t0\tF\n"
    "S\t2\t1\tstall\n"
    "L\t2\t1\tstall in F at cycle 3: held behind ID\n"
    "L\t1\t1\tstall at cycle 3: r0 produced by ldr at 0x00000100 (in EX)\n"
    // cycle 4
    "C\t1\n"
    "E\t0\t0\tX\n"
    "S\t0\t0\tM\n"
    "E\t1\t1\tstall\n"
    "E\t2\t1\tstall\n"
    "L\t0\t1\tD$ read hit 0x20000004 set 0, 1 cycle\n"
    // cycle 5: ldr in W forwards r0 to adds in X
    "C\t1\n"
    "E\t0\t0\tM\n"
    "S\t0\t0\tW\n"
    "E\t1\t0\tD\n"
    "S\t1\t0\tX\n"
    "E\t2\t0\tF\n"
    "S\t2\t0\tD\n"
    "I\t3\t4\t0\n"
    "L\t3\t0\t0x00000108: movs r3, #0\n"
    "S\t3\t0\tF\n"
    "W\t1\t0\t0\n"
    "L\t1\t1\t\\nr0 forwarded MEM/WB->EX from 0x00000100\n"
    "L\t0\t1\t\\nr0 = 0x0000002a\n"
    // cycle 6: ldr's W ends, it retires; b.n in X flushes D and F
    "C\t1\n"
    "E\t0\t0\tW\n"
    "R\t0\t0\t0\n"
    "E\t1\t0\tX\n"
    "S\t1\t0\tM\n"
    "E\t2\t0\tD\n"
    "S\t2\t0\tX\n"
    "E\t3\t0\tF\n"
    "S\t3\t0\tD\n"
    "L\t3\t1\tflushed in D at cycle 6: wrong path\n"
    "I\t4\t5\t0\n"
    "L\t4\t0\t0x0000010a: adds r3, #1\n"
    "S\t4\t0\tF\n"
    "L\t4\t1\tflushed in F at cycle 6: wrong path\n"
    "L\t2\t1\t\\ncaused a flush at cycle 6: b.n taken, predicted not taken\n"
    // cycle 7
    "C\t1\n"
    "E\t3\t0\tD\n"
    "R\t3\t1\t1\n"
    "E\t4\t0\tF\n"
    "R\t4\t1\t1\n"
    "E\t1\t0\tM\n"
    "S\t1\t0\tW\n"
    "E\t2\t0\tX\n"
    "S\t2\t0\tM\n"
    "I\t5\t6\t0\n"
    "L\t5\t0\t0x00000100: ldr r0, [r1, #4]\n"
    "S\t5\t0\tF\n"
    "L\t1\t1\t\\nr2 = 0x0000002b\n"
    "L\t1\t1\t\\nflags = nzCvq\n"
    // cycle 8
    "C\t1\n"
    "E\t1\t0\tW\n"
    "R\t1\t1\t0\n"
    "E\t2\t0\tM\n"
    "S\t2\t0\tW\n"
    "E\t5\t0\tF\n"
    "S\t5\t0\tD\n"
    "I\t6\t7\t0\n"
    "L\t6\t0\t0x00000104: adds r2, r0, #1\n"
    "S\t6\t0\tF\n"
    // cycle 9: b.n retires; finish() closes what is left
    "C\t1\n"
    "E\t2\t0\tW\n"
    "R\t2\t2\t0\n"
    "L\t5\t1\tin the pipeline when the run ended\n"
    "E\t5\t0\tD\n"
    "R\t5\t3\t1\n"
    "L\t6\t1\tin the pipeline when the run ended\n"
    "E\t6\t0\tF\n"
    "R\t6\t3\t1\n";

TEST(Kanata, GoldenTraceOfLoadUseStallAndBranchFlush) {
  const std::string text = trace_of([](KanataWriter& w) { feed_example(w); });
  EXPECT_EQ(text, kGolden);
  KanataSummary sum;
  EXPECT_EQ(check_kanata(text, &sum), "");
  EXPECT_EQ(sum.instructions, 7u);
  EXPECT_EQ(sum.retired, 3u);
  EXPECT_EQ(sum.flushed, 4u);
  EXPECT_EQ(sum.dependencies, 1u);
  EXPECT_EQ(sum.stalls, 2u);
  EXPECT_EQ(sum.first_cycle, 1u);
  EXPECT_EQ(sum.last_cycle, 9u);
}

TEST(Kanata, CheckerRejectsBrokenTraces) {
  // The checker is what the other tests lean on: make sure it can fail.
  const std::string good = kGolden;
  EXPECT_EQ(check_kanata(good), "");
  auto without = [&](const std::string& line) {
    std::string t = good;
    const size_t at = t.find(line);
    EXPECT_NE(at, std::string::npos) << line;
    return t.erase(at, line.size());
  };
  EXPECT_NE(check_kanata(without("R\t2\t2\t0\n")), "");        // an I without its R
  EXPECT_NE(check_kanata(without("E\t0\t0\tF\n")), "");        // S over an open stage
  EXPECT_NE(check_kanata(without("E\t1\t1\tstall\n")), "");    // stall lane left open at R
  EXPECT_NE(check_kanata(without("I\t3\t4\t0\n")), "");        // ids skip
  EXPECT_NE(check_kanata(without("Kanata\t0004\n")), "");      // header
  EXPECT_NE(check_kanata(good + "C\t0\n"), "");                // time must move forward
  EXPECT_NE(check_kanata(good + "S\t0\t0\tF\n"), "");          // a command after R
}

TEST(Kanata, FinishIsIdempotentAndLeavesNothingOpen) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  KanataWriter w(f);
  feed_example(w);
  EXPECT_TRUE(w.finish());
  EXPECT_TRUE(w.finish());
  // Calls after finish are ignored rather than producing a malformed tail.
  Cycle c(w, 9);
  c.at(Stage::IF, Busy, 8, 0x108, kMovs).stages();
  w.end_cycle(9);
  std::fflush(f);
  std::rewind(f);
  std::string text;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
  std::fclose(f);
  EXPECT_EQ(text, kGolden);
}

TEST(Kanata, OpenReportsAnUnwritablePath) {
  m3::Diagnostics diags;
  auto w = KanataWriter::open("/nonexistent-dir/trace.kanata", diags);
  EXPECT_EQ(w, nullptr);
  EXPECT_NE(diags.str().find("cannot create the Kanata trace"), std::string::npos) << diags.str();
}

TEST(Kanata, OpenWritesTheFile) {
  const std::string path = testing::TempDir() + "kanata_open_test.log";
  {
    m3::Diagnostics diags;
    auto w = KanataWriter::open(path, diags);
    ASSERT_NE(w, nullptr) << diags.str();
    feed_example(*w);
  }  // the destructor finishes and closes
  std::FILE* f = std::fopen(path.c_str(), "rb");
  ASSERT_NE(f, nullptr);
  std::string text;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
  std::fclose(f);
  std::remove(path.c_str());
  EXPECT_EQ(text, kGolden);
}

TEST(Kanata, InstructionThatVanishesIsClosedAsFlushed) {
  // A pipeline that drops a squashed instruction without reporting it Flushed.
  const std::string text = trace_of([](KanataWriter& w) {
    Cycle a(w, 10);
    a.at(Stage::IF, Busy, 1, 0x100, kLdr).stages();
    w.end_cycle(10);
    Cycle b(w, 12);  // cycles may skip (nothing happened in between)
    b.at(Stage::IF, Busy, 2, 0x104, kAdds).stages();
    w.end_cycle(12);
  });
  EXPECT_EQ(text,
            "Kanata\t0004\n"
            "C=\t10\n"
            "I\t0\t1\t0\n"
            "L\t0\t0\t0x00000100: ldr r0, [r1, #4]\n"
            "S\t0\t0\tF\n"
            "C\t2\n"
            "I\t1\t2\t0\n"
            "L\t1\t0\t0x00000104: adds r2, r0, #1\n"
            "S\t1\t0\tF\n"
            "E\t0\t0\tF\n"
            "R\t0\t0\t1\n"
            "C\t1\n"
            "L\t1\t1\tin the pipeline when the run ended\n"
            "E\t1\t0\tF\n"
            "R\t1\t0\t1\n");
  EXPECT_EQ(check_kanata(text), "");
}

TEST(Kanata, FetchInProgressBecomesTheRowOfTheInstructionFetched) {
  // IF reports itself busy before it has an instruction (an I-cache miss), as m3lab's pipeline
  // does: seq 0, no text. The miss is drawn on the instruction it delivers.
  const std::string text = trace_of([](KanataWriter& w) {
    Cycle c1(w, 1);
    c1.at(Stage::IF, Busy, 0, 0, nullptr, "icache access").stages();
    w.cache_access({CacheId::ICache, 0x100, false, false, 0, 0, 0x4, false, 0, false, 15});
    w.end_cycle(1);
    for (uint64_t c = 2; c <= 3; ++c) {
      Cycle cc(w, c);
      cc.at(Stage::IF, Stalled, 0, 0, nullptr, "icache access").stages();
      w.hazard({HazardEvent::ICache, 1, "icache access"});
      w.end_cycle(c);
    }
    Cycle c4(w, 4);
    c4.at(Stage::IF, Busy, 1, 0x100, "movs\tr0, #1").stages();
    w.end_cycle(4);
    Cycle c5(w, 5);
    c5.at(Stage::ID, Busy, 1, 0x100, "movs\tr0, #1").at(Stage::IF, Busy, 0, 0, nullptr, "icache access").stages();
    w.end_cycle(5);
    Cycle c6(w, 6);  // the fetch in progress is abandoned (IF reports nothing)
    c6.at(Stage::EX, Busy, 1, 0x100, "movs\tr0, #1").stages();
    w.end_cycle(6);
  });
  EXPECT_EQ(text,
            "Kanata\t0004\n"
            "C=\t1\n"
            "I\t0\t1\t0\n"
            "S\t0\t0\tF\n"
            "L\t0\t1\tI$ read miss 0x00000100 set 0, 15 cycles\n"
            "C\t1\n"
            "S\t0\t1\tstall\n"
            "L\t0\t1\t\\nstall in F at cycle 2: icache access\n"
            "C\t2\n"  // nothing changed in cycle 3: no output for it
            "L\t0\t0\t0x00000100: movs r0, #1\n"
            "E\t0\t1\tstall\n"
            "C\t1\n"
            "E\t0\t0\tF\n"
            "S\t0\t0\tD\n"
            "I\t1\t2\t0\n"
            "S\t1\t0\tF\n"
            "C\t1\n"
            "E\t0\t0\tD\n"
            "S\t0\t0\tX\n"
            "L\t1\t0\t(fetch)\n"
            "E\t1\t0\tF\n"
            "R\t1\t0\t1\n"
            "C\t1\n"
            "L\t0\t1\t\\nin the pipeline when the run ended\n"
            "E\t0\t0\tX\n"
            "R\t0\t0\t1\n");
  EXPECT_EQ(check_kanata(text), "");
}

// A toy in-order five-stage pipeline driven by a fixed pseudo-random sequence: stalls in any
// stage (holding it and everything younger), flushes from EX, forwarding events, retirements.
// Not m3lab's pipeline: a generator of legal observer call sequences.
struct ToyPipeline {
  uint64_t occ[5] = {1, 0, 0, 0, 0};  // seq in IF, ID, EX, MEM, WB (0 = bubble)
  uint64_t next_seq = 2;
  uint64_t in_flight = 0;  // reported in the last cycle, neither retired nor flushed
  uint32_t rng = 12345;
  uint64_t retired = 0, flushed = 0, stall_episodes = 0, forwards = 0;
  bool was_stalled[5] = {};
  uint64_t was_seq[5] = {};

  uint32_t rand() {
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
  }
  static const char* text(uint64_t seq) {
    static const char* const t[] = {"add\tr0, r1", "ldr\tr2, [r3]", "bne.n\t0x40", "str\tr2, [r3, #4]"};
    return t[seq % 4];
  }

  void cycle(Observer& o, uint64_t c) {
    const uint32_t r = rand();
    const bool flush = occ[2] && r % 7 == 0;
    const int stall = flush ? -1 : (r >> 8) % 5 == 0 ? static_cast<int>((r >> 12) % 4) : -1;
    o.begin_cycle(c);
    in_flight = 0;
    for (int s = 4; s >= 0; --s) {
      StageState st;
      if (occ[s]) {
        st.seq = occ[s];
        st.pc = static_cast<uint32_t>(0x100 + 2 * occ[s]);
        st.text = text(occ[s]);
        st.kind = flush && s < 2 ? StageState::Flushed : s <= stall ? StageState::Stalled : StageState::Busy;
        if (st.kind == StageState::Flushed) ++flushed;
        if (st.kind != StageState::Flushed && s != 4) ++in_flight;
        if (st.kind == StageState::Stalled && !(was_stalled[s] && was_seq[s] == occ[s])) ++stall_episodes;
        st.reason = st.kind == StageState::Busy ? nullptr : "toy";
      }
      was_stalled[s] = st.kind == StageState::Stalled;
      was_seq[s] = occ[s];
      o.stage(static_cast<Stage>(s), st);
    }
    if (occ[3] && occ[2] && (r >> 20) % 3 == 0) {
      o.forward({ForwardPath::ExMemToEx, static_cast<uint8_t>(r % 17), occ[3], occ[2]});
      ++forwards;
    }
    if (occ[3]) o.cache_access({CacheId::DCache, 0x20000000, false, (r >> 24) % 2 == 0, 0, 0, 0, false, 0, false, 1});
    if (occ[4]) {
      o.reg_write(occ[4], 1, static_cast<uint32_t>(c));
      o.retire({occ[4], 0, text(occ[4]), false});
      ++retired;
    }
    o.end_cycle(c);
    uint64_t next[5];
    for (int i = 0; i < 5; ++i) {
      if (i <= stall)
        next[i] = occ[i];
      else if (i == 0)
        next[i] = next_seq++;
      else if (i - 1 == stall || (flush && i - 1 < 2))
        next[i] = 0;
      else
        next[i] = occ[i - 1];
    }
    std::copy(next, next + 5, occ);
  }
};

TEST(Kanata, LongGeneratedRunIsWellFormed) {
  ToyPipeline toy;
  const uint64_t cycles = 20000;
  const std::string text = trace_of([&](KanataWriter& w) {
    for (uint64_t c = 1; c <= cycles; ++c) toy.cycle(w, c);
  });
  KanataSummary sum;
  ASSERT_EQ(check_kanata(text, &sum), "");
  EXPECT_EQ(sum.retired, toy.retired);
  // Flushed in a stage, or still in flight at the end.
  EXPECT_EQ(sum.flushed, toy.flushed + toy.in_flight);
  EXPECT_GT(toy.in_flight, 0u);
  EXPECT_EQ(sum.instructions, sum.retired + sum.flushed);
  EXPECT_EQ(sum.dependencies, toy.forwards);
  EXPECT_EQ(sum.stalls, toy.stall_episodes);
  EXPECT_EQ(sum.first_cycle, 1u);
  EXPECT_EQ(sum.last_cycle, cycles + 1);
  EXPECT_GT(toy.flushed, 100u);  // the generator exercised what it should
  EXPECT_GT(toy.stall_episodes, 100u);
  EXPECT_GT(sum.retired, cycles / 2);
}

TEST(Kanata, NoAllocationPerCycle) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  {
    KanataWriter w(f);
    ToyPipeline toy;
    for (uint64_t c = 1; c <= 100; ++c) toy.cycle(w, c);  // warm up
    const long before = allocation_count();
    for (uint64_t c = 101; c <= 50000; ++c) toy.cycle(w, c);
    EXPECT_EQ(allocation_count() - before, 0);
    EXPECT_TRUE(w.finish());
  }
  std::fclose(f);
}

}  // namespace
