#include "test.h"
#include <stdint.h>
#include <stddef.h>

typedef int myint;
typedef unsigned char byte;
typedef int vec3[3];
typedef const char *cstr;
enum color { RED, GREEN = 5, BLUE, LAST = BLUE + 10 };
enum { ANON_A = -2, ANON_B };
typedef enum { T_ZERO, T_ONE } tiny;

const int table[4] = {1, 1, 2, 3};
static const uint8_t lut[] = {0, 1, 4, 9, 16};

int color_value(enum color c) {
  switch (c) {
    case RED: return 100;
    case GREEN: return 200;
    case BLUE: return 300;
    default: return 0;
  }
}

int main(void) {
  myint a = 4;
  ASSERT(4, a);
  byte b = 300;
  ASSERT(44, b);
  vec3 v = {7, 8, 9};
  ASSERT(9, v[2]);
  ASSERT(12, sizeof(vec3));
  cstr s = "str";
  ASSERT(116, s[1]);
  ASSERT(0, RED);
  ASSERT(5, GREEN);
  ASSERT(6, BLUE);
  ASSERT(16, LAST);
  ASSERT(-2, ANON_A);
  ASSERT(-1, ANON_B);
  enum color c = BLUE;
  ASSERT(300, color_value(c));
  ASSERT(200, color_value(GREEN));
  tiny t = T_ONE;
  ASSERT(1, t);
  ASSERT(4, sizeof(enum color));
  ASSERT(3, table[3]);
  ASSERT(16, lut[4]);
  ASSERT(5, sizeof(lut));
  int arr[BLUE];
  ASSERT(24, sizeof(arr));
  size_t n = sizeof(table) / sizeof(table[0]);
  ASSERT(4, n);
  uint32_t big = 0xffffffffu;
  ASSERT(1, big > 0);
  int32_t neg = -1;
  ASSERT(1, neg < 0);
  ASSERT(255, UINT8_MAX);
  ASSERT(-128, INT8_MIN);
  ASSERT(32767, INT16_MAX);
  ASSERT(1, INT32_MIN < 0);
  ASSERT(1, UINT32_MAX == 4294967295u);
  const int *cp = table;
  ASSERT(2, cp[2]);
  int *pn = NULL;
  ASSERT(1, pn == NULL);
  unsigned int ui = 7;
  unsigned short us = 9;
  short int si = -9;
  signed int sgi = -10;
  unsigned char ucc = 1;
  ASSERT(7, ui);
  ASSERT(9, us);
  ASSERT(-9, si);
  ASSERT(-10, sgi);
  ASSERT(1, ucc);
  return failures;
}
