/* Start-up for the ISS-versus-QEMU test programs: vector table, .data/.bss set-up, semihosting
 * console and exit, an SVC handler that counts, and a HardFault handler that records the fault
 * status registers and skips the faulting instruction (16 or 32 bits). */
#include <stdint.h>
extern uint32_t _etext, _sdata, _edata, _sbss, _ebss, _stack_top;
int main(void);

static inline uint32_t semihost(uint32_t op, const void* arg) {
  register uint32_t r0 __asm__("r0") = op;
  register const void* r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}
void puts_(const char* s) { semihost(4, s); }
void exit_(int code) {
  uint32_t block[2] = {0x20026, (uint32_t)code}; /* ADP_Stopped_ApplicationExit, code */
  semihost(0x20, block);
  for (;;) {
  }
}
/* GCC may call these even with -ffreestanding. */
void* memset(void* d, int c, unsigned n) {
  unsigned char* p = d;
  while (n--) *p++ = (unsigned char)c;
  return d;
}
void* memcpy(void* d, const void* s, unsigned n) {
  unsigned char* p = d;
  const unsigned char* q = s;
  while (n--) *p++ = *q++;
  return d;
}

void reset_handler(void) {
  uint32_t *src = &_etext, *dst = &_sdata;
  while (dst < &_edata) *dst++ = *src++;
  for (dst = &_sbss; dst < &_ebss;) *dst++ = 0;
  exit_(main());
}

volatile int svc_count, fault_count;
volatile uint32_t last_xpsr, last_cfsr, last_hfsr;
volatile int svc_udf; /* set: the SVC handler faults, and HardFault nests on top of it */
void svc_handler(void) {
  svc_count++;
  if (svc_udf) __asm__ volatile("udf #5");
}
void hardfault_c(uint32_t* frame) {
  fault_count++;
  last_xpsr = frame[7];
  last_cfsr = *(volatile uint32_t*)0xE000ED28;
  last_hfsr = *(volatile uint32_t*)0xE000ED2C;
  uint16_t hw = *(uint16_t*)frame[6];
  frame[6] += ((hw >> 11) >= 0x1d) ? 4 : 2;
}
__attribute__((naked)) void hardfault_handler(void) {
  __asm__ volatile("tst lr, #4\n ite eq\n mrseq r0, msp\n mrsne r0, psp\n b hardfault_c\n");
}

__attribute__((section(".vectors"))) void (*const vectors[16])(void) = {(void (*)(void)) & _stack_top,
                                                                        reset_handler,
                                                                        0,
                                                                        hardfault_handler,
                                                                        0,
                                                                        0,
                                                                        0,
                                                                        0,
                                                                        0,
                                                                        0,
                                                                        0,
                                                                        svc_handler,
                                                                        0,
                                                                        0,
                                                                        0,
                                                                        0};
