#include "m3lab/isa/check.hpp"

#include <cstdio>
#include <cstdlib>

namespace m3 {
void assertion_failed(const char* expr, const char* msg, const char* file, int line) {
  std::fprintf(stderr, "m3lab: internal error: %s (%s) at %s:%d\nThis is a bug in m3lab; please report it.\n",
               msg, expr, file, line);
  std::abort();
}
}  // namespace m3
