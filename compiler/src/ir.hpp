// The three-address IR of -O1 and -O2 (docs/language.md, "The optimiser").
//
// A function is a list of basic blocks; each block is a list of instructions ending in exactly one
// terminator (jmp, br, ret). Values live in an unbounded set of 32-bit virtual registers (v0, v1,
// ...). The IR is not SSA: a variable keeps one virtual register for its whole life and may be
// assigned many times; temporaries are assigned once. Narrow values (char, short) are kept
// extended to 32 bits, as the ABI keeps them in registers. Memory is touched only by explicit
// loads and stores with a width and a signedness.
//
// The last passes make the IR machine-shaped (immediates only where Thumb-2 encodes them, scaled
// and post-indexed addresses, IT-block selects, USAT/SSAT), so the code generator maps each
// instruction to one or a few Thumb-2 instructions; the register allocator then replaces virtual
// registers by r0-r12 and lr.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cc.hpp"

namespace m3::cc::ir {

enum class Op : uint8_t {
  Imm,     // d = #a
  Addr,    // d = address of sym
  Frame,   // d = address of stack slot #a
  Param,   // d = parameter #a
  Mov,     // d = a
  Add, Sub, Mul, SDiv, UDiv, And, Or, Xor, Shl, LShr, AShr,  // d = a OP b (Add, Sub: a OP (b << shift))
  Mla,     // d = a * b + c
  Mls,     // d = c - a * b
  Neg,     // d = -a
  Not,     // d = ~a
  Sext8, Sext16, Zext8, Zext16,  // d = a extended from its low 8 or 16 bits
  Usat,    // d = a clamped to 0 .. 2^b - 1
  Ssat,    // d = a clamped to -2^(b-1) .. 2^(b-1) - 1
  SetCC,   // d = (a CC b) ? 1 : 0
  Sel,     // d = (a CC b) ? c : e
  Load,    // d = mem[a + (b << shift)]; post: d = mem[a], then a = a + b
  Store,   // mem[a + (b << shift)] = c; post: mem[a] = c, then a = a + b
  Call,    // d = sym(args...) (d may be none)
  SpillLd, // d = spill slot #a (inserted by the register allocator)
  SpillSt, // spill slot #b = a
  Jmp,     // goto t
  Br,      // if (a CC b) goto t else goto f
  Ret,     // return a (a may be none)
};

enum class Cc : uint8_t { Eq, Ne, Lt, Ge, Le, Gt, Lo, Hs, Ls, Hi };
Cc invert(Cc c);
Cc swap_operands(Cc c);  // a CC b == b swap(CC) a
bool eval_cc(Cc c, uint32_t a, uint32_t b);
const char* cc_name(Cc c);

// An operand: nothing, a virtual register or an immediate.
struct Val {
  enum Kind : uint8_t { None, Reg, Imm } kind = None;
  int32_t v = 0;
  static Val reg(int r) { return {Reg, r}; }
  static Val imm(int32_t i) { return {Imm, i}; }
  bool is_reg() const { return kind == Reg; }
  bool is_imm() const { return kind == Imm; }
  bool none() const { return kind == None; }
  bool operator==(const Val& o) const { return kind == o.kind && (kind == None || v == o.v); }
};

struct Inst {
  Op op = Op::Mov;
  int dst = -1;  // virtual register defined, or -1
  Val a, b, c, e;
  Cc cc = Cc::Eq;
  uint8_t width = 4;   // Load, Store: 1, 2 or 4 bytes
  bool sign = false;   // Load: sign-extend
  uint8_t shift = 0;   // Load, Store: the register offset's left shift (0-3); Add, Sub: b's (1-31)
  bool post = false;   // Load, Store: post-indexed (the base register is also written)
  std::string sym;     // Addr, Call
  std::vector<Val> args;  // Call
  int t = -1, f = -1;  // Jmp, Br: target blocks
  const Token* tok = nullptr;  // the source position, for the line map

  bool is_terminator() const { return op == Op::Jmp || op == Op::Br || op == Op::Ret; }
  // Whether removing the instruction (when d is unused) changes the program.
  bool has_effects() const {
    return op == Op::Store || op == Op::Call || op == Op::SpillSt || is_terminator() || (op == Op::Load && post) ||
           op == Op::Load;  // loads stay: the language treats every access as volatile
  }
  // Registers read and written (the post-indexed base is both).
  template <class F> void for_uses(F&& fn) {
    for (Val* v : {&a, &b, &c, &e})
      if (v->is_reg()) fn(v->v);
    for (Val& v : args)
      if (v.is_reg()) fn(v.v);
  }
  template <class F> void for_use_vals(F&& fn) {
    for (Val* v : {&a, &b, &c, &e})
      if (v->is_reg()) fn(*v);
    for (Val& v : args)
      if (v.is_reg()) fn(v);
  }
  template <class F> void for_defs(F&& fn) {
    if (dst >= 0) fn(dst);
    if (post && a.is_reg()) fn(a.v);
  }
};

struct Block {
  std::vector<Inst> insts;
  bool dead = false;
  std::vector<int> succs() const;
};

struct Slot {
  int size = 4;
  int align = 4;
};

struct Function {
  Obj* obj = nullptr;
  std::string name;
  bool is_static = false;
  int nparams = 0;
  std::vector<Block> blocks;  // blocks[0] is the entry; layout order
  int nvregs = 0;
  std::vector<Slot> slots;    // address-taken locals, arrays, spills
  std::vector<std::string> vreg_names;  // for the dump: "x" for a variable's register
  int new_vreg(const std::string& name = "") {
    vreg_names.push_back(name);
    return nvregs++;
  }
  int new_block() {
    blocks.emplace_back();
    return static_cast<int>(blocks.size()) - 1;
  }
};

struct Module {
  std::vector<Function> funcs;
};

// ir_lower.cpp: the typed syntax tree to IR, one Function per defined function.
Module lower(Ctx& ctx, const Program& prog);
// The text of --dump-after.
std::string print(const Module& m);
std::string print(const Function& f);

// Per-block live-in and live-out sets of virtual registers.
struct Liveness {
  std::vector<std::vector<bool>> in, out;
};
Liveness liveness(const Function& f);
std::vector<int> use_counts(const Function& f);
std::vector<int> def_counts(const Function& f);
std::vector<std::vector<int>> predecessors(const Function& f);
void compact(Function& f);       // drops unreachable blocks, reverse post-order
void simplify_cfg(Function& f);
void run_scalar_opts(Function& f);  // propagation, coalescing, DCE and CFG clean-up to a fixed point

// ir_opt.cpp: the passes, each a function from IR to IR.
void pass_simplify_cfg(Ctx& ctx, Module& m);
void pass_constprop(Ctx& ctx, Module& m);  // folding, constant and copy propagation, identities
void pass_dce(Ctx& ctx, Module& m);
void pass_inline(Ctx& ctx, Module& m);
void pass_licm(Ctx& ctx, Module& m);
void pass_strength(Ctx& ctx, Module& m);
void pass_addrmode(Ctx& ctx, Module& m);
void pass_ifconv(Ctx& ctx, Module& m);
void pass_sat(Ctx& ctx, Module& m);
void pass_legalize(Ctx& ctx, Module& m);
void pass_schedule(Ctx& ctx, Module& m);

// ir_codegen.cpp: register allocation (linear scan) and Thumb-2 emission.
void codegen(Ctx& ctx, Module& m, CompileResult& res);

bool is_modimm(uint32_t v);  // a Thumb-2 modified immediate (A5.3.2)

}  // namespace m3::cc::ir
