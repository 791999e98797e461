// A QEMU TCG plugin that counts executed guest instructions exactly.
//
// Debian's QEMU 7.2 is built with the plugin API but ships no qemu-plugin.h, so the few
// declarations used here are written out below. They follow QEMU 7.2's include/qemu/qemu-plugin.h
// (API version 1); only names, signatures and enum values matter for binary compatibility.
//
// Counting is per instruction (an inline add before each one), not per translation block: when an
// instruction faults, QEMU leaves the block at that instruction, and a per-block count would
// include the instructions after it that never ran. The faulting instruction itself is counted
// once, as `-singlestep -d exec` counts it.
//
// Usage: qemu-system-arm ... -plugin /path/libinsn_count.so,outfile=/path/count.txt
// (QEMU 7.2 passes each "key=value" after the library name to qemu_plugin_install as one argv
// string.) Without outfile the count goes to QEMU's log via qemu_plugin_outs.
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QEMU_PLUGIN_EXPORT __attribute__((visibility("default")))

typedef uint64_t qemu_plugin_id_t;

typedef struct qemu_info_t {
  const char* target_name;
  struct {
    int min;
    int cur;
  } version;
  bool system_emulation;
  union {
    struct {
      int smp_vcpus;
      int max_vcpus;
    } system;
  };
} qemu_info_t;

struct qemu_plugin_tb;
struct qemu_plugin_insn;

enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 = 0 };

typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb* tb);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void* userdata);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb* tb);
struct qemu_plugin_insn* qemu_plugin_tb_get_insn(const struct qemu_plugin_tb* tb, size_t idx);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn* insn, enum qemu_plugin_op op,
                                                void* ptr, uint64_t imm);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void* userdata);
void qemu_plugin_outs(const char* string);

// The plugin loader checks this against the API versions it supports.
QEMU_PLUGIN_EXPORT int qemu_plugin_version = 1;

// One counter: the board has a single vCPU, and inline adds are not atomic anyway.
static uint64_t g_insns;
static char* g_outfile;

static void on_tb_translate(qemu_plugin_id_t id, struct qemu_plugin_tb* tb) {
  (void)id;
  size_t n = qemu_plugin_tb_n_insns(tb);
  for (size_t i = 0; i < n; ++i)
    qemu_plugin_register_vcpu_insn_exec_inline(qemu_plugin_tb_get_insn(tb, i), QEMU_PLUGIN_INLINE_ADD_U64,
                                               &g_insns, 1);
}

static void on_qemu_exit(qemu_plugin_id_t id, void* userdata) {
  (void)id;
  (void)userdata;
  char line[64];
  snprintf(line, sizeof line, "%" PRIu64 "\n", g_insns);
  if (g_outfile) {
    FILE* f = fopen(g_outfile, "w");
    if (f) {
      fputs(line, f);
      fclose(f);
      return;
    }
  }
  qemu_plugin_outs("insns: ");
  qemu_plugin_outs(line);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t* info, int argc,
                                           char** argv) {
  (void)info;
  for (int i = 0; i < argc; ++i) {
    if (strncmp(argv[i], "outfile=", 8) == 0) {
      g_outfile = argv[i] + 8;
    } else {
      fprintf(stderr, "insn_count: unknown argument '%s' (expected outfile=PATH)\n", argv[i]);
      return -1;
    }
  }
  qemu_plugin_register_vcpu_tb_trans_cb(id, on_tb_translate);
  qemu_plugin_register_atexit_cb(id, on_qemu_exit, NULL);
  return 0;
}
