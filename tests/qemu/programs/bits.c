// Bit tricks: CLZ, popcount, RBIT, REV/REV16/REVSH, ctz, rotates.
#include "semihost.h"

static volatile uint32_t g_x = 0x00f0a501u;

__attribute__((noinline)) static uint32_t rbit(uint32_t x) {
  uint32_t r;
  __asm__("rbit %0, %1" : "=r"(r) : "r"(x));
  return r;
}

__attribute__((noinline)) static uint32_t rbit_c(uint32_t x) {
  uint32_t r = 0;
  for (int i = 0; i < 32; ++i) r |= ((x >> i) & 1u) << (31 - i);
  return r;
}

__attribute__((noinline)) static int16_t revsh(int16_t x) { return (int16_t)__builtin_bswap16((uint16_t)x); }

static inline uint32_t rotr(uint32_t x, unsigned n) { return (x >> (n & 31)) | (x << ((32 - n) & 31)); }

int main(void) {
  uint32_t x = g_x;
  uint32_t h = FNV_INIT;
  int mism = 0;
  for (int i = 0; i < 100; ++i) {
    uint32_t v[8] = {
        (uint32_t)(x ? __builtin_clz(x) : 32),
        (uint32_t)__builtin_popcount(x),
        rbit(x),
        __builtin_bswap32(x),
        __builtin_bswap16((uint16_t)x),
        (uint32_t)(x ? __builtin_ctz(x) : 32),
        rotr(x, (unsigned)i),
        (uint32_t)(int32_t)revsh((int16_t)x),
    };
    mism += rbit(x) != rbit_c(x);
    h = fnv1a(v, sizeof v, h);
    x = x * 1103515245u + 12345u;
    if ((i & 15) == 0) x >>= i & 31;
  }
  show_hex("bits", h);
  show_int("clz0", __builtin_clz(g_x | 1) + (g_x == 0));
  show_int("rbit-mismatch", mism);
  show_int("parity", __builtin_parity(g_x));
  return 44 + mism;
}
