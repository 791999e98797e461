// The -O2 passes over the IR:
//   inline     small functions of the same file are copied into their callers
//   ifconv     small diamonds and triangles whose arms only compute become selects (IT blocks)
//   sat        clamps to [0, 2^n - 1] or [-2^(n-1), 2^(n-1) - 1] become USAT or SSAT
//   licm       loop-invariant computations move to the loop's preheader
//   strength   induction-variable strength reduction: i * c and base + (i << s) become variables
//              stepped by a constant, and their loads and stores post-indexed
//   addrmode   address arithmetic folds into loads and stores ([r, #imm], [r, r, lsl #s]);
//              multiply-add becomes MLA
//   schedule   a load's first use moves away from it when an independent instruction can fill
//              the load-use slot of the five-stage pipeline
#include <algorithm>
#include <map>

#include "ir.hpp"
#include "m3lab/isa/check.hpp"

namespace m3::cc::ir {

namespace {

bool pure(const Inst& i) {
  switch (i.op) {
    case Op::Load: case Op::Store: case Op::Call: case Op::Param: case Op::SpillLd: case Op::SpillSt:
    case Op::Jmp: case Op::Br: case Op::Ret:
      return false;
    default: return i.dst >= 0;
  }
}

int count_insts(const Function& f) {
  int n = 0;
  for (const Block& b : f.blocks) n += static_cast<int>(b.insts.size());
  return n;
}

// ---- inlining ----

bool calls(const Function& f, const std::string& name) {
  for (const Block& b : f.blocks)
    for (const Inst& i : b.insts)
      if (i.op == Op::Call && i.sym == name) return true;
  return false;
}

void inline_call(Function& f, int b, size_t k, const Function& g) {
  Inst call = f.blocks[b].insts[k];
  int cont = f.new_block();
  {
    Block& bb = f.blocks[b];
    f.blocks[cont].insts.assign(bb.insts.begin() + static_cast<long>(k) + 1, bb.insts.end());
    bb.insts.resize(k);
  }
  int vbase = f.nvregs;
  for (int v = 0; v < g.nvregs; ++v) f.new_vreg(g.vreg_names[v]);
  int sbase = static_cast<int>(f.slots.size());
  for (const Slot& s : g.slots) f.slots.push_back(s);
  int bbase = static_cast<int>(f.blocks.size());
  for (size_t gb = 0; gb < g.blocks.size(); ++gb) f.new_block();
  for (size_t gb = 0; gb < g.blocks.size(); ++gb) {
    std::vector<Inst> out;
    for (Inst i : g.blocks[gb].insts) {
      if (i.dst >= 0) i.dst += vbase;
      i.for_use_vals([&](Val& v) { v.v += vbase; });
      if (i.op == Op::Frame) i.a.v += sbase;
      if (i.t >= 0) i.t += bbase;
      if (i.f >= 0) i.f += bbase;
      if (i.op == Op::Param) {
        Val arg = call.args[static_cast<size_t>(i.a.v)];
        i.op = arg.is_imm() ? Op::Imm : Op::Mov;
        i.a = arg;
      } else if (i.op == Op::Ret) {
        if (call.dst >= 0 && !i.a.none()) {
          Inst m;
          m.op = i.a.is_imm() ? Op::Imm : Op::Mov;
          m.dst = call.dst;
          m.a = i.a;
          m.tok = i.tok;
          out.push_back(m);
        }
        i = Inst{};
        i.op = Op::Jmp;
        i.t = cont;
        i.tok = call.tok;
      }
      out.push_back(std::move(i));
    }
    f.blocks[static_cast<size_t>(bbase) + gb].insts = std::move(out);
  }
  Inst j;
  j.op = Op::Jmp;
  j.t = bbase;
  j.tok = call.tok;
  f.blocks[b].insts.push_back(j);
}

}  // namespace

void pass_inline(Ctx& ctx, Module& m) {
  std::map<std::string, size_t> by_name;
  for (size_t k = 0; k < m.funcs.size(); ++k) by_name[m.funcs[k].name] = k;
  constexpr int kMaxCallee = 40, kMaxGrowth = 400;
  for (Function& f : m.funcs) {
    int budget = kMaxGrowth;
    bool again = true;
    for (int round = 0; again && round < 4; ++round) {
      again = false;
      for (size_t b = 0; b < f.blocks.size(); ++b) {
        for (size_t k = 0; k < f.blocks[b].insts.size(); ++k) {
          const Inst& i = f.blocks[b].insts[k];
          if (i.op != Op::Call) continue;
          auto it = by_name.find(i.sym);
          if (it == by_name.end()) continue;
          const Function& g = m.funcs[it->second];
          if (&g == &f || calls(g, g.name) || static_cast<int>(i.args.size()) != g.nparams) continue;
          int size = count_insts(g);
          if (size > kMaxCallee || size > budget) continue;
          budget -= size;
          // Copy: g may be f's own callee list entry, and inline_call grows f only.
          Function callee = g;
          inline_call(f, static_cast<int>(b), k, callee);
          again = true;
          break;  // the block was split: continue with the next one
        }
      }
    }
    run_scalar_opts(f);
  }
  // Static functions nobody calls any more are dropped.
  std::set<std::string> called;
  for (const Function& f : m.funcs)
    for (const Block& b : f.blocks)
      for (const Inst& i : b.insts)
        if (i.op == Op::Call) called.insert(i.sym);
  std::vector<Function> kept;
  for (Function& f : m.funcs)
    if (!f.is_static || called.count(f.name)) kept.push_back(std::move(f));
  m.funcs = std::move(kept);
  (void)ctx;
}

// ---- if-conversion ----

namespace {

// The arm's instructions, if it can run unconditionally: pure, at most `max` of them, all but
// the last defining registers defined only there. Returns the defined register of the last one.
int arm_result(const Block& arm, const std::vector<int>& ndefs, size_t max) {
  size_t n = arm.insts.size() - 1;  // without the jump
  if (n == 0 || n > max) return -1;
  for (size_t k = 0; k < n; ++k) {
    const Inst& i = arm.insts[k];
    if (!pure(i) || i.op == Op::SDiv || i.op == Op::UDiv) return -1;
    if (k + 1 < n && ndefs[i.dst] != 1) return -1;
  }
  return arm.insts[n - 1].dst;
}

bool ifconv(Function& f) {
  bool changed = false;
  auto preds = predecessors(f);
  std::vector<int> ndefs = def_counts(f);
  for (size_t b = 0; b < f.blocks.size(); ++b) {
    Block& bb = f.blocks[b];
    if (bb.dead) continue;
    Inst br = bb.insts.back();
    if (br.op != Op::Br || br.t == br.f) continue;
    auto is_arm = [&](int a, int join) {
      const Block& ab = f.blocks[a];
      return a != 0 && preds[a].size() == 1 && ab.insts.back().op == Op::Jmp && (join < 0 || ab.insts.back().t == join);
    };
    int T = br.t, E = br.f;
    int x = -1, join = -1;
    std::vector<Inst> hoisted;
    Val vt, ve;
    auto take = [&](int arm, Val& result) {
      const Block& ab = f.blocks[arm];
      for (size_t k = 0; k + 1 < ab.insts.size(); ++k) hoisted.push_back(ab.insts[k]);
      int t = f.new_vreg();
      hoisted.back().dst = t;
      result = Val::reg(t);
    };
    if (is_arm(T, -1) && is_arm(E, f.blocks[T].insts.back().t)) {
      // Diamond.
      join = f.blocks[T].insts.back().t;
      int xt = arm_result(f.blocks[T], ndefs, 3), xe = arm_result(f.blocks[E], ndefs, 3);
      if (xt < 0 || xt != xe) continue;
      x = xt;
      take(T, vt);
      take(E, ve);
    } else if (is_arm(T, E)) {
      join = E;
      x = arm_result(f.blocks[T], ndefs, 3);
      if (x < 0) continue;
      take(T, vt);
      ve = Val::reg(x);
    } else if (is_arm(E, T)) {
      join = T;
      x = arm_result(f.blocks[E], ndefs, 3);
      if (x < 0) continue;
      take(E, ve);
      vt = Val::reg(x);
    } else {
      continue;
    }
    bb.insts.pop_back();
    for (Inst& i : hoisted) bb.insts.push_back(std::move(i));
    Inst sel;
    sel.op = Op::Sel;
    sel.dst = x;
    sel.cc = br.cc;
    sel.a = br.a;
    sel.b = br.b;
    sel.c = vt;
    sel.e = ve;
    sel.tok = br.tok;
    bb.insts.push_back(sel);
    Inst j;
    j.op = Op::Jmp;
    j.t = join;
    j.tok = br.tok;
    bb.insts.push_back(j);
    changed = true;
    // The arms are unreachable now; the CFG is rebuilt before the next conversion.
    simplify_cfg(f);
    return true;
  }
  return changed;
}

}  // namespace

void pass_ifconv(Ctx&, Module& m) {
  for (Function& f : m.funcs) {
    // Each conversion is followed by a clean-up, so that a converted inner diamond is small
    // enough to be an arm of the outer one.
    for (int n = 0; n < 200 && ifconv(f); ++n) run_scalar_opts(f);
    run_scalar_opts(f);
  }
}

// ---- saturation ----

namespace {

// x = sel(v < lo ? lo : y) with y = sel(v > hi ? hi : v) (or the mirrored forms).
std::optional<std::pair<int32_t, int32_t>> clamp_of(const Inst& s, Val& v, const Inst* inner) {
  if (s.op != Op::Sel || !s.a.is_reg() || !s.b.is_imm()) return std::nullopt;
  if (!inner || inner->op != Op::Sel || !(inner->a == s.a) || !inner->b.is_imm()) return std::nullopt;
  v = s.a;
  int32_t lo, hi;
  // Outer: v < lo ? lo : inner, or v <= lo-1 ...
  auto lower = [&](const Inst& i, int32_t* out) {
    if (i.cc == Cc::Lt && i.c == i.b) return *out = i.b.v, true;                       // v < k ? k : ...
    if (i.cc == Cc::Le && i.c.is_imm() && i.c.v == i.b.v + 1) return *out = i.c.v, true;  // v <= k-1 ? k
    return false;
  };
  auto upper = [&](const Inst& i, int32_t* out) {
    if (i.cc == Cc::Gt && i.c == i.b) return *out = i.b.v, true;                        // v > k ? k : ...
    if (i.cc == Cc::Ge && i.c.is_imm() && i.c.v == i.b.v - 1) return *out = i.c.v, true;  // v >= k+1 ? k
    return false;
  };
  if (!(inner->e == v)) return std::nullopt;
  if (lower(s, &lo) && upper(*inner, &hi)) return std::make_pair(lo, hi);
  if (upper(s, &hi) && lower(*inner, &lo)) return std::make_pair(lo, hi);
  return std::nullopt;
}

}  // namespace

void pass_sat(Ctx&, Module& m) {
  for (Function& f : m.funcs) {
    std::vector<int> ndefs = def_counts(f);
    for (Block& b : f.blocks)
      for (size_t k = 0; k < b.insts.size(); ++k) {
        Inst& i = b.insts[k];
        if (i.op != Op::Sel || !i.e.is_reg() || !i.a.is_reg() || ndefs[i.e.v] != 1) continue;
        // The inner select: earlier in this block, with v unchanged since.
        const Inst* inner = nullptr;
        for (size_t j = k; j-- > 0;) {
          const Inst& o = b.insts[j];
          if (o.dst == i.e.v) {
            inner = &o;
            break;
          }
          if (o.dst == i.a.v || (o.post && o.a == i.a)) break;
        }
        Val v;
        auto r = clamp_of(i, v, inner);
        if (!r) continue;
        auto [lo, hi] = *r;
        int n = -1;
        bool sign = false;
        for (int bits = 1; bits <= 31; ++bits) {
          if (lo == 0 && static_cast<int64_t>(hi) == (int64_t{1} << bits) - 1) n = bits;
          if (static_cast<int64_t>(lo) == -(int64_t{1} << (bits - 1)) && static_cast<int64_t>(hi) == (int64_t{1} << (bits - 1)) - 1)
            n = bits, sign = true;
        }
        if (n < 0) continue;
        int d = i.dst;
        const Token* t = i.tok;
        i = Inst{};
        i.op = sign ? Op::Ssat : Op::Usat;
        i.dst = d;
        i.a = v;
        i.b = Val::imm(n);
        i.tok = t;
      }
    run_scalar_opts(f);
  }
}

// ---- loops ----

namespace {

struct Loop {
  int header;
  std::vector<bool> body;
  int size = 0;
};

std::vector<int> idoms(const Function& f, const std::vector<std::vector<int>>& preds) {
  // Cooper, Harvey and Kennedy's algorithm; blocks are in reverse post-order after compact().
  int n = static_cast<int>(f.blocks.size());
  std::vector<int> idom(n, -1);
  idom[0] = 0;
  bool changed = true;
  while (changed) {
    changed = false;
    for (int b = 1; b < n; ++b) {
      int nd = -1;
      for (int p : preds[b]) {
        if (idom[p] < 0) continue;
        if (nd < 0) {
          nd = p;
          continue;
        }
        int x = p, y = nd;
        while (x != y) {
          while (x > y) x = idom[x];
          while (y > x) y = idom[y];
        }
        nd = x;
      }
      if (nd >= 0 && idom[b] != nd) {
        idom[b] = nd;
        changed = true;
      }
    }
  }
  return idom;
}

bool dominates(const std::vector<int>& idom, int a, int b) {
  for (int n = 0; n < 100000; ++n) {
    if (b == a) return true;
    if (b <= 0 || idom[b] < 0 || idom[b] == b) return false;
    b = idom[b];
  }
  return false;
}

std::vector<Loop> find_loops(const Function& f) {
  auto preds = predecessors(f);
  auto idom = idoms(f, preds);
  std::map<int, Loop> loops;
  for (size_t b = 0; b < f.blocks.size(); ++b)
    for (int h : f.blocks[b].succs()) {
      if (!dominates(idom, h, static_cast<int>(b))) continue;
      Loop& l = loops[h];
      l.header = h;
      l.body.resize(f.blocks.size(), false);
      l.body[h] = true;
      std::vector<int> work{static_cast<int>(b)};
      while (!work.empty()) {
        int x = work.back();
        work.pop_back();
        if (l.body[x]) continue;
        l.body[x] = true;
        for (int p : preds[x]) work.push_back(p);
      }
    }
  std::vector<Loop> out;
  for (auto& [h, l] : loops) {
    l.size = static_cast<int>(std::count(l.body.begin(), l.body.end(), true));
    out.push_back(l);
  }
  std::sort(out.begin(), out.end(), [](const Loop& a, const Loop& b) { return a.size < b.size; });
  return out;
}

// The loop's preheader: its single outside predecessor when that one only jumps to the header,
// or a new block. New blocks join the bodies of the loops that contain the header.
int preheader(Function& f, Loop& l, std::vector<Loop>& all) {
  std::vector<int> outside;
  for (size_t b = 0; b < f.blocks.size(); ++b) {
    if (f.blocks[b].dead || (b < l.body.size() && l.body[b])) continue;
    for (int s : f.blocks[b].succs())
      if (s == l.header) outside.push_back(static_cast<int>(b));
  }
  if (outside.size() == 1 && f.blocks[outside[0]].insts.back().op == Op::Jmp) return outside[0];
  int p = f.new_block();
  Inst j;
  j.op = Op::Jmp;
  j.t = l.header;
  j.tok = f.blocks[l.header].insts.front().tok;
  f.blocks[p].insts.push_back(j);
  for (int b : outside) {
    Inst& t = f.blocks[b].insts.back();
    if (t.t == l.header) t.t = p;
    if (t.f == l.header) t.f = p;
  }
  for (Loop& o : all) {
    o.body.resize(f.blocks.size(), false);
    if (&o != &l && o.body[l.header]) o.body[p] = true;
  }
  return p;
}

bool hoistable(const Inst& i) {
  if (!pure(i)) return false;
  // Selects and compares are cheap where they are and lengthen live ranges when hoisted.
  return i.op != Op::Sel && i.op != Op::SetCC && i.op != Op::Mov;
}

}  // namespace

void pass_licm(Ctx&, Module& m) {
  for (Function& f : m.funcs) {
    compact(f);
    std::vector<Loop> loops = find_loops(f);
    for (size_t li = 0; li < loops.size(); ++li) {
      Loop& l = loops[li];
      std::vector<int> ndefs = def_counts(f);
      std::vector<bool> def_in_loop(f.nvregs, false);
      for (size_t b = 0; b < l.body.size(); ++b)
        if (l.body[b])
          for (Inst& i : f.blocks[b].insts) i.for_defs([&](int r) { def_in_loop[r] = true; });
      std::vector<Inst> moved;
      auto hoist = [&]() {
        bool again = true;
        while (again) {
          again = false;
          for (size_t b = 0; b < l.body.size(); ++b) {
            if (!l.body[b]) continue;
            std::vector<Inst>& insts = f.blocks[b].insts;
            for (size_t k = 0; k < insts.size(); ++k) {
              Inst& i = insts[k];
              if (!hoistable(i) || ndefs[i.dst] != 1) continue;
              bool inv = true;
              i.for_uses([&](int r) { inv = inv && !def_in_loop[r]; });
              if (!inv) continue;
              def_in_loop[i.dst] = false;
              moved.push_back(i);
              insts.erase(insts.begin() + static_cast<long>(k));
              --k;
              again = true;
            }
          }
        }
      };
      hoist();
      // Reassociation: d = a + (x + y) with a and x invariant and the inner sum used only here
      // becomes d = (a + x) + y, and a + x leaves the loop (array + row offset + column).
      {
        std::vector<int> nuses = use_counts(f);
        for (size_t b = 0; b < l.body.size(); ++b) {
          if (!l.body[b]) continue;
          std::vector<Inst>& insts = f.blocks[b].insts;
          for (size_t k = 0; k < insts.size(); ++k) {
            Inst& d = insts[k];
            if (d.op != Op::Add || d.shift || !d.a.is_reg() || !d.b.is_reg()) continue;
            for (int side = 0; side < 2; ++side) {
              Val a = side ? d.b : d.a, t = side ? d.a : d.b;
              if (def_in_loop[a.v] || ndefs[t.v] != 1 || nuses[t.v] != 1) continue;
              // t's definition: earlier in this block.
              size_t j = k;
              while (j-- > 0 && insts[j].dst != t.v) {
              }
              if (j >= k) continue;
              Inst& td = insts[j];
              if (td.op != Op::Add || !td.a.is_reg() || td.b.none()) continue;
              Val x = td.a, y = td.b;
              int sh = td.shift;
              if (y.is_imm()) {
                // a + (y + #c): a + #c leaves the loop (weights[dx + 2]).
                if (sh || !def_in_loop[x.v]) continue;
                std::swap(x, y);
              } else if (def_in_loop[x.v] == def_in_loop[y.v]) {
                continue;
              } else if (def_in_loop[x.v]) {
                if (sh) continue;  // only the unshifted operand can move
                std::swap(x, y);
              }
              // x invariant, y not. t = a + x (invariant now), d = t + (y << sh).
              td.a = a;
              td.b = x;
              td.shift = 0;
              def_in_loop[t.v] = false;
              d.a = t;
              d.b = y;
              d.shift = static_cast<uint8_t>(sh);
              break;
            }
          }
        }
      }
      hoist();
      if (moved.empty()) continue;
      int p = preheader(f, l, loops);
      std::vector<Inst>& pi = f.blocks[p].insts;
      pi.insert(pi.end() - 1, moved.begin(), moved.end());
    }
    simplify_cfg(f);
  }
}

// ---- strength reduction of induction variables ----

void pass_strength(Ctx&, Module& m) {
  for (Function& f : m.funcs) {
    compact(f);
    std::vector<Loop> loops = find_loops(f);
    for (size_t li = 0; li < loops.size(); ++li) {
      Loop& l = loops[li];
      // The loop's latch: the single block jumping back to the header.
      int latch = -1, nlatch = 0;
      for (size_t b = 0; b < l.body.size(); ++b)
        if (l.body[b])
          for (int s : f.blocks[b].succs())
            if (s == l.header) latch = static_cast<int>(b), ++nlatch;
      if (nlatch != 1) continue;
      std::vector<int> ndefs = def_counts(f);
      std::vector<int> defs_in_loop(f.nvregs, 0);
      for (size_t b = 0; b < l.body.size(); ++b)
        if (l.body[b])
          for (Inst& i : f.blocks[b].insts) i.for_defs([&](int r) { ++defs_in_loop[r]; });
      // Basic induction variables: i = i + c, once, in the latch.
      std::map<int, std::pair<int32_t, size_t>> basic;  // register -> (step, index in the latch)
      std::vector<Inst>& li_insts = f.blocks[latch].insts;
      for (size_t k = 0; k < li_insts.size(); ++k) {
        const Inst& i = li_insts[k];
        if (i.op == Op::Add && i.dst >= 0 && i.a.is_reg() && i.a.v == i.dst && i.b.is_imm() && defs_in_loop[i.dst] == 1)
          basic[i.dst] = {i.b.v, k};
      }
      if (basic.empty()) continue;
      // Derived: t = i << s or t = i * c, defined once (in the loop), with i basic. t becomes a
      // variable of its own, set before the loop and stepped next to i.
      struct Derived {
        int t, iv;
        Inst def;
        int32_t step;
      };
      std::vector<Derived> derived;
      std::map<int, std::pair<int, int32_t>> ivs;  // register -> (its basic variable, step)
      for (auto& [r, s] : basic) ivs[r] = {r, s.first};
      // Where the basic variables step: a derived value must be computed before that, in every
      // iteration, and not read after it (nor after the loop).
      size_t step_at = li_insts.size();
      for (auto& [r, s] : basic) step_at = std::min(step_at, s.second);
      std::vector<bool> used_outside(f.nvregs, false), used_late(f.nvregs, false);
      for (size_t b = 0; b < f.blocks.size(); ++b)
        if (b >= l.body.size() || !l.body[b])
          for (Inst& i : f.blocks[b].insts) i.for_uses([&](int r) { used_outside[r] = true; });
      for (size_t k = step_at; k < li_insts.size(); ++k) li_insts[k].for_uses([&](int r) { used_late[r] = true; });
      for (size_t b = 0; b < l.body.size(); ++b) {
        if (!l.body[b]) continue;
        auto& insts = f.blocks[b].insts;
        size_t end = static_cast<int>(b) == latch ? step_at : insts.size();
        for (size_t k = 0; k < end; ++k) {
          Inst& i = insts[k];
          if (i.dst < 0 || ndefs[i.dst] != 1 || used_outside[i.dst] || used_late[i.dst]) continue;
          int iv = -1;
          int32_t step = 0;
          if ((i.op == Op::Shl || i.op == Op::Mul) && i.a.is_reg() && i.b.is_imm() && ivs.count(i.a.v)) {
            uint32_t c = static_cast<uint32_t>(i.b.v);
            if (i.op == Op::Shl && c >= 32) continue;
            auto [base, s] = ivs[i.a.v];
            iv = base;
            step = static_cast<int32_t>(i.op == Op::Shl ? static_cast<uint32_t>(s) << c : static_cast<uint32_t>(s) * c);
          } else if (i.op == Op::Add && !i.shift && i.a.is_reg() && i.b.is_reg()) {
            // invariant + derived. (invariant + basic is left to a register-offset address, which
            // needs no register of its own.)
            Val x = i.a, y = i.b;
            if (!ivs.count(x.v)) std::swap(x, y);
            if (!ivs.count(x.v) || basic.count(x.v) || ivs.count(y.v) || defs_in_loop[y.v]) continue;
            iv = ivs[x.v].first;
            step = ivs[x.v].second;
          } else {
            continue;
          }
          ivs[i.dst] = {iv, step};
          derived.push_back({i.dst, iv, i, step});
        }
      }
      if (derived.empty()) continue;
      int p = preheader(f, l, loops);
      for (Derived& d : derived) {
        // Before the loop: t = i OP k. In the loop: t's definition goes; after i's step: t += step.
        Inst init = d.def;
        f.blocks[p].insts.insert(f.blocks[p].insts.end() - 1, init);
        for (size_t b = 0; b < l.body.size(); ++b) {
          if (!l.body[b]) continue;
          auto& v = f.blocks[b].insts;
          for (size_t k = 0; k < v.size(); ++k)
            if (v[k].dst == d.t && v[k].op == d.def.op && v[k].a == d.def.a) {
              v.erase(v.begin() + static_cast<long>(k));
              break;
            }
        }
        auto& lv = f.blocks[latch].insts;
        for (size_t k = 0; k < lv.size(); ++k)
          if (lv[k].op == Op::Add && lv[k].dst == d.iv && lv[k].a.is_reg() && lv[k].a.v == d.iv && lv[k].b.is_imm()) {
            Inst step;
            step.op = Op::Add;
            step.dst = d.t;
            step.a = Val::reg(d.t);
            step.b = Val::imm(d.step);
            step.tok = lv[k].tok;
            lv.insert(lv.begin() + static_cast<long>(k) + 1, step);
            break;
          }
      }
      // A derived variable that only fed others (now initialised before the loop) and is read
      // by nothing in the loop but its own step is dead: drop the step.
      for (Derived& d : derived) {
        int reads = 0;
        Inst* self = nullptr;
        for (size_t b = 0; b < l.body.size(); ++b)
          if (l.body[b])
            for (Inst& i : f.blocks[b].insts) {
              if (i.op == Op::Add && i.dst == d.t && i.a.is_reg() && i.a.v == d.t && i.b.is_imm()) {
                self = &i;
                continue;
              }
              i.for_uses([&](int r) { reads += r == d.t; });
            }
        if (reads == 0 && self) self->op = Op::Mov, self->b = Val{}, self->a = Val::reg(d.t);  // x = x: removed by DCE
      }
    }
    simplify_cfg(f);
    run_scalar_opts(f);
  }
}

// ---- addressing modes and multiply-add ----

namespace {

// Whether r keeps its value from instruction `from` to instruction `to` of block b.
bool unchanged_between(const Block& b, size_t from, size_t to, int r) {
  for (size_t k = from + 1; k < to; ++k) {
    bool w = false;
    const_cast<Inst&>(b.insts[k]).for_defs([&](int d) { w = w || d == r; });
    if (w) return false;
  }
  return true;
}

// Post-indexed accesses: [p] then p = p + c, or p = p + c then [p - c] (C's *p++), with p
// untouched in between, become one access that also steps p (LDR/STR post-indexed, A7.7.43).
void post_index(Function& f) {
  for (Block& b : f.blocks) {
      // [p] followed by p = p + c, p untouched in between: one post-indexed access.
      for (size_t k = 0; k < b.insts.size(); ++k) {
        Inst& i = b.insts[k];
        if ((i.op != Op::Load && i.op != Op::Store) || i.post || !i.a.is_reg() || !i.b.is_imm() || i.b.v != 0) continue;
        int p = i.a.v;
        if (i.dst == p || (i.c.is_reg() && i.c.v == p)) continue;
        for (size_t j = k + 1; j < b.insts.size(); ++j) {
          Inst& n = b.insts[j];
          if (n.op == Op::Add && !n.shift && n.dst == p && n.a.is_reg() && n.a.v == p && n.b.is_imm() && n.b.v >= -255 &&
              n.b.v <= 255 && n.b.v != 0) {
            i.post = true;
            i.b = n.b;
            b.insts.erase(b.insts.begin() + static_cast<long>(j));
            break;
          }
          bool touches = false;
          n.for_uses([&](int r) { touches = touches || r == p; });
          n.for_defs([&](int r) { touches = touches || r == p; });
          if (touches) break;
        }
    }
      // p = p + c followed by [p - c], p untouched in between (the *p++ of C): the same.
      for (size_t k = 0; k < b.insts.size(); ++k) {
        Inst& i = b.insts[k];
        if ((i.op != Op::Load && i.op != Op::Store) || i.post || !i.a.is_reg() || !i.b.is_imm() || i.b.v == 0 ||
            i.b.v < -255 || i.b.v > 255)
          continue;
        int p = i.a.v;
        if (i.dst == p || (i.c.is_reg() && i.c.v == p)) continue;
        for (size_t j = k; j-- > 0;) {
          Inst& n = b.insts[j];
          if (n.op == Op::Add && !n.shift && n.dst == p && n.a.is_reg() && n.a.v == p && n.b.is_imm() &&
              n.b.v == -i.b.v) {
            i.post = true;
            i.b = n.b;
            b.insts.erase(b.insts.begin() + static_cast<long>(j));
            --k;
            break;
          }
          bool touches = false;
          n.for_uses([&](int r) { touches = touches || r == p; });
          n.for_defs([&](int r) { touches = touches || r == p; });
          if (touches) break;
        }
      }
  }
}

}  // namespace

void pass_addrmode(Ctx&, Module& m) {
  for (Function& f : m.funcs) {
    std::vector<int> ndefs = def_counts(f);
    std::vector<int> nuses = use_counts(f);
    for (Block& b : f.blocks) {
      // The definition of each register in this block, by index (the latest one).
      std::map<int, size_t> def_at;
      for (size_t k = 0; k < b.insts.size(); ++k) {
        Inst& i = b.insts[k];
        auto local_def = [&](const Val& v) -> const Inst* {
          if (!v.is_reg() || ndefs[v.v] != 1) return nullptr;
          auto it = def_at.find(v.v);
          if (it == def_at.end()) return nullptr;
          const Inst& d = b.insts[it->second];
          // Its operands must still hold the same values here.
          bool ok = true;
          const_cast<Inst&>(d).for_uses([&](int r) { ok = ok && unchanged_between(b, it->second, k, r); });
          return ok ? &d : nullptr;
        };
        if ((i.op == Op::Load || i.op == Op::Store) && !i.post && i.b.is_imm() && i.a.is_reg()) {
          const Inst* d = local_def(i.a);
          if (d && d->op == Op::Add && d->shift && d->shift <= 3 && d->a.is_reg() && d->b.is_reg() && i.b.v == 0) {
            i.a = d->a;
            i.b = d->b;
            i.shift = d->shift;
          } else if (d && d->op == Op::Add && !d->shift && d->a.is_reg()) {
            if (d->b.is_imm() && i.b.v == 0 && d->b.v >= -255 && d->b.v <= 4095) {
              i.a = d->a;
              i.b = d->b;
            } else if (d->b.is_reg() && i.b.v == 0) {
              // [base + (x << s)] with s <= 3, else [base + x].
              const Inst* s = local_def(d->b);
              const Inst* s2 = local_def(d->a);
              if (s && s->op == Op::Shl && s->a.is_reg() && s->b.is_imm() && s->b.v <= 3) {
                i.a = d->a;
                i.b = s->a;
                i.shift = static_cast<uint8_t>(s->b.v);
              } else if (s2 && s2->op == Op::Shl && s2->a.is_reg() && s2->b.is_imm() && s2->b.v <= 3) {
                i.a = d->b;
                i.b = s2->a;
                i.shift = static_cast<uint8_t>(s2->b.v);
              } else {
                i.a = d->a;
                i.b = d->b;
              }
            }
          }
        }
        // d = a * b + c  ->  mla
        if (i.op == Op::Add && !i.shift && i.a.is_reg() && i.b.is_reg()) {
          for (int side = 0; side < 2; ++side) {
            Val mv = side ? i.a : i.b, other = side ? i.b : i.a;
            const Inst* d = local_def(mv);
            if (d && d->op == Op::Mul && nuses[mv.v] == 1 && d->a.is_reg() && d->b.is_reg()) {
              Val x = d->a, y = d->b;
              i.op = Op::Mla;
              i.a = x;
              i.b = y;
              i.c = other;
              break;
            }
          }
        }
        // a + (x << s), a - (x << s): the shift folds into the operand (A7.7.4 ADD (register)).
        if ((i.op == Op::Add || i.op == Op::Sub) && !i.shift && i.a.is_reg() && i.b.is_reg()) {
          for (int side = 0; side < (i.op == Op::Add ? 2 : 1); ++side) {
            Val sv = side ? i.a : i.b, other = side ? i.b : i.a;
            const Inst* d = local_def(sv);
            if (d && d->op == Op::Shl && nuses[sv.v] == 1 && d->a.is_reg() && d->b.is_imm() && d->b.v >= 1 &&
                d->b.v <= 31) {
              Val x = d->a;
              int sh = d->b.v;
              i.a = other;
              i.b = x;
              i.shift = static_cast<uint8_t>(sh);
              break;
            }
          }
        }
        // A byte or halfword store keeps only the low bits: an extension before it is not needed.
        if (i.op == Op::Store && i.c.is_reg() && i.width < 4 && ndefs[i.c.v] == 1) {
          const Inst* d = local_def(i.c);
          if (d && d->a.is_reg() &&
              (((d->op == Op::Zext8 || d->op == Op::Sext8) && i.width == 1) || d->op == Op::Zext16 || d->op == Op::Sext16))
            i.c = d->a;
        }
        if (i.dst >= 0) def_at[i.dst] = k;
        if (i.post && i.a.is_reg()) def_at.erase(i.a.v);
      }
    }
    run_scalar_opts(f);
    post_index(f);
    run_scalar_opts(f);
  }
}

// ---- load-use scheduling ----

void pass_schedule(Ctx&, Module& m) {
  for (Function& f : m.funcs) {
    for (Block& b : f.blocks) {
      auto& v = b.insts;
      for (size_t k = 0; k + 2 < v.size(); ++k) {
        if (v[k].op != Op::Load) continue;
        int ld = v[k].dst;
        bool uses_next = false;
        v[k + 1].for_uses([&](int r) { uses_next = uses_next || r == ld; });
        if (!uses_next) continue;
        // Find a later instruction that can move up to k + 1: pure or a load, not reading or
        // writing anything the instructions it jumps over write or read.
        for (size_t j = k + 2; j < v.size() && j < k + 8; ++j) {
          Inst& c = v[j];
          if (c.is_terminator() || c.op == Op::Call || c.op == Op::Store || c.op == Op::Param) break;
          if (!pure(c) && c.op != Op::Load) continue;
          bool ok = true;
          for (size_t x = k + 1; x < j && ok; ++x) {
            Inst& o = v[x];
            if (c.op == Op::Load && o.op == Op::Store) ok = false;
            o.for_defs([&](int r) {
              c.for_uses([&](int u) { ok = ok && u != r; });
              c.for_defs([&](int d) { ok = ok && d != r; });
            });
            o.for_uses([&](int r) { c.for_defs([&](int d) { ok = ok && d != r; }); });
          }
          // It must not itself use the loaded value.
          c.for_uses([&](int u) { ok = ok && u != ld; });
          if (!ok) continue;
          Inst moved = c;
          v.erase(v.begin() + static_cast<long>(j));
          v.insert(v.begin() + static_cast<long>(k) + 1, moved);
          break;
        }
      }
    }
  }
}

}  // namespace m3::cc::ir
