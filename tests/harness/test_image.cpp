// Image files: PGM/PPM and PNG round trips, colour conversion, the patterns, and bad files as
// clear errors (truncated, zero-sized, wrong magic, huge dimensions in the header).
#include <gtest/gtest.h>
#include <png.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "m3lab/sim/image.hpp"

namespace fs = std::filesystem;
using m3::Diagnostics;
using m3::sim::Image;

namespace {

std::vector<uint8_t> bytes_of(const std::string& s) { return {s.begin(), s.end()}; }

fs::path work_dir() {
  fs::path d = fs::path(M3LAB_HARNESS_WORK) / "image";
  fs::create_directories(d);
  return d;
}

// Expects the bytes to be rejected with a message containing `what`.
void expect_rejected(const std::vector<uint8_t>& b, const std::string& what) {
  Diagnostics diags;
  EXPECT_FALSE(m3::sim::read_image_bytes(b, "bad", diags));
  ASSERT_TRUE(diags.has_errors());
  EXPECT_NE(diags.str().find(what), std::string::npos) << diags.str();
}

}  // namespace

TEST(Image, ReadsAsciiAndBinaryPgm) {
  Diagnostics diags;
  auto a =
      m3::sim::read_image_bytes(bytes_of("P2\n# a comment\n3 2\n255\n0 1 2\n253 254 255\n"), "a.pgm", diags);
  ASSERT_TRUE(a) << diags.str();
  EXPECT_EQ(a->image.width, 3u);
  EXPECT_EQ(a->image.height, 2u);
  EXPECT_EQ(a->image.pixels, (std::vector<uint8_t>{0, 1, 2, 253, 254, 255}));
  EXPECT_TRUE(a->note.empty());
  std::string p5 = "P5 2 2 255\n";
  p5 += std::string("\x00\x7f\x80\xff", 4);
  auto b = m3::sim::read_image_bytes(bytes_of(p5), "b.pgm", diags);
  ASSERT_TRUE(b) << diags.str();
  EXPECT_EQ(b->image.pixels, (std::vector<uint8_t>{0, 0x7f, 0x80, 0xff}));
}

TEST(Image, ScalesOtherMaxvalsAndSixteenBitSamples) {
  Diagnostics diags;
  auto a = m3::sim::read_image_bytes(bytes_of("P2 3 1 15 0 8 15"), "a.pgm", diags);
  ASSERT_TRUE(a) << diags.str();
  EXPECT_EQ(a->image.pixels, (std::vector<uint8_t>{0, 136, 255}));
  std::string p5 = "P5 2 1 65535\n";
  p5 += std::string("\xff\xff\x80\x00", 4);
  auto b = m3::sim::read_image_bytes(bytes_of(p5), "b.pgm", diags);
  ASSERT_TRUE(b) << diags.str();
  EXPECT_EQ(b->image.pixels, (std::vector<uint8_t>{255, 128}));
}

TEST(Image, ConvertsColourToGrayWithANote) {
  Diagnostics diags;
  auto a = m3::sim::read_image_bytes(bytes_of("P3 2 1 255  255 0 0  10 200 30"), "a.ppm", diags);
  ASSERT_TRUE(a) << diags.str();
  // (77 R + 150 G + 29 B + 128) >> 8
  EXPECT_EQ(a->image.pixels,
            (std::vector<uint8_t>{(77 * 255 + 128) >> 8, (77 * 10 + 150 * 200 + 29 * 30 + 128) >> 8}));
  EXPECT_NE(a->note.find("grayscale"), std::string::npos);
  std::string p6 = "P6 1 1 255\n";
  p6 += std::string("\x00\xff\x00", 3);
  auto b = m3::sim::read_image_bytes(bytes_of(p6), "b.ppm", diags);
  ASSERT_TRUE(b) << diags.str();
  EXPECT_EQ(b->image.pixels[0], (150 * 255 + 128) >> 8);
}

TEST(Image, ReadsColourPngAsGray) {
  // An RGB PNG written with libpng directly (m3lab itself only writes gray).
  const uint8_t rgb[] = {255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 200, 30};
  png_image img;
  std::memset(&img, 0, sizeof img);
  img.version = PNG_IMAGE_VERSION;
  img.width = 2;
  img.height = 2;
  img.format = PNG_FORMAT_RGB;
  fs::path p = work_dir() / "rgb.png";
  ASSERT_TRUE(png_image_write_to_file(&img, p.string().c_str(), 0, rgb, 0, nullptr)) << img.message;
  Diagnostics diags;
  auto a = m3::sim::read_image(p.string(), diags);
  ASSERT_TRUE(a) << diags.str();
  EXPECT_EQ(a->image.pixels,
            (std::vector<uint8_t>{(77 * 255 + 128) >> 8, (150 * 255 + 128) >> 8, (29 * 255 + 128) >> 8,
                                  (77 * 10 + 150 * 200 + 29 * 30 + 128) >> 8}));
  EXPECT_NE(a->note.find("converted RGB to grayscale"), std::string::npos);
}

TEST(Image, PngAndPgmRoundTrip) {
  Diagnostics diags;
  auto noise = m3::sim::make_pattern("noise", 37, 23, diags);
  ASSERT_TRUE(noise) << diags.str();
  for (const char* ext : {".png", ".pgm", ".PNG"}) {
    fs::path p = work_dir() / (std::string("noise") + ext);
    ASSERT_TRUE(m3::sim::write_image(p.string(), *noise, diags)) << diags.str();
    auto back = m3::sim::read_image(p.string(), diags);
    ASSERT_TRUE(back) << diags.str();
    EXPECT_EQ(back->image.width, 37u);
    EXPECT_EQ(back->image.height, 23u);
    EXPECT_EQ(back->image.pixels, noise->pixels) << ext;
  }
  // The extension decides the format written; the magic number decides the format read.
  std::ifstream f(work_dir() / "noise.png", std::ios::binary);
  char sig[4] = {};
  f.read(sig, 4);
  EXPECT_EQ(std::string(sig + 1, 3), "PNG");
}

TEST(Image, Patterns) {
  Diagnostics diags;
  auto ramp = m3::sim::load_image_source("pattern:ramp:16x8", diags);
  ASSERT_TRUE(ramp) << diags.str();
  EXPECT_EQ(ramp->image.at(0, 0), 0);
  EXPECT_EQ(ramp->image.at(15, 7), 255);
  auto imp = m3::sim::load_image_source("pattern:impulse:5x5", diags);
  ASSERT_TRUE(imp);
  int nonzero = 0;
  for (uint8_t p : imp->image.pixels) nonzero += p != 0;
  EXPECT_EQ(nonzero, 1);
  EXPECT_EQ(imp->image.at(2, 2), 255);
  auto chk = m3::sim::load_image_source("pattern:checker:8x8", diags);
  ASSERT_TRUE(chk);
  EXPECT_EQ(chk->image.at(0, 0), 32);
  EXPECT_EQ(chk->image.at(4, 0), 224);
  EXPECT_EQ(chk->image.at(4, 4), 32);
  // noise is deterministic: the same bytes every time.
  auto n1 = m3::sim::load_image_source("pattern:noise:8x8", diags);
  auto n2 = m3::sim::load_image_source("pattern:noise:8x8", diags);
  ASSERT_TRUE(n1 && n2);
  EXPECT_EQ(n1->image.pixels, n2->image.pixels);
  EXPECT_FALSE(diags.has_errors());
  for (const char* bad :
       {"pattern:ramp", "pattern:ramp:16", "pattern:ramp:16x", "pattern:ramp:x8", "pattern:ramp:0x8",
        "pattern:wave:8x8", "pattern:ramp:99999x2", "pattern:ramp:8x8junk"}) {
    Diagnostics d;
    EXPECT_FALSE(m3::sim::load_image_source(bad, d)) << bad;
    EXPECT_TRUE(d.has_errors()) << bad;
  }
}

TEST(ImageErrors, BadFilesAreClearErrors) {
  expect_rejected({}, "empty image file");
  expect_rejected(bytes_of("GIF89a"), "unknown magic number");
  expect_rejected(bytes_of("P4 1 1\n\x01"), "unknown magic number");
  expect_rejected(bytes_of("P5 0 4 255\n"), "zero width or height");
  expect_rejected(bytes_of("P2 4 0 255\n"), "zero width or height");
  expect_rejected(bytes_of("P5 100000 100000 255\n"), "exceed the limit");
  expect_rejected(bytes_of("P5 99999999999999999999 1 255\n"), "exceed the limit");
  expect_rejected(bytes_of("P5 4 4 255\nabc"), "truncated PNM data");
  expect_rejected(bytes_of("P2 2 2 255 1 2 3"), "truncated or malformed");
  expect_rejected(bytes_of("P2 2 1 100 1 200"), "exceeds maxval");
  expect_rejected(bytes_of("P5 2 2 0\n"), "maxval 0");
  expect_rejected(bytes_of("P5 2 2"), "malformed PNM header");
  expect_rejected(bytes_of("P5 2 2 255"), "no whitespace after maxval");

  // PNG: a valid file cut short, and a header claiming a huge image.
  Diagnostics diags;
  auto noise = m3::sim::make_pattern("noise", 16, 16, diags);
  fs::path p = work_dir() / "cut.png";
  ASSERT_TRUE(m3::sim::write_image(p.string(), *noise, diags));
  std::ifstream f(p, std::ios::binary);
  std::vector<uint8_t> png((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::vector<uint8_t> cut(png.begin(), png.begin() + static_cast<long>(png.size() / 2));
  expect_rejected(cut, "bad PNG");
  std::vector<uint8_t> huge = png;
  // IHDR's width is at bytes 16..19 (big-endian), after the signature and the chunk header; the
  // CRC then no longer matches, which libpng reports too, but the size check or the CRC check rejects it.
  huge[16] = 0x00;
  huge[17] = 0x01;
  huge[18] = 0x00;
  huge[19] = 0x00;
  Diagnostics d;
  EXPECT_FALSE(m3::sim::read_image_bytes(huge, "huge.png", d));
  EXPECT_TRUE(d.has_errors());
  Diagnostics d2;
  EXPECT_FALSE(m3::sim::read_image("/nonexistent/x.png", d2));
  EXPECT_NE(d2.str().find("cannot open"), std::string::npos);
}
