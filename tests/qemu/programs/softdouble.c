// Double precision through libgcc (__aeabi_dadd/dmul/ddiv/d2lz/l2d...): a series, a polynomial and
// conversions to and from 64-bit integers.
#include "semihost.h"

static volatile double g_seed = 0.1;

static uint64_t bits(double d) {
  uint64_t u;
  memcpy(&u, &d, 8);
  return u;
}

int main(void) {
  double e = 1.0, term = 1.0;
  for (int i = 1; i < 18; ++i) {
    term /= (double)i;
    e += term;
  }
  show_hex64("e", bits(e));
  double x = g_seed, p = 0.0;
  for (int k = 7; k >= 0; --k) p = p * x + (double)(k * k - 3);
  show_hex64("poly", bits(p));
  int64_t big = (int64_t)(e * 1e15);
  show_hex64("d2l", (uint64_t)big);
  double back = (double)(big / 3);
  show_hex64("l2d", bits(back));
  double pi = 0.0;
  for (int k = 0; k < 200; ++k) pi += (k & 1 ? -4.0 : 4.0) / (2.0 * k + 1.0);
  show_hex64("leibniz", bits(pi));
  show_int("floor", (int32_t)(pi * 1000.0));
  return 58;
}
