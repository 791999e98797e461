// The batch file as a library: each validation error class with its message and file:line:col,
// the Cartesian product, the arguments of a job, shards, and result-file helpers.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "m3lab/sim/batch.hpp"

namespace {

using namespace m3::batch;
namespace fs = std::filesystem;

const std::string kData = M3LAB_TEST_DATA;
// Batch files "live" in the data folder, so relative paths find the test programs there.
const std::string kFile = kData + "/b.yaml";

std::optional<BatchConfig> parse(const std::string& text, m3::Diagnostics& d) {
  return parse_batch_config(text, kFile, d);
}

// The first error, formatted as the CLI prints it, with the folder taken off the file name.
std::string first_error(const std::string& text) {
  m3::Diagnostics d;
  auto cfg = parse(text, d);
  EXPECT_FALSE(cfg.has_value());
  for (const m3::Diag& e : d.list())
    if (e.severity == m3::Severity::Error) {
      m3::Diag copy = e;
      copy.file = fs::path(copy.file).filename().string();
      copy.source_line.clear();
      return m3::format_diag(copy);
    }
  return "(no error)";
}

TEST(BatchValidation, UnknownKeyNamesTheClosestOne) {
  EXPECT_EQ(first_error("programs: zero.c\nkernals: [x.c]\n"),
            "b.yaml:2:1: error: unknown key 'kernals'; did you mean 'kernels'?\n");
  EXPECT_EQ(first_error("programs: zero.c\ndcache:\n  size: 64\n  wyas: 2\n"),
            "b.yaml:4:3: error: unknown key 'wyas' in 'dcache'; did you mean 'ways'?\n");
  EXPECT_EQ(first_error("programs: zero.c\ncore: {latency: {mull: 2}}\n"),
            "b.yaml:2:18: error: unknown key 'mull' in 'core.latency'; did you mean 'mul'?\n");
  EXPECT_EQ(first_error("programs: zero.c\ndcache: {size: 64}\nplots:\n  - {x: dcache.sise}\n"),
            "b.yaml:4:9: error: plot 'x': 'dcache.sise' is not a parameter of this batch; did you mean "
            "'dcache.size'?\n");
  EXPECT_EQ(first_error("programs: zero.c\nplots:\n  - {x: engine, colour: red}\n"),
            "b.yaml:3:17: error: unknown key 'colour' in a plot\n");
}

TEST(BatchValidation, WrongTypes) {
  EXPECT_EQ(first_error("programs: zero.c\nnative: yes\n"),
            "b.yaml:2:9: error: expected a boolean (true or false) for 'native', got 'yes'\n");
  EXPECT_EQ(first_error("programs: zero.c\ncore:\n  forwarding: [true, maybe]\n"),
            "b.yaml:3:22: error: expected a boolean (true or false) for 'core.forwarding', got 'maybe'\n");
  EXPECT_EQ(first_error("programs: zero.c\ndcache: {size: [64, big]}\n"),
            "b.yaml:2:21: error: expected an integer for 'dcache.size', got 'big'\n");
  EXPECT_EQ(first_error("programs: zero.c\nmax_steps: -5\n"),
            "b.yaml:2:12: error: expected a non-negative integer for 'max_steps', got '-5'\n");
  EXPECT_EQ(first_error("programs: zero.c\nopt: [O0, O3]\n"),
            "b.yaml:2:11: error: unknown value 'O3' for 'opt'; expected one of: O0, O1, O2\n");
  EXPECT_EQ(first_error("programs: zero.c\nengine: [iss, rtl]\n"),
            "b.yaml:2:15: error: unknown value 'rtl' for 'engine'; expected one of: iss, pipeline\n");
  EXPECT_EQ(first_error("programs: zero.c\ndcache: {policy: [lru, mru]}\n"),
            "b.yaml:2:24: error: unknown value 'mru' for 'dcache.policy'; expected one of: lru, fifo, plru, "
            "random\n");
  EXPECT_EQ(first_error("programs: zero.c\ncore: [forwarding]\n"),
            "b.yaml:2:7: error: expected a mapping for 'core', got a sequence\n");
}

TEST(BatchValidation, OutOfRangeValues) {
  EXPECT_EQ(first_error("programs: zero.c\ndcache: {size: [512, 1000, 4096]}\n"),
            "b.yaml:2:22: error: 'dcache.size' must be a power of two (got 1000)\n");
  EXPECT_EQ(first_error("programs: zero.c\nmemory:\n  latency: 20000\n"),
            "b.yaml:3:12: error: 'memory.latency' must be at most 10000 (got 20000)\n");
  // A combination that breaks a constraint between fields points at the value that breaks it.
  EXPECT_EQ(first_error("programs: zero.c\ndcache: {size: [64, 4096], line: 32, ways: [1, 4]}\n"),
            "b.yaml:2:48: error: 'dcache.ways' (4) exceeds the number of lines (size/line = 2) (in the "
            "combination dcache.size=64, dcache.ways=4)\n");
}

TEST(BatchValidation, MissingFilesAreNamed) {
  EXPECT_EQ(first_error("programs: [zero.c, nothere.c]\n"),
            "b.yaml:1:20: error: no such file 'nothere.c' (in 'programs')\n");
  EXPECT_EQ(first_error("kernels: zero.c\nimages: [gray4x4.png, missing.png]\n"),
            "b.yaml:2:23: error: no such file 'missing.png' (in 'images')\n");
  EXPECT_EQ(first_error("programs: zero.c\nmachine: nomachine.yaml\n"),
            "b.yaml:2:10: error: no such file 'nomachine.yaml' (in 'machine')\n");
}

TEST(BatchValidation, StructuralMistakes) {
  EXPECT_EQ(first_error("engine: iss\n"),
            "b.yaml:1:1: error: missing 'kernels' (or 'programs'): the batch has nothing to run\n");
  EXPECT_EQ(first_error("kernels: zero.c\n"),
            "b.yaml:1:1: error: 'kernels' needs 'images' (the input images)\n");
  EXPECT_EQ(first_error("programs: zero.c\nprograms: sum.c\n"),
            "b.yaml:2:1: error: duplicate key 'programs'\n");
  EXPECT_EQ(first_error("programs: [zero.c\n"),
            "b.yaml:2:1: error: invalid YAML: end of sequence flow not found\n");
  EXPECT_EQ(first_error("programs: []\n"), "b.yaml:1:11: error: empty list for 'programs'\n");
  EXPECT_EQ(first_error("programs: zero.c\nnative: true\n"),
            "b.yaml:2:1: error: 'native' is for 'kernels'\n");
  EXPECT_EQ(first_error("programs: zero.c\nkernels: zero.c\nimages: gray4x4.png\n"),
            "b.yaml:2:1: error: give 'kernels' or 'programs', not both (use two batch files)\n");
}

TEST(BatchValidation, AllErrorsAreCollected) {
  m3::Diagnostics d;
  EXPECT_FALSE(parse("programs: zero.c\nnative: 3\ndcache: {size: 100}\ncroe: {}\n", d));
  EXPECT_EQ(d.error_count(), 3);  // native, croe, size
}

TEST(BatchProduct, ListsSweepAsACartesianProduct) {
  m3::Diagnostics d;
  auto cfg = parse(
      "name: t\nprograms: [zero.c, sum.c]\nopt: [O0, O2]\ncore:\n  forwarding: [true, false]\n"
      "  branch_predictor: 2bit\ndcache: {size: [512, 1024, 4096], line: 32, ways: [1, 2, 4], policy: lru}\n",
      d);
  ASSERT_TRUE(cfg) << d.str();
  EXPECT_EQ(cfg->jobs.size(), 2u * 2 * 2 * 3 * 3);
  EXPECT_EQ(cfg->swept,
            (std::vector<std::string>{"program", "opt", "core.forwarding", "dcache.size", "dcache.ways"}));
  EXPECT_EQ(cfg->param_columns,
            (std::vector<std::string>{"program", "opt", "engine", "core.forwarding", "core.branch_predictor",
                                      "dcache.size", "dcache.line", "dcache.ways", "dcache.policy"}));
  std::set<std::string> keys;
  for (const Job& j : cfg->jobs) {
    keys.insert(j.key);
    EXPECT_EQ(j.machine.dcache.line, 32u);
    EXPECT_EQ(j.machine.core.branch_predictor, m3::sim::BranchPredictor::TwoBit);
  }
  EXPECT_EQ(keys.size(), cfg->jobs.size());
  // The last list varies fastest.
  const Job& j1 = cfg->jobs[1];
  EXPECT_EQ(j1.name, "0001-zero");
  EXPECT_EQ(j1.machine.dcache.size, 512u);
  EXPECT_EQ(j1.machine.dcache.ways, 2u);
  EXPECT_EQ(j1.key,
            "program=zero.c;opt=O0;engine=pipeline;core.forwarding=true;core.branch_predictor=2bit;"
            "dcache.size=512;dcache.line=32;dcache.ways=2;dcache.policy=lru");
  const Job& last = cfg->jobs.back();
  EXPECT_EQ(last.input, "sum.c");
  EXPECT_EQ(last.opt, "O2");
  EXPECT_FALSE(last.machine.core.forwarding);
  EXPECT_EQ(last.machine.dcache.size, 4096u);
}

TEST(BatchProduct, IssJobsAreNotMultipliedByMachineFields) {
  m3::Diagnostics d;
  auto cfg = parse("programs: zero.c\nengine: [iss, pipeline]\ndcache: {size: [64, 128]}\n", d);
  ASSERT_TRUE(cfg) << d.str();
  ASSERT_EQ(cfg->jobs.size(), 3u);
  EXPECT_EQ(cfg->jobs[0].engine, "iss");
  EXPECT_FALSE(cfg->jobs[0].has_machine);
  EXPECT_TRUE(cfg->jobs[0].params.back().second.is_null());
}

TEST(BatchProduct, KernelJobsPassImageParamsAndNative) {
  m3::Diagnostics d;
  auto cfg = parse(
      "kernels: zero.c\nimages: gray4x4.png\nparams: {radius: [1, 2]}\nopt: O2\nnative: true\n"
      "core: {forwarding: false}\n",
      d);
  ASSERT_TRUE(cfg) << d.str();
  ASSERT_EQ(cfg->jobs.size(), 2u);
  const Job& j = cfg->jobs[1];
  EXPECT_TRUE(j.is_kernel);
  const JobFiles f = job_files("/o", j);
  EXPECT_EQ(f.image_out, fs::path("/o/images/0001-zero-gray4x4.png"));
  const std::vector<std::string> want{"run",          j.input_path.string(),
                                      "--image",      j.image_path.string(),
                                      "--out",        "/o/images/0001-zero-gray4x4.png",
                                      "--param",      "radius=2",
                                      "--native",     "-O2",
                                      "--engine",     "pipeline",
                                      "--config",     "/o/jobs/0001-zero/machine.yaml",
                                      "--stats-json", "/o/jobs/0001-zero/stats.json"};
  EXPECT_EQ(job_arguments(*cfg, j, f), want);
  EXPECT_EQ(j.params[4].first, "param.radius");
  EXPECT_EQ(j.params[4].second, 2);  // integers stay numbers in the result rows
}

TEST(BatchShard, SlicesPartitionTheJobs) {
  std::string err;
  EXPECT_FALSE(parse_shard("4/4", err));
  EXPECT_FALSE(parse_shard("1", err));
  EXPECT_FALSE(parse_shard("a/b", err));
  auto s = parse_shard("1/3", err);
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->contains(1));
  EXPECT_TRUE(s->contains(4));
  EXPECT_FALSE(s->contains(3));
}

TEST(BatchResults, FlattenAndCsv) {
  Json stats = Json::parse(R"({"cycles":10,"stalls":{"load_use":2,"raw":0},"native":{"identical":true}})");
  Json flat = flatten(stats);
  EXPECT_EQ(flat.dump(), R"({"cycles":10,"stalls.load_use":2,"stalls.raw":0,"native.identical":true})");
  EXPECT_EQ(csv_field(Json("a,b \"c\"")), "\"a,b \"\"c\"\"\"");
  EXPECT_EQ(csv_field(Json()), "");
  Json ok = Json::parse(
      R"({"key":"k1","job":0,"name":"0000-a","program":"a.c","status":"ok","cycles":5,"wall_s":0.1})");
  Json bad = Json::parse(
      R"({"key":"k0","job":1,"name":"0001-b","program":"b.c","status":"failed","wall_s":0.1,"error":"x"})");
  std::vector<Json> rows{bad, ok};
  auto cols = result_columns(rows);
  EXPECT_EQ(cols,
            (std::vector<std::string>{"job", "name", "program", "status", "cycles", "wall_s", "error"}));
  EXPECT_EQ(rows_to_csv(rows, cols),
            "job,name,program,status,cycles,wall_s,error\n1,0001-b,b.c,failed,,0.1,x\n"
            "0,0000-a,a.c,ok,5,0.1,\n");
}

TEST(BatchResults, TornLinesAreSkippedAndDuplicatesDropped) {
  const fs::path dir = fs::path(::testing::TempDir()) / "m3lab_batch_results";
  fs::create_directories(dir);
  {
    std::ofstream f(dir / "r.jsonl");
    f << R"({"key":"a","job":1,"status":"ok"})"
      << "\n"
      << R"({"key":"b","job":0,"status":"failed"})"
      << "\n"
      << R"({"key":"a","job":1,"status":"ok","cycles":3})"
      << "\n"
      << R"({"key":"c","jo)";
  }
  size_t bad = 0;
  auto rows = read_jsonl(dir / "r.jsonl", &bad);
  EXPECT_EQ(rows.size(), 3u);
  EXPECT_EQ(bad, 1u);
  m3::Diagnostics d;
  const fs::path m = dir / "merged" / "results.csv";
  const fs::path in = dir / "r.jsonl";
  size_t n = 0;
  ASSERT_TRUE(merge_results(std::span(&in, 1), m, d, &n)) << d.str();
  EXPECT_EQ(n, 2u);
  auto merged = read_jsonl(dir / "merged" / "results.jsonl");
  ASSERT_EQ(merged.size(), 2u);
  EXPECT_EQ(merged[0]["key"], "b");
  EXPECT_EQ(merged[1]["cycles"], 3);
}

TEST(BatchPlot, SvgHasOneLinePerSeries) {
  Chart c;
  c.title = "cpi <by> size";
  c.log2_x = true;
  c.series = {{"ways=1", {{512, 1.5}, {1024, 1.3}}}, {"ways=2", {{512, 1.4}, {1024, 1.2}}}};
  const std::string svg = svg_line_chart(c);
  size_t lines = 0;
  for (size_t p = svg.find("<polyline"); p != std::string::npos; p = svg.find("<polyline", p + 1)) ++lines;
  EXPECT_EQ(lines, 2u);
  EXPECT_NE(svg.find("cpi &lt;by&gt; size"), std::string::npos);
  EXPECT_NE(svg.find(">1024<"), std::string::npos);
  EXPECT_NE(svg.find("ways=2"), std::string::npos);
}

TEST(BatchDocs, FieldTableIsUpToDate) {
  std::ifstream in(std::string(M3LAB_TEST_DATA) + "/../../../docs/batch.md");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string doc = ss.str();
  const size_t b = doc.find(kBatchDocBeginMarker), e = doc.find(kBatchDocEndMarker);
  ASSERT_NE(b, std::string::npos);
  ASSERT_NE(e, std::string::npos);
  const size_t start = doc.find('\n', b) + 1;
  EXPECT_EQ(doc.substr(start, e - start), batch_fields_markdown())
      << "docs/batch.md's key table is out of date; paste the output of batch_fields_markdown()";
}

}  // namespace
