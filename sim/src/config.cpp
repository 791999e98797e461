#include "m3lab/sim/config.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>
#include <type_traits>

namespace m3::sim {

namespace {

// ---- Accessors: a field is a chain of member pointers from MachineConfig ----

template <auto M, auto... Ms>
constexpr decltype(auto) member(auto& obj) {
  if constexpr (sizeof...(Ms) == 0)
    return (obj.*M);
  else
    return member<Ms...>(obj.*M);
}

template <auto... Ms>
uint32_t get_member(const MachineConfig& c) {
  return static_cast<uint32_t>(member<Ms...>(c));
}

template <auto... Ms>
void set_member(MachineConfig& c, uint32_t v) {
  auto& f = member<Ms...>(c);
  f = static_cast<std::remove_reference_t<decltype(f)>>(v);
}

template <auto... Ms>
FieldSpec boolean(std::string_view path, std::string_view doc) {
  FieldSpec f;
  f.path = path;
  f.type = FieldType::Bool;
  f.max = 1;
  f.doc = doc;
  f.get = &get_member<Ms...>;
  f.set = &set_member<Ms...>;
  return f;
}

struct IntRule {
  uint32_t min = 0;
  uint32_t max = 0xffffffffu;
  bool power_of_two = false;
  uint32_t multiple_of = 1;
  std::string_view cross_check = {};
};

template <auto... Ms>
FieldSpec integer(std::string_view path, IntRule rule, std::string_view doc) {
  FieldSpec f;
  f.path = path;
  f.type = FieldType::Int;
  f.min = rule.min;
  f.max = rule.max;
  f.power_of_two = rule.power_of_two;
  f.multiple_of = rule.multiple_of;
  f.cross_check = rule.cross_check;
  f.doc = doc;
  f.get = &get_member<Ms...>;
  f.set = &set_member<Ms...>;
  return f;
}

template <auto... Ms>
FieldSpec enumeration(std::string_view path, std::span<const std::string_view> values, std::string_view doc) {
  FieldSpec f;
  f.path = path;
  f.type = FieldType::Enum;
  f.values = values;
  f.max = static_cast<uint32_t>(values.size() - 1);
  f.doc = doc;
  f.get = &get_member<Ms...>;
  f.set = &set_member<Ms...>;
  return f;
}

// Indexed by the enums' values (config.hpp, cache.hpp).
constexpr std::string_view kResolutionNames[] = {"ex", "id"};
constexpr std::string_view kPredictorNames[] = {"static-nt", "btfn", "1bit", "2bit"};
constexpr std::string_view kPolicyNames[] = {"lru", "fifo", "plru", "random"};
constexpr std::string_view kWriteNames[] = {"back", "through"};

using MC = MachineConfig;
using CC = CacheConfig;

std::vector<FieldSpec> build_schema() {
  constexpr uint32_t kMiB = 1024 * 1024;
  std::vector<FieldSpec> s;
  // core
  s.push_back(boolean<&MC::core, &CoreConfig::forwarding>(
      "core.forwarding",
      "Forward EX/MEM results to dependent instructions; false: a dependent instruction stalls in ID "
      "until the producer has written back."));
  s.push_back(enumeration<&MC::core, &CoreConfig::branch_resolution>(
      "core.branch_resolution", kResolutionNames,
      "Stage where branches are resolved: `ex` (2-cycle mispredict penalty) or `id` (1 cycle, "
      "but a compare feeding the branch may stall)."));
  s.push_back(enumeration<&MC::core, &CoreConfig::branch_predictor>(
      "core.branch_predictor", kPredictorNames,
      "`static-nt` always predicts not taken; `btfn` backward taken, forward not taken; `1bit`/`2bit` "
      "use a branch history table of that many bits per entry plus the BTB."));
  s.push_back(integer<&MC::core, &CoreConfig::bht_entries>(
      "core.bht_entries", {.min = 1, .max = 65536, .power_of_two = true},
      "Branch history table entries (indexed by PC bits), for `1bit`/`2bit`."));
  s.push_back(integer<&MC::core, &CoreConfig::btb_entries>(
      "core.btb_entries", {.min = 1, .max = 65536, .power_of_two = true},
      "Branch target buffer entries (direct-mapped, indexed by PC bits)."));
  s.push_back(boolean<&MC::core, &CoreConfig::unified_memory>(
      "core.unified_memory",
      "One memory port shared by IF and MEM (a structural hazard: MEM wins); false: separate "
      "instruction and data ports, as the Cortex-M3's I-Code/D-Code buses."));
  s.push_back(integer<&MC::core, &CoreConfig::latency, &CoreLatency::mul>(
      "core.latency.mul", {.min = 1, .max = 64}, "EX cycles of MUL/MLA/MLS."));
  s.push_back(integer<&MC::core, &CoreConfig::latency, &CoreLatency::div_min>(
      "core.latency.div_min", {.min = 1, .max = 64, .cross_check = "<= `core.latency.div_max`"},
      "Fewest EX cycles of SDIV/UDIV (divisor large relative to the dividend)."));
  s.push_back(integer<&MC::core, &CoreConfig::latency, &CoreLatency::div_max>(
      "core.latency.div_max", {.min = 1, .max = 64},
      "Most EX cycles of SDIV/UDIV; the actual count scales with the quotient's significant bits."));
  // icache
  s.push_back(boolean<&MC::icache, &CC::enabled>("icache.enabled",
                                                 "false: every fetch goes to memory (a word transfer)."));
  s.push_back(integer<&MC::icache, &CC::size>("icache.size",
                                              {.min = 4, .max = 16 * kMiB, .power_of_two = true},
                                              "Capacity in bytes (data only; tags are not counted)."));
  s.push_back(integer<&MC::icache, &CC::line>(
      "icache.line", {.min = 4, .max = 1024, .power_of_two = true, .cross_check = "<= `icache.size`"},
      "Line size in bytes."));
  s.push_back(integer<&MC::icache, &CC::ways>(
      "icache.ways", {.min = 1, .max = 65536, .power_of_two = true, .cross_check = "<= size/line"},
      "Associativity: 1 is direct-mapped, size/line is fully associative."));
  s.push_back(enumeration<&MC::icache, &CC::policy>(
      "icache.policy", kPolicyNames,
      "Replacement: least recently used, first in first out, tree pseudo-LRU, or random (xorshift32)."));
  s.push_back(integer<&MC::icache, &CC::seed>("icache.seed", {},
                                              "Seed of the random replacement generator (0 is remapped)."));
  s.push_back(integer<&MC::icache, &CC::hit_latency>("icache.hit_latency", {.min = 1, .max = 1000},
                                                     "Cycles of a hit."));
  // dcache
  s.push_back(boolean<&MC::dcache, &CC::enabled>(
      "dcache.enabled", "false: every load and store goes to memory (a word transfer)."));
  s.push_back(integer<&MC::dcache, &CC::size>("dcache.size",
                                              {.min = 4, .max = 16 * kMiB, .power_of_two = true},
                                              "Capacity in bytes (data only; tags are not counted)."));
  s.push_back(integer<&MC::dcache, &CC::line>(
      "dcache.line", {.min = 4, .max = 1024, .power_of_two = true, .cross_check = "<= `dcache.size`"},
      "Line size in bytes."));
  s.push_back(integer<&MC::dcache, &CC::ways>(
      "dcache.ways", {.min = 1, .max = 65536, .power_of_two = true, .cross_check = "<= size/line"},
      "Associativity: 1 is direct-mapped, size/line is fully associative."));
  s.push_back(enumeration<&MC::dcache, &CC::policy>(
      "dcache.policy", kPolicyNames,
      "Replacement: least recently used, first in first out, tree pseudo-LRU, or random (xorshift32)."));
  s.push_back(integer<&MC::dcache, &CC::seed>("dcache.seed", {},
                                              "Seed of the random replacement generator (0 is remapped)."));
  s.push_back(enumeration<&MC::dcache, &CC::write>(
      "dcache.write", kWriteNames,
      "`back`: a store marks the line dirty, written back on eviction; `through`: every store also "
      "writes memory (one word transfer)."));
  s.push_back(boolean<&MC::dcache, &CC::allocate>(
      "dcache.allocate", "Write-allocate: a store miss fills the line; false: it only writes memory."));
  s.push_back(integer<&MC::dcache, &CC::hit_latency>("dcache.hit_latency", {.min = 1, .max = 1000},
                                                     "Cycles of a hit."));
  // memory
  s.push_back(integer<&MC::memory, &MemoryParams::latency>(
      "memory.latency", {.max = 10000}, "Cycles from a request to the first beat of data."));
  s.push_back(integer<&MC::memory, &MemoryParams::beat_bytes>(
      "memory.beat_bytes", {.min = 4, .max = 1024, .power_of_two = true}, "Bytes per bus beat (bus width)."));
  s.push_back(integer<&MC::memory, &MemoryParams::beat_cycles>("memory.beat_cycles", {.min = 1, .max = 1000},
                                                               "Cycles per beat."));
  s.push_back(integer<&MC::memory, &MemoryParams::code_size>("memory.code_size",
                                                             {.min = 4, .max = 512 * kMiB, .multiple_of = 4},
                                                             "Bytes of the code region at 0x00000000."));
  s.push_back(integer<&MC::memory, &MemoryParams::sram_size>(
      "memory.sram_size", {.min = 4, .max = 512 * kMiB, .multiple_of = 4}, "Bytes of SRAM at 0x20000000."));
  s.push_back(integer<&MC::memory, &MemoryParams::ext_size>(
      "memory.ext_size", {.min = 4, .max = 1024 * kMiB, .multiple_of = 4},
      "Bytes of external RAM at 0x60000000 (image buffers)."));
  return s;
}

const std::vector<FieldSpec>& schema() {
  static const std::vector<FieldSpec> s = build_schema();
  return s;
}

bool is_pow2(uint64_t v) { return v != 0 && (v & (v - 1)) == 0; }

std::string in_quotes(std::string_view s) { return "'" + std::string(s) + "'"; }

// Why `v` is not an acceptable value of `f` on its own, or empty.
std::string check_value(const FieldSpec& f, uint64_t v) {
  const std::string name = in_quotes(f.path);
  const std::string got = " (got " + std::to_string(v) + ")";
  if (v < f.min) return name + " must be at least " + std::to_string(f.min) + got;
  if (v > f.max) return name + " must be at most " + std::to_string(f.max) + got;
  if (f.power_of_two && !is_pow2(v)) return name + " must be a power of two" + got;
  if (v % f.multiple_of != 0) return name + " must be a multiple of " + std::to_string(f.multiple_of) + got;
  return {};
}

void error_at(Diagnostics& diags, const YamlSource& src, const YAML::Mark& mark, std::string msg) {
  if (mark.is_null()) {
    diags.error(src.file, 0, 0, std::move(msg));
    return;
  }
  diags.error(src.file, mark.line + 1, mark.column + 1, std::move(msg),
              std::string(source_line(src.text, mark.line)));
}

// YAML 1.2 core schema booleans only: `yes`/`no`/`on`/`off` are rejected (the "Norway problem").
bool parse_bool(const std::string& s, bool& out) {
  if (s == "true" || s == "True" || s == "TRUE") {
    out = true;
    return true;
  }
  if (s == "false" || s == "False" || s == "FALSE") {
    out = false;
    return true;
  }
  return false;
}

// Decimal or 0x-hexadecimal, optionally signed. Returns false if not an integer at all.
bool parse_int(const std::string& s, bool& negative, uint64_t& magnitude, bool& overflow) {
  size_t i = 0;
  negative = false;
  overflow = false;
  magnitude = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  unsigned base = 10;
  if (i + 1 < s.size() && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
    base = 16;
    i += 2;
  }
  if (i == s.size()) return false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    unsigned d;
    if (c >= '0' && c <= '9')
      d = static_cast<unsigned>(c - '0');
    else if (base == 16 && c >= 'a' && c <= 'f')
      d = static_cast<unsigned>(c - 'a' + 10);
    else if (base == 16 && c >= 'A' && c <= 'F')
      d = static_cast<unsigned>(c - 'A' + 10);
    else
      return false;
    magnitude = magnitude * base + d;
    if (magnitude > 0xffffffffull) {
      overflow = true;
      magnitude = 0xffffffffull + 1;  // saturate: keeps the loop from wrapping
    }
  }
  return true;
}

std::string allowed_list(const FieldSpec& f) {
  std::string out;
  for (size_t i = 0; i < f.values.size(); ++i) out += (i ? ", " : "") + std::string(f.values[i]);
  return out;
}

// The names directly under `prefix` ("" for the top level): fields and sections.
std::vector<std::string_view> children_of(std::string_view prefix) {
  std::vector<std::string_view> out;
  for (const FieldSpec& f : schema()) {
    std::string_view rest = f.path;
    if (!prefix.empty()) {
      if (rest.size() <= prefix.size() || rest.substr(0, prefix.size()) != prefix ||
          rest[prefix.size()] != '.')
        continue;
      rest.remove_prefix(prefix.size() + 1);
    }
    std::string_view child = rest.substr(0, rest.find('.'));
    if (std::find(out.begin(), out.end(), child) == out.end()) out.push_back(child);
  }
  return out;
}

bool is_section(std::string_view path) {
  for (const FieldSpec& f : schema())
    if (f.path.size() > path.size() && f.path.substr(0, path.size()) == path && f.path[path.size()] == '.')
      return true;
  return false;
}

size_t field_index(const FieldSpec& f) { return static_cast<size_t>(&f - schema().data()); }

using Marks = std::vector<YAML::Mark>;  // per schema field: where its value was set, or null

void walk(const YAML::Node& map, const std::string& prefix, MachineConfig& cfg, Diagnostics& diags,
          const YamlSource& src, Marks& marks) {
  if (!map.IsMap()) {
    error_at(diags, src, map.Mark(),
             prefix.empty()
                 ? "expected a mapping at the top level of the machine config, got " + describe_node(map)
                 : "expected a mapping for " + in_quotes(prefix) + ", got " + describe_node(map));
    return;
  }
  std::vector<std::string> seen;
  for (const auto& kv : map) {
    const YAML::Node& key = kv.first;
    const YAML::Node& value = kv.second;
    if (!key.IsScalar()) {
      error_at(diags, src, key.Mark(), "expected a key name, got " + describe_node(key));
      continue;
    }
    const std::string& k = key.Scalar();
    const std::string path = prefix.empty() ? k : prefix + "." + k;
    if (std::find(seen.begin(), seen.end(), k) != seen.end()) {
      error_at(diags, src, key.Mark(), "duplicate key " + in_quotes(path));
      continue;
    }
    seen.push_back(k);
    if (const FieldSpec* f = find_field(path)) {
      // `key:` with nothing after it: yaml-cpp puts a null value at the next token, so point at the key.
      if (value.IsNull())
        error_at(diags, src, key.Mark(), "missing value for " + in_quotes(path));
      else if (apply_field(*f, value, cfg, diags, src))
        marks[field_index(*f)] = value.Mark();
    } else if (is_section(path)) {
      if (value.IsMap())
        walk(value, path, cfg, diags, src, marks);
      else if (!value.IsNull())  // an empty section (`core:`) keeps the defaults
        error_at(diags, src, value.Mark(),
                 "expected a mapping for " + in_quotes(path) + ", got " + describe_node(value));
    } else {
      std::string msg = "unknown key " + in_quotes(k) + (prefix.empty() ? "" : " in " + in_quotes(prefix));
      std::string_view best;
      size_t best_d = 0;
      for (std::string_view c : children_of(prefix)) {
        const size_t d = edit_distance(k, c);
        if (best.empty() || d < best_d) {
          best = c;
          best_d = d;
        }
      }
      if (!best.empty() && best_d <= std::max<size_t>(2, k.size() / 3) && best_d < k.size())
        msg += "; did you mean " + in_quotes(best) + "?";
      error_at(diags, src, key.Mark(), std::move(msg));
    }
  }
}

// The constraints between fields. `where(path)` gives the position of a field's value, if known.
template <class Where>
bool cross_check(const MachineConfig& cfg, Diagnostics& diags, const YamlSource& src, Where where) {
  const int before = diags.error_count();
  auto check_cache = [&](const CacheConfig& c, const std::string& p) {
    if (c.line > c.size) {
      error_at(diags, src, where(p + ".line"),
               in_quotes(p + ".line") + " (" + std::to_string(c.line) + ") is larger than " +
                   in_quotes(p + ".size") + " (" + std::to_string(c.size) + ")");
      return;
    }
    const uint32_t lines = c.size / c.line;
    if (c.ways > lines)
      error_at(diags, src, where(p + ".ways"),
               in_quotes(p + ".ways") + " (" + std::to_string(c.ways) +
                   ") exceeds the number of lines (size/line = " + std::to_string(lines) + ")");
  };
  check_cache(cfg.icache, "icache");
  check_cache(cfg.dcache, "dcache");
  const CoreLatency& l = cfg.core.latency;
  if (l.div_min > l.div_max)
    error_at(diags, src, where("core.latency.div_min"),
             "'core.latency.div_min' (" + std::to_string(l.div_min) +
                 ") is greater than 'core.latency.div_max' (" + std::to_string(l.div_max) + ")");
  return diags.error_count() == before;
}

}  // namespace

std::span<const FieldSpec> machine_config_schema() { return schema(); }

const FieldSpec* find_field(std::string_view path) {
  for (const FieldSpec& f : schema())
    if (f.path == path) return &f;
  return nullptr;
}

std::string FieldSpec::value_text(const MachineConfig& c) const {
  const uint32_t v = get(c);
  switch (type) {
    case FieldType::Bool:
      return v ? "true" : "false";
    case FieldType::Enum:
      return std::string(values[v]);
    case FieldType::Int:
      return std::to_string(v);
  }
  return {};
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

bool apply_field(const FieldSpec& f, const YAML::Node& value, MachineConfig& cfg, Diagnostics& diags,
                 const YamlSource& src) {
  const YAML::Mark mark = value.Mark();
  const std::string name = in_quotes(f.path);
  const std::string text = value.IsScalar() ? value.Scalar() : std::string();
  switch (f.type) {
    case FieldType::Bool: {
      bool b = false;
      if (!value.IsScalar() || !parse_bool(text, b)) {
        error_at(diags, src, mark,
                 "expected a boolean (true or false) for " + name + ", got " + describe_node(value));
        return false;
      }
      f.set(cfg, b ? 1 : 0);
      return true;
    }
    case FieldType::Enum: {
      for (size_t i = 0; value.IsScalar() && i < f.values.size(); ++i) {
        if (f.values[i] == text) {
          f.set(cfg, static_cast<uint32_t>(i));
          return true;
        }
      }
      error_at(diags, src, mark,
               (value.IsScalar() ? "unknown value " + in_quotes(text) + " for " + name
                                 : "expected one value for " + name + ", got " + describe_node(value)) +
                   "; expected one of: " + allowed_list(f));
      return false;
    }
    case FieldType::Int: {
      bool negative = false, overflow = false;
      uint64_t v = 0;
      if (!value.IsScalar() || !parse_int(text, negative, v, overflow)) {
        error_at(diags, src, mark, "expected an integer for " + name + ", got " + describe_node(value));
        return false;
      }
      if (negative && v != 0) {
        error_at(diags, src, mark, name + " must not be negative (got " + text + ")");
        return false;
      }
      if (overflow) {
        error_at(diags, src, mark, name + " is out of range (got " + text + ")");
        return false;
      }
      if (std::string why = check_value(f, v); !why.empty()) {
        error_at(diags, src, mark, std::move(why));
        return false;
      }
      f.set(cfg, static_cast<uint32_t>(v));
      return true;
    }
  }
  return false;
}

bool apply_machine_config(const YAML::Node& root, MachineConfig& cfg, Diagnostics& diags,
                          const YamlSource& src) {
  const int before = diags.error_count();
  Marks marks(schema().size(), YAML::Mark::null_mark());
  if (!root.IsNull()) walk(root, "", cfg, diags, src, marks);
  cross_check(cfg, diags, src, [&](const std::string& path) {
    const FieldSpec* f = find_field(path);
    return f ? marks[field_index(*f)] : YAML::Mark::null_mark();
  });
  return diags.error_count() == before;
}

bool validate_machine_config(const MachineConfig& cfg, Diagnostics& diags) {
  const int before = diags.error_count();
  const YamlSource none;
  for (const FieldSpec& f : schema())
    if (std::string why = check_value(f, f.get(cfg)); !why.empty()) diags.error({}, 0, 0, std::move(why));
  cross_check(cfg, diags, none, [](const std::string&) { return YAML::Mark::null_mark(); });
  return diags.error_count() == before;
}

MachineConfig parse_machine_config(std::string_view text, std::string_view file, Diagnostics& diags) {
  MachineConfig cfg;
  const YamlSource src{std::string(file), text};
  try {
    const YAML::Node root = YAML::Load(std::string(text));
    apply_machine_config(root, cfg, diags, src);
  } catch (const YAML::Exception& e) {  // ParserException and friends: the text is not YAML
    error_at(diags, src, e.mark, "invalid YAML: " + e.msg);
  }
  return cfg;
}

MachineConfig load_machine_config(const std::filesystem::path& path, Diagnostics& diags) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.error(path.string(), 0, 0, "cannot open machine config");
    return MachineConfig{};
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  return parse_machine_config(text, path.string(), diags);
}

std::string to_yaml(const MachineConfig& cfg) {
  std::string out;
  std::vector<std::string_view> open;  // the sections of the previous field
  for (const FieldSpec& f : schema()) {
    std::vector<std::string_view> parts;
    for (std::string_view p = f.path;;) {
      const size_t dot = p.find('.');
      parts.push_back(p.substr(0, dot));
      if (dot == std::string_view::npos) break;
      p.remove_prefix(dot + 1);
    }
    const size_t depth = parts.size() - 1;
    size_t common = 0;
    while (common < depth && common < open.size() && open[common] == parts[common]) ++common;
    for (size_t i = common; i < depth; ++i) out += std::string(2 * i, ' ') + std::string(parts[i]) + ":\n";
    open.assign(parts.begin(), parts.end() - 1);
    out += std::string(2 * depth, ' ') + std::string(parts.back()) + ": " + f.value_text(cfg) + "\n";
  }
  return out;
}

std::string config_fields_markdown() {
  const MachineConfig defaults;
  std::string out = "| Field | Type | Default | Allowed values | Description |\n|---|---|---|---|---|\n";
  for (const FieldSpec& f : schema()) {
    std::string type, allowed;
    switch (f.type) {
      case FieldType::Bool:
        type = "boolean";
        allowed = "`true`, `false`";
        break;
      case FieldType::Enum:
        type = "enum";
        for (size_t i = 0; i < f.values.size(); ++i)
          allowed += (i ? ", `" : "`") + std::string(f.values[i]) + "`";
        break;
      case FieldType::Int: {
        type = "integer";
        allowed = f.max == 0xffffffffu ? std::to_string(f.min) + " to 2^32-1"
                                       : std::to_string(f.min) + " to " + std::to_string(f.max);
        if (f.power_of_two) allowed += ", power of two";
        if (f.multiple_of != 1) allowed += ", multiple of " + std::to_string(f.multiple_of);
        if (!f.cross_check.empty()) allowed += ", " + std::string(f.cross_check);
        break;
      }
    }
    out += "| `" + std::string(f.path) + "` | " + type + " | `" + f.value_text(defaults) + "` | " + allowed +
           " | " + std::string(f.doc) + " |\n";
  }
  return out;
}

std::string_view source_line(std::string_view text, int line0) {
  size_t pos = 0;
  for (int i = 0; i < line0; ++i) {
    pos = text.find('\n', pos);
    if (pos == std::string_view::npos) return {};
    ++pos;
  }
  size_t end = text.find('\n', pos);
  std::string_view l = text.substr(pos, end == std::string_view::npos ? text.size() - pos : end - pos);
  if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
  return l;
}

bool replace_generated_section(std::string& doc, std::string_view begin, std::string_view end,
                               const std::string& table) {
  const size_t b = doc.find(begin), e = doc.find(end);
  if (b == std::string::npos || e == std::string::npos || e < b) return false;
  const size_t start = b + begin.size();
  doc.replace(start, e - start, "\n" + table);
  return true;
}

int doc_table_main(int argc, char** argv, const char* tool, const std::string& table, std::string_view begin,
                   std::string_view end) {
  if (argc == 1) {
    std::cout << table;
    return 0;
  }
  if (argc != 3 || std::string(argv[1]) != "--update") {
    std::cerr << "usage: " << tool << " [--update FILE]\n";
    return 2;
  }
  std::ifstream in(argv[2]);
  if (!in) {
    std::cerr << argv[2] << ": cannot open\n";
    return 1;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  std::string doc = ss.str();
  if (!replace_generated_section(doc, begin, end, table)) {
    std::cerr << argv[2] << ": GENERATED markers not found\n";
    return 1;
  }
  std::ofstream(argv[2]) << doc;
  return 0;
}

isa::MemoryConfig memory_map(const MachineConfig& cfg) {
  isa::MemoryConfig m;
  m.code_size = cfg.memory.code_size;
  m.sram_size = cfg.memory.sram_size;
  m.ext_size = cfg.memory.ext_size;
  return m;
}

std::string describe_node(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a sequence";
    case YAML::NodeType::Scalar:
      return "'" + n.Scalar() + "'";
    default:
      return "nothing";
  }
}

}  // namespace m3::sim
