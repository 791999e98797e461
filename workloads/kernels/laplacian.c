/* Laplacian (second derivative), offset to mid-gray.
 *
 *   lap(x, y) = in(x-1, y) + in(x+1, y) + in(x, y-1) + in(x, y+1) - 4 * in(x, y)
 *   out(x, y) = clamp(128 + lap(x, y), 0, 255)
 *
 * The weights [0 1 0; 1 -4 1; 0 1 0] sum to 0: flat regions become 128, and the sign of the
 * result (brighter or darker than 128) tells which side of an edge a pixel is on.
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
      int lap = mid[clamp_index(x - 1, width)] + mid[clamp_index(x + 1, width)] + up[x] + down[x] - 4 * mid[x];
      int v = 128 + lap;
      out[y * width + x] = (uint8_t)(v < 0 ? 0 : (v > 255 ? 255 : v));
    }
  }
}
