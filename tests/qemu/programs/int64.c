// 64-bit arithmetic: add/sub with carry, multiply (UMULL/MLA), divide (libgcc __aeabi_ldivmod and
// __aeabi_uldivmod), shifts by variable amounts (including >= 32), comparisons.
#include "semihost.h"

static volatile uint64_t g_a = 0x0123456789abcdefull;
static volatile int64_t g_b = -0x00000012345678ffll;
static volatile int g_sh = 0;

int main(void) {
  uint64_t a = g_a;
  int64_t b = g_b;
  uint32_t h = FNV_INIT;
  for (int i = 0; i < 64; ++i) {
    int s = g_sh + i;
    uint64_t v[8] = {
        a + (uint64_t)b,
        a - (uint64_t)b,
        a * (uint64_t)b,
        a << s,
        a >> s,
        (uint64_t)(b >> s),
        (uint64_t)(a > (uint64_t)b) | (uint64_t)(b < (int64_t)a) << 1 | (uint64_t)((int64_t)a < b) << 2,
        a * 0x9e3779b97f4a7c15ull,
    };
    h = fnv1a(v, sizeof v, h);
    a = a * 6364136223846793005ull + 1442695040888963407ull;
    b = b * -3 + (int64_t)i;
  }
  show_hex("ops", h);
  uint32_t hd = FNV_INIT;
  int64_t nums[] = {1000000000000ll, -987654321012ll, 7, -7, 0x7fffffffffffffffll, -0x7fffffffffffffffll};
  int64_t dens[] = {3, -3, 1000, -77777, 0x100000001ll, 10};
  for (unsigned i = 0; i < 6; ++i)
    for (unsigned j = 0; j < 6; ++j) {
      int64_t x = nums[i] + g_sh, y = dens[j] + g_sh;
      int64_t v[4] = {x / y, x % y, (int64_t)((uint64_t)x / (uint64_t)y),
                      (int64_t)((uint64_t)x % (uint64_t)y)};
      hd = fnv1a(v, sizeof v, hd);
    }
  show_hex("div", hd);
  int64_t q = (int64_t)(g_a / 1000000007ull);
  show_hex64("q", (uint64_t)q);
  show_hex64("smull", (uint64_t)((int64_t)(int32_t)0x87654321 * (int64_t)(int32_t)0x7edcba98));
  return 42;
}
