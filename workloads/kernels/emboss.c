/* Emboss: a directional derivative that makes the image look lit from the top left.
 *
 *   weights  -2 -1  0
 *            -1  1  1
 *             0  1  2
 *   out(x, y) = clamp(sum of weight(dx, dy) * in(x+dx, y+dy), 0, 255)
 *
 * The weights sum to 1, so flat regions keep their value; edges facing the bottom right get
 * brighter and edges facing the top left darker. The table is a global constant array, so it
 * lives in the code region (.rodata) on the simulator.
 * Border: clamp-to-edge.
 * ABI: void kernel(const uint8_t *in, uint8_t *out, int width, int height) (docs/kernels.md).
 */
#include <stdint.h>

static const int weights[3][3] = {{-2, -1, 0}, {-1, 1, 1}, {0, 1, 2}};

static int clamp_index(int v, int limit) {
  if (v < 0) return 0;
  if (v >= limit) return limit - 1;
  return v;
}

void kernel(const uint8_t *in, uint8_t *out, int width, int height) {
  for (int y = 0; y < height; y++) {
    for (int x = 0; x < width; x++) {
      int sum = 0;
      for (int dy = -1; dy <= 1; dy++) {
        const uint8_t *row = in + clamp_index(y + dy, height) * width;
        for (int dx = -1; dx <= 1; dx++) sum += weights[dy + 1][dx + 1] * row[clamp_index(x + dx, width)];
      }
      if (sum < 0) sum = 0;
      if (sum > 255) sum = 255;
      out[y * width + x] = (uint8_t)sum;
    }
  }
}
