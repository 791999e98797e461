// The machine config: defaults, a full file, the canonical dump, every error class with its exact
// message and position, and docs/config.md's generated table.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "m3lab/sim/config.hpp"

using namespace m3::sim;

namespace {

struct Parsed {
  MachineConfig cfg;
  m3::Diagnostics diags;
};

Parsed parse(std::string_view text) {
  Parsed p;
  p.cfg = parse_machine_config(text, "machine.yaml", p.diags);
  return p;
}

// The first line of the single diagnostic, e.g. "machine.yaml:3:3: error: ...".
std::string only_error(std::string_view text) {
  Parsed p = parse(text);
  if (p.diags.list().size() != 1) return "expected one diagnostic, got:\n" + p.diags.str();
  std::string s = m3::format_diag(p.diags.list()[0]);
  return s.substr(0, s.find('\n'));
}

const char* kFullFile = R"(# A full machine description: every field set, none at its default.
core:
  forwarding: false             # false: stall until writeback
  branch_resolution: id         # ex | id
  branch_predictor: 2bit        # static-nt | btfn | 1bit | 2bit
  bht_entries: 128
  btb_entries: 32
  unified_memory: true          # true: one memory port shared by IF and MEM
  latency: {mul: 3, div_min: 4, div_max: 20}
icache: {enabled: false, size: 2048, line: 32, ways: 4, policy: plru, seed: 9, hit_latency: 2}
dcache: {enabled: false, size: 4096, line: 8, ways: 8, policy: random, seed: 0x1234, write: through, allocate: false, hit_latency: 3}
memory: {latency: 20, beat_bytes: 8, beat_cycles: 2, code_size: 131072, sram_size: 32768, ext_size: 1048576}
)";

}  // namespace

TEST(MachineConfig, DefaultsAreDocumentedValues) {
  Parsed p = parse("");
  EXPECT_FALSE(p.diags.has_errors()) << p.diags.str();
  EXPECT_EQ(p.cfg, MachineConfig{});
  const MachineConfig& c = p.cfg;
  EXPECT_TRUE(c.core.forwarding);
  EXPECT_EQ(c.core.branch_resolution, BranchResolution::EX);
  EXPECT_EQ(c.core.branch_predictor, BranchPredictor::StaticNotTaken);
  EXPECT_EQ(c.core.bht_entries, 64u);
  EXPECT_EQ(c.core.btb_entries, 16u);
  EXPECT_FALSE(c.core.unified_memory);
  EXPECT_EQ(c.core.latency, (CoreLatency{1, 2, 12}));
  for (const CacheConfig* cc : {&c.icache, &c.dcache}) {
    EXPECT_TRUE(cc->enabled);
    EXPECT_EQ(cc->size, 1024u);
    EXPECT_EQ(cc->line, 16u);
    EXPECT_EQ(cc->ways, 2u);
    EXPECT_EQ(cc->policy, ReplacementPolicy::LRU);
    EXPECT_EQ(cc->hit_latency, 1u);
  }
  EXPECT_EQ(c.dcache.write, WritePolicy::WriteBack);
  EXPECT_TRUE(c.dcache.allocate);
  EXPECT_EQ(c.memory, (MemoryParams{10, 4, 1, 262144, 65536, 4194304}));
  // A comment-only file and empty sections are the defaults too.
  EXPECT_EQ(parse("# nothing\ncore:\nicache: {}\n").cfg, MachineConfig{});
  m3::Diagnostics d;
  EXPECT_TRUE(validate_machine_config(MachineConfig{}, d)) << d.str();
}

TEST(MachineConfig, FullValidFile) {
  Parsed p = parse(kFullFile);
  ASSERT_FALSE(p.diags.has_errors()) << p.diags.str();
  const MachineConfig& c = p.cfg;
  EXPECT_FALSE(c.core.forwarding);
  EXPECT_EQ(c.core.branch_resolution, BranchResolution::ID);
  EXPECT_EQ(c.core.branch_predictor, BranchPredictor::TwoBit);
  EXPECT_EQ(c.core.bht_entries, 128u);
  EXPECT_EQ(c.core.btb_entries, 32u);
  EXPECT_TRUE(c.core.unified_memory);
  EXPECT_EQ(c.core.latency, (CoreLatency{3, 4, 20}));
  EXPECT_FALSE(c.icache.enabled);
  EXPECT_EQ(c.icache.size, 2048u);
  EXPECT_EQ(c.icache.line, 32u);
  EXPECT_EQ(c.icache.ways, 4u);
  EXPECT_EQ(c.icache.policy, ReplacementPolicy::PLRU);
  EXPECT_EQ(c.icache.seed, 9u);
  EXPECT_EQ(c.icache.hit_latency, 2u);
  EXPECT_EQ(c.dcache.size, 4096u);
  EXPECT_EQ(c.dcache.line, 8u);
  EXPECT_EQ(c.dcache.ways, 8u);
  EXPECT_EQ(c.dcache.policy, ReplacementPolicy::Random);
  EXPECT_EQ(c.dcache.seed, 0x1234u);
  EXPECT_EQ(c.dcache.write, WritePolicy::WriteThrough);
  EXPECT_FALSE(c.dcache.allocate);
  EXPECT_EQ(c.dcache.hit_latency, 3u);
  EXPECT_EQ(c.memory, (MemoryParams{20, 8, 2, 131072, 32768, 1048576}));
  EXPECT_EQ(c.memory.timing(), (MemoryTiming{20, 8, 2}));
  // Every field was set away from its default: the file covers the whole schema.
  for (const FieldSpec& f : machine_config_schema()) EXPECT_NE(f.get(c), f.get(MachineConfig{})) << f.path;
  // The caches it describes can be built.
  EXPECT_EQ(Cache::validate(c.dcache, c.memory.timing()), nullptr);
  EXPECT_EQ(Cache(c.dcache, c.memory.timing()).sets(), 64u);
}

TEST(MachineConfig, CanonicalDumpRoundTrips) {
  const MachineConfig full = parse(kFullFile).cfg;
  const std::string y = to_yaml(full);
  Parsed back = parse(y);
  EXPECT_FALSE(back.diags.has_errors()) << back.diags.str() << y;
  EXPECT_EQ(back.cfg, full);
  const std::string d = to_yaml(MachineConfig{});
  EXPECT_EQ(d.substr(0, d.find("  bht_entries")),
            "core:\n  forwarding: true\n  branch_resolution: ex\n  branch_predictor: static-nt\n");
  EXPECT_NE(d.find("  latency:\n    mul: 1\n    div_min: 2\n    div_max: 12\nicache:\n  enabled: true\n"),
            std::string::npos)
      << d;
  EXPECT_NE(d.find("\nmemory:\n  latency: 10\n"), std::string::npos) << d;
}

TEST(MachineConfig, OnlyKeysPresentChange) {
  MachineConfig cfg;
  cfg.core.bht_entries = 256;
  m3::Diagnostics d;
  ASSERT_TRUE(apply_machine_config(YAML::Load("dcache: {ways: 4}"), cfg, d, {"sweep.yaml", {}})) << d.str();
  EXPECT_EQ(cfg.dcache.ways, 4u);
  EXPECT_EQ(cfg.core.bht_entries, 256u);
}

TEST(MachineConfig, DottedPathsAreKeys) {
  Parsed p = parse("dcache.ways: 4\ncore:\n  latency.mul: 3\ncore.latency: {div_max: 30}\n");
  ASSERT_FALSE(p.diags.has_errors()) << p.diags.str();
  EXPECT_EQ(p.cfg.dcache.ways, 4u);
  EXPECT_EQ(p.cfg.core.latency, (CoreLatency{3, 2, 30}));
}

// The batch runner applies one field at a time, e.g. each element of a sweep list.
TEST(MachineConfig, ApplyFieldPerSweepElement) {
  const std::string text = "dcache.ways: [1, 2, 3]\n";
  const YAML::Node list = YAML::Load(text)["dcache.ways"];
  const FieldSpec* f = find_field("dcache.ways");
  ASSERT_NE(f, nullptr);
  std::vector<uint32_t> ok;
  m3::Diagnostics d;
  for (const auto& v : list) {
    MachineConfig cfg;
    if (apply_field(*f, v, cfg, d, {"batch.yaml", text})) ok.push_back(cfg.dcache.ways);
  }
  EXPECT_EQ(ok, (std::vector<uint32_t>{1, 2}));
  ASSERT_EQ(d.list().size(), 1u);
  EXPECT_EQ(m3::format_diag(d.list()[0]),
            "batch.yaml:1:21: error: 'dcache.ways' must be a power of two (got 3)\n"
            "     1 | dcache.ways: [1, 2, 3]\n"
            "       |                     ^\n");
  EXPECT_EQ(find_field("dcache.nope"), nullptr);
  EXPECT_EQ(find_field("icache.write"), nullptr);  // the instruction cache is never written
}

TEST(MachineConfigErrors, UnknownKeyWithSuggestion) {
  EXPECT_EQ(only_error("core:\n  forwarding: true\n  forwardng: false\n"),
            "machine.yaml:3:3: error: unknown key 'forwardng' in 'core'; did you mean 'forwarding'?");
  EXPECT_EQ(only_error("dcahce: {size: 64}\n"),
            "machine.yaml:1:1: error: unknown key 'dcahce'; did you mean 'dcache'?");
  EXPECT_EQ(only_error("core:\n  latency: {mull: 2}\n"),
            "machine.yaml:2:13: error: unknown key 'mull' in 'core.latency'; did you mean 'mul'?");
  EXPECT_EQ(only_error("icache: {polcy: fifo}"),
            "machine.yaml:1:10: error: unknown key 'polcy' in 'icache'; did you mean 'policy'?");
  // Too far from anything: no suggestion.
  EXPECT_EQ(only_error("core:\n  pipeline_depth: 7\n"),
            "machine.yaml:2:3: error: unknown key 'pipeline_depth' in 'core'");
  // `write` exists for the data cache only.
  EXPECT_EQ(only_error("icache:\n  write: through\n"),
            "machine.yaml:2:3: error: unknown key 'write' in 'icache'");
}

TEST(MachineConfigErrors, WrongType) {
  EXPECT_EQ(
      only_error("core:\n  forwarding: maybe\n"),
      "machine.yaml:2:15: error: expected a boolean (true or false) for 'core.forwarding', got 'maybe'");
  // YAML 1.1 spellings are not booleans here.
  EXPECT_EQ(only_error("dcache: {allocate: yes}"),
            "machine.yaml:1:20: error: expected a boolean (true or false) for 'dcache.allocate', got 'yes'");
  EXPECT_EQ(only_error("memory: {latency: fast}"),
            "machine.yaml:1:19: error: expected an integer for 'memory.latency', got 'fast'");
  EXPECT_EQ(only_error("memory:\n  latency: 1.5\n"),
            "machine.yaml:2:12: error: expected an integer for 'memory.latency', got '1.5'");
  EXPECT_EQ(only_error("icache:\n  size: [1024, 2048]\n"),
            "machine.yaml:2:9: error: expected an integer for 'icache.size', got a sequence");
  EXPECT_EQ(only_error("core: 5\n"), "machine.yaml:1:7: error: expected a mapping for 'core', got '5'");
  EXPECT_EQ(
      only_error("- core\n"),
      "machine.yaml:1:1: error: expected a mapping at the top level of the machine config, got a sequence");
  EXPECT_EQ(only_error("core:\n  forwarding:\n"),
            "machine.yaml:2:3: error: missing value for 'core.forwarding'");
  EXPECT_EQ(only_error("core:\n  bht_entries: 64\n  bht_entries: 32\n"),
            "machine.yaml:3:3: error: duplicate key 'core.bht_entries'");
}

TEST(MachineConfigErrors, InvalidValues) {
  EXPECT_EQ(only_error("icache:\n  size: 1000\n"),
            "machine.yaml:2:9: error: 'icache.size' must be a power of two (got 1000)");
  EXPECT_EQ(only_error("dcache: {size: 64, line: 16, ways: 8}"),
            "machine.yaml:1:36: error: 'dcache.ways' (8) exceeds the number of lines (size/line = 4)");
  EXPECT_EQ(only_error("dcache: {line: 2}"),
            "machine.yaml:1:16: error: 'dcache.line' must be at least 4 (got 2)");
  EXPECT_EQ(only_error("dcache: {line: 24}"),
            "machine.yaml:1:16: error: 'dcache.line' must be a power of two (got 24)");
  EXPECT_EQ(only_error("icache: {size: 16, line: 32, ways: 1}"),
            "machine.yaml:1:26: error: 'icache.line' (32) is larger than 'icache.size' (16)");
  EXPECT_EQ(
      only_error("icache:\n  policy: lfu\n"),
      "machine.yaml:2:11: error: unknown value 'lfu' for 'icache.policy'; expected one of: lru, fifo, plru, "
      "random");
  EXPECT_EQ(only_error("core: {branch_predictor: gshare}"),
            "machine.yaml:1:26: error: unknown value 'gshare' for 'core.branch_predictor'; expected one of: "
            "static-nt, btfn, 1bit, 2bit");
  EXPECT_EQ(only_error("core: {bht_entries: 48}"),
            "machine.yaml:1:21: error: 'core.bht_entries' must be a power of two (got 48)");
  EXPECT_EQ(
      only_error("core:\n  latency: {div_min: 13}\n"),
      "machine.yaml:2:22: error: 'core.latency.div_min' (13) is greater than 'core.latency.div_max' (12)");
  EXPECT_EQ(only_error("memory:\n  latency: -5\n"),
            "machine.yaml:2:12: error: 'memory.latency' must not be negative (got -5)");
  EXPECT_EQ(only_error("memory: {sram_size: 4294967296}"),
            "machine.yaml:1:21: error: 'memory.sram_size' is out of range (got 4294967296)");
  EXPECT_EQ(only_error("memory: {ext_size: 1001}"),
            "machine.yaml:1:20: error: 'memory.ext_size' must be a multiple of 4 (got 1001)");
  EXPECT_EQ(only_error("icache: {hit_latency: 0}"),
            "machine.yaml:1:23: error: 'icache.hit_latency' must be at least 1 (got 0)");
  // A cross-field error between two defaults has no position of its own; it still names the file.
  EXPECT_EQ(only_error("core:\n  latency: {div_max: 1}\n"),
            "machine.yaml: error: 'core.latency.div_min' (2) is greater than 'core.latency.div_max' (1)");
}

TEST(MachineConfigErrors, YamlSyntaxError) {
  EXPECT_EQ(only_error("core: {forwarding: true\n"),
            "machine.yaml:2:1: error: invalid YAML: end of map flow not found");
  EXPECT_EQ(only_error("core:\n  forwarding: true\n bad: 1\n"),
            "machine.yaml:3:2: error: invalid YAML: end of map not found");
}

TEST(MachineConfigErrors, AllErrorsAreCollectedWithCarets) {
  Parsed p = parse("core:\n  forwardng: true\n  bht_entries: 3\nicache: {policy: mru}\n");
  ASSERT_EQ(p.diags.error_count(), 3);
  EXPECT_EQ(p.diags.str(),
            "machine.yaml:2:3: error: unknown key 'forwardng' in 'core'; did you mean 'forwarding'?\n"
            "     2 |   forwardng: true\n"
            "       |   ^\n"
            "machine.yaml:3:16: error: 'core.bht_entries' must be a power of two (got 3)\n"
            "     3 |   bht_entries: 3\n"
            "       |                ^\n"
            "machine.yaml:4:18: error: unknown value 'mru' for 'icache.policy'; expected one of: lru, fifo, "
            "plru, random\n"
            "     4 | icache: {policy: mru}\n"
            "       |                  ^\n");
  // Bad fields keep their defaults.
  EXPECT_EQ(p.cfg.core.bht_entries, 64u);
  EXPECT_EQ(p.cfg.icache.policy, ReplacementPolicy::LRU);
}

TEST(MachineConfigErrors, ValidateConfigBuiltInCode) {
  MachineConfig c;
  c.dcache.size = 1000;
  c.icache.ways = 128;
  m3::Diagnostics d;
  EXPECT_FALSE(validate_machine_config(c, d));
  EXPECT_EQ(d.str(),
            "error: 'dcache.size' must be a power of two (got 1000)\n"
            "error: 'icache.ways' (128) exceeds the number of lines (size/line = 64)\n");
}

TEST(MachineConfig, LoadFromFile) {
  const std::filesystem::path dir = std::filesystem::path(testing::TempDir()) / "m3lab_sim_core_test";
  std::filesystem::create_directories(dir);
  const std::filesystem::path file = dir / "machine.yaml";
  std::ofstream(file) << "memory:\n  latency: 3\n  beat_cycles: zero\n";
  m3::Diagnostics d;
  MachineConfig c = load_machine_config(file, d);
  EXPECT_EQ(c.memory.latency, 3u);
  ASSERT_EQ(d.error_count(), 1);
  EXPECT_EQ(d.list()[0].file, file.string());
  EXPECT_EQ(d.list()[0].line, 3);
  EXPECT_EQ(d.list()[0].column, 16);
  m3::Diagnostics missing;
  load_machine_config(dir / "nope.yaml", missing);
  ASSERT_EQ(missing.error_count(), 1);
  EXPECT_EQ(missing.list()[0].message, "cannot open machine config");
}

TEST(MachineConfig, EditDistance) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("forwardng", "forwarding"), 1u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
}

// docs/config.md's field table is generated from the schema; regenerate it with
// `build/sim/m3lab-config-doc --update docs/config.md`.
TEST(MachineConfig, DocsTableMatchesSchema) {
  std::ifstream in(std::string(M3LAB_SOURCE_DIR) + "/docs/config.md");
  ASSERT_TRUE(in) << "docs/config.md not found";
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string doc = ss.str();
  const size_t b = doc.find(kDocBeginMarker), e = doc.find(kDocEndMarker);
  ASSERT_NE(b, std::string::npos);
  ASSERT_NE(e, std::string::npos);
  const size_t start = b + kDocBeginMarker.size();
  EXPECT_EQ(doc.substr(start, e - start), "\n" + config_fields_markdown())
      << "docs/config.md is stale: run build/sim/m3lab-config-doc --update docs/config.md";
  // Every field appears in the table.
  for (const FieldSpec& f : machine_config_schema())
    EXPECT_NE(doc.find("| `" + std::string(f.path) + "` |"), std::string::npos) << f.path;
}
