// Reads DWT_CYCCNT around some work. QEMU does not model the DWT (CYCCNT reads 0) and m3lab counts,
// so only value-independent facts are printed: the counter never goes backwards over short spans.
#include "semihost.h"

#define DWT_CTRL (*(volatile uint32_t*)0xE0001000u)
#define DWT_CYCCNT (*(volatile uint32_t*)0xE0001004u)
#define DEMCR (*(volatile uint32_t*)0xE000EDFCu)

int main(void) {
  DEMCR |= 1u << 24;  // TRCENA
  DWT_CTRL |= 1u;     // CYCCNTENA
  uint32_t t0 = DWT_CYCCNT;
  uint32_t acc = 0;
  for (int i = 0; i < 100; ++i) acc += (uint32_t)i * 3u;
  uint32_t t1 = DWT_CYCCNT;
  uint32_t d = t1 - t0;
  show_int("work", (int32_t)acc);
  sh_puts(d < 100000u ? "delta small: yes\n" : "delta small: no\n");
  return 52;
}
