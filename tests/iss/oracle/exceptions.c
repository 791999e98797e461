/* Exceptions: SVC, UDF, BKPT escalation, an unaligned LDRD inside an IT block, and IT blocks
 * whose instructions fail their condition. */
#include <stdint.h>
void puts_(const char* s);
extern volatile int svc_count, fault_count, svc_udf;
extern volatile uint32_t last_xpsr, last_cfsr, last_hfsr;
static char buf[16];
static void hex(uint32_t v) {
  for (int i = 0; i < 8; ++i) buf[i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 15];
  buf[8] = '\n';
  buf[9] = 0;
  puts_(buf);
}
uint64_t words[4] = {1, 2, 3, 4};

/* Calls fn in thread mode on the process stack (CONTROL.SPSEL = 1), then switches back. */
__attribute__((naked)) int run_on_psp(int (*fn)(void), uint32_t psp) {
  __asm__ volatile(
      "push {r4, lr}\n msr psp, r1\n movs r1, #2\n msr control, r1\n isb\n"
      "blx r0\n"
      "movs r1, #0\n msr control, r1\n isb\n pop {r4, pc}\n");
}
static int on_psp(void) {
  uint32_t control, sp;
  __asm__ volatile("mrs %0, control" : "=r"(control));
  __asm__ volatile("mov %0, sp" : "=r"(sp));
  __asm__ volatile("svc 1\n svc 2");
  __asm__ volatile("udf #9");
  return (int)(control * 1000 + (sp >> 12) + svc_count);
}
int main(void) {
  int acc = 0;
  for (int i = 0; i < 5; ++i) {
    __asm__ volatile("svc 7");
    acc += svc_count;
  }
  __asm__ volatile("udf #3");
  hex(last_cfsr);
  hex(last_hfsr);
  __asm__ volatile("bkpt 0x01");
  /* an unaligned LDRD faults (UNALIGNED), in an IT block with a failing condition before it */
  uint32_t r0v, r1v;
  const char* p = (const char*)words + 1;
  __asm__ volatile("cmp %2, %2\n itet eq\n ldrdeq %0, %1, [%2]\n movne %0, #1\n moveq %1, #2\n"
                   : "=&r"(r0v), "=&r"(r1v)
                   : "r"(p)
                   : "cc");
  hex(last_xpsr);
  hex(last_cfsr);
  /* an IT block whose instructions all fail */
  int z = 1;
  __asm__ volatile("cmp %0, #1\n itt ne\n addne %0, %0, #5\n addne %0, %0, #7\n" : "+r"(z) : : "cc");
  acc += z + fault_count * 100;
  acc += run_on_psp(on_psp, 0x20008000);
  /* a fault inside the SVC handler: HardFault nests (EXC_RETURN 0xFFFFFFF1) and returns to it */
  svc_udf = 1;
  __asm__ volatile("svc 9");
  svc_udf = 0;
  hex(last_xpsr);
  acc += svc_count + fault_count;
  hex(acc);
  return acc & 0x7f;
}
