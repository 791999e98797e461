/* 5x5 Gaussian blur in fixed point.
 *
 * The weights are the outer product of the binomial row [1 4 6 4 1] with itself; they sum to
 * 256, so the result is the weighted sum shifted right by 8, with rounding (+128 first):
 *   out(x, y) = (sum w(dx, dy) * in(x+dx, y+dy) + 128) >> 8
 * Border: clamp-to-edge. gauss_separable.c computes the same result in two 1-D passes.
 * ABI: void kernel(const uint8_t *in, uint8_t *out, int width, int height) (docs/kernels.md).
 */
#include <stdint.h>

static const uint8_t weights[5] = {1, 4, 6, 4, 1};

static int clamp_index(int v, int limit) {
  if (v < 0) return 0;
  if (v >= limit) return limit - 1;
  return v;
}

void kernel(const uint8_t *in, uint8_t *out, int width, int height) {
  for (int y = 0; y < height; y++) {
    for (int x = 0; x < width; x++) {
      int sum = 0;
      for (int dy = -2; dy <= 2; dy++) {
        const uint8_t *row = in + clamp_index(y + dy, height) * width;
        int wy = weights[dy + 2];
        for (int dx = -2; dx <= 2; dx++) sum += wy * weights[dx + 2] * row[clamp_index(x + dx, width)];
      }
      out[y * width + x] = (uint8_t)((sum + 128) >> 8);
    }
  }
}
