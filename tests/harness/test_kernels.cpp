// The bundled kernels (workloads/kernels) through the harness: every kernel on every test
// pattern, at -O0, -O1 and -O2, on the ISS and on the pipeline, is bit-exact against the same
// source built by the host C compiler (the native fast path); the photographs at 64x64 once
// each; the pipeline also under lock-step against the ISS on one pattern. A few kernels are also
// checked against independent references written here in plain C++.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "m3lab/sim/harness.hpp"
#include "m3lab/sim/image.hpp"
#include "m3lab/sim/machine.hpp"
#include "m3lab/sim/native.hpp"

namespace fs = std::filesystem;
using m3::Diagnostics;
using m3::sim::Image;

namespace {

struct KernelCase {
  std::string file;
  std::vector<std::pair<std::string, int32_t>> params;
};

// Every file in workloads/kernels, with the parameters the matrix uses.
const std::vector<KernelCase>& kernel_cases() {
  static const std::vector<KernelCase> cases = {
      {"box3x3.c", {}},
      {"gauss5x5.c", {}},
      {"sobel.c", {}},
      {"gemm16.c", {}},
      {"sharpen.c", {}},
      {"laplacian.c", {}},
      {"emboss.c", {}},
      {"median3x3.c", {}},
      {"gauss_separable.c", {}},
      {"im2col_gemm.c", {}},
      {"tiled_conv.c", {{"tile", 8}}},
      {"threshold.c", {{"level", 100}}},
  };
  return cases;
}

fs::path kernels_dir() { return fs::path(M3LAB_SOURCE_DIR) / "workloads" / "kernels"; }

std::string read_text(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// SystemC allows one elaborated design per process: one Machine, reused (and never destroyed,
// so that nothing depends on the order of static destruction).
m3::sim::Machine& machine() {
  static m3::sim::Machine* m = new m3::sim::Machine;
  return *m;
}

// Native builds go to a cache inside the build tree, not the user's ~/.cache.
void use_test_cache() {
  static bool done = false;
  if (done) return;
  fs::path d = fs::path(M3LAB_HARNESS_WORK) / "cache";
  fs::create_directories(d);
  setenv("XDG_CACHE_HOME", d.string().c_str(), 1);
  done = true;
}

Image pattern(const std::string& name, uint32_t w, uint32_t h) {
  Diagnostics diags;
  auto im = m3::sim::make_pattern(name, w, h, diags);
  EXPECT_TRUE(im) << diags.str();
  return im ? *im : Image{};
}

Image photo(const std::string& name) {
  Diagnostics diags;
  auto im = m3::sim::read_image((fs::path(M3LAB_SOURCE_DIR) / "workloads" / "images" / name).string(), diags);
  EXPECT_TRUE(im) << diags.str();
  return im ? im->image : Image{};
}

m3::sim::KernelJob make_job(const KernelCase& kc, const Image& image, int opt, const std::string& engine) {
  m3::sim::KernelJob job;
  job.source_path = (kernels_dir() / kc.file).string();
  job.source = read_text(job.source_path);
  job.image = image;
  job.image_name = "test image";
  job.params = kc.params;
  job.opt_level = opt;
  job.engine = engine;
  job.max_steps = 100'000'000;
  job.max_cycles = 200'000'000;
  return job;
}

// Runs the kernel on the simulator; fails the test (and returns an empty image) if it does not
// return normally.
Image run_sim(const m3::sim::KernelJob& job, bool check = false) {
  m3::sim::KernelJob j = job;
  j.check = check;
  Diagnostics diags;
  auto prog = m3::sim::prepare_kernel(j, diags);
  EXPECT_TRUE(prog) << diags.str();
  if (!prog) return {};
  auto r = m3::sim::run_kernel(*prog, j, j.engine == "pipeline" ? &machine() : nullptr, diags);
  EXPECT_TRUE(r) << diags.str();
  if (!r) return {};
  EXPECT_FALSE(r->diverged) << r->divergence;
  EXPECT_TRUE(r->returned()) << r->stop.message;
  return r->output;
}

// The native build of a kernel, built once per process.
m3::sim::NativeKernel* native(const KernelCase& kc) {
  static std::map<std::string, std::unique_ptr<m3::sim::NativeKernel>> built;
  auto it = built.find(kc.file);
  if (it != built.end()) return it->second.get();
  use_test_cache();
  const std::string path = (kernels_dir() / kc.file).string();
  const std::string src = read_text(path);
  Diagnostics diags;
  auto sig = m3::sim::parse_kernel_signature(src, path, "kernel", diags);
  EXPECT_TRUE(sig) << diags.str();
  if (!sig) return nullptr;
  auto k = m3::sim::NativeKernel::build(*sig, path, src, diags);
  EXPECT_TRUE(k) << diags.str();
  return (built[kc.file] = std::move(k)).get();
}

Image run_native(const KernelCase& kc, const Image& in) {
  Diagnostics diags;
  auto job = make_job(kc, in, 0, "iss");
  auto prog = m3::sim::prepare_kernel(job, diags);  // for the argument list
  EXPECT_TRUE(prog) << diags.str();
  m3::sim::NativeKernel* k = native(kc);
  Image out;
  if (prog && k) k->run(in, out, prog->extra_args);
  return out;
}

void expect_same(const Image& sim, const Image& ref, const std::string& what) {
  ASSERT_EQ(sim.pixels.size(), ref.pixels.size()) << what;
  auto c = m3::sim::compare_images(sim, ref);
  EXPECT_TRUE(c.identical) << what << ": first difference at (" << c.x << ", " << c.y << "): simulated "
                           << int{c.sim} << ", reference " << int{c.native};
}

const KernelCase& case_named(const std::string& file) {
  for (const auto& kc : kernel_cases())
    if (kc.file == file) return kc;
  ADD_FAILURE() << "no kernel case " << file;
  return kernel_cases().front();
}

}  // namespace

TEST(Kernels, EveryBundledKernelIsInTheMatrix) {
  std::set<std::string> on_disk, listed;
  for (const auto& e : fs::directory_iterator(kernels_dir()))
    if (e.path().extension() == ".c") on_disk.insert(e.path().filename().string());
  for (const auto& kc : kernel_cases()) listed.insert(kc.file);
  EXPECT_EQ(on_disk, listed);
  EXPECT_GE(listed.size(), 10u);
}

class KernelMatrix : public ::testing::TestWithParam<std::string> {};

// Patterns 32x32 on the ISS; 32x16 on the pipeline (about ten times slower per instruction;
// 512 pixels is what gemm16.c needs); lock-step on the impulse.
TEST_P(KernelMatrix, BitExactAgainstNativeOnEveryPatternLevelAndEngine) {
  const KernelCase& kc = case_named(GetParam());
  for (const std::string& pat : m3::sim::pattern_names()) {
    for (const std::string engine : {"iss", "pipeline"}) {
      const Image in = engine == "iss" ? pattern(pat, 32, 32) : pattern(pat, 32, 16);
      const Image want = run_native(kc, in);
      for (int opt = 0; opt <= 2; ++opt) {
        const bool check = engine == "pipeline" && pat == "impulse";
        const std::string what =
            kc.file + " on " + pat + " -O" + std::to_string(opt) + " " + engine + (check ? " --check" : "");
        SCOPED_TRACE(what);
        expect_same(run_sim(make_job(kc, in, opt, engine), check), want, what);
      }
    }
  }
}

// The photographs, 64x64: each kernel on one of them (in turn), at -O2 on the ISS.
TEST_P(KernelMatrix, BitExactAgainstNativeOnAPhotograph) {
  const KernelCase& kc = case_named(GetParam());
  static const char* photos[] = {"astronaut-64.png", "coffee-64.png", "chelsea-64.png"};
  size_t index = 0;
  while (kernel_cases()[index].file != kc.file) ++index;
  const Image in = photo(photos[index % 3]);
  expect_same(run_sim(make_job(kc, in, 2, "iss")), run_native(kc, in), kc.file + " on " + photos[index % 3]);
}

INSTANTIATE_TEST_SUITE_P(Bundled, KernelMatrix, ::testing::ValuesIn([] {
                           std::vector<std::string> names;
                           for (const auto& kc : kernel_cases()) names.push_back(kc.file);
                           return names;
                         }()),
                         [](const ::testing::TestParamInfo<std::string>& i) {
                           std::string n = i.param.substr(0, i.param.size() - 2);
                           std::replace(n.begin(), n.end(), '.', '_');
                           return n;
                         });

// ---- independent references, written from the kernels' documented formulas ----

namespace {

int clampi(int v, int lo, int hi) { return v < lo ? lo : (v > hi ? hi : v); }

// in(x, y) with clamp-to-edge.
int px(const Image& im, int x, int y) {
  return im.at(static_cast<uint32_t>(clampi(x, 0, static_cast<int>(im.width) - 1)),
               static_cast<uint32_t>(clampi(y, 0, static_cast<int>(im.height) - 1)));
}

template <class F>
Image map_pixels(const Image& in, F f) {
  Image out = in;
  for (int y = 0; y < static_cast<int>(in.height); ++y)
    for (int x = 0; x < static_cast<int>(in.width); ++x)
      out.pixels[static_cast<size_t>(y) * in.width + x] = static_cast<uint8_t>(f(x, y));
  return out;
}

}  // namespace

TEST(KernelReference, BoxBlurMedianSobelLaplacianThreshold) {
  const Image in = photo("chelsea-64.png");
  const Image box = map_pixels(in, [&](int x, int y) {
    int s = 0;
    for (int dy = -1; dy <= 1; ++dy)
      for (int dx = -1; dx <= 1; ++dx) s += px(in, x + dx, y + dy);
    return (s + 4) / 9;
  });
  expect_same(run_sim(make_job(case_named("box3x3.c"), in, 1, "iss")), box, "box3x3.c");

  const Image median = map_pixels(in, [&](int x, int y) {
    std::vector<int> v;
    for (int dy = -1; dy <= 1; ++dy)
      for (int dx = -1; dx <= 1; ++dx) v.push_back(px(in, x + dx, y + dy));
    std::nth_element(v.begin(), v.begin() + 4, v.end());
    return v[4];
  });
  expect_same(run_sim(make_job(case_named("median3x3.c"), in, 2, "iss")), median, "median3x3.c");

  const Image sobel = map_pixels(in, [&](int x, int y) {
    auto p = [&](int dx, int dy) { return px(in, x + dx, y + dy); };
    int gx = p(1, -1) + 2 * p(1, 0) + p(1, 1) - p(-1, -1) - 2 * p(-1, 0) - p(-1, 1);
    int gy = p(-1, 1) + 2 * p(0, 1) + p(1, 1) - p(-1, -1) - 2 * p(0, -1) - p(1, -1);
    return std::min(255, std::abs(gx) + std::abs(gy));
  });
  expect_same(run_sim(make_job(case_named("sobel.c"), in, 2, "iss")), sobel, "sobel.c");

  const Image lap = map_pixels(in, [&](int x, int y) {
    int l = px(in, x - 1, y) + px(in, x + 1, y) + px(in, x, y - 1) + px(in, x, y + 1) - 4 * px(in, x, y);
    return clampi(128 + l, 0, 255);
  });
  expect_same(run_sim(make_job(case_named("laplacian.c"), in, 0, "iss")), lap, "laplacian.c");

  for (int level : {-5, 0, 1, 100, 255, 256}) {
    KernelCase kc{"threshold.c", {{"level", level}}};
    const Image th = map_pixels(in, [&](int x, int y) { return px(in, x, y) >= level ? 255 : 0; });
    expect_same(run_sim(make_job(kc, in, 2, "iss")), th, "threshold.c level=" + std::to_string(level));
  }
}

// The separable Gaussian sums exactly what the 2-D one sums; the tiled convolution computes the
// same blur as im2col+GEMM whatever the tile size.
TEST(KernelReference, EquivalentFormulations) {
  const Image in = photo("coffee-64.png");
  expect_same(run_sim(make_job(case_named("gauss_separable.c"), in, 2, "iss")),
              run_sim(make_job(case_named("gauss5x5.c"), in, 2, "iss")), "separable vs 2-D Gaussian");
  const Image ref = run_sim(make_job(case_named("im2col_gemm.c"), in, 2, "iss"));
  const Image direct = map_pixels(in, [&](int x, int y) {
    static const int w[3][3] = {{1, 2, 1}, {2, 4, 2}, {1, 2, 1}};
    int s = 0;
    for (int dy = -1; dy <= 1; ++dy)
      for (int dx = -1; dx <= 1; ++dx) s += w[dy + 1][dx + 1] * px(in, x + dx, y + dy);
    return (s + 8) >> 4;
  });
  expect_same(ref, direct, "im2col_gemm.c vs direct 3x3 binomial");
  for (int tile : {0, 1, 5, 8, 16, 64, 100}) {
    KernelCase kc{"tiled_conv.c", {{"tile", tile}}};
    expect_same(run_sim(make_job(kc, in, 1, "iss")), ref, "tiled_conv.c tile=" + std::to_string(tile));
  }
}
