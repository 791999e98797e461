// An LDRD from an address that is not word-aligned faults even with CCR.UNALIGN_TRP clear
// (ARMv7-M ARM A3.2.1). No handler is installed, so the runtime's default handler reports the
// HardFault (UsageFault escalated) with the stacked PC and exits with status 243.
#include "semihost.h"

static uint32_t g_words[4] = {0x11111111u, 0x22222222u, 0x33333333u, 0x44444444u};

int main(void) {
  uint32_t lo, hi;
  const uint8_t* p = (const uint8_t*)g_words;
  __asm__ volatile("ldrd %0, %1, [%2]" : "=r"(lo), "=r"(hi) : "r"(p));
  show_hex("aligned", lo ^ hi);
  __asm__ volatile("ldrd %0, %1, [%2]" : "=r"(lo), "=r"(hi) : "r"(p + 2));
  sh_puts("not reached\n");
  return 1;
}
