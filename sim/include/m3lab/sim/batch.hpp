// Batch runs (docs/batch.md): a YAML file names programs or kernels, images, optimisation levels,
// kernel parameters and machine-config fields; every list-valued field is swept, and the jobs are
// the Cartesian product. Each job runs as a subprocess of the m3lab binary (`m3lab run ...`), so a
// crashing job cannot take the batch down and every job gets its own SystemC elaboration.
//
// The batch schema (batch_config_schema()) drives parsing, validation and the field table of
// docs/batch.md, like machine_config_schema() does for machine.yaml; the `core`, `icache`,
// `dcache` and `memory` sections are that machine schema, with any field allowed to be a list.
// Users' mistakes are Diagnostics with file:line:col; nothing here throws or exits.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "m3lab/isa/diag.hpp"
#include "m3lab/sim/config.hpp"

namespace m3::batch {

using Json = nlohmann::ordered_json;

// ---- The batch file ----

// One top-level key of the batch file, for the docs and the did-you-mean.
struct BatchFieldSpec {
  std::string_view key;
  std::string_view type;      // as the docs show it: "list of paths", "boolean", ...
  std::string_view fallback;  // the default, as text
  std::string_view doc;
};
std::span<const BatchFieldSpec> batch_config_schema();

// The Markdown table of docs/batch.md (between the GENERATED markers).
std::string batch_fields_markdown();
inline constexpr std::string_view kBatchDocBeginMarker = "<!-- BEGIN GENERATED: batch fields -->";
inline constexpr std::string_view kBatchDocEndMarker = "<!-- END GENERATED: batch fields -->";

// One job: one point of the product.
struct Job {
  size_t index = 0;                                  // position in the whole batch (shards keep it)
  std::string name;                                  // "0003-sobel": its folder under jobs/
  std::vector<std::pair<std::string, Json>> params;  // column -> value, in column order
  std::string key;                                   // identity for --resume and merge: the params as text
  bool is_kernel = false;
  std::string input;                 // the program or kernel, as written in the batch file
  std::filesystem::path input_path;  // resolved
  std::string image;
  std::filesystem::path image_path;
  std::string opt;  // "O0".."O2", or empty: the run command's default
  std::string engine = "pipeline";
  std::vector<std::pair<std::string, std::string>> kernel_params;  // --param NAME=VALUE
  bool has_machine = false;  // engine pipeline: machine is written for --config
  sim::MachineConfig machine;
};

struct PlotSpec {
  std::string x;               // a parameter column
  std::vector<std::string> y;  // result columns (one chart each)
  std::string series;          // a parameter column, one line per value; may be empty
  std::string title;
};

struct BatchConfig {
  std::string file;  // where it was read from
  std::string name;
  bool native = false;
  bool check = false;
  uint64_t max_steps = 0;
  uint64_t max_cycles = 0;
  double timeout_s = 0;
  std::string output = "results.csv";
  std::vector<std::string> param_columns;  // every parameter column, in row order
  std::vector<std::string> swept;          // the columns with more than one value
  std::vector<std::string> table;          // result columns shown in the summary table
  std::vector<PlotSpec> plots;
  std::vector<Job> jobs;
};

// Parses and validates a batch file; relative paths are looked up in the current directory, then
// next to the batch file. Returns nothing if there was any error (all of them are in `diags`).
std::optional<BatchConfig> parse_batch_config(std::string_view text, std::string_view file,
                                              Diagnostics& diags);
std::optional<BatchConfig> load_batch_config(const std::filesystem::path& path, Diagnostics& diags);

// The arguments after the executable for `m3lab run` of one job.
struct JobFiles {
  std::filesystem::path dir;        // jobs/NAME
  std::filesystem::path stats;      // jobs/NAME/stats.json
  std::filesystem::path machine;    // jobs/NAME/machine.yaml
  std::filesystem::path log;        // jobs/NAME/log.txt: the run's stdout and stderr
  std::filesystem::path image_out;  // images/NAME.png (kernels)
};
JobFiles job_files(const std::filesystem::path& out_dir, const Job& job);
std::vector<std::string> job_arguments(const BatchConfig& cfg, const Job& job, const JobFiles& files);

// ---- Shards ----

struct Shard {
  unsigned index = 0;  // 0-based
  unsigned count = 1;
  bool contains(size_t job_index) const { return job_index % count == index; }
};
// "i/N" with 0 <= i < N. On error returns nothing and sets `error`.
std::optional<Shard> parse_shard(std::string_view text, std::string& error);

// ---- Results ----

// {"a":{"b":1}} -> {"a.b":1}; arrays keep their JSON text.
Json flatten(const Json& j, const std::string& prefix = {});
std::string csv_field(const Json& v);
// The columns of a result file: job and name, the parameters, status, the stats keys in order of
// first appearance, then wall_s and error.
std::vector<std::string> result_columns(std::span<const Json> rows);
std::string rows_to_csv(std::span<const Json> rows, std::span<const std::string> columns);
std::string rows_to_jsonl(std::span<const Json> rows);
// Reads a JSON Lines result file; a line that does not parse (the tail of a killed run) is
// skipped and counted in `bad_lines`.
std::vector<Json> read_jsonl(const std::filesystem::path& path, size_t* bad_lines = nullptr);
// Writes FILE via FILE.tmp + rename, so a reader sees the old or the new file, never half.
bool write_atomically(const std::filesystem::path& path, std::string_view text, Diagnostics& diags);
// The JSON Lines file that goes with a CSV file: results.csv -> results.jsonl.
std::filesystem::path jsonl_path_for(const std::filesystem::path& csv);
// Sorts by job index, keeps one row per key (the last), writes the CSV and JSON Lines files.
bool write_result_files(std::vector<Json> rows, const std::filesystem::path& csv, Diagnostics& diags);
// Combines shards' result files (JSON Lines files, or folders holding results.jsonl).
bool merge_results(std::span<const std::filesystem::path> inputs, const std::filesystem::path& csv,
                   Diagnostics& diags, size_t* rows_written = nullptr);

// A fixed-width text table of some columns (the demo's summary).
std::string results_table(std::span<const Json> rows, std::span<const std::string> columns);
std::vector<std::string> default_table_columns(const BatchConfig& cfg, std::span<const Json> rows);

// ---- Running ----

struct RunOptions {
  std::filesystem::path out_dir;
  std::filesystem::path exe;  // the m3lab binary (the caller passes /proc/self/exe)
  unsigned jobs = 1;          // workers
  bool resume = false;
  Shard shard;
  bool progress_bar = false;  // redraw one line (a terminal) instead of printing a line per job
  std::FILE* progress = stderr;
};

struct RunSummary {
  size_t selected = 0;  // jobs in this shard
  size_t skipped = 0;   // already finished (--resume)
  size_t ok = 0;
  size_t failed = 0;
  std::vector<Json> rows;  // every row of the result files, sorted
  std::filesystem::path csv, jsonl;
};

// Runs the batch's jobs (this shard, minus finished ones with resume), appending each finished
// job to the result files at once, then rewrites them sorted. Returns false if the batch could
// not run (a result file not writable); failed jobs do not make it fail.
bool run_batch(const BatchConfig& cfg, const RunOptions& opt, RunSummary& summary, Diagnostics& diags);

// ---- Plots ----

struct Series {
  std::string label;
  std::vector<std::pair<double, double>> points;  // sorted by x
};
struct Chart {
  std::string title, x_label, y_label;
  bool log2_x = false;
  std::vector<Series> series;
};
std::string svg_line_chart(const Chart& chart);
// Writes the batch's plots (or a default: cpi against the first swept numeric parameter) into
// DIR/plots/. Returns the files written.
std::vector<std::filesystem::path> write_plots(const BatchConfig& cfg, std::span<const Json> rows,
                                               const std::filesystem::path& out_dir, Diagnostics& diags);

}  // namespace m3::batch
