// Unaligned LDR/STR/LDRH/STRH (allowed: CCR.UNALIGN_TRP is clear) through packed structs and
// byte-offset pointers.
#include "semihost.h"

struct __attribute__((packed)) Rec {
  uint8_t tag;
  uint32_t value;
  uint16_t half;
  int16_t shalf;
};

static uint8_t g_buf[96];

int main(void) {
  for (unsigned i = 0; i < sizeof g_buf; ++i) g_buf[i] = (uint8_t)(i * 11 + 3);
  uint32_t h = FNV_INIT;
  for (unsigned off = 0; off < 8; ++off) {
    volatile struct Rec* r = (volatile struct Rec*)(g_buf + off);
    uint32_t v[3] = {r->value, r->half, (uint32_t)(int32_t)r->shalf};
    h = fnv1a(v, sizeof v, h);
  }
  show_hex("loads", h);
  for (unsigned off = 1; off < 40; off += 9) {
    volatile struct Rec* r = (volatile struct Rec*)(g_buf + off);
    r->value = 0xa1b2c3d4u + off;
    r->half = (uint16_t)(0xbeef + off);
    r->shalf = (int16_t)(-1000 - (int)off);
  }
  show_hex("stores", fnv1a(g_buf, sizeof g_buf, FNV_INIT));
  volatile uint32_t* w = (volatile uint32_t*)(g_buf + 3);
  show_hex("word@3", *w);
  return 55;
}
