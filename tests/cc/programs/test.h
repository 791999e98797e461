/* chibicc-style self-checking tests: ASSERT(expected, expr) prints "expr => value" and counts
 * mismatches; main returns the count. Built by m3lab (run on the ISS) and by the host gcc. */
#include <m3lab.h>

static int failures;

static void check(int expected, int actual, const char *code) {
  puts(code);
  print_int(actual);
  putchar('\n');
  if (expected != actual) {
    puts("  ^ MISMATCH, expected:");
    print_int(expected);
    putchar('\n');
    failures++;
  }
}

#define ASSERT(x, y) check(x, y, #y)
