// pipe_random: co-simulates many random programs (tests/pipe_random/randprog.hpp) on the pipeline
// against the ISS and reports every divergence. A bench script, not a test: ctest runs a small
// fixed-seed set (tests/pipe_random); this runs as many seeds as asked.
//
//   pipe_random [--from N] [--to M] [--wide] [--blocks K] [--save DIR] [--max-fail F]
//
// --wide adds branch resolution in ID and unified memory (64 configurations instead of 16).
// --save writes each failing program to DIR/rand<seed>.s. Exit status 1 if anything failed.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "cosim.hpp"
#include "randprog.hpp"

using namespace m3;

int main(int argc, char** argv) {
  uint64_t from = 1, to = 1000;
  bool wide = false;
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
    else if (a == "--blocks") gen.blocks = std::atoi(next());
    else if (a == "--save") save = next();
    else if (a == "--max-fail") max_fail = std::atoi(next());
    else {
      std::fprintf(stderr, "usage: pipe_random [--from N] [--to M] [--wide] [--blocks K] [--save DIR] [--max-fail F]\n");
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
    for (const auto& nc : configs) {
      pipetest::CosimResult r = pipetest::cosim(m, p, nc.cfg);
      ++runs;
      cycles += r.cycles;
      instructions += r.pipe_instructions;
      if (r.ok) continue;
      ++failures;
      ++per_config[nc.name];
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
