/* 3x3 box blur.
 *
 * Each output pixel is the rounded mean of the 3x3 neighbourhood around it:
 *   out(x, y) = (sum of in(x+dx, y+dy) for dx, dy in -1..1 + 4) / 9
 * Border: clamp-to-edge (a pixel outside the image reads the nearest edge pixel).
 *
 * The kernel ABI (docs/kernels.md): in and out are width*height bytes, row-major, one byte per
 * pixel; the harness passes them per the AAPCS in r0-r3.
 * ABI: void kernel(const uint8_t *in, uint8_t *out, int width, int height).
 */
#include <stdint.h>

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
        for (int dx = -1; dx <= 1; dx++) sum += row[clamp_index(x + dx, width)];
      }
      out[y * width + x] = (uint8_t)((sum + 4) / 9);
    }
  }
}
