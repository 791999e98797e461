#include "test.h"
#include <stdint.h>

int main(void) {
  ASSERT(1, (signed char)257);
  ASSERT(-1, (signed char)255);
  ASSERT(255, (unsigned char)-1);
  ASSERT(-1, (short)65535);
  ASSERT(65535, (unsigned short)-1);
  ASSERT(0, (uint8_t)256);
  ASSERT(-128, (int8_t)128);
  ASSERT(1, (unsigned)-1 > 0);
  ASSERT(0, (int)-1 > 0);
  ASSERT(-1, (int)4294967295u);
  unsigned char uc = 250;
  ASSERT(260, uc + 10);
  signed char sc = -3;
  ASSERT(-6, sc * 2);
  unsigned short us = 65535;
  ASSERT(65536, us + 1);
  ASSERT(0, us * us > 0);
  int i = -1;
  unsigned u = 1;
  ASSERT(0, i < u);
  ASSERT(1, i < (int)u);
  ASSERT(-1, i / (int)u);
  ASSERT(0, -1 / 2u > 0 ? 0 : 1);
  ASSERT(2147483647, -1 / 2u);
  ASSERT(1, (char)-1 > 0);
  ASSERT(1, (short)-1 < 0);
  ASSERT(-2, ~(uint8_t)1 | 0 ? -2 : 0);
  ASSERT(-2, ~(uint8_t)1);
  ASSERT(254, (uint8_t)~(uint8_t)1);
  uint8_t a = 200, b = 100;
  ASSERT(300, a + b);
  uint8_t c = a + b;
  ASSERT(44, c);
  ASSERT(1, (uint8_t)(a + b) == 44);
  int16_t s = 30000;
  ASSERT(60000, s * 2);
  int16_t t = s * 2;
  ASSERT(-5536, t);
  ASSERT(127, (int8_t)0x7f);
  ASSERT(8, (uint8_t)0x1008);
  ASSERT(-32768, (int16_t)0x8000);
  ASSERT(1, sizeof((char)1) == 1);
  ASSERT(4, sizeof((char)1 + 1));
  ASSERT(4, sizeof(-(char)1));
  ASSERT(5, (int)(char)5);
  unsigned x = 3000000000u;
  ASSERT(-1294967296, x);
  ASSERT(1500000000, x / 2);
  ASSERT(0, x % 3);
  ASSERT(-1294967296 >> 1, (int)x >> 1);
  ASSERT(1500000000, x >> 1);
  return failures;
}
