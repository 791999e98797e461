/* <m3lab.h> for the native build of a whole program (host gcc/clang): the same functions as the
 * compiler's built-in header, on stdio. Build with: gcc -fwrapv -funsigned-char -I compiler/include/m3lab/host */
#ifndef M3LAB_HOST_M3LAB_H
#define M3LAB_HOST_M3LAB_H
#include <stdio.h>
#include <stdlib.h>

static inline void print_int(int v) { printf("%d", v); }
static inline void print_hex(unsigned v) { printf("0x%08x", v); }
#endif
