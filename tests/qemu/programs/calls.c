// Calls: many arguments (some on the stack), 64-bit arguments, struct return, function pointers,
// callee-saved register pressure.
#include "semihost.h"

struct Pair {
  int32_t lo, hi;
};

__attribute__((noinline)) static int32_t many(int32_t a, int32_t b, int32_t c, int32_t d, int32_t e,
                                              int32_t f, int32_t g, int32_t h) {
  return a - b + c * 2 - d * 3 + e * 5 - f * 7 + g * 11 - h * 13;
}

__attribute__((noinline)) static int64_t wide(int32_t a, int64_t b, int32_t c, int64_t d) {
  return b * a + d - c;
}

__attribute__((noinline)) static struct Pair make_pair(int32_t x) {
  struct Pair p = {x * 3, x * 5 - 1};
  return p;
}

__attribute__((noinline)) static int32_t pressure(int32_t x) {
  int32_t a = x + 1, b = x * 2, c = x ^ 0x55, d = x - 9, e = x * x, f = x >> 1, g = ~x, h = x | 3;
  for (int i = 0; i < 4; ++i) {
    a += b;
    b ^= c;
    c -= d;
    d += e;
    e ^= f;
    f += g;
    g -= h;
    h += a;
  }
  return a + b + c + d + e + f + g + h;
}

static int32_t op_add(int32_t a, int32_t b) { return a + b; }
static int32_t op_sub(int32_t a, int32_t b) { return a - b; }
static int32_t op_mul(int32_t a, int32_t b) { return a * b; }
static int32_t op_xor(int32_t a, int32_t b) { return a ^ b; }

typedef int32_t (*BinOp)(int32_t, int32_t);
static BinOp volatile g_ops[4] = {op_add, op_sub, op_mul, op_xor};

int main(void) {
  int32_t s = 0;
  for (int i = 0; i < 20; ++i) s += many(i, i + 1, i + 2, i + 3, i + 4, i + 5, i + 6, i + 7);
  show_int("many", s);
  show_hex64("wide", (uint64_t)wide(-3, 0x123456789ll, 17, -0x100000000ll));
  struct Pair p = make_pair(1234);
  show_int("pair", p.lo + p.hi);
  show_int("pressure", pressure(77));
  int32_t acc = 1;
  for (int i = 0; i < 40; ++i) acc = g_ops[i & 3](acc, i + 3);
  show_int("fptr", acc);
  return 11;
}
