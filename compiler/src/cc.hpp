// Internal data structures of the compiler, shared by its phases (chibicc's chibicc.h, without
// the global state: everything lives in a Ctx that compile() creates and destroys).
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "m3lab/compiler/compiler.hpp"
#include "m3lab/isa/diag.hpp"

namespace m3::cc {

// A fatal condition (too many errors, nesting too deep): unwinds to compile(), which returns the
// diagnostics collected so far. Never escapes the library.
struct Fatal {};

struct SourceFile {
  std::string name;
  std::string text;
  std::vector<size_t> line_starts;
  std::string line_text(int line) const;
};

enum class TK { Ident, Punct, Keyword, Num, Str, Char, Eof };

struct Token {
  TK kind = TK::Eof;
  std::string text;      // spelling as written
  int64_t val = 0;       // Num, Char
  bool is_unsigned = false;  // Num: suffix u or does not fit in int
  std::string str;       // Str: decoded bytes, without the terminating NUL
  int file = 0, line = 0, col = 0;
  bool bol = false;      // first token of a line
  bool space = false;    // preceded by white space
  std::shared_ptr<const std::set<std::string>> hideset;  // macros not to expand again here
  bool is(const char* s) const { return (kind == TK::Punct || kind == TK::Keyword || kind == TK::Ident) && text == s; }
};

enum class TyKind { Void, Char, Short, Int, Ptr, Array, Func };

struct Type {
  TyKind kind = TyKind::Int;
  int size = 4;
  int align = 4;
  bool is_unsigned = false;
  bool is_const = false;
  Type* base = nullptr;   // Ptr, Array: element type
  int array_len = -1;     // Array: -1 while incomplete
  Type* ret = nullptr;    // Func
  std::vector<Type*> params;
  bool is_enum = false;
  const Token* name = nullptr;  // declarator name
};

struct Node;
struct Obj;

struct Reloc {
  int offset;
  std::string label;
  int64_t addend;
};

struct Obj {
  std::string name;
  std::string asm_name;
  Type* ty = nullptr;
  const Token* tok = nullptr;
  bool is_local = false;
  bool is_static = false;
  bool is_function = false;
  bool is_definition = false;
  bool is_enum_const = false;
  int64_t enum_val = 0;
  int offset = 0;  // locals: bytes below the frame pointer
  int reg = -1;    // a register holding this local in the -O0 generator: always -1 (in memory)
  // globals
  std::vector<uint8_t> init_data;
  bool has_init = false;
  std::vector<Reloc> relocs;
  // functions
  std::vector<Obj*> params;
  std::vector<Obj*> locals;
  Node* body = nullptr;
  int stack_size = 0;
  std::vector<int> saved_regs;  // -O0 generator: callee-saved registers to save (none)
};

enum class NK {
  Num, Var, Str, Add, Sub, Mul, Div, Mod, BitAnd, BitOr, BitXor, Shl, Shr, Eq, Ne, Lt, Le,
  Neg, Not, BitNot, LogAnd, LogOr, Assign, Cond, Comma, Addr, Deref, Cast, Call, MemZero,
  Return, If, For, Do, Switch, Case, Block, ExprStmt, Break, Continue, Null,
};

struct Node {
  NK kind = NK::Null;
  Type* ty = nullptr;
  const Token* tok = nullptr;
  Node* lhs = nullptr;
  Node* rhs = nullptr;
  Node* cond = nullptr;
  Node* then = nullptr;
  Node* els = nullptr;
  Node* init = nullptr;
  Node* inc = nullptr;
  std::vector<Node*> body;  // Block, Call arguments
  Obj* var = nullptr;       // Var, Call (callee), MemZero
  int64_t val = 0;          // Num, Case
  std::string label;        // Str: its .rodata label
  // Switch
  std::vector<Node*> cases;
  Node* default_case = nullptr;
  int id = 0;  // labels of Case / loops
  bool is_init = false;  // Assign: the initialiser of a local scalar
  int height = 1;        // binary operators: height of the tree (bounds every recursive walk)
};

struct Ctx {
  Ctx(const CompileOptions& o, Diagnostics& d) : opt(o), diags(d) {}
  const CompileOptions& opt;
  Diagnostics& diags;
  std::vector<SourceFile> files;
  std::deque<Token> tokens;  // owns every token; pointers into it stay valid
  std::deque<Type> types;
  std::deque<Node> nodes;
  std::deque<Obj> objs;
  std::vector<std::pair<std::string, std::string>> strings;  // label, bytes (with NUL)
  int label_count = 0;
  std::string string_prefix = ".LC";  // labels of string literals
  int errors = 0;

  static constexpr int kMaxErrors = 50;
  static constexpr int kMaxDepth = 256;

  void error(const Token& t, const std::string& msg);
  void warning(const Token& t, const std::string& msg);
  void error_at(int file, int line, int col, const std::string& msg);

  Token* new_token(const Token& t) {
    tokens.push_back(t);
    return &tokens.back();
  }
  Type* new_type(const Type& t) {
    types.push_back(t);
    return &types.back();
  }
  Node* new_node(NK k, const Token* tok) {
    nodes.push_back(Node{});
    nodes.back().kind = k;
    nodes.back().tok = tok;
    return &nodes.back();
  }
  Obj* new_obj() {
    objs.push_back(Obj{});
    return &objs.back();
  }
  int new_label() { return ++label_count; }
};

// lex.cpp
std::vector<Token*> tokenize(Ctx& ctx, int file);
int add_file(Ctx& ctx, const std::string& name, std::string text);
std::string quote_c_string(const std::string& bytes);

// preprocess.cpp
std::vector<Token*> preprocess(Ctx& ctx, std::vector<Token*> toks);

// type.cpp
struct Types {
  Type* void_;
  Type* char_;   // unsigned, as on ARM
  Type* schar;
  Type* uchar;
  Type* short_;
  Type* ushort;
  Type* int_;
  Type* uint;
  explicit Types(Ctx& ctx);
};
bool is_integer(const Type* t);
bool is_pointer_like(const Type* t);  // pointer or array
Type* pointer_to(Ctx& ctx, Type* base);
Type* array_of(Ctx& ctx, Type* base, int len);
Type* func_type(Ctx& ctx, Type* ret);
Type* with_const(Ctx& ctx, Type* t, bool c);
std::string type_name(const Type* t);

// parse.cpp
struct Program {
  std::vector<Obj*> globals;  // functions and variables, in definition order
};
Program parse(Ctx& ctx, const std::vector<Token*>& toks);
// Evaluates an integer constant expression made of tokens (for #if).
std::optional<int64_t> eval_pp_expr(Ctx& ctx, const std::vector<Token*>& toks, const Token* where);
std::string dump_ast(const Program& prog);
// The value of an integer constant expression (no address constants), with C's 32-bit semantics.
std::optional<int64_t> eval_const(Node* n);
int64_t wrap_to(const Type* t, int64_t v);

// opt.cpp: the tree passes of -O1/-O2, each a function from program to program (docs/language.md).
void pass_fold(Ctx& ctx, Program& prog);      // constant folding
void pass_dce(Ctx& ctx, Program& prog);       // dead-code elimination
void pass_constprop(Ctx& ctx, Program& prog); // constant propagation of locals assigned once

// codegen.cpp
// -O0 code for every function (functions = false: only the data, for -O1/-O2 whose functions
// come from the IR back end, ir_codegen.cpp).
void codegen(Ctx& ctx, const Program& prog, CompileResult& out, bool functions = true);

// runtime.cpp
extern const char* const kRuntimeC;    // <m3lab.h> functions written in our C subset
extern const char* const kStartupAsm;  // vector table and reset handler
std::optional<std::string> builtin_header(const std::string& name);

}  // namespace m3::cc
