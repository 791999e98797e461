// Lock-step co-simulation of random programs: every program of a fixed seed set runs on the
// pipeline under 16 configurations (forwarding on/off x four predictors x caches on/off) with the
// per-retirement check against the ISS on; no divergence, the same exit and the same retired count.
// bench/pipe_random runs thousands of seeds.
#include <gtest/gtest.h>

#include "cosim.hpp"
#include "randprog.hpp"

using namespace m3;

namespace {

constexpr uint64_t kFirstSeed = 1000, kPrograms = 150;

TEST(PipeRandom, LockStepWithTheIssUnder16Configs) {
  sim::Machine m;  // one per process
  auto configs = pipetest::cosim_configs();
  ASSERT_EQ(configs.size(), 16u);
  int failures = 0;
  for (uint64_t seed = kFirstSeed; seed < kFirstSeed + kPrograms; ++seed) {
    std::string src = pipetest::generate_program(seed);
    pipetest::Prepared p = pipetest::prepare(src, "rand" + std::to_string(seed) + ".s");
    ASSERT_TRUE(p.ok) << p.what << "\n" << src;
    for (const auto& nc : configs) {
      pipetest::CosimResult r = pipetest::cosim(m, p, nc.cfg);
      if (!r.ok && ++failures <= 5)
        ADD_FAILURE() << "seed " << seed << " under " << nc.name << ": " << r.what
                      << (failures == 1 ? "\n" + src : std::string());
      EXPECT_GT(r.cycles, r.iss_instructions) << "seed " << seed << " " << nc.name;
    }
  }
  EXPECT_EQ(failures, 0);
}

}  // namespace
