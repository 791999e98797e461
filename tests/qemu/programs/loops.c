// Loop shapes: counted up/down, while with early exit, nested loops, do-while, loops over
// pointers, and a loop with continue/break.
#include "semihost.h"

static volatile int g_n = 37;

int main(void) {
  int n = g_n;
  uint32_t a = 0;
  for (int i = 0; i < n; ++i) a += (uint32_t)i * (uint32_t)i;
  show_int("up", (int32_t)a);
  uint32_t b = 1;
  for (int i = n; i > 0; --i) b = b * 3u + (uint32_t)i;
  show_hex("down", b);
  int c = 0;
  for (int i = 0; i < n; ++i)
    for (int j = i; j < n; ++j) {
      if ((i + j) % 5 == 0) continue;
      if (j - i > 20) break;
      c += i ^ j;
    }
  show_int("nested", c);
  uint32_t x = 27, steps = 0;
  while (x != 1) {
    x = (x & 1) ? 3 * x + 1 : x / 2;
    ++steps;
  }
  show_int("collatz27", (int32_t)steps);
  int d = 0, k = 0;
  do {
    d += k * 2 - 1;
    k += 3;
  } while (k < n * 4);
  show_int("dowhile", d);
  static int arr[50];
  for (int* p = arr; p != arr + 50; ++p) *p = (int)(p - arr) * 7 % 11;
  int m = 0;
  for (const int* p = arr + 49; p >= arr; --p) m = m * 2 % 1000003 + *p;
  show_int("ptr", m);
  return (int)(steps & 0x3f);
}
