// Sieve of Eratosthenes up to 20000 with a byte array and with a bit array.
#include "semihost.h"

enum { N = 20000 };
static uint8_t g_comp[N + 1];
static uint32_t g_bits[(N + 32) / 32];

int main(void) {
  int count = 0;
  uint32_t last = 0, sum = 0;
  for (int i = 2; i <= N; ++i) {
    if (g_comp[i]) continue;
    ++count;
    last = (uint32_t)i;
    sum += (uint32_t)i;
    for (int j = i * i; j <= N; j += i) g_comp[j] = 1;
  }
  show_int("count", count);
  show_int("last", (int32_t)last);
  show_int("sum", (int32_t)sum);
  int count2 = 0;
  for (uint32_t i = 2; i <= N; ++i) {
    if (g_bits[i >> 5] & (1u << (i & 31))) continue;
    ++count2;
    for (uint32_t j = i * i; j <= N; j += i) g_bits[j >> 5] |= 1u << (j & 31);
  }
  show_int("count2", count2);
  return count == count2 ? count % 256 : 3;
}
