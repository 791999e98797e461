#include "test.h"
#include <stdint.h>

int gx = 5;
int *gpx = &gx;
int garr[6] = {6, 5, 4, 3, 2, 1};
int *gmid = &garr[3];
const char *gmsg = "msg" + 1;
char gbuf[3][4] = {"ab", "cd", "ef"};
const char *names[3] = {"zero", "one", "two"};
static uint16_t gcounts[4];

int big_frame(int n) {
  int a[2000];
  for (int i = 0; i < 2000; i++) a[i] = i * n;
  int b = 17;
  return a[1999] + b;
}

int stack_args(char a, short b, int c, int d, signed char e, unsigned short f, uint8_t g, int h) {
  return a + b + c + d + e + f + g + h;
}

void bubble(int *a, int n) {
  for (int i = 0; i < n; i++)
    for (int j = 0; j + 1 < n - i; j++)
      if (a[j] > a[j + 1]) { int t = a[j]; a[j] = a[j + 1]; a[j + 1] = t; }
}

int sum_rec(const int *a, int n) { return n == 0 ? 0 : a[0] + sum_rec(a + 1, n - 1); }

int nested_switch(int a, int b) {
  switch (a) {
    case 0:
      switch (b) { case 0: return 1; case 1: return 2; }
      return 3;
    case 1:
      return 4;
  }
  return 5;
}

int shadow(int x) {
  int r = x;
  { int x = 10; r += x; { int x = 100; r += x; } r += x; }
  return r + x;
}

int collatz(unsigned n) {
  int steps = 0;
  while (n != 1) { n = n % 2 ? 3 * n + 1 : n / 2; steps++; }
  return steps;
}

int main(void) {
  ASSERT(5, *gpx);
  ASSERT(3, *gmid);
  ASSERT(3, gmid[-2] - 2);
  ASSERT(115, *gmsg);
  ASSERT(100, gbuf[1][1]);
  ASSERT(0, gbuf[2][2]);
  ASSERT(111, names[1][0]);
  ASSERT(116, names[2][0]);
  gcounts[2] += 70000;
  ASSERT(4464, gcounts[2]);
  ASSERT(0, gcounts[3]);
  ASSERT(1999 * 3 + 17, big_frame(3));
  ASSERT(255 + -2 + 3 + 4 + -1 + 65535 + 200 + 8, stack_args(255, -2, 3, 4, 255, 65535, 200, 8));
  int v[7] = {5, 3, 9, 1, 7, 2, 8};
  bubble(v, 7);
  ASSERT(1, v[0]);
  ASSERT(9, v[6]);
  ASSERT(5, v[3]);
  ASSERT(35, sum_rec(v, 7));
  ASSERT(1, nested_switch(0, 0));
  ASSERT(2, nested_switch(0, 1));
  ASSERT(3, nested_switch(0, 7));
  ASSERT(4, nested_switch(1, 0));
  ASSERT(5, nested_switch(2, 0));
  ASSERT(127, shadow(3) - 3 + 4);
  ASSERT(111, collatz(27));
  int m[3][3] = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
  int tr = 0;
  for (int i = 0; i < 3; i++) tr += m[i][i];
  ASSERT(15, tr);
  int (*unused_rows)[3];
  unused_rows = m;
  ASSERT(6, unused_rows[1][2]);
  ASSERT(8, *(*(m + 2) + 1));
  ASSERT(12, sizeof(m[0]));
  char s[16];
  int n = 0;
  for (char c = 'a'; c <= 'e'; c++) s[n++] = c;
  s[n] = 0;
  ASSERT(5, n);
  ASSERT(101, s[4]);
  uint32_t h = 2166136261u;
  for (int i = 0; s[i]; i++) { h ^= (uint8_t)s[i]; h *= 16777619u; }
  ASSERT(1956368136, h);
  int neg = -7;
  ASSERT(1, (unsigned)neg > 7);
  ASSERT(-4, neg >> 1);
  ASSERT(2147483644, (unsigned)neg >> 1);
  return failures;
}
