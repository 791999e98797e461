// Signed and unsigned comparisons (all condition codes), on boundary values.
#include "semihost.h"

static volatile int32_t g_vals[] = {0, 1, -1, 2, -2, 0x7fffffff, (int32_t)0x80000000, 100, -100, 0x40000000};
#define N (sizeof g_vals / sizeof g_vals[0])

__attribute__((noinline)) static uint32_t cmp_bits(int32_t a, int32_t b) {
  uint32_t ua = (uint32_t)a, ub = (uint32_t)b;
  uint32_t r = 0;
  r |= (uint32_t)(a < b) << 0;
  r |= (uint32_t)(a <= b) << 1;
  r |= (uint32_t)(a > b) << 2;
  r |= (uint32_t)(a >= b) << 3;
  r |= (uint32_t)(a == b) << 4;
  r |= (uint32_t)(a != b) << 5;
  r |= (uint32_t)(ua < ub) << 6;
  r |= (uint32_t)(ua <= ub) << 7;
  r |= (uint32_t)(ua > ub) << 8;
  r |= (uint32_t)(ua >= ub) << 9;
  r |= (uint32_t)(a < 0) << 10;
  r |= (uint32_t)((a & b) == 0) << 11;
  r |= (uint32_t)(a == -b) << 12;
  return r;
}

int main(void) {
  uint32_t h = FNV_INIT;
  int lt = 0;
  for (unsigned i = 0; i < N; ++i)
    for (unsigned j = 0; j < N; ++j) {
      uint32_t r = cmp_bits(g_vals[i], g_vals[j]);
      h = fnv1a(&r, sizeof r, h);
      lt += (int)(r & 1);
    }
  show_hex("cmp", h);
  show_int("lt", lt);
  show_hex("m1", cmp_bits(-1, 1));
  show_hex("m2", cmp_bits((int32_t)0x80000000, 0x7fffffff));
  return lt;
}
