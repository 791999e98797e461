// A small integer GEMM (C = A*B + C) in 16x16, with MLA in the inner loop, and a transposed variant.
#include "semihost.h"

enum { N = 16 };
static int32_t g_a[N][N], g_b[N][N], g_c[N][N], g_t[N][N];

int main(void) {
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < N; ++j) {
      g_a[i][j] = (i * 7 + j * 3) % 17 - 8;
      g_b[i][j] = (i * 5 - j * 11) % 13;
      g_c[i][j] = i == j;
    }
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < N; ++j) {
      int32_t acc = g_c[i][j];
      for (int k = 0; k < N; ++k) acc += g_a[i][k] * g_b[k][j];
      g_c[i][j] = acc;
    }
  show_hex("gemm", fnv1a(g_c, sizeof g_c, FNV_INIT));
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < N; ++j) g_t[j][i] = g_b[i][j];
  int32_t trace = 0, mism = 0;
  for (int i = 0; i < N; ++i) {
    for (int j = 0; j < N; ++j) {
      int32_t acc = i == j;
      for (int k = 0; k < N; ++k) acc += g_a[i][k] * g_t[j][k];
      mism += acc != g_c[i][j];
    }
    trace += g_c[i][i];
  }
  show_int("trace", trace);
  show_int("mismatch", mism);
  return 48 + mism;
}
