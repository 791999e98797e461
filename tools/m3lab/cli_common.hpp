// What every m3lab subcommand shares: the exit statuses of docs/cli.md and how diagnostics reach
// the terminal.
#pragma once

#include <cstdio>

#include "m3lab/isa/diag.hpp"

namespace m3::cli {

// Exit statuses (docs/cli.md). A program's own exit code is passed through (& 0xff) by `run`.
inline constexpr int kExitUsage = 2;        // bad command line
inline constexpr int kExitMismatch = 3;     // run --native: the outputs differ
inline constexpr int kExitSomeFailed = 3;   // batch: some jobs failed
inline constexpr int kExitNoNative = 4;     // run --native: no native comparison could be made
inline constexpr int kExitDivergence = 70;  // the pipeline's lock-step check diverged (an m3lab bug)
inline constexpr int kExitStepLimit = 124;  // --max-steps / --max-cycles reached
inline constexpr int kExitFault = 125;      // the simulated program faulted with no handler
inline constexpr int kExitLoad = 126;       // the input could not be loaded: nothing ran

// Diagnostics go to stderr, after whatever the program already wrote to stdout.
inline void print_diags(const Diagnostics& diags) {
  std::fflush(stdout);
  std::fputs(diags.str().c_str(), stderr);
}

}  // namespace m3::cli
