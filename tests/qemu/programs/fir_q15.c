// A Q15 FIR low-pass filter and a Q31 biquad-style accumulate over a generated signal: 16x16
// multiplies, 64-bit accumulators, arithmetic shifts and saturating narrowing.
#include "semihost.h"

enum { TAPS = 15, LEN = 200 };
static const int16_t k_taps[TAPS] = {-120, -300, 0,    900, 2300, 3900, 5100, 5600,
                                     5100, 3900, 2300, 900, 0,    -300, -120};
static int16_t g_in[LEN], g_out[LEN];

static int16_t sat16(int32_t v) { return (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v); }

int main(void) {
  uint32_t s = 99;
  for (int i = 0; i < LEN; ++i) {
    s = s * 1103515245u + 12345u;
    int32_t tri = (i % 40) < 20 ? (i % 40) * 1500 - 15000 : (40 - i % 40) * 1500 - 15000;
    g_in[i] = sat16(tri + (int32_t)((s >> 16) & 0x1fff) - 4096);
  }
  for (int i = 0; i < LEN; ++i) {
    int32_t acc = 1 << 14;
    for (int k = 0; k < TAPS; ++k) {
      int idx = i - k;
      if (idx >= 0) acc += (int32_t)k_taps[k] * g_in[idx];
    }
    g_out[i] = sat16(acc >> 15);
  }
  show_hex("fir", fnv1a(g_out, sizeof g_out, FNV_INIT));
  int64_t energy = 0;
  int32_t y1 = 0, y2 = 0;
  for (int i = 0; i < LEN; ++i) {
    int32_t y = (int32_t)(((int64_t)g_out[i] << 16) + (int64_t)y1 * 1900000000 / (1 << 30) -
                          ((int64_t)y2 * 900000000 >> 30));
    y2 = y1;
    y1 = y >> 2;
    energy += (int64_t)y1 * y1 >> 20;
  }
  show_hex64("energy", (uint64_t)energy);
  return 60;
}
