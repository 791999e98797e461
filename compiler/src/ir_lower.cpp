// The typed syntax tree to the three-address IR (-O1 and -O2). Scalar locals whose address is
// never taken become virtual registers; arrays and address-taken locals get stack slots.
// Evaluation order is the -O0 code generator's (assignments: address first; calls: arguments
// right to left), so that every level computes the same thing.
#include <map>

#include "ir.hpp"
#include "m3lab/isa/check.hpp"

namespace m3::cc::ir {

namespace {

void find_taken(Node* n, std::set<Obj*>& taken) {
  if (!n) return;
  if (n->kind == NK::Addr && n->lhs->kind == NK::Var) taken.insert(n->lhs->var);
  if (n->kind == NK::MemZero) taken.insert(n->var);
  for (Node* c : {n->init, n->cond, n->lhs, n->rhs, n->then, n->els, n->inc}) find_taken(c, taken);
  for (Node* c : n->body) find_taken(c, taken);
}

struct Lower {
  Lower(Ctx& c, Function& fn) : ctx(c), f(fn) {}
  Ctx& ctx;
  Function& f;
  int cur = 0;  // the block being filled
  const Token* tok = nullptr;
  std::map<Obj*, int> vreg;  // locals in registers
  std::map<Obj*, int> slot;  // locals in memory
  std::map<int, int> break_to, continue_to, case_block;

  Inst& emit(Inst i) {
    i.tok = tok;
    Block& b = f.blocks[cur];
    b.insts.push_back(std::move(i));
    return b.insts.back();
  }
  bool open() const { return f.blocks[cur].insts.empty() || !f.blocks[cur].insts.back().is_terminator(); }
  void start(int b) {
    if (open()) jmp(b);
    cur = b;
  }
  void jmp(int t) {
    Inst i;
    i.op = Op::Jmp;
    i.t = t;
    emit(i);
  }
  void br(Cc cc, Val a, Val b, int t, int fl) {
    Inst i;
    i.op = Op::Br;
    i.cc = cc;
    i.a = a;
    i.b = b;
    i.t = t;
    i.f = fl;
    emit(i);
  }
  int op1(Op op, Val a) {
    Inst i;
    i.op = op;
    i.dst = f.new_vreg();
    i.a = a;
    return emit(i).dst;
  }
  int op2(Op op, Val a, Val b) {
    Inst i;
    i.op = op;
    i.dst = f.new_vreg();
    i.a = a;
    i.b = b;
    return emit(i).dst;
  }
  int imm(int64_t v) { return op1(Op::Imm, Val::imm(static_cast<int32_t>(static_cast<uint32_t>(v)))); }
  void mov(int d, int s) {
    Inst i;
    i.op = Op::Mov;
    i.dst = d;
    i.a = Val::reg(s);
    emit(i);
  }
  int block_for(std::map<int, int>& m, int id) {
    auto it = m.find(id);
    if (it != m.end()) return it->second;
    int b = f.new_block();
    m[id] = b;
    return b;
  }

  int load(const Type* ty, int addr) {
    if (ty->kind == TyKind::Array || ty->kind == TyKind::Func) return addr;
    Inst i;
    i.op = Op::Load;
    i.dst = f.new_vreg();
    i.a = Val::reg(addr);
    i.b = Val::imm(0);
    i.width = static_cast<uint8_t>(ty->size);
    i.sign = ty->size < 4 && !ty->is_unsigned;
    return emit(i).dst;
  }
  void store(const Type* ty, int addr, int v) {
    Inst i;
    i.op = Op::Store;
    i.a = Val::reg(addr);
    i.b = Val::imm(0);
    i.c = Val::reg(v);
    i.width = static_cast<uint8_t>(ty->size);
    emit(i);
  }

  int cast(int v, const Type* from, const Type* to) {
    if (to->kind == TyKind::Void || to->size >= 4) return v;
    if (is_integer(from) && from->size < to->size && (from->is_unsigned || !to->is_unsigned)) return v;
    if (is_integer(from) && from->size == to->size && from->is_unsigned == to->is_unsigned) return v;
    Op op = to->size == 1 ? (to->is_unsigned ? Op::Zext8 : Op::Sext8) : (to->is_unsigned ? Op::Zext16 : Op::Sext16);
    return op1(op, Val::reg(v));
  }

  int addr(Node* n) {
    const Token* saved = tok;
    tok = n->tok;
    int r;
    switch (n->kind) {
      case NK::Var:
        if (n->var->is_local) {
          auto it = slot.find(n->var);
          M3_ASSERT(it != slot.end(), "lower: a local in a register has no address");
          r = op1(Op::Frame, Val::imm(it->second));
        } else {
          Inst i;
          i.op = Op::Addr;
          i.dst = f.new_vreg();
          i.sym = n->var->asm_name;
          r = emit(i).dst;
        }
        break;
      case NK::Str: {
        Inst i;
        i.op = Op::Addr;
        i.dst = f.new_vreg();
        i.sym = n->label;
        r = emit(i).dst;
        break;
      }
      case NK::Deref: r = expr(n->lhs); break;
      default: M3_UNREACHABLE("lower: not an lvalue (the parser checks lvalues)");
    }
    tok = saved;
    return r;
  }

  static bool compare_kind(NK k) { return k == NK::Eq || k == NK::Ne || k == NK::Lt || k == NK::Le; }
  static Cc cc_of(NK k, bool uns) {
    switch (k) {
      case NK::Eq: return Cc::Eq;
      case NK::Ne: return Cc::Ne;
      case NK::Lt: return uns ? Cc::Lo : Cc::Lt;
      default: return uns ? Cc::Ls : Cc::Le;
    }
  }

  // Branches to t if the condition holds, else to fl.
  void cond(Node* c, int t, int fl) {
    const Token* saved = tok;
    tok = c->tok;
    if (compare_kind(c->kind)) {
      int a = expr(c->lhs);
      int b = expr(c->rhs);
      br(cc_of(c->kind, c->lhs->ty->is_unsigned), Val::reg(a), Val::reg(b), t, fl);
    } else if (c->kind == NK::Not) {
      cond(c->lhs, fl, t);
    } else if (c->kind == NK::LogAnd) {
      int mid = f.new_block();
      cond(c->lhs, mid, fl);
      cur = mid;
      cond(c->rhs, t, fl);
    } else if (c->kind == NK::LogOr) {
      int mid = f.new_block();
      cond(c->lhs, t, mid);
      cur = mid;
      cond(c->rhs, t, fl);
    } else if (c->kind == NK::Num) {
      jmp(c->val ? t : fl);
    } else {
      int v = expr(c);
      br(Cc::Ne, Val::reg(v), Val::imm(0), t, fl);
    }
    tok = saved;
  }

  int expr(Node* n) {
    const Token* saved = tok;
    tok = n->tok;
    int r = expr1(n);
    tok = saved;
    return r;
  }

  int expr1(Node* n) {
    switch (n->kind) {
      case NK::Num: return imm(n->val);
      case NK::Var: {
        auto it = vreg.find(n->var);
        if (it != vreg.end()) return op1(Op::Mov, Val::reg(it->second));
        return load(n->ty, addr(n));
      }
      case NK::Str: return addr(n);
      case NK::Addr: return addr(n->lhs);
      case NK::Deref: return load(n->ty, addr(n));
      case NK::Assign: {
        if (n->lhs->kind == NK::Var) {
          auto it = vreg.find(n->lhs->var);
          if (it != vreg.end()) {
            int v = expr(n->rhs);
            mov(it->second, v);
            return v;
          }
        }
        int a = addr(n->lhs);
        int v = expr(n->rhs);
        store(n->lhs->ty, a, v);
        return v;
      }
      case NK::Comma:
        expr(n->lhs);
        return expr(n->rhs);
      case NK::Cast: {
        int v = expr(n->lhs);
        if (n->ty->kind == TyKind::Void) return v;
        return cast(v, n->lhs->ty, n->ty);
      }
      case NK::MemZero: {
        // p = slot; end = p + size; do { *p = 0; p++; } while (p != end)
        int p = f.new_vreg();
        Inst fr;
        fr.op = Op::Frame;
        fr.dst = p;
        fr.a = Val::imm(slot.at(n->var));
        emit(fr);
        int end = op2(Op::Add, Val::reg(p), Val::imm(n->var->ty->size));
        int zero = imm(0);
        int loop = f.new_block(), after = f.new_block();
        start(loop);
        Inst st;
        st.op = Op::Store;
        st.a = Val::reg(p);
        st.b = Val::imm(0);
        st.c = Val::reg(zero);
        st.width = 1;
        emit(st);
        Inst inc;
        inc.op = Op::Add;
        inc.dst = p;
        inc.a = Val::reg(p);
        inc.b = Val::imm(1);
        emit(inc);
        br(Cc::Ne, Val::reg(p), Val::reg(end), loop, after);
        cur = after;
        return -1;
      }
      case NK::Cond: {
        int t = f.new_block(), e = f.new_block(), end = f.new_block();
        bool has_value = n->ty->kind != TyKind::Void;
        int r = has_value ? f.new_vreg() : -1;
        cond(n->cond, t, e);
        cur = t;
        int a = expr(n->then);
        if (has_value) mov(r, a);
        start(end);
        cur = e;
        int b = expr(n->els);
        if (has_value) mov(r, b);
        start(end);
        return r;
      }
      case NK::Not:
      case NK::LogAnd:
      case NK::LogOr: {
        int t = f.new_block(), e = f.new_block(), end = f.new_block();
        int r = f.new_vreg();
        cond(n, t, e);
        cur = t;
        Inst one;
        one.op = Op::Imm;
        one.dst = r;
        one.a = Val::imm(1);
        emit(one);
        jmp(end);
        cur = e;
        one.a = Val::imm(0);
        emit(one);
        jmp(end);
        cur = end;
        return r;
      }
      case NK::Neg: return op1(Op::Neg, Val::reg(expr(n->lhs)));
      case NK::BitNot: return op1(Op::Not, Val::reg(expr(n->lhs)));
      case NK::Call: {
        std::vector<Val> args(n->body.size());
        for (size_t i = n->body.size(); i-- > 0;) args[i] = Val::reg(expr(n->body[i]));
        Inst c;
        c.op = Op::Call;
        c.sym = n->var->asm_name;
        c.args = std::move(args);
        if (n->ty->kind != TyKind::Void) c.dst = f.new_vreg();
        return emit(c).dst;
      }
      default: break;
    }
    int a = expr(n->lhs);
    int b = expr(n->rhs);
    bool uns = n->lhs->ty->is_unsigned;
    if (compare_kind(n->kind)) {
      Inst i;
      i.op = Op::SetCC;
      i.dst = f.new_vreg();
      i.cc = cc_of(n->kind, uns);
      i.a = Val::reg(a);
      i.b = Val::reg(b);
      return emit(i).dst;
    }
    Op op;
    switch (n->kind) {
      case NK::Add: op = Op::Add; break;
      case NK::Sub: op = Op::Sub; break;
      case NK::Mul: op = Op::Mul; break;
      case NK::Div: op = uns ? Op::UDiv : Op::SDiv; break;
      case NK::Mod: {
        int q = op2(uns ? Op::UDiv : Op::SDiv, Val::reg(a), Val::reg(b));
        Inst i;
        i.op = Op::Mls;
        i.dst = f.new_vreg();
        i.a = Val::reg(q);
        i.b = Val::reg(b);
        i.c = Val::reg(a);
        return emit(i).dst;
      }
      case NK::BitAnd: op = Op::And; break;
      case NK::BitOr: op = Op::Or; break;
      case NK::BitXor: op = Op::Xor; break;
      case NK::Shl: op = Op::Shl; break;
      case NK::Shr: op = uns ? Op::LShr : Op::AShr; break;
      default: M3_UNREACHABLE("lower: unknown expression node");
    }
    return op2(op, Val::reg(a), Val::reg(b));
  }

  void stmt(Node* n) {
    const Token* saved = tok;
    tok = n->tok;
    stmt1(n);
    tok = saved;
  }

  void stmt1(Node* n) {
    switch (n->kind) {
      case NK::Return: {
        Inst r;
        r.op = Op::Ret;
        if (n->lhs) {
          int v = expr(n->lhs);
          if (v >= 0 && n->lhs->ty->kind != TyKind::Void) r.a = Val::reg(v);
        }
        emit(r);
        cur = f.new_block();
        return;
      }
      case NK::If: {
        int t = f.new_block(), e = f.new_block(), end = n->els ? f.new_block() : e;
        cond(n->cond, t, e);
        cur = t;
        stmt(n->then);
        start(end);
        if (n->els) {
          cur = e;
          stmt(n->els);
          start(end);
        }
        cur = end;
        return;
      }
      case NK::For: {
        if (n->init) stmt(n->init);
        // Rotated: the condition is tested once before the loop and then at the bottom, so an
        // iteration costs one branch instead of two.
        int body = f.new_block();
        int cont = block_for(continue_to, n->id), brk = block_for(break_to, n->id);
        if (n->cond) cond(n->cond, body, brk);
        start(body);
        stmt(n->then);
        start(cont);
        if (n->inc) expr(n->inc);
        if (n->cond) cond(n->cond, body, brk);
        else jmp(body);
        cur = brk;
        return;
      }
      case NK::Do: {
        int body = f.new_block();
        int cont = block_for(continue_to, n->id), brk = block_for(break_to, n->id);
        start(body);
        stmt(n->then);
        start(cont);
        cond(n->cond, body, brk);
        cur = brk;
        return;
      }
      case NK::Switch: {
        int v = expr(n->cond);
        int brk = block_for(break_to, n->id);
        for (Node* c : n->cases) {
          int next = f.new_block();
          br(Cc::Eq, Val::reg(v), Val::reg(imm(c->val)), block_for(case_block, c->id), next);
          cur = next;
        }
        jmp(n->default_case ? block_for(case_block, n->default_case->id) : brk);
        cur = f.new_block();
        stmt(n->then);
        start(brk);
        return;
      }
      case NK::Case:
        start(block_for(case_block, n->id));
        stmt(n->lhs);
        return;
      case NK::Block:
        for (Node* s : n->body) stmt(s);
        return;
      case NK::ExprStmt: expr(n->lhs); return;
      case NK::Break:
        jmp(block_for(break_to, n->id));
        cur = f.new_block();
        return;
      case NK::Continue:
        jmp(block_for(continue_to, n->id));
        cur = f.new_block();
        return;
      case NK::Null: return;
      default: M3_UNREACHABLE("lower: unknown statement node");
    }
  }

  void function(Obj* fn) {
    f.obj = fn;
    f.name = fn->asm_name;
    f.is_static = fn->is_static;
    f.nparams = static_cast<int>(fn->params.size());
    std::set<Obj*> taken;
    find_taken(fn->body, taken);
    for (Obj* v : fn->locals) {
      if (v->ty->kind == TyKind::Array || taken.count(v)) {
        slot[v] = static_cast<int>(f.slots.size());
        f.slots.push_back({v->ty->size, v->ty->align});
      } else {
        vreg[v] = f.new_vreg(v->name);
      }
    }
    cur = f.new_block();
    tok = fn->tok;
    for (size_t i = 0; i < fn->params.size(); ++i) {
      Obj* p = fn->params[i];
      Inst pi;
      pi.op = Op::Param;
      pi.a = Val::imm(static_cast<int32_t>(i));
      auto it = vreg.find(p);
      pi.dst = it != vreg.end() ? it->second : f.new_vreg();
      emit(pi);
    }
    for (size_t i = 0; i < fn->params.size(); ++i) {
      Obj* p = fn->params[i];
      if (vreg.count(p)) continue;
      // The parameter's register is the one the Param instruction above defined.
      int v = f.blocks[0].insts[i].dst;
      int a = op1(Op::Frame, Val::imm(slot.at(p)));
      store(p->ty, a, v);
    }
    stmt(fn->body);
    // Reaching the closing brace returns 0 (C11 5.1.2.2.3 for main; harmless elsewhere).
    if (open()) {
      int z = imm(0);
      Inst r;
      r.op = Op::Ret;
      r.a = Val::reg(z);
      emit(r);
    }
    // Blocks that were started after a jump and never reached end with nothing: close them.
    for (Block& b : f.blocks)
      if (b.insts.empty() || !b.insts.back().is_terminator()) {
        Inst r;
        r.op = Op::Ret;
        r.tok = fn->tok;
        b.insts.push_back(r);
      }
  }
};

}  // namespace

Module lower(Ctx& ctx, const Program& prog) {
  Module m;
  for (Obj* fn : prog.globals) {
    if (!fn->is_function || !fn->is_definition || !fn->body) continue;
    m.funcs.emplace_back();
    Lower l(ctx, m.funcs.back());
    l.function(fn);
  }
  return m;
}

}  // namespace m3::cc::ir
