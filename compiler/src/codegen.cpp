// -O0 code generation: the typed syntax tree to Thumb-2 assembly, as a stack machine (chibicc's
// codegen.c). Every variable lives in memory; each expression leaves its value in r0, and binary
// operators spill the right operand with push/pop. r7 is the frame pointer; locals sit below it,
// stack-passed arguments above the saved {r7, lr}.
//
// Calling convention: AAPCS (arguments in r0-r3, then the stack; result in r0; SP 8-byte aligned
// at calls). A function returns its value already converted to its return type.
#include <algorithm>
#include <cstdio>

#include "cc.hpp"
#include "m3lab/isa/check.hpp"

namespace m3::cc {

namespace {

int align_to(int n, int a) { return (n + a - 1) / a * a; }

struct Gen {
  Ctx& ctx;
  CompileResult& res;
  std::string out;
  int line = 1;  // line of `out` the next text goes on
  const Token* cur = nullptr;
  Obj* fn = nullptr;
  int depth = 0;  // words pushed by the expression evaluator

  void raw(const std::string& s) {
    out += s;
    out += '\n';
    ++line;
  }
  void emit(const std::string& ins) {
    if (cur) {
      LineMapEntry e;
      e.asm_line = line;
      e.file = ctx.files[cur->file].name;
      e.line = cur->line;
      e.column = cur->col;
      res.line_map.push_back(std::move(e));
    }
    raw("\t" + ins);
  }
  void label(const std::string& l) { raw(l + ":"); }
  std::string L(const char* kind, int id) { return ".L." + std::string(kind) + "." + std::to_string(id); }

  static std::string reg_name(int r) { return "r" + std::to_string(r); }

  // The prologue's register list: callee-saved registers in use, r7, lr; padded with r3 to an
  // even count so that SP stays 8-byte aligned.
  std::vector<int> pushed_regs(const Obj* f) {
    std::vector<int> regs = f->saved_regs;
    regs.push_back(7);
    if ((regs.size() + 1) % 2) regs.insert(regs.begin(), 3);
    std::sort(regs.begin(), regs.end());
    return regs;
  }
  std::string reg_list(const std::vector<int>& regs, const char* last) {
    std::string s = "{";
    for (int r : regs) s += reg_name(r) + ", ";
    return s + last + "}";
  }

  void push() {
    emit("push {r0}");
    ++depth;
  }
  void pop(const char* reg) {
    emit(std::string("pop {") + reg + "}");
    --depth;
  }

  void load_imm(const char* reg, int64_t v) {
    uint32_t u = static_cast<uint32_t>(v);
    char buf[64];
    std::snprintf(buf, sizeof buf, "movw %s, #%u", reg, u & 0xffff);
    emit(buf);
    if (u >> 16) {
      std::snprintf(buf, sizeof buf, "movt %s, #%u", reg, u >> 16);
      emit(buf);
    }
  }
  void load_addr(const char* reg, const std::string& sym) {
    emit(std::string("movw ") + reg + ", #:lower16:" + sym);
    emit(std::string("movt ") + reg + ", #:upper16:" + sym);
  }
  // reg = r7 - off (off > 0: a local) or r7 + -off (a stack-passed parameter).
  void frame_addr(const char* reg, int off) {
    if (off < 0) {
      emit(std::string("add ") + reg + ", r7, #" + std::to_string(-off));
    } else if (off < 4096) {
      emit(std::string("subw ") + reg + ", r7, #" + std::to_string(off));
    } else {
      load_imm(reg, off);
      emit(std::string("sub ") + reg + ", r7, " + reg);
    }
  }

  // r0 = the address of an lvalue.
  void gen_addr(Node* n) {
    const Token* saved = cur;
    cur = n->tok;
    switch (n->kind) {
      case NK::Var:
        if (n->var->is_local) frame_addr("r0", n->var->offset);
        else load_addr("r0", n->var->asm_name);
        break;
      case NK::Str: load_addr("r0", n->label); break;
      case NK::Deref: gen_expr(n->lhs); break;
      default: M3_UNREACHABLE("gen_addr: not an lvalue (the parser checks lvalues)");
    }
    cur = saved;
  }

  // r0 = *r0, per the type (arrays stay addresses: they decay).
  void load(const Type* ty) {
    if (ty->kind == TyKind::Array || ty->kind == TyKind::Func) return;
    if (ty->size == 1) emit(ty->is_unsigned ? "ldrb r0, [r0]" : "ldrsb r0, [r0]");
    else if (ty->size == 2) emit(ty->is_unsigned ? "ldrh r0, [r0]" : "ldrsh r0, [r0]");
    else emit("ldr r0, [r0]");
  }
  // *r1 = r0
  void store(const Type* ty) {
    if (ty->size == 1) emit("strb r0, [r1]");
    else if (ty->size == 2) emit("strh r0, [r1]");
    else emit("str r0, [r1]");
  }

  // Converts r0 from one type to another (C11 6.3.1.3: to a narrower type, modulo 2^N).
  void cast(const Type* from, const Type* to) {
    if (to->kind == TyKind::Void || to->size >= 4) return;
    if (is_integer(from) && from->size < to->size && (from->is_unsigned || !to->is_unsigned)) return;
    if (is_integer(from) && from->size == to->size && from->is_unsigned == to->is_unsigned) return;
    if (to->size == 1) emit(to->is_unsigned ? "uxtb r0, r0" : "sxtb r0, r0");
    else emit(to->is_unsigned ? "uxth r0, r0" : "sxth r0, r0");
  }

  void set_cond(const char* yes, const char* no) {
    emit(std::string("ite ") + yes);
    emit(std::string("mov") + yes + " r0, #1");
    emit(std::string("mov") + no + " r0, #0");
  }

  // Branches to `target` if the condition is false.
  void branch_if_false(Node* cond, const std::string& target) {
    const Token* saved = cur;
    cur = cond->tok;
    gen_expr(cond);
    emit("cmp r0, #0");
    emit("beq " + target);
    cur = saved;
  }

  void gen_call(Node* n) {
    int nargs = static_cast<int>(n->body.size());
    int nstack = nargs > 4 ? nargs - 4 : 0;
    // Keep SP 8-byte aligned at the call (AAPCS 5.2.1.2).
    bool pad = (depth + nstack) % 2 != 0;
    if (pad) {
      emit("sub sp, sp, #4");
      ++depth;
    }
    for (int i = nargs; i-- > 0;) {
      gen_expr(n->body[i]);
      push();
    }
    static const char* const regs[] = {"r0", "r1", "r2", "r3"};
    for (int i = 0; i < nargs && i < 4; ++i) pop(regs[i]);
    emit("bl " + n->var->asm_name);
    int words = nstack + (pad ? 1 : 0);
    if (words) emit("add sp, sp, #" + std::to_string(4 * words));
    depth -= words;
  }

  void gen_expr(Node* n) {
    const Token* saved = cur;
    cur = n->tok;
    gen_expr1(n);
    cur = saved;
  }

  void gen_expr1(Node* n) {
    switch (n->kind) {
      case NK::Num: load_imm("r0", n->val); return;
      case NK::Var:
        if (n->var->reg >= 0) {
          emit("mov r0, " + reg_name(n->var->reg));
          return;
        }
        gen_addr(n);
        load(n->ty);
        return;
      case NK::Deref:
        gen_addr(n);
        load(n->ty);
        return;
      case NK::Str: gen_addr(n); return;
      case NK::Addr: gen_addr(n->lhs); return;
      case NK::Assign:
        if (n->lhs->kind == NK::Var && n->lhs->var->reg >= 0) {
          gen_expr(n->rhs);  // already converted to the variable's type
          emit("mov " + reg_name(n->lhs->var->reg) + ", r0");
          return;
        }
        gen_addr(n->lhs);
        push();
        gen_expr(n->rhs);
        pop("r1");
        store(n->lhs->ty);
        return;
      case NK::Comma:
        gen_expr(n->lhs);
        gen_expr(n->rhs);
        return;
      case NK::Cast:
        gen_expr(n->lhs);
        cast(n->lhs->ty, n->ty);
        return;
      case NK::MemZero: {
        int id = ctx.new_label();
        frame_addr("r0", n->var->offset);
        load_imm("r2", n->var->ty->size);
        emit("movs r1, #0");
        label(L("zero", id));
        emit("strb r1, [r0], #1");
        emit("subs r2, r2, #1");
        emit("bne " + L("zero", id));
        return;
      }
      case NK::Cond: {
        int id = ctx.new_label();
        branch_if_false(n->cond, L("else", id));
        gen_expr(n->then);
        emit("b " + L("end", id));
        label(L("else", id));
        gen_expr(n->els);
        label(L("end", id));
        return;
      }
      case NK::Not:
        gen_expr(n->lhs);
        emit("cmp r0, #0");
        set_cond("eq", "ne");
        return;
      case NK::Neg:
        gen_expr(n->lhs);
        emit("rsb r0, r0, #0");
        return;
      case NK::BitNot:
        gen_expr(n->lhs);
        emit("mvn r0, r0");
        return;
      case NK::LogAnd:
      case NK::LogOr: {
        int id = ctx.new_label();
        bool is_and = n->kind == NK::LogAnd;
        gen_expr(n->lhs);
        emit("cmp r0, #0");
        emit(std::string(is_and ? "beq " : "bne ") + L("short", id));
        gen_expr(n->rhs);
        emit("cmp r0, #0");
        emit(std::string(is_and ? "beq " : "bne ") + L("short", id));
        emit(is_and ? "movs r0, #1" : "movs r0, #0");
        emit("b " + L("end", id));
        label(L("short", id));
        emit(is_and ? "movs r0, #0" : "movs r0, #1");
        label(L("end", id));
        return;
      }
      case NK::Call: gen_call(n); return;
      default: break;
    }
    // Binary operators: right operand first, spilled; left in r0.
    gen_expr(n->rhs);
    push();
    gen_expr(n->lhs);
    pop("r1");
    bool uns = n->lhs->ty->is_unsigned;
    switch (n->kind) {
      case NK::Add: emit("add r0, r0, r1"); return;
      case NK::Sub: emit("sub r0, r0, r1"); return;
      case NK::Mul: emit("mul r0, r0, r1"); return;
      // SDIV/UDIV (A7.7.127, A7.7.195): division by zero gives 0 unless CCR.DIV_0_TRP is set.
      case NK::Div: emit(uns ? "udiv r0, r0, r1" : "sdiv r0, r0, r1"); return;
      case NK::Mod:
        emit(uns ? "udiv r2, r0, r1" : "sdiv r2, r0, r1");
        emit("mls r0, r2, r1, r0");
        return;
      case NK::BitAnd: emit("and r0, r0, r1"); return;
      case NK::BitOr: emit("orr r0, r0, r1"); return;
      case NK::BitXor: emit("eor r0, r0, r1"); return;
      case NK::Shl: emit("lsl r0, r0, r1"); return;
      case NK::Shr: emit(uns ? "lsr r0, r0, r1" : "asr r0, r0, r1"); return;
      case NK::Eq: emit("cmp r0, r1"); set_cond("eq", "ne"); return;
      case NK::Ne: emit("cmp r0, r1"); set_cond("ne", "eq"); return;
      case NK::Lt: emit("cmp r0, r1"); uns ? set_cond("lo", "hs") : set_cond("lt", "ge"); return;
      case NK::Le: emit("cmp r0, r1"); uns ? set_cond("ls", "hi") : set_cond("le", "gt"); return;
      default: M3_UNREACHABLE("gen_expr: unknown expression node");
    }
  }

  void gen_stmt(Node* n) {
    const Token* saved = cur;
    cur = n->tok;
    gen_stmt1(n);
    cur = saved;
  }

  void gen_stmt1(Node* n) {
    switch (n->kind) {
      case NK::Return:
        if (n->lhs) gen_expr(n->lhs);
        emit("b .L.return." + fn->asm_name);
        return;
      case NK::If: {
        int id = ctx.new_label();
        branch_if_false(n->cond, L("else", id));
        gen_stmt(n->then);
        emit("b " + L("end", id));
        label(L("else", id));
        if (n->els) gen_stmt(n->els);
        label(L("end", id));
        return;
      }
      case NK::For:
        if (n->init) gen_stmt(n->init);
        label(L("begin", n->id));
        if (n->cond) branch_if_false(n->cond, L("break", n->id));
        gen_stmt(n->then);
        label(L("continue", n->id));
        if (n->inc) gen_expr(n->inc);
        emit("b " + L("begin", n->id));
        label(L("break", n->id));
        return;
      case NK::Do:
        label(L("begin", n->id));
        gen_stmt(n->then);
        label(L("continue", n->id));
        gen_expr(n->cond);
        emit("cmp r0, #0");
        emit("bne " + L("begin", n->id));
        label(L("break", n->id));
        return;
      case NK::Switch:
        gen_expr(n->cond);
        for (Node* c : n->cases) {
          load_imm("r1", c->val);
          emit("cmp r0, r1");
          emit("beq " + L("case", c->id));
        }
        emit("b " + (n->default_case ? L("case", n->default_case->id) : L("break", n->id)));
        gen_stmt(n->then);
        label(L("break", n->id));
        return;
      case NK::Case:
        label(L("case", n->id));
        gen_stmt(n->lhs);
        return;
      case NK::Block:
        for (Node* s : n->body) gen_stmt(s);
        return;
      case NK::ExprStmt: gen_expr(n->lhs); return;
      case NK::Break: emit("b " + L("break", n->id)); return;
      case NK::Continue: emit("b " + L("continue", n->id)); return;
      case NK::Null: return;
      default: M3_UNREACHABLE("gen_stmt: unknown statement node");
    }
  }

  void assign_offsets(Obj* f) {
    int off = 0;
    int saved = 4 * static_cast<int>(pushed_regs(f).size() + 1);
    for (size_t i = 0; i < f->params.size(); ++i) {
      if (i >= 4) f->params[i]->offset = -(saved + 4 * static_cast<int>(i - 4));
    }
    for (Obj* v : f->locals) {
      bool stack_param = false;
      for (size_t i = 4; i < f->params.size(); ++i)
        if (f->params[i] == v) stack_param = true;
      if (stack_param || v->reg >= 0) continue;
      off += v->ty->size;
      off = align_to(off, v->ty->align);
      v->offset = off;
    }
    f->stack_size = align_to(off, 8);
  }

  void gen_function(Obj* f) {
    fn = f;
    depth = 0;
    assign_offsets(f);
    cur = nullptr;
    raw("");
    raw("\t.text");
    raw("\t.align 1");
    if (!f->is_static) raw("\t.global " + f->asm_name);
    raw("\t.thumb_func");
    raw("\t.type " + f->asm_name + ", %function");
    label(f->asm_name);
    cur = f->tok;
    std::vector<int> regs = pushed_regs(f);
    emit("push " + reg_list(regs, "lr"));
    emit("mov r7, sp");
    if (f->stack_size > 0) {
      if (f->stack_size < 4096) {
        emit("sub sp, sp, #" + std::to_string(f->stack_size));
      } else {
        load_imm("r12", f->stack_size);
        emit("sub sp, sp, r12");
      }
    }
    static const char* const arg_regs[] = {"r0", "r1", "r2", "r3"};
    for (size_t i = 0; i < f->params.size(); ++i) {
      Obj* p = f->params[i];
      if (p->reg >= 0) {
        if (i < 4) emit("mov " + reg_name(p->reg) + ", " + arg_regs[i]);
        else emit("ldr " + reg_name(p->reg) + ", [r7, #" + std::to_string(-p->offset) + "]");
        continue;
      }
      if (i >= 4) continue;
      frame_addr("r12", p->offset);
      const char* op = p->ty->size == 1 ? "strb" : p->ty->size == 2 ? "strh" : "str";
      emit(std::string(op) + " " + arg_regs[i] + ", [r12]");
    }
    gen_stmt(f->body);
    // Reaching the closing brace returns 0 (C11 5.1.2.2.3 for main; harmless elsewhere).
    emit("movs r0, #0");
    label(".L.return." + f->asm_name);
    emit("mov sp, r7");
    emit("pop " + reg_list(regs, "pc"));
    raw("\t.size " + f->asm_name + ", .-" + f->asm_name);
    cur = nullptr;
  }

  void gen_data(const Program& prog) {
    for (Obj* v : prog.globals) {
      if (v->is_function || !v->is_definition) continue;
      bool is_local_label = v->asm_name.rfind(".L", 0) == 0;
      raw("");
      if (v->has_init) raw(v->ty->is_const || (v->ty->kind == TyKind::Array && v->ty->base->is_const) ? "\t.section .rodata" : "\t.data");
      else raw("\t.bss");
      raw("\t.align " + std::to_string(v->ty->align >= 4 ? 2 : v->ty->align == 2 ? 1 : 0));
      if (!v->is_static && !is_local_label) raw("\t.global " + v->asm_name);
      if (!is_local_label) {
        raw("\t.type " + v->asm_name + ", %object");
        raw("\t.size " + v->asm_name + ", " + std::to_string(v->ty->size));
      }
      label(v->asm_name);
      if (!v->has_init) {
        raw("\t.space " + std::to_string(std::max(v->ty->size, 1)));
        continue;
      }
      size_t r = 0;
      int i = 0;
      int size = static_cast<int>(v->init_data.size());
      while (i < size) {
        if (r < v->relocs.size() && v->relocs[r].offset == i) {
          const Reloc& rel = v->relocs[r++];
          raw("\t.word " + rel.label + (rel.addend ? (rel.addend > 0 ? "+" : "") + std::to_string(rel.addend) : ""));
          i += 4;
          continue;
        }
        int end = r < v->relocs.size() ? v->relocs[r].offset : size;
        end = std::min(end, i + 16);
        std::string line = "\t.byte ";
        for (int k = i; k < end; ++k) line += (k > i ? "," : "") + std::to_string(v->init_data[k]);
        raw(line);
        i = end;
      }
    }
    if (!ctx.strings.empty()) {
      raw("");
      raw("\t.section .rodata");
      for (const auto& [lab, bytes] : ctx.strings) {
        label(lab);
        for (size_t i = 0; i < bytes.size(); i += 16) {
          std::string line = "\t.byte ";
          for (size_t k = i; k < bytes.size() && k < i + 16; ++k)
            line += (k > i ? "," : "") + std::to_string(static_cast<unsigned char>(bytes[k]));
          raw(line);
        }
      }
    }
  }
};

}  // namespace

void codegen(Ctx& ctx, const Program& prog, CompileResult& res, bool functions) {
  Gen g{ctx, res, {}, 1};
  // Continue the line numbering of whatever is already in res.assembly.
  for (char c : res.assembly)
    if (c == '\n') ++g.line;
  for (Obj* f : prog.globals)
    if (functions && f->is_function && f->is_definition) g.gen_function(f);
  g.gen_data(prog);
  res.assembly += g.out;
}

}  // namespace m3::cc
