// The ISS speed benchmark workload: a 3x3 convolution (edge detect, then blur) over a generated
// 128x96 8-bit image, repeated PASSES times: about 139 million instructions at -O2.
#include "semihost.h"

enum { W = 128, H = 96, PASSES = 150 };
static uint8_t g_img[H][W], g_out[H][W];
static const int8_t k_sobel[3][3] = {{-1, 0, 1}, {-2, 0, 2}, {-1, 0, 1}};
static const int8_t k_blur[3][3] = {{1, 2, 1}, {2, 4, 2}, {1, 2, 1}};

__attribute__((noinline)) static void conv(uint8_t (*dst)[W], uint8_t (*src)[W], const int8_t k[3][3],
                                           int shift, int bias) {
  for (int y = 1; y < H - 1; ++y)
    for (int x = 1; x < W - 1; ++x) {
      int acc = 0;
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) acc += k[dy + 1][dx + 1] * src[y + dy][x + dx];
      acc = (acc >> shift) + bias;
      dst[y][x] = (uint8_t)(acc < 0 ? 0 : acc > 255 ? 255 : acc);
    }
}

int main(void) {
  uint32_t s = 12345;
  for (int y = 0; y < H; ++y)
    for (int x = 0; x < W; ++x) {
      s = s * 1664525u + 1013904223u;
      g_img[y][x] = (uint8_t)((x * 2 + y * 3) ^ (s >> 27));
    }
  uint32_t h = FNV_INIT;
  for (int pass = 0; pass < PASSES; ++pass) {
    if (pass & 1)
      conv(g_img, g_out, k_blur, 4, 0);
    else
      conv(g_out, g_img, k_sobel, 0, 128);
    h = (h ^ g_out[pass % H][(pass * 7) % W]) * 16777619u;
  }
  show_hex("checksum", h);
  return 0;
}
