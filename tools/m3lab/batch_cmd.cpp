// m3lab batch CONFIG.yaml [-j N] [--out DIR] [--resume] [--shard i/N] [--plot] [--dry-run]
// m3lab batch merge RESULTS... --out DIR
//
// Exit status: 0 every job finished well; 3 some jobs failed (recorded in the result files);
// 1 the batch file is invalid or the results could not be written; 2 bad command line.
#include "batch_cmd.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <thread>

#include "m3lab/sim/batch.hpp"
#include "cli_common.hpp"

namespace m3::cli {

namespace {

namespace fs = std::filesystem;

struct BatchOptions {
  std::string config;
  std::string out;
  unsigned jobs = 0;
  bool resume = false;
  std::string shard;
  bool plot = false;
  bool dry_run = false;
  std::vector<std::string> merge_inputs;
  std::string merge_out;
};

int run_merge(const BatchOptions& o) {
  Diagnostics diags;
  std::vector<fs::path> inputs(o.merge_inputs.begin(), o.merge_inputs.end());
  const fs::path csv = fs::path(o.merge_out) / "results.csv";
  size_t n = 0;
  const bool ok = batch::merge_results(inputs, csv, diags, &n);
  print_diags(diags);
  if (!ok) return 1;
  std::printf("merged %zu job(s) from %zu file(s) into %s and %s\n", n, inputs.size(), csv.c_str(),
              batch::jsonl_path_for(csv).c_str());
  return 0;
}

int run_batch_cmd(const BatchOptions& o) {
  batch::RunOptions ro;
  if (!o.shard.empty()) {
    std::string err;
    auto s = batch::parse_shard(o.shard, err);
    if (!s) {
      std::fprintf(stderr, "m3lab: %s\n", err.c_str());
      return 2;
    }
    ro.shard = *s;
  }
  Diagnostics diags;
  auto cfg = batch::load_batch_config(o.config, diags);
  if (!cfg) {
    print_diags(diags);
    std::fprintf(stderr, "m3lab: invalid batch file %s; no job was run\n", o.config.c_str());
    return 1;
  }
  ro.out_dir = o.out.empty() ? fs::path("out") / cfg->name : fs::path(o.out);
  std::error_code ec;
  ro.exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) {
    std::fprintf(stderr, "m3lab: cannot find the m3lab binary (/proc/self/exe): %s\n", ec.message().c_str());
    return 1;
  }
  if (o.dry_run) {  // the jobs of this shard, as the commands that would run them
    size_t n = 0;
    for (const auto& j : cfg->jobs) {
      if (!ro.shard.contains(j.index)) continue;
      ++n;
      std::string line = "m3lab";
      for (const std::string& a : batch::job_arguments(*cfg, j, batch::job_files(ro.out_dir, j)))
        line += " " + a;
      std::printf("%s\n", line.c_str());
    }
    std::printf("%zu job(s)\n", n);
    return 0;
  }
  ro.jobs = o.jobs ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
  ro.resume = o.resume;
  ro.progress_bar = ::isatty(STDERR_FILENO) != 0;
  size_t in_shard = 0;
  for (const auto& j : cfg->jobs) in_shard += ro.shard.contains(j.index);
  std::fprintf(stderr, "batch %s: %zu job(s)", cfg->name.c_str(), cfg->jobs.size());
  if (ro.shard.count > 1)
    std::fprintf(stderr, ", shard %u/%u: %zu", ro.shard.index, ro.shard.count, in_shard);
  std::fprintf(stderr, ", %u worker(s), results in %s\n", ro.jobs, ro.out_dir.c_str());
  batch::RunSummary sum;
  const bool ok = batch::run_batch(*cfg, ro, sum, diags);
  if (!ok) {
    print_diags(diags);
    return 1;
  }
  std::fputs(batch::results_table(sum.rows, batch::default_table_columns(*cfg, sum.rows)).c_str(), stdout);
  size_t ok_rows = 0, failed = 0;
  for (const auto& r : sum.rows) (r.value("status", "") == "ok" ? ok_rows : failed)++;
  std::printf("\n%zu job(s): %zu ok, %zu failed", sum.rows.size(), ok_rows, failed);
  if (sum.skipped) std::printf(" (%zu of them from the earlier run)", sum.skipped);
  std::printf("\n");
  std::printf("results: %s, %s\n", sum.csv.c_str(), sum.jsonl.c_str());
  if (std::any_of(cfg->jobs.begin(), cfg->jobs.end(), [](const batch::Job& j) { return j.is_kernel; }))
    std::printf("images:  %s\n", (ro.out_dir / "images").c_str());
  if (o.plot)
    for (const fs::path& p : batch::write_plots(*cfg, sum.rows, ro.out_dir, diags))
      std::printf("plot:    %s\n", p.c_str());
  print_diags(diags);
  return failed ? kExitSomeFailed : 0;
}

}  // namespace

std::pair<CLI::App*, std::function<int()>> add_batch_command(CLI::App& app) {
  auto o = std::make_shared<BatchOptions>();
  auto* cmd = app.add_subcommand("batch",
                                 "Run a sweep of simulations described by a YAML batch file (docs/batch.md)");
  cmd->require_subcommand(0, 1);
  cmd->add_option("config", o->config, "Batch file (YAML)")->check(CLI::ExistingFile);
  cmd->add_option("-j,--jobs", o->jobs, "Simulations run in parallel (default: the number of cores)")
      ->check(CLI::Range(1u, 4096u));
  cmd->add_option("--out", o->out, "Output folder (default: out/NAME)");
  cmd->add_flag("--resume", o->resume,
                "Keep the finished jobs of an earlier (interrupted) run and do only the rest");
  cmd->add_option("--shard", o->shard,
                  "Run only the jobs i, i+N, i+2N... (0 <= i < N), e.g. a Slurm array task");
  cmd->add_flag("--dry-run", o->dry_run,
                "Only print the command of each job (of this shard) and their number");
  cmd->add_flag("--plot", o->plot, "Also write SVG charts of the results into OUT/plots/");
  auto* merge = cmd->add_subcommand("merge", "Combine shards' result files (folders or .jsonl files)");
  merge->add_option("inputs", o->merge_inputs, "Shard output folders or their .jsonl result files")
      ->required();
  merge->add_option("--out", o->merge_out, "Folder for the merged results.csv and results.jsonl")->required();
  return {cmd, [o, merge] {
            if (merge->parsed()) return run_merge(*o);
            if (o->config.empty()) {
              std::fprintf(stderr, "m3lab batch: a batch file is required (m3lab batch CONFIG.yaml)\n");
              return 2;
            }
            return run_batch_cmd(*o);
          }};
}

}  // namespace m3::cli
