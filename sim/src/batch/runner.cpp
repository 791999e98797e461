// Runs a batch's jobs as subprocesses of the m3lab binary, a few at a time, and records each one
// the moment it finishes. POSIX (fork/exec, waitpid) and Linux (PR_SET_PDEATHSIG).
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "m3lab/sim/batch.hpp"

namespace m3::batch {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct Running {
  const Job* job;
  JobFiles files;
  pid_t pid = -1;
  Clock::time_point start;
  bool timed_out = false;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool write_all(int fd, std::string_view s) {
  while (!s.empty()) {
    const ssize_t n = ::write(fd, s.data(), s.size());
    if (n <= 0) return false;
    s.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// Why a job failed, from what the run printed: the first compiler/assembler error, else the last
// "m3lab: ..." line (a fault, the step limit, a load failure).
std::string message_from_log(const std::string& log) {
  std::istringstream in(log);
  std::string line, first_error, last_m3lab;
  while (std::getline(in, line)) {
    if (first_error.empty() && line.find(" error: ") != std::string::npos) first_error = line;
    if (line.rfind("m3lab: ", 0) == 0) last_m3lab = line.substr(7);
  }
  return !first_error.empty() ? first_error : last_m3lab;
}

// "kernel=sobel.c opt=O2 dcache.size=1024": the job's swept parameters.
std::string label(const BatchConfig& cfg, const Job& job) {
  std::string s;
  for (const auto& [col, v] : job.params) {
    if (std::find(cfg.swept.begin(), cfg.swept.end(), col) == cfg.swept.end()) continue;
    std::string t = v.is_string() ? v.get<std::string>() : v.dump();
    if (col == "kernel" || col == "program" || col == "image") t = fs::path(t).filename().string();
    s += (s.empty() ? "" : " ") + col + "=" + t;
  }
  return s.empty() ? job.name : job.name + " " + s;
}

std::string duration_text(double s) {
  char buf[32];
  if (s < 60)
    std::snprintf(buf, sizeof buf, "%.0fs", s);
  else if (s < 3600)
    std::snprintf(buf, sizeof buf, "%dm%02ds", static_cast<int>(s) / 60, static_cast<int>(s) % 60);
  else
    std::snprintf(buf, sizeof buf, "%dh%02dm", static_cast<int>(s) / 3600, static_cast<int>(s) / 60 % 60);
  return buf;
}

class Progress {
 public:
  Progress(const RunOptions& opt, size_t total) : opt_(opt), total_(total), start_(Clock::now()) {}

  void finished(const std::string& what, const Json& row, double wall) {
    ++done_;
    const bool ok = row.value("status", "") == "ok";
    if (!ok) ++failed_;
    if (opt_.progress_bar) return;
    std::string line = "[" + std::to_string(done_) + "/" + std::to_string(total_) + "] " +
                       (ok ? "ok     " : "FAILED ") + what;
    char t[32];
    std::snprintf(t, sizeof t, " (%.1fs)", wall);
    line += t;
    if (!ok) line += ": " + row.value("error", std::string());
    std::fprintf(opt_.progress, "%s\n", line.c_str());
    std::fflush(opt_.progress);
  }

  void draw(const std::string& current) {
    if (!opt_.progress_bar) return;
    const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
    constexpr int kBar = 24;
    const int filled = total_ ? static_cast<int>(kBar * done_ / total_) : kBar;
    std::string s = "[" + std::string(filled, '#') + std::string(kBar - filled, '.') + "] " +
                    std::to_string(done_) + "/" + std::to_string(total_);
    if (failed_) s += " (" + std::to_string(failed_) + " failed)";
    s += "  ETA " +
         (done_ ? duration_text(elapsed / static_cast<double>(done_) * static_cast<double>(total_ - done_))
                : std::string("?"));
    if (!current.empty()) s += "  " + current;
    winsize ws{};
    size_t width = 100;
    if (::ioctl(fileno(opt_.progress), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 10) width = ws.ws_col;
    if (s.size() >= width) s.resize(width - 1);
    if (s == last_) return;  // redraw on a change only: a terminal log stays small
    last_ = s;
    std::fprintf(opt_.progress, "\r\033[K%s", s.c_str());
    std::fflush(opt_.progress);
  }

  void end() {
    if (opt_.progress_bar) std::fprintf(opt_.progress, "\n");
  }

 private:
  const RunOptions& opt_;
  size_t total_;
  size_t done_ = 0, failed_ = 0;
  Clock::time_point start_;
  std::string last_;
};

// Starts `m3lab run ...` for a job with stdout and stderr in its log. Returns the pid, or -1.
pid_t spawn(const fs::path& exe, const std::vector<std::string>& args, const fs::path& log) {
  std::vector<std::string> argv_s{exe.string()};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& s : argv_s) argv.push_back(s.data());
  argv.push_back(nullptr);
  const int log_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (log_fd < 0 || null_fd < 0) {
    if (log_fd >= 0) ::close(log_fd);
    if (null_fd >= 0) ::close(null_fd);
    return -1;
  }
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) {
    // The child: async-signal-safe calls only. It dies with the batch (kill -9 of the batch alone
    // must not leave jobs running that --resume would start again).
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    ::dup2(null_fd, 0);
    ::dup2(log_fd, 1);
    ::dup2(log_fd, 2);
    ::execv(argv[0], argv.data());
    static const char kMsg[] = "m3lab: cannot execute the m3lab binary for a batch job\n";
    [[maybe_unused]] ssize_t n = ::write(2, kMsg, sizeof kMsg - 1);
    ::_exit(127);
  }
  ::close(log_fd);
  ::close(null_fd);
  return pid;
}

Json make_row(const BatchConfig& cfg, const Running& r, int wstatus, double wall) {
  const Job& job = *r.job;
  Json row;
  row["key"] = job.key;
  row["job"] = job.index;
  row["name"] = job.name;
  for (const auto& [col, v] : job.params) row[col] = v;
  row["status"] = "failed";
  std::error_code ec;
  Json stats;
  if (fs::exists(r.files.stats, ec)) {
    stats = Json::parse(slurp(r.files.stats), nullptr, false);
    if (stats.is_discarded()) stats = Json();
  }
  if (stats.is_object()) {
    const Json flat = flatten(stats);
    for (const auto& [k, v] : flat.items()) {
      if (row.contains(k) && k != "status") {
        if (row[k] != v) row["stats." + k] = v;  // a stats key named like a parameter keeps both
        continue;
      }
      row[k] = v;
    }
  }
  std::string error;
  if (r.timed_out) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "timed out after %gs", cfg.timeout_s);
    error = buf;
  } else if (WIFSIGNALED(wstatus)) {
    error = "the run was killed by signal " + std::to_string(WTERMSIG(wstatus)) + " (" +
            strsignal(WTERMSIG(wstatus)) + ")";
  } else if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) != 0) {
    error = message_from_log(slurp(r.files.log));
    const Json* native = stats.is_object() && stats.contains("native") ? &stats["native"] : nullptr;
    if (error.empty() && native && native->is_object()) {
      if (native->contains("error") && (*native)["error"].is_string())
        error = "native build: " + (*native)["error"].get<std::string>();
      else if (auto it = native->find("identical");
               it != native->end() && it->is_boolean() && !it->get<bool>())
        error = "the output differs from the native build's";
      if (native->contains("first_diff") && (*native)["first_diff"].is_object()) {
        const Json& d = (*native)["first_diff"];
        error += " (first at x=" + d.value("x", Json()).dump() + ", y=" + d.value("y", Json()).dump() + ")";
      }
    }
    if (error.empty() && stats.is_object() && stats.value("stop", "") == "exit")
      error = "the program exited with code " + std::to_string(stats.value("exit_code", 0));
    if (error.empty()) error = "exit status " + std::to_string(WEXITSTATUS(wstatus));
  } else if (!stats.is_object()) {
    error = "the run wrote no statistics";
  }
  row["status"] = error.empty() ? "ok" : "failed";
  row["wall_s"] = std::round(wall * 1000) / 1000;
  if (!error.empty()) row["error"] = error;
  return row;
}

}  // namespace

bool run_batch(const BatchConfig& cfg, const RunOptions& opt, RunSummary& summary, Diagnostics& diags) {
  std::error_code ec;
  fs::create_directories(opt.out_dir / "jobs", ec);
  if (ec) {
    diags.error(opt.out_dir.string(), 0, 0, "cannot create the output folder: " + ec.message());
    return false;
  }
  // One batch at a time per folder; the lock goes with the process, however it ends.
  const fs::path lock_path = opt.out_dir / ".lock";
  const int lock_fd = ::open(lock_path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd < 0 || ::flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
    diags.error(opt.out_dir.string(), 0, 0, "another m3lab batch is writing into this folder");
    if (lock_fd >= 0) ::close(lock_fd);
    return false;
  }
  struct CloseLock {
    int fd;
    ~CloseLock() { ::close(fd); }
  } close_lock{lock_fd};
  if (std::any_of(cfg.jobs.begin(), cfg.jobs.end(), [](const Job& j) { return j.is_kernel; }))
    fs::create_directories(opt.out_dir / "images", ec);
  summary.csv = opt.out_dir / cfg.output;
  summary.jsonl = jsonl_path_for(summary.csv);

  std::vector<const Job*> selected;
  std::map<std::string, const Job*> keys;
  for (const Job& j : cfg.jobs)
    if (opt.shard.contains(j.index)) {
      selected.push_back(&j);
      keys[j.key] = &j;
    }
  summary.selected = selected.size();

  // Earlier rows: what --resume keeps. A line cut short by a kill does not parse and is dropped.
  std::vector<Json> rows;
  if (opt.resume) {
    size_t bad = 0, other = 0;
    for (Json& r : read_jsonl(summary.jsonl, &bad)) {
      if (auto it = keys.find(r.value("key", std::string())); it != keys.end()) {
        r["job"] = it->second->index;  // the batch file may have changed the numbering
        r["name"] = it->second->name;
        rows.push_back(std::move(r));
      } else
        ++other;
    }
    if (bad)
      diags.note(summary.jsonl.string(), 0, 0, "dropped " + std::to_string(bad) + " unfinished line(s)");
    if (other)
      diags.note(summary.jsonl.string(), 0, 0,
                 "dropped " + std::to_string(other) + " row(s) that are not jobs of this batch (or shard)");
  }
  std::set<std::string> done;
  for (const Json& r : rows) done.insert(r.value("key", std::string()));
  summary.skipped = done.size();
  // Start the files afresh (or cleaned of a torn line), then append to them.
  if (!write_result_files(rows, summary.csv, diags)) return false;
  if (rows.empty() && !write_atomically(summary.csv, "", diags)) return false;
  std::vector<std::string> csv_columns;
  if (!rows.empty()) csv_columns = result_columns(rows);
  const int jsonl_fd = ::open(summary.jsonl.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  const int csv_fd = ::open(summary.csv.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (jsonl_fd < 0 || csv_fd < 0) {
    diags.error(summary.csv.string(), 0, 0, "cannot append to the result files");
    if (jsonl_fd >= 0) ::close(jsonl_fd);
    if (csv_fd >= 0) ::close(csv_fd);
    return false;
  }

  std::vector<const Job*> pending;
  for (const Job* j : selected)
    if (!done.count(j->key)) pending.push_back(j);
  Progress progress(opt, pending.size());
  const unsigned workers = std::max(1u, opt.jobs);
  std::vector<Running> running;
  size_t next = 0;
  bool io_ok = true;

  auto record = [&](Json row) {
    const std::string line = row.dump() + "\n";
    io_ok = write_all(jsonl_fd, line) && ::fdatasync(jsonl_fd) == 0 && io_ok;
    std::string csv;
    if (csv_columns.empty()) {
      csv_columns = result_columns(std::span<const Json>(&row, 1));
      csv = rows_to_csv(std::span<const Json>(&row, 1), csv_columns);
    } else {
      csv = rows_to_csv(std::span<const Json>(&row, 1), csv_columns);
      csv.erase(0, csv.find('\n') + 1);  // the header is already there
    }
    io_ok = write_all(csv_fd, csv) && io_ok;
    if (row.value("status", "") == "ok")
      ++summary.ok;
    else
      ++summary.failed;
    rows.push_back(std::move(row));
  };

  while (next < pending.size() || !running.empty()) {
    while (running.size() < workers && next < pending.size()) {
      const Job& job = *pending[next++];
      Running r{&job, job_files(opt.out_dir, job), -1, Clock::now(), false};
      fs::create_directories(r.files.dir, ec);
      fs::remove(r.files.stats, ec);
      Diagnostics wd;
      if (job.has_machine) write_atomically(r.files.machine, sim::to_yaml(job.machine), wd);
      r.pid = wd.has_errors() ? -1 : spawn(opt.exe, job_arguments(cfg, job, r.files), r.files.log);
      if (r.pid < 0) {
        Json row = make_row(cfg, r, 0, 0);
        row["status"] = "failed";
        row["error"] = "cannot start the job (its folder is not writable?)";
        progress.finished(label(cfg, job), row, 0);
        record(std::move(row));
        continue;
      }
      running.push_back(std::move(r));
    }
    bool reaped = false;
    for (size_t i = 0; i < running.size();) {
      Running& r = running[i];
      int wstatus = 0;
      const pid_t got = ::waitpid(r.pid, &wstatus, WNOHANG);
      const double wall = std::chrono::duration<double>(Clock::now() - r.start).count();
      if (got == r.pid) {
        Json row = make_row(cfg, r, wstatus, wall);
        progress.finished(label(cfg, *r.job), row, wall);
        record(std::move(row));
        running.erase(running.begin() + static_cast<std::ptrdiff_t>(i));
        reaped = true;
        continue;
      }
      if (cfg.timeout_s > 0 && !r.timed_out && wall > cfg.timeout_s) {
        ::kill(r.pid, SIGKILL);
        r.timed_out = true;
      }
      ++i;
    }
    progress.draw(running.empty() ? std::string() : label(cfg, *running.back().job));
    if (!reaped) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  progress.end();
  ::close(jsonl_fd);
  ::close(csv_fd);
  if (!io_ok) diags.error(summary.csv.string(), 0, 0, "writing the result files failed");
  if (!write_result_files(rows, summary.csv, diags)) return false;
  summary.rows = read_jsonl(summary.jsonl);
  return io_ok;
}

}  // namespace m3::batch
