// ARM semihosting (BKPT 0xAB on M-profile), following QEMU 7.2's semihosting/arm-compat-semi.c
// for the operations a bare-metal test program or newlib's rdimon needs. r0 holds the operation,
// r1 the argument (usually the address of a parameter block); the result goes to r0.
//
// Differences from QEMU, on purpose:
//  - SYS_WRITEC/SYS_WRITE0 text goes to fd 1 (our stdout); QEMU 7.2 writes it to stderr.
//  - SYS_WRITE to handle 1 writes to stdout and to handle 2 to stderr without a SYS_OPEN first.
//    SYS_OPEN(":tt") hands out those same handles (read: 3, write: 1, append: 2), so rdimon-style
//    start-up code also works. QEMU numbers handles in order of opening instead.
//  - Unsupported operations return -1 in r0; QEMU aborts the whole emulator.
#include <cstdio>

#include "m3lab/isa/system.hpp"

namespace m3::isa {

namespace {
enum : uint32_t {
  kSysOpen = 0x01,
  kSysClose = 0x02,
  kSysWritec = 0x03,
  kSysWrite0 = 0x04,
  kSysWrite = 0x05,
  kSysRead = 0x06,
  kSysIsError = 0x08,
  kSysIsTty = 0x09,
  kSysErrno = 0x13,
  kSysHeapInfo = 0x16,
  kSysExit = 0x18,
  kSysExitExtended = 0x20,
};
constexpr uint32_t kAdpStoppedApplicationExit = 0x20026;
constexpr uint32_t kHandleStdout = 1, kHandleStderr = 2, kHandleStdin = 3;
constexpr uint32_t kEBADF = 9, kEFAULT = 14, kENOENT = 2, kEINVAL = 22;
}  // namespace

void System::host_output(int fd, const char* data, size_t n) {
  if (n == 0) return;
  if (io_.write) {
    io_.write(fd, data, n);
    return;
  }
  std::fwrite(data, 1, n, fd == 2 ? stderr : stdout);
}

void System::semihost(uint32_t pc) {
  Cpu& cpu = cpu_;
  Memory& mem = mem_;
  uint32_t op = cpu.r[0], arg = cpu.r[1];
  auto word = [&](uint32_t k, uint32_t& out) { return mem.host_read(arg + 4 * k, &out, 4); };
  auto fail = [&](uint32_t err) {
    state.sh_errno = err;
    cpu.r[0] = 0xFFFFFFFF;
  };
  switch (op) {
    case kSysWritec: {
      char ch;
      if (mem.host_read(arg, &ch, 1)) host_output(1, &ch, 1);
      break;  // r0 is corrupted per the spec; QEMU leaves it unchanged
    }
    case kSysWrite0: {
      std::string text;
      char ch;
      for (uint32_t a = arg; mem.host_read(a, &ch, 1) && ch != 0 && text.size() < (1u << 20); ++a)
        text.push_back(ch);
      host_output(1, text.data(), text.size());
      break;
    }
    case kSysWrite: {
      uint32_t fd, buf, len;
      if (!word(0, fd) || !word(1, buf) || !word(2, len)) return fail(kEFAULT);
      const uint8_t* p = len ? mem.host_ptr(buf, len) : nullptr;
      // Returns the number of bytes NOT written; on an error QEMU reports none written.
      if (fd != kHandleStdout && fd != kHandleStderr) {
        state.sh_errno = kEBADF;
        cpu.r[0] = len;
      } else if (len && !p) {
        state.sh_errno = kEFAULT;
        cpu.r[0] = len;
      } else {
        host_output(static_cast<int>(fd), reinterpret_cast<const char*>(p), len);
        cpu.r[0] = 0;
      }
      break;
    }
    case kSysRead: {
      uint32_t fd, buf, len;
      if (!word(0, fd) || !word(1, buf) || !word(2, len)) return fail(kEFAULT);
      (void)buf;
      if (fd != kHandleStdin) state.sh_errno = kEBADF;
      cpu.r[0] = len;  // nothing read: end of file
      break;
    }
    case kSysOpen: {
      uint32_t name, mode, len;
      if (!word(0, name) || !word(1, mode) || !word(2, len)) return fail(kEFAULT);
      char text[4] = {};
      if (mode >= 12) return fail(kEINVAL);
      if (len == 3 && mem.host_read(name, text, 3) && std::string_view(text, 3) == ":tt")
        cpu.r[0] = mode < 4 ? kHandleStdin : mode < 8 ? kHandleStdout : kHandleStderr;
      else
        fail(kENOENT);  // no host files in this model
      break;
    }
    case kSysClose: {
      uint32_t fd;
      if (!word(0, fd)) return fail(kEFAULT);
      if (fd == kHandleStdout || fd == kHandleStderr || fd == kHandleStdin)
        cpu.r[0] = 0;
      else
        fail(kEBADF);
      break;
    }
    case kSysIsTty: {
      uint32_t fd;
      if (!word(0, fd)) return fail(kEFAULT);
      if (fd == kHandleStdout || fd == kHandleStderr || fd == kHandleStdin)
        cpu.r[0] = 1;
      else
        fail(kEBADF);
      break;
    }
    case kSysIsError: {
      uint32_t status;
      if (!word(0, status)) return fail(kEFAULT);
      cpu.r[0] = static_cast<int32_t>(status) < 0;
      break;
    }
    case kSysErrno:
      cpu.r[0] = state.sh_errno;
      break;
    case kSysHeapInfo: {
      // r1 points to a word that points to the four-word block {heap base, heap limit, stack
      // base, stack limit}; QEMU fills it as below from the RAM layout.
      uint32_t block;
      if (!word(0, block)) return fail(kEFAULT);
      const MemoryConfig& map = mem.config();
      uint32_t top = map.sram_base + map.sram_size;
      const uint32_t v[4] = {state.heap_base, top, top, state.heap_base};
      if (!mem.host_write(block, v, sizeof v)) return fail(kEFAULT);
      cpu.r[0] = 0;
      break;
    }
    case kSysExit:
    case kSysExitExtended: {
      int code;
      if (op == kSysExitExtended) {
        // A32/T32 SYS_EXIT_EXTENDED: r1 points to {reason, subcode}.
        uint32_t reason = 0, subcode = 0;
        if (!word(0, reason) || !word(1, subcode)) return fail(kEFAULT);
        code = reason == kAdpStoppedApplicationExit ? static_cast<int>(subcode) : 1;
      } else {
        // A32/T32 SYS_EXIT: r1 is the reason itself, and there is no way to pass a status.
        code = arg == kAdpStoppedApplicationExit ? 0 : 1;
      }
      set_stop(StopReason::Exit, "exit " + std::to_string(code), pc);
      stop.exit_code = code;
      break;
    }
    default:
      fail(kEINVAL);
      break;
  }
}

}  // namespace m3::isa
