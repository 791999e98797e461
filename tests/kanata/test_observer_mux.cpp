// ObserverMux: every call reaches every observer, in the order they were added.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "m3lab/sim/kanata.hpp"
#include "m3lab/sim/observer_mux.hpp"

using namespace m3::sim;

namespace {

// Records each call as a short string, tagged with the recorder's name.
struct Recorder : Observer {
  std::string name;
  std::vector<std::string>* log;
  Recorder(std::string n, std::vector<std::string>* l) : name(std::move(n)), log(l) {}
  void add(const std::string& what) { log->push_back(name + ":" + what); }
  void begin_cycle(uint64_t c) override { add("begin " + std::to_string(c)); }
  void stage(Stage s, const StageState& st) override {
    add("stage " + std::to_string(static_cast<int>(s)) + " " + std::to_string(st.seq));
  }
  void forward(const ForwardEvent& e) override { add("forward " + std::to_string(e.to_seq)); }
  void hazard(const HazardEvent& e) override { add("hazard " + std::to_string(e.seq)); }
  void reg_write(uint64_t seq, uint8_t reg, uint32_t v) override {
    add("reg " + std::to_string(seq) + " r" + std::to_string(reg) + "=" + std::to_string(v));
  }
  void flags_write(uint64_t seq, uint32_t f) override { add("flags " + std::to_string(seq) + " " + std::to_string(f)); }
  void cache_access(const CacheEvent& e) override { add("cache " + std::to_string(e.addr)); }
  void retire(const RetireEvent& e) override { add("retire " + std::to_string(e.seq)); }
  void end_cycle(uint64_t c) override { add("end " + std::to_string(c)); }
};

void drive(Observer& o) {
  o.begin_cycle(7);
  o.stage(Stage::IF, {StageState::Busy, 3, 0x100, "nop", nullptr});
  o.forward({ForwardPath::ExMemToEx, 1, 2, 3});
  o.hazard({HazardEvent::Raw, 3, "r1"});
  o.reg_write(2, 1, 5);
  o.flags_write(2, 0x80000000u);
  o.cache_access({CacheId::ICache, 0x100, false, true, 0, 0, 0, false, 0, false, 1});
  o.retire({2, 0xfc, "nop", false});
  o.end_cycle(7);
}

const std::vector<std::string> kCalls = {"begin 7", "stage 0 3", "forward 3",   "hazard 3",   "reg 2 r1=5",
                                         "flags 2 2147483648", "cache 256", "retire 2", "end 7"};

TEST(ObserverMux, ForwardsEveryCallToEveryObserverInOrder) {
  std::vector<std::string> log;
  Recorder a("a", &log), b("b", &log);
  ObserverMux mux{&a, &b};
  EXPECT_EQ(mux.size(), 2u);
  drive(mux);
  std::vector<std::string> want;
  for (const auto& c : kCalls) {
    want.push_back("a:" + c);
    want.push_back("b:" + c);
  }
  EXPECT_EQ(log, want);
}

TEST(ObserverMux, AddIgnoresDuplicatesNullAndItselfAndRemoveWorks) {
  std::vector<std::string> log;
  Recorder a("a", &log), b("b", &log);
  ObserverMux mux;
  EXPECT_TRUE(mux.empty());
  mux.add(&a);
  mux.add(&a);
  mux.add(nullptr);
  mux.add(&mux);
  mux.add(&b);
  EXPECT_EQ(mux.size(), 2u);
  mux.remove(&a);
  EXPECT_EQ(mux.size(), 1u);
  drive(mux);
  std::vector<std::string> want;
  for (const auto& c : kCalls) want.push_back("b:" + c);
  EXPECT_EQ(log, want);
  mux.clear();
  log.clear();
  drive(mux);
  EXPECT_TRUE(log.empty());
}

TEST(ObserverMux, KanataBehindAMuxWritesTheSameTrace) {
  auto trace = [](bool through_mux) {
    std::FILE* f = std::tmpfile();
    EXPECT_NE(f, nullptr);
    {
      KanataWriter w(f);
      std::vector<std::string> log;
      Recorder r("r", &log);
      ObserverMux mux{&r, &w};
      Observer& o = through_mux ? static_cast<Observer&>(mux) : w;
      for (uint64_t c = 1; c <= 6; ++c) {
        o.begin_cycle(c);
        for (int s = 4; s >= 0; --s) {
          const uint64_t seq = c > static_cast<uint64_t>(s) ? c - s : 0;
          StageState st;
          if (seq) st = {StageState::Busy, seq, static_cast<uint32_t>(0x100 + 2 * seq), "nop", nullptr};
          o.stage(static_cast<Stage>(s), st);
        }
        if (c >= 5) o.retire({c - 4, 0, "nop", false});
        o.end_cycle(c);
      }
      if (through_mux) {
        EXPECT_EQ(log.size(), 6u * 7u + 2u);
      }
      w.finish();
    }
    std::rewind(f);
    std::string text;
    char buf[4096];
    for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
    std::fclose(f);
    return text;
  };
  const std::string direct = trace(false);
  EXPECT_NE(direct.find("R\t0\t0\t0\n"), std::string::npos);
  EXPECT_EQ(trace(true), direct);
}

}  // namespace
