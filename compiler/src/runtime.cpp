// The start-up code and the <m3lab.h> runtime linked into whole programs (those defining main).
// The runtime is written in the language itself and compiled with the program, over one assembly
// primitive for semihosting (the "BKPT 0xAB" Thumb convention: operation in r0, parameter in r1).
#include "cc.hpp"

namespace m3::cc {

const char* const kStartupAsm = R"(	.syntax unified
	.thumb

@ Start-up code (m3lab runtime): vector table, .data copy, .bss clear, main, exit(main()).
	.section .isr_vector,"a",%progbits
	.align 2
	.global __m3lab_vectors
__m3lab_vectors:
	.word _estack
	.word Reset_Handler
	.space 56

	.text
	.align 1
	.global Reset_Handler
	.thumb_func
	.type Reset_Handler, %function
Reset_Handler:
	movw r0, #:lower16:_sidata
	movt r0, #:upper16:_sidata
	movw r1, #:lower16:_sdata
	movt r1, #:upper16:_sdata
	movw r2, #:lower16:_edata
	movt r2, #:upper16:_edata
.L.rt.copy:
	cmp r1, r2
	bhs .L.rt.copied
	ldr r3, [r0], #4
	str r3, [r1], #4
	b .L.rt.copy
.L.rt.copied:
	movw r1, #:lower16:_sbss
	movt r1, #:upper16:_sbss
	movw r2, #:lower16:_ebss
	movt r2, #:upper16:_ebss
	movs r3, #0
.L.rt.zero:
	cmp r1, r2
	bhs .L.rt.zeroed
	str r3, [r1], #4
	b .L.rt.zero
.L.rt.zeroed:
	bl main
	bl exit
	.size Reset_Handler, .-Reset_Handler

	.align 1
	.global __m3lab_semihost
	.thumb_func
	.type __m3lab_semihost, %function
__m3lab_semihost:
	bkpt 0xab
	bx lr
	.size __m3lab_semihost, .-__m3lab_semihost
)";

const char* const kRuntimeC = R"(/* <m3lab.h> on m3lab and QEMU: semihosting (SYS_WRITEC, SYS_WRITE0, SYS_EXIT_EXTENDED). */
int __m3lab_semihost(int op, const void *arg);

int putchar(int c) {
  unsigned char ch = c;
  __m3lab_semihost(3, &ch);
  return ch;
}

int puts(const char *s) {
  __m3lab_semihost(4, s);
  putchar('\n');
  return 0;
}

void print_int(int v) {
  char buf[12];
  int i = 11;
  unsigned u = v;
  buf[11] = 0;
  if (v < 0) u = -u;
  do {
    buf[--i] = '0' + u % 10;
    u = u / 10;
  } while (u);
  if (v < 0) buf[--i] = '-';
  __m3lab_semihost(4, buf + i);
}

void print_hex(unsigned v) {
  char buf[11];
  int i;
  buf[0] = '0';
  buf[1] = 'x';
  for (i = 0; i < 8; i++) buf[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 15];
  buf[10] = 0;
  __m3lab_semihost(4, buf);
}

void exit(int code) {
  unsigned block[2];
  block[0] = 0x20026; /* ADP_Stopped_ApplicationExit */
  block[1] = code;
  __m3lab_semihost(0x20, block);
  for (;;) {
  }
}
)";

namespace {

const char* const kStdint = R"(#ifndef __M3LAB_STDINT_H
#define __M3LAB_STDINT_H
typedef signed char int8_t;
typedef unsigned char uint8_t;
typedef short int16_t;
typedef unsigned short uint16_t;
typedef int int32_t;
typedef unsigned int uint32_t;
typedef int intptr_t;
typedef unsigned int uintptr_t;
#define INT8_MIN (-128)
#define INT8_MAX 127
#define UINT8_MAX 255
#define INT16_MIN (-32768)
#define INT16_MAX 32767
#define UINT16_MAX 65535
#define INT32_MIN (-2147483647 - 1)
#define INT32_MAX 2147483647
#define UINT32_MAX 4294967295u
#endif
)";

const char* const kStddef = R"(#ifndef __M3LAB_STDDEF_H
#define __M3LAB_STDDEF_H
typedef unsigned int size_t;
typedef int ptrdiff_t;
#define NULL ((void *)0)
#endif
)";

const char* const kM3lab = R"(#ifndef __M3LAB_H
#define __M3LAB_H
/* Console and exit for whole programs: semihosting on m3lab and QEMU, stdio on the host. */
int putchar(int c);
int puts(const char *s);
void print_int(int v);      /* decimal, no newline */
void print_hex(unsigned v); /* 0x and 8 lowercase hex digits, no newline */
void exit(int code);
#endif
)";

}  // namespace

std::optional<std::string> builtin_header(const std::string& name) {
  if (name == "stdint.h") return std::string(kStdint);
  if (name == "stddef.h") return std::string(kStddef);
  if (name == "m3lab.h") return std::string(kM3lab);
  return std::nullopt;
}

}  // namespace m3::cc
