// Image files for the kernel harness (image.hpp). PNM is parsed here (Netpbm's format pages: a
// magic number, then width, height and maxval separated by whitespace or # comments, then the
// samples); PNG goes through libpng's simplified API (png_image), which reports errors in
// png_image::message rather than by longjmp, so no C++ object is ever skipped over.
#include "m3lab/sim/image.hpp"

#include <png.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <fstream>
#include <iterator>

namespace m3::sim {
namespace {

uint8_t luma(uint32_t r, uint32_t g, uint32_t b) {
  return static_cast<uint8_t>((77 * r + 150 * g + 29 * b + 128) >> 8);
}

bool check_size(uint64_t w, uint64_t h, const std::string& name, Diagnostics& diags) {
  if (w == 0 || h == 0) {
    diags.error(name, 0, 0,
                "image has zero width or height (" + std::to_string(w) + "x" + std::to_string(h) + ")");
    return false;
  }
  if (w > kMaxImageSide || h > kMaxImageSide) {
    diags.error(name, 0, 0,
                "image dimensions " + std::to_string(w) + "x" + std::to_string(h) + " exceed the limit of " +
                    std::to_string(kMaxImageSide) + " pixels a side");
    return false;
  }
  return true;
}

// A cursor over a PNM file's bytes.
struct PnmReader {
  const std::vector<uint8_t>& b;
  size_t pos = 0;

  void skip_space_and_comments() {
    while (pos < b.size()) {
      if (b[pos] == '#') {
        while (pos < b.size() && b[pos] != '\n' && b[pos] != '\r') ++pos;
      } else if (std::isspace(b[pos])) {
        ++pos;
      } else {
        break;
      }
    }
  }
  // A decimal number; nullopt at the end of the file or on anything that is not a digit. Values
  // beyond 2^32 saturate (they are rejected by the callers' range checks).
  std::optional<uint64_t> number() {
    skip_space_and_comments();
    if (pos >= b.size() || !std::isdigit(b[pos])) return std::nullopt;
    uint64_t v = 0;
    while (pos < b.size() && std::isdigit(b[pos])) {
      v = std::min<uint64_t>(v * 10 + (b[pos] - '0'), uint64_t{1} << 33);
      ++pos;
    }
    return v;
  }
};

std::optional<ImageLoad> read_pnm(const std::vector<uint8_t>& bytes, const std::string& name,
                                  Diagnostics& diags) {
  const char kind = static_cast<char>(bytes[1]);
  const bool ascii = kind == '2' || kind == '3';
  const uint32_t channels = (kind == '3' || kind == '6') ? 3 : 1;
  PnmReader rd{bytes, 2};
  auto w = rd.number(), h = rd.number(), maxval = rd.number();
  if (!w || !h || !maxval) {
    diags.error(name, 0, 0, "malformed PNM header (expected width, height and maxval)");
    return std::nullopt;
  }
  if (!check_size(*w, *h, name, diags)) return std::nullopt;
  if (*maxval == 0 || *maxval > 65535) {
    diags.error(name, 0, 0, "PNM maxval " + std::to_string(*maxval) + " is outside 1..65535");
    return std::nullopt;
  }
  const size_t samples = static_cast<size_t>(*w) * *h * channels;
  std::vector<uint32_t> s;
  if (ascii) {
    s.reserve(std::min<size_t>(samples, bytes.size()));
    for (size_t i = 0; i < samples; ++i) {
      auto v = rd.number();
      if (!v) {
        diags.error(name, 0, 0,
                    "truncated or malformed PNM data: " + std::to_string(i) + " of " +
                        std::to_string(samples) + " samples read");
        return std::nullopt;
      }
      if (*v > *maxval) {
        diags.error(name, 0, 0,
                    "PNM sample " + std::to_string(*v) + " exceeds maxval " + std::to_string(*maxval));
        return std::nullopt;
      }
      s.push_back(static_cast<uint32_t>(*v));
    }
  } else {
    // Exactly one whitespace byte separates maxval from the binary samples.
    if (rd.pos >= bytes.size() || !std::isspace(bytes[rd.pos])) {
      diags.error(name, 0, 0, "malformed PNM header (no whitespace after maxval)");
      return std::nullopt;
    }
    ++rd.pos;
    const size_t width_bytes = *maxval > 255 ? 2 : 1;
    const size_t need = samples * width_bytes;
    if (bytes.size() - rd.pos < need) {
      diags.error(name, 0, 0,
                  "truncated PNM data: " + std::to_string(bytes.size() - rd.pos) + " bytes of " +
                      std::to_string(need));
      return std::nullopt;
    }
    s.resize(samples);
    const uint8_t* p = bytes.data() + rd.pos;
    for (size_t i = 0; i < samples; ++i)
      s[i] = width_bytes == 2 ? (uint32_t{p[2 * i]} << 8 | p[2 * i + 1]) : p[i];
    for (uint32_t v : s)
      if (v > *maxval) {
        diags.error(name, 0, 0,
                    "PNM sample " + std::to_string(v) + " exceeds maxval " + std::to_string(*maxval));
        return std::nullopt;
      }
  }
  // Scale to 0..255 with rounding when maxval is not 255.
  const uint32_t mv = static_cast<uint32_t>(*maxval);
  auto scale = [mv](uint32_t v) { return mv == 255 ? v : (v * 255 + mv / 2) / mv; };
  ImageLoad out;
  out.image.width = static_cast<uint32_t>(*w);
  out.image.height = static_cast<uint32_t>(*h);
  const size_t n = static_cast<size_t>(*w) * *h;
  out.image.pixels.resize(n);
  for (size_t i = 0; i < n; ++i)
    out.image.pixels[i] = channels == 3 ? luma(scale(s[3 * i]), scale(s[3 * i + 1]), scale(s[3 * i + 2]))
                                        : static_cast<uint8_t>(scale(s[i]));
  if (channels == 3) out.note = "converted RGB to grayscale (BT.601 luma)";
  if (mv != 255)
    out.note += std::string(out.note.empty() ? "" : "; ") + "scaled maxval " + std::to_string(mv) + " to 255";
  return out;
}

std::optional<ImageLoad> read_png(const std::vector<uint8_t>& bytes, const std::string& name,
                                  Diagnostics& diags) {
  png_image img;
  std::memset(&img, 0, sizeof img);
  img.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&img, bytes.data(), bytes.size())) {
    diags.error(name, 0, 0, std::string("bad PNG: ") + img.message);
    return std::nullopt;
  }
  if (!check_size(img.width, img.height, name, diags)) {
    png_image_free(&img);
    return std::nullopt;
  }
  const bool colour = (img.format & PNG_FORMAT_FLAG_COLOR) != 0;
  img.format = colour ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY;
  std::vector<uint8_t> buf(PNG_IMAGE_SIZE(img));
  if (!png_image_finish_read(&img, nullptr, buf.data(), 0, nullptr)) {
    diags.error(name, 0, 0, std::string("bad PNG: ") + img.message);
    png_image_free(&img);
    return std::nullopt;
  }
  ImageLoad out;
  out.image.width = img.width;
  out.image.height = img.height;
  const size_t n = static_cast<size_t>(img.width) * img.height;
  if (colour) {
    out.image.pixels.resize(n);
    for (size_t i = 0; i < n; ++i) out.image.pixels[i] = luma(buf[3 * i], buf[3 * i + 1], buf[3 * i + 2]);
    out.note = "converted RGB to grayscale (BT.601 luma)";
  } else {
    out.image.pixels = std::move(buf);
  }
  return out;
}

bool ends_with_ci(const std::string& s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) != suffix[i]) return false;
  return true;
}

}  // namespace

std::optional<ImageLoad> read_image_bytes(const std::vector<uint8_t>& bytes, const std::string& name,
                                          Diagnostics& diags) {
  static const uint8_t kPngSig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  if (bytes.size() >= 8 && std::memcmp(bytes.data(), kPngSig, 8) == 0) return read_png(bytes, name, diags);
  if (bytes.size() >= 2 && bytes[0] == 'P' &&
      (bytes[1] == '2' || bytes[1] == '3' || bytes[1] == '5' || bytes[1] == '6'))
    return read_pnm(bytes, name, diags);
  if (bytes.empty()) {
    diags.error(name, 0, 0, "empty image file");
  } else {
    diags.error(name, 0, 0,
                "not a PNG or PGM/PPM file (unknown magic number; P2, P3, P5, P6 and PNG are read)");
  }
  return std::nullopt;
}

std::optional<ImageLoad> read_image(const std::string& path, Diagnostics& diags) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.error(path, 0, 0, "cannot open image file");
    return std::nullopt;
  }
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return read_image_bytes(bytes, path, diags);
}

const std::vector<std::string>& pattern_names() {
  static const std::vector<std::string> names = {"ramp", "checker", "noise", "impulse"};
  return names;
}

std::optional<Image> make_pattern(std::string_view name, uint32_t width, uint32_t height,
                                  Diagnostics& diags) {
  const std::string label = "pattern:" + std::string(name);
  if (!check_size(width, height, label, diags)) return std::nullopt;
  Image im;
  im.width = width;
  im.height = height;
  im.pixels.assign(static_cast<size_t>(width) * height, 0);
  if (name == "ramp") {
    // A diagonal ramp from 0 at the top left to 255 at the bottom right.
    const uint32_t span = std::max<uint32_t>(1, width + height - 2);
    for (uint32_t y = 0; y < height; ++y)
      for (uint32_t x = 0; x < width; ++x)
        im.pixels[static_cast<size_t>(y) * width + x] = static_cast<uint8_t>((x + y) * 255 / span);
  } else if (name == "checker") {
    // 4x4-pixel squares of 32 and 224 (not 0 and 255, so that overshoot and undershoot show).
    for (uint32_t y = 0; y < height; ++y)
      for (uint32_t x = 0; x < width; ++x)
        im.pixels[static_cast<size_t>(y) * width + x] = ((x / 4 + y / 4) & 1) ? 224 : 32;
  } else if (name == "noise") {
    // Uniform noise from xorshift32 (Marsaglia 2003), seed 1: the same bytes on every machine.
    uint32_t s = 1;
    for (uint8_t& p : im.pixels) {
      s ^= s << 13;
      s ^= s >> 17;
      s ^= s << 5;
      p = static_cast<uint8_t>(s >> 24);
    }
  } else if (name == "impulse") {
    // One white pixel at (width/2, height/2) on black: the output is the kernel's impulse response.
    im.pixels[static_cast<size_t>(height / 2) * width + width / 2] = 255;
  } else {
    std::string known;
    for (const auto& n : pattern_names()) known += (known.empty() ? "" : ", ") + n;
    diags.error(label, 0, 0, "unknown pattern '" + std::string(name) + "' (patterns: " + known + ")");
    return std::nullopt;
  }
  return im;
}

std::optional<ImageLoad> load_image_source(const std::string& spec, Diagnostics& diags) {
  if (spec.rfind("pattern:", 0) != 0) return read_image(spec, diags);
  // pattern:NAME:WxH
  const std::string rest = spec.substr(8);
  const size_t colon = rest.find(':');
  const std::string name = rest.substr(0, colon);
  uint64_t w = 0, h = 0;
  bool ok = colon != std::string::npos;
  if (ok) {
    const std::string dims = rest.substr(colon + 1);
    const size_t x = dims.find('x');
    ok = x != std::string::npos && x > 0 && x + 1 < dims.size();
    if (ok) {
      auto r1 = std::from_chars(dims.data(), dims.data() + x, w);
      auto r2 = std::from_chars(dims.data() + x + 1, dims.data() + dims.size(), h);
      ok = r1.ec == std::errc{} && r1.ptr == dims.data() + x && r2.ec == std::errc{} &&
           r2.ptr == dims.data() + dims.size();
    }
  }
  if (!ok) {
    diags.error(spec, 0, 0, "bad image source: expected pattern:NAME:WIDTHxHEIGHT, e.g. pattern:ramp:32x32");
    return std::nullopt;
  }
  if (!check_size(w, h, spec, diags)) return std::nullopt;
  auto im = make_pattern(name, static_cast<uint32_t>(w), static_cast<uint32_t>(h), diags);
  if (!im) return std::nullopt;
  return ImageLoad{std::move(*im), {}};
}

std::vector<uint8_t> encode_pgm(const Image& image) {
  std::string header = "P5\n" + std::to_string(image.width) + " " + std::to_string(image.height) + "\n255\n";
  std::vector<uint8_t> out(header.begin(), header.end());
  out.insert(out.end(), image.pixels.begin(), image.pixels.end());
  return out;
}

bool write_image(const std::string& path, const Image& image, Diagnostics& diags) {
  if (ends_with_ci(path, ".png")) {
    png_image img;
    std::memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    img.width = image.width;
    img.height = image.height;
    img.format = PNG_FORMAT_GRAY;
    if (!png_image_write_to_file(&img, path.c_str(), 0, image.pixels.data(), 0, nullptr)) {
      diags.error(path, 0, 0, std::string("cannot write PNG: ") + img.message);
      return false;
    }
    return true;
  }
  std::vector<uint8_t> bytes = encode_pgm(image);
  std::ofstream out(path, std::ios::binary);
  if (!out ||
      !out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()))) {
    diags.error(path, 0, 0, "cannot write the image file");
    return false;
  }
  return true;
}

}  // namespace m3::sim
