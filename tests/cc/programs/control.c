#include "test.h"

int sw(int x) {
  switch (x) {
    case 0: return 10;
    case 1:
    case 2: return 20;
    case -5: return 30;
    default: return 40;
  }
}

int fall(int x) {
  int r = 0;
  switch (x) {
    case 1: r += 1;
    case 2: r += 2; break;
    case 3: r += 3;
    default: r += 100;
  }
  return r;
}

int nodefault(int x) {
  int r = 7;
  switch (x) { case 1: r = 1; break; case 2: r = 2; break; }
  return r;
}

int main(void) {
  int i, j, s;
  if (1) s = 2; else s = 3;
  ASSERT(2, s);
  if (0) s = 2; else s = 3;
  ASSERT(3, s);
  if (1 - 1) s = 2; else if (0) s = 5; else s = 6;
  ASSERT(6, s);
  s = 0;
  for (i = 0; i <= 10; i = i + 1) s = s + i;
  ASSERT(55, s);
  s = 0;
  for (int k = 0; k < 5; k++) { s += k; }
  ASSERT(10, s);
  i = 0;
  while (i < 10) i = i + 1;
  ASSERT(10, i);
  s = 0;
  for (i = 0; i < 10; i++) { if (i == 5) break; s += i; }
  ASSERT(10, s);
  s = 0;
  for (i = 0; i < 10; i++) { if (i % 2) continue; s += i; }
  ASSERT(20, s);
  s = 0; i = 0;
  do { s += i; i++; } while (i < 4);
  ASSERT(6, s);
  s = 0; i = 10;
  do { s++; } while (i < 4);
  ASSERT(1, s);
  s = 0; i = 0;
  while (1) { i++; if (i > 7) break; if (i == 3) continue; s += i; }
  ASSERT(25, s);
  s = 0;
  for (i = 0; i < 4; i++) for (j = 0; j < 3; j++) s += i * j;
  ASSERT(18, s);
  s = 0;
  for (i = 0; i < 5; i++) { for (j = 0; j < 5; j++) { if (j == 2) break; s++; } }
  ASSERT(10, s);
  s = 0;
  for (;;) { s++; if (s == 3) break; }
  ASSERT(3, s);
  ASSERT(10, sw(0));
  ASSERT(20, sw(1));
  ASSERT(20, sw(2));
  ASSERT(30, sw(-5));
  ASSERT(40, sw(99));
  ASSERT(3, fall(1));
  ASSERT(2, fall(2));
  ASSERT(103, fall(3));
  ASSERT(100, fall(4));
  ASSERT(7, nodefault(3));
  ASSERT(2, nodefault(2));
  s = 0;
  for (i = 0; i < 6; i++) {
    switch (i) { case 1: continue; case 3: s += 10; break; default: s += 1; }
  }
  ASSERT(14, s);
  ;
  {}
  return failures;
}
