/* Driver for bench/cc_kernels.sh: fills a fixed 32x32 image from a linear congruential generator,
 * calls kernel(in, out, 32, 32) once and prints a checksum of out via semihosting. Always compiled
 * by m3lab cc -O2, so that every build of a kernel shares the same driver and runtime. */
#include <m3lab.h>
#include <stdint.h>

#define W 32
#define H 32

void kernel(const uint8_t *in, uint8_t *out, int width, int height);

uint8_t in_img[W * H];
uint8_t out_img[W * H];

int main(void) {
  uint32_t seed = 12345;
  for (int i = 0; i < W * H; i++) {
    seed = seed * 1103515245u + 12345u;
    in_img[i] = (uint8_t)(seed >> 16);
  }
  kernel(in_img, out_img, W, H);
  uint32_t sum = 0;
  for (int i = 0; i < W * H; i++) sum = sum * 31u + out_img[i];
  print_hex(sum);
  putchar('\n');
  return 0;
}
