// Grayscale images for the kernel harness: reading PGM/PPM (P2, P3, P5, P6) and PNG, writing PGM
// and PNG, and the built-in test patterns (`pattern:NAME:WxH`). See docs/kernels.md.
//
// Every image here is 8-bit grayscale, row-major, one byte per pixel, no padding: exactly the
// layout a kernel sees in simulated memory. A colour file is converted on load with the integer
// BT.601 luma (77 R + 150 G + 29 B + 128) >> 8, and the load says so in ImageLoad::note.
//
// A user's mistake (a missing, truncated or malformed file, an unknown pattern, dimensions beyond
// kMaxImageSide) is a diagnostic; nothing here throws or exits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "m3lab/isa/diag.hpp"

namespace m3::sim {

// The largest width or height accepted from a file header or a pattern. It bounds what a header
// can make the loader allocate; what fits in simulated memory is checked later, by the harness.
constexpr uint32_t kMaxImageSide = 16384;

struct Image {
  uint32_t width = 0;
  uint32_t height = 0;
  std::vector<uint8_t> pixels;  // width * height bytes
  uint8_t at(uint32_t x, uint32_t y) const { return pixels[static_cast<size_t>(y) * width + x]; }
};

struct ImageLoad {
  Image image;
  std::string note;  // e.g. "converted RGB to grayscale"; empty when nothing was changed
};

// Reads PGM/PPM (by magic number) or PNG (by signature), whatever the file's extension.
std::optional<ImageLoad> read_image(const std::string& path, Diagnostics& diags);
std::optional<ImageLoad> read_image_bytes(const std::vector<uint8_t>& bytes, const std::string& name,
                                          Diagnostics& diags);

// `pattern:NAME:WxH` makes a test pattern; anything else is a file for read_image.
std::optional<ImageLoad> load_image_source(const std::string& spec, Diagnostics& diags);

// The built-in patterns: ramp, checker, noise, impulse (docs/kernels.md). nullopt for an unknown
// name or a size outside 1..kMaxImageSide.
std::optional<Image> make_pattern(std::string_view name, uint32_t width, uint32_t height, Diagnostics& diags);
const std::vector<std::string>& pattern_names();

// Writes PNG if the path ends in .png (any case), binary PGM (P5) otherwise.
bool write_image(const std::string& path, const Image& image, Diagnostics& diags);
std::vector<uint8_t> encode_pgm(const Image& image);

}  // namespace m3::sim
