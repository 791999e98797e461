// SDIV/UDIV and modulo, with the edge cases: INT_MIN / -1 (wraps to INT_MIN) and division by zero
// (returns 0 on Cortex-M3 while CCR.DIV_0_TRP is clear).
#include "semihost.h"

static volatile int32_t g_zero = 0;
static volatile int32_t g_num[] = {0, 1, -1, 7, -7, 100, -100, 0x7fffffff, (int32_t)0x80000000, 12345678};
static volatile int32_t g_den[] = {1, -1, 2, -2, 3, -3, 7, 10, -10, 0x7fffffff, (int32_t)0x80000000, 255};
#define NN (sizeof g_num / sizeof g_num[0])
#define ND (sizeof g_den / sizeof g_den[0])

int main(void) {
  uint32_t h = FNV_INIT;
  for (unsigned i = 0; i < NN; ++i)
    for (unsigned j = 0; j < ND; ++j) {
      int32_t a = g_num[i], b = g_den[j];
      if (a == (int32_t)0x80000000 && b == -1) continue;  // UB in C: done in asm below
      int32_t q = a / b, r = a % b;
      uint32_t uq = (uint32_t)a / (uint32_t)b, ur = (uint32_t)a % (uint32_t)b;
      uint32_t v[4] = {(uint32_t)q, (uint32_t)r, uq, ur};
      h = fnv1a(v, sizeof v, h);
    }
  show_hex("div", h);
  // Division by constants becomes multiply-high sequences at -O2.
  int32_t s = 0;
  for (int32_t i = -1000; i < 1000; i += 7)
    s += i / 3 + i / 10 + i % 7 + (int32_t)((uint32_t)(i + 2000) / 9u);
  show_int("const", s);

  int32_t imin = (int32_t)0x80000000, m1 = -1, q;
  __asm__ volatile("sdiv %0, %1, %2" : "=r"(q) : "r"(imin), "r"(m1));
  show_int("intmin/-1", q);
  int32_t z = g_zero;
  int32_t dz;
  __asm__ volatile("sdiv %0, %1, %2" : "=r"(dz) : "r"(12345), "r"(z));
  show_int("sdiv0", dz);
  uint32_t uz;
  __asm__ volatile("udiv %0, %1, %2" : "=r"(uz) : "r"(0xffffffffu), "r"(z));
  show_int("udiv0", (int32_t)uz);
  return 20 + dz + (int32_t)uz + (q == imin);
}
