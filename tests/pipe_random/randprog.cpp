// Random program generator: see randprog.hpp for the conventions that keep programs safe.
#include "randprog.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace m3::pipetest {

namespace {

constexpr std::array<int, 11> kData = {0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 12};
constexpr std::array<int, 7> kLow = {0, 1, 2, 3, 4, 5, 6};
constexpr std::array<const char*, 14> kCond = {"eq", "ne", "cs", "cc", "mi", "pl", "vs",
                                               "vc", "hi", "ls", "ge", "lt", "gt", "le"};

// The template families (indices into the coverage counters).
enum Family : int {
  F_DP3, F_DPIMM, F_ADDW, F_CMP, F_MOV, F_SHIFT, F_NARROW, F_MISC, F_BITFIELD, F_SAT, F_MUL, F_MULL,
  F_DIV, F_PSR, F_LDST_IMM, F_LDST_WB, F_LDST_REG, F_LDST_NARROW, F_LDST_T, F_LDRD, F_LDM, F_LDM_WB,
  F_PUSHPOP, F_SPREL, F_EXCL, F_LIT, F_ADR, F_IT, F_FWD_BRANCH, F_CBZ, F_TBB, F_TBH, F_LOOP, F_CALL, F_SVC,
  F_COUNT
};
constexpr std::array<const char*, F_COUNT> kFamilyNames = {
    "dp-3reg-shifted", "dp-modified-imm", "addw/subw", "cmp/cmn/tst/teq", "mov/mvn/movw/movt",
    "shifts", "16-bit dp", "clz/rbit/rev/extend", "bitfield", "ssat/usat", "mul/mla/mls",
    "long multiply", "sdiv/udiv", "mrs/msr", "ld/st imm offset", "ld/st pre/post-index",
    "ld/st register offset", "ld/st 16-bit", "ld/st unprivileged", "ldrd/strd", "ldm/stm",
    "ldm/stm writeback", "push/pop", "sp-relative", "ldrex/strex", "ldr literal", "adr", "it block",
    "forward b<c>", "cbz/cbnz", "tbb", "tbh", "counted loop", "call/return", "svc/exception return"};

std::string r(int n) { return "r" + std::to_string(n); }

class Gen {
 public:
  Gen(uint64_t seed, const GenOptions& opt) : rng_(seed), opt_(opt) {}

  std::string run() {
    out_ += "\t.syntax unified\n\t.thumb\n";
    if (opt_.exceptions) {
      // Vector table: initial SP = top of the default 64 KiB SRAM (a number, not _estack, so that
      // GNU ld links it too), reset, and SVCall (vector 11).
      out_ += "\t.section .isr_vector, \"a\"\n\t.word 0x20010000, _start, 0, 0, 0, 0, 0, 0, 0, 0, 0, "
              "svc_handler, 0, 0, 0, 0\n";
    }
    out_ += "\t.text\n\t.global _start\n\t.thumb_func\n_start:\n";
    line("ldr r7, =scratch + 256");
    for (int d : kData) line("ldr " + r(d) + ", =" + hex(value()));
    line("mov r11, #0");
    if (coin(0.5)) line("msr APSR_nzcvq, " + r(data()));
    nsubs_ = opt_.calls ? 1 + pick(4) : 0;
    for (int k = 0; k < opt_.blocks; ++k) block(Ctx::Top);
    // SYS_EXIT_EXTENDED with {ADP_Stopped_ApplicationExit, 0}.
    line("movs r0, #0x20");
    line("movw r1, #:lower16:exit_block");
    line("movt r1, #:upper16:exit_block");
    line("bkpt 0xab");
    out_ += "\t.align 2\nexit_block:\n\t.word 0x20026, 0\n";
    for (int s = 0; s < nsubs_; ++s) subroutine(s);
    if (opt_.exceptions) {
      // The handler runs with LR = EXC_RETURN; its body is leaf code like a subroutine's (it never
      // raises another SVC: that would escalate to HardFault).
      out_ += "\t.thumb_func\nsvc_handler:\n";
      for (int k = range(1, 4); k > 0; --k) block(Ctx::Sub);
      line("bx lr");
    }
    out_ += "\t.ltorg\n\t.data\n\t.align 2\nscratch:\n";
    for (int k = 0; k < 128; ++k) out_ += "\t.word " + hex(static_cast<uint32_t>(rng_())) + "\n";
    return out_;
  }

 private:
  enum class Ctx { Top, Loop, Sub, Simple };

  // --- randomness ---
  int pick(int n) { return static_cast<int>(rng_() % static_cast<uint64_t>(n)); }
  int range(int lo, int hi) { return lo + pick(hi - lo + 1); }
  bool coin(double p = 0.5) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  int data() { return kData[pick(kData.size())]; }
  int low() { return kLow[pick(kLow.size())]; }
  int data_except(std::initializer_list<int> no) {
    for (;;) {
      int d = data();
      if (std::find(no.begin(), no.end(), d) == no.end()) return d;
    }
  }
  int low_except(std::initializer_list<int> no) {
    for (;;) {
      int d = low();
      if (std::find(no.begin(), no.end(), d) == no.end()) return d;
    }
  }
  const char* cond() { return kCond[pick(kCond.size())]; }
  static std::string hex(uint32_t v) {
    char b[16];
    std::snprintf(b, sizeof b, "0x%x", v);
    return b;
  }
  uint32_t value() {
    switch (pick(6)) {
      case 0: return 0;
      case 1: return static_cast<uint32_t>(range(1, 16));
      case 2: return 0xffffffffu - static_cast<uint32_t>(pick(4));
      case 3: return 0x80000000u + static_cast<uint32_t>(pick(3)) - 1;
      case 4: return static_cast<uint32_t>(rng_()) >> range(0, 31);
      default: return static_cast<uint32_t>(rng_());
    }
  }
  // A ThumbExpandImm-encodable constant (A5.3.2).
  uint32_t modimm() {
    uint32_t b = static_cast<uint32_t>(pick(256));
    switch (pick(5)) {
      case 0: return b;
      case 1: return b | b << 16;
      case 2: return b << 8 | b << 24;
      case 3: return b | b << 8 | b << 16 | b << 24;
      default: return (0x80u | (b & 0x7f)) << pick(25);
    }
  }
  std::string shift_suffix(bool allow_rrx = true) {
    switch (pick(allow_rrx ? 6 : 5)) {
      case 0: return "";
      case 1: return ", lsl #" + std::to_string(range(1, 31));
      case 2: return ", lsr #" + std::to_string(range(1, 32));
      case 3: return ", asr #" + std::to_string(range(1, 32));
      case 4: return ", ror #" + std::to_string(range(1, 31));
      default: return ", rrx";
    }
  }
  std::string reglist(std::vector<int> pool, int n) {
    std::shuffle(pool.begin(), pool.end(), rng_);
    pool.resize(static_cast<size_t>(n));
    std::sort(pool.begin(), pool.end());
    std::string s = "{";
    for (size_t k = 0; k < pool.size(); ++k) s += (k ? ", " : "") + r(pool[k]);
    return s + "}";
  }
  static std::vector<int> without(std::initializer_list<int> no, bool low_only = false) {
    std::vector<int> v;
    for (int d : kData)
      if ((!low_only || d < 8) && std::find(no.begin(), no.end(), d) == no.end()) v.push_back(d);
    return v;
  }
  std::string label() { return ".Lg" + std::to_string(nlabel_++); }

  void line(const std::string& s) { out_ += "\t" + s + "\n"; }
  void put_label(const std::string& l) { out_ += l + ":\n"; }
  void mark(Family f) { used_[f] = true; }

  // --- instruction templates that may carry a condition (c = "" outside IT blocks) ---
  // Each emits exactly one instruction.
  void one_dp(const std::string& c, bool flags_ok) {
    std::string s = flags_ok && coin() ? "s" : "";
    switch (pick(10)) {
      case 0: case 1: case 2: {
        static constexpr const char* ops[] = {"and", "bic", "orr", "orn", "eor", "add", "adc", "sbc", "sub", "rsb"};
        mark(F_DP3);
        // Rd != Rn: GNU as narrows "adcs r0, r0, r1" to the 16-bit two-operand form and m3lab's
        // assembler keeps it wide (same semantics); narrow() writes the two-operand spelling.
        // Also Rd != Rm: in an IT block GNU as narrows the commutative "andvs r1, r4, r1" to
        // "andvs r1, r4"; m3lab's assembler keeps it wide.
        int d = data(), n = data_except({d}), m = data_except({d});
        line(std::string(ops[pick(10)]) + s + c + " " + r(d) + ", " + r(n) + ", " + r(m) + shift_suffix());
        break;
      }
      case 3: case 4: {
        static constexpr const char* ops[] = {"and", "bic", "orr", "orn", "eor", "add", "adc", "sbc", "sub", "rsb"};
        mark(F_DPIMM);
        line(std::string(ops[pick(10)]) + s + c + " " + r(data()) + ", " + r(data()) + ", #" + hex(modimm()));
        break;
      }
      case 5:
        mark(F_ADDW);
        line(std::string(coin() ? "addw" : "subw") + c + " " + r(data()) + ", " + r(data()) + ", #" + std::to_string(pick(4096)));
        break;
      case 6:
        mark(F_MOV);
        switch (pick(5)) {
          case 0: line("mov" + s + c + " " + r(data()) + ", #" + hex(modimm())); break;
          case 1: line("mvn" + s + c + " " + r(data()) + ", #" + hex(modimm())); break;
          case 2: line("movw" + c + " " + r(data()) + ", #" + std::to_string(pick(65536))); break;
          case 3: line("movt" + c + " " + r(data()) + ", #" + std::to_string(pick(65536))); break;
          default: line("mvn" + s + c + " " + r(data()) + ", " + r(data()) + shift_suffix()); break;
        }
        break;
      case 7: {
        mark(F_SHIFT);
        static constexpr const char* ops[] = {"lsl", "lsr", "asr", "ror"};
        int k = pick(4);
        if (coin()) {
          // Rd != Rn: GNU as narrows "asrle r6, r6, r2" in an IT block, m3lab keeps it wide.
          int d = data(), n = data_except({d});
          line(std::string(ops[k]) + s + c + " " + r(d) + ", " + r(n) + ", " + r(data()));
        }
        else {
          int d = data(), m = data();
          // In an IT block GNU as narrows "moveq r4, r1, lsl #24" to the 16-bit "lsleq r4, r1, #24";
          // m3lab's assembler keeps it wide: use a high destination there.
          if (!c.empty() && s.empty() && d < 8 && m < 8 && k != 3) d = 8 + pick(3);
          std::string amount = std::to_string(k == 0 || k == 3 ? range(1, 31) : range(1, 32));
          // m3lab's assembler spells a 32-bit immediate shift only as MOV with a shifted register
          // (GNU as also takes "lsl.w"): use the LSL spelling only where the 16-bit form fits.
          if (!s.empty() && c.empty() && d < 8 && m < 8 && k != 3)
            line(std::string(ops[k]) + s + " " + r(d) + ", " + r(m) + ", #" + amount);
          else
            line("mov" + s + c + " " + r(d) + ", " + r(m) + ", " + ops[k] + " #" + amount);
        }
        break;
      }
      case 8: {
        mark(F_MISC);
        static constexpr const char* ops[] = {"clz", "rbit", "rev", "rev16", "revsh", "sxtb", "sxth", "uxtb", "uxth"};
        int k = pick(9);
        std::string rot = k >= 5 && coin() ? ", ror #" + std::to_string(8 * range(1, 3)) : "";
        line(std::string(ops[k]) + c + " " + r(data()) + ", " + r(data()) + rot);
        break;
      }
      default: {
        mark(F_BITFIELD);
        int lsb = pick(32), width = range(1, 32 - lsb);
        switch (pick(4)) {
          case 0: line("bfi" + c + " " + r(data()) + ", " + r(data()) + ", #" + std::to_string(lsb) + ", #" + std::to_string(width)); break;
          case 1: line("bfc" + c + " " + r(data()) + ", #" + std::to_string(lsb) + ", #" + std::to_string(width)); break;
          case 2: line("ubfx" + c + " " + r(data()) + ", " + r(data()) + ", #" + std::to_string(lsb) + ", #" + std::to_string(width)); break;
          default: line("sbfx" + c + " " + r(data()) + ", " + r(data()) + ", #" + std::to_string(lsb) + ", #" + std::to_string(width)); break;
        }
      }
    }
  }

  void one_mul(const std::string& c) {
    switch (pick(5)) {
      case 0:
        mark(F_MUL);
        // m3lab's assembler bug (reported): inside an IT block "mul<c> r8, r2, r1" comes out as
        // the 16-bit "mul<c> r1, r2" (wrong destination). Until it is fixed, three-register MUL
        // is generated outside IT blocks only.
        if (c.empty()) line("mul " + r(data()) + ", " + r(data()) + ", " + r(data()));
        else line("mla" + c + " " + r(data()) + ", " + r(data()) + ", " + r(data()) + ", " + r(data()));
        break;
      case 1:
        mark(F_MUL);
        line(std::string(coin() ? "mla" : "mls") + c + " " + r(data()) + ", " + r(data()) + ", " + r(data()) + ", " + r(data()));
        break;
      case 2: {
        mark(F_MULL);
        static constexpr const char* ops[] = {"umull", "smull", "umlal", "smlal"};
        int lo = data(), hi = data_except({lo});
        line(std::string(ops[pick(4)]) + c + " " + r(lo) + ", " + r(hi) + ", " + r(data()) + ", " + r(data()));
        break;
      }
      case 3:
        mark(F_DIV);
        line(std::string(coin() ? "sdiv" : "udiv") + c + " " + r(data()) + ", " + r(data()) + ", " + r(data()));
        break;
      default: {
        mark(F_SAT);
        std::string sh = coin() ? "" : (coin() ? ", lsl #" + std::to_string(range(1, 31)) : ", asr #" + std::to_string(range(1, 31)));
        if (coin())
          line("ssat" + c + " " + r(data()) + ", #" + std::to_string(range(1, 32)) + ", " + r(data()) + sh);
        else
          line("usat" + c + " " + r(data()) + ", #" + std::to_string(range(0, 31)) + ", " + r(data()) + sh);
      }
    }
  }

  // One load or store addressed from r7 without writeback.
  void one_ldst(const std::string& c) {
    static constexpr const char* loads[] = {"ldr", "ldrh", "ldrb", "ldrsh", "ldrsb", "str", "strh", "strb"};
    static constexpr int size[] = {4, 2, 1, 2, 1, 4, 2, 1};
    int k = pick(8);
    std::string op = std::string(loads[k]) + c;
    switch (pick(3)) {
      case 0: {
        mark(F_LDST_IMM);
        int off = range(-252, 252) / size[k] * size[k];
        line(op + " " + r(data()) + ", [r7, #" + std::to_string(off) + "]");
        break;
      }
      case 1: {
        mark(F_LDST_NARROW);
        int lim = size[k] * 32;
        line(op + " " + r(low()) + ", [r7, #" + std::to_string(pick(lim) / size[k] * size[k]) + "]");
        break;
      }
      default: {
        // Register offset: the index is masked first so that the address stays in the scratch area.
        mark(F_LDST_REG);
        int sh = pick(4);
        int idx = data();
        line("and" + c + " " + r(idx) + ", " + r(data()) + ", #" + hex(0xfcu >> sh));
        // A masked index inside an IT block keeps the address safe only if the AND executed
        // under the same condition: the load below shares it (both are "t" of one block).
        std::string sfx = sh ? ", lsl #" + std::to_string(sh) : "";
        line(op + " " + r(data()) + ", [r7, " + r(idx) + sfx + "]");
      }
    }
  }

  // --- whole templates (may be several instructions) ---
  void simple() {
    switch (pick(14)) {
      case 0: case 1: case 2: case 3: one_dp("", true); break;
      case 4: one_mul(""); break;
      case 5: {
        mark(F_CMP);
        static constexpr const char* ops[] = {"cmp", "cmn", "tst", "teq"};
        if (coin())
          line(std::string(ops[pick(4)]) + " " + r(data()) + ", " + r(data()) + shift_suffix());
        else
          line(std::string(ops[pick(4)]) + " " + r(data()) + ", #" + hex(modimm()));
        break;
      }
      case 6: narrow(); break;
      case 7: case 8: one_ldst(""); break;
      case 9: ldst_wb(); break;
      case 10: ldst_other(); break;
      case 11:
        mark(F_PSR);
        if (coin()) line("mrs " + r(data()) + ", APSR");
        else line("msr APSR_nzcvq, " + r(data()));
        break;
      case 12:
        mark(F_LIT);
        line("ldr " + r(data()) + ", =" + hex(value()));
        break;
      default:
        // ADR, spelled as the ARM ARM's alternative syntax (m3lab's assembler has no "adr").
        mark(F_ADR);
        switch (pick(3)) {
          case 0: line("add " + r(low()) + ", pc, #" + std::to_string(4 * pick(256))); break;
          case 1: line("addw " + r(data()) + ", pc, #" + std::to_string(pick(4096))); break;
          default: line("subw " + r(data()) + ", pc, #" + std::to_string(pick(4096))); break;
        }
    }
  }

  void narrow() {
    mark(F_NARROW);
    int d = low(), n = low();
    switch (pick(12)) {
      case 0: line("adds " + r(d) + ", " + r(n) + ", #" + std::to_string(pick(8))); break;
      case 1: line("subs " + r(d) + ", #" + std::to_string(pick(256))); break;
      case 2: line("movs " + r(d) + ", #" + std::to_string(pick(256))); break;
      case 3: line("cmp " + r(d) + ", #" + std::to_string(pick(256))); break;
      case 4: line("negs " + r(d) + ", " + r(n)); break;
      case 5: line("muls " + r(d) + ", " + r(n) + ", " + r(d)); break;
      case 6: {
        static constexpr const char* ops[] = {"ands", "eors", "adcs", "sbcs", "orrs", "bics", "mvns", "lsls", "lsrs", "asrs", "rors", "tst", "cmn"};
        int k = pick(13);
        line(std::string(ops[k]) + " " + r(d) + ", " + r(n));
        break;
      }
      case 7: line("adds " + r(d) + ", " + r(n) + ", " + r(low())); break;
      case 8: line("subs " + r(d) + ", " + r(n) + ", " + r(low())); break;
      case 9: line("add " + r(data()) + ", " + r(data())); break;
      case 10: line("mov " + r(data()) + ", " + r(data())); break;
      default: line("cmp " + r(data()) + ", " + r(data())); break;
    }
  }

  void ldst_wb() {
    mark(F_LDST_WB);
    static constexpr const char* ops[] = {"ldr", "ldrh", "ldrb", "ldrsh", "ldrsb", "str", "strh", "strb"};
    static constexpr int size[] = {4, 2, 1, 2, 1, 4, 2, 1};
    int k = pick(8);
    int base = data();
    int t = data_except({base});
    line("add " + r(base) + ", r7, #" + std::to_string(4 * pick(16)));
    int off = range(-15, 15) * 4 / size[k] * size[k];
    if (coin()) line(std::string(ops[k]) + " " + r(t) + ", [" + r(base) + ", #" + std::to_string(off) + "]!");
    else line(std::string(ops[k]) + " " + r(t) + ", [" + r(base) + "], #" + std::to_string(off));
  }

  void ldst_other() {
    switch (pick(6)) {
      case 0: {
        mark(F_LDST_T);
        static constexpr const char* ops[] = {"ldrt", "ldrht", "ldrbt", "ldrsht", "ldrsbt", "strt", "strht", "strbt"};
        line(std::string(ops[pick(8)]) + " " + r(data()) + ", [r7, #" + std::to_string(4 * pick(60)) + "]");
        break;
      }
      case 1: {
        mark(F_LDRD);
        int t = data(), t2 = data_except({t});
        int off = 4 * range(-30, 30);
        if (coin()) {
          line(std::string(coin() ? "ldrd" : "strd") + " " + r(t) + ", " + r(t2) + ", [r7, #" + std::to_string(off) + "]");
        } else {
          int base = data_except({t, t2});
          line("add " + r(base) + ", r7, #" + std::to_string(4 * pick(16)));
          std::string op = coin() ? "ldrd" : "strd";
          // Not #0 with writeback: m3lab's assembler rejects "ldrd r5, r2, [r3, #0]!" (GNU as takes it).
          int off = 4 * range(1, 15) * (coin() ? 1 : -1);
          if (coin()) line(op + " " + r(t) + ", " + r(t2) + ", [" + r(base) + ", #" + std::to_string(off) + "]!");
          else line(op + " " + r(t) + ", " + r(t2) + ", [" + r(base) + "], #" + std::to_string(4 * range(-15, 15)));
        }
        break;
      }
      case 2: {
        mark(F_LDM);
        static constexpr const char* ops[] = {"ldmia", "stmia", "ldmdb", "stmdb"};
        line(std::string(ops[pick(4)]) + " r7, " + reglist(without({}), range(2, 5)));
        break;
      }
      case 3: {
        mark(F_LDM_WB);
        bool narrow = coin();
        int base = narrow ? low() : data();
        line("add " + r(base) + ", r7, #" + std::to_string(4 * pick(16)));
        static constexpr const char* ops[] = {"ldmia", "stmia", "ldmdb", "stmdb"};
        int k = narrow ? pick(2) : pick(4);
        line(std::string(ops[k]) + " " + r(base) + "!, " + reglist(without({base}, narrow), range(narrow ? 1 : 2, 4)));
        break;
      }
      case 4: {
        mark(F_EXCL);
        int t = data();
        int off = 4 * pick(32);
        switch (pick(3)) {
          case 0: line("ldrex " + r(t) + ", [r7, #" + std::to_string(off) + "]"); break;
          case 1: line(std::string(coin() ? "ldrexb" : "ldrexh") + " " + r(t) + ", [r7]"); break;
          default: line("clrex"); break;
        }
        if (coin(0.7)) {
          int v = data();
          int st = data_except({v});
          if (coin()) line("strex " + r(st) + ", " + r(v) + ", [r7, #" + std::to_string(coin() ? off : 4 * pick(32)) + "]");
          else line(std::string(coin() ? "strexb" : "strexh") + " " + r(st) + ", " + r(v) + ", [r7]");
        }
        break;
      }
      default: {
        mark(F_SPREL);
        int words = range(1, 4);
        line("sub sp, #" + std::to_string(4 * words));
        // Write every word before any read: a program's result must not depend on memory it
        // never wrote (what a previous program left on the stack).
        for (int k = 0; k < words; ++k)
          line("str " + r(coin() ? low() : data()) + ", [sp, #" + std::to_string(4 * k) + "]");
        for (int k = range(1, 3); k > 0; --k) {
          int off = 4 * pick(words);
          if (coin()) line("str " + r(coin() ? low() : data()) + ", [sp, #" + std::to_string(off) + "]");
          else line("ldr " + r(coin() ? low() : data()) + ", [sp, #" + std::to_string(off) + "]");
        }
        line("add sp, #" + std::to_string(4 * words));
      }
    }
  }

  void push_pop() {
    mark(F_PUSHPOP);
    int n = range(1, 4);
    line("push " + reglist(without({}, coin()), n));
    for (int k = pick(3); k > 0; --k) {
      if (coin()) line("ldr " + r(data()) + ", [sp, #" + std::to_string(4 * pick(n)) + "]");
      else simple();
    }
    line("pop " + reglist(without({}, coin()), n));
  }

  void it_block() {
    mark(F_IT);
    int n = range(1, 4);
    const char* first = cond();
    // Inverse condition: flip the low bit of the condition code (A7.3).
    static constexpr const char* inv[] = {"ne", "eq", "cc", "cs", "pl", "mi", "vc", "vs", "ls", "hi", "lt", "ge", "le", "gt"};
    int fi = static_cast<int>(std::find_if(kCond.begin(), kCond.end(), [&](const char* x) { return std::string(x) == first; }) - kCond.begin());
    std::vector<bool> then(static_cast<size_t>(n), true);
    std::string mask;
    for (int k = 1; k < n; ++k) {
      then[static_cast<size_t>(k)] = coin();
      mask += then[static_cast<size_t>(k)] ? "t" : "e";
    }
    // A masked register-offset access needs two slots with the same condition.
    bool branch_last = coin(0.2);
    std::string end = label();
    line("it" + mask + " " + first);
    for (int k = 0; k < n; ++k) {
      std::string c = then[static_cast<size_t>(k)] ? first : inv[fi];
      if (k == n - 1 && branch_last) {
        mark(F_FWD_BRANCH);
        line("b" + c + " " + end);
        break;
      }
      switch (pick(4)) {
        case 0: case 1: one_dp(c, true); break;
        case 2: one_mul(c); break;
        default: {
          // Immediate-offset access only: a register-offset one needs its masking AND.
          static constexpr const char* ops[] = {"ldr", "ldrh", "ldrb", "ldrsh", "ldrsb", "str", "strh", "strb"};
          static constexpr int size[] = {4, 2, 1, 2, 1, 4, 2, 1};
          int j = pick(8);
          mark(F_LDST_IMM);
          line(std::string(ops[j]) + c + " " + r(data()) + ", [r7, #" + std::to_string(range(-63, 63) * 4 / size[j] * size[j]) + "]");
        }
      }
    }
    if (branch_last) {
      simple();
      put_label(end);
    }
  }

  void fwd_branch() {
    mark(F_FWD_BRANCH);
    std::string l = label();
    if (coin()) line("cmp " + r(data()) + ", " + r(data()));
    line(std::string("b") + cond() + " " + l);
    for (int k = range(1, 4); k > 0; --k) simple();
    put_label(l);
  }

  void cbz() {
    mark(F_CBZ);
    std::string l = label();
    int n = low();
    if (coin()) line("ands " + r(n) + ", " + r(n) + ", #" + std::to_string(pick(2)));
    line(std::string(coin() ? "cbz " : "cbnz ") + r(n) + ", " + l);
    for (int k = range(1, 3); k > 0; --k) simple();
    put_label(l);
  }

  void table_branch(bool half) {
    mark(half ? F_TBH : F_TBB);
    int idx = data();
    int ncase = range(2, 4);
    line("and " + r(idx) + ", " + r(data()) + ", #" + std::to_string(ncase - 1 > 1 ? 3 : 1));
    int entries = ncase - 1 > 1 ? 4 : 2;
    std::string tab = label(), end = label();
    std::vector<std::string> cases;
    for (int k = 0; k < entries; ++k) cases.push_back(label());
    line(std::string(half ? "tbh [pc, " : "tbb [pc, ") + r(idx) + (half ? ", lsl #1]" : "]"));
    put_label(tab);
    for (int k = 0; k < entries; ++k)
      line(std::string(half ? ".hword (" : ".byte (") + cases[static_cast<size_t>(k)] + " - " + tab + ") / 2");
    if (!half) line(".align 1");
    for (int k = 0; k < entries; ++k) {
      put_label(cases[static_cast<size_t>(k)]);
      simple();
      if (k + 1 < entries) line("b " + end);
    }
    put_label(end);
  }

  void loop() {
    mark(F_LOOP);
    std::string l = label();
    line("mov r11, #" + std::to_string(range(2, 5)));
    put_label(l);
    for (int k = range(2, 6); k > 0; --k) block(Ctx::Loop);
    switch (pick(3)) {
      case 0:
        line("subs r11, r11, #1");
        line("bne " + l);
        break;
      case 1:
        line("sub r11, r11, #1");
        line("cmp r11, #0");
        line("bgt " + l);
        break;
      default:
        // A conditional branch in an IT block closing the loop.
        line("subs r11, r11, #1");
        line("it ne");
        line("bne " + l);
    }
  }

  void call() {
    mark(F_CALL);
    int s = pick(nsubs_);
    if (coin(0.7)) {
      line("bl sub" + std::to_string(s));
    } else {
      int t = data();
      line("ldr " + r(t) + ", =sub" + std::to_string(s));
      line("blx " + r(t));
    }
  }

  void subroutine(int s) {
    out_ += "\t.thumb_func\nsub" + std::to_string(s) + ":\n";
    int style = pick(5);
    if (style == 1) line("push {lr}");
    if (style == 2) line("push {r4, lr}");
    if (style == 4) line("push {lr}");
    for (int k = range(1, 5); k > 0; --k) block(Ctx::Sub);
    switch (style) {
      case 0: line("bx lr"); break;
      case 1: line("pop {pc}"); break;
      case 2: line("pop {r4, pc}"); break;
      case 3: line("mov pc, lr"); break;
      default: line("ldr pc, [sp], #4"); break;
    }
  }

  void block(Ctx ctx) {
    int k = pick(100);
    if (k < 40) return simple();
    if (k < 50) return it_block();
    if (k < 58) return fwd_branch();
    if (k < 63) return cbz();
    if (k < 67) return table_branch(coin());
    if (k < 74) return push_pop();
    if (k < 82 && ctx != Ctx::Sub && nsubs_ > 0) return call();
    if (k < 88 && ctx == Ctx::Top && opt_.loops) return loop();
    if (k < 91 && ctx != Ctx::Sub && opt_.exceptions) {
      mark(F_SVC);
      return line("svc " + std::to_string(pick(256)));
    }
    return simple();
  }

  std::mt19937_64 rng_;
  GenOptions opt_;
  std::string out_;
  int nlabel_ = 0;
  int nsubs_ = 0;

 public:
  std::array<bool, F_COUNT> used_{};
};

}  // namespace

std::string generate_program(uint64_t seed, const GenOptions& opt) { return Gen(seed, opt).run(); }

std::vector<bool> families_used(uint64_t seed, const GenOptions& opt) {
  Gen g(seed, opt);
  g.run();
  return std::vector<bool>(g.used_.begin(), g.used_.end());
}

int template_family_count() { return F_COUNT; }
const char* template_family_name(int k) { return kFamilyNames[static_cast<size_t>(k)]; }

}  // namespace m3::pipetest
