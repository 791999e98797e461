// Conditional code: min/max/abs/sign/select chains and conditional increments that GCC turns into
// IT blocks (ITE, ITT, ITTE...) with flag-setting and non-flag-setting 16-bit instructions inside.
#include "semihost.h"

static volatile int32_t g_v[] = {5, -3, 0, 100, -100, 7, 7, -2147483647, 2147483647, 42, -42, 1};
#define N (sizeof g_v / sizeof g_v[0])

__attribute__((noinline)) static int32_t sel(int32_t a, int32_t b, int32_t c) {
  int32_t r = a > b ? a - b : b - a;
  if (c < 0) r = -r;
  if (a == c)
    r += 3;
  else
    r -= 1;
  return r;
}

__attribute__((noinline)) static uint32_t flags_chain(uint32_t a, uint32_t b) {
  uint32_t r = 0;
  if (a >= b) r += 1;
  if (a < b) r += 2;
  if ((int32_t)a < 0) r |= 4;
  if (a == 0) r |= 8;
  if (a > b && b != 0) r ^= 16;
  return r;
}

int main(void) {
  int32_t mn = 0x7fffffff, mx = (int32_t)0x80000000, abs_sum = 0, signs = 0;
  uint32_t h = FNV_INIT;
  for (unsigned i = 0; i < N; ++i) {
    int32_t v = g_v[i];
    mn = v < mn ? v : mn;
    mx = v > mx ? v : mx;
    abs_sum += v < 0 ? -v : v;
    signs += (v > 0) - (v < 0);
    for (unsigned j = 0; j < N; ++j) {
      int32_t r[2] = {sel(v, g_v[j], g_v[(i + j) % N]), (int32_t)flags_chain((uint32_t)v, (uint32_t)g_v[j])};
      h = fnv1a(r, sizeof r, h);
    }
  }
  show_int("min", mn);
  show_int("max", mx);
  show_int("abs", abs_sum);
  show_int("signs", signs);
  show_hex("sel", h);
  // Explicit IT blocks, including a condition-failed instruction and a flag-setting one inside.
  uint32_t x = 10, y = 20, z = 0;
  __asm__ volatile(
      "cmp %0, %1\n"
      "itete lt\n"
      "addlt %2, %2, #1\n"
      "addge %2, %2, #2\n"
      "addlt %2, %2, #4\n"
      "addge %2, %2, #8\n"
      "cmp %1, %0\n"
      "ittt gt\n"
      "lslgt %2, %2, #2\n"
      "movgt %0, #3\n"
      "subgt %1, %1, %0\n"
      : "+r"(x), "+r"(y), "+r"(z)
      :
      : "cc");
  show_int("it", (int32_t)(z * 100 + x * 10 + y));
  return 53;
}
