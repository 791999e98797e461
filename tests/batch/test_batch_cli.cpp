// `m3lab batch` end to end on tiny whole programs: a sweep's rows, a failing job, resume after
// SIGKILL of the whole process group, shards merged, validation before any job, plots.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "m3lab/sim/batch.hpp"

namespace {

namespace fs = std::filesystem;
using m3::batch::Json;

struct Result {
  int status = -1;
  std::string out, err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string data(const std::string& name) { return std::string(M3LAB_TEST_DATA) + "/" + name; }

// A fresh folder per test (ctest runs tests in parallel processes).
fs::path test_dir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  fs::path d = fs::path(::testing::TempDir()) / (std::string("m3lab_batch_") + info->name());
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

fs::path write(const fs::path& dir, const std::string& name, const std::string& text) {
  std::ofstream(dir / name) << text;
  return dir / name;
}

Result run(const std::string& args, const fs::path& dir) {
  const fs::path out = dir / "stdout.txt", err = dir / "stderr.txt";
  const std::string cmd =
      std::string(M3LAB_BIN) + " " + args + " >" + out.string() + " 2>" + err.string() + " </dev/null";
  const int rc = std::system(cmd.c_str());
  Result r;
  r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : 1000 + rc;
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

// CSV rows as column -> text maps (the test files have no quoted commas except in `error`).
std::vector<std::map<std::string, std::string>> read_csv(const fs::path& p) {
  std::istringstream in(slurp(p));
  std::string line;
  std::vector<std::string> head;
  std::vector<std::map<std::string, std::string>> rows;
  auto split = [](const std::string& l) {
    std::vector<std::string> f;
    std::string cur;
    bool q = false;
    for (size_t i = 0; i < l.size(); ++i) {
      const char c = l[i];
      if (q && c == '"' && i + 1 < l.size() && l[i + 1] == '"')
        cur += '"', ++i;
      else if (c == '"')
        q = !q;
      else if (c == ',' && !q)
        f.push_back(cur), cur.clear();
      else
        cur += c;
    }
    f.push_back(cur);
    return f;
  };
  if (std::getline(in, line)) head = split(line);
  while (std::getline(in, line)) {
    auto f = split(line);
    std::map<std::string, std::string> r;
    for (size_t i = 0; i < head.size() && i < f.size(); ++i) r[head[i]] = f[i];
    rows.push_back(r);
  }
  return rows;
}

// Everything but the wall-clock columns.
std::vector<Json> comparable(std::vector<Json> rows) {
  for (Json& r : rows) {
    r.erase("wall_s");
    r.erase("sim_time_s");
  }
  return rows;
}

const std::string kSweep =
    "name: small\n"
    "programs: [" +
    data("zero.c") + ", " + data("sum.c") +
    "]\n"
    "core:\n  forwarding: [true, false]\n"
    "dcache: {size: [64, 256], line: 16}\n";

TEST(BatchCli, SmallSweepWritesOneRowPerJob) {
  const fs::path dir = test_dir();
  const fs::path cfg = write(dir, "small.yaml", kSweep);
  Result r = run("batch " + cfg.string() + " -j 2 --out " + (dir / "out").string(), dir);
  ASSERT_EQ(r.status, 0) << r.err;
  auto rows = read_csv(dir / "out" / "results.csv");
  ASSERT_EQ(rows.size(), 8u);
  const char* fw[] = {"true", "true", "false", "false"};
  const char* size[] = {"64", "256"};
  for (size_t i = 0; i < rows.size(); ++i) {
    auto& row = rows[i];
    EXPECT_EQ(row["job"], std::to_string(i));
    EXPECT_EQ(row["program"], data(i < 4 ? "zero.c" : "sum.c"));
    EXPECT_EQ(row["core.forwarding"], fw[i % 4]);
    EXPECT_EQ(row["dcache.size"], size[i % 2]);
    EXPECT_EQ(row["dcache.line"], "16");
    EXPECT_EQ(row["status"], "ok");
    EXPECT_EQ(row["stop"], "exit");
    EXPECT_GT(std::stod(row["cycles"]), std::stod(row["instructions"]));
    EXPECT_FALSE(row["stalls.load_use"].empty());
    EXPECT_EQ(row["error"], "");
  }
  // The sweep does what it says: no forwarding costs cycles, a bigger D-cache misses less.
  EXPECT_LT(std::stoi(rows[4]["cycles"]), std::stoi(rows[6]["cycles"]));
  EXPECT_GT(std::stoi(rows[4]["dcache.misses"]), std::stoi(rows[5]["dcache.misses"]));
  // JSON Lines carries the same rows, typed.
  auto jl = m3::batch::read_jsonl(dir / "out" / "results.jsonl");
  ASSERT_EQ(jl.size(), 8u);
  EXPECT_EQ(jl[5]["dcache.size"], 256);
  EXPECT_EQ(jl[5]["core.forwarding"], true);
  // Plain progress lines when stderr is not a terminal, and the table on stdout.
  EXPECT_NE(r.err.find("[8/8] ok"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("8 job(s): 8 ok, 0 failed"), std::string::npos) << r.out;
  // Each job's machine config is there to rerun it by hand.
  EXPECT_NE(slurp(dir / "out" / "jobs" / "0006-sum" / "machine.yaml").find("forwarding: false"),
            std::string::npos);
}

TEST(BatchCli, FailingJobsAreRecordedAndTheOthersGoOn) {
  const fs::path dir = test_dir();
  const fs::path cfg = write(dir, "f.yaml",
                             "programs: [" + data("bad.c") + ", " + data("spin.s") + ", " + data("zero.c") +
                                 "]\nengine: iss\nmax_steps: 1000\n");
  Result r = run("batch " + cfg.string() + " -j 2 --out " + (dir / "out").string(), dir);
  EXPECT_EQ(r.status, 3) << r.err;
  auto rows = read_csv(dir / "out" / "results.csv");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0]["status"], "failed");
  EXPECT_NE(rows[0]["error"].find("bad.c:1:25: error: 'x' undeclared"), std::string::npos)
      << rows[0]["error"];
  EXPECT_EQ(rows[1]["status"], "failed");
  EXPECT_NE(rows[1]["error"].find("did not finish within 1000 instructions"), std::string::npos)
      << rows[1]["error"];
  EXPECT_EQ(rows[1]["stop"], "step_limit");  // the stats of a failed run are kept
  EXPECT_EQ(rows[2]["status"], "ok");
  EXPECT_EQ(rows[2]["exit_code"], "0");
}

TEST(BatchCli, TimeoutKillsAJob) {
  const fs::path dir = test_dir();
  const fs::path cfg =
      write(dir, "t.yaml", "programs: [" + data("spin.s") + "]\nengine: iss\ntimeout: 0.2\n");
  Result r = run("batch " + cfg.string() + " --out " + (dir / "out").string(), dir);
  EXPECT_EQ(r.status, 3) << r.err;
  auto rows = read_csv(dir / "out" / "results.csv");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["error"], "timed out after 0.2s");
}

TEST(BatchCli, ResumeAfterKillingTheProcessGroup) {
  const fs::path dir = test_dir();
  const fs::path cfg =
      write(dir, "r.yaml",
            "programs: " + data("slow.c") +
                "\ncore: {forwarding: [true, false]}\ndcache: {size: [64, 128, 256, 512, 1024, 2048]}\n");
  const fs::path out = dir / "out";
  const fs::path jsonl = out / "results.jsonl";
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::setpgid(0, 0);  // its own process group, as a shell job would be
    const int null_fd = ::open("/dev/null", O_WRONLY);
    ::dup2(null_fd, 1);
    ::dup2(null_fd, 2);
    ::execl(M3LAB_BIN, M3LAB_BIN, "batch", cfg.c_str(), "-j", "1", "--out", out.c_str(), nullptr);
    ::_exit(127);
  }
  ::setpgid(pid, pid);
  // Kill once two jobs are recorded: mid-batch, and maybe mid-job.
  auto lines = [&] {
    const std::string t = slurp(jsonl);
    return static_cast<size_t>(std::count(t.begin(), t.end(), '\n'));
  };
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (lines() < 2 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  ::kill(-pid, SIGKILL);
  int ws = 0;
  ::waitpid(pid, &ws, 0);
  ASSERT_TRUE(WIFSIGNALED(ws)) << "the batch finished before it could be killed";
  const size_t before = m3::batch::read_jsonl(jsonl).size();
  ASSERT_GE(before, 2u);
  ASSERT_LT(before, 12u);
  // A row cut short by the kill (simulated here: a write is one write(2), rarely torn).
  std::ofstream(jsonl, std::ios::app) << R"({"key":"program=)";

  Result r = run("batch " + cfg.string() + " -j 2 --resume --out " + out.string(), dir);
  ASSERT_EQ(r.status, 0) << r.err;
  // Only the missing jobs ran.
  size_t ran = 0;
  for (size_t p = r.err.find("] ok "); p != std::string::npos; p = r.err.find("] ok ", p + 1)) ++ran;
  EXPECT_EQ(ran, 12 - before) << r.err;
  auto rows = read_csv(out / "results.csv");
  ASSERT_EQ(rows.size(), 12u);
  std::set<std::string> jobs;
  for (auto& row : rows) {
    jobs.insert(row["job"]);
    EXPECT_EQ(row["status"], "ok");
  }
  EXPECT_EQ(jobs.size(), 12u);
  EXPECT_EQ(m3::batch::read_jsonl(jsonl).size(), 12u);
  // Resuming a finished batch runs nothing.
  Result again = run("batch " + cfg.string() + " --resume --out " + out.string(), dir);
  EXPECT_EQ(again.status, 0);
  EXPECT_EQ(again.err.find("] ok "), std::string::npos) << again.err;
  EXPECT_EQ(read_csv(out / "results.csv").size(), 12u);
}

TEST(BatchCli, ShardsMergedEqualTheWholeRun) {
  const fs::path dir = test_dir();
  const fs::path cfg = write(dir, "s.yaml", kSweep + "engine: [iss, pipeline]\n");
  ASSERT_EQ(run("batch " + cfg.string() + " -j 2 --out " + (dir / "all").string(), dir).status, 0);
  std::string shards;
  for (int i = 0; i < 3; ++i) {
    const fs::path o = dir / ("shard" + std::to_string(i));
    Result r =
        run("batch " + cfg.string() + " -j 1 --shard " + std::to_string(i) + "/3 --out " + o.string(), dir);
    ASSERT_EQ(r.status, 0) << r.err;
    shards += " " + o.string();
  }
  Result m = run("batch merge" + shards + " --out " + (dir / "merged").string(), dir);
  ASSERT_EQ(m.status, 0) << m.err;
  auto whole = m3::batch::read_jsonl(dir / "all" / "results.jsonl");
  auto merged = m3::batch::read_jsonl(dir / "merged" / "results.jsonl");
  EXPECT_EQ(whole.size(), 10u);  // 2 programs x (1 ISS job + 4 pipeline jobs)
  EXPECT_EQ(comparable(merged), comparable(whole));
  EXPECT_EQ(m3::batch::result_columns(merged), m3::batch::result_columns(whole));
}

TEST(BatchCli, ValidationComesBeforeAnyJob) {
  const fs::path dir = test_dir();
  const fs::path cfg =
      write(dir, "typo.yaml", "programs: " + data("zero.c") + "\ndcache:\n  size: [512, 1000]\n  wyas: 2\n");
  Result r = run("batch " + cfg.string() + " --out " + (dir / "out").string(), dir);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find(cfg.string() + ":3:15: error: 'dcache.size' must be a power of two (got 1000)"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(cfg.string() + ":4:3: error: unknown key 'wyas' in 'dcache'; did you mean 'ways'?"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("no job was run"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir / "out"));
  EXPECT_EQ(run("batch " + cfg.string() + " --shard 3/3", dir).status, 2);
}

TEST(BatchCli, DryRunListsTheShardsJobs) {
  const fs::path dir = test_dir();
  const fs::path cfg = write(dir, "d.yaml", kSweep);
  Result r = run("batch " + cfg.string() + " --dry-run --shard 1/3 --out " + (dir / "out").string(), dir);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("jobs/0004-sum/stats.json\n"), std::string::npos) << r.out;  // jobs 1, 4, 7
  EXPECT_EQ(r.out.find("0003-"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\n3 job(s)\n"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir / "out"));
}

TEST(BatchCli, PlotWritesSvgCharts) {
  const fs::path dir = test_dir();
  const fs::path cfg =
      write(dir, "p.yaml",
            kSweep + "plots:\n  - {x: dcache.size, y: [cpi, dcache.misses], series: core.forwarding}\n");
  Result r = run("batch " + cfg.string() + " -j 2 --plot --out " + (dir / "out").string(), dir);
  ASSERT_EQ(r.status, 0) << r.err;
  // One chart per metric and per value of the other swept parameter (the program).
  std::vector<fs::path> svgs;
  for (const auto& e : fs::directory_iterator(dir / "out" / "plots")) svgs.push_back(e.path());
  EXPECT_EQ(svgs.size(), 4u);
  const std::string svg = slurp(dir / "out" / "plots" / "cpi-vs-dcache.size--program=sum.c.svg");
  size_t lines = 0;
  for (size_t p = svg.find("<polyline"); p != std::string::npos; p = svg.find("<polyline", p + 1)) ++lines;
  EXPECT_EQ(lines, 2u);  // forwarding on and off
  EXPECT_NE(svg.find("core.forwarding=false"), std::string::npos);
}

}  // namespace
