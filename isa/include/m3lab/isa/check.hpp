// Internal consistency checks: a failure here is a bug in m3lab, never a user's mistake or a
// fault of the simulated program. They stay on in release builds.
#pragma once

namespace m3 {
[[noreturn]] void assertion_failed(const char* expr, const char* msg, const char* file, int line);
}

#define M3_ASSERT(cond, msg) \
  ((cond) ? static_cast<void>(0) : ::m3::assertion_failed(#cond, (msg), __FILE__, __LINE__))
#define M3_UNREACHABLE(msg) ::m3::assertion_failed("unreachable", (msg), __FILE__, __LINE__)
