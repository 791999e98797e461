// An undefined instruction (UDF, from __builtin_trap) raises UsageFault, which escalates to
// HardFault because SHCSR.USGFAULTENA is clear. The handler checks the fault status registers,
// skips the UDF by advancing the stacked PC and returns; the third fault ends the program from the
// handler with its own exit code.
#include "semihost.h"

#define SCB_CFSR (*(volatile uint32_t*)0xE000ED28u)
#define SCB_HFSR (*(volatile uint32_t*)0xE000ED2Cu)

static volatile int g_faults;
static volatile int g_continue = 1;

__attribute__((used)) void hardfault_c(uint32_t* frame) {
  uint32_t cfsr = SCB_CFSR, hfsr = SCB_HFSR;
  ++g_faults;
  sh_puts("hardfault #");
  print_int(g_faults);
  sh_puts(" undefinstr=");
  print_uint((cfsr >> 16) & 1u);
  sh_puts(" forced=");
  print_uint((hfsr >> 30) & 1u);
  uint16_t insn = *(const uint16_t*)frame[6];
  sh_puts(" insn=");
  print_hex(insn);
  sh_putchar('\n');
  SCB_CFSR = cfsr;  // write-one-to-clear
  SCB_HFSR = hfsr;
  if (g_faults == 3) {
    sh_puts("exiting from the handler\n");
    sh_exit(99);
  }
  frame[6] += 2;  // resume after the 16-bit UDF
}

// EXC_RETURN bit 2 selects MSP or PSP as the frame pointer (ARMv7-M ARM B1.5.8).
__attribute__((naked)) void HardFault_Handler(void) {
  __asm__ volatile(
      "tst lr, #4\n"
      "ite eq\n"
      "mrseq r0, msp\n"
      "mrsne r0, psp\n"
      "push {r4, lr}\n"
      "bl hardfault_c\n"
      "pop {r4, pc}\n");
}

int main(void) {
  int x = 5;
  sh_puts("before trap\n");
  if (g_continue) __asm__ volatile("udf #255");
  x += g_faults * 10;
  show_int("after first", x);
  __asm__ volatile(".short 0xde42");  // UDF #0x42
  show_int("after second", g_faults);
  // __builtin_trap() is UDF too, but GCC treats it as noreturn: only the last fault may use it.
  __builtin_trap();
  return 5;
}
