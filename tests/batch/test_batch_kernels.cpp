// `m3lab batch` with `kernels:` + `images:`: each job is `m3lab run KERNEL --image ...` (the kernel
// harness, docs/kernels.md). Built only with -DM3LAB_BATCH_KERNEL_TESTS=ON (tests/batch/CMakeLists.txt).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <fstream>
#include <sstream>

#include "m3lab/sim/batch.hpp"

namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

fs::path test_dir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  fs::path d = fs::path(::testing::TempDir()) / (std::string("m3lab_batchk_") + info->name());
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

int run(const std::string& args, const fs::path& dir, std::string* err = nullptr) {
  const std::string cmd = std::string("cd ") + M3LAB_SOURCE_DIR + " && " + M3LAB_BIN + " " + args + " >" +
                          (dir / "stdout.txt").string() + " 2>" + (dir / "stderr.txt").string() +
                          " </dev/null";
  const int rc = std::system(cmd.c_str());
  if (err) *err = slurp(dir / "stderr.txt");
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : 1000 + rc;
}

TEST(BatchKernels, ParamsAndEnginesSweepWithNativeComparison) {
  const fs::path dir = test_dir();
  std::ofstream(dir / "k.yaml") << "kernels: workloads/kernels/threshold.c\n"
                                   "images: [pattern:ramp:16x16, pattern:noise:16x16]\n"
                                   "params: {level: [64, 192]}\n"
                                   "opt: O2\nengine: [iss, pipeline]\nnative: true\n"
                                   "dcache: {size: [256, 1024]}\n";
  std::string err;
  ASSERT_EQ(run("batch " + (dir / "k.yaml").string() + " -j 2 --out " + (dir / "out").string(), dir, &err), 0)
      << err;
  auto rows = m3::batch::read_jsonl(dir / "out" / "results.jsonl");
  ASSERT_EQ(rows.size(), 2u * 2 * (1 + 2));  // images x levels x (ISS + 2 pipeline configs)
  for (const auto& r : rows) {
    EXPECT_EQ(r["status"], "ok") << r.dump();
    EXPECT_EQ(r["native.identical"], true) << r.dump();
    EXPECT_EQ(r["kernel.params.level"], r["param.level"]) << r.dump();
    EXPECT_TRUE(r.contains("sim_time_s"));
    EXPECT_TRUE(fs::exists(m3::batch::job_files(dir / "out",
                                                [&] {
                                                  m3::batch::Job j;
                                                  j.is_kernel = true;
                                                  j.name = r["name"].get<std::string>();
                                                  j.image = r["image"].get<std::string>();
                                                  return j;
                                                }())
                               .image_out))
        << r.dump();
  }
  EXPECT_TRUE(fs::exists(dir / "out" / "images" / "0000-threshold-ramp-16x16.png"));
}

TEST(BatchKernels, BundledDefaultBatchIsValid) {
  m3::Diagnostics d;
  const fs::path old = fs::current_path();
  fs::current_path(M3LAB_SOURCE_DIR);
  auto cfg = m3::batch::load_batch_config("workloads/batch/default.yaml", d);
  fs::current_path(old);
  ASSERT_TRUE(cfg) << d.str();
  EXPECT_EQ(cfg->jobs.size(), 8u);  // 2 kernels x forwarding on/off x 2 D-cache sizes
}

TEST(BatchKernels, CompileErrorInAKernelIsRecorded) {
  const fs::path dir = test_dir();
  std::ofstream(dir / "broken.c")
      << "void kernel(const unsigned char *in, unsigned char *out, int w, int h) { x; }\n";
  std::ofstream(dir / "k.yaml") << "kernels: [" << (dir / "broken.c").string()
                                << ", workloads/kernels/sobel.c]\nimages: pattern:checker:8x8\nengine: iss\n";
  EXPECT_EQ(run("batch " + (dir / "k.yaml").string() + " --out " + (dir / "out").string(), dir), 3);
  auto rows = m3::batch::read_jsonl(dir / "out" / "results.jsonl");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0]["status"], "failed");
  EXPECT_NE(rows[0]["error"].get<std::string>().find("error:"), std::string::npos) << rows[0].dump();
  EXPECT_EQ(rows[1]["status"], "ok");
}

}  // namespace
