/* Separable 5x5 Gaussian: two 1-D passes through a temporary buffer (the classic Halide blur).
 *
 * The 5x5 binomial kernel of gauss5x5.c is the outer product of [1 4 6 4 1] with itself, so it
 * can be applied as a horizontal pass followed by a vertical pass:
 *   tmp(x, y) = sum over dx of w(dx) * in(x+dx, y)           (at most 16 * 255 = 4080: 16 bits)
 *   out(x, y) = (sum over dy of w(dy) * tmp(x, y+dy) + 128) >> 8
 * 10 multiply-adds per pixel instead of 25. The integer sums are exactly those of the 2-D
 * version, so the output is bit-identical to gauss5x5.c (the tests check this).
 *
 * Scratch space: the temporary image is width * height 16-bit values. The kernel declares a
 * pointer parameter after height; the harness passes a zeroed scratch buffer of
 * 16 * width * height bytes in external RAM there (docs/kernels.md, "Scratch space").
 * Border: clamp-to-edge, in both passes.
 * ABI: void kernel(const uint8_t *in, uint8_t *out, int width, int height, uint16_t *tmp).
 */
#include <stdint.h>

static const int w[5] = {1, 4, 6, 4, 1};

static int clamp_index(int v, int limit) {
  if (v < 0) return 0;
  if (v >= limit) return limit - 1;
  return v;
}

void kernel(const uint8_t *in, uint8_t *out, int width, int height, uint16_t *tmp) {
  /* Pass 1: horizontal, in -> tmp. */
  for (int y = 0; y < height; y++) {
    const uint8_t *row = in + y * width;
    uint16_t *trow = tmp + y * width;
    for (int x = 0; x < width; x++) {
      int sum = 0;
      for (int k = 0; k < 5; k++) sum += w[k] * row[clamp_index(x + k - 2, width)];
      trow[x] = (uint16_t)sum;
    }
  }
  /* Pass 2: vertical, tmp -> out. */
  for (int y = 0; y < height; y++) {
    for (int x = 0; x < width; x++) {
      int sum = 0;
      for (int k = 0; k < 5; k++) sum += w[k] * tmp[clamp_index(y + k - 2, height) * width + x];
      out[y * width + x] = (uint8_t)((sum + 128) >> 8);
    }
  }
}
