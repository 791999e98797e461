// `m3lab batch` (docs/batch.md): registered on the command line by main.cpp.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace m3::cli {

// Adds `batch` and `batch merge` to `app`. The returned function runs whichever was parsed and
// gives the exit status; call it only if the returned subcommand was parsed.
std::pair<CLI::App*, std::function<int()>> add_batch_command(CLI::App& app);

}  // namespace m3::cli
