#include "test.h"

int ret3(void) { return 3; }
int add2(int a, int b) { return a + b; }
int sub2(int a, int b) { return a - b; }
int add6(int a, int b, int c, int d, int e, int f) { return a + b + c + d + e + f; }
int pos8(int a, int b, int c, int d, int e, int f, int g, int h) {
  return a * 1 + b * 2 + c * 3 + d * 4 + e * 5 + f * 6 + g * 7 + h * 8;
}
int fib(int n) { if (n <= 1) return n; return fib(n - 1) + fib(n - 2); }
int fact(int n) { return n <= 1 ? 1 : n * fact(n - 1); }
int ack(int m, int n) { if (m == 0) return n + 1; if (n == 0) return ack(m - 1, 1); return ack(m - 1, ack(m, n - 1)); }
char retchar(int x) { return x; }
signed char retschar(int x) { return x; }
short retshort(int x) { return x; }
unsigned short retushort(int x) { return x; }
int narrow_args(char a, short b, signed char c) { return a + b + c; }
int is_even(int n);
int is_odd(int n) { return n == 0 ? 0 : is_even(n - 1); }
int is_even(int n) { return n == 0 ? 1 : is_odd(n - 1); }
static int counter;
void bump(void) { counter++; }
int five(int a, int b, int c, int d, int e) { return e - a; }
int order_of(int a, int b) { return a * 10 + b; }
int gcd(int a, int b) { while (b) { int t = a % b; a = b; b = t; } return a; }
unsigned umax(unsigned a, unsigned b) { return a > b ? a : b; }
int deep(int n) { if (n == 0) return 0; return 1 + deep(n - 1); }
int arr_param(int a[], int n) { return a[n - 1]; }

int main(void) {
  ASSERT(3, ret3());
  ASSERT(8, add2(3, 5));
  ASSERT(2, sub2(5, 3));
  ASSERT(21, add6(1, 2, 3, 4, 5, 6));
  ASSERT(33, add6(1, 2, add6(3, 4, 5, 6, 7, 8), 9, 10, 11) - 33 + 33 - 33);
  ASSERT(204, pos8(1, 2, 3, 4, 5, 6, 7, 8));
  ASSERT(55, fib(10));
  ASSERT(120, fact(5));
  ASSERT(7, ack(2, 2));
  ASSERT(1, retchar(257));
  ASSERT(-1, retschar(255));
  ASSERT(-1, retshort(65535));
  ASSERT(65535, retushort(-1));
  ASSERT(264, narrow_args(255, 10, -1));
  ASSERT(0, narrow_args(256, 0, 0));
  ASSERT(1, is_even(10));
  ASSERT(1, is_odd(7));
  bump();
  bump();
  ASSERT(2, counter);
  ASSERT(4, five(1, 2, 3, 4, 5));
  ASSERT(12, order_of(1, 2));
  ASSERT(6, gcd(48, 18));
  ASSERT(-1, umax(-1, 5));
  ASSERT(500, deep(500));
  int v[3] = {4, 5, 6};
  ASSERT(6, arr_param(v, 3));
  return failures;
}
