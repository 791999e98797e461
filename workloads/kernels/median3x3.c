/* 3x3 median filter.
 *
 * Each output pixel is the median (the 5th smallest) of the nine pixels of its 3x3
 * neighbourhood. Unlike a blur it removes isolated outliers (salt-and-pepper noise, an impulse)
 * completely while keeping edges sharp.
 *
 * The nine values go into a local array, sorted by insertion sort: simple and, for nine
 * elements, about as fast as anything else on an in-order core. A student exercise: replace it
 * with a sorting network (19 compare-exchanges) and compare the cycle counts.
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
  int v[9];
  for (int y = 0; y < height; y++) {
    for (int x = 0; x < width; x++) {
      int n = 0;
      for (int dy = -1; dy <= 1; dy++) {
        const uint8_t *row = in + clamp_index(y + dy, height) * width;
        for (int dx = -1; dx <= 1; dx++) {
          /* Insert row[...] into the sorted prefix v[0..n). */
          int p = row[clamp_index(x + dx, width)];
          int i = n;
          while (i > 0 && v[i - 1] > p) {
            v[i] = v[i - 1];
            i--;
          }
          v[i] = p;
          n++;
        }
      }
      out[y * width + x] = (uint8_t)v[4];
    }
  }
}
