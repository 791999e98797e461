// Quicksort (recursive, Lomuto partition with median-of-three) and insertion sort on 300
// pseudo-random values; checks the results agree and are ordered.
#include "semihost.h"

enum { N = 300 };
static int32_t g_a[N], g_b[N];

static void swap(int32_t* x, int32_t* y) {
  int32_t t = *x;
  *x = *y;
  *y = t;
}

__attribute__((noinline)) static void quicksort(int32_t* a, int lo, int hi) {
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (a[mid] < a[lo]) swap(&a[mid], &a[lo]);
    if (a[hi] < a[lo]) swap(&a[hi], &a[lo]);
    if (a[mid] < a[hi]) swap(&a[mid], &a[hi]);
    int32_t pivot = a[hi];
    int i = lo;
    for (int j = lo; j < hi; ++j)
      if (a[j] < pivot) swap(&a[i++], &a[j]);
    swap(&a[i], &a[hi]);
    if (i - lo < hi - i) {
      quicksort(a, lo, i - 1);
      lo = i + 1;
    } else {
      quicksort(a, i + 1, hi);
      hi = i - 1;
    }
  }
}

__attribute__((noinline)) static void insertion(int32_t* a, int n) {
  for (int i = 1; i < n; ++i) {
    int32_t v = a[i];
    int j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      --j;
    }
    a[j + 1] = v;
  }
}

int main(void) {
  uint32_t s = 42;
  for (int i = 0; i < N; ++i) {
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    g_a[i] = g_b[i] = (int32_t)(s % 2001u) - 1000;
  }
  quicksort(g_a, 0, N - 1);
  insertion(g_b, N);
  int bad = 0;
  for (int i = 0; i < N; ++i) {
    bad += g_a[i] != g_b[i];
    if (i) bad += g_a[i - 1] > g_a[i];
  }
  show_int("min", g_a[0]);
  show_int("median", g_a[N / 2]);
  show_int("max", g_a[N - 1]);
  show_hex("sorted", fnv1a(g_a, sizeof g_a, FNV_INIT));
  show_int("bad", bad);
  return bad ? 1 : 50;
}
