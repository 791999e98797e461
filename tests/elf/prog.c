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
  for (;;) {
  }
}

__attribute__((section(".isr_vector"), used)) void (*const vectors[])(void) = {
    (void (*)(void)) & _estack,
    Reset_Handler,
    Default_Handler,
    Default_Handler,
};

int table[8] = {3, 1, 4, 1, 5, 9, 2, 6};
int counter;

__attribute__((noinline)) int clamp(int x, int lo, int hi) { return x < lo ? lo : x > hi ? hi : x; }

__attribute__((noinline)) int pick(int k) {
  switch (k) {
    case 0:
      return 11;
    case 1:
      return 23;
    case 2:
      return 37;
    case 3:
      return 41;
    case 4:
      return 53;
    case 5:
      return 67;
    default:
      return -1;
  }
}

// A few more shapes GCC likes at -O2: division by constants (umull/smull), saturation, bytes
// and halfwords, 64-bit arithmetic, bit fields, a dense switch (tbb), cbz.
struct pair {
  unsigned short lo;
  unsigned char tag;
  signed char delta;
};
struct pair pairs[4] = {{1, 2, -3}, {400, 5, 6}, {7, 8, -9}, {1000, 11, 12}};
unsigned long long wide = 0x123456789abcdefULL;

__attribute__((noinline)) unsigned divide(unsigned x, int y) { return x / 10 + (unsigned)(y / 7) + x % 3; }
__attribute__((noinline)) int sat(int x) { return x < 0 ? 0 : x > 255 ? 255 : x; }
__attribute__((noinline)) unsigned long long mix64(unsigned long long a, unsigned b) {
  return (a << 3) + b - (a >> 5) + (unsigned long long)b * 1000003u;
}
__attribute__((noinline)) int fields(unsigned x) { return (int)((x >> 4) & 0x3ff) - (int)((x << 3) >> 29); }
__attribute__((noinline)) int walk(const struct pair* p, int n) {
  int s = 0;
  for (int i = 0; i < n; ++i) s += p[i].lo * p[i].tag + p[i].delta;
  return s;
}
__attribute__((noinline)) int dense(int k) {
  switch (k) {
    case 0:
      return walk(pairs, 1);
    case 1:
      return sat(k * 100);
    case 2:
      return fields((unsigned)k * 0x9e3779b9u);
    case 3:
      return (int)divide((unsigned)k, -k);
    case 4:
      return k << 3;
    case 5:
      return pick(k + 1) ^ k;
    case 6:
      return clamp(k, 1, 2) | 0x40;
    case 7:
      return ~k;
    default:
      return 0;
  }
}
__attribute__((noinline)) int count_nonzero(const int* p, int n) {
  int c = 0;
  while (n-- > 0)
    if (*p++) ++c;
  return c;
}
__attribute__((noinline)) void store_bytes(unsigned char* dst, unsigned short* h, unsigned v) {
  if (!dst) return;
  dst[0] = (unsigned char)v;
  dst[1] = (unsigned char)(v >> 8);
  h[0] = (unsigned short)(v >> 16);
}

unsigned char bytes[4];
unsigned short halves[2];

int main(void) {
  int sum = 0;
  for (int i = 0; i < 8; ++i) sum += clamp(table[i], 2, 5) + pick(i) + dense(i);
  sum += walk(pairs, 4) + count_nonzero(table, 8) + sat(sum) + fields((unsigned)sum);
  wide = mix64(wide, divide((unsigned)sum, sum));
  store_bytes(bytes, halves, (unsigned)wide);
  counter = sum;
  return sum == 0x1234 ? 1 : 0;
}
