// The batch file: schema, parsing, validation and the Cartesian product of its lists.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "m3lab/sim/batch.hpp"

namespace m3::batch {

namespace fs = std::filesystem;
using sim::FieldSpec;
using sim::FieldType;
using sim::YamlSource;

namespace {

constexpr BatchFieldSpec kSchema[] = {
    {"name", "string", "the file name without .yaml",
     "A name for the batch, shown in the progress lines and plot titles."},
    {"kernels", "path or list of paths", "",
     "Image kernels (`.c` with `void kernel(...)`), run with `m3lab run KERNEL --image IMAGE`. Needs "
     "`images`."},
    {"programs", "path or list of paths", "",
     "Whole programs (`.c` with `main`, `.s` or `.elf`), run with `m3lab run PROGRAM`. Give `kernels` or "
     "`programs`, not both."},
    {"images", "path or list of paths", "",
     "Input images for the kernels: PNG, PGM/PPM, or a generated `pattern:NAME:WxH`."},
    {"params", "mapping NAME: value or list", "{}", "Kernel parameters, passed as `--param NAME=VALUE`."},
    {"opt", "`O0`, `O1`, `O2` or a list", "the compiler's default (`O0`)",
     "Optimisation levels of the tiny-C compiler."},
    {"engine", "`iss`, `pipeline` or a list", "`pipeline`",
     "Simulation engine. The machine sections apply to the pipeline only; ISS jobs are not multiplied by "
     "them."},
    {"native", "boolean", "`false`",
     "Kernels: also run the kernel natively and compare the images (`--native`)."},
    {"check", "boolean", "`false`", "Pipeline: lock-step check against the ISS (`--check`); slower."},
    {"max_steps", "integer", "`0` (no limit)",
     "ISS: stop a job after this many instructions (the job fails)."},
    {"max_cycles", "integer", "`0` (no limit)",
     "Pipeline: stop a job after this many cycles (the job fails)."},
    {"timeout", "seconds", "`0` (none)", "Kill a job that runs longer than this (the job fails)."},
    {"machine", "path", "the defaults of docs/config.md", "A machine.yaml the sections below start from."},
    {"core", "mapping", "", "`core.*` fields of [config.md](config.md); any field may be a list."},
    {"icache", "mapping", "", "`icache.*` fields of config.md; any field may be a list."},
    {"dcache", "mapping", "", "`dcache.*` fields of config.md; any field may be a list."},
    {"memory", "mapping", "", "`memory.*` fields of config.md; any field may be a list."},
    {"output", "file name", "`results.csv`",
     "The CSV result file, in the `--out` folder; the JSON Lines file takes the same name with `.jsonl`."},
    {"table", "list of result columns", "the swept parameters, status, cycles, cpi, ...",
     "Columns of the table printed at the end."},
    {"plots", "list of {x, y, series, title}", "`cpi` against the first swept number",
     "Charts written by `--plot`: `y` (a result column or a list) against the parameter `x`, one line per "
     "value of `series`."},
};

constexpr std::string_view kPlotKeys[] = {"x", "y", "series", "title"};
constexpr std::string_view kMachineSections[] = {"core", "icache", "dcache", "memory"};

std::string in_quotes(std::string_view s) { return "'" + std::string(s) + "'"; }

struct Ctx {
  YamlSource src;
  Diagnostics& diags;
  fs::path base_dir;  // the batch file's folder

  void error(const YAML::Mark& m, std::string msg) const {
    if (m.is_null()) {
      diags.error(src.file, 0, 0, std::move(msg));
      return;
    }
    diags.error(src.file, m.line + 1, m.column + 1, std::move(msg),
                std::string(m3::sim::source_line(src.text, m.line)));
  }
  void warning(const YAML::Mark& m, std::string msg) const {
    diags.warning(src.file, m.line + 1, m.column + 1, std::move(msg),
                  std::string(m3::sim::source_line(src.text, m.line)));
  }
};

// "; did you mean 'x'?" if a candidate is close enough to `word`, else "".
std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates) {
  std::string_view best;
  size_t best_d = 0;
  for (std::string_view c : candidates) {
    const size_t d = sim::edit_distance(word, c);
    if (best.empty() || d < best_d) {
      best = c;
      best_d = d;
    }
  }
  if (!best.empty() && best_d <= std::max<size_t>(2, word.size() / 3) && best_d < word.size())
    return "; did you mean " + in_quotes(best) + "?";
  return {};
}

// A scalar or a sequence of scalars, as a list of nodes. Reports an error and returns false otherwise.
bool as_list(const Ctx& c, const std::string& key, const YAML::Node& v, std::vector<YAML::Node>& out) {
  if (v.IsScalar()) {
    out.push_back(v);
    return true;
  }
  if (v.IsSequence()) {
    if (v.size() == 0) {
      c.error(v.Mark(), "empty list for " + in_quotes(key));
      return false;
    }
    for (const auto& e : v) {
      if (!e.IsScalar()) {
        c.error(e.Mark(),
                "expected a value in the list for " + in_quotes(key) + ", got " + m3::sim::describe_node(e));
        return false;
      }
      out.push_back(e);
    }
    return true;
  }
  c.error(v.Mark(),
          "expected a value or a list for " + in_quotes(key) + ", got " + m3::sim::describe_node(v));
  return false;
}

bool parse_bool(const Ctx& c, const std::string& key, const YAML::Node& v, bool& out) {
  const std::string s = v.IsScalar() ? v.Scalar() : "";
  if (s == "true" || s == "True" || s == "TRUE") return out = true, true;
  if (s == "false" || s == "False" || s == "FALSE") return out = false, true;
  c.error(v.Mark(),
          "expected a boolean (true or false) for " + in_quotes(key) + ", got " + m3::sim::describe_node(v));
  return false;
}

bool parse_uint(const Ctx& c, const std::string& key, const YAML::Node& v, uint64_t& out) {
  const std::string s = v.IsScalar() ? v.Scalar() : "";
  size_t used = 0;
  bool ok = !s.empty() && s[0] >= '0' && s[0] <= '9';
  if (ok) {
    try {
      out = std::stoull(s, &used, 0);
    } catch (...) {
      ok = false;
    }
  }
  if (!ok || used != s.size()) {
    c.error(v.Mark(),
            "expected a non-negative integer for " + in_quotes(key) + ", got " + m3::sim::describe_node(v));
    return false;
  }
  return true;
}

bool parse_seconds(const Ctx& c, const std::string& key, const YAML::Node& v, double& out) {
  const std::string s = v.IsScalar() ? v.Scalar() : "";
  size_t used = 0;
  bool ok = !s.empty();
  if (ok) {
    try {
      out = std::stod(s, &used);
    } catch (...) {
      ok = false;
    }
  }
  if (!ok || used != s.size() || !(out >= 0)) {
    c.error(v.Mark(), "expected a number of seconds (0 or more) for " + in_quotes(key) + ", got " +
                          m3::sim::describe_node(v));
    return false;
  }
  return true;
}

// A value as it goes into a result row: integers become numbers, the rest stays text.
Json scalar_json(const std::string& s) {
  if (!s.empty() && s.find_first_not_of("0123456789") == std::string::npos && s.size() < 16)
    return Json(std::stoll(s));
  if (s.size() > 1 && s[0] == '-' && s.find_first_not_of("0123456789", 1) == std::string::npos &&
      s.size() < 16)
    return Json(std::stoll(s));
  return Json(s);
}

struct PathValue {
  std::string text;
  fs::path path;
};

// Relative paths: the current directory first, then the batch file's folder.
bool resolve_path(const Ctx& c, const std::string& what, const YAML::Node& v, PathValue& out) {
  out.text = v.Scalar();
  if (out.text.empty()) {
    c.error(v.Mark(), "empty path in " + in_quotes(what));
    return false;
  }
  fs::path p(out.text);
  std::error_code ec;
  if (p.is_relative() && !fs::exists(p, ec) && fs::exists(c.base_dir / p, ec)) p = c.base_dir / p;
  if (!fs::is_regular_file(p, ec)) {
    c.error(v.Mark(), "no such file " + in_quotes(out.text) + " (in " + in_quotes(what) + ")");
    return false;
  }
  out.path = fs::absolute(p, ec);
  return true;
}

// A swept machine field: its values and where each was written.
struct MachineDim {
  const FieldSpec* field;
  std::vector<uint32_t> values;
  std::vector<YAML::Mark> marks;
};

std::vector<std::string_view> machine_children(std::string_view prefix) {
  std::vector<std::string_view> out;
  for (const FieldSpec& f : sim::machine_config_schema()) {
    std::string_view p = f.path;
    if (p.size() <= prefix.size() || p.substr(0, prefix.size()) != prefix || p[prefix.size()] != '.')
      continue;
    p.remove_prefix(prefix.size() + 1);
    std::string_view child = p.substr(0, p.find('.'));
    if (std::find(out.begin(), out.end(), child) == out.end()) out.push_back(child);
  }
  return out;
}

void walk_machine(const Ctx& c, const YAML::Node& map, const std::string& prefix, sim::MachineConfig& base,
                  std::vector<MachineDim>& dims,
                  std::vector<std::pair<std::string, YAML::Mark>>& section_marks) {
  if (!map.IsMap()) {
    if (!map.IsNull())
      c.error(map.Mark(),
              "expected a mapping for " + in_quotes(prefix) + ", got " + m3::sim::describe_node(map));
    return;
  }
  section_marks.emplace_back(prefix, map.Mark());
  std::vector<std::string> seen;
  for (const auto& kv : map) {
    const YAML::Node& key = kv.first;
    const YAML::Node& value = kv.second;
    if (!key.IsScalar()) {
      c.error(key.Mark(), "expected a key name, got " + m3::sim::describe_node(key));
      continue;
    }
    const std::string& k = key.Scalar();
    const std::string path = prefix + "." + k;
    if (std::find(seen.begin(), seen.end(), k) != seen.end()) {
      c.error(key.Mark(), "duplicate key " + in_quotes(path));
      continue;
    }
    seen.push_back(k);
    if (const FieldSpec* f = sim::find_field(path)) {
      if (value.IsNull()) {
        c.error(key.Mark(), "missing value for " + in_quotes(path));
        continue;
      }
      std::vector<YAML::Node> items;
      if (value.IsSequence()) {
        if (value.size() == 0) {
          c.error(value.Mark(), "empty list for " + in_quotes(path));
          continue;
        }
        for (const auto& e : value) items.push_back(e);
      } else {
        items.push_back(value);
      }
      MachineDim dim{f, {}, {}};
      for (const YAML::Node& item : items) {
        sim::MachineConfig scratch = base;
        if (!sim::apply_field(*f, item, scratch, c.diags, c.src)) continue;
        dim.values.push_back(f->get(scratch));
        dim.marks.push_back(item.Mark());
      }
      if (dim.values.size() == items.size()) dims.push_back(std::move(dim));
    } else if (!machine_children(path).empty()) {
      walk_machine(c, value, path, base, dims, section_marks);
    } else {
      const auto children = machine_children(prefix);
      c.error(key.Mark(),
              "unknown key " + in_quotes(k) + " in " + in_quotes(prefix) + did_you_mean(k, children));
    }
  }
}

Json machine_value_json(const FieldSpec& f, uint32_t v) {
  switch (f.type) {
    case FieldType::Bool:
      return Json(v != 0);
    case FieldType::Enum:
      return Json(std::string(f.values[v]));
    case FieldType::Int:
      return Json(v);
  }
  return {};
}

std::string value_text(const Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// Every combination of `sizes` (the last varies fastest).
std::vector<std::vector<size_t>> product(const std::vector<size_t>& sizes) {
  std::vector<std::vector<size_t>> out;
  std::vector<size_t> at(sizes.size(), 0);
  for (size_t s : sizes)
    if (s == 0) return out;
  for (;;) {
    out.push_back(at);
    size_t i = sizes.size();
    while (i > 0) {
      --i;
      if (++at[i] < sizes[i]) break;
      at[i] = 0;
      if (i == 0) return out;
    }
    if (sizes.empty()) return out;
  }
}

std::string stem_of(const std::string& path) { return fs::path(path).stem().string(); }

}  // namespace

std::span<const BatchFieldSpec> batch_config_schema() { return kSchema; }

std::string batch_fields_markdown() {
  std::string out = "| Key | Type | Default | Description |\n|---|---|---|---|\n";
  for (const BatchFieldSpec& f : kSchema) {
    out += "| `" + std::string(f.key) + "` | " + std::string(f.type) + " | " +
           (f.fallback.empty() ? std::string("—") : std::string(f.fallback)) + " | " + std::string(f.doc) +
           " |\n";
  }
  return out;
}

namespace {

std::optional<BatchConfig> parse_unsorted(std::string_view text, std::string_view file, Diagnostics& diags) {
  const int errors_before = diags.error_count();
  Ctx c{YamlSource{std::string(file), text}, diags, fs::path(file).parent_path()};
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    c.error(e.mark, "invalid YAML: " + e.msg);
    return std::nullopt;
  }
  if (!root.IsMap()) {
    c.error(root.Mark(),
            "expected a mapping at the top level of the batch file, got " + m3::sim::describe_node(root));
    return std::nullopt;
  }

  BatchConfig cfg;
  cfg.file = std::string(file);
  cfg.name = fs::path(file).stem().string();
  std::vector<PathValue> inputs, images;
  YAML::Mark inputs_mark = YAML::Mark::null_mark(), images_mark = YAML::Mark::null_mark();
  bool have_kernels = false, have_programs = false, have_images = false, have_params = false;
  std::vector<std::string> opts, engines{"pipeline"};
  bool have_opt = false;
  std::vector<std::pair<std::string, std::vector<Json>>> kparams;
  sim::MachineConfig base;
  std::vector<MachineDim> mdims;
  std::vector<std::pair<std::string, YAML::Mark>> section_marks;
  YAML::Node machine_sections[4];
  bool have_section[4] = {};
  YAML::Node plots_node, table_node;
  bool have_plots = false, have_table = false;
  std::vector<std::string_view> top_keys;
  for (const BatchFieldSpec& f : kSchema) top_keys.push_back(f.key);

  std::vector<std::string> seen;
  std::vector<std::pair<std::string, YAML::Mark>> key_marks;
  auto mark_of = [&](std::string_view k) {
    for (const auto& [name, m] : key_marks)
      if (name == k) return m;
    return root.Mark();
  };
  for (const auto& kv : root) {
    const YAML::Node& key = kv.first;
    const YAML::Node& v = kv.second;
    if (!key.IsScalar()) {
      c.error(key.Mark(), "expected a key name, got " + m3::sim::describe_node(key));
      continue;
    }
    const std::string k = key.Scalar();
    if (std::find(seen.begin(), seen.end(), k) != seen.end()) {
      c.error(key.Mark(), "duplicate key " + in_quotes(k));
      continue;
    }
    seen.push_back(k);
    key_marks.emplace_back(k, key.Mark());
    if (std::find(top_keys.begin(), top_keys.end(), k) == top_keys.end()) {
      c.error(key.Mark(), "unknown key " + in_quotes(k) + did_you_mean(k, top_keys));
      continue;
    }
    if (v.IsNull()) {
      c.error(key.Mark(), "missing value for " + in_quotes(k));
      continue;
    }
    std::vector<YAML::Node> items;
    if (k == "name") {
      if (!v.IsScalar() || v.Scalar().empty())
        c.error(v.Mark(), "expected a name for 'name', got " + m3::sim::describe_node(v));
      else
        cfg.name = v.Scalar();
    } else if (k == "kernels" || k == "programs") {
      (k == "kernels" ? have_kernels : have_programs) = true;
      if (have_kernels && have_programs) {
        c.error(key.Mark(), "give 'kernels' or 'programs', not both (use two batch files)");
        continue;
      }
      inputs_mark = key.Mark();
      if (!as_list(c, k, v, items)) continue;
      for (const YAML::Node& item : items) {
        PathValue p;
        if (resolve_path(c, k, item, p)) inputs.push_back(std::move(p));
      }
    } else if (k == "images") {
      have_images = true;
      images_mark = key.Mark();
      if (!as_list(c, k, v, items)) continue;
      for (const YAML::Node& item : items) {
        PathValue p;
        if (item.Scalar().rfind("pattern:", 0) == 0)  // a generated test image (docs/kernels.md)
          images.push_back({item.Scalar(), item.Scalar()});
        else if (resolve_path(c, k, item, p))
          images.push_back(std::move(p));
      }
    } else if (k == "opt") {
      have_opt = true;
      if (!as_list(c, k, v, items)) continue;
      for (const YAML::Node& item : items) {
        std::string s = item.Scalar();
        if (s.size() == 3 && s[0] == '-') s.erase(0, 1);
        if (s == "0" || s == "1" || s == "2") s = "O" + s;
        if (s != "O0" && s != "O1" && s != "O2")
          c.error(item.Mark(),
                  "unknown value " + in_quotes(item.Scalar()) + " for 'opt'; expected one of: O0, O1, O2");
        else
          opts.push_back(s);
      }
    } else if (k == "engine") {
      engines.clear();
      if (!as_list(c, k, v, items)) continue;
      for (const YAML::Node& item : items) {
        if (item.Scalar() != "iss" && item.Scalar() != "pipeline")
          c.error(item.Mark(), "unknown value " + in_quotes(item.Scalar()) +
                                   " for 'engine'; expected one of: iss, pipeline");
        else
          engines.push_back(item.Scalar());
      }
    } else if (k == "params") {
      have_params = true;
      if (!v.IsMap()) {
        c.error(v.Mark(), "expected a mapping NAME: value for 'params', got " + m3::sim::describe_node(v));
        continue;
      }
      for (const auto& p : v) {
        const std::string pname = p.first.IsScalar() ? p.first.Scalar() : "";
        if (pname.empty() || pname.find_first_of("= \t") != std::string::npos) {
          c.error(p.first.Mark(),
                  "expected a parameter name (no spaces or '='), got " + m3::sim::describe_node(p.first));
          continue;
        }
        std::vector<YAML::Node> vals;
        if (!as_list(c, "params." + pname, p.second, vals)) continue;
        std::vector<Json> js;
        for (const YAML::Node& n : vals) js.push_back(scalar_json(n.Scalar()));
        kparams.emplace_back(pname, std::move(js));
      }
    } else if (k == "native" || k == "check") {
      parse_bool(c, k, v, k == "native" ? cfg.native : cfg.check);
    } else if (k == "max_steps" || k == "max_cycles") {
      parse_uint(c, k, v, k == "max_steps" ? cfg.max_steps : cfg.max_cycles);
    } else if (k == "timeout") {
      parse_seconds(c, k, v, cfg.timeout_s);
    } else if (k == "machine") {
      PathValue p;
      if (!v.IsScalar()) {
        c.error(v.Mark(), "expected a path for 'machine', got " + m3::sim::describe_node(v));
      } else if (resolve_path(c, k, v, p)) {
        Diagnostics md;
        base = sim::load_machine_config(p.path, md);
        diags.append(md);
      }
    } else if (k == "output") {
      if (!v.IsScalar() || v.Scalar().empty() || v.Scalar().find('/') != std::string::npos)
        c.error(v.Mark(), "expected a file name (no folders; see --out) for 'output', got " +
                              m3::sim::describe_node(v));
      else
        cfg.output = v.Scalar();
    } else if (k == "table") {
      table_node.reset(v);
      have_table = true;
    } else if (k == "plots") {
      plots_node.reset(v);
      have_plots = true;
    } else {
      for (size_t i = 0; i < 4; ++i)
        if (k == kMachineSections[i]) machine_sections[i].reset(v), have_section[i] = true;
    }
  }
  // The machine sections after `machine:`, wherever it was written, since they override it.
  for (size_t i = 0; i < 4; ++i)
    if (have_section[i])
      walk_machine(c, machine_sections[i], std::string(kMachineSections[i]), base, mdims, section_marks);
  std::sort(mdims.begin(), mdims.end(),
            [](const MachineDim& a, const MachineDim& b) { return a.field < b.field; });

  if (!have_kernels && !have_programs)
    c.error(root.Mark(), "missing 'kernels' (or 'programs'): the batch has nothing to run");
  if (have_kernels && !have_images) c.error(inputs_mark, "'kernels' needs 'images' (the input images)");
  if (have_programs) {
    if (have_images) c.error(images_mark, "'images' is for 'kernels'; a whole program reads no image");
    if (have_params) c.error(mark_of("params"), "'params' is for 'kernels'");
    if (cfg.native) c.error(mark_of("native"), "'native' is for 'kernels'");
  }
  if (!mdims.empty() && std::find(engines.begin(), engines.end(), "pipeline") == engines.end())
    c.warning(section_marks.front().second, "the machine sections apply to the pipeline engine only");
  if (diags.error_count() != errors_before) return std::nullopt;

  // ---- Columns and the product ----
  const std::string input_col = have_kernels ? "kernel" : "program";
  cfg.param_columns.push_back(input_col);
  if (have_kernels) cfg.param_columns.push_back("image");
  if (have_opt) cfg.param_columns.push_back("opt");
  cfg.param_columns.push_back("engine");
  for (const auto& [n, vals] : kparams) cfg.param_columns.push_back("param." + n);
  for (const MachineDim& d : mdims) cfg.param_columns.push_back(std::string(d.field->path));

  auto note_swept = [&](const std::string& col, size_t n) {
    if (n > 1) cfg.swept.push_back(col);
  };
  note_swept(input_col, inputs.size());
  if (have_kernels) note_swept("image", images.size());
  if (have_opt) note_swept("opt", opts.size());
  note_swept("engine", engines.size());
  for (const auto& [n, vals] : kparams) note_swept("param." + n, vals.size());
  for (const MachineDim& d : mdims) note_swept(std::string(d.field->path), d.values.size());

  std::vector<size_t> outer{inputs.size(), have_kernels ? images.size() : 1, have_opt ? opts.size() : 1,
                            engines.size()};
  for (const auto& kp : kparams) outer.push_back(kp.second.size());
  std::vector<size_t> inner;
  for (const MachineDim& d : mdims) inner.push_back(d.values.size());

  std::vector<std::string> cross_errors;  // reported once each
  for (const auto& o : product(outer)) {
    Job proto;
    proto.is_kernel = have_kernels;
    proto.input = inputs[o[0]].text;
    proto.input_path = inputs[o[0]].path;
    proto.params.emplace_back(input_col, proto.input);
    if (have_kernels) {
      proto.image = images[o[1]].text;
      proto.image_path = images[o[1]].path;
      proto.params.emplace_back("image", proto.image);
    }
    if (have_opt) {
      proto.opt = opts[o[2]];
      proto.params.emplace_back("opt", proto.opt);
    }
    proto.engine = engines[o[3]];
    proto.params.emplace_back("engine", proto.engine);
    for (size_t i = 0; i < kparams.size(); ++i) {
      const Json& v = kparams[i].second[o[4 + i]];
      proto.kernel_params.emplace_back(kparams[i].first, value_text(v));
      proto.params.emplace_back("param." + kparams[i].first, v);
    }
    const bool pipeline = proto.engine == "pipeline";
    const auto combos = pipeline ? product(inner) : std::vector<std::vector<size_t>>{std::vector<size_t>{}};
    for (const auto& m : combos) {
      Job job = proto;
      job.has_machine = pipeline;
      job.machine = base;
      for (size_t i = 0; i < mdims.size(); ++i) {
        if (pipeline) {
          mdims[i].field->set(job.machine, mdims[i].values[m[i]]);
          job.params.emplace_back(std::string(mdims[i].field->path),
                                  machine_value_json(*mdims[i].field, mdims[i].values[m[i]]));
        } else {
          job.params.emplace_back(std::string(mdims[i].field->path), Json());
        }
      }
      if (pipeline) {
        Diagnostics cross;
        if (!sim::validate_machine_config(job.machine, cross)) {
          for (const Diag& d : cross.list()) {
            // Point at the value of the first field the message names, as this combination uses it.
            YAML::Mark where = section_marks.empty() ? root.Mark() : section_marks.front().second;
            const size_t q0 = d.message.find('\''), q1 = d.message.find('\'', q0 + 1);
            const std::string field = q0 == std::string::npos || q1 == std::string::npos
                                          ? ""
                                          : d.message.substr(q0 + 1, q1 - q0 - 1);
            for (size_t i = 0; i < mdims.size(); ++i)
              if (mdims[i].field->path == field) where = mdims[i].marks[m[i]];
            for (const auto& [sec, mark] : section_marks)
              if (where.is_null() && field.rfind(sec + ".", 0) == 0) where = mark;
            std::string msg = d.message;
            std::string combo;
            for (size_t i = 0; i < mdims.size(); ++i)
              if (mdims[i].values.size() > 1)
                combo += (combo.empty() ? "" : ", ") + std::string(mdims[i].field->path) + "=" +
                         mdims[i].field->value_text(job.machine);
            if (!combo.empty()) msg += " (in the combination " + combo + ")";
            if (std::find(cross_errors.begin(), cross_errors.end(), d.message) != cross_errors.end())
              continue;
            cross_errors.push_back(d.message);
            c.error(where, msg);
          }
        }
      }
      job.index = cfg.jobs.size();
      char num[16];
      std::snprintf(num, sizeof num, "%04zu", job.index);
      job.name = std::string(num) + "-" + stem_of(job.input);
      for (const auto& [col, v] : job.params)
        job.key += (job.key.empty() ? "" : ";") + col + "=" + value_text(v);
      cfg.jobs.push_back(std::move(job));
    }
  }

  // ---- table and plots: they name columns ----
  std::vector<std::string_view> param_names(cfg.param_columns.begin(), cfg.param_columns.end());
  auto column_list = [&](const std::string& what, const YAML::Node& n, std::vector<std::string>& out) {
    std::vector<YAML::Node> items;
    if (!as_list(c, what, n, items)) return;
    for (const YAML::Node& i : items) out.push_back(i.Scalar());
  };
  if (have_table) column_list("table", table_node, cfg.table);
  if (have_plots) {
    if (!plots_node.IsSequence()) {
      c.error(plots_node.Mark(), "expected a list of plots ({x, y, series}) for 'plots', got " +
                                     m3::sim::describe_node(plots_node));
    } else {
      for (const YAML::Node& p : plots_node) {
        if (!p.IsMap()) {
          c.error(p.Mark(), "expected a plot ({x, y, series}), got " + m3::sim::describe_node(p));
          continue;
        }
        PlotSpec spec;
        bool x_given = false;
        for (const auto& kv : p) {
          const std::string pk = kv.first.IsScalar() ? kv.first.Scalar() : "";
          if (std::find(std::begin(kPlotKeys), std::end(kPlotKeys), pk) == std::end(kPlotKeys)) {
            c.error(kv.first.Mark(),
                    "unknown key " + in_quotes(pk) + " in a plot" + did_you_mean(pk, kPlotKeys));
            continue;
          }
          if (pk == "y") {
            column_list("y", kv.second, spec.y);
            continue;
          }
          if (!kv.second.IsScalar()) {
            c.error(kv.second.Mark(),
                    "expected one name for " + in_quotes(pk) + ", got " + m3::sim::describe_node(kv.second));
            continue;
          }
          const std::string val = kv.second.Scalar();
          if (pk == "x") x_given = true;
          if (pk == "title") {
            spec.title = val;
            continue;
          }
          if (std::find(param_names.begin(), param_names.end(), val) == param_names.end()) {
            c.error(kv.second.Mark(), "plot " + in_quotes(pk) + ": " + in_quotes(val) +
                                          " is not a parameter of this batch" +
                                          did_you_mean(val, param_names));
            continue;
          }
          (pk == "x" ? spec.x : spec.series) = val;
        }
        if (!x_given) c.error(p.Mark(), "a plot needs 'x' (a swept parameter)");
        if (spec.y.empty()) spec.y.push_back("cpi");
        cfg.plots.push_back(std::move(spec));
      }
    }
  }
  if (diags.error_count() != errors_before) return std::nullopt;
  return cfg;
}

}  // namespace

std::optional<BatchConfig> parse_batch_config(std::string_view text, std::string_view file,
                                              Diagnostics& diags) {
  // The machine sections are read after the top-level keys; report in the file's order.
  Diagnostics local;
  auto cfg = parse_unsorted(text, file, local);
  std::vector<Diag> list = local.list();
  std::stable_sort(list.begin(), list.end(), [](const Diag& a, const Diag& b) {
    return a.file == b.file && (a.line != b.line ? a.line < b.line : a.column < b.column);
  });
  for (Diag& d : list) diags.add(std::move(d));
  return cfg;
}

std::optional<BatchConfig> load_batch_config(const fs::path& path, Diagnostics& diags) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.error(path.string(), 0, 0, "cannot open the batch file");
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  return parse_batch_config(text, path.string(), diags);
}

JobFiles job_files(const fs::path& out_dir, const Job& job) {
  JobFiles f;
  f.dir = out_dir / "jobs" / job.name;
  f.stats = f.dir / "stats.json";
  f.machine = f.dir / "machine.yaml";
  f.log = f.dir / "log.txt";
  if (job.is_kernel) {
    std::string image = job.image.rfind("pattern:", 0) == 0 ? job.image.substr(8) : stem_of(job.image);
    for (char& ch : image)
      if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-' && ch != '_') ch = '-';
    f.image_out = out_dir / "images" / (job.name + "-" + image + ".png");
  }
  return f;
}

std::vector<std::string> job_arguments(const BatchConfig& cfg, const Job& job, const JobFiles& files) {
  std::vector<std::string> a{"run", job.input_path.string()};
  if (job.is_kernel) {
    a.insert(a.end(), {"--image", job.image_path.string(), "--out", files.image_out.string()});
    for (const auto& [n, v] : job.kernel_params) a.insert(a.end(), {"--param", n + "=" + v});
    if (cfg.native) a.push_back("--native");
  }
  if (!job.opt.empty()) a.push_back("-" + job.opt);
  a.insert(a.end(), {"--engine", job.engine});
  if (job.has_machine) a.insert(a.end(), {"--config", files.machine.string()});
  if (cfg.check && job.engine == "pipeline") a.push_back("--check");
  if (cfg.max_steps && job.engine == "iss") a.insert(a.end(), {"--max-steps", std::to_string(cfg.max_steps)});
  if (cfg.max_cycles && job.engine == "pipeline")
    a.insert(a.end(), {"--max-cycles", std::to_string(cfg.max_cycles)});
  a.insert(a.end(), {"--stats-json", files.stats.string()});
  return a;
}

std::optional<Shard> parse_shard(std::string_view text, std::string& error) {
  const size_t slash = text.find('/');
  unsigned i = 0, n = 0;
  auto num = [](std::string_view s, unsigned& out) {
    if (s.empty() || s.size() > 6 || s.find_first_not_of("0123456789") != std::string_view::npos)
      return false;
    out = static_cast<unsigned>(std::stoul(std::string(s)));
    return true;
  };
  if (slash == std::string_view::npos || !num(text.substr(0, slash), i) || !num(text.substr(slash + 1), n)) {
    error = "--shard expects i/N (for example 0/4), got '" + std::string(text) + "'";
    return std::nullopt;
  }
  if (n == 0 || i >= n) {
    error = "--shard i/N needs 0 <= i < N, got '" + std::string(text) + "'";
    return std::nullopt;
  }
  return Shard{i, n};
}

}  // namespace m3::batch
