/* Sharpen (unsharp-style 3x3 kernel).
 *
 *   out(x, y) = clamp(5 * in(x, y) - in(x-1, y) - in(x+1, y) - in(x, y-1) - in(x, y+1), 0, 255)
 *
 * The weights [0 -1 0; -1 5 -1; 0 -1 0] sum to 1, so flat regions are unchanged and edges are
 * steepened; the result can leave 0..255, hence the clamp.
 * Border: clamp-to-edge (a pixel outside the image reads the nearest edge pixel).
 * ABI: void kernel(const uint8_t *in, uint8_t *out, int width, int height) (docs/kernels.md).
 */
#include <stdint.h>

static int clamp_index(int v, int limit) {
  if (v < 0) return 0;
  if (v >= limit) return limit - 1;
  return v;
}

void kernel(const uint8_t *in, uint8_t *out, int width, int height) {
  for (int y = 0; y < height; y++) {
    const uint8_t *up = in + clamp_index(y - 1, height) * width;
    const uint8_t *mid = in + y * width;
    const uint8_t *down = in + clamp_index(y + 1, height) * width;
    for (int x = 0; x < width; x++) {
      int l = clamp_index(x - 1, width);
      int r = clamp_index(x + 1, width);
      int v = 5 * mid[x] - mid[l] - mid[r] - up[x] - down[x];
      if (v < 0) v = 0;
      if (v > 255) v = 255;
      out[y * width + x] = (uint8_t)v;
    }
  }
}
