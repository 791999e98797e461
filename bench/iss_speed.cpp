// ISS speed benchmark: runs bench/conv_bench.c (built with arm-none-eabi-gcc -O2) on m3lab's
// functional simulator through the library API and on QEMU, several times each, and prints the
// median speed in millions of guest instructions per second (MIPS) and their ratio.
//
// QEMU is timed as a whole process; the median time of an empty program (start-up, ELF loading,
// shut-down) is subtracted. QEMU executes the same instructions as the ISS (the QEMU cross-check
// in tests/qemu asserts equal counts), so the ISS count is used for both.
//
//   iss_speed [--runs N] [--elf conv_bench.elf] [--empty empty.elf] [--qemu qemu-system-arm] [--no-qemu]
#include "bench_util.hpp"
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "m3lab/isa/diag.hpp"
#include "m3lab/isa/elf.hpp"
#include "m3lab/isa/iss.hpp"

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

using m3::bench::median;

struct IssRun {
  double seconds = 0;
  double cpu_seconds = 0;
  uint64_t instructions = 0;
  int exit_code = -1;
  bool ok = false;
};

IssRun run_iss(const m3::isa::ElfImage& image, const std::string& name) {
  IssRun r;
  m3::isa::Iss iss;
  std::string console;
  iss.set_io({[&console](int, const char* data, size_t n) { console.append(data, n); }});
  m3::Diagnostics diags;
  if (!iss.load(image, diags, name)) {
    std::fprintf(stderr, "%s", diags.str().c_str());
    return r;
  }
  iss.reset();
  const auto t0 = Clock::now();
  const double c0 = m3::bench::thread_cpu_seconds();
  const m3::isa::StopInfo stop = iss.run();
  r.cpu_seconds = m3::bench::thread_cpu_seconds() - c0;
  r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  r.instructions = iss.stats().instructions;
  r.exit_code = stop.exit_code;
  r.ok = stop.reason == m3::isa::StopReason::Exit;
  if (!r.ok) std::fprintf(stderr, "iss_speed: the ISS stopped abnormally: %s\n", stop.message.c_str());
  return r;
}

// Wall time of one QEMU process, or a negative number if it failed.
double time_qemu(const std::string& qemu, const std::string& elf) {
  std::vector<std::string> argv = {
      qemu,      "-M", "lm3s6965evb", "-nographic", "-semihosting-config", "enable=on,target=native",
      "-kernel", elf};
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  const auto t0 = Clock::now();
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, qemu.c_str(), &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return -1;
  int status = 0;
  waitpid(pid, &status, 0);
  const double s = std::chrono::duration<double>(Clock::now() - t0).count();
  return WIFEXITED(status) ? s : -1;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 5;
  std::string elf = M3LAB_BENCH_ELF, empty = M3LAB_BENCH_EMPTY_ELF, qemu = M3LAB_BENCH_QEMU;
  bool with_qemu = !qemu.empty();
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "iss_speed: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--runs")
      runs = std::max(1, std::atoi(value().c_str()));
    else if (a == "--elf")
      elf = value();
    else if (a == "--empty")
      empty = value();
    else if (a == "--qemu")
      qemu = value(), with_qemu = true;
    else if (a == "--no-qemu")
      with_qemu = false;
    else {
      std::fprintf(stderr,
                   "usage: iss_speed [--runs N] [--elf FILE] [--empty FILE] [--qemu PATH] [--no-qemu]\n");
      return 2;
    }
  }

  m3::Diagnostics diags;
  const auto image = m3::isa::read_elf(elf, m3::isa::MemoryConfig{}, diags);
  if (!image) {
    std::fprintf(stderr, "%s", diags.str().c_str());
    return 1;
  }

  std::vector<double> iss_mips, iss_cpu_mips;
  uint64_t instructions = 0;
  for (int i = 0; i < runs; ++i) {
    const IssRun r = run_iss(*image, elf);
    if (!r.ok) return 1;
    instructions = r.instructions;
    iss_mips.push_back(static_cast<double>(r.instructions) / r.seconds / 1e6);
    iss_cpu_mips.push_back(static_cast<double>(r.instructions) / r.cpu_seconds / 1e6);
    std::printf("iss  run %d: %.3f s wall, %.3f s CPU, %llu instructions, %.1f MIPS (%.1f per CPU second)\n", i + 1,
                r.seconds, r.cpu_seconds, static_cast<unsigned long long>(r.instructions), iss_mips.back(),
                iss_cpu_mips.back());
  }
  const double iss = median(iss_mips);
  std::printf("ISS  median: %.1f MIPS wall clock, %.1f MIPS per CPU second (%llu instructions)\n", iss,
              median(iss_cpu_mips), static_cast<unsigned long long>(instructions));
  if (!with_qemu) return 0;

  std::vector<double> startup, total;
  for (int i = 0; i < runs; ++i) {
    const double e = time_qemu(qemu, empty), t = time_qemu(qemu, elf);
    if (e < 0 || t < 0) {
      std::fprintf(stderr, "iss_speed: running %s failed\n", qemu.c_str());
      return 1;
    }
    startup.push_back(e);
    total.push_back(t);
  }
  const double start_s = median(startup), run_s = median(total) - start_s;
  const double qemu_mips = run_s > 0 ? static_cast<double>(instructions) / run_s / 1e6 : 0;
  std::printf("QEMU median: %.3f s per run, %.3f s start-up, %.1f MIPS\n", median(total), start_s, qemu_mips);
  std::printf("ratio QEMU/ISS: %.1fx\n", iss > 0 ? qemu_mips / iss : 0.0);
  return 0;
}
