// Recursion: fib, Ackermann (small), Towers of Hanoi, and a mutually recursive pair.
#include "semihost.h"

__attribute__((noinline)) static uint32_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

__attribute__((noinline)) static uint32_t ack(uint32_t m, uint32_t n) {
  if (m == 0) return n + 1;
  if (n == 0) return ack(m - 1, 1);
  return ack(m - 1, ack(m, n - 1));
}

static uint32_t g_moves;
__attribute__((noinline)) static void hanoi(int n, int from, int to, int via) {
  if (n == 0) return;
  hanoi(n - 1, from, via, to);
  g_moves = g_moves * 7 + (uint32_t)(from * 3 + to);
  hanoi(n - 1, via, to, from);
}

static int is_odd(unsigned n);
__attribute__((noinline)) static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
__attribute__((noinline)) static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }

int main(void) {
  show_int("fib20", (int32_t)fib(20));
  show_int("ack(2,3)", (int32_t)ack(2, 3));
  show_int("ack(3,3)", (int32_t)ack(3, 3));
  hanoi(10, 1, 3, 2);
  show_hex("hanoi", g_moves);
  show_int("even77", is_even(77));
  return (int)(fib(10) & 0xff);
}
