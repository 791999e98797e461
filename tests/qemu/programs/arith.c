// Integer arithmetic: add/sub/mul/shift/logic with carries and overflow, on values the compiler
// cannot fold (they come through a volatile array).
#include "semihost.h"

static volatile uint32_t g_seed[4] = {0x12345678u, 0x9abcdef0u, 0x7fffffffu, 0x80000000u};

__attribute__((noinline)) static uint32_t mix(uint32_t a, uint32_t b, int k) {
  uint32_t r = a + b;
  r ^= (a - b) << (k & 7);
  r += (a * b) >> (k & 15);
  r |= (uint32_t)((int32_t)a >> (k & 31)) & 0xff00u;
  r -= ~b & a;
  r += (b << 3) - (b >> 5) + (uint32_t)(-(int32_t)a);
  return r;
}

int main(void) {
  uint32_t h = 0;
  for (int i = 0; i < 200; ++i) {
    uint32_t a = g_seed[i & 3] + (uint32_t)i * 0x01000193u;
    uint32_t b = g_seed[(i + 1) & 3] ^ (uint32_t)(i << 9);
    h = mix(h ^ a, b, i) + (h << 1) + (h >> 31);
  }
  show_hex("mix", h);
  int32_t s = 0;
  for (int32_t i = -50; i < 50; ++i) s += i * i * i - 7 * i + (i % 3);
  show_int("poly", s);
  int32_t mx = (int32_t)g_seed[2];
  show_int("wrap", (int32_t)((uint32_t)mx + 1u));
  show_hex("mulhi", (uint32_t)(((uint64_t)g_seed[0] * g_seed[1]) >> 32));
  return (int)(h & 0x7f) | 1;
}
