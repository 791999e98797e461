// Smallest program: console text through WRITE0/WRITEC and a non-zero exit status.
#include "semihost.h"

int main(void) {
  sh_puts("hello from m3lab test\n");
  sh_putchar('x');
  sh_putchar('\n');
  show_int("neg", -12345);
  show_hex("hex", 0xdeadbeef);
  return 7;
}
