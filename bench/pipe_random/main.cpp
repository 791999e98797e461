// pipe_random: co-simulates many random programs (tests/pipe_random/randprog.hpp) on the pipeline
// against the ISS and reports every divergence. A bench script, not a test: ctest runs a small
// fixed-seed set (tests/pipe_random); this runs as many seeds as asked.
//
//   pipe_random [--from N] [--to M] [--wide] [--blocks K] [--save DIR] [--max-fail F]
//
// --wide adds branch resolution in ID and unified memory (64 configurations instead of 16).
// --random-config N runs each program under N random valid configurations instead (cache
// geometry, policies, latencies, table sizes, every core option), seeded by the program's seed.
// --save writes each failing program to DIR/rand<seed>.s. Exit status 1 if anything failed.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>

#include "cosim.hpp"
#include "randprog.hpp"

using namespace m3;

namespace {

// A random valid machine configuration.
sim::MachineConfig random_config(std::mt19937_64& rng) {
  using namespace m3::sim;
  auto pick = [&](uint32_t n) { return static_cast<uint32_t>(rng() % n); };
  for (;;) {
    MachineConfig c;
    c.core.forwarding = pick(2);
    c.core.branch_resolution = pick(2) ? BranchResolution::ID : BranchResolution::EX;
    c.core.branch_predictor = static_cast<BranchPredictor>(pick(4));
    c.core.bht_entries = 1u << pick(8);
    c.core.btb_entries = 1u << pick(6);
    c.core.unified_memory = pick(2);
    c.core.latency.mul = 1 + pick(4);
    c.core.latency.div_min = 1 + pick(4);
    c.core.latency.div_max = c.core.latency.div_min + pick(12);
    for (CacheConfig* cc : {&c.icache, &c.dcache}) {
      cc->enabled = pick(4) != 0;
      cc->line = 4u << pick(4);
      cc->ways = 1u << pick(3);
      cc->size = cc->line * cc->ways * (1u << pick(5));
      cc->policy = static_cast<ReplacementPolicy>(pick(4));
      cc->seed = pick(1000);
      cc->hit_latency = 1 + pick(3);
    }
    c.dcache.write = pick(2) ? WritePolicy::WriteThrough : WritePolicy::WriteBack;
    c.dcache.allocate = pick(2);
    c.memory.latency = pick(20);
    c.memory.beat_bytes = 4u << pick(3);
    c.memory.beat_cycles = 1 + pick(3);
    Diagnostics d;
    if (validate_machine_config(c, d)) return c;
  }
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t from = 1, to = 1000;
  bool wide = false;
  int random_configs = 0;
  int max_fail = 50;
  std::string save;
  pipetest::GenOptions gen;
  for (int k = 1; k < argc; ++k) {
    std::string a = argv[k];
    auto next = [&]() -> const char* {
      if (k + 1 >= argc) {
        std::fprintf(stderr, "pipe_random: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++k];
    };
    if (a == "--from") from = std::strtoull(next(), nullptr, 0);
    else if (a == "--to") to = std::strtoull(next(), nullptr, 0);
    else if (a == "--wide") wide = true;
    else if (a == "--random-config") random_configs = std::atoi(next());
    else if (a == "--blocks") gen.blocks = std::atoi(next());
    else if (a == "--save") save = next();
    else if (a == "--max-fail") max_fail = std::atoi(next());
    else {
      std::fprintf(stderr,
                   "usage: pipe_random [--from N] [--to M] [--wide | --random-config N] [--blocks K] [--save DIR] "
                   "[--max-fail F]\n");
      return 2;
    }
  }
  if (!save.empty()) std::filesystem::create_directories(save);
  auto configs = pipetest::cosim_configs(wide);
  sim::Machine m;
  uint64_t runs = 0, failures = 0, cycles = 0, instructions = 0;
  std::map<std::string, uint64_t> per_config;
  auto t0 = std::chrono::steady_clock::now();
  for (uint64_t seed = from; seed <= to && static_cast<int>(failures) < max_fail; ++seed) {
    std::string src = pipetest::generate_program(seed, gen);
    bool saved = false;
    pipetest::Prepared p = pipetest::prepare(src, "rand" + std::to_string(seed) + ".s");
    if (random_configs > 0) {
      std::mt19937_64 rng(seed);
      configs.clear();
      for (int k = 0; k < random_configs; ++k) {
        sim::MachineConfig c = random_config(rng);
        configs.push_back({"random#" + std::to_string(k) + "\n" + sim::to_yaml(c), c});
      }
    }
    for (const auto& nc : configs) {
      pipetest::CosimResult r = pipetest::cosim(m, p, nc.cfg);
      ++runs;
      cycles += r.cycles;
      instructions += r.pipe_instructions;
      if (r.ok) continue;
      ++failures;
      ++per_config[nc.name.substr(0, nc.name.find('\n'))];
      std::string what = r.what.size() > 600 ? r.what.substr(0, 600) + "..." : r.what;
      std::printf("FAIL seed %llu %s: %s\n", static_cast<unsigned long long>(seed), nc.name.c_str(), what.c_str());
      if (!save.empty() && !saved) {
        std::ofstream(save + "/rand" + std::to_string(seed) + ".s") << src;
        saved = true;
      }
    }
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("%llu runs (%zu configs), %llu failures, %llu instructions, %llu cycles, %.1f s (%.2f M cycles/s)\n",
              static_cast<unsigned long long>(runs), configs.size(), static_cast<unsigned long long>(failures),
              static_cast<unsigned long long>(instructions), static_cast<unsigned long long>(cycles), secs,
              secs > 0 ? static_cast<double>(cycles) / secs / 1e6 : 0.0);
  for (auto& [name, n] : per_config) std::printf("  %-32s %llu\n", name.c_str(), static_cast<unsigned long long>(n));
  return failures ? 1 : 0;
}
