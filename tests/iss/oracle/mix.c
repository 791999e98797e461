/* Instruction variety: division, bitfields, count-leading-zeros, byte reversal, long multiplies,
 * saturation, block copies (LDM/STM), table branches, exclusives, and 64-bit shifts. */
#include <stdint.h>
void puts_(const char* s);
static char buf[16];
static void hex(uint32_t v) {
  for (int i = 0; i < 8; ++i) buf[i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 15];
  buf[8] = '\n';
  buf[9] = 0;
  puts_(buf);
}
struct blk {
  uint32_t w[8];
};
volatile struct blk src_blk = {{1, 2, 3, 4, 5, 6, 7, 8}}, dst_blk;
volatile int32_t vals[16];
volatile uint32_t lock;
__attribute__((noinline)) int sw(int x) {
  switch (x) {
    case 0:
      return 3;
    case 1:
      return 14;
    case 2:
      return 15;
    case 3:
      return 92;
    case 4:
      return 65;
    case 5:
      return 35;
    case 6:
      return 89;
    case 7:
      return 79;
    case 8:
      return 32;
    case 9:
      return 38;
    case 10:
      return 46;
    case 11:
      return 26;
    case 12:
      return 43;
    default:
      return 0;
  }
}
__attribute__((noinline)) int sw16(int x) {
  switch (x) {
    case 0:
      return 1000;
    case 1:
      return 2000;
    case 2:
      return 3000;
    case 3:
      return 4000;
    case 4:
      return 5000;
    case 5:
      return 6000;
    case 6:
      return 7000;
    case 7:
      return 8000;
    case 8:
      return 9000;
    case 9:
      return 10000;
    case 10:
      return 11000;
    case 11:
      return 12000;
    case 12:
      return 13000;
    case 13:
      return 14000;
    case 14:
      return 15000;
    case 15:
      return 16000;
    case 16:
      return 17000;
    case 17:
      return 18000;
    case 18:
      return 19000;
    case 19:
      return 20000;
    case 20:
      return 21000;
    case 21:
      return 22000;
    case 22:
      return 23000;
    case 23:
      return 24000;
    case 24:
      return 25000;
    case 25:
      return 26000;
    case 26:
      return 27000;
    case 27:
      return 28000;
    case 28:
      return 29000;
    case 29:
      return 30000;
    case 30:
      return 31000;
    case 31:
      return 32000;
    case 32:
      return 33000;
    case 33:
      return 34000;
    case 34:
      return 35000;
    case 35:
      return 36000;
    case 36:
      return 37000;
    case 37:
      return 38000;
    case 38:
      return 39000;
    case 39:
      return 40000;
    case 40:
      return 41000;
    case 41:
      return 42000;
    case 42:
      return 43000;
    case 43:
      return 44000;
    case 44:
      return 45000;
    case 45:
      return 46000;
    case 46:
      return 47000;
    case 47:
      return 48000;
    case 48:
      return 49000;
    case 49:
      return 50000;
    case 50:
      return 51000;
    case 51:
      return 52000;
    case 52:
      return 53000;
    case 53:
      return 54000;
    case 54:
      return 55000;
    case 55:
      return 56000;
    case 56:
      return 57000;
    case 57:
      return 58000;
    case 58:
      return 59000;
    case 59:
      return 60000;
    case 60:
      return 61000;
    case 61:
      return 62000;
    case 62:
      return 63000;
    case 63:
      return 64000;
    case 64:
      return 65000;
    case 65:
      return 66000;
    case 66:
      return 67000;
    case 67:
      return 68000;
    case 68:
      return 69000;
    case 69:
      return 70000;
    case 70:
      return 71000;
    case 71:
      return 72000;
    case 72:
      return 73000;
    case 73:
      return 74000;
    case 74:
      return 75000;
    case 75:
      return 76000;
    case 76:
      return 77000;
    case 77:
      return 78000;
    case 78:
      return 79000;
    case 79:
      return 80000;
    default:
      return -1;
  }
}
__attribute__((noinline)) uint32_t op(int k, uint32_t a, uint32_t b) {
  switch (k) {
    case 0:
      return a + b;
    case 1:
      return a - b;
    case 2:
      return a ^ (b << 3);
    case 3:
      return a * b;
    case 4:
      return a / (b | 1);
    case 5:
      return (a >> 7) | (b << 25);
    case 6:
      return ~a & b;
    case 7:
      return a % (b | 1);
    case 8:
      return (uint32_t)__builtin_clz(a | 1) + b;
    case 9:
      return __builtin_bswap32(a) - b;
    default:
      return a;
  }
}
struct bits {
  unsigned a : 3, b : 7, c : 11, d : 11;
};
int main(void) {
  uint32_t h = 0x811c9dc5u;
  int32_t x = -123456789;
  uint32_t u = 0xdeadbeefu;
  for (int i = 1; i < 40; ++i) {
    int32_t d = x / (i - 20 == 0 ? 7 : i - 20);
    uint32_t q = u / (uint32_t)i, r = u % (uint32_t)(i + 3);
    h = (h ^ (uint32_t)d) * 16777619u;
    h = (h ^ q ^ r) * 16777619u;
    h ^= (uint32_t)__builtin_clz(u >> (i % 31)) + __builtin_bswap32(h) +
         (uint32_t)__builtin_bswap16((uint16_t)h);
    uint64_t m = (uint64_t)u * (uint64_t)(h | 1);
    int64_t sm = (int64_t)x * (int64_t)(int32_t)h + (int64_t)i;
    h += (uint32_t)(m >> 32) ^ (uint32_t)m ^ (uint32_t)(sm >> 17) ^ (uint32_t)(sm >> 45);
    int32_t v = (int32_t)(h >> 8) - 0x7fffff;
    int32_t c1 = v > 127 ? 127 : v < -128 ? -128 : v;
    uint32_t c2 = v > 4095 ? 4095 : v < 0 ? 0 : (uint32_t)v;
    vals[i & 15] = c1 + (int32_t)c2;
    struct bits b = {.a = (unsigned)i, .b = h, .c = h >> 7, .d = u};
    h += b.a * 3 + b.b * 5 + b.c * 7 + b.d;
    h += (uint32_t)sw(i % 15) + (uint32_t)sw16((int)(h % 83));
    u = (u << 3) | (u >> 29);
    x = x * 3 + (int32_t)(h & 0xffff);
    uint64_t sh = ((uint64_t)h << 32 | u) >> (i % 50);
    h ^= (uint32_t)sh ^ (uint32_t)(sh >> 32);
  }
  for (int k = 0; k < 60; ++k) h = op(k % 11, h, u + (uint32_t)k);
  dst_blk = src_blk;
  for (int i = 0; i < 8; ++i) h += dst_blk.w[i] * (uint32_t)(i + 1);
  for (int i = 0; i < 16; ++i) h = h * 33 + (uint32_t)vals[i];
  uint32_t old;
  uint32_t fail;
  do {
    __asm__ volatile("ldrex %0, [%1]" : "=r"(old) : "r"(&lock) : "memory");
    __asm__ volatile("strex %0, %2, [%1]" : "=&r"(fail) : "r"(&lock), "r"(old + 5) : "memory");
  } while (fail);
  h += lock;
  hex(h);
  return (int)(h & 0x7f);
}
