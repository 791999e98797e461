// SYS_OPEN(":tt", "w") and SYS_WRITE to the handle it returns (QEMU 7.2 does not pre-open fds 0-2:
// SYS_WRITE to fd 1 without SYS_OPEN writes nothing). Everything goes through SYS_WRITE so that
// one console stream holds the whole output.
#include "semihost.h"

enum { SYS_OPEN = 0x01, SYS_CLOSE = 0x02 };

static int g_fd;

static int sh_write(const char* s, unsigned n) {
  uint32_t blk[3] = {(uint32_t)g_fd, (uint32_t)s, n};
  return semihost_call(SYS_WRITE, blk);
}

static unsigned len(const char* s) {
  unsigned n = 0;
  while (s[n]) ++n;
  return n;
}

int main(void) {
  static const char tt[] = ":tt";
  uint32_t open_blk[3] = {(uint32_t)tt, 4 /* "w" */, sizeof tt - 1};
  g_fd = semihost_call(SYS_OPEN, open_blk);
  if (g_fd < 0) return 4;
  int notwritten = 0;
  notwritten += sh_write("line one via SYS_WRITE\n", len("line one via SYS_WRITE\n"));
  char buf[32];
  for (int i = 0; i < 5; ++i) {
    unsigned n = 0;
    buf[n++] = 'n';
    buf[n++] = '=';
    buf[n++] = (char)('0' + i);
    buf[n++] = '\n';
    notwritten += sh_write(buf, n);
  }
  notwritten += sh_write("partial-write-check", 7);
  notwritten += sh_write("\n", 1);
  return notwritten == 0 ? 54 : 5;
}
