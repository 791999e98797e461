// SVC: the handler decodes the SVC number from the instruction before the stacked PC and returns
// a result through the stacked r0, so the caller sees it as a return value.
#include "semihost.h"

static volatile uint32_t g_calls;

__attribute__((used)) void svc_c(uint32_t* frame) {
  const uint16_t* pc = (const uint16_t*)frame[6];
  uint32_t number = pc[-1] & 0xffu;
  ++g_calls;
  switch (number) {
    case 1:
      frame[0] = frame[0] + frame[1];
      break;
    case 2:
      frame[0] = frame[0] * frame[1];
      break;
    case 7:
      frame[0] = ~frame[0];
      break;
    default:
      frame[0] = 0xffffffffu;
      break;
  }
}

__attribute__((naked)) void SVC_Handler(void) {
  __asm__ volatile(
      "tst lr, #4\n"
      "ite eq\n"
      "mrseq r0, msp\n"
      "mrsne r0, psp\n"
      "push {r4, lr}\n"
      "bl svc_c\n"
      "pop {r4, pc}\n");
}

#define SVC2(n, a, b)                                                                        \
  ({                                                                                         \
    register uint32_t r0_ __asm__("r0") = (a);                                               \
    register uint32_t r1_ __asm__("r1") = (b);                                               \
    __asm__ volatile("svc %2" : "+r"(r0_) : "r"(r1_), "i"(n) : "r2", "r3", "r12", "memory"); \
    r0_;                                                                                     \
  })

int main(void) {
  uint32_t a = SVC2(1, 40, 2);
  uint32_t b = SVC2(2, 6, 7);
  uint32_t c = SVC2(7, 0x0f0f0f0fu, 0);
  uint32_t d = SVC2(99, 1, 2);
  show_int("add", (int32_t)a);
  show_int("mul", (int32_t)b);
  show_hex("not", c);
  show_hex("unknown", d);
  show_int("calls", (int32_t)g_calls);
  return (int)(a + b) - 30;
}
