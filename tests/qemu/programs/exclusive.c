// Atomics: GCC's __atomic builtins compile to LDREX/STREX loops with DMB on Cortex-M3; also an
// explicit LDREX/STREX pair, CLREX, and a byte/halfword exclusive.
#include "semihost.h"

static volatile uint32_t g_counter;
static volatile uint16_t g_half;
static volatile uint8_t g_byte;

int main(void) {
  for (int i = 0; i < 50; ++i) __atomic_fetch_add(&g_counter, (uint32_t)i, __ATOMIC_SEQ_CST);
  uint32_t old = __atomic_exchange_n(&g_counter, 77u, __ATOMIC_ACQ_REL);
  uint32_t expected = 77;
  int ok1 = __atomic_compare_exchange_n(&g_counter, &expected, 88u, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  expected = 5;
  int ok2 = __atomic_compare_exchange_n(&g_counter, &expected, 99u, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  show_int("old", (int32_t)old);
  show_int("cas", ok1 * 10 + ok2);
  show_int("expected", (int32_t)expected);
  show_int("counter", (int32_t)g_counter);
  __atomic_fetch_or(&g_half, (uint16_t)0x8001, __ATOMIC_SEQ_CST);
  __atomic_fetch_add(&g_byte, (uint8_t)200, __ATOMIC_SEQ_CST);
  __atomic_fetch_add(&g_byte, (uint8_t)100, __ATOMIC_SEQ_CST);
  show_int("half", g_half);
  show_int("byte", g_byte);
  uint32_t v, status;
  __asm__ volatile(
      "ldrex %0, [%2]\n"
      "clrex\n"
      "strex %1, %0, [%2]\n"
      : "=&r"(v), "=&r"(status)
      : "r"(&g_counter)
      : "memory");
  show_int("strex-after-clrex", (int32_t)status);
  return 61;
}
