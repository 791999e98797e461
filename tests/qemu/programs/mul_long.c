// Multiplies: MUL, MLA, MLS, UMULL, SMULL, UMLAL, SMLAL, and 32x32->64 multiply-accumulate loops.
#include "semihost.h"

static volatile uint32_t g_x[] = {0, 1, 0xffffffffu, 0x80000000u, 0x7fffffffu, 0x12345678u, 0xfedcba98u, 3};
#define N (sizeof g_x / sizeof g_x[0])

int main(void) {
  uint32_t h = FNV_INIT;
  for (unsigned i = 0; i < N; ++i)
    for (unsigned j = 0; j < N; ++j) {
      uint32_t a = g_x[i], b = g_x[j], c = g_x[(i + j) % N];
      uint32_t mla, mls, ul, uh, sl, sh, al = c, ah = a, bl = b, bh = c;
      __asm__("mla %0, %1, %2, %3" : "=r"(mla) : "r"(a), "r"(b), "r"(c));
      __asm__("mls %0, %1, %2, %3" : "=r"(mls) : "r"(a), "r"(b), "r"(c));
      __asm__("umull %0, %1, %2, %3" : "=&r"(ul), "=&r"(uh) : "r"(a), "r"(b));
      __asm__("smull %0, %1, %2, %3" : "=&r"(sl), "=&r"(sh) : "r"(a), "r"(b));
      __asm__("umlal %0, %1, %2, %3" : "+&r"(al), "+&r"(ah) : "r"(a), "r"(b));
      __asm__("smlal %0, %1, %2, %3" : "+&r"(bl), "+&r"(bh) : "r"(a), "r"(b));
      uint32_t v[11] = {a * b, mla, mls, ul, uh, sl, sh, al, ah, bl, bh};
      h = fnv1a(v, sizeof v, h);
    }
  show_hex("mul", h);
  int64_t dot = 0;
  uint64_t udot = 0;
  for (int i = 0; i < 100; ++i) {
    int32_t a = (i * 2654435761u) >> 1, b = -(int32_t)(i * 40503u);
    dot += (int64_t)a * b;
    udot += (uint64_t)(uint32_t)a * (uint32_t)(i * 97u);
  }
  show_hex64("dot", (uint64_t)dot);
  show_hex64("udot", udot);
  return 56;
}
