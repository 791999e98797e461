// The IR printer (--dump-after) and the machine-independent passes of -O1: CFG simplification,
// constant folding with constant and copy propagation, dead-code elimination.
#include <algorithm>
#include <functional>
#include <map>

#include "ir.hpp"
#include "m3lab/isa/check.hpp"

namespace m3::cc::ir {

Cc invert(Cc c) {
  switch (c) {
    case Cc::Eq: return Cc::Ne;
    case Cc::Ne: return Cc::Eq;
    case Cc::Lt: return Cc::Ge;
    case Cc::Ge: return Cc::Lt;
    case Cc::Le: return Cc::Gt;
    case Cc::Gt: return Cc::Le;
    case Cc::Lo: return Cc::Hs;
    case Cc::Hs: return Cc::Lo;
    case Cc::Ls: return Cc::Hi;
    case Cc::Hi: return Cc::Ls;
  }
  return c;
}

Cc swap_operands(Cc c) {
  switch (c) {
    case Cc::Lt: return Cc::Gt;
    case Cc::Gt: return Cc::Lt;
    case Cc::Le: return Cc::Ge;
    case Cc::Ge: return Cc::Le;
    case Cc::Lo: return Cc::Hi;
    case Cc::Hi: return Cc::Lo;
    case Cc::Ls: return Cc::Hs;
    case Cc::Hs: return Cc::Ls;
    default: return c;
  }
}

bool eval_cc(Cc c, uint32_t a, uint32_t b) {
  int32_t sa = static_cast<int32_t>(a), sb = static_cast<int32_t>(b);
  switch (c) {
    case Cc::Eq: return a == b;
    case Cc::Ne: return a != b;
    case Cc::Lt: return sa < sb;
    case Cc::Ge: return sa >= sb;
    case Cc::Le: return sa <= sb;
    case Cc::Gt: return sa > sb;
    case Cc::Lo: return a < b;
    case Cc::Hs: return a >= b;
    case Cc::Ls: return a <= b;
    case Cc::Hi: return a > b;
  }
  return false;
}

const char* cc_name(Cc c) {
  static const char* const names[] = {"eq", "ne", "lt", "ge", "le", "gt", "lo", "hs", "ls", "hi"};
  return names[static_cast<int>(c)];
}

std::vector<int> Block::succs() const {
  if (insts.empty()) return {};
  const Inst& t = insts.back();
  if (t.op == Op::Jmp) return {t.t};
  if (t.op == Op::Br) return t.t == t.f ? std::vector<int>{t.t} : std::vector<int>{t.t, t.f};
  return {};
}

// ---- the printer ----

namespace {

const char* op_name(Op op) {
  switch (op) {
    case Op::Imm: return "imm";
    case Op::Addr: return "addr";
    case Op::Frame: return "frame";
    case Op::Param: return "param";
    case Op::Mov: return "mov";
    case Op::Add: return "add";
    case Op::Sub: return "sub";
    case Op::Mul: return "mul";
    case Op::SDiv: return "sdiv";
    case Op::UDiv: return "udiv";
    case Op::And: return "and";
    case Op::Or: return "or";
    case Op::Xor: return "xor";
    case Op::Shl: return "shl";
    case Op::LShr: return "lshr";
    case Op::AShr: return "ashr";
    case Op::Mla: return "mla";
    case Op::Mls: return "mls";
    case Op::Neg: return "neg";
    case Op::Not: return "not";
    case Op::Sext8: return "sext8";
    case Op::Sext16: return "sext16";
    case Op::Zext8: return "zext8";
    case Op::Zext16: return "zext16";
    case Op::Usat: return "usat";
    case Op::Ssat: return "ssat";
    case Op::SetCC: return "set";
    case Op::Sel: return "sel";
    case Op::Load: return "load";
    case Op::Store: return "store";
    case Op::Call: return "call";
    case Op::SpillLd: return "spill.ld";
    case Op::SpillSt: return "spill.st";
    case Op::Jmp: return "jmp";
    case Op::Br: return "br";
    case Op::Ret: return "ret";
  }
  return "?";
}

std::string val_str(const Function& f, const Val& v) {
  if (v.is_imm()) return "#" + std::to_string(v.v);
  if (!v.is_reg()) return "-";
  std::string s = "v" + std::to_string(v.v);
  if (v.v < static_cast<int>(f.vreg_names.size()) && !f.vreg_names[v.v].empty()) s += "(" + f.vreg_names[v.v] + ")";
  return s;
}

std::string mem_str(const Function& f, const Inst& i) {
  std::string s = "[" + val_str(f, i.a);
  if (i.post) return s + "], " + val_str(f, i.b) + " (post-index)";
  if (!(i.b.is_imm() && i.b.v == 0)) s += " + " + val_str(f, i.b);
  if (i.shift) s += " << " + std::to_string(i.shift);
  return s + "]";
}

}  // namespace

std::string print(const Function& f) {
  std::string s = "function " + f.name + " (" + std::to_string(f.nparams) + " parameters)\n";
  for (size_t i = 0; i < f.slots.size(); ++i)
    s += "  slot " + std::to_string(i) + ": " + std::to_string(f.slots[i].size) + " bytes\n";
  for (size_t b = 0; b < f.blocks.size(); ++b) {
    if (f.blocks[b].dead) continue;
    s += "b" + std::to_string(b) + ":\n";
    for (const Inst& i : f.blocks[b].insts) {
      std::string l = "  ";
      if (i.dst >= 0) l += val_str(f, Val::reg(i.dst)) + " = ";
      l += op_name(i.op);
      switch (i.op) {
        case Op::Load:
          l += std::string(".") + (i.sign ? "s" : "u") + std::to_string(8 * i.width) + " " + mem_str(f, i);
          break;
        case Op::Store: l += "." + std::to_string(8 * i.width) + " " + mem_str(f, i) + ", " + val_str(f, i.c); break;
        case Op::Addr: l += " " + i.sym; break;
        case Op::Call: {
          l += " " + i.sym + "(";
          for (size_t k = 0; k < i.args.size(); ++k) l += (k ? ", " : "") + val_str(f, i.args[k]);
          l += ")";
          break;
        }
        case Op::Jmp: l += " b" + std::to_string(i.t); break;
        case Op::Br:
          l += std::string(" ") + cc_name(i.cc) + " " + val_str(f, i.a) + ", " + val_str(f, i.b) + ", b" +
               std::to_string(i.t) + ", b" + std::to_string(i.f);
          break;
        case Op::SetCC:
          l += std::string(".") + cc_name(i.cc) + " " + val_str(f, i.a) + ", " + val_str(f, i.b);
          break;
        case Op::Sel:
          l += std::string(" ") + cc_name(i.cc) + " " + val_str(f, i.a) + ", " + val_str(f, i.b) + " ? " +
               val_str(f, i.c) + " : " + val_str(f, i.e);
          break;
        default: {
          bool first = true;
          for (const Val* v : {&i.a, &i.b, &i.c, &i.e}) {
            if (v->none()) continue;
            l += (first ? " " : ", ") + val_str(f, *v);
            first = false;
          }
          if (i.shift) l += " << " + std::to_string(i.shift);
        }
      }
      if (i.tok) l += "    ; line " + std::to_string(i.tok->line);
      s += l + "\n";
    }
  }
  return s;
}

std::string print(const Module& m) {
  std::string s;
  for (const Function& f : m.funcs) s += print(f) + "\n";
  return s;
}

// ---- helpers shared by the passes ----

std::vector<std::vector<int>> predecessors(const Function& f) {
  std::vector<std::vector<int>> preds(f.blocks.size());
  for (size_t b = 0; b < f.blocks.size(); ++b) {
    if (f.blocks[b].dead) continue;
    for (int s : f.blocks[b].succs()) preds[s].push_back(static_cast<int>(b));
  }
  return preds;
}

// Drops unreachable blocks and renumbers the rest in reverse post-order (loops' bodies then sit
// right after their headers, and most jumps go to the next block).
void compact(Function& f) {
  std::vector<int> order;
  std::vector<char> seen(f.blocks.size(), 0);
  // Iterative DFS post-order from the entry.
  std::vector<std::pair<int, size_t>> stack{{0, 0}};
  seen[0] = 1;
  while (!stack.empty()) {
    auto& [b, k] = stack.back();
    std::vector<int> s = f.blocks[b].succs();
    // Visit the fall-through successor last so that it comes first in reverse post-order.
    if (k < s.size()) {
      int n = s[s.size() - 1 - k];
      ++k;
      if (!seen[n]) {
        seen[n] = 1;
        stack.push_back({n, 0});
      }
      continue;
    }
    order.push_back(b);
    stack.pop_back();
  }
  std::reverse(order.begin(), order.end());
  std::vector<int> remap(f.blocks.size(), -1);
  for (size_t i = 0; i < order.size(); ++i) remap[order[i]] = static_cast<int>(i);
  std::vector<Block> nb;
  nb.reserve(order.size());
  for (int b : order) {
    nb.push_back(std::move(f.blocks[b]));
    Inst& t = nb.back().insts.back();
    if (t.t >= 0) t.t = remap[t.t];
    if (t.f >= 0) t.f = remap[t.f];
  }
  f.blocks = std::move(nb);
}

// Number of definitions of each virtual register.
std::vector<int> def_counts(const Function& f) {
  std::vector<int> n(f.nvregs, 0);
  for (const Block& b : f.blocks)
    for (const Inst& i : b.insts) const_cast<Inst&>(i).for_defs([&](int r) { ++n[r]; });
  // Parameters count as defined once by their Param instruction.
  return n;
}

std::vector<int> use_counts(const Function& f) {
  std::vector<int> n(f.nvregs, 0);
  for (const Block& b : f.blocks)
    for (const Inst& i : b.insts) const_cast<Inst&>(i).for_uses([&](int r) { ++n[r]; });
  return n;
}

Liveness liveness(const Function& f) {
  size_t nb = f.blocks.size();
  Liveness l;
  l.in.assign(nb, std::vector<bool>(f.nvregs, false));
  l.out.assign(nb, std::vector<bool>(f.nvregs, false));
  std::vector<std::vector<bool>> use(nb, std::vector<bool>(f.nvregs, false)), def = use;
  for (size_t b = 0; b < nb; ++b) {
    for (const Inst& ci : f.blocks[b].insts) {
      Inst& i = const_cast<Inst&>(ci);
      i.for_uses([&](int r) {
        if (!def[b][r]) use[b][r] = true;
      });
      i.for_defs([&](int r) { def[b][r] = true; });
    }
  }
  bool changed = true;
  while (changed) {
    changed = false;
    for (size_t b = nb; b-- > 0;) {
      std::vector<bool> out(f.nvregs, false);
      for (int s : f.blocks[b].succs())
        for (int r = 0; r < f.nvregs; ++r)
          if (l.in[s][r]) out[r] = true;
      std::vector<bool> in = use[b];
      for (int r = 0; r < f.nvregs; ++r)
        if (out[r] && !def[b][r]) in[r] = true;
      if (in != l.in[b] || out != l.out[b]) {
        l.in[b] = std::move(in);
        l.out[b] = std::move(out);
        changed = true;
      }
    }
  }
  return l;
}

// ---- simplify-cfg ----

namespace {

bool simplify_once(Function& f) {
  bool changed = false;
  // Constant and degenerate branches.
  for (Block& b : f.blocks) {
    Inst& t = b.insts.back();
    if (t.op != Op::Br) continue;
    if (t.a.is_imm() && t.b.is_imm()) {
      t.t = eval_cc(t.cc, static_cast<uint32_t>(t.a.v), static_cast<uint32_t>(t.b.v)) ? t.t : t.f;
    } else if (t.t != t.f) {
      continue;
    }
    t.op = Op::Jmp;
    t.f = -1;
    t.a = t.b = Val{};
    changed = true;
  }
  // Jumps to blocks that only jump on (not the entry block).
  auto forward = [&](int t) {
    for (int n = 0; n < 8 && t != 0 && f.blocks[t].insts.size() == 1 && f.blocks[t].insts[0].op == Op::Jmp &&
                    f.blocks[t].insts[0].t != t;
         ++n)
      t = f.blocks[t].insts[0].t;
    return t;
  };
  for (Block& b : f.blocks) {
    Inst& t = b.insts.back();
    if (t.op != Op::Jmp && t.op != Op::Br) continue;
    int nt = forward(t.t);
    if (nt != t.t) t.t = nt, changed = true;
    if (t.op == Op::Br) {
      int nf = forward(t.f);
      if (nf != t.f) t.f = nf, changed = true;
    }
  }
  compact(f);
  // A block whose only successor has it as only predecessor absorbs it.
  auto preds = predecessors(f);
  for (size_t b = 0; b < f.blocks.size(); ++b) {
    Block& bb = f.blocks[b];
    if (bb.dead) continue;
    for (;;) {
      Inst& t = bb.insts.back();
      if (t.op != Op::Jmp) break;
      int s = t.t;
      if (s == 0 || s == static_cast<int>(b) || preds[s].size() != 1 || f.blocks[s].dead) break;
      bb.insts.pop_back();
      for (Inst& i : f.blocks[s].insts) bb.insts.push_back(std::move(i));
      f.blocks[s].insts.clear();
      f.blocks[s].dead = true;
      for (int ss : bb.succs())
        for (int& p : preds[ss])
          if (p == s) p = static_cast<int>(b);
      changed = true;
    }
  }
  for (Block& b : f.blocks)
    if (b.dead) {
      // Give dead blocks a terminator so that compact() can walk them safely (they are unreachable).
      b.insts.clear();
      Inst r;
      r.op = Op::Ret;
      b.insts.push_back(r);
    }
  compact(f);
  return changed;
}

}  // namespace

void simplify_cfg(Function& f) {
  for (int n = 0; n < 10 && simplify_once(f); ++n) {
  }
}

void pass_simplify_cfg(Ctx&, Module& m) {
  for (Function& f : m.funcs) simplify_cfg(f);
}

// ---- constant folding and propagation, copy propagation ----

namespace {

bool commutative(Op op) { return op == Op::Add || op == Op::Mul || op == Op::And || op == Op::Or || op == Op::Xor; }
bool binary(Op op) { return op >= Op::Add && op <= Op::AShr; }

std::optional<uint32_t> fold_binary(Op op, uint32_t a, uint32_t b) {
  int32_t sa = static_cast<int32_t>(a), sb = static_cast<int32_t>(b);
  switch (op) {
    case Op::Add: return a + b;
    case Op::Sub: return a - b;
    case Op::Mul: return a * b;
    // SDIV/UDIV by zero give 0 (CCR.DIV_0_TRP clear); INT_MIN / -1 gives INT_MIN.
    case Op::SDiv:
      if (b == 0) return 0u;
      if (sa == INT32_MIN && sb == -1) return a;
      return static_cast<uint32_t>(sa / sb);
    case Op::UDiv: return b == 0 ? 0u : a / b;
    case Op::And: return a & b;
    case Op::Or: return a | b;
    case Op::Xor: return a ^ b;
    // Register shifts use the bottom byte of the amount (A2.2.1); 32 and above give 0 (or the sign).
    case Op::Shl: return (b & 0xff) >= 32 ? 0u : a << (b & 0xff);
    case Op::LShr: return (b & 0xff) >= 32 ? 0u : a >> (b & 0xff);
    case Op::AShr: return static_cast<uint32_t>((b & 0xff) >= 32 ? (sa < 0 ? -1 : 0) : sa >> (b & 0xff));
    default: return std::nullopt;
  }
}

std::optional<uint32_t> fold_unary(Op op, uint32_t a) {
  switch (op) {
    case Op::Mov: return a;
    case Op::Neg: return 0u - a;
    case Op::Not: return ~a;
    case Op::Sext8: return static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(a)));
    case Op::Sext16: return static_cast<uint32_t>(static_cast<int32_t>(static_cast<int16_t>(a)));
    case Op::Zext8: return a & 0xff;
    case Op::Zext16: return a & 0xffff;
    default: return std::nullopt;
  }
}

void make_imm(Inst& i, uint32_t v) {
  int d = i.dst;
  const Token* t = i.tok;
  i = Inst{};
  i.op = Op::Imm;
  i.dst = d;
  i.a = Val::imm(static_cast<int32_t>(v));
  i.tok = t;
}

void make_mov(Inst& i, Val v) {
  if (v.is_imm()) return make_imm(i, static_cast<uint32_t>(v.v));
  int d = i.dst;
  const Token* t = i.tok;
  i = Inst{};
  i.op = Op::Mov;
  i.dst = d;
  i.a = v;
  i.tok = t;
}

int log2_exact(uint32_t v) {
  if (v == 0 || (v & (v - 1))) return -1;
  int n = 0;
  while (v >>= 1) ++n;
  return n;
}

// Simplifies one instruction whose operands are already substituted. `def_of` gives the single
// definition of a register, if it has exactly one.
void simplify_inst(Inst& i, const std::function<const Inst*(int)>& def_of) {
  if (i.shift && (i.op == Op::Add || i.op == Op::Sub)) return;  // shifted operands: left alone
  if (i.op == Op::Mov && i.a.is_imm()) return make_imm(i, static_cast<uint32_t>(i.a.v));
  if (commutative(i.op) && i.a.is_imm() && i.b.is_reg()) std::swap(i.a, i.b);
  if ((i.op == Op::SetCC || i.op == Op::Br || i.op == Op::Sel) && i.a.is_imm() && i.b.is_reg()) {
    std::swap(i.a, i.b);
    i.cc = swap_operands(i.cc);
  }
  if (binary(i.op) && i.a.is_imm() && i.b.is_imm()) {
    if (auto v = fold_binary(i.op, static_cast<uint32_t>(i.a.v), static_cast<uint32_t>(i.b.v))) return make_imm(i, *v);
  }
  if (i.a.is_imm() && i.b.none() && i.op != Op::Imm && i.op != Op::Param && i.op != Op::Frame && i.op != Op::Ret) {
    if (auto v = fold_unary(i.op, static_cast<uint32_t>(i.a.v))) return make_imm(i, *v);
  }
  if (i.op == Op::SetCC && i.a.is_imm() && i.b.is_imm())
    return make_imm(i, eval_cc(i.cc, static_cast<uint32_t>(i.a.v), static_cast<uint32_t>(i.b.v)) ? 1 : 0);
  if (i.op == Op::Sel && i.a.is_imm() && i.b.is_imm())
    return make_mov(i, eval_cc(i.cc, static_cast<uint32_t>(i.a.v), static_cast<uint32_t>(i.b.v)) ? i.c : i.e);
  if (i.op == Op::Sel && i.c == i.e) return make_mov(i, i.c);
  if ((i.op == Op::Mla || i.op == Op::Mls) && i.a.is_imm() && i.b.is_imm() && i.c.is_imm()) {
    uint32_t p = static_cast<uint32_t>(i.a.v) * static_cast<uint32_t>(i.b.v);
    uint32_t c = static_cast<uint32_t>(i.c.v);
    return make_imm(i, i.op == Op::Mla ? c + p : c - p);
  }
  if (binary(i.op) && i.b.is_imm()) {
    uint32_t k = static_cast<uint32_t>(i.b.v);
    switch (i.op) {
      case Op::Sub:
        if (k != 0x80000000u) {
          i.op = Op::Add;
          i.b = Val::imm(static_cast<int32_t>(0u - k));
          k = 0u - k;
        }
        break;
      case Op::Mul:
        if (k == 0) return make_imm(i, 0);
        if (int s = log2_exact(k); s >= 0) {
          i.op = Op::Shl;
          i.b = Val::imm(s);
          k = static_cast<uint32_t>(s);
        }
        break;
      case Op::UDiv:
        if (int s = log2_exact(k); s >= 0) {
          i.op = Op::LShr;
          i.b = Val::imm(s);
          k = static_cast<uint32_t>(s);
        }
        break;
      case Op::And:
        if (k == 0) return make_imm(i, 0);
        if (k == 0xff) {
          i.op = Op::Zext8;
          i.b = Val{};
          return simplify_inst(i, def_of);
        }
        if (k == 0xffff) {
          i.op = Op::Zext16;
          i.b = Val{};
          return simplify_inst(i, def_of);
        }
        break;
      default: break;
    }
    if (k == 0 && (i.op == Op::Add || i.op == Op::Or || i.op == Op::Xor || i.op == Op::Shl || i.op == Op::LShr ||
                   i.op == Op::AShr))
      return make_mov(i, i.a);
    if (k == 1 && (i.op == Op::Mul || i.op == Op::SDiv || i.op == Op::UDiv)) return make_mov(i, i.a);
    if (k == 0xffffffffu && i.op == Op::And) return make_mov(i, i.a);
    // (x + c1) + c2 = x + (c1 + c2) when x + c1 is a temporary.
    if (i.op == Op::Add && i.a.is_reg()) {
      const Inst* d = def_of(i.a.v);
      if (d && d->op == Op::Add && !d->shift && d->a.is_reg() && d->b.is_imm() && def_of(d->a.v)) {
        i.a = d->a;
        i.b = Val::imm(static_cast<int32_t>(k + static_cast<uint32_t>(d->b.v)));
        return simplify_inst(i, def_of);
      }
    }
  }
  // Extensions of values that are already extended.
  if ((i.op == Op::Zext8 || i.op == Op::Zext16 || i.op == Op::Sext8 || i.op == Op::Sext16) && i.a.is_reg()) {
    const Inst* d = def_of(i.a.v);
    if (d) {
      int w = (i.op == Op::Zext8 || i.op == Op::Sext8) ? 1 : 2;
      bool s = i.op == Op::Sext8 || i.op == Op::Sext16;
      bool redundant = false;
      if (d->op == Op::Load && !d->post && d->width <= w && (d->sign == s || (!d->sign && d->width < w))) redundant = true;
      if ((d->op == Op::Zext8 && (w == 2 || !s)) || (d->op == Op::Zext16 && w == 2 && !s)) redundant = true;
      if ((d->op == Op::Sext8 && s) || (d->op == Op::Sext16 && s && w == 2)) redundant = true;
      if (d->op == Op::And && d->b.is_imm() && !s && static_cast<uint32_t>(d->b.v) <= (w == 1 ? 0xffu : 0xffffu))
        redundant = true;
      if (d->op == Op::SetCC || d->op == Op::Usat) redundant = d->op == Op::SetCC || (!s && d->b.v <= 8 * w);
      if (redundant) return make_mov(i, i.a);
    }
  }
}

// Local propagation within each block plus global propagation of registers defined once.
bool constprop(Function& f) {
  bool changed = false;
  std::vector<int> ndefs = def_counts(f);
  std::vector<const Inst*> single(f.nvregs, nullptr);
  for (Block& b : f.blocks)
    for (Inst& i : b.insts)
      if (i.dst >= 0 && ndefs[i.dst] == 1) single[i.dst] = &i;
  // Globally known: registers defined once by an immediate or by a copy of a register defined once.
  auto resolve = [&](Val v) {
    for (int n = 0; n < 16 && v.is_reg(); ++n) {
      const Inst* d = single[v.v];
      if (!d) break;
      if (d->op == Op::Imm) return d->a;
      if (d->op == Op::Mov && d->a.is_reg() && ndefs[d->a.v] == 1 && single[d->a.v]) {
        v = d->a;
        continue;
      }
      break;
    }
    return v;
  };
  for (Block& b : f.blocks) {
    std::map<int, Val> known;  // register -> the immediate or register it holds here
    for (Inst& i : b.insts) {
      auto subst = [&](Val& v) {
        Val n = resolve(v);
        if (n.is_reg()) {
          auto it = known.find(n.v);
          if (it != known.end()) n = resolve(it->second);
        }
        if (!(n == v)) {
          v = n;
          changed = true;
        }
      };
      for (Val* v : {&i.a, &i.b, &i.c, &i.e})
        if (v->is_reg() && !(i.post && v == &i.a) && !(i.shift && v == &i.b && (i.op == Op::Add || i.op == Op::Sub)))
          subst(*v);
      for (Val& v : i.args)
        if (v.is_reg()) subst(v);
      Inst before = i;
      simplify_inst(i, [&](int r) -> const Inst* { return single[r]; });
      if (i.op != before.op || !(i.a == before.a) || !(i.b == before.b)) changed = true;
      // Kill facts about what this instruction writes.
      i.for_defs([&](int r) {
        known.erase(r);
        for (auto it = known.begin(); it != known.end();)
          it = (it->second.is_reg() && it->second.v == r) ? known.erase(it) : std::next(it);
      });
      if (i.dst >= 0 && (i.op == Op::Imm || (i.op == Op::Mov && i.a.is_reg() && i.a.v != i.dst))) known[i.dst] = i.a;
    }
  }
  return changed;
}

// `t = OP ...; x = mov t` becomes `x = OP ...` when t is defined once, used only in this block,
// and x is untouched from t's definition to the copy and keeps its value until t's last use
// (which then reads x): the variable's register is written directly and the copy disappears.
bool coalesce(Function& f) {
  bool changed = false;
  std::vector<int> ndefs = def_counts(f), nuses = use_counts(f);
  for (Block& b : f.blocks) {
    for (size_t k = 0; k < b.insts.size(); ++k) {
      Inst& m = b.insts[k];
      if (m.op != Op::Mov || !m.a.is_reg() || m.a.v == m.dst) continue;
      int t = m.a.v, x = m.dst;
      if (ndefs[t] != 1) continue;
      // Find t's definition earlier in the block.
      size_t j = k;
      bool ok = false;
      while (j-- > 0) {
        Inst& d = b.insts[j];
        if (d.dst == t) {
          ok = !d.post && d.op != Op::Call && d.op != Op::Param;
          break;
        }
        bool touches = false;
        d.for_defs([&](int r) { touches = touches || r == x; });
        if (touches) break;
      }
      if (!ok) continue;
      // Uses of t: all in this block after j; x must not change from k to the last of them,
      // and no use between j and k may read x expecting its old value.
      int seen = 0;
      size_t last = k;
      for (size_t u = j + 1; u < b.insts.size(); ++u) {
        int n = 0;
        b.insts[u].for_uses([&](int r) { n += r == t; });
        if (n) seen += n, last = u;
      }
      if (seen != nuses[t]) continue;
      for (size_t u = j + 1; u < k && ok; ++u)
        b.insts[u].for_uses([&](int r) { ok = ok && r != x; });
      for (size_t u = k + 1; u < last && ok; ++u)
        b.insts[u].for_defs([&](int r) { ok = ok && r != x; });
      if (last > k) {
        // The last use itself may write x only after reading (every instruction reads first).
      }
      if (!ok) continue;
      b.insts[j].dst = x;
      for (size_t u = j + 1; u <= last && u < b.insts.size(); ++u)
        b.insts[u].for_use_vals([&](Val& v) {
          if (v.v == t) v.v = x;
        });
      b.insts.erase(b.insts.begin() + static_cast<long>(k));
      --k;
      ndefs[t] = 0;
      ++ndefs[x];
      nuses[x] += nuses[t] - 1;
      nuses[t] = 0;
      changed = true;
    }
  }
  return changed;
}

bool dce(Function& f) {
  bool changed = false;
  Liveness l = liveness(f);
  for (size_t b = 0; b < f.blocks.size(); ++b) {
    std::vector<bool> live = l.out[b];
    std::vector<Inst>& insts = f.blocks[b].insts;
    for (size_t k = insts.size(); k-- > 0;) {
      Inst& i = insts[k];
      bool dead = (i.op == Op::Mov && i.a.is_reg() && i.a.v == i.dst) ||
                  (!i.has_effects() && i.dst >= 0 && !live[i.dst]);
      if (dead) {
        insts.erase(insts.begin() + static_cast<long>(k));
        changed = true;
        continue;
      }
      i.for_defs([&](int r) { live[r] = false; });
      i.for_uses([&](int r) { live[r] = true; });
    }
  }
  return changed;
}

// Mark and sweep: a register is useful if an instruction with effects reads it, or a useful
// instruction does. Removes what liveness cannot, such as an induction variable that only steps
// itself.
bool sweep(Function& f) {
  std::vector<bool> useful(f.nvregs, false);
  std::vector<std::vector<Inst*>> defs(f.nvregs);
  std::vector<int> work;
  for (Block& b : f.blocks)
    for (Inst& i : b.insts) {
      i.for_defs([&](int r) { defs[r].push_back(&i); });
      if (i.has_effects())
        i.for_uses([&](int r) {
          if (!useful[r]) useful[r] = true, work.push_back(r);
        });
    }
  while (!work.empty()) {
    int r = work.back();
    work.pop_back();
    for (Inst* d : defs[r])
      d->for_uses([&](int u) {
        if (!useful[u]) useful[u] = true, work.push_back(u);
      });
  }
  bool changed = false;
  for (Block& b : f.blocks) {
    auto it = std::remove_if(b.insts.begin(), b.insts.end(),
                             [&](const Inst& i) { return !i.has_effects() && i.dst >= 0 && !useful[i.dst]; });
    if (it != b.insts.end()) changed = true;
    b.insts.erase(it, b.insts.end());
  }
  return changed;
}

// Local common-subexpression elimination: a pure instruction computing what an earlier one in
// the block computed (same operation, same operands, none redefined since) becomes a copy of it.
bool cse(Function& f) {
  bool changed = false;
  std::vector<int> ndefs = def_counts(f);
  for (Block& b : f.blocks) {
    std::vector<size_t> avail;  // indices of instructions whose result is still valid
    for (size_t k = 0; k < b.insts.size(); ++k) {
      Inst& i = b.insts[k];
      bool candidate = i.dst >= 0 && ndefs[i.dst] == 1 && !i.has_effects() && i.op != Op::Mov &&
                       i.op != Op::Param && i.op != Op::Call && i.op != Op::SpillLd;
      if (candidate) {
        for (size_t a : avail) {
          const Inst& o = b.insts[a];
          if (o.op == i.op && o.a == i.a && o.b == i.b && o.c == i.c && o.e == i.e && o.cc == i.cc &&
              o.shift == i.shift && o.sym == i.sym) {
            make_mov(i, Val::reg(o.dst));
            changed = true;
            break;
          }
        }
      }
      // Anything reading a register this instruction writes is no longer available.
      i.for_defs([&](int r) {
        avail.erase(std::remove_if(avail.begin(), avail.end(),
                                   [&](size_t a) {
                                     bool reads = false;
                                     b.insts[a].for_uses([&](int u) { reads = reads || u == r; });
                                     return reads || b.insts[a].dst == r;
                                   }),
                    avail.end());
      });
      if (candidate && i.op != Op::Mov) avail.push_back(k);
    }
  }
  return changed;
}

}  // namespace

void run_scalar_opts(Function& f) {
  for (int n = 0; n < 8; ++n) {
    bool c = constprop(f);
    c |= cse(f);
    c |= coalesce(f);
    c |= dce(f);
    c |= sweep(f);
    if (!c) break;
  }
  simplify_cfg(f);
}

void pass_constprop(Ctx&, Module& m) {
  for (Function& f : m.funcs) {
    for (int n = 0; n < 8; ++n) {
      bool c = constprop(f);
      c |= coalesce(f);
      if (!c) break;
    }
    simplify_cfg(f);
  }
}

void pass_dce(Ctx&, Module& m) {
  for (Function& f : m.funcs) {
    for (int n = 0; n < 8 && (dce(f) | sweep(f)); ++n) {
    }
    simplify_cfg(f);
  }
}

}  // namespace m3::cc::ir
