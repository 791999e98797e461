// The kernel harness: runs an image kernel written in tiny C on the ISS or the pipeline
// (docs/kernels.md, docs/memory-map.md).
//
// A kernel is `void NAME(const uint8_t *in, uint8_t *out, int width, int height, ...)`, where the
// optional further parameters are integers (given by name, `--param NAME=VALUE`) or one pointer,
// which receives a zeroed scratch buffer of kScratchBytesPerPixel * width * height bytes. The
// harness compiles the kernel, places the input image, the output and the scratch buffer in
// external RAM, adds them to the program image (so that both the pipeline and its lock-step
// reference ISS start with the same memory), calls the kernel per the AAPCS (Iss::call,
// Machine::call) and runs it until it returns.
//
// Every user mistake (a compile error, no such function, a wrong signature, a missing or unknown
// parameter, an image too large for memory) is a diagnostic from prepare_kernel(), before
// anything runs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "m3lab/isa/diag.hpp"
#include "m3lab/isa/elf.hpp"
#include "m3lab/isa/iss.hpp"
#include "m3lab/sim/config.hpp"
#include "m3lab/sim/image.hpp"
#include "m3lab/sim/machine.hpp"

namespace m3::sim {

// Bytes of scratch per image pixel handed to a kernel's pointer parameter (docs/kernels.md).
constexpr uint32_t kScratchBytesPerPixel = 16;
// Input, output and scratch buffers start on this boundary in external RAM.
constexpr uint32_t kBufferAlign = 64;

struct KernelParam {
  std::string type;  // as written, e.g. "const uint8_t *", "int"
  std::string name;
  bool pointer = false;
};

// The kernel's definition as written in the source (comments removed, no preprocessing).
struct KernelSignature {
  std::string name;
  std::vector<KernelParam> params;  // all of them: in, out, width, height, then the extras
  int line = 0;                     // of the function name, for diagnostics
  int scratch_index() const;        // index in params of the scratch pointer, or -1
};

// Finds `void NAME(...) {` at file scope and checks the kernel ABI. Errors go to diags with the
// file and line.
std::optional<KernelSignature> parse_kernel_signature(const std::string& source, const std::string& file,
                                                      const std::string& name, Diagnostics& diags);

// Where the buffers go (docs/memory-map.md).
struct KernelLayout {
  uint32_t in_addr = 0;
  uint32_t out_addr = 0;
  uint32_t scratch_addr = 0;  // 0 if the kernel takes no scratch pointer
  uint32_t scratch_size = 0;
  uint32_t stack_top = 0;   // the initial SP: the top of SRAM
  uint32_t bytes_used = 0;  // of external RAM
};
std::optional<KernelLayout> plan_layout(const isa::MemoryConfig& map, uint32_t width, uint32_t height,
                                        bool scratch, const std::string& image_name, Diagnostics& diags);

struct KernelJob {
  std::string source_path;  // for diagnostics and the native build
  std::string source;       // its text
  std::string kernel = "kernel";
  Image image;
  std::string image_name;
  std::vector<std::pair<std::string, int32_t>> params;  // as given on the command line
  int opt_level = 0;
  std::string engine = "iss";  // "iss" or "pipeline"
  MachineConfig config;        // the memory sizes apply to both engines
  bool check = false;          // pipeline: lock-step against the ISS
  uint64_t max_steps = 0;      // ISS limit (0 = none)
  uint64_t max_cycles = 0;     // pipeline limit (0 = none)
};

// A compiled kernel with its arguments, ready to run any number of times.
struct KernelProgram {
  KernelSignature sig;
  KernelLayout layout;
  isa::ElfImage elf;                // the kernel, plus the input image as a segment in external RAM
  uint32_t entry = 0;               // the kernel's address (Thumb bit set)
  std::vector<uint32_t> args;       // r0-r3, then the stack
  std::vector<int32_t> extra_args;  // the arguments after height, in order (scratch: 0), for the native run
  std::vector<std::pair<std::string, int32_t>> params;  // the integer parameters, in signature order
};

// Compiles and checks everything; nothing runs. nullopt with diagnostics on any user mistake.
std::optional<KernelProgram> prepare_kernel(const KernelJob& job, Diagnostics& diags);

struct KernelRunResult {
  isa::StopInfo stop;
  bool diverged = false;  // pipeline --check: an m3lab bug, see divergence
  std::string divergence;
  bool pipeline = false;
  isa::IssStats iss_stats;   // engine iss
  PipelineStats pipe_stats;  // engine pipeline
  Image output;              // filled when the kernel returned normally
  bool returned() const { return stop.reason == isa::StopReason::Exit && !diverged; }
};

// Runs a prepared kernel. The pipeline engine needs a Machine (SystemC allows one per process,
// so the caller owns it and may reuse it from run to run); the ISS engine ignores `machine`.
// Semihosting output of the kernel goes to io. nullopt (with diagnostics) only if the program
// cannot be loaded, which prepare_kernel() has already ruled out for the job's configuration.
std::optional<KernelRunResult> run_kernel(const KernelProgram& prog, const KernelJob& job, Machine* machine,
                                          Diagnostics& diags, isa::SemihostIo io = {});

}  // namespace m3::sim
