/* 3x3 box blur: the image kernel entry point of docs/language.md. Border pixels are copied. */
#include <stdint.h>

void kernel(const uint8_t *in, uint8_t *out, int width, int height) {
  for (int y = 0; y < height; y++) {
    for (int x = 0; x < width; x++) {
      if (x == 0 || y == 0 || x == width - 1 || y == height - 1) {
        out[y * width + x] = in[y * width + x];
        continue;
      }
      int sum = 0;
      for (int dy = -1; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++) sum += in[(y + dy) * width + (x + dx)];
      out[y * width + x] = sum / 9;
    }
  }
}
