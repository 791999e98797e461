// Byte and halfword loads, signed and unsigned, with register and immediate offsets; stores of
// every width; pre/post-indexed addressing in the loops.
#include "semihost.h"

static uint8_t g_bytes[64];
static uint16_t g_halves[32];
static int8_t g_sbytes[64];
static int16_t g_shalves[32];

int main(void) {
  for (int i = 0; i < 64; ++i) {
    g_bytes[i] = (uint8_t)(i * 37 + 200);
    g_sbytes[i] = (int8_t)(i * 29 - 100);
  }
  for (int i = 0; i < 32; ++i) {
    g_halves[i] = (uint16_t)(i * 4099 + 40000);
    g_shalves[i] = (int16_t)(i * 3001 - 30000);
  }
  int32_t su = 0, ss = 0, hu = 0, hs = 0;
  for (int i = 0; i < 64; ++i) {
    su += g_bytes[i];
    ss += g_sbytes[i];
  }
  for (int i = 0; i < 32; ++i) {
    hu += g_halves[i];
    hs += g_shalves[i];
  }
  show_int("ubyte", su);
  show_int("sbyte", ss);
  show_int("uhalf", hu);
  show_int("shalf", hs);
  // Reinterpretation: read a word array as bytes and halves.
  static uint32_t words[4] = {0x80ff7f01u, 0xfffe8000u, 0x12345678u, 0xdeadbeefu};
  volatile uint8_t* pb = (volatile uint8_t*)words;
  volatile int8_t* psb = (volatile int8_t*)words;
  volatile uint16_t* ph = (volatile uint16_t*)words;
  volatile int16_t* psh = (volatile int16_t*)words;
  int32_t acc = 0;
  for (int i = 0; i < 16; ++i) acc = acc * 3 + pb[i] - psb[i];
  for (int i = 0; i < 8; ++i) acc = acc * 5 + ph[i] + psh[i];
  show_int("reinterp", acc);
  volatile uint8_t* w8 = (volatile uint8_t*)&words[3];
  w8[1] = 0x55;
  volatile uint16_t* w16 = (volatile uint16_t*)&words[2];
  w16[1] = 0xa5a5;
  show_hex("w2", words[2]);
  show_hex("w3", words[3]);
  return 30 + (acc & 15);
}
