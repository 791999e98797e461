// A dense switch whose case bodies are too large for byte offsets: GCC emits TBH.
#include "semihost.h"

static volatile uint32_t g_k = 0x9e3779b9u;

#define BIG_CASE(n)                                                   \
  case n: {                                                           \
    uint32_t t = x;                                                   \
    for (int i = 0; i < (n % 3) + 1; ++i) t = t * (2u * n + 1) + g_k; \
    t ^= t >> (n % 13 + 1);                                           \
    t += (x << (n % 5)) - (uint32_t)n * 977u;                         \
    t = (t % (n + 7u)) + t / (n + 3u);                                \
    return t ^ (uint32_t)(n * 0x01010101u);                           \
  }

__attribute__((noinline)) static uint32_t dispatch(uint32_t op, uint32_t x) {
  switch (op) {
    BIG_CASE(0)
        BIG_CASE(1) BIG_CASE(2) BIG_CASE(3) BIG_CASE(4) BIG_CASE(5) BIG_CASE(6) BIG_CASE(7) BIG_CASE(8)
            BIG_CASE(9) BIG_CASE(10) BIG_CASE(11) BIG_CASE(12) BIG_CASE(13) BIG_CASE(14) BIG_CASE(15)
                BIG_CASE(16) BIG_CASE(17) BIG_CASE(18) BIG_CASE(19) BIG_CASE(20) BIG_CASE(21) BIG_CASE(22)
                    BIG_CASE(23) BIG_CASE(24) BIG_CASE(25) BIG_CASE(26) BIG_CASE(27) BIG_CASE(28) BIG_CASE(29)
                        BIG_CASE(30) BIG_CASE(31) default : return x +
                                                            1;
  }
}

int main(void) {
  uint32_t x = 1;
  for (uint32_t i = 0; i < 200; ++i) x = dispatch((x ^ i) % 34u, x + i);
  show_hex("tbh", x);
  return 41;
}
