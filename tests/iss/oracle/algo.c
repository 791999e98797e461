/* Plain computation: sorting, CRC, a dense switch, 64-bit multiply, clamps. */
#include <stdint.h>
void puts_(const char* s);
static char buf[64];
static void utoa_(unsigned v, char* p) {
  char t[12];
  int n = 0;
  do {
    t[n++] = '0' + v % 10;
    v /= 10;
  } while (v);
  while (n) *p++ = t[--n];
  *p++ = '\n';
  *p = 0;
}
int data[100] = {5, 3, 9};
static int cmp(int a, int b) { return a < b ? -1 : a > b; }
unsigned crc32(const uint8_t* p, int n) {
  unsigned c = ~0u;
  while (n--) {
    c ^= *p++;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & -(c & 1));
  }
  return ~c;
}
int sw(int x) {
  switch (x) {
    case 0:
      return 11;
    case 1:
      return 22;
    case 2:
      return 35;
    case 3:
      return 47;
    case 4:
      return 51;
    case 5:
      return 68;
    case 6:
      return 71;
    default:
      return -1;
  }
}
long long mul64(long long a, long long b) { return a * b; }
int main(void) {
  unsigned seed = 12345;
  for (int i = 0; i < 100; ++i) {
    seed = seed * 1103515245u + 12345u;
    data[i] = (int)(seed >> 16) % 1000 - 500;
  }
  for (int i = 1; i < 100; ++i) {
    int v = data[i], j = i - 1;
    while (j >= 0 && cmp(data[j], v) > 0) {
      data[j + 1] = data[j];
      --j;
    }
    data[j + 1] = v;
  }
  unsigned s = 0;
  for (int i = 0; i < 100; ++i)
    s = s * 31 + (unsigned)data[i] / 7 + (unsigned)(data[i] < 0 ? -data[i] : data[i]) % 13;
  s ^= crc32((const uint8_t*)data, sizeof data);
  for (int i = 0; i < 20; ++i) s += sw(i % 9) * (i & 3 ? 1 : -1);
  s += (unsigned)(mul64(123456789, -987654321) >> 20);
  int sat = 0;
  for (int i = -300; i < 300; i += 37) {
    int v = i * 3;
    sat += v > 255 ? 255 : v < 0 ? 0 : v;
  }
  s += sat;
  utoa_(s, buf);
  puts_(buf);
  return (int)(s & 0x7f);
}
