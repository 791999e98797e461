// The machine configuration (machine.yaml): pipeline options, caches and memory timing.
//
// One source of truth: machine_config_schema() lists every field (YAML path, type, allowed
// values, range, description) with accessors into MachineConfig. It drives parsing, validation,
// the canonical dump (to_yaml) and the field table of docs/config.md. Defaults are the member
// initializers below; the schema reads them from a default-constructed MachineConfig.
//
// A user's mistakes become m3::Diagnostics with file, line and column; nothing here throws or exits.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "m3lab/isa/diag.hpp"
#include "m3lab/isa/memory.hpp"
#include "m3lab/sim/cache.hpp"

namespace YAML {
class Node;
}

namespace m3::sim {

enum class BranchResolution : uint8_t { EX, ID };
enum class BranchPredictor : uint8_t { StaticNotTaken, BTFN, OneBit, TwoBit };

struct CoreLatency {
  uint32_t mul = 1;      // Cortex-M3 TRM: MUL is single-cycle
  uint32_t div_min = 2;  // Cortex-M3 TRM: SDIV/UDIV take 2..12 cycles, early-terminating
  uint32_t div_max = 12;
  bool operator==(const CoreLatency&) const = default;
};

struct CoreConfig {
  bool forwarding = true;
  BranchResolution branch_resolution = BranchResolution::EX;
  BranchPredictor branch_predictor = BranchPredictor::StaticNotTaken;
  uint32_t bht_entries = 64;
  uint32_t btb_entries = 16;
  bool unified_memory = false;
  CoreLatency latency;
  bool operator==(const CoreConfig&) const = default;
};

struct MemoryParams {
  uint32_t latency = 10;
  uint32_t beat_bytes = 4;
  uint32_t beat_cycles = 1;
  uint32_t code_size = 256 * 1024;  // the same defaults as isa::MemoryConfig
  uint32_t sram_size = 64 * 1024;
  uint32_t ext_size = 4 * 1024 * 1024;
  MemoryTiming timing() const { return {latency, beat_bytes, beat_cycles}; }
  bool operator==(const MemoryParams&) const = default;
};

struct MachineConfig {
  CoreConfig core;
  CacheConfig icache;  // `write` and `allocate` are not configurable: the core never stores to it
  CacheConfig dcache;
  MemoryParams memory;
  bool operator==(const MachineConfig&) const = default;
};

// ---- The schema ----

enum class FieldType : uint8_t { Bool, Int, Enum };

struct FieldSpec {
  std::string_view path;  // "core.latency.mul"
  FieldType type = FieldType::Int;
  std::span<const std::string_view> values;  // Enum: the YAML names, indexed by the enum's value
  uint32_t min = 0;
  uint32_t max = 0xffffffffu;
  bool power_of_two = false;
  uint32_t multiple_of = 1;
  std::string_view cross_check;  // constraints involving other fields (prose, for the docs)
  std::string_view doc;
  // The field as a number (Bool: 0/1, Enum: index into `values`).
  uint32_t (*get)(const MachineConfig&) = nullptr;
  void (*set)(MachineConfig&, uint32_t) = nullptr;

  std::string_view name() const { return path.substr(path.rfind('.') + 1); }
  std::string value_text(const MachineConfig& c) const;  // as it would be written in YAML
};

std::span<const FieldSpec> machine_config_schema();
const FieldSpec* find_field(std::string_view path);

// Where diagnostics point: the file name and its text (for the caret line).
struct YamlSource {
  std::string file;
  std::string_view text;
};

// Converts one YAML value for `field` and stores it into `cfg`: type, enum and range checks. Errors
// go to `diags` at the value's position; on error `cfg` is unchanged. Returns true on success.
// The batch runner uses this for each element of a sweep list.
bool apply_field(const FieldSpec& field, const YAML::Node& value, MachineConfig& cfg, Diagnostics& diags,
                 const YamlSource& src);

// Applies a machine-config mapping on top of `cfg` (only keys present change), then checks the
// constraints between fields. Unknown keys get a did-you-mean. Returns true if no error was added.
bool apply_machine_config(const YAML::Node& root, MachineConfig& cfg, Diagnostics& diags,
                          const YamlSource& src);

// The constraints between fields (ways <= size/line, div_min <= div_max, ...) for a config built
// in code; errors have no position.
bool validate_machine_config(const MachineConfig& cfg, Diagnostics& diags);

// Parse on top of the defaults. On error the result is the defaults plus whatever was valid.
MachineConfig parse_machine_config(std::string_view text, std::string_view file, Diagnostics& diags);
MachineConfig load_machine_config(const std::filesystem::path& path, Diagnostics& diags);

// The effective config, every field, in schema order: a canonical machine.yaml for reports.
std::string to_yaml(const MachineConfig& cfg);

// The Markdown field table of docs/config.md (between the GENERATED markers).
std::string config_fields_markdown();
inline constexpr std::string_view kDocBeginMarker = "<!-- BEGIN GENERATED: config fields -->";
inline constexpr std::string_view kDocEndMarker = "<!-- END GENERATED: config fields -->";

// Replaces the text between the markers `begin` and `end` of a generated document section with
// "\n" + table. False if the markers are missing or out of order.
bool replace_generated_section(std::string& doc, std::string_view begin, std::string_view end,
                               const std::string& table);

// main() of the doc-table generators (m3lab-config-doc, m3lab-batch-doc): with no argument,
// prints `table`; with `--update FILE`, rewrites FILE's section between the markers.
int doc_table_main(int argc, char** argv, const char* tool, const std::string& table, std::string_view begin,
                   std::string_view end);

// How a YAML value reads in an error message: "a mapping", "a sequence", "'text'" or "nothing".
std::string describe_node(const YAML::Node& n);

// Line `line0` (0-based) of `text`, without its newline (for diagnostics that quote the line).
std::string_view source_line(std::string_view text, int line0);

// The memory map (code, SRAM, external RAM sizes) of a machine config, for the ISS and assembler.
isa::MemoryConfig memory_map(const MachineConfig& cfg);

// Edit distance (insert, delete, substitute), for did-you-mean suggestions.
size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace m3::sim
