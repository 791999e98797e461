/* Threshold with an integer parameter.
 *
 *   out(x, y) = in(x, y) >= level ? 255 : 0
 *
 * `level` is a kernel parameter, given on the command line; the harness passes it after width and
 * height. It is the fifth argument, so per the AAPCS it goes on the stack (only the first four
 * arguments travel in r0-r3):
 *   m3lab run workloads/kernels/threshold.c --image workloads/images/coffee-128.png --param level=100
 * level <= 0 makes everything white, level > 255 everything black.
 * Border: none needed (each output pixel reads only its own input pixel).
 * ABI: void kernel(const uint8_t *in, uint8_t *out, int width, int height, int level).
 */
#include <stdint.h>

void kernel(const uint8_t *in, uint8_t *out, int width, int height, int level) {
  int n = width * height;
  for (int i = 0; i < n; i++) out[i] = in[i] >= level ? 255 : 0;
}
