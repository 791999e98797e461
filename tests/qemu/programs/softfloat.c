// Single-precision float through libgcc's soft-float routines (__aeabi_fadd/fmul/fdiv/f2iz/i2f...),
// which exercise long runs of shifts, CLZ and conditional code. Results print as bit patterns.
#include "semihost.h"

static volatile float g_seed = 1.5f;

static uint32_t bits(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  return u;
}

int main(void) {
  float x = g_seed, acc = 0.0f;
  uint32_t h = FNV_INIT;
  for (int i = 1; i <= 60; ++i) {
    float y = x * (float)i - 3.25f / (float)i;
    acc += y * 0.001f;
    x = x * 0.75f + 1.0f / (float)(i + 1);
    int32_t t = (int32_t)(y * 100.0f);
    uint32_t v[4] = {bits(y), bits(acc), bits(x), (uint32_t)t};
    h = fnv1a(v, sizeof v, h);
  }
  show_hex("float", h);
  show_hex("acc", bits(acc));
  // Newton's method for sqrt(2).
  float r = 1.0f;
  for (int i = 0; i < 6; ++i) r = 0.5f * (r + 2.0f / r);
  show_hex("sqrt2", bits(r));
  show_int("cmp", (acc > 1.0f) + 2 * (x < 4.0f) + 4 * (r == r));
  return 57;
}
