/* 3x3 convolution as im2col followed by a GEMM (the way many neural-network libraries do it).
 *
 * Step 1, im2col: every output pixel's 3x3 input neighbourhood is copied into one row of a
 * matrix `cols` with 9 columns: cols[p][k] = in(x + dx_k, y + dy_k) for pixel p = y * width + x.
 * Step 2, GEMM: out = cols (P x 9) times weights (9 x F), for F filters; here F = 1, the 3x3
 * binomial blur [1 2 1; 2 4 2; 1 2 1] / 16, with a rounding shift: (acc + 8) >> 4.
 *
 * The data is read 9 times over (im2col's cost) but the GEMM is one regular loop nest: the
 * trade-off that pays on machines with fast matrix units and caches, and costs memory traffic
 * on a Cortex-M3 (compare its D-cache misses with box3x3.c's).
 *
 * Scratch space: cols is 9 * width * height bytes, in the scratch buffer the harness passes
 * in the pointer parameter after height (16 * width * height bytes; docs/kernels.md).
 * Border: clamp-to-edge (in the im2col step).
 * ABI: void kernel(const uint8_t *in, uint8_t *out, int width, int height, uint8_t *cols).
 */
#include <stdint.h>

#define K 9 /* taps per output pixel */
#define F 1 /* filters (columns of the weight matrix) */

static const int weights[K][F] = {{1}, {2}, {1}, {2}, {4}, {2}, {1}, {2}, {1}};

static int clamp_index(int v, int limit) {
  if (v < 0) return 0;
  if (v >= limit) return limit - 1;
  return v;
}

void kernel(const uint8_t *in, uint8_t *out, int width, int height, uint8_t *cols) {
  int pixels = width * height;
  /* im2col */
  for (int y = 0; y < height; y++) {
    for (int x = 0; x < width; x++) {
      uint8_t *c = cols + (y * width + x) * K;
      int k = 0;
      for (int dy = -1; dy <= 1; dy++) {
        const uint8_t *row = in + clamp_index(y + dy, height) * width;
        for (int dx = -1; dx <= 1; dx++) c[k++] = row[clamp_index(x + dx, width)];
      }
    }
  }
  /* GEMM: out[p][f] = sum over k of cols[p][k] * weights[k][f] */
  for (int p = 0; p < pixels; p++) {
    for (int f = 0; f < F; f++) {
      int acc = 0;
      for (int k = 0; k < K; k++) acc += cols[p * K + k] * weights[k][f];
      out[p * F + f] = (uint8_t)((acc + 8) >> 4);
    }
  }
}
