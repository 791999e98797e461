// CRC-32 (IEEE, reflected), bitwise and table-driven, over generated data; "123456789" must give
// the standard check value 0xcbf43926.
#include "semihost.h"

static uint32_t g_table[256];
static uint8_t g_data[1024];

static uint32_t crc32_bitwise(const uint8_t* p, unsigned n) {
  uint32_t c = 0xffffffffu;
  while (n--) {
    c ^= *p++;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
  }
  return ~c;
}

static uint32_t crc32_table(const uint8_t* p, unsigned n) {
  uint32_t c = 0xffffffffu;
  while (n--) c = g_table[(c ^ *p++) & 0xffu] ^ (c >> 8);
  return ~c;
}

int main(void) {
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1u) ? 0xedb88320u ^ (c >> 1) : c >> 1;
    g_table[i] = c;
  }
  for (unsigned i = 0; i < sizeof g_data; ++i) g_data[i] = (uint8_t)(i * i + (i >> 3));
  uint32_t check = crc32_table((const uint8_t*)"123456789", 9);
  show_hex("check", check);
  uint32_t a = crc32_bitwise(g_data, sizeof g_data);
  uint32_t b = crc32_table(g_data, sizeof g_data);
  show_hex("bitwise", a);
  show_hex("table", b);
  return (check == 0xcbf43926u && a == b) ? 51 : 2;
}
