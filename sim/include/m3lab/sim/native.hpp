// The native fast path (docs/native.md): the same kernel source built by the host C compiler as a
// shared object, loaded with dlopen and run on the same image, for a bit-exact check of the
// simulated result and a time to compare the simulated time with.
//
// The host compiler is M3LAB_CC from the environment, else the C compiler CMake found at configure
// time. Builds use -O2 -fwrapv -funsigned-char -shared -fPIC (the language's semantics, see
// docs/language.md) with the host <m3lab.h> on the include path, and are cached by a hash of the
// kernel source, the generated entry wrapper, the flags and the compiler's --version text under
// $XDG_CACHE_HOME/m3lab (or ~/.cache/m3lab).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "m3lab/isa/diag.hpp"
#include "m3lab/sim/harness.hpp"
#include "m3lab/sim/image.hpp"

namespace m3::sim {

// The compiler command used for native builds, and the flags.
std::string native_compiler();
extern const char* const kNativeFlags;
// The cache directory (created on demand).
std::string native_cache_dir();

class NativeKernel {
 public:
  // Builds (or finds in the cache) and loads the kernel. Errors (no host compiler, compile errors,
  // dlopen failures) go to diags.
  static std::unique_ptr<NativeKernel> build(const KernelSignature& sig, const std::string& source_path,
                                             const std::string& source, Diagnostics& diags);
  ~NativeKernel();
  NativeKernel(const NativeKernel&) = delete;
  NativeKernel& operator=(const NativeKernel&) = delete;

  // Runs the kernel once on `in` into `out` (resized to match) with the arguments after height
  // (KernelProgram::extra_args; the scratch pointer's slot gets a zeroed buffer of the same size
  // the simulated kernel gets).
  void run(const Image& in, Image& out, const std::vector<int32_t>& extra_args);
  // Median wall-clock time of one run, in nanoseconds, over `runs` runs (at least 1) after one
  // warm-up run, stopping early once `budget_s` seconds have been spent.
  double time_per_frame_ns(const Image& in, const std::vector<int32_t>& extra_args, int runs = 101,
                           double budget_s = 0.25);

  // run() then time_per_frame_ns() in a forked child process, so that a kernel that crashes
  // natively (a wild pointer the simulator's larger memory forgave) cannot take m3lab down with
  // it. nullopt with a diagnostic if the child died.
  struct Measured {
    Image out;
    double ns_per_frame = 0;
  };
  std::optional<Measured> run_isolated(const Image& in, const std::vector<int32_t>& extra_args,
                                       Diagnostics& diags);

  const std::string& so_path() const { return so_path_; }
  bool from_cache() const { return from_cache_; }

 private:
  NativeKernel() = default;
  using Entry = void (*)(const uint8_t*, uint8_t*, int, int, const long long*);
  void call(const Image& in, Image& out, const std::vector<int32_t>& extra_args);
  void* handle_ = nullptr;
  Entry entry_ = nullptr;
  int scratch_index_ = -1;  // in extra_args
  std::vector<uint8_t> scratch_;
  std::string so_path_;
  bool from_cache_ = false;
};

struct ImageComparison {
  bool identical = false;
  bool size_mismatch = false;
  // The first differing pixel in row-major order (when not identical and the sizes agree).
  uint32_t x = 0, y = 0;
  uint8_t sim = 0, native = 0;
  std::optional<double> psnr;  // dB; none when identical (infinite) or the sizes differ
};
ImageComparison compare_images(const Image& sim, const Image& native);

}  // namespace m3::sim
