// Parser and semantic analysis: tokens to a typed syntax tree (chibicc's parse.c, one function
// per grammar rule with the rule above it). Conversions (C11 6.3: integer promotions, usual
// arithmetic conversions, array decay) are made explicit as Cast nodes here, so code generation
// never has to reason about C's types beyond width and signedness.
//
// Errors: a syntax error throws SyntaxError, caught at the statement or top-level declaration,
// which skips to a synchronisation point and goes on, so that one run reports several errors.
#include <functional>

#include "cc.hpp"

namespace m3::cc {

namespace {

struct SyntaxError {};

struct VarScope {
  Obj* var = nullptr;
  Type* type_def = nullptr;
  bool is_enum = false;
  int64_t enum_val = 0;
};

struct Scope {
  std::map<std::string, VarScope> vars;
  std::map<std::string, Type*> tags;
};

struct DeclAttr {
  bool is_typedef = false;
  bool is_static = false;
  bool is_extern = false;
};

int64_t wrap(const Type* t, int64_t v) {
  switch (t->size) {
    case 1: return t->is_unsigned ? static_cast<uint8_t>(v) : static_cast<int8_t>(v);
    case 2: return t->is_unsigned ? static_cast<uint16_t>(v) : static_cast<int16_t>(v);
    default: return t->is_unsigned || t->kind == TyKind::Ptr ? static_cast<int64_t>(static_cast<uint32_t>(v)) : static_cast<int32_t>(v);
  }
}

std::optional<int64_t> eval_addr(Node* n, std::string* label, int d);

// C11 6.6. With `label` non-null, an address constant (label + offset) is accepted too.
std::optional<int64_t> const_eval(Node* n, std::string* label, int d) {
  if (d > Ctx::kMaxDepth) return std::nullopt;
  auto sub1 = [&](Node* x) { return const_eval(x, nullptr, d + 1); };
  auto lab = [&](Node* x) { return const_eval(x, label, d + 1); };
  std::optional<int64_t> a, b;
  switch (n->kind) {
    case NK::Num: return wrap(n->ty, n->val);
    case NK::Add:
      if (!(a = lab(n->lhs)) || !(b = sub1(n->rhs))) return std::nullopt;
      return wrap(n->ty, *a + *b);
    case NK::Sub:
      if (!(a = lab(n->lhs)) || !(b = sub1(n->rhs))) return std::nullopt;
      return wrap(n->ty, *a - *b);
    case NK::Mul:
      if (!(a = sub1(n->lhs)) || !(b = sub1(n->rhs))) return std::nullopt;
      return wrap(n->ty, static_cast<int64_t>(static_cast<uint32_t>(*a) * static_cast<uint32_t>(*b)));
    case NK::Div:
    case NK::Mod:
      if (!(a = sub1(n->lhs)) || !(b = sub1(n->rhs)) || *b == 0) return std::nullopt;
      if (n->ty->is_unsigned) {
        uint32_t x = static_cast<uint32_t>(*a), y = static_cast<uint32_t>(*b);
        return n->kind == NK::Div ? x / y : x % y;
      } else {
        int32_t x = static_cast<int32_t>(*a), y = static_cast<int32_t>(*b);
        if (x == INT32_MIN && y == -1) return n->kind == NK::Div ? x : 0;
        return n->kind == NK::Div ? x / y : x % y;
      }
    case NK::BitAnd: if (!(a = sub1(n->lhs)) || !(b = sub1(n->rhs))) return std::nullopt; return wrap(n->ty, *a & *b);
    case NK::BitOr: if (!(a = sub1(n->lhs)) || !(b = sub1(n->rhs))) return std::nullopt; return wrap(n->ty, *a | *b);
    case NK::BitXor: if (!(a = sub1(n->lhs)) || !(b = sub1(n->rhs))) return std::nullopt; return wrap(n->ty, *a ^ *b);
    case NK::Shl:
      if (!(a = sub1(n->lhs)) || !(b = sub1(n->rhs)) || *b < 0 || *b >= 32) return std::nullopt;
      return wrap(n->ty, static_cast<int64_t>(static_cast<uint32_t>(*a) << *b));
    case NK::Shr:
      if (!(a = sub1(n->lhs)) || !(b = sub1(n->rhs)) || *b < 0 || *b >= 32) return std::nullopt;
      if (n->ty->is_unsigned) return static_cast<uint32_t>(*a) >> *b;
      return static_cast<int32_t>(*a) >> *b;
    case NK::Eq: if (!(a = sub1(n->lhs)) || !(b = sub1(n->rhs))) return std::nullopt; return *a == *b;
    case NK::Ne: if (!(a = sub1(n->lhs)) || !(b = sub1(n->rhs))) return std::nullopt; return *a != *b;
    case NK::Lt:
    case NK::Le: {
      if (!(a = sub1(n->lhs)) || !(b = sub1(n->rhs))) return std::nullopt;
      int64_t x = wrap(n->lhs->ty, *a), y = wrap(n->lhs->ty, *b);
      return n->kind == NK::Lt ? x < y : x <= y;
    }
    case NK::Neg: if (!(a = sub1(n->lhs))) return std::nullopt; return wrap(n->ty, -*a);
    case NK::Not: if (!(a = sub1(n->lhs))) return std::nullopt; return !*a;
    case NK::BitNot: if (!(a = sub1(n->lhs))) return std::nullopt; return wrap(n->ty, ~*a);
    case NK::LogAnd:
      if (!(a = sub1(n->lhs))) return std::nullopt;
      if (!*a) return 0;
      if (!(b = sub1(n->rhs))) return std::nullopt;
      return *b != 0;
    case NK::LogOr:
      if (!(a = sub1(n->lhs))) return std::nullopt;
      if (*a) return 1;
      if (!(b = sub1(n->rhs))) return std::nullopt;
      return *b != 0;
    case NK::Cond:
      if (!(a = sub1(n->cond))) return std::nullopt;
      return *a ? lab(n->then) : lab(n->els);
    case NK::Comma: return std::nullopt;  // not a constant expression (C11 6.6p3)
    case NK::Cast:
      if (n->lhs->ty->kind == TyKind::Array || n->lhs->ty->kind == TyKind::Func) {
        if (!label) return std::nullopt;
        return eval_addr(n->lhs, label, d + 1);
      }
      if (!(a = lab(n->lhs))) return std::nullopt;
      if (label && !label->empty()) return *a;
      return wrap(n->ty, *a);
    case NK::Addr:
      if (!label) return std::nullopt;
      return eval_addr(n->lhs, label, d + 1);
    default: return std::nullopt;
  }
}
std::optional<int64_t> eval_addr(Node* n, std::string* label, int d) {
  if (n->kind == NK::Var && !n->var->is_local) {
    if (!label->empty()) return std::nullopt;
    *label = n->var->asm_name;
    return 0;
  }
  if (n->kind == NK::Str) {
    *label = n->label;
    return 0;
  }
  if (n->kind == NK::Deref) return const_eval(n->lhs, label, d + 1);
  return std::nullopt;
}

struct Parser {
  Ctx& ctx;
  Types T;
  const std::vector<Token*>& toks;
  size_t pos = 0;
  std::vector<Scope> scopes;
  Obj* cur_fn = nullptr;
  int depth = 0;
  std::vector<int> brk, cont;
  Node* cur_switch = nullptr;
  Program prog;
  int static_count = 0;

  Parser(Ctx& c, const std::vector<Token*>& t) : ctx(c), T(c), toks(t) { scopes.emplace_back(); }

  // ---- token helpers ----
  Token* tok() { return toks[pos]; }
  Token* peek(int n = 1) { return toks[std::min(pos + n, toks.size() - 1)]; }
  Token* advance() {
    Token* t = toks[pos];
    if (t->kind != TK::Eof) ++pos;
    return t;
  }
  bool equal(const char* s) { return tok()->kind != TK::Str && tok()->kind != TK::Char && tok()->text == s; }
  bool consume(const char* s) {
    if (!equal(s)) return false;
    advance();
    return true;
  }
  [[noreturn]] void fail(const Token* t, const std::string& msg) {
    ctx.error(*t, msg);
    throw SyntaxError{};
  }
  std::string desc(const Token* t) { return t->kind == TK::Eof ? "end of input" : "'" + t->text + "'"; }
  Token* expect(const char* s) {
    if (!equal(s)) fail(tok(), std::string("expected '") + s + "' before " + desc(tok()));
    return advance();
  }

  struct DepthGuard {
    Parser& p;
    DepthGuard(Parser& pp, const Token* t) : p(pp) {
      if (++p.depth > Ctx::kMaxDepth) {
        p.ctx.error(*t, "nesting is too deep (more than " + std::to_string(Ctx::kMaxDepth) + " levels)");
        throw Fatal{};
      }
    }
    ~DepthGuard() { --p.depth; }
  };

  // ---- scopes ----
  VarScope* find_var(const std::string& name) {
    for (size_t i = scopes.size(); i-- > 0;) {
      auto it = scopes[i].vars.find(name);
      if (it != scopes[i].vars.end()) return &it->second;
    }
    return nullptr;
  }
  Type* find_tag(const std::string& name) {
    for (size_t i = scopes.size(); i-- > 0;) {
      auto it = scopes[i].tags.find(name);
      if (it != scopes[i].tags.end()) return it->second;
    }
    return nullptr;
  }
  Type* find_typedef(const Token* t) {
    if (t->kind != TK::Ident) return nullptr;
    VarScope* s = find_var(t->text);
    return s ? s->type_def : nullptr;
  }
  void declare(const Token* name, VarScope vs) {
    auto& vars = scopes.back().vars;
    auto it = vars.find(name->text);
    if (it != vars.end()) {
      bool both_funcs = it->second.var && vs.var && it->second.var->is_function && vs.var->is_function;
      bool both_globals = scopes.size() == 1 && it->second.var && vs.var;
      if (!both_funcs && !both_globals) ctx.error(*name, "redefinition of '" + name->text + "'");
    }
    vars[name->text] = vs;
  }

  // ---- node helpers ----
  Node* node(NK k, const Token* t, Type* ty = nullptr) {
    Node* n = ctx.new_node(k, t);
    n->ty = ty;
    return n;
  }
  Node* num(int64_t v, const Token* t, Type* ty = nullptr) {
    Node* n = node(NK::Num, t, ty ? ty : T.int_);
    n->val = v;
    return n;
  }
  Node* cast(Node* e, Type* ty) {
    if (ty->kind == TyKind::Void) {
      Node* c = node(NK::Cast, e->tok, ty);
      c->lhs = e;
      return c;
    }
    if (e->ty->kind != TyKind::Array && e->ty->size == ty->size && e->ty->is_unsigned == ty->is_unsigned &&
        e->ty->kind == ty->kind && (ty->kind != TyKind::Ptr || e->ty->base == ty->base))
      return e;
    Node* c = node(NK::Cast, e->tok, ty);
    c->lhs = e;
    c->height = e->height + 1;
    return c;
  }
  // Array to pointer (C11 6.3.2.1p3).
  Node* decay(Node* e) {
    if (e->ty->kind == TyKind::Array) {
      Node* c = node(NK::Cast, e->tok, pointer_to(ctx, e->ty->base));
      c->lhs = e;
      return c;
    }
    // Every later check may then assume an integer, a pointer or void.
    if (e->ty->kind == TyKind::Func) fail(e->tok, "function pointers are not supported ('" + e->tok->text + "' used as a value)");
    return e;
  }
  // Integer promotions (C11 6.3.1.1p2).
  Node* promote(Node* e) {
    e = decay(e);
    if (is_integer(e->ty) && e->ty->size < 4) return cast(e, T.int_);
    if (is_integer(e->ty) && e->ty->is_enum) return cast(e, T.int_);
    return e;
  }
  void require_scalar(Node* e, const char* what) {
    if (e->ty->kind == TyKind::Void) fail(e->tok, std::string("void value not ignored as it ought to be (") + what + ")");
  }
  void require_integer(Node* e, const char* op) {
    if (!is_integer(e->ty)) fail(e->tok, std::string("invalid operand to ") + op + " (have '" + type_name(e->ty) + "')");
  }
  // Usual arithmetic conversions (C11 6.3.1.8): everything is 32 bits, so it is int or unsigned.
  void usual_conv(Node*& a, Node*& b) {
    a = promote(a);
    b = promote(b);
    Type* ty = a->ty->is_unsigned || b->ty->is_unsigned ? T.uint : T.int_;
    a = cast(a, ty);
    b = cast(b, ty);
  }
  // Operator chains (a + a + ... + a) are built by loops, not recursion, so the depth guard does
  // not see them: their height is bounded here, which bounds every later recursive walk.
  Node* binary(NK k, const Token* t, Node* a, Node* b, Type* ty) {
    Node* n = node(k, t, ty);
    n->lhs = a;
    n->rhs = b;
    n->height = 1 + std::max(a->height, b->height);
    if (n->height > kMaxHeight) {
      ctx.error(*t, "expression is too complex (more than " + std::to_string(kMaxHeight) + " nested operators)");
      throw Fatal{};
    }
    return n;
  }
  static constexpr int kMaxHeight = 1000;
  Node* arith(NK k, const Token* t, Node* a, Node* b) {
    a = decay(a);
    b = decay(b);
    require_scalar(a, t->text.c_str());
    require_scalar(b, t->text.c_str());
    require_integer(a, t->text.c_str());
    require_integer(b, t->text.c_str());
    usual_conv(a, b);
    if (k == NK::Div || k == NK::Mod) {
      if (auto v = try_eval(b); v && *v == 0) ctx.warning(*t, "division by zero");
    }
    return binary(k, t, a, b, a->ty);
  }
  Node* shift(NK k, const Token* t, Node* a, Node* b) {
    a = decay(a);
    b = decay(b);
    require_integer(a, t->text.c_str());
    require_integer(b, t->text.c_str());
    a = promote(a);
    b = promote(b);
    if (auto v = try_eval(b)) {
      if (*v < 0) ctx.warning(*t, "shift count is negative");
      else if (*v >= 32) ctx.warning(*t, "shift count >= width of type (32 bits)");
    }
    return binary(k, t, a, b, a->ty);
  }
  Node* add(const Token* t, Node* a, Node* b) {
    a = decay(a);
    b = decay(b);
    require_scalar(a, "+");
    require_scalar(b, "+");
    if (is_integer(a->ty) && is_integer(b->ty)) return arith(NK::Add, t, a, b);
    if (a->ty->kind == TyKind::Ptr && b->ty->kind == TyKind::Ptr) fail(t, "invalid operands to binary + (two pointers)");
    if (b->ty->kind == TyKind::Ptr) std::swap(a, b);
    if (a->ty->base->kind == TyKind::Void) fail(t, "pointer arithmetic on 'void *'");
    b = cast(promote(b), T.int_);
    Node* scaled = binary(NK::Mul, t, b, num(a->ty->base->size, t), T.int_);
    return binary(NK::Add, t, a, scaled, a->ty);
  }
  Node* sub(const Token* t, Node* a, Node* b) {
    a = decay(a);
    b = decay(b);
    require_scalar(a, "-");
    require_scalar(b, "-");
    if (is_integer(a->ty) && is_integer(b->ty)) return arith(NK::Sub, t, a, b);
    if (a->ty->kind == TyKind::Ptr && is_integer(b->ty)) {
      if (a->ty->base->kind == TyKind::Void) fail(t, "pointer arithmetic on 'void *'");
      b = cast(promote(b), T.int_);
      Node* scaled = binary(NK::Mul, t, b, num(a->ty->base->size, t), T.int_);
      return binary(NK::Sub, t, a, scaled, a->ty);
    }
    if (a->ty->kind == TyKind::Ptr && b->ty->kind == TyKind::Ptr) {
      if (a->ty->base->size != b->ty->base->size || a->ty->base->kind != b->ty->base->kind)
        fail(t, "invalid operands to binary - (pointers to different types)");
      Node* d = binary(NK::Sub, t, cast(a, T.int_), cast(b, T.int_), T.int_);
      return binary(NK::Div, t, d, num(a->ty->base->size, t), T.int_);
    }
    fail(t, "invalid operands to binary - ('" + type_name(a->ty) + "' and '" + type_name(b->ty) + "')");
  }
  Node* compare(NK k, const Token* t, Node* a, Node* b) {
    a = decay(a);
    b = decay(b);
    require_scalar(a, t->text.c_str());
    require_scalar(b, t->text.c_str());
    if (is_integer(a->ty) && is_integer(b->ty)) {
      usual_conv(a, b);
    } else if (a->ty->kind == TyKind::Ptr && b->ty->kind == TyKind::Ptr) {
      // Any two pointers compare as addresses.
    } else {
      Node*& i = a->ty->kind == TyKind::Ptr ? b : a;
      auto v = try_eval(i);
      if (!(v && *v == 0)) fail(t, "comparison between pointer and integer");
      i = cast(i, T.uint);
    }
    if (a->ty->kind == TyKind::Ptr) a = cast(a, T.uint);
    if (b->ty->kind == TyKind::Ptr) b = cast(b, T.uint);
    return binary(k, t, a, b, T.int_);
  }
  bool is_null_constant(Node* e) {
    if (!is_integer(e->ty)) return false;
    auto v = try_eval(e);
    return v && *v == 0;
  }
  // Conversion as if by assignment (C11 6.5.16.1): the checks gcc makes errors with -Werror.
  Node* assign_conv(Node* e, Type* to, const Token* t, const char* what) {
    e = decay(e);
    if (e->ty->kind == TyKind::Void) fail(t, std::string("void value not ignored as it ought to be (") + what + ")");
    if (to->kind == TyKind::Ptr) {
      if (e->ty->kind == TyKind::Ptr) {
        Type* a = to->base;
        Type* b = e->ty->base;
        bool compatible = a->kind == TyKind::Void || b->kind == TyKind::Void ||
                          (a->kind == b->kind && a->size == b->size && a->is_unsigned == b->is_unsigned &&
                           (a->kind != TyKind::Ptr || a->base == b->base || type_name(a->base) == type_name(b->base)) &&
                           (a->kind != TyKind::Array || a->array_len == b->array_len));
        if (!compatible)
          fail(t, std::string("incompatible pointer types in ") + what + " (from '" + type_name(e->ty) + "' to '" + type_name(to) + "')");
        if (b->is_const && !a->is_const)
          fail(t, std::string(what) + " discards 'const' qualifier from pointer target type");
        return cast(e, to);
      }
      if (is_null_constant(e)) return cast(e, to);
      fail(t, std::string(what) + " makes pointer from integer without a cast");
    }
    if (is_integer(to) && e->ty->kind == TyKind::Ptr) fail(t, std::string(what) + " makes integer from pointer without a cast");
    return cast(e, to);
  }

  // ---- constant expressions ----
  std::optional<int64_t> try_eval(Node* n) {
    std::string label;
    auto v = eval(n, &label, 0);
    if (!v || !label.empty()) return std::nullopt;
    return v;
  }
  std::optional<int64_t> eval(Node* n, std::string* label, int d) { return const_eval(n, label, d); }
  int64_t const_expr(Node* n, const char* what) {
    auto v = try_eval(n);
    if (!v) {
      ctx.error(*n->tok, std::string(what) + " is not an integer constant expression");
      return 0;
    }
    return *v;
  }

  // ---- declarations ----
  bool is_typename(const Token* t) {
    static const char* const kw[] = {"void", "char", "short", "int", "long", "signed", "unsigned", "float",
                                     "double", "_Bool", "struct", "union", "enum", "typedef", "static",
                                     "extern", "const", "volatile", "inline", "register", "auto", "restrict"};
    if (t->kind == TK::Keyword)
      for (const char* k : kw)
        if (t->text == k) return true;
    return find_typedef(t) != nullptr;
  }

  // declspec = ("void" | "char" | "short" | "int" | "signed" | "unsigned" | typedef-name
  //             | enum-specifier | "typedef" | "static" | "extern" | "const" | "volatile")+
  Type* declspec(DeclAttr* attr) {
    enum { VOID = 1, CHAR = 4, SHORT = 16, INT = 64, SIGNED = 256, UNSIGNED = 1024, OTHER = 4096 };
    int counter = 0;
    bool is_const = false;
    Type* ty = T.int_;
    const Token* start = tok();
    while (is_typename(tok())) {
      Token* t = tok();
      if (t->is("typedef") || t->is("static") || t->is("extern")) {
        if (!attr) fail(t, "storage class specifier '" + t->text + "' is not allowed here");
        if (t->is("typedef")) attr->is_typedef = true;
        else if (t->is("static")) attr->is_static = true;
        else attr->is_extern = true;
        advance();
        continue;
      }
      if (t->is("const")) {
        is_const = true;
        advance();
        continue;
      }
      if (t->is("volatile") || t->is("inline") || t->is("register") || t->is("auto") || t->is("restrict")) {
        advance();  // accepted; every access is a memory access at -O0 anyway
        continue;
      }
      if (t->is("long")) fail(t, "'long' is not supported (the language has 32-bit int and no long; use int or uint32_t)");
      if (t->is("float") || t->is("double")) fail(t, "floating types are not supported ('" + t->text + "')");
      if (t->is("_Bool")) fail(t, "'_Bool' is not supported (use int)");
      if (t->is("struct") || t->is("union")) fail(t, "'" + t->text + "' is not supported (the language has no structs or unions)");
      Type* td = find_typedef(t);
      if (td || t->is("enum")) {
        if (counter) break;
        if (t->is("enum")) {
          ty = enum_specifier();
        } else {
          ty = td;
          advance();
        }
        counter += OTHER;
        continue;
      }
      if (t->is("void")) counter += VOID;
      else if (t->is("char")) counter += CHAR;
      else if (t->is("short")) counter += SHORT;
      else if (t->is("int")) counter += INT;
      else if (t->is("signed")) counter |= SIGNED;
      else if (t->is("unsigned")) counter |= UNSIGNED;
      switch (counter) {
        case VOID: ty = T.void_; break;
        case CHAR: ty = T.char_; break;
        case SIGNED + CHAR: ty = T.schar; break;
        case UNSIGNED + CHAR: ty = T.uchar; break;
        case SHORT: case SHORT + INT: case SIGNED + SHORT: case SIGNED + SHORT + INT: ty = T.short_; break;
        case UNSIGNED + SHORT: case UNSIGNED + SHORT + INT: ty = T.ushort; break;
        case INT: case SIGNED: case SIGNED + INT: ty = T.int_; break;
        case UNSIGNED: case UNSIGNED + INT: ty = T.uint; break;
        default: fail(t, "invalid combination of type specifiers");
      }
      advance();
    }
    if (counter == 0 && !is_const && (!attr || (!attr->is_static && !attr->is_typedef && !attr->is_extern)))
      fail(start, "expected a type, found " + desc(start));
    return with_const(ctx, ty, is_const || ty->is_const);
  }

  // enum-specifier = "enum" ident? ("{" ident ("=" const-expr)? ("," ident ("=" const-expr)?)* ","? "}")?
  Type* enum_specifier() {
    advance();  // enum
    Type* ty = ctx.new_type(*T.int_);
    ty->is_enum = true;
    Token* tag = nullptr;
    if (tok()->kind == TK::Ident) tag = advance();
    if (tag && !equal("{")) {
      Type* t = find_tag(tag->text);
      if (!t) fail(tag, "unknown enum '" + tag->text + "'");
      return t;
    }
    expect("{");
    int64_t val = 0;
    bool first = true;
    while (!consume("}")) {
      if (!first) {
        expect(",");
        if (consume("}")) break;
      }
      first = false;
      Token* name = tok();
      if (name->kind != TK::Ident) fail(name, "expected an enumerator name, found " + desc(name));
      advance();
      if (consume("=")) val = const_expr(conditional(), "enumerator value");
      if (val < INT32_MIN || val > INT32_MAX) ctx.error(*name, "enumerator value is outside the range of int");
      VarScope vs;
      vs.is_enum = true;
      vs.enum_val = static_cast<int32_t>(val);
      declare(name, vs);
      ++val;
    }
    if (tag) scopes.back().tags[tag->text] = ty;
    return ty;
  }

  // pointers = ("*" ("const" | "volatile" | "restrict")*)*
  Type* pointers(Type* ty) {
    while (consume("*")) {
      ty = pointer_to(ctx, ty);
      for (;;) {
        if (consume("const")) ty = with_const(ctx, ty, true);
        else if (consume("volatile") || consume("restrict")) continue;
        else break;
      }
    }
    return ty;
  }

  // declarator = pointers ident? type-suffix
  Type* declarator(Type* ty, bool abstract = false) {
    DepthGuard g(*this, tok());
    ty = pointers(ty);
    if (equal("(") && !abstract_params_follow()) {
      // "(" declarator ")" type-suffix, e.g. int (*p)[3]: the suffix applies to the outer type.
      Token* open = advance();
      size_t inner = pos;
      declarator(T.int_, abstract);  // skipped for now, to find the suffix after it
      expect(")");
      if (equal("(")) fail(open, "function pointers are not supported");
      ty = type_suffix(ty);
      size_t end = pos;
      pos = inner;
      ty = declarator(ty, abstract);
      pos = end;
      return ty;
    }
    Token* name = nullptr;
    if (tok()->kind == TK::Ident) name = advance();
    else if (!abstract) fail(tok(), "expected an identifier, found " + desc(tok()));
    ty = type_suffix(ty);
    if (name) {
      ty = ctx.new_type(*ty);
      ty->name = name;
    }
    return ty;
  }

  // In an abstract declarator, "(" may open a parameter list rather than a nested declarator.
  bool abstract_params_follow() { return is_typename(peek()) || peek()->is(")"); }

  // type-suffix = "(" func-params | "[" const-expr? "]" type-suffix | ε
  Type* type_suffix(Type* ty) {
    if (equal("(")) return func_params(ty);
    if (equal("[")) {
      Token* t = advance();
      int len = -1;
      if (!equal("]")) {
        Node* e = conditional();
        if (auto v = try_eval(e)) {
          if (*v <= 0 || *v > (1 << 24)) {
            ctx.error(*t, "array size must be positive and below 16M, not " + std::to_string(*v));
            len = 1;
          } else {
            len = static_cast<int>(*v);
          }
        } else {
          ctx.error(*e->tok, "array size is not an integer constant expression");
          len = 1;  // go on as if it were 1, without further errors
        }
      }
      expect("]");
      Type* elem = type_suffix(ty);
      if (elem->kind == TyKind::Array && elem->array_len < 0) fail(t, "array has incomplete element type");
      if (elem->kind == TyKind::Void) fail(t, "declaration of array of void");
      if (elem->kind == TyKind::Func) fail(t, "declaration of an array of functions");
      if (len > 0 && static_cast<int64_t>(elem->size) * len > (1 << 24)) {
        ctx.error(*t, "array is too large");
        len = 1;
      }
      return array_of(ctx, elem, len);
    }
    return ty;
  }

  // func-params = ("void" | param ("," param)*)? ")"
  // param = declspec declarator
  Type* func_params(Type* ret) {
    Token* open = expect("(");
    if (ret->kind == TyKind::Array) fail(open, "function cannot return an array");
    Type* fn = func_type(ctx, with_const(ctx, ret, false));
    if (equal("void") && peek()->is(")")) {
      advance();
      advance();
      return fn;
    }
    if (consume(")")) fail(open, "a function with unspecified parameters '()' is not supported; write '(void)'");
    bool first = true;
    while (!consume(")")) {
      if (!first) expect(",");
      first = false;
      if (equal("...")) fail(tok(), "variadic functions are not supported");
      Type* base = declspec(nullptr);
      Type* t = declarator(base, true);
      if (t->kind == TyKind::Void) fail(open, "parameter has type 'void'");
      if (t->kind == TyKind::Array) {  // C11 6.7.6.3p7
        const Token* nm = t->name;
        t = pointer_to(ctx, t->base);
        t->name = nm;
      }
      if (t->kind == TyKind::Func) fail(open, "function pointers are not supported");
      fn->params.push_back(t);
    }
    return fn;
  }

  // abstract type-name = declspec abstract-declarator
  Type* typename_() {
    Type* ty = declspec(nullptr);
    return declarator(ty, true);
  }

  Obj* new_lvar(const Token* name, Type* ty) {
    Obj* v = ctx.new_obj();
    v->name = name ? name->text : "";
    v->ty = ty;
    v->tok = name;
    v->is_local = true;
    cur_fn->locals.push_back(v);
    if (name) {
      VarScope vs;
      vs.var = v;
      declare(name, vs);
    }
    return v;
  }

  Obj* new_gvar(const Token* name, Type* ty, const std::string& asm_name) {
    Obj* v = ctx.new_obj();
    v->name = name->text;
    v->asm_name = asm_name;
    v->ty = ty;
    v->tok = name;
    prog.globals.push_back(v);
    return v;
  }

  // ---- initialisers ----
  // An initialiser as a tree: a leaf expression, or a list of children.
  struct Init {
    Node* expr = nullptr;
    std::vector<Init> children;
    bool is_list = false;
    const Token* tok = nullptr;
  };

  // initializer = string-literal | "{" initializer ("," initializer)* ","? "}" | assign
  Init initializer() {
    DepthGuard g(*this, tok());
    Init in;
    in.tok = tok();
    if (consume("{")) {
      in.is_list = true;
      bool first = true;
      while (!consume("}")) {
        if (!first) {
          expect(",");
          if (consume("}")) break;
        }
        first = false;
        in.children.push_back(initializer());
      }
      return in;
    }
    in.expr = assign();
    return in;
  }

  // Completes `ty` (an array of unknown size) from its initialiser.
  Type* complete(Type* ty, const Init& in) {
    if (ty->kind != TyKind::Array || ty->array_len >= 0) return ty;
    int len = 0;
    if (in.expr && in.expr->kind == NK::Str && is_integer(ty->base) && ty->base->size == 1) {
      len = static_cast<int>(ctx.strings[in.expr->val].second.size());
    } else if (in.is_list) {
      if (ty->base->kind == TyKind::Array && !in.children.empty() && !in.children[0].is_list) {
        int per = ty->base->size / std::max(1, ty->base->base->size);
        int leaves = static_cast<int>(in.children.size());
        len = (leaves + std::max(per, 1) - 1) / std::max(per, 1);
      } else {
        len = static_cast<int>(in.children.size());
      }
    } else {
      ctx.error(*in.tok, "array must be initialised with a brace-enclosed list or a string");
      len = 1;
    }
    Type* t = array_of(ctx, ty->base, std::max(len, 1));
    t->is_const = ty->is_const;
    t->name = ty->name;
    return t;
  }

  // Walks an initialiser against a type, calling leaf(offset, type, expr) for each element set.
  // Brace elision (C11 6.7.9p20) is supported for nested arrays.
  void walk_init(Type* ty, const Init& in, int offset, const std::function<void(int, Type*, Node*)>& leaf) {
    size_t idx = 0;
    walk(ty, in, offset, leaf, nullptr, idx);
  }
  void walk(Type* ty, const Init& in, int offset, const std::function<void(int, Type*, Node*)>& leaf,
            const std::vector<Init>* flat, size_t& idx) {
    if (ty->kind == TyKind::Array) {
      const Init* cur = flat ? &(*flat)[idx] : &in;
      if (cur->expr && cur->expr->kind == NK::Str && is_integer(ty->base) && ty->base->size == 1) {
        if (flat) ++idx;
        const std::string& s = ctx.strings[cur->expr->val].second;
        int n = std::min<int>(static_cast<int>(s.size()), ty->array_len);
        if (static_cast<int>(s.size()) - 1 > ty->array_len) ctx.warning(*cur->tok, "initializer-string for array is too long");
        for (int i = 0; i < n; ++i) leaf(offset + i, ty->base, num(static_cast<unsigned char>(s[i]), cur->tok));
        return;
      }
      if (flat && !cur->is_list) {  // brace elision: take elements from the enclosing list
        for (int i = 0; i < ty->array_len && idx < flat->size(); ++i)
          walk(ty->base, in, offset + i * ty->base->size, leaf, flat, idx);
        return;
      }
      if (flat) ++idx;
      if (!cur->is_list) fail(cur->tok, "array must be initialised with a brace-enclosed list");
      size_t k = 0;
      int i = 0;
      while (k < cur->children.size()) {
        if (i >= ty->array_len) {
          ctx.warning(*cur->children[k].tok, "excess elements in array initializer");
          break;
        }
        walk(ty->base, in, offset + i * ty->base->size, leaf, &cur->children, k);
        ++i;
      }
      return;
    }
    const Init* cur = flat ? &(*flat)[idx++] : &in;
    if (cur->is_list) {
      if (cur->children.size() != 1 || cur->children[0].is_list) fail(cur->tok, "scalar initialiser must be a single expression");
      cur = &cur->children[0];
    }
    leaf(offset, ty, assign_conv(cur->expr, ty, cur->tok, "initialization"));
  }

  void global_init(Obj* v, const Init& in) {
    v->has_init = true;
    v->init_data.assign(v->ty->size, 0);
    walk_init(v->ty, in, 0, [&](int off, Type* ty, Node* e) {
      std::string label;
      auto val = eval(e, &label, 0);
      if (!val) {
        ctx.error(*e->tok, "initializer element is not constant");
        return;
      }
      if (!label.empty()) {
        if (ty->size != 4) {
          ctx.error(*e->tok, "initializer element is not computable at load time");
          return;
        }
        v->relocs.push_back({off, label, *val});
        return;
      }
      for (int i = 0; i < ty->size; ++i) v->init_data[off + i] = static_cast<uint8_t>(*val >> (8 * i));
    });
  }

  // Local initialiser: zero the object, then assign each element given.
  Node* local_init(Obj* v, const Init& in, const Token* t) {
    Node* blk = node(NK::Block, t);
    if (v->ty->kind == TyKind::Array) {
      Node* z = node(NK::MemZero, t);
      z->var = v;
      Node* st = node(NK::ExprStmt, t);
      st->lhs = z;
      blk->body.push_back(st);
    }
    walk_init(v->ty, in, 0, [&](int off, Type* ty, Node* e) {
      Node* var = node(NK::Var, t, v->ty);
      var->var = v;
      if (v->ty->kind != TyKind::Array) {  // a scalar: plain assignment, its address is not taken
        Node* st = node(NK::ExprStmt, t);
        st->lhs = binary(NK::Assign, t, var, e, ty);
        st->lhs->is_init = true;
        blk->body.push_back(st);
        return;
      }
      Node* addr = node(NK::Addr, t, pointer_to(ctx, ty));
      addr->lhs = var;
      Node* p = binary(NK::Add, t, addr, num(off, t), addr->ty);
      // (ty *)((char *)&v + off), written as a byte offset on a pointer
      Node* dst = node(NK::Deref, t, ty);
      dst->lhs = p;
      Node* as = binary(NK::Assign, t, dst, e, ty);
      Node* st = node(NK::ExprStmt, t);
      st->lhs = as;
      blk->body.push_back(st);
    });
    return blk;
  }

  // declaration = declspec (declarator ("=" initializer)? ("," declarator ("=" initializer)?)*)? ";"
  Node* declaration(Type* base, const DeclAttr& attr) {
    Node* blk = node(NK::Block, tok());
    bool first = true;
    while (!consume(";")) {
      if (!first) expect_comma_or_semicolon();
      first = false;
      Type* ty = declarator(base);
      const Token* name = ty->name;
      if (attr.is_typedef) {
        VarScope vs;
        vs.type_def = ty;
        declare(name, vs);
        continue;
      }
      if (ty->kind == TyKind::Void) fail(name, "variable '" + name->text + "' declared void");
      if (ty->kind == TyKind::Func) {
        declare_function(ty, attr);
        continue;
      }
      if (attr.is_static || attr.is_extern) {
        if (attr.is_extern) fail(name, "'extern' local variables are not supported");
        Obj* v = new_gvar(name, ty, ".L" + name->text + ".static." + std::to_string(++static_count));
        v->is_static = true;
        v->is_definition = true;
        VarScope vs;
        vs.var = v;
        declare(name, vs);
        if (consume("=")) {
          Init in = initializer();
          v->ty = complete(ty, in);
          global_init(v, in);
        }
        if (v->ty->kind == TyKind::Array && v->ty->array_len < 0) ctx.error(*name, "array size missing in '" + name->text + "'");
        continue;
      }
      if (consume("=")) {
        Init in = initializer();
        ty = complete(ty, in);
        Obj* v = new_lvar(name, ty);
        blk->body.push_back(local_init(v, in, name));
        continue;
      }
      if (ty->kind == TyKind::Array && ty->array_len < 0) ctx.error(*name, "array size missing in '" + name->text + "'");
      new_lvar(name, ty);
    }
    return blk;
  }

  Obj* declare_function(Type* ty, const DeclAttr& attr) {
    const Token* name = ty->name;
    VarScope* prev = find_var(name->text);
    if (prev && prev->var && prev->var->is_function) {
      Obj* f = prev->var;
      if (type_name(f->ty) != type_name(ty)) ctx.error(*name, "conflicting types for '" + name->text + "'");
      if (scopes.size() > 1) {
        VarScope vs;
        vs.var = f;
        scopes.back().vars[name->text] = vs;
      }
      return f;
    }
    Obj* f = ctx.new_obj();
    f->name = name->text;
    f->asm_name = name->text;
    f->ty = ty;
    f->tok = name;
    f->is_function = true;
    f->is_static = attr.is_static;
    prog.globals.push_back(f);
    VarScope vs;
    vs.var = f;
    scopes.front().vars[name->text] = vs;
    if (scopes.size() > 1) scopes.back().vars[name->text] = vs;
    return f;
  }

  // function-definition = declspec declarator compound-stmt
  void function(Type* ty, const DeclAttr& attr) {
    Obj* f = declare_function(ty, attr);
    if (f->is_definition) ctx.error(*ty->name, "redefinition of '" + f->name + "'");
    f->is_definition = true;
    f->is_static = f->is_static || attr.is_static;
    f->ty = ty;
    cur_fn = f;
    f->locals.clear();
    f->params.clear();
    scopes.emplace_back();
    for (Type* p : ty->params) {
      if (!p->name) fail(ty->name, "parameter name omitted in the definition of '" + f->name + "'");
      f->params.push_back(new_lvar(p->name, p));
    }
    f->body = compound_stmt();
    scopes.pop_back();
    cur_fn = nullptr;
  }

  // ---- statements ----
  // compound-stmt = "{" (declaration | stmt)* "}"
  Node* compound_stmt() {
    Token* open = expect("{");
    DepthGuard g(*this, open);
    Node* blk = node(NK::Block, open);
    scopes.emplace_back();
    while (!equal("}")) {
      if (tok()->kind == TK::Eof) {
        ctx.error(*open, "expected '}' at end of input");
        break;
      }
      size_t start = pos;
      try {
        if (is_typename(tok()) && !peek()->is(":")) {
          DeclAttr attr;
          Type* base = declspec(&attr);
          blk->body.push_back(declaration(base, attr));
        } else {
          blk->body.push_back(stmt());
        }
      } catch (const SyntaxError&) {
        recover(start);
      }
    }
    scopes.pop_back();
    if (tok()->kind != TK::Eof) advance();
    return blk;
  }

  // Skips to just after the next ';' at this brace depth, or to a '}' closing this block.
  void recover(size_t start) {
    if (pos == start) advance();
    int d = 0;
    while (tok()->kind != TK::Eof) {
      if (equal("{")) ++d;
      if (equal("}")) {
        if (d == 0) return;
        --d;
        if (d == 0) {
          advance();
          return;
        }
      }
      if (equal(";") && d == 0) {
        advance();
        return;
      }
      advance();
    }
  }

  Node* cond_expr(const char* what) {
    Node* e = decay(expr());
    if (e->ty->kind == TyKind::Void) fail(e->tok, std::string("void value used as the condition of ") + what);
    return e;
  }

  // stmt = "return" expr? ";"
  //      | "if" "(" expr ")" stmt ("else" stmt)?
  //      | "switch" "(" expr ")" stmt
  //      | "case" const-expr ":" stmt
  //      | "default" ":" stmt
  //      | "for" "(" (declaration | expr? ";") expr? ";" expr? ")" stmt
  //      | "while" "(" expr ")" stmt
  //      | "do" stmt "while" "(" expr ")" ";"
  //      | "break" ";" | "continue" ";"
  //      | compound-stmt
  //      | expr? ";"
  Node* stmt() {
    Token* t = tok();
    DepthGuard g(*this, t);
    if (t->is("return")) {
      advance();
      Node* n = node(NK::Return, t);
      Type* ret = cur_fn->ty->ret;
      if (!consume(";")) {
        Node* e = expr();
        expect(";");
        if (ret->kind == TyKind::Void) {
          if (e->ty->kind != TyKind::Void) ctx.error(*t, "'return' with a value, in function returning void");
        } else {
          n->lhs = assign_conv(e, ret, e->tok, "return");
        }
      } else if (ret->kind != TyKind::Void) {
        ctx.error(*t, "'return' with no value, in function returning non-void");
      }
      return n;
    }
    if (t->is("if")) {
      advance();
      Node* n = node(NK::If, t);
      expect("(");
      n->cond = cond_expr("if");
      expect(")");
      n->then = stmt();
      if (consume("else")) n->els = stmt();
      return n;
    }
    if (t->is("switch")) {
      advance();
      Node* n = node(NK::Switch, t);
      expect("(");
      Node* c = promote(expr());
      if (!is_integer(c->ty)) fail(c->tok, "switch quantity not an integer");
      n->cond = c;
      expect(")");
      Node* saved = cur_switch;
      cur_switch = n;
      n->id = ctx.new_label();
      brk.push_back(n->id);
      try {
        n->then = stmt();
      } catch (...) {
        brk.pop_back();
        cur_switch = saved;
        throw;
      }
      brk.pop_back();
      cur_switch = saved;
      return n;
    }
    if (t->is("case")) {
      advance();
      if (!cur_switch) fail(t, "case label not within a switch statement");
      Node* n = node(NK::Case, t);
      int64_t v = const_expr(conditional(), "case label");
      v = wrap(cur_switch->cond->ty, v);
      expect(":");
      for (Node* c : cur_switch->cases)
        if (c->val == v) ctx.error(*t, "duplicate case value " + std::to_string(v));
      n->val = v;
      n->id = ctx.new_label();
      cur_switch->cases.push_back(n);
      n->lhs = stmt();
      return n;
    }
    if (t->is("default")) {
      advance();
      if (!cur_switch) fail(t, "'default' label not within a switch statement");
      expect(":");
      Node* n = node(NK::Case, t);
      n->id = ctx.new_label();
      if (cur_switch->default_case) ctx.error(*t, "multiple default labels in one switch");
      cur_switch->default_case = n;
      n->lhs = stmt();
      return n;
    }
    if (t->is("for")) {
      advance();
      Node* n = node(NK::For, t);
      n->id = ctx.new_label();
      expect("(");
      scopes.emplace_back();
      try {
        if (is_typename(tok())) {
          DeclAttr attr;
          Type* base = declspec(&attr);
          if (attr.is_static || attr.is_typedef) fail(t, "declaration of a static variable or typedef in a 'for' loop initial declaration");
          n->init = declaration(base, attr);
        } else if (!consume(";")) {
          Node* s = node(NK::ExprStmt, t);
          s->lhs = expr();
          n->init = s;
          expect(";");
        }
        if (!equal(";")) n->cond = cond_expr("for");
        expect(";");
        if (!equal(")")) n->inc = expr();
        expect(")");
        brk.push_back(n->id);
        cont.push_back(n->id);
        n->then = stmt();
        brk.pop_back();
        cont.pop_back();
      } catch (...) {
        scopes.pop_back();
        throw;
      }
      scopes.pop_back();
      return n;
    }
    if (t->is("while")) {
      advance();
      Node* n = node(NK::For, t);
      n->id = ctx.new_label();
      expect("(");
      n->cond = cond_expr("while");
      expect(")");
      brk.push_back(n->id);
      cont.push_back(n->id);
      n->then = stmt();
      brk.pop_back();
      cont.pop_back();
      return n;
    }
    if (t->is("do")) {
      advance();
      Node* n = node(NK::Do, t);
      n->id = ctx.new_label();
      brk.push_back(n->id);
      cont.push_back(n->id);
      n->then = stmt();
      brk.pop_back();
      cont.pop_back();
      expect("while");
      expect("(");
      n->cond = cond_expr("do-while");
      expect(")");
      expect(";");
      return n;
    }
    if (t->is("break") || t->is("continue")) {
      advance();
      bool b = t->is("break");
      Node* n = node(b ? NK::Break : NK::Continue, t);
      auto& stack = b ? brk : cont;
      if (stack.empty()) ctx.error(*t, b ? "break statement not within loop or switch" : "continue statement not within a loop");
      else n->id = stack.back();
      expect(";");
      return n;
    }
    if (t->is("goto")) fail(t, "'goto' is not supported");
    if (t->kind == TK::Ident && peek()->is(":")) fail(t, "labels are not supported (the language has no goto)");
    if (equal("{")) return compound_stmt();
    if (consume(";")) return node(NK::Null, t);
    Node* n = node(NK::ExprStmt, t);
    n->lhs = expr();
    expect(";");
    return n;
  }

  // ---- expressions ----
  // expr = assign ("," expr)?
  Node* expr() {
    Node* n = assign();
    while (equal(",")) {
      Token* t = advance();
      Node* r = assign();
      n = binary(NK::Comma, t, n, decay(r), decay(r)->ty);
    }
    return n;
  }

  void check_lvalue(Node* n, const Token* op) {
    if (n->kind != NK::Var && n->kind != NK::Deref) fail(op, "lvalue required as left operand of '" + op->text + "'");
    if (n->ty->kind == TyKind::Array) fail(op, "assignment to expression with array type");
    if (n->ty->kind == TyKind::Func) fail(op, "assignment to a function");
    if (n->ty->is_const) {
      if (n->kind == NK::Var) fail(op, "assignment of read-only variable '" + n->var->name + "'");
      fail(op, "assignment of read-only location");
    }
  }

  // A temporary local for desugaring compound assignments.
  Obj* temp(Type* ty) {
    Obj* v = ctx.new_obj();
    v->ty = ty;
    v->is_local = true;
    cur_fn->locals.push_back(v);
    return v;
  }
  Node* var_node(Obj* v, const Token* t) {
    Node* n = node(NK::Var, t, v->ty);
    n->var = v;
    return n;
  }

  // `a op= b` is `tmp = &a, *tmp = *tmp op b` (chibicc's to_assign): a is evaluated once.
  Node* compound_assign(NK k, Token* t, Node* lhs, Node* rhs) {
    check_lvalue(lhs, t);
    if (!cur_fn) fail(t, "compound assignment outside a function");
    if (lhs->kind == NK::Var) {  // evaluating a variable twice has no side effects
      Node* val;
      switch (k) {
        case NK::Add: val = add(t, lhs, rhs); break;
        case NK::Sub: val = sub(t, lhs, rhs); break;
        case NK::Shl: case NK::Shr: val = shift(k, t, lhs, rhs); break;
        default: val = arith(k, t, lhs, rhs); break;
      }
      return binary(NK::Assign, t, lhs, assign_conv(val, lhs->ty, t, "assignment"), lhs->ty);
    }
    Node* addr = node(NK::Addr, t, pointer_to(ctx, lhs->ty));
    addr->lhs = lhs;
    Obj* tmp = temp(addr->ty);
    Node* set = binary(NK::Assign, t, var_node(tmp, t), addr, addr->ty);
    auto deref = [&]() {
      Node* d = node(NK::Deref, t, lhs->ty);
      d->lhs = var_node(tmp, t);
      return d;
    };
    Node* val;
    switch (k) {
      case NK::Add: val = add(t, deref(), rhs); break;
      case NK::Sub: val = sub(t, deref(), rhs); break;
      case NK::Shl: case NK::Shr: val = shift(k, t, deref(), rhs); break;
      default: val = arith(k, t, deref(), rhs); break;
    }
    Node* as = binary(NK::Assign, t, deref(), assign_conv(val, lhs->ty, t, "assignment"), lhs->ty);
    return binary(NK::Comma, t, set, as, lhs->ty);
  }

  // assign = conditional (assign-op assign)?
  // assign-op = "=" | "+=" | "-=" | "*=" | "/=" | "%=" | "&=" | "|=" | "^=" | "<<=" | ">>="
  Node* assign() {
    DepthGuard g(*this, tok());
    Node* n = conditional();
    static const std::pair<const char*, NK> ops[] = {{"+=", NK::Add}, {"-=", NK::Sub}, {"*=", NK::Mul}, {"/=", NK::Div},
                                                     {"%=", NK::Mod}, {"&=", NK::BitAnd}, {"|=", NK::BitOr},
                                                     {"^=", NK::BitXor}, {"<<=", NK::Shl}, {">>=", NK::Shr}};
    if (equal("=")) {
      Token* t = advance();
      check_lvalue(n, t);
      Node* r = assign();
      return binary(NK::Assign, t, n, assign_conv(r, n->ty, t, "assignment"), n->ty);
    }
    for (auto& [s, k] : ops)
      if (equal(s)) {
        Token* t = advance();
        return compound_assign(k, t, n, assign());
      }
    return n;
  }

  // conditional = logor ("?" expr ":" conditional)?
  Node* conditional() {
    Node* c = logor();
    if (!equal("?")) return c;
    Token* t = advance();
    c = decay(c);
    require_scalar(c, "?:");
    Node* a = decay(expr());
    expect(":");
    Node* b = decay(conditional());
    Node* n = node(NK::Cond, t);
    n->cond = c;
    if (is_integer(a->ty) && is_integer(b->ty)) {
      usual_conv(a, b);
      n->ty = a->ty;
    } else if (a->ty->kind == TyKind::Void && b->ty->kind == TyKind::Void) {
      n->ty = T.void_;
    } else if (a->ty->kind == TyKind::Ptr && (b->ty->kind == TyKind::Ptr || is_null_constant(b))) {
      b = cast(b, a->ty);
      n->ty = a->ty;
    } else if (b->ty->kind == TyKind::Ptr && is_null_constant(a)) {
      a = cast(a, b->ty);
      n->ty = b->ty;
    } else {
      fail(t, "type mismatch in conditional expression ('" + type_name(a->ty) + "' and '" + type_name(b->ty) + "')");
    }
    n->then = a;
    n->els = b;
    return n;
  }

  Node* logical(NK k, Token* t, Node* a, Node* b) {
    a = decay(a);
    b = decay(b);
    require_scalar(a, t->text.c_str());
    require_scalar(b, t->text.c_str());
    return binary(k, t, a, b, T.int_);
  }

  // logor = logand ("||" logand)*
  Node* logor() {
    Node* n = logand();
    while (equal("||")) {
      Token* t = advance();
      n = logical(NK::LogOr, t, n, logand());
    }
    return n;
  }
  // logand = bitor ("&&" bitor)*
  Node* logand() {
    Node* n = bitor_();
    while (equal("&&")) {
      Token* t = advance();
      n = logical(NK::LogAnd, t, n, bitor_());
    }
    return n;
  }
  // bitor = bitxor ("|" bitxor)*
  Node* bitor_() {
    Node* n = bitxor_();
    while (equal("|")) {
      Token* t = advance();
      n = arith(NK::BitOr, t, n, bitxor_());
    }
    return n;
  }
  // bitxor = bitand ("^" bitand)*
  Node* bitxor_() {
    Node* n = bitand_();
    while (equal("^")) {
      Token* t = advance();
      n = arith(NK::BitXor, t, n, bitand_());
    }
    return n;
  }
  // bitand = equality ("&" equality)*
  Node* bitand_() {
    Node* n = equality();
    while (equal("&")) {
      Token* t = advance();
      n = arith(NK::BitAnd, t, n, equality());
    }
    return n;
  }
  // equality = relational ("==" relational | "!=" relational)*
  Node* equality() {
    Node* n = relational();
    for (;;) {
      if (equal("==") || equal("!=")) {
        Token* t = advance();
        n = compare(t->is("==") ? NK::Eq : NK::Ne, t, n, relational());
        continue;
      }
      return n;
    }
  }
  // relational = shift ("<" shift | "<=" shift | ">" shift | ">=" shift)*
  Node* relational() {
    Node* n = shift_expr();
    for (;;) {
      Token* t = tok();
      if (consume("<")) n = compare(NK::Lt, t, n, shift_expr());
      else if (consume("<=")) n = compare(NK::Le, t, n, shift_expr());
      else if (consume(">")) n = compare(NK::Lt, t, shift_expr(), n);
      else if (consume(">=")) n = compare(NK::Le, t, shift_expr(), n);
      else return n;
    }
  }
  // shift = add ("<<" add | ">>" add)*
  Node* shift_expr() {
    Node* n = additive();
    for (;;) {
      Token* t = tok();
      if (consume("<<")) n = shift(NK::Shl, t, n, additive());
      else if (consume(">>")) n = shift(NK::Shr, t, n, additive());
      else return n;
    }
  }
  // add = mul ("+" mul | "-" mul)*
  Node* additive() {
    Node* n = mul();
    for (;;) {
      Token* t = tok();
      if (consume("+")) n = add(t, n, mul());
      else if (consume("-")) n = sub(t, n, mul());
      else return n;
    }
  }
  // mul = cast ("*" cast | "/" cast | "%" cast)*
  Node* mul() {
    Node* n = cast_expr();
    for (;;) {
      Token* t = tok();
      if (consume("*")) n = arith(NK::Mul, t, n, cast_expr());
      else if (consume("/")) n = arith(NK::Div, t, n, cast_expr());
      else if (consume("%")) n = arith(NK::Mod, t, n, cast_expr());
      else return n;
    }
  }
  // cast = "(" type-name ")" cast | unary
  Node* cast_expr() {
    DepthGuard g(*this, tok());
    if (equal("(") && is_typename(peek())) {
      Token* t = advance();
      Type* ty = typename_();
      expect(")");
      Node* e = decay(cast_expr());
      if (ty->kind == TyKind::Array || ty->kind == TyKind::Func) fail(t, "cast specifies array or function type");
      if (ty->kind != TyKind::Void && e->ty->kind == TyKind::Void) fail(t, "void value not ignored as it ought to be");
      Node* c = node(NK::Cast, t, with_const(ctx, ty, false));
      c->lhs = e;
      return c;
    }
    return unary();
  }

  // unary = ("+" | "-" | "*" | "&" | "!" | "~") cast | ("++" | "--") unary | "sizeof" unary
  //       | "sizeof" "(" type-name ")" | postfix
  Node* unary() {
    Token* t = tok();
    if (consume("+")) {
      Node* e = promote(cast_expr());
      require_integer(e, "unary +");
      return e;
    }
    if (consume("-")) {
      Node* e = promote(cast_expr());
      require_integer(e, "unary -");
      Node* n = node(NK::Neg, t, e->ty);
      n->lhs = e;
      return n;
    }
    if (consume("!")) {
      Node* e = decay(cast_expr());
      require_scalar(e, "!");
      Node* n = node(NK::Not, t, T.int_);
      n->lhs = e;
      return n;
    }
    if (consume("~")) {
      Node* e = promote(cast_expr());
      require_integer(e, "~");
      Node* n = node(NK::BitNot, t, e->ty);
      n->lhs = e;
      return n;
    }
    if (consume("&")) {
      Node* e = cast_expr();
      if (e->kind != NK::Var && e->kind != NK::Deref) fail(t, "lvalue required as unary '&' operand");
      if (e->ty->kind == TyKind::Func) fail(t, "function pointers are not supported (taking the address of '" + e->tok->text + "')");
      Node* n = node(NK::Addr, t, pointer_to(ctx, e->ty));
      n->lhs = e;
      return n;
    }
    if (consume("*")) {
      Node* e = decay(cast_expr());
      if (e->ty->kind != TyKind::Ptr) fail(t, "invalid type argument of unary '*' (have '" + type_name(e->ty) + "')");
      if (e->ty->base->kind == TyKind::Void) fail(t, "dereferencing 'void *' pointer");
      Node* n = node(NK::Deref, t, e->ty->base);
      n->lhs = e;
      return n;
    }
    if (equal("++") || equal("--")) {
      advance();
      Node* e = unary();
      return compound_assign(t->is("++") ? NK::Add : NK::Sub, t, e, num(1, t));
    }
    if (consume("sizeof")) {
      Type* ty;
      if (equal("(") && is_typename(peek())) {
        advance();
        ty = typename_();
        expect(")");
      } else {
        ty = unary()->ty;
      }
      if (ty->kind == TyKind::Func) fail(t, "invalid application of 'sizeof' to a function type");
      if (ty->kind == TyKind::Void) fail(t, "invalid application of 'sizeof' to a void type");
      if (ty->kind == TyKind::Array && ty->array_len < 0) fail(t, "invalid application of 'sizeof' to an incomplete type");
      return num(ty->size, t, T.uint);
    }
    return postfix();
  }

  // `a++` is `(typeof a)((a += 1) - 1)` (chibicc's new_inc_dec).
  Node* post_incdec(Token* t, Node* e, int delta) {
    Node* as = compound_assign(NK::Add, t, e, num(delta, t));
    Node* back = add(t, as, num(-delta, t));
    return cast(back, e->ty->kind == TyKind::Array ? e->ty : with_const(ctx, e->ty, false));
  }

  // postfix = primary ("[" expr "]" | "(" args ")" | "++" | "--")*
  Node* postfix() {
    Node* n = primary();
    for (;;) {
      Token* t = tok();
      if (consume("[")) {
        Node* idx = expr();
        expect("]");
        Node* p = add(t, n, idx);
        if (p->ty->kind != TyKind::Ptr) fail(t, "subscripted value is neither array nor pointer");
        if (p->ty->base->kind == TyKind::Void) fail(t, "dereferencing 'void *' pointer");
        Node* d = node(NK::Deref, t, p->ty->base);
        d->lhs = p;
        n = d;
        continue;
      }
      if (equal("(")) {
        n = call(n);
        continue;
      }
      if (consume("++")) {
        n = post_incdec(t, n, 1);
        continue;
      }
      if (consume("--")) {
        n = post_incdec(t, n, -1);
        continue;
      }
      if (equal(".") || equal("->")) fail(t, "member access '" + t->text + "' is not supported (the language has no structs)");
      return n;
    }
  }

  // call = "(" (assign ("," assign)*)? ")"
  Node* call(Node* fn) {
    Token* t = advance();
    if (fn->kind != NK::Var || fn->ty->kind != TyKind::Func) fail(t, "called object is not a function (function pointers are not supported)");
    Obj* f = fn->var;
    std::vector<Node*> args;
    if (!equal(")")) {
      for (;;) {
        args.push_back(assign());
        if (!consume(",")) break;
      }
    }
    expect(")");
    const auto& params = f->ty->params;
    if (args.size() != params.size()) {
      ctx.error(*t, std::string(args.size() < params.size() ? "too few" : "too many") + " arguments to function '" + f->name +
                        "' (expected " + std::to_string(params.size()) + ", have " + std::to_string(args.size()) + ")");
    }
    Node* n = node(NK::Call, fn->tok, f->ty->ret);
    n->var = f;
    for (size_t i = 0; i < args.size(); ++i) {
      if (i < params.size()) n->body.push_back(assign_conv(args[i], params[i], args[i]->tok, "passing argument"));
      else n->body.push_back(promote(args[i]));
    }
    return n;
  }

  // primary = "(" expr ")" | ident | str | num | char
  Node* primary() {
    Token* t = tok();
    if (consume("(")) {
      Node* n = expr();
      expect(")");
      return n;
    }
    if (t->kind == TK::Num || t->kind == TK::Char) {
      advance();
      return num(t->val, t, t->is_unsigned ? T.uint : T.int_);
    }
    if (t->kind == TK::Str) {
      advance();
      std::string label = ctx.string_prefix + std::to_string(ctx.strings.size());
      ctx.strings.push_back({label, t->str + std::string(1, '\0')});
      Node* n = node(NK::Str, t, array_of(ctx, T.char_, static_cast<int>(t->str.size()) + 1));
      n->label = label;
      n->val = static_cast<int64_t>(ctx.strings.size()) - 1;
      return n;
    }
    if (t->kind == TK::Ident) {
      advance();
      VarScope* vs = find_var(t->text);
      if (!vs || vs->type_def) {
        if (equal("(")) fail(t, "implicit declaration of function '" + t->text + "'");
        fail(t, "'" + t->text + "' undeclared");
      }
      if (vs->is_enum) return num(vs->enum_val, t);
      Node* n = node(NK::Var, t, vs->var->ty);
      n->var = vs->var;
      return n;
    }
    if (t->kind == TK::Keyword) fail(t, "expected an expression before '" + t->text + "'");
    fail(t, "expected an expression before " + desc(t));
  }

  // program = (function-definition | declaration)*
  void program() {
    while (tok()->kind != TK::Eof) {
      size_t start = pos;
      try {
        DeclAttr attr;
        Type* base = declspec(&attr);
        if (consume(";")) continue;
        Type* ty = declarator(base);
        if (ty->kind == TyKind::Func && equal("{")) {
          if (attr.is_typedef) fail(ty->name, "function definition declared 'typedef'");
          function(ty, attr);
          continue;
        }
        global_declaration(base, attr, ty);
      } catch (const SyntaxError&) {
        cur_fn = nullptr;
        while (scopes.size() > 1) scopes.pop_back();
        recover_top(start);
      }
    }
  }

  void recover_top(size_t start) {
    if (pos == start) advance();
    int d = 0;
    while (tok()->kind != TK::Eof) {
      if (equal("{")) ++d;
      if (equal("}")) {
        --d;
        if (d <= 0) {
          advance();
          consume(";");
          return;
        }
      }
      if (equal(";") && d <= 0) {
        advance();
        return;
      }
      advance();
    }
  }

  // The first declarator is already parsed (to tell a function definition apart).
  void global_declaration(Type* base, const DeclAttr& attr, Type* first_ty) {
    bool first = true;
    for (;;) {
      Type* ty = first_ty;
      if (!first) {
        if (consume(";")) break;
        expect_comma_or_semicolon();
        ty = declarator(base);
      }
      first = false;
      const Token* name = ty->name;
      if (attr.is_typedef) {
        VarScope vs;
        vs.type_def = ty;
        declare(name, vs);
        continue;
      }
      if (ty->kind == TyKind::Func) {
        declare_function(ty, attr);
        continue;
      }
      if (ty->kind == TyKind::Void) fail(name, "variable '" + name->text + "' declared void");
      VarScope* prev = scopes.front().vars.count(name->text) ? &scopes.front().vars[name->text] : nullptr;
      Obj* v;
      if (prev && prev->var && !prev->var->is_function) {
        v = prev->var;  // a tentative definition or extern declaration seen before
        if (type_name(v->ty) != type_name(ty) && !(v->ty->kind == TyKind::Array && ty->kind == TyKind::Array))
          ctx.error(*name, "conflicting types for '" + name->text + "'");
      } else {
        if (prev) ctx.error(*name, "'" + name->text + "' redeclared as a different kind of symbol");
        v = new_gvar(name, ty, name->text);
        v->is_static = attr.is_static;
        VarScope vs;
        vs.var = v;
        scopes.front().vars[name->text] = vs;
      }
      if (!attr.is_extern) v->is_definition = true;
      if (consume("=")) {
        if (v->has_init) ctx.error(*name, "redefinition of '" + name->text + "'");
        Init in = initializer();
        v->ty = complete(ty, in);
        global_init(v, in);
      }
      if (v->ty->kind == TyKind::Array && v->ty->array_len < 0 && v->is_definition)
        ctx.error(*name, "array size missing in '" + name->text + "'");
    }
  }

  void expect_comma_or_semicolon() {
    if (!equal(",")) fail(tok(), "expected ',' or ';' before " + desc(tok()));
    advance();
  }
};

// ---- AST dump (for --dump-after=parse) ----
const char* nk_name(NK k) {
  static const char* const names[] = {
      "num", "var", "str", "add", "sub", "mul", "div", "mod", "and", "or", "xor", "shl", "shr", "eq", "ne", "lt", "le",
      "neg", "not", "bitnot", "logand", "logor", "assign", "cond", "comma", "addr", "deref", "cast", "call", "memzero",
      "return", "if", "for", "do", "switch", "case", "block", "expr", "break", "continue", "null"};
  return names[static_cast<int>(k)];
}

void dump_node(const Node* n, int ind, std::string& out) {
  if (!n) return;
  out += std::string(ind * 2, ' ') + nk_name(n->kind);
  if (n->ty) out += " : " + type_name(n->ty);
  if (n->kind == NK::Num || n->kind == NK::Case) out += " " + std::to_string(n->val);
  if ((n->kind == NK::Var || n->kind == NK::Call || n->kind == NK::MemZero) && n->var) {
    out += " " + (n->var->name.empty() ? std::string("<tmp>") : n->var->name);
    if (n->var->reg >= 0) out += " [r" + std::to_string(n->var->reg) + "]";
  }
  if (n->kind == NK::Str) out += " " + n->label;
  if (n->tok) out += "  @" + std::to_string(n->tok->line) + ":" + std::to_string(n->tok->col);
  out += "\n";
  for (const Node* c : {n->init, n->cond, n->lhs, n->rhs, n->then, n->els, n->inc}) dump_node(c, ind + 1, out);
  for (const Node* c : n->body) dump_node(c, ind + 1, out);
}

}  // namespace

Program parse(Ctx& ctx, const std::vector<Token*>& toks) {
  Parser p(ctx, toks);
  p.program();
  return std::move(p.prog);
}

std::optional<int64_t> eval_const(Node* n) {
  std::string label;
  auto v = const_eval(n, &label, 0);
  if (!v || !label.empty()) return std::nullopt;
  return v;
}

std::optional<int64_t> eval_pp_expr(Ctx& ctx, const std::vector<Token*>& line, const Token* where) {
  std::vector<Token*> toks = line;
  Token eof = *where;
  eof.kind = TK::Eof;
  eof.text.clear();
  toks.push_back(ctx.new_token(eof));
  for (Token* t : toks)
    if (t->kind == TK::Str) {
      ctx.error(*t, "string literal in #if expression");
      return std::nullopt;
    }
  Parser p(ctx, toks);
  try {
    Node* n = p.conditional();
    if (p.tok()->kind != TK::Eof) p.fail(p.tok(), "missing binary operator before token " + p.desc(p.tok()));
    auto v = p.try_eval(n);
    if (!v) ctx.error(*where, "#if expression is not an integer constant expression");
    return v;
  } catch (const SyntaxError&) {
    return std::nullopt;
  }
}

std::string dump_ast(const Program& prog) {
  std::string out;
  for (const Obj* g : prog.globals) {
    if (g->is_function) {
      if (!g->is_definition) continue;
      out += "function " + g->name + " : " + type_name(g->ty) + "\n";
      dump_node(g->body, 1, out);
    } else {
      out += "global " + g->name + " : " + type_name(g->ty) + "\n";
    }
  }
  return out;
}

}  // namespace m3::cc

namespace m3::cc {
int64_t wrap_to(const Type* t, int64_t v) { return wrap(t, v); }
}  // namespace m3::cc
