/* Sobel edge magnitude.
 *
 * gx and gy are the horizontal and vertical Sobel derivatives:
 *   gx = [-1 0 1; -2 0 2; -1 0 1] * in      gy = [-1 -2 -1; 0 0 0; 1 2 1] * in
 * The output is |gx| + |gy| clamped to 255 (the cheap L1 magnitude, no square root).
 * Border: clamp-to-edge.
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
      int gx = (up[r] + 2 * mid[r] + down[r]) - (up[l] + 2 * mid[l] + down[l]);
      int gy = (down[l] + 2 * down[x] + down[r]) - (up[l] + 2 * up[x] + up[r]);
      if (gx < 0) gx = -gx;
      if (gy < 0) gy = -gy;
      int mag = gx + gy;
      out[y * width + x] = (uint8_t)(mag > 255 ? 255 : mag);
    }
  }
}
