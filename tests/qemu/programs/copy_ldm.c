// Block copies: struct assignment and unrolled word copies, which GCC compiles to LDM/STM
// (LDMIA/STMIA with writeback), plus PUSH/POP of many registers.
#include "semihost.h"

struct Block {
  uint32_t w[12];
};

static struct Block g_src[8], g_dst[8];

__attribute__((noinline)) static void copy_blocks(struct Block* d, const struct Block* s, int n) {
  for (int i = 0; i < n; ++i) d[i] = s[i];
}

__attribute__((noinline)) static void copy4(uint32_t* d, const uint32_t* s, int n) {
  while (n >= 4) {
    uint32_t a = s[0], b = s[1], c = s[2], e = s[3];
    d[0] = a;
    d[1] = b;
    d[2] = c;
    d[3] = e;
    s += 4;
    d += 4;
    n -= 4;
  }
  while (n-- > 0) *d++ = *s++;
}

int main(void) {
  for (int i = 0; i < 8; ++i)
    for (int j = 0; j < 12; ++j) g_src[i].w[j] = (uint32_t)i * 0x1000193u + (uint32_t)j * 0x3b9aca07u;
  copy_blocks(g_dst, g_src, 8);
  show_hex("blocks", fnv1a(g_dst, sizeof g_dst, FNV_INIT));
  static uint32_t buf[61];
  copy4(buf, &g_src[0].w[0], 61);
  show_hex("copy4", fnv1a(buf, sizeof buf, FNV_INIT));
  struct Block local = g_src[3];
  local.w[5] ^= 0xffffffffu;
  g_dst[7] = local;
  show_hex("local", fnv1a(&g_dst[7], sizeof g_dst[7], FNV_INIT));
  memmove((uint8_t*)buf + 3, buf, 100);
  show_hex("memmove", fnv1a(buf, sizeof buf, FNV_INIT));
  return memcmp(g_dst, g_src, sizeof g_dst[0]) == 0 ? 43 : 1;
}
