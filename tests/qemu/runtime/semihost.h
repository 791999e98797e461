// ARM semihosting for the bare-metal test programs (the "BKPT 0xAB" Thumb ABI: operation in r0,
// parameter in r1, result in r0). Both QEMU and m3lab implement these calls, so a program's
// console text and exit status can be compared between them.
#ifndef M3LAB_TESTS_SEMIHOST_H
#define M3LAB_TESTS_SEMIHOST_H

#include <stdint.h>

enum {
  SYS_WRITEC = 0x03,
  SYS_WRITE0 = 0x04,
  SYS_WRITE = 0x05,
  SYS_EXIT = 0x18,
  SYS_EXIT_EXTENDED = 0x20,
};
// Reason code for a normal application exit (ARM semihosting spec, ADP_Stopped_ApplicationExit).
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u

static inline int semihost_call(int op, const void* arg) {
  register int r0 __asm__("r0") = op;
  register const void* r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

static inline void sh_putchar(char c) { semihost_call(SYS_WRITEC, &c); }
static inline void sh_puts(const char* s) { semihost_call(SYS_WRITE0, s); }

// SYS_EXIT_EXTENDED takes a pointer to {reason, subcode}; the subcode is the exit status.
__attribute__((noreturn)) static inline void sh_exit(int code) {
  uint32_t block[2] = {ADP_STOPPED_APPLICATION_EXIT, (uint32_t)code};
  semihost_call(SYS_EXIT_EXTENDED, block);
  for (;;) {
  }
}

static inline void print_str(const char* s) { sh_puts(s); }

static inline void print_uint(uint32_t v) {
  char buf[12];
  char* p = buf + sizeof buf;
  *--p = 0;
  do {
    *--p = (char)('0' + v % 10u);
    v /= 10u;
  } while (v != 0);
  sh_puts(p);
}

static inline void print_int(int32_t v) {
  if (v < 0) {
    sh_putchar('-');
    print_uint(0u - (uint32_t)v);
  } else {
    print_uint((uint32_t)v);
  }
}

static inline void print_hex(uint32_t v) {
  char buf[11];
  buf[0] = '0';
  buf[1] = 'x';
  for (int i = 0; i < 8; ++i) buf[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 0xfu];
  buf[10] = 0;
  sh_puts(buf);
}

static inline void print_hex64(uint64_t v) {
  print_hex((uint32_t)(v >> 32));
  print_hex((uint32_t)v);
}

// "label=value\n" helpers keep the programs short.
static inline void show_int(const char* label, int32_t v) {
  sh_puts(label);
  sh_putchar('=');
  print_int(v);
  sh_putchar('\n');
}
static inline void show_hex(const char* label, uint32_t v) {
  sh_puts(label);
  sh_putchar('=');
  print_hex(v);
  sh_putchar('\n');
}
static inline void show_hex64(const char* label, uint64_t v) {
  sh_puts(label);
  sh_putchar('=');
  print_hex((uint32_t)(v >> 32));
  sh_putchar('_');
  print_hex((uint32_t)v);
  sh_putchar('\n');
}

// Runtime helpers the startup file provides (GCC may also call them implicitly).
void* memset(void* d, int c, unsigned n);
void* memcpy(void* d, const void* s, unsigned n);
void* memmove(void* d, const void* s, unsigned n);
int memcmp(const void* a, const void* b, unsigned n);

// FNV-1a over a buffer: the programs print checksums of their results.
static inline uint32_t fnv1a(const void* data, unsigned n, uint32_t h) {
  const unsigned char* p = (const unsigned char*)data;
  for (unsigned i = 0; i < n; ++i) h = (h ^ p[i]) * 16777619u;
  return h;
}
#define FNV_INIT 2166136261u

#endif
