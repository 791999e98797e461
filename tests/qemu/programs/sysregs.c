// Special registers: PRIMASK, FAULTMASK, BASEPRI (with BASEPRI_MAX), and CONTROL.SPSEL to run a
// function on the process stack, then back to the main stack.
#include "semihost.h"

static uint32_t g_psp_stack[64] __attribute__((aligned(8)));

__attribute__((noinline, used)) static uint32_t on_psp(uint32_t x) {
  uint32_t sp, control;
  __asm__ volatile("mov %0, sp" : "=r"(sp));
  __asm__ volatile("mrs %0, control" : "=r"(control));
  uint32_t in_stack = sp >= (uint32_t)g_psp_stack && sp <= (uint32_t)(g_psp_stack + 64);
  return x * 2 + in_stack * 100 + control * 1000;
}

int main(void) {
  uint32_t r;
  __asm__ volatile("cpsid i\n mrs %0, primask" : "=r"(r));
  show_int("primask-off", (int32_t)r);
  __asm__ volatile("cpsie i\n mrs %0, primask" : "=r"(r));
  show_int("primask-on", (int32_t)r);
  __asm__ volatile("cpsid f\n mrs %0, faultmask" : "=r"(r));
  show_int("faultmask", (int32_t)r);
  __asm__ volatile("cpsie f\n mrs %0, faultmask" : "=r"(r));
  show_int("faultmask-clear", (int32_t)r);
  __asm__ volatile("msr basepri, %1\n mrs %0, basepri" : "=r"(r) : "r"(0x40u));
  show_hex("basepri", r);
  __asm__ volatile("msr basepri_max, %1\n mrs %0, basepri" : "=r"(r) : "r"(0x80u));
  show_hex("basepri_max-lower", r);
  __asm__ volatile("msr basepri_max, %1\n mrs %0, basepri" : "=r"(r) : "r"(0x20u));
  show_hex("basepri_max-higher", r);
  __asm__ volatile("msr basepri, %0" : : "r"(0u));

  uint32_t psp_top = (uint32_t)(g_psp_stack + 64);
  uint32_t result;
  __asm__ volatile(
      "msr psp, %1\n"
      "mrs r4, control\n"
      "orr r4, r4, #2\n"
      "msr control, r4\n"
      "isb\n"
      "mov r0, #21\n"
      "bl on_psp\n"
      "mov %0, r0\n"
      "mrs r4, control\n"
      "bic r4, r4, #2\n"
      "msr control, r4\n"
      "isb\n"
      : "=r"(result)
      : "r"(psp_top)
      : "r0", "r1", "r2", "r3", "r4", "r12", "lr", "memory", "cc");
  show_int("psp-call", (int32_t)result);
  __asm__ volatile("mrs %0, control" : "=r"(r));
  show_int("control", (int32_t)r);
  return 62;
}
