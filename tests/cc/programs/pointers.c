#include "test.h"
#include <stdint.h>

int ga[5] = {10, 20, 30, 40, 50};

void set(int *p, int v) { *p = v; }
int sum(const int *p, int n) { int s = 0; for (int i = 0; i < n; i++) s += p[i]; return s; }
void fill2d(int m[][3], int rows) { for (int i = 0; i < rows; i++) for (int j = 0; j < 3; j++) m[i][j] = i * 10 + j; }
int strlen_(const char *s) { int n = 0; while (*s++) n++; return n; }
void swap(int *a, int *b) { int t = *a; *a = *b; *b = t; }

int main(void) {
  int x = 3;
  int *p = &x;
  ASSERT(3, *p);
  *p = 5;
  ASSERT(5, x);
  int **pp = &p;
  ASSERT(5, **pp);
  **pp = 8;
  ASSERT(8, x);
  set(&x, 13);
  ASSERT(13, x);
  int a[4] = {1, 2, 3, 4};
  ASSERT(10, sum(a, 4));
  ASSERT(3, *(a + 2));
  ASSERT(2, *(1 + a));
  int *q = a;
  q++;
  ASSERT(2, *q);
  q += 2;
  ASSERT(4, *q);
  ASSERT(3, q - a);
  ASSERT(-3, a - q);
  ASSERT(3, q[-1]);
  ASSERT(1, q > a);
  ASSERT(0, q == a);
  ASSERT(1, q != a);
  ASSERT(1, &a[3] == q);
  ASSERT(30, ga[2]);
  ASSERT(150, sum(ga, 5));
  ASSERT(40, *(ga + 3));
  ASSERT(3, 2[a]);
  int m[2][3];
  fill2d(m, 2);
  ASSERT(12, m[1][2]);
  ASSERT(2, m[0][2]);
  int *row;
  row = m[1];
  ASSERT(11, row[1]);
  ASSERT(5, strlen_("hello"));
  ASSERT(0, strlen_(""));
  char buf[6] = "abcde";
  char *c = buf;
  ASSERT(98, *++c);
  ASSERT(98, *c++);
  ASSERT(99, *c);
  ASSERT(99, *c--);
  ASSERT(98, *c);
  int y = 7;
  swap(&x, &y);
  ASSERT(7, x);
  ASSERT(13, y);
  uint8_t bytes[4] = {1, 2, 3, 4};
  uint8_t *bp = bytes;
  ASSERT(3, bp[2]);
  uint16_t hw[3] = {1000, 2000, 3000};
  uint16_t *hp = hw + 1;
  ASSERT(2000, *hp);
  ASSERT(1, hp - hw);
  void *vp = a;
  int *ip = vp;
  ASSERT(1, *ip);
  int *np = 0;
  ASSERT(1, np == 0);
  ASSERT(0, !ip);
  ASSERT(1, !np);
  ASSERT(4, sizeof(a[0]));
  const char *s = "xyz";
  ASSERT(122, s[2]);
  ASSERT(121, "xyz"[1]);
  ASSERT(3, sizeof("ab"));
  return failures;
}
