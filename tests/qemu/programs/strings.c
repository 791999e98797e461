// String handling: strlen, strcmp, strcpy, reverse, itoa in several bases, a tiny tokenizer.
#include "semihost.h"

static unsigned my_strlen(const char* s) {
  const char* p = s;
  while (*p) ++p;
  return (unsigned)(p - s);
}
static int my_strcmp(const char* a, const char* b) {
  while (*a && *a == *b) ++a, ++b;
  return (unsigned char)*a - (unsigned char)*b;
}
static char* my_strcpy(char* d, const char* s) {
  char* r = d;
  while ((*d++ = *s++)) {
  }
  return r;
}
static void reverse(char* s) {
  for (char *a = s, *b = s + my_strlen(s) - 1; a < b; ++a, --b) {
    char t = *a;
    *a = *b;
    *b = t;
  }
}
static char* utoa(uint32_t v, char* buf, unsigned base) {
  char* p = buf;
  do {
    *p++ = "0123456789abcdefghijklmnopqrstuvwxyz"[v % base];
    v /= base;
  } while (v);
  *p = 0;
  reverse(buf);
  return buf;
}

static const char* const k_words[] = {"pipeline", "hazard", "forwarding", "cache",
                                      "pipe",     "",       "Hazard",     "zebra"};

int main(void) {
  char buf[64];
  for (unsigned b = 2; b <= 36; b += 7) {
    sh_puts(utoa(0xdeadbeefu, buf, b));
    sh_putchar(' ');
  }
  sh_putchar('\n');
  int order = 0;
  for (int i = 0; i < 8; ++i)
    for (int j = 0; j < 8; ++j) {
      int c = my_strcmp(k_words[i], k_words[j]);
      order = order * 3 + (c < 0 ? 0 : c == 0 ? 1 : 2);
      order &= 0xffffff;
    }
  show_hex("order", (uint32_t)order);
  my_strcpy(buf, "the quick brown fox jumps over the lazy dog");
  reverse(buf);
  sh_puts(buf);
  sh_putchar('\n');
  int words = 0, longest = 0, cur = 0;
  for (const char* p = buf;; ++p) {
    if (*p == ' ' || *p == 0) {
      if (cur) ++words;
      if (cur > longest) longest = cur;
      cur = 0;
      if (!*p) break;
    } else {
      ++cur;
    }
  }
  show_int("words", words);
  show_int("longest", longest);
  return (int)my_strlen(buf);
}
