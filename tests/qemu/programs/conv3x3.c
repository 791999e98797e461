// A 3x3 convolution (edge detect + blur) over a generated 32x24 8-bit image, with clamping.
#include "semihost.h"

enum { W = 32, H = 24 };
static uint8_t g_img[H][W], g_out[H][W];
static const int8_t k_sobel[3][3] = {{-1, 0, 1}, {-2, 0, 2}, {-1, 0, 1}};
static const int8_t k_blur[3][3] = {{1, 2, 1}, {2, 4, 2}, {1, 2, 1}};

__attribute__((noinline)) static void conv(const int8_t k[3][3], int shift, int bias) {
  for (int y = 1; y < H - 1; ++y)
    for (int x = 1; x < W - 1; ++x) {
      int acc = 0;
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) acc += k[dy + 1][dx + 1] * g_img[y + dy][x + dx];
      acc = (acc >> shift) + bias;
      g_out[y][x] = (uint8_t)(acc < 0 ? 0 : acc > 255 ? 255 : acc);
    }
}

int main(void) {
  uint32_t s = 12345;
  for (int y = 0; y < H; ++y)
    for (int x = 0; x < W; ++x) {
      s = s * 1664525u + 1013904223u;
      g_img[y][x] = (uint8_t)((x * 8 + y * 5) ^ (s >> 28));
    }
  conv(k_sobel, 0, 128);
  uint32_t h1 = fnv1a(g_out, sizeof g_out, FNV_INIT);
  show_hex("sobel", h1);
  conv(k_blur, 4, 0);
  show_hex("blur", fnv1a(g_out, sizeof g_out, FNV_INIT));
  uint32_t sum = 0;
  for (int y = 0; y < H; ++y)
    for (int x = 0; x < W; ++x) sum += g_out[y][x];
  show_int("sum", (int32_t)sum);
  return 47;
}
