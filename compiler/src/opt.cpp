// The passes over the typed syntax tree that -O1 and -O2 run before lowering to the IR (ir.hpp).
// Each is a function from program to program, and --dump-after=PASS shows the program after it.
//   fold      constant folding: constant subexpressions become numbers (C's 32-bit semantics)
//   constprop a local scalar whose only assignment is a constant initialiser (and whose address
//             is never taken) is replaced by the constant everywhere; the pass folds again after
//   dce       dead-code elimination: branches with constant conditions, loops that never run,
//             statements after return/break/continue, expression statements without effects
#include <algorithm>
#include <functional>

#include "cc.hpp"

namespace m3::cc {

namespace {

bool is_stmt(NK k) { return k >= NK::Return; }

// Applies f to every child slot of n (so that f can replace the child).
void for_children(Node* n, const std::function<void(Node*&)>& f) {
  for (Node** c : {&n->init, &n->cond, &n->lhs, &n->rhs, &n->then, &n->els, &n->inc})
    if (*c) f(*c);
  for (Node*& c : n->body) f(c);
}

bool contains(Node* n, const std::function<bool(Node*)>& pred) {
  if (!n) return false;
  if (pred(n)) return true;
  bool found = false;
  for_children(n, [&](Node*& c) { found = found || contains(c, pred); });
  return found;
}

bool has_case(Node* n) {
  return contains(n, [](Node* x) { return x->kind == NK::Case; });
}

// Whether evaluating the expression can do anything but compute a value. Loads count as effects
// (the language accepts 'volatile' and every access is kept).
bool has_effects(Node* n) {
  return contains(n, [](Node* x) {
    return x->kind == NK::Assign || x->kind == NK::Call || x->kind == NK::Deref || x->kind == NK::MemZero;
  });
}

Node* fold(Ctx& ctx, Node* n) {
  for_children(n, [&](Node*& c) { c = fold(ctx, c); });
  if (is_stmt(n->kind) || n->kind == NK::Num || n->kind == NK::Var || n->kind == NK::Str || !n->ty ||
      !is_integer(n->ty))
    return n;
  if (has_effects(n)) return n;
  auto v = eval_const(n);
  if (!v) return n;
  Node* k = ctx.new_node(NK::Num, n->tok);
  k->ty = n->ty;
  k->val = wrap_to(n->ty, *v);
  return k;
}

bool is_const(Node* n, int64_t* v) {
  if (n && n->kind == NK::Num) {
    *v = n->val;
    return true;
  }
  return false;
}

bool ends_flow(Node* n) { return n->kind == NK::Return || n->kind == NK::Break || n->kind == NK::Continue; }

// An expression whose value is discarded keeps only what has effects: `(i = i + 1) + -1` (a
// postfix increment) becomes `i = i + 1`.
Node* discard(Node* n) {
  for (;;) {
    if (n->kind == NK::Cast) {
      n = n->lhs;
      continue;
    }
    bool arith = n->kind == NK::Add || n->kind == NK::Sub || n->kind == NK::Mul || n->kind == NK::BitAnd ||
                 n->kind == NK::BitOr || n->kind == NK::BitXor;
    if (arith && !has_effects(n->rhs)) {
      n = n->lhs;
      continue;
    }
    if (n->kind == NK::Comma) n->rhs = discard(n->rhs);
    return n;
  }
}

Node* dce(Ctx& ctx, Node* n) {
  if (!is_stmt(n->kind)) return n;
  for_children(n, [&](Node*& c) { c = dce(ctx, c); });
  int64_t v;
  switch (n->kind) {
    case NK::If:
      if (is_const(n->cond, &v)) {
        Node* dead = v ? n->els : n->then;
        if (!dead || !has_case(dead)) {
          Node* live = v ? n->then : n->els;
          return live ? live : ctx.new_node(NK::Null, n->tok);
        }
      }
      return n;
    case NK::For:
      if (is_const(n->cond, &v) && v == 0 && !has_case(n->then)) return n->init ? n->init : ctx.new_node(NK::Null, n->tok);
      if (n->inc) n->inc = has_effects(n->inc) ? discard(n->inc) : nullptr;
      if (is_const(n->cond, &v) && v != 0) n->cond = nullptr;  // for (;;)
      return n;
    case NK::ExprStmt:
      if (!has_effects(n->lhs)) return ctx.new_node(NK::Null, n->tok);
      n->lhs = discard(n->lhs);
      return n;
    case NK::Block: {
      std::vector<Node*> kept;
      bool dead = false;
      for (Node* s : n->body) {
        if (dead && !has_case(s)) continue;
        dead = false;
        if (s->kind == NK::Null) continue;
        kept.push_back(s);
        if (ends_flow(s)) dead = true;
      }
      n->body = std::move(kept);
      return n;
    }
    default: return n;
  }
}

struct VarFacts {
  int assigns = 0;
  Node* init = nullptr;  // the initialising Assign, if the only assignment is one
};

void collect_facts(Node* n, std::map<Obj*, VarFacts>& facts, std::set<Obj*>& taken) {
  if (!n) return;
  if (n->kind == NK::Addr && n->lhs->kind == NK::Var) taken.insert(n->lhs->var);
  if (n->kind == NK::MemZero) taken.insert(n->var);
  if (n->kind == NK::Assign && n->lhs->kind == NK::Var && n->lhs->var->is_local) {
    VarFacts& f = facts[n->lhs->var];
    ++f.assigns;
    f.init = n->is_init ? n : nullptr;
  }
  for_children(n, [&](Node*& c) { collect_facts(c, facts, taken); });
}

// Replaces reads of the constant variables (not the left side of their initialiser).
Node* substitute(Ctx& ctx, Node* n, const std::map<Obj*, int64_t>& consts) {
  if (n->kind == NK::Var) {
    auto it = consts.find(n->var);
    if (it == consts.end()) return n;
    Node* k = ctx.new_node(NK::Num, n->tok);
    k->ty = n->ty;
    k->val = it->second;
    return k;
  }
  if (n->kind == NK::Assign && n->lhs->kind == NK::Var) {
    n->rhs = substitute(ctx, n->rhs, consts);
    // The initialiser of a propagated variable is a dead store now; dce drops what is left.
    if (n->is_init && consts.count(n->lhs->var)) return n->rhs;
    return n;
  }
  for_children(n, [&](Node*& c) { c = substitute(ctx, c, consts); });
  return n;
}

}  // namespace

void pass_constprop(Ctx& ctx, Program& prog) {
  for (Obj* f : prog.globals) {
    if (!f->is_function || !f->body) continue;
    std::map<Obj*, VarFacts> facts;
    std::set<Obj*> taken;
    collect_facts(f->body, facts, taken);
    std::map<Obj*, int64_t> consts;
    for (auto& [v, fa] : facts) {
      if (taken.count(v) || fa.assigns != 1 || !fa.init || v->ty->kind == TyKind::Array) continue;
      if (fa.init->rhs->kind != NK::Num) continue;
      consts[v] = wrap_to(v->ty, fa.init->rhs->val);
    }
    if (consts.empty()) continue;
    f->body = substitute(ctx, f->body, consts);
    f->body = fold(ctx, f->body);
  }
}

void pass_fold(Ctx& ctx, Program& prog) {
  for (Obj* f : prog.globals)
    if (f->is_function && f->body) f->body = fold(ctx, f->body);
}

void pass_dce(Ctx& ctx, Program& prog) {
  for (Obj* f : prog.globals)
    if (f->is_function && f->body) f->body = dce(ctx, f->body);
}

}  // namespace m3::cc
