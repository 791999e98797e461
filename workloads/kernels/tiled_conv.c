/* Cache-blocked (tiled) 3x3 convolution, with the tile size as a kernel parameter.
 *
 * The same 3x3 binomial blur as im2col_gemm.c ([1 2 1; 2 4 2; 1 2 1] / 16, rounding), computed
 * tile by tile: the image is cut into tile x tile squares and each square is finished before
 * the next begins, so that the input a tile reads (tile + 2 rows of tile + 2 pixels) can stay in
 * the data cache while it is needed. The output does not depend on the tile size; the order of
 * the memory accesses, and so the cache misses and the cycles on --engine pipeline, does.
 *
 * Whether tiling pays is an experiment, not a given. A 3x3 stencil reads only three rows at a
 * time; on the default machine (1 KiB 2-way D-cache) three rows of a 128-pixel image fit, so the
 * untiled order is already as good as it gets, and small tiles only add loop overhead and
 * re-read the rows at tile edges (coffee-128.png, -O2: 3.77 M cycles untiled, 3.95 M with
 * tile=16, 4.62 M with tile=4). Tiling helps when the rows a pass needs do not fit in the cache:
 * wider images, bigger stencils, smaller caches. And no loop order cures conflict misses: with a
 * 256-byte 2-way cache of 16-byte lines, rows 128 bytes apart fall in the same set, three rows
 * compete for two ways, and every tile size misses about as often. Try:
 *   for t in 4 8 16 32 128; do
 *     m3lab run workloads/kernels/tiled_conv.c --image workloads/images/coffee-128.png \
 *           --engine pipeline -O2 --param tile=$t --stats-json tile$t.json; done
 * tile <= 0 means one tile the size of the image (the untiled loop order).
 * Border: clamp-to-edge.
 * ABI: void kernel(const uint8_t *in, uint8_t *out, int width, int height, int tile).
 */
#include <stdint.h>

static int clamp_index(int v, int limit) {
  if (v < 0) return 0;
  if (v >= limit) return limit - 1;
  return v;
}

static int min_int(int a, int b) { return a < b ? a : b; }

void kernel(const uint8_t *in, uint8_t *out, int width, int height, int tile) {
  int tw = tile > 0 ? tile : width;
  int th = tile > 0 ? tile : height;
  for (int ty = 0; ty < height; ty += th) {
    for (int tx = 0; tx < width; tx += tw) {
      int y_end = min_int(ty + th, height);
      int x_end = min_int(tx + tw, width);
      for (int y = ty; y < y_end; y++) {
        const uint8_t *up = in + clamp_index(y - 1, height) * width;
        const uint8_t *mid = in + y * width;
        const uint8_t *down = in + clamp_index(y + 1, height) * width;
        for (int x = tx; x < x_end; x++) {
          int l = clamp_index(x - 1, width);
          int r = clamp_index(x + 1, width);
          int acc = up[l] + 2 * up[x] + up[r] + 2 * mid[l] + 4 * mid[x] + 2 * mid[r] + down[l] + 2 * down[x] + down[r];
          out[y * width + x] = (uint8_t)((acc + 8) >> 4);
        }
      }
    }
  }
}
