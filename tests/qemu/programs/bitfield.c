// Bitfield structs: reads become UBFX/SBFX, writes BFI/BFC at -O2.
#include "semihost.h"

struct Packed {
  uint32_t a : 3;
  int32_t b : 5;
  uint32_t c : 7;
  uint32_t d : 1;
  int32_t e : 12;
  uint32_t f : 4;
};

static struct Packed g_arr[40];

int main(void) {
  for (int i = 0; i < 40; ++i) {
    struct Packed* p = &g_arr[i];
    p->a = (uint32_t)i;
    p->b = i - 20;
    p->c = (uint32_t)(i * 13);
    p->d = (uint32_t)(i & 1);
    p->e = i * -97;
    p->f = (uint32_t)(i >> 2);
  }
  int32_t s = 0;
  for (int i = 0; i < 40; ++i) {
    const struct Packed* p = &g_arr[i];
    s +=
        (int32_t)p->a * 1 + p->b * 3 + (int32_t)p->c * 5 + (int32_t)p->d * 7 + p->e * 11 + (int32_t)p->f * 13;
  }
  show_int("sum", s);
  show_hex("raw", fnv1a(g_arr, sizeof g_arr, FNV_INIT));
  g_arr[3].c = 0;
  g_arr[5].e = -1;
  uint32_t w3, w5;
  memcpy(&w3, &g_arr[3], 4);
  memcpy(&w5, &g_arr[5], 4);
  show_hex("w3", w3);
  show_hex("w5", w5);
  uint32_t x = g_arr[7].f == 1 ? 0x12345678u : 0u;
  uint32_t ex = (x >> 7) & 0x1ffu;
  int32_t sx = ((int32_t)(x << 3)) >> 20;
  show_hex("ubfx", ex);
  show_int("sbfx", sx);
  return 46;
}
