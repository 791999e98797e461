// The harness's errors are clear diagnostics before anything runs (wrong signature, missing or
// unknown parameters, images too large for memory, compile errors), and `m3lab run --image`
// reports outcomes with the documented exit statuses and statistics (docs/kernels.md).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "m3lab/sim/harness.hpp"
#include "m3lab/sim/image.hpp"

namespace fs = std::filesystem;
using m3::Diagnostics;

namespace {

fs::path work_dir() {
  fs::path d = fs::path(M3LAB_HARNESS_WORK) / "errors";
  fs::create_directories(d);
  return d;
}

const char* kHeader = "#include <stdint.h>\n";

// prepare_kernel on a source text; returns the diagnostics' text ("" if it succeeded).
std::string prepare_errors(const std::string& body, std::vector<std::pair<std::string, int32_t>> params = {},
                           uint32_t w = 8, uint32_t h = 8, const std::string& name = "kernel") {
  m3::sim::KernelJob job;
  job.source_path = "k.c";
  job.source = kHeader + body;
  job.kernel = name;
  Diagnostics d;
  job.image = *m3::sim::make_pattern("ramp", w, h, d);
  job.image_name = "img";
  job.params = std::move(params);
  auto p = m3::sim::prepare_kernel(job, d);
  EXPECT_EQ(static_cast<bool>(p), !d.has_errors()) << d.str();
  return p ? std::string() : d.str();
}

void expect_error(const std::string& got, const std::string& what) {
  EXPECT_NE(got.find(what), std::string::npos) << "expected \"" << what << "\" in:\n" << got;
}

const std::string kOk =
    "void kernel(const uint8_t *in, uint8_t *out, int width, int height) { out[0] = in[0]; }\n";

int shell(const std::string& cmd) {
  int st = std::system(cmd.c_str());
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

std::string read_text(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void write_text(const fs::path& p, const std::string& s) { std::ofstream(p, std::ios::binary) << s; }

nlohmann::json read_json(const fs::path& p) { return nlohmann::json::parse(read_text(p)); }

std::string bin() { return M3LAB_BIN; }

}  // namespace

TEST(HarnessErrors, WrongSignatures) {
  EXPECT_EQ(prepare_errors(kOk), "");
  expect_error(prepare_errors("int kernel(const uint8_t *in, uint8_t *out, int w, int h) { return 0; }\n"),
               "k.c:2: error: kernel 'kernel': returns 'int', not void");
  expect_error(prepare_errors("void kernel(const uint8_t *in, uint8_t *out, int w) {}\n"),
               "takes 3 parameters");
  expect_error(prepare_errors("void kernel(int in, uint8_t *out, int w, int h) {}\n"), "must be pointers");
  expect_error(prepare_errors("void kernel(const uint8_t *in, uint8_t *out, uint8_t *w, int h) {}\n"),
               "(width or height) must be an int");
  expect_error(prepare_errors(
                   "void kernel(const uint8_t *in, uint8_t *out, int w, int h, uint8_t *a, uint8_t *b) {}\n"),
               "more than one scratch pointer");
  expect_error(
      prepare_errors(
          "typedef int level_t;\nvoid kernel(const uint8_t *in, uint8_t *out, int w, int h, level_t l) {}\n"),
      "has type 'level_t', not an integer type");
  expect_error(prepare_errors("void kernel(const uint8_t *in, uint8_t *out, int w, int h);\n"),
               "no definition of the kernel function 'kernel' (only a declaration)");
  expect_error(prepare_errors(kOk, {}, 8, 8, "blur"), "no definition of the kernel function 'blur'");
  // Comments and strings mentioning the kernel do not confuse the search.
  EXPECT_EQ(prepare_errors(
                "/* int kernel(void) { } */\n// void kernel(int x) {\nconst char *s = \"kernel(\";\n" + kOk),
            "");
  // A compile error is reported by the compiler, with line and column.
  expect_error(
      prepare_errors(
          "void kernel(const uint8_t *in, uint8_t *out, int width, int height) { out[0] = nope; }\n"),
      "k.c:2:");
}

TEST(HarnessErrors, MissingUnknownAndDuplicateParameters) {
  const std::string k =
      "void kernel(const uint8_t *in, uint8_t *out, int w, int h, int level, int gain) { out[0] = level + "
      "gain; }\n";
  expect_error(prepare_errors(k, {{"level", 1}}),
               "missing parameter 'gain' of kernel 'kernel': give it with --param gain=VALUE");
  expect_error(prepare_errors(k, {{"level", 1}, {"gain", 2}, {"bias", 3}}),
               "unknown parameter 'bias' for kernel 'kernel' (it takes: level, gain)");
  expect_error(prepare_errors(k, {{"level", 1}, {"level", 1}, {"gain", 2}}), "parameter 'level' given twice");
  expect_error(prepare_errors(kOk, {{"level", 1}}), "(it takes none)");
  EXPECT_EQ(prepare_errors(k, {{"gain", 2}, {"level", 1}}), "");
}

TEST(HarnessErrors, ImagesTooLargeForMemory) {
  // 4 MiB of external RAM by default: 2048x1024 in and out fit exactly, 2048x1025 does not.
  EXPECT_EQ(prepare_errors(kOk, {}, 2048, 1024), "");
  expect_error(prepare_errors(kOk, {}, 2048, 1025), "image 2048x1025 is too large for memory");
  // With a scratch pointer, 16 bytes a pixel more: 256x256 fits (1.1 MiB), 512x512 does not.
  const std::string s =
      "void kernel(const uint8_t *in, uint8_t *out, int w, int h, uint8_t *tmp) { out[0] = tmp[0]; }\n";
  EXPECT_EQ(prepare_errors(s, {}, 256, 256), "");
  expect_error(prepare_errors(s, {}, 512, 512), "the input, output and scratch buffers need");
}

TEST(HarnessLayout, BuffersInExternalRamAndArgumentsPerAapcs) {
  m3::sim::KernelJob job;
  job.source_path = "k.c";
  job.source =
      std::string(kHeader) +
      "void kernel(const uint8_t *in, uint8_t *out, int w, int h, int a, uint8_t *tmp, int b, int c) {\n"
      "  out[0] = (uint8_t)a; out[1] = (uint8_t)b; out[2] = (uint8_t)c; out[3] = in[w * h - 1];\n"
      "  out[4] = tmp[0]; tmp[0] = 9; out[5] = (uint8_t)w; out[6] = (uint8_t)h;\n}\n";
  Diagnostics d;
  job.image = *m3::sim::make_pattern("ramp", 10, 3, d);
  job.params = {{"c", -3}, {"a", 7}, {"b", 300}};
  auto p = m3::sim::prepare_kernel(job, d);
  ASSERT_TRUE(p) << d.str();
  EXPECT_EQ(p->layout.in_addr, 0x60000000u);
  EXPECT_EQ(p->layout.out_addr, 0x60000040u);
  EXPECT_EQ(p->layout.scratch_addr, 0x60000080u);
  EXPECT_EQ(p->layout.scratch_size, 30u * 16);
  EXPECT_EQ(p->layout.stack_top, 0x20010000u);
  EXPECT_EQ(p->args, (std::vector<uint32_t>{0x60000000, 0x60000040, 10, 3, 7, 0x60000080, 300, 0xfffffffdu}));
  // On the ISS (the kernel matrix runs the pipeline through the same call path).
  auto r = m3::sim::run_kernel(*p, job, nullptr, d);
  ASSERT_TRUE(r && r->returned()) << d.str();
  const auto& o = r->output.pixels;
  EXPECT_EQ(o[0], 7);
  EXPECT_EQ(o[1], 300 & 0xff);
  EXPECT_EQ(o[2], 0xfd);
  EXPECT_EQ(o[3], job.image.pixels.back());
  EXPECT_EQ(o[4], 0);  // scratch starts zeroed
  EXPECT_EQ(o[5], 10);
  EXPECT_EQ(o[6], 3);
}

// ---- the command line ----

TEST(HarnessCli, SummaryStatsAndNativeComparison) {
  const fs::path d = work_dir();
  const std::string env = "XDG_CACHE_HOME=" + (fs::path(M3LAB_HARNESS_WORK) / "cache").string() + " ";
  const std::string k = std::string(M3LAB_SOURCE_DIR) + "/workloads/kernels/threshold.c";
  const fs::path out = d / "th.png", js = d / "th.json", txt = d / "th.txt";
  ASSERT_EQ(shell(env + bin() + " run " + k +
                  " --image pattern:ramp:32x16 --param level=128 -O2 --engine pipeline --native"
                  " --clock-mhz 100 --out " +
                  out.string() + " --stats-json " + js.string() + " > " + txt.string()),
            0)
      << read_text(txt);
  const std::string summary = read_text(txt);
  for (const char* s :
       {"cycles", "CPI", "stalls", "I-cache", "D-cache", "at 100 MHz", "native: identical output"})
    EXPECT_NE(summary.find(s), std::string::npos) << s << " in\n" << summary;
  auto j = read_json(js);
  EXPECT_EQ(j["engine"], "pipeline");
  EXPECT_EQ(j["stop"], "exit");
  EXPECT_GT(j["cycles"].get<uint64_t>(), j["instructions"].get<uint64_t>());
  EXPECT_TRUE(j["stalls"].contains("load_use"));
  EXPECT_TRUE(j["dcache"].contains("misses"));
  EXPECT_EQ(j["kernel"]["name"], "kernel");
  EXPECT_EQ(j["kernel"]["width"], 32);
  EXPECT_EQ(j["kernel"]["height"], 16);
  EXPECT_EQ(j["kernel"]["opt"], 2);
  EXPECT_EQ(j["kernel"]["params"]["level"], 128);
  EXPECT_DOUBLE_EQ(j["sim_time_s"].get<double>(), j["cycles"].get<double>() / 100e6);
  EXPECT_EQ(j["native"]["identical"], true);
  EXPECT_TRUE(j["native"]["first_diff"].is_null());
  EXPECT_TRUE(j["native"]["psnr"].is_null());
  EXPECT_GT(j["native"]["time_ns_per_frame"].get<double>(), 0);
  EXPECT_GT(j["native"]["ratio"].get<double>(), 0);
  Diagnostics diags;
  auto img = m3::sim::read_image(out.string(), diags);
  ASSERT_TRUE(img) << diags.str();
  auto ramp = m3::sim::make_pattern("ramp", 32, 16, diags);
  for (size_t i = 0; i < img->image.pixels.size(); ++i)
    ASSERT_EQ(img->image.pixels[i], ramp->pixels[i] >= 128 ? 255 : 0) << i;
}

TEST(HarnessCli, MismatchAndMissingCompilerStatuses) {
  const fs::path d = work_dir();
  const std::string env = "XDG_CACHE_HOME=" + (fs::path(M3LAB_HARNESS_WORK) / "cache").string() + " ";
  // __m3lab__ is defined only by m3lab's compiler: the native build differs at pixel (3, 1).
  const fs::path k = d / "differs.c";
  write_text(k, std::string(kHeader) +
                    "void kernel(const uint8_t *in, uint8_t *out, int width, int height) {\n"
                    "  for (int i = 0; i < width * height; i++) out[i] = in[i];\n"
                    "#ifdef __m3lab__\n  out[1 * width + 3] = 200;\n#endif\n}\n");
  const fs::path js = d / "differs.json";
  EXPECT_EQ(shell(env + bin() + " run " + k.string() + " --image pattern:impulse:8x8 --native --stats-json " +
                  js.string() + " > /dev/null"),
            3);
  auto j = read_json(js);
  EXPECT_EQ(j["native"]["identical"], false);
  EXPECT_EQ(j["native"]["first_diff"]["x"], 3);
  EXPECT_EQ(j["native"]["first_diff"]["y"], 1);
  EXPECT_EQ(j["native"]["first_diff"]["sim"], 200);
  EXPECT_EQ(j["native"]["first_diff"]["native"], 0);
  // One pixel off by 200 in 64: MSE 625, PSNR 10 log10(255^2 / 625).
  EXPECT_NEAR(j["native"]["psnr"].get<double>(), 10 * std::log10(255.0 * 255.0 / 625.0), 1e-9);

  // No host compiler: said clearly, the simulated run still completes and writes its output.
  const fs::path out = d / "nocc.pgm", txt = d / "nocc.txt";
  EXPECT_EQ(shell("M3LAB_CC=/nonexistent/cc " + env + bin() + " run " + k.string() +
                  " --image pattern:impulse:8x8 --native --out " + out.string() + " --stats-json " +
                  js.string() + " > " + txt.string() + " 2>&1"),
            4);
  EXPECT_NE(read_text(txt).find("no host C compiler for --native: '/nonexistent/cc'"), std::string::npos)
      << read_text(txt);
  EXPECT_TRUE(fs::exists(out));
  EXPECT_EQ(read_json(js)["stop"], "exit");
}

TEST(HarnessCli, ANativeCrashIsReportedNotSuffered) {
  const fs::path d = work_dir();
  const std::string env = "XDG_CACHE_HOME=" + (fs::path(M3LAB_HARNESS_WORK) / "cache").string() + " ";
  const fs::path k = d / "crash.c", js = d / "crash.json", txt = d / "crash.txt";
  write_text(k, std::string(kHeader) +
                    "void kernel(const uint8_t *in, uint8_t *out, int width, int height) {\n"
                    "  out[0] = in[0];\n"
                    "#ifndef __m3lab__\n  *(volatile int *)(intptr_t)16 = 1;\n#endif\n}\n");
  EXPECT_EQ(shell(env + bin() + " run " + k.string() + " --image pattern:ramp:8x8 --native --stats-json " +
                  js.string() + " > " + txt.string() + " 2>&1"),
            4)
      << read_text(txt);
  EXPECT_NE(read_text(txt).find("the native kernel"), std::string::npos) << read_text(txt);
  auto j = read_json(js);
  EXPECT_EQ(j["stop"], "exit");
  EXPECT_TRUE(j["native"]["identical"].is_null());
}

TEST(HarnessCli, ErrorsBeforeTheRunAndFaults) {
  const fs::path d = work_dir();
  const std::string k = std::string(M3LAB_SOURCE_DIR) + "/workloads/kernels/box3x3.c";
  const fs::path js = d / "err.json", txt = d / "err.txt";
  // A truncated image: 126, a diagnostic, and stats saying so.
  const fs::path bad = d / "cut.pgm";
  write_text(bad, "P5 16 16 255\nabc");
  EXPECT_EQ(shell(bin() + " run " + k + " --image " + bad.string() + " --stats-json " + js.string() + " 2> " +
                  txt.string()),
            126);
  EXPECT_NE(read_text(txt).find("truncated PNM data"), std::string::npos) << read_text(txt);
  EXPECT_EQ(read_json(js)["stop"], "error");
  // A missing parameter.
  EXPECT_EQ(shell(bin() + " run " + std::string(M3LAB_SOURCE_DIR) +
                  "/workloads/kernels/threshold.c --image pattern:ramp:8x8 2> " + txt.string()),
            126);
  EXPECT_NE(read_text(txt).find("missing parameter 'level'"), std::string::npos);
  EXPECT_EQ(shell(bin() + " run " + k + " --image pattern:ramp:8x8 --param x=1x 2> /dev/null"), 126);
  // Only C sources are kernels.
  EXPECT_EQ(shell(bin() + " run " + std::string(M3LAB_SOURCE_DIR) +
                  "/workloads/asm/demo.s --image pattern:ramp:8x8 2> " + txt.string()),
            126);
  EXPECT_NE(read_text(txt).find("must be a C source file"), std::string::npos) << read_text(txt);
  // A kernel that writes to the code region faults: 125, stats "fault".
  const fs::path f = d / "fault.c";
  write_text(f, std::string(kHeader) +
                    "void kernel(const uint8_t *in, uint8_t *out, int width, int height) {\n"
                    "  uint8_t *p = (uint8_t *)0; p[0] = in[0];\n}\n");
  for (const char* engine : {"iss", "pipeline"}) {
    EXPECT_EQ(shell(bin() + " run " + f.string() + " --image pattern:ramp:8x8 --engine " + engine +
                    " --stats-json " + js.string() + " > /dev/null 2> " + txt.string()),
              125)
        << engine;
    EXPECT_EQ(read_json(js)["stop"], "fault") << engine;
  }
  // A run limit: 124.
  EXPECT_EQ(shell(bin() + " run " + k + " --image pattern:ramp:8x8 --max-steps 1000 > /dev/null 2>&1"), 124);
}

TEST(HarnessCli, WholeProgramsHonourOptimisationLevelsOnBothEngines) {
  const fs::path d = work_dir();
  const fs::path c = d / "prog.c";
  write_text(c,
             "#include <m3lab.h>\nint main(void) {\n  int s = 0;\n  for (int i = 0; i < 100; i++) s += i;\n"
             "  print_int(s);\n  return 3;\n}\n");
  for (const char* engine : {"iss", "pipeline"}) {
    uint64_t counts[3] = {};
    for (int opt = 0; opt <= 2; ++opt) {
      const fs::path js = d / "prog.json", txt = d / "prog.txt";
      EXPECT_EQ(shell(bin() + " run " + c.string() + " -O" + std::to_string(opt) + " --engine " + engine +
                      " --stats-json " + js.string() + " > " + txt.string()),
                3);
      EXPECT_EQ(read_text(txt), "4950");
      counts[opt] = read_json(js)["instructions"].get<uint64_t>();
    }
    EXPECT_LT(counts[1], counts[0]) << engine;
    EXPECT_LE(counts[2], counts[1]) << engine;
  }
}

TEST(HarnessCli, ColourImagesAreConvertedWithANoteOnStdout) {
  const fs::path d = work_dir();
  const fs::path ppm = d / "colour.ppm", txt = d / "colour.txt", out = d / "colour.pgm";
  write_text(ppm, "P3 2 1 255  255 0 0  0 0 255\n");
  EXPECT_EQ(
      shell(bin() + " run " + std::string(M3LAB_SOURCE_DIR) + "/workloads/kernels/threshold.c --image " +
            ppm.string() + " --param level=50 --out " + out.string() + " > " + txt.string()),
      0);
  EXPECT_EQ(read_text(txt).rfind("note: " + ppm.string() + ": converted RGB to grayscale", 0), 0u)
      << read_text(txt);
  // Red has luma 77, blue 29: one above the threshold, one below.
  EXPECT_EQ(read_text(out), std::string("P5\n2 1\n255\n\xff\x00", 13));
}

TEST(HarnessCli, KernelRunsAreTracedLikePrograms) {
  const fs::path d = work_dir();
  const fs::path kan = d / "k.kanata";
  fs::remove(kan);
  EXPECT_EQ(shell(bin() + " run " + std::string(M3LAB_SOURCE_DIR) +
                  "/workloads/kernels/threshold.c --image pattern:ramp:8x8 --param level=9 --engine pipeline"
                  " --check --trace-kanata " +
                  kan.string() + " > /dev/null"),
            0);
  const std::string t = read_text(kan);
  EXPECT_EQ(t.rfind("Kanata\t0004", 0), 0u) << t.substr(0, 40);
  EXPECT_NE(t.find("\nR\t"), std::string::npos);  // retirements
}
