// A second ELF test program: 64-bit division and soft-float arithmetic pull in libgcc's
// hand-written Thumb-2 routines (many instruction shapes, aliased symbols such as
// __aeabi_fadd/__addsf3 at one address), which the listing must name as objdump does.
typedef unsigned long long u64;
void Reset_Handler(void);
__attribute__((section(".isr_vector"), used)) void (*const vectors[])(void) = {(void (*)(void))0x20010000,
                                                                               Reset_Handler};
volatile u64 a = 123456789012345ULL, b = 98765;
volatile long long c = -5555555555LL;
volatile float f = 3.25f, g = 1.5f;
volatile double d = 2.5, e = 7.0;
volatile int r;
void Reset_Handler(void) {
  r = (int)(a / b) + (int)(c % 77) + (int)(a % b);
  r += (int)(f * g + f / g - g);
  r += (int)(d * e / (d - e));
  r += (int)(float)(u64)r;
  r += (r > 5) ? (int)(d < e) : (int)(f >= g);
  for (;;) {
  }
}
