/* 16x16 integer matrix multiply (GEMM), the inner loop of im2col convolution.
 *
 * The image is read as a sequence of 16x16 tiles of bytes. Tile A is the first 256 pixels,
 * tile B the next 256. The output's first 256 pixels are C = A x B, each sum scaled back to a
 * byte with a rounding shift (sum + 2048) >> 12; the rest of the output is copied from the input.
 * Needs width * height >= 512 (a smaller image would be read past its end). im2col_gemm.c uses
 * the same kind of loop nest for a real convolution.
 * Border: none (no neighbourhoods are read).
 * ABI: void kernel(const uint8_t *in, uint8_t *out, int width, int height) (docs/kernels.md).
 */
#include <stdint.h>

#define N 16

void kernel(const uint8_t *in, uint8_t *out, int width, int height) {
  int pixels = width * height;
  const uint8_t *a = in;
  const uint8_t *b = in + N * N;
  for (int i = 0; i < N; i++) {
    for (int j = 0; j < N; j++) {
      unsigned sum = 0;
      for (int k = 0; k < N; k++) sum += a[i * N + k] * b[k * N + j];
      out[i * N + j] = (uint8_t)((sum + 2048) >> 12);
    }
  }
  for (int p = N * N; p < pixels; p++) out[p] = in[p];
}
