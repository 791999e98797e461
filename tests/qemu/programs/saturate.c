// Saturation: clamps that GCC turns into USAT/SSAT at -O2, plus the instructions directly with the
// Q flag read back through APSR.
#include "semihost.h"

static volatile int32_t g_in[] = {-70000, -32769, -32768, -200, -1,    0,     1,
                                  127,    128,    255,    256,  32767, 32768, 1 << 30};
#define N (sizeof g_in / sizeof g_in[0])

__attribute__((noinline)) static int32_t clamp_u8(int32_t x) { return x < 0 ? 0 : x > 255 ? 255 : x; }
__attribute__((noinline)) static int32_t clamp_s16(int32_t x) {
  return x < -32768 ? -32768 : x > 32767 ? 32767 : x;
}

static uint32_t read_q(void) {
  uint32_t apsr;
  __asm__ volatile("mrs %0, apsr" : "=r"(apsr));
  return (apsr >> 27) & 1u;
}
static void clear_q(void) { __asm__ volatile("msr apsr_nzcvq, %0" : : "r"(0u)); }

int main(void) {
  uint32_t h = FNV_INIT;
  int qs = 0;
  for (unsigned i = 0; i < N; ++i) {
    int32_t x = g_in[i];
    int32_t u, s, u3;
    clear_q();
    __asm__ volatile("usat %0, #8, %1" : "=r"(u) : "r"(x));
    qs += (int)read_q();
    clear_q();
    __asm__ volatile("ssat %0, #16, %1" : "=r"(s) : "r"(x));
    qs += (int)read_q() << 4;
    __asm__ volatile("usat %0, #3, %1, lsl #2" : "=r"(u3) : "r"(x));
    int32_t v[5] = {clamp_u8(x), clamp_s16(x), u, s, u3};
    h = fnv1a(v, sizeof v, h);
  }
  show_hex("sat", h);
  show_int("qcount", qs);
  int32_t ssat_asr;
  __asm__ volatile("ssat %0, #4, %1, asr #3" : "=r"(ssat_asr) : "r"(-1000));
  show_int("ssat_asr", ssat_asr);
  return 45;
}
