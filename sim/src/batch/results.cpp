// Result rows and files: flattening stats, CSV and JSON Lines, atomic rewrites, merging shards.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "m3lab/sim/batch.hpp"

namespace m3::batch {

namespace fs = std::filesystem;

Json flatten(const Json& j, const std::string& prefix) {
  Json out = Json::object();
  if (!j.is_object()) {
    out[prefix.empty() ? "value" : prefix] = j;
    return out;
  }
  for (const auto& [k, v] : j.items()) {
    const std::string key = prefix.empty() ? k : prefix + "." + k;
    if (v.is_object()) {
      const Json inner = flatten(v, key);  // named: items() refers to it
      for (const auto& [k2, v2] : inner.items()) out[k2] = v2;
    } else if (v.is_array()) {
      out[key] = v.dump();
    } else {
      out[key] = v;
    }
  }
  return out;
}

std::string csv_field(const Json& v) {
  std::string s;
  if (v.is_null()) return s;
  if (v.is_string())
    s = v.get<std::string>();
  else
    s = v.dump();
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char ch : s) {
    if (ch == '"') q += '"';
    q += ch;
  }
  return q + "\"";
}

std::vector<std::string> result_columns(std::span<const Json> rows) {
  // Rows are built as: job, name, parameters..., status, stats..., wall_s, error (runner.cpp).
  std::vector<std::string> head, stats;
  auto add = [](std::vector<std::string>& v, const std::string& k) {
    if (std::find(v.begin(), v.end(), k) == v.end()) v.push_back(k);
  };
  for (const Json& r : rows) {
    bool after_status = false;
    for (const auto& [k, v] : r.items()) {
      if (k == "key" || k == "wall_s" || k == "error") continue;
      if (k == "status") {
        add(head, k);
        after_status = true;
        continue;
      }
      if (std::find(head.begin(), head.end(), k) != head.end()) continue;
      if (after_status)
        add(stats, k);
      else
        add(head, k);
    }
  }
  // A parameter seen only after a failed row's status cannot happen: rows share their parameters.
  head.insert(head.end(), stats.begin(), stats.end());
  head.push_back("wall_s");
  head.push_back("error");
  return head;
}

std::string rows_to_csv(std::span<const Json> rows, std::span<const std::string> columns) {
  std::string out;
  for (size_t i = 0; i < columns.size(); ++i) out += (i ? "," : "") + csv_field(Json(columns[i]));
  out += "\n";
  for (const Json& r : rows) {
    for (size_t i = 0; i < columns.size(); ++i) {
      if (i) out += ",";
      auto it = r.find(columns[i]);
      if (it != r.end()) out += csv_field(*it);
    }
    out += "\n";
  }
  return out;
}

std::string rows_to_jsonl(std::span<const Json> rows) {
  std::string out;
  for (const Json& r : rows) out += r.dump() + "\n";
  return out;
}

std::vector<Json> read_jsonl(const fs::path& path, size_t* bad_lines) {
  std::vector<Json> rows;
  size_t bad = 0;
  std::ifstream in(path, std::ios::binary);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    Json j = Json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object() || !j.contains("key") || !j.contains("job")) {
      ++bad;
      continue;
    }
    rows.push_back(std::move(j));
  }
  if (bad_lines) *bad_lines = bad;
  return rows;
}

bool write_atomically(const fs::path& path, std::string_view text, Diagnostics& diags) {
  const fs::path tmp = path.string() + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  bool ok = fd >= 0;
  size_t done = 0;
  while (ok && done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0)
      ok = false;
    else
      done += static_cast<size_t>(n);
  }
  if (ok && ::fsync(fd) != 0) ok = false;
  if (fd >= 0 && ::close(fd) != 0) ok = false;
  if (ok && std::rename(tmp.c_str(), path.c_str()) != 0) ok = false;
  if (!ok) {
    diags.error(path.string(), 0, 0, "cannot write the result file");
    std::error_code ec;
    fs::remove(tmp, ec);
  }
  return ok;
}

fs::path jsonl_path_for(const fs::path& csv) {
  fs::path p = csv;
  return p.replace_extension(".jsonl");
}

bool write_result_files(std::vector<Json> rows, const fs::path& csv, Diagnostics& diags) {
  // One row per key, the last one written winning; then in job order.
  std::map<std::string, size_t> last;
  for (size_t i = 0; i < rows.size(); ++i) last[rows[i].value("key", std::string())] = i;
  std::vector<Json> kept;
  for (size_t i = 0; i < rows.size(); ++i)
    if (last[rows[i].value("key", std::string())] == i) kept.push_back(std::move(rows[i]));
  std::stable_sort(kept.begin(), kept.end(), [](const Json& a, const Json& b) {
    return a.value("job", size_t{0}) < b.value("job", size_t{0});
  });
  const auto columns = result_columns(kept);
  return write_atomically(jsonl_path_for(csv), rows_to_jsonl(kept), diags) &&
         write_atomically(csv, rows_to_csv(kept, columns), diags);
}

bool merge_results(std::span<const fs::path> inputs, const fs::path& csv, Diagnostics& diags,
                   size_t* rows_written) {
  std::vector<Json> rows;
  for (const fs::path& in : inputs) {
    fs::path file = in;
    std::error_code ec;
    if (fs::is_directory(in, ec)) {
      file.clear();
      for (const auto& e : fs::directory_iterator(in, ec))
        if (e.path().extension() == ".jsonl" && file.empty()) file = e.path();
      if (file.empty()) {
        diags.error(in.string(), 0, 0, "no JSON Lines result file (*.jsonl) in this folder");
        continue;
      }
    } else if (!fs::is_regular_file(in, ec)) {
      diags.error(in.string(), 0, 0, "no such result file");
      continue;
    }
    size_t bad = 0;
    auto part = read_jsonl(file, &bad);
    if (bad) diags.warning(file.string(), 0, 0, "skipped " + std::to_string(bad) + " unreadable line(s)");
    for (Json& r : part) rows.push_back(std::move(r));
  }
  if (diags.has_errors()) return false;
  std::error_code ec;
  if (csv.has_parent_path()) fs::create_directories(csv.parent_path(), ec);
  std::map<std::string, int> keys;
  for (const Json& r : rows) keys[r.value("key", std::string())]++;
  if (rows_written) *rows_written = keys.size();
  return write_result_files(std::move(rows), csv, diags);
}

std::string results_table(std::span<const Json> rows, std::span<const std::string> columns) {
  std::vector<std::vector<std::string>> cells;
  std::vector<size_t> width;
  auto text = [](const Json& v) {
    if (v.is_null()) return std::string("-");
    if (v.is_string()) {
      std::string s = v.get<std::string>();
      if (s.find('/') != std::string::npos) s = fs::path(s).filename().string();  // paths: the file name
      return s;
    }
    if (v.is_number_float()) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.3f", v.get<double>());
      return std::string(buf);
    }
    return v.dump();
  };
  cells.emplace_back(columns.begin(), columns.end());
  for (const Json& r : rows) {
    std::vector<std::string> line;
    for (const std::string& c : columns) {
      auto it = r.find(c);
      line.push_back(it == r.end() ? "-" : text(*it));
    }
    cells.push_back(std::move(line));
  }
  width.assign(columns.size(), 0);
  for (const auto& line : cells)
    for (size_t i = 0; i < line.size(); ++i) width[i] = std::max(width[i], line[i].size());
  std::string out;
  for (size_t l = 0; l < cells.size(); ++l) {
    for (size_t i = 0; i < cells[l].size(); ++i) {
      const std::string& s = cells[l][i];
      const bool right =
          l > 0 && !s.empty() && (std::isdigit(static_cast<unsigned char>(s[0])) || s[0] == '-');
      std::string pad(width[i] - s.size(), ' ');
      out += (i ? "  " : "") + (right ? pad + s : s + (i + 1 < cells[l].size() ? pad : ""));
    }
    out += "\n";
    if (l == 0) {
      for (size_t i = 0; i < width.size(); ++i) out += (i ? "  " : "") + std::string(width[i], '-');
      out += "\n";
    }
  }
  return out;
}

std::vector<std::string> default_table_columns(const BatchConfig& cfg, std::span<const Json> rows) {
  if (!cfg.table.empty()) {
    std::vector<std::string> cols = cfg.swept;
    cols.insert(cols.end(), cfg.table.begin(), cfg.table.end());
    return cols;
  }
  std::vector<std::string> cols = cfg.swept;
  if (cols.empty()) cols.push_back(cfg.param_columns.front());
  cols.push_back("status");
  for (const char* c : {"instructions", "cycles", "cpi", "dcache.misses", "native.identical", "native.psnr",
                        "native.ratio"}) {
    for (const Json& r : rows)
      if (r.contains(c)) {
        cols.push_back(c);
        break;
      }
  }
  for (const Json& r : rows)
    if (r.contains("error")) {
      cols.push_back("error");
      break;
    }
  return cols;
}

}  // namespace m3::batch
