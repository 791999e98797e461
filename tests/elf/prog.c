// A tiny bare-metal program for the ELF tests: a vector table, start-up code that copies .data and
// zeroes .bss, and a main with a loop, a switch and a conditional (IT block) at -O2.
typedef unsigned int u32;

extern u32 _sidata, _sdata, _edata, _sbss, _ebss, _estack;
int main(void);

void Reset_Handler(void) {
  u32* src = &_sidata;
  for (u32* dst = &_sdata; dst < &_edata;) *dst++ = *src++;
  for (u32* dst = &_sbss; dst < &_ebss;) *dst++ = 0;
  main();
  for (;;) __asm volatile("bkpt 0xab");
}

void Default_Handler(void) {
  for (;;) {}
}

__attribute__((section(".isr_vector"), used)) void (*const vectors[])(void) = {
    (void (*)(void))&_estack, Reset_Handler, Default_Handler, Default_Handler,
};

int table[8] = {3, 1, 4, 1, 5, 9, 2, 6};
int counter;

__attribute__((noinline)) int clamp(int x, int lo, int hi) { return x < lo ? lo : x > hi ? hi : x; }

__attribute__((noinline)) int pick(int k) {
  switch (k) {
    case 0: return 11;
    case 1: return 23;
    case 2: return 37;
    case 3: return 41;
    case 4: return 53;
    case 5: return 67;
    default: return -1;
  }
}

int main(void) {
  int sum = 0;
  for (int i = 0; i < 8; ++i) sum += clamp(table[i], 2, 5) + pick(i);
  counter = sum;
  return sum == 0x1234 ? 1 : 0;
}
