// Types of the language (docs/language.md): char is unsigned, as on ARM; int, pointers and size_t
// are 32 bits.
#include "cc.hpp"

namespace m3::cc {

namespace {
Type* make(Ctx& ctx, TyKind k, int size, bool uns) {
  Type t;
  t.kind = k;
  t.size = size;
  t.align = size < 1 ? 1 : size;
  t.is_unsigned = uns;
  return ctx.new_type(t);
}
}  // namespace

Types::Types(Ctx& ctx)
    : void_(make(ctx, TyKind::Void, 1, false)),
      char_(make(ctx, TyKind::Char, 1, true)),
      schar(make(ctx, TyKind::Char, 1, false)),
      uchar(make(ctx, TyKind::Char, 1, true)),
      short_(make(ctx, TyKind::Short, 2, false)),
      ushort(make(ctx, TyKind::Short, 2, true)),
      int_(make(ctx, TyKind::Int, 4, false)),
      uint(make(ctx, TyKind::Int, 4, true)) {}

bool is_integer(const Type* t) { return t->kind == TyKind::Char || t->kind == TyKind::Short || t->kind == TyKind::Int; }
bool is_pointer_like(const Type* t) { return t->kind == TyKind::Ptr || t->kind == TyKind::Array; }

Type* pointer_to(Ctx& ctx, Type* base) {
  Type t;
  t.kind = TyKind::Ptr;
  t.size = t.align = 4;
  t.is_unsigned = true;
  t.base = base;
  return ctx.new_type(t);
}

Type* array_of(Ctx& ctx, Type* base, int len) {
  Type t;
  t.kind = TyKind::Array;
  t.size = len < 0 ? 0 : base->size * len;
  t.align = base->align;
  t.base = base;
  t.array_len = len;
  return ctx.new_type(t);
}

Type* func_type(Ctx& ctx, Type* ret) {
  Type t;
  t.kind = TyKind::Func;
  t.size = t.align = 1;
  t.ret = ret;
  return ctx.new_type(t);
}

Type* with_const(Ctx& ctx, Type* t, bool c) {
  if (t->is_const == c) return t;
  Type n = *t;
  n.is_const = c;
  return ctx.new_type(n);
}

std::string type_name(const Type* t) {
  std::string q = t->is_const ? "const " : "";
  switch (t->kind) {
    case TyKind::Void: return q + "void";
    case TyKind::Char: return q + (t->is_unsigned ? "char" : "signed char");
    case TyKind::Short: return q + (t->is_unsigned ? "unsigned short" : "short");
    case TyKind::Int: return q + (t->is_enum ? "enum" : t->is_unsigned ? "unsigned int" : "int");
    case TyKind::Ptr: return type_name(t->base) + " *" + (t->is_const ? "const" : "");
    case TyKind::Array: return type_name(t->base) + "[" + (t->array_len < 0 ? "" : std::to_string(t->array_len)) + "]";
    case TyKind::Func: {
      std::string s = type_name(t->ret) + " (";
      for (size_t i = 0; i < t->params.size(); ++i) s += (i ? ", " : "") + type_name(t->params[i]);
      return s + ")";
    }
  }
  return "?";
}

}  // namespace m3::cc
