#include "test.h"

/* Idioms the -O1/-O2 optimiser rewrites (inlining, if-conversion, USAT/SSAT, LICM, strength
 * reduction, post-indexing, MLA, shifted operands, scheduling) and register pressure that forces
 * spills; every result is checked against the host build. */

static int clamp_index(int v, int limit) {
  if (v < 0) return 0;
  if (v >= limit) return limit - 1;
  return v;
}
static int clamp_u8(int v) { return v < 0 ? 0 : v > 255 ? 255 : v; }
static int clamp_s8(int v) { return v > 127 ? 127 : v < -128 ? -128 : v; }
static int clamp_odd(int v) { return v < 1 ? 1 : v > 200 ? 200 : v; }
static int iabs(int v) { if (v < 0) v = -v; return v; }

int dot(const unsigned char *a, const unsigned char *b, int n) {
  int s = 0;
  for (int i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}

int column_sum(const unsigned char *m, int rows, int stride, int col) {
  int s = 0;
  for (int r = 0; r < rows; r++) s += m[r * stride + col];
  return s;
}

int invariant_mul(int a, int b, int n) {
  int s = 0;
  for (int i = 0; i < n; i++) s += a * b + i;
  return s;
}

void copy_bytes(unsigned char *dst, const unsigned char *src, int n) {
  for (int i = 0; i < n; i++) dst[i] = src[i];
}

int many_live(int a, int b, int c, int d, int e, int f, int g) {
  int v1 = a + 1, v2 = b * 2, v3 = c - 3, v4 = d ^ 4, v5 = e | 5, v6 = f & 6, v7 = g + 7;
  int v8 = a * b, v9 = c * d, v10 = e * f, v11 = g * a, v12 = b * c, v13 = d * e, v14 = f * g;
  int v15 = v1 + v8, v16 = v2 + v9;
  int s = 0;
  for (int i = 0; i < 3; i++) {
    s += v1 * i + v2 - v3 + v4 * v5 - v6 + v7;
    s ^= v8 + v9 * i - v10 + v11 - v12 + v13 + v14 + v15 * v16;
    v1 += v16;
    v16 -= v15;
  }
  return s + v1 + v2 + v3 + v4 + v5 + v6 + v7 + v8 + v9 + v10 + v11 + v12 + v13 + v14 + v15 + v16;
}

int sum_calls(int n) {
  int a = n + 1, b = n + 2, c = n + 3, d = n + 4, e = n + 5, f = n + 6, g = n + 7, h = n + 8, k = n + 9;
  int s = clamp_index(a, 3) + clamp_index(b, 100);
  s += dot((const unsigned char *)"abc", (const unsigned char *)"xyz", 3);
  return s + a + b + c + d + e + f + g + h + k;
}

short narrow_store(int v) {
  unsigned char b[2];
  b[0] = (unsigned char)(v + 300);
  b[1] = (unsigned char)v;
  short s = (short)(v * 1000);
  return s + b[0] + b[1];
}

int sel_chain(int x, int y) {
  int m = x > y ? x : y;
  int n = x < y ? x : y;
  unsigned u = (unsigned)x < (unsigned)y ? 1u : 2u;
  return m * 100 + n * 10 + (int)u;
}

int main(void) {
  unsigned char a[16], b[16], m[64], c[16];
  for (int i = 0; i < 16; i++) {
    a[i] = (unsigned char)(i * 7 + 1);
    b[i] = (unsigned char)(200 - i * 3);
  }
  for (int i = 0; i < 64; i++) m[i] = (unsigned char)(i * 13);
  ASSERT(0, clamp_index(-5, 10));
  ASSERT(9, clamp_index(12, 10));
  ASSERT(4, clamp_index(4, 10));
  ASSERT(0, clamp_u8(-1));
  ASSERT(255, clamp_u8(256));
  ASSERT(17, clamp_u8(17));
  ASSERT(-128, clamp_s8(-1000));
  ASSERT(127, clamp_s8(128));
  ASSERT(-5, clamp_s8(-5));
  ASSERT(1, clamp_odd(0));
  ASSERT(200, clamp_odd(201));
  ASSERT(7, iabs(-7));
  ASSERT(7, iabs(7));
  ASSERT(-2147483647 - 1, iabs(-2147483647 - 1));
  ASSERT(dot(a, b, 16), dot(a, b, 16));
  ASSERT(144800, dot(a, b, 16));
  ASSERT(0, dot(a, b, 0));
  ASSERT(column_sum(m, 8, 8, 3), column_sum(m, 8, 8, 3));
  ASSERT(1176, column_sum(m, 8, 8, 3));
  ASSERT(39, invariant_mul(3, 4, 3));
  ASSERT(0, invariant_mul(3, 4, 0));
  copy_bytes(c, a, 16);
  ASSERT(106, c[15]);
  ASSERT(1, c[0]);
  ASSERT(many_live(1, 2, 3, 4, 5, 6, 7), many_live(1, 2, 3, 4, 5, 6, 7));
  ASSERT(515, many_live(1, 2, 3, 4, 5, 6, 7));
  ASSERT(35665, sum_calls(4));
  ASSERT(-6714, narrow_store(-7));
  ASSERT(531, sel_chain(3, 5));
  ASSERT(472, sel_chain(-3, 5));
  for (int x = -300; x <= 300; x += 50) {
    int want = x < 0 ? 0 : x > 255 ? 255 : x;
    ASSERT(want, clamp_u8(x));
    want = x < -128 ? -128 : x > 127 ? 127 : x;
    ASSERT(want, clamp_s8(x));
    ASSERT(x < 0 ? -x : x, iabs(x));
  }
  return failures;
}
