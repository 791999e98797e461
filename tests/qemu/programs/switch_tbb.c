// A dense switch with small case bodies: GCC emits TBB at -O2/-Os.
#include "semihost.h"

__attribute__((noinline)) static int32_t classify(uint32_t op, int32_t a, int32_t b) {
  switch (op) {
    case 0:
      return a + b;
    case 1:
      return a - b;
    case 2:
      return a * b;
    case 3:
      return a & b;
    case 4:
      return a | b;
    case 5:
      return a ^ b;
    case 6:
      return a << (b & 7);
    case 7:
      return a >> (b & 7);
    case 8:
      return -a;
    case 9:
      return ~b;
    case 10:
      return a > b ? a : b;
    case 11:
      return a < b ? a : b;
    case 12:
      return a == b;
    case 13:
      return a * 3 + b;
    case 14:
      return a - 2 * b;
    case 15:
      return 1234;
    default:
      return -1;
  }
}

int main(void) {
  int32_t acc = 5;
  uint32_t h = FNV_INIT;
  for (uint32_t i = 0; i < 300; ++i) {
    acc = classify(i % 19u, acc, (int32_t)i) & 0xffff;
    h = fnv1a(&acc, sizeof acc, h);
  }
  show_hex("tbb", h);
  show_int("acc", acc);
  return 40;
}
