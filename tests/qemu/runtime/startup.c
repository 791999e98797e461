// Start-up code for the bare-metal test programs: vector table, reset handler, default fault
// handlers and the memory routines GCC may call even with -ffreestanding.
#include <stdint.h>

#include "semihost.h"

extern uint32_t _estack;
extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss;

int main(void);
void Reset_Handler(void);
void Default_Handler(void);

// Weak aliases: a program overrides a handler by defining a function of the same name.
void NMI_Handler(void) __attribute__((weak, alias("Default_Handler")));
void HardFault_Handler(void) __attribute__((weak, alias("Default_Handler")));
void MemManage_Handler(void) __attribute__((weak, alias("Default_Handler")));
void BusFault_Handler(void) __attribute__((weak, alias("Default_Handler")));
void UsageFault_Handler(void) __attribute__((weak, alias("Default_Handler")));
void SVC_Handler(void) __attribute__((weak, alias("Default_Handler")));
void DebugMon_Handler(void) __attribute__((weak, alias("Default_Handler")));
void PendSV_Handler(void) __attribute__((weak, alias("Default_Handler")));
void SysTick_Handler(void) __attribute__((weak, alias("Default_Handler")));

typedef void (*Vector)(void);

// ARMv7-M ARM B1.5.3: entry 0 is the initial SP, entry n the handler of exception n.
__attribute__((section(".isr_vector"), used)) const Vector g_vectors[16] = {
    (Vector)(uintptr_t)&_estack,
    Reset_Handler,
    NMI_Handler,
    HardFault_Handler,
    MemManage_Handler,
    BusFault_Handler,
    UsageFault_Handler,
    0,
    0,
    0,
    0,
    SVC_Handler,
    DebugMon_Handler,
    0,
    PendSV_Handler,
    SysTick_Handler,
};

// GCC recognises these loops as memset/memcpy idioms and would turn them into calls to
// themselves; the attribute keeps them as loops.
#define NO_LIBCALL_IDIOMS __attribute__((optimize("no-tree-loop-distribute-patterns")))

NO_LIBCALL_IDIOMS void* memset(void* d, int c, unsigned n) {
  unsigned char* p = (unsigned char*)d;
  while (n--) *p++ = (unsigned char)c;
  return d;
}

NO_LIBCALL_IDIOMS void* memcpy(void* d, const void* s, unsigned n) {
  unsigned char* p = (unsigned char*)d;
  const unsigned char* q = (const unsigned char*)s;
  while (n--) *p++ = *q++;
  return d;
}

NO_LIBCALL_IDIOMS void* memmove(void* d, const void* s, unsigned n) {
  unsigned char* p = (unsigned char*)d;
  const unsigned char* q = (const unsigned char*)s;
  if (p < q) {
    while (n--) *p++ = *q++;
  } else {
    p += n;
    q += n;
    while (n--) *--p = *--q;
  }
  return d;
}

int memcmp(const void* a, const void* b, unsigned n) {
  const unsigned char* p = (const unsigned char*)a;
  const unsigned char* q = (const unsigned char*)b;
  for (; n; --n, ++p, ++q)
    if (*p != *q) return *p - *q;
  return 0;
}

NO_LIBCALL_IDIOMS void Reset_Handler(void) {
  uint32_t* src = &_sidata;
  for (uint32_t* dst = &_sdata; dst < &_edata;) *dst++ = *src++;
  for (uint32_t* dst = &_sbss; dst < &_ebss;) *dst++ = 0;
  sh_exit(main());
}

// Exit status of an unexpected exception: 240 + exception number (HardFault = 243, SVC = 251).
enum { kUnexpectedExceptionExit = 240 };

// Called with the stacked exception frame (r0-r3, r12, lr, pc, xpsr).
__attribute__((noreturn, used)) void default_handler_report(const uint32_t* frame) {
  uint32_t ipsr;
  __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
  sh_puts("*** unexpected exception ");
  print_uint(ipsr & 0x1ffu);
  sh_puts(" at pc=");
  print_hex(frame[6]);
  sh_putchar('\n');
  sh_exit(kUnexpectedExceptionExit + (int)(ipsr & 0xfu));
}

// EXC_RETURN bit 2 tells which stack holds the frame (ARMv7-M ARM B1.5.8).
__attribute__((naked)) void Default_Handler(void) {
  __asm__ volatile(
      "tst lr, #4\n"
      "ite eq\n"
      "mrseq r0, msp\n"
      "mrsne r0, psp\n"
      "b default_handler_report\n");
}
