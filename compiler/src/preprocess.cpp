// Preprocessor (C11 6.10), the subset of docs/language.md: #include (built-in <stdint.h>,
// <stddef.h>, <m3lab.h>; "file.h" relative to the including file), object- and function-like
// #define with # and ##, #undef, #if/#ifdef/#ifndef/#elif/#else/#endif with defined, #error,
// #pragma (ignored unless "m3lab"). Macro expansion uses hidesets (Prosser's algorithm, as chibicc
// does), so it terminates on recursive macros.
#include <fstream>
#include <sstream>

#include "cc.hpp"

namespace m3::cc {

namespace {

constexpr size_t kMaxTokens = 2'000'000;  // guards against exponential macro blow-up
constexpr int kMaxIncludeDepth = 64;
constexpr int kMaxArgDepth = 200;

struct Macro {
  bool function_like = false;
  std::vector<std::string> params;
  std::vector<Token*> body;
};

struct Cond {
  const Token* tok;
  bool taken;       // some branch of this #if was (or is being) included
  bool in_else;
  bool active;      // the current branch is included
};

struct Preprocessor {
  Ctx& ctx;
  std::map<std::string, Macro> macros;
  std::vector<Cond> conds;
  std::set<std::string> pragma_once;
  size_t produced = 0;

  // The input is a stack: back() is the next token.
  std::vector<Token*> in;
  int include_depth = 0;
  int arg_depth = 0;  // nesting of macro-argument expansions

  Token* next() {
    Token* t = in.back();
    if (t->kind != TK::Eof) in.pop_back();
    return t;
  }
  Token* peek() { return in.back(); }
  void push_front(const std::vector<Token*>& toks) {
    for (size_t i = toks.size(); i-- > 0;) in.push_back(toks[i]);
  }

  bool skipping() const {
    for (const Cond& c : conds)
      if (!c.active) return true;
    return false;
  }

  // The rest of the directive's line.
  std::vector<Token*> read_line() {
    std::vector<Token*> v;
    while (peek()->kind != TK::Eof && !peek()->bol) v.push_back(next());
    return v;
  }

  Token* copy_at(const Token* src, const Token* where, std::shared_ptr<const std::set<std::string>> hs) {
    Token t = *src;
    t.file = where->file;
    t.line = where->line;
    t.col = where->col;
    t.bol = false;
    t.hideset = std::move(hs);
    return ctx.new_token(t);
  }

  static std::shared_ptr<const std::set<std::string>> add_hide(const Token* t, const std::string& name) {
    auto s = t->hideset ? std::make_shared<std::set<std::string>>(*t->hideset) : std::make_shared<std::set<std::string>>();
    s->insert(name);
    return s;
  }

  // Relexes `text` (for ## and for numbers made by stringizing) at `where`.
  std::vector<Token*> relex(const std::string& text, const Token* where) {
    int f = add_file(ctx, ctx.files[where->file].name, text);
    std::vector<Token*> toks = tokenize(ctx, f);
    toks.pop_back();  // Eof
    for (Token* t : toks) {
      t->file = where->file;
      t->line = where->line;
      t->col = where->col;
      t->bol = false;
    }
    return toks;
  }

  // Tries to expand the macro named by t (already taken from the input). Returns false if t is not
  // a macro invocation here.
  bool expand(Token* t) {
    if (t->kind != TK::Ident && t->kind != TK::Keyword) return false;
    auto it = macros.find(t->text);
    if (it == macros.end()) return false;
    if (t->hideset && t->hideset->count(t->text)) return false;
    const Macro& m = it->second;
    if (!m.function_like) {
      auto hs = add_hide(t, t->text);
      std::vector<Token*> out;
      for (Token* b : m.body) out.push_back(copy_at(b, t, hs));
      push_front(out);
      return true;
    }
    if (!peek()->is("(") || peek()->kind == TK::Str) return false;
    next();  // (
    std::vector<std::vector<Token*>> args(1);
    int depth = 0;
    for (;;) {
      Token* a = peek();
      if (a->kind == TK::Eof) {
        ctx.error(*t, "unterminated argument list invoking macro \"" + t->text + "\"");
        return true;
      }
      next();
      if (a->kind == TK::Punct && a->text == "(") ++depth;
      if (a->kind == TK::Punct && a->text == ")") {
        if (depth == 0) break;
        --depth;
      }
      if (a->kind == TK::Punct && a->text == "," && depth == 0) {
        args.emplace_back();
        continue;
      }
      args.back().push_back(a);
    }
    if (m.params.empty() && args.size() == 1 && args[0].empty()) args.clear();
    if (args.size() != m.params.size()) {
      ctx.error(*t, "macro \"" + t->text + "\" passed " + std::to_string(args.size()) + " arguments, but takes " +
                        std::to_string(m.params.size()));
      return true;
    }
    auto hs = add_hide(t, t->text);
    auto param_index = [&](const Token* b) -> int {
      if (b->kind != TK::Ident && b->kind != TK::Keyword) return -1;
      for (size_t i = 0; i < m.params.size(); ++i)
        if (m.params[i] == b->text) return static_cast<int>(i);
      return -1;
    };
    std::vector<Token*> out;
    const auto& body = m.body;
    for (size_t i = 0; i < body.size(); ++i) {
      Token* b = body[i];
      if (b->is("#") && b->kind == TK::Punct && i + 1 < body.size() && param_index(body[i + 1]) >= 0) {
        std::string s;
        for (Token* a : args[param_index(body[i + 1])]) {
          if (!s.empty() && a->space) s += ' ';
          s += a->text;
        }
        Token st = *b;
        st.kind = TK::Str;
        st.str = s;
        st.text = quote_c_string(s);
        out.push_back(copy_at(ctx.new_token(st), t, hs));
        ++i;
        continue;
      }
      bool next_is_paste = i + 1 < body.size() && body[i + 1]->is("##");
      bool prev_is_paste = i > 0 && body[i - 1]->is("##");
      if (b->is("##") && b->kind == TK::Punct) {
        if (out.empty() || i + 1 >= body.size()) {
          ctx.error(*b, "'##' cannot appear at either end of a macro expansion");
          continue;
        }
        Token* rhs = body[++i];
        std::vector<Token*> r;
        int pi = param_index(rhs);
        if (pi >= 0) r = args[pi];
        else r.push_back(rhs);
        if (r.empty()) continue;
        Token* lhs = out.back();
        out.pop_back();
        std::vector<Token*> pasted = relex(lhs->text + r[0]->text, t);
        if (pasted.size() != 1) ctx.error(*t, "pasting \"" + lhs->text + "\" and \"" + r[0]->text + "\" does not give a valid preprocessing token");
        for (Token* p : pasted) out.push_back(copy_at(p, t, hs));
        for (size_t k = 1; k < r.size(); ++k) out.push_back(copy_at(r[k], t, hs));
        continue;
      }
      int pi = param_index(b);
      if (pi >= 0) {
        std::vector<Token*> a = (next_is_paste || prev_is_paste) ? args[pi] : expand_all(args[pi]);
        for (Token* x : a) out.push_back(copy_at(x, t, hs));
        continue;
      }
      out.push_back(copy_at(b, t, hs));
    }
    push_front(out);
    return true;
  }

  // Fully macro-expands a token list (an argument, or an #if line).
  std::vector<Token*> expand_all(const std::vector<Token*>& toks) {
    struct Depth {
      int& d;
      explicit Depth(int& x) : d(++x) {}
      ~Depth() { --d; }
    } guard(arg_depth);
    if (arg_depth > kMaxArgDepth) {
      ctx.error(toks.empty() ? *peek() : *toks.front(), "macro arguments nested too deeply");
      throw Fatal{};
    }
    std::vector<Token*> saved;
    saved.swap(in);
    Token eof;
    eof.kind = TK::Eof;
    in.push_back(ctx.new_token(eof));
    push_front(toks);
    std::vector<Token*> out;
    while (peek()->kind != TK::Eof) {
      Token* t = next();
      if (++produced > kMaxTokens) {
        ctx.error(*t, "macro expansion is too large");
        throw Fatal{};
      }
      if (expand(t)) continue;
      out.push_back(t);
    }
    in.swap(saved);
    return out;
  }

  std::optional<std::string> read_source(const std::string& path) {
    if (ctx.opt.read_file) return ctx.opt.read_file(path);
    std::ifstream f(path, std::ios::binary);
    if (!f) return std::nullopt;
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
  }

  void include(Token* hash, const std::vector<Token*>& line) {
    if (line.empty()) {
      ctx.error(*hash, "#include expects \"FILENAME\" or <FILENAME>");
      return;
    }
    std::string name;
    bool angled = false;
    if (line[0]->kind == TK::Str) {
      name = line[0]->str;
    } else if (line[0]->is("<")) {
      angled = true;
      size_t i = 1;
      for (; i < line.size() && !line[i]->is(">"); ++i) name += line[i]->text;
      if (i == line.size()) {
        ctx.error(*line[0], "missing terminating > character");
        return;
      }
    } else {
      ctx.error(*line[0], "#include expects \"FILENAME\" or <FILENAME>");
      return;
    }
    std::optional<std::string> text;
    std::string path = name;
    if (auto b = builtin_header(name)) {
      text = b;
      path = "<" + name + ">";
    } else if (!angled) {
      const std::string& cur = ctx.files[line[0]->file].name;
      size_t slash = cur.rfind('/');
      path = slash == std::string::npos ? name : cur.substr(0, slash + 1) + name;
      if (!name.empty() && name[0] == '/') path = name;
      text = read_source(path);
    }
    if (!text) {
      ctx.error(*line[0], angled ? "'" + name + "' is not a header of the language (only <stdint.h>, <stddef.h> and <m3lab.h> are built in)"
                                 : "cannot open include file '" + name + "'");
      return;
    }
    if (pragma_once.count(path)) return;
    if (include_depth >= kMaxIncludeDepth) {
      ctx.error(*line[0], "#include nested too deeply");
      throw Fatal{};
    }
    int f = add_file(ctx, path, *text);
    std::vector<Token*> toks = tokenize(ctx, f);
    toks.pop_back();
    // An end-of-include marker restores the depth count.
    Token mark;
    mark.kind = TK::Punct;
    mark.text = "#include-end";
    mark.bol = true;
    mark.file = f;
    toks.push_back(ctx.new_token(mark));
    ++include_depth;
    push_front(toks);
  }

  void define(Token* hash, const std::vector<Token*>& line) {
    if (line.empty() || (line[0]->kind != TK::Ident && line[0]->kind != TK::Keyword)) {
      ctx.error(line.empty() ? *hash : *line[0], "macro names must be identifiers");
      return;
    }
    Macro m;
    size_t i = 1;
    if (line.size() > 1 && line[1]->is("(") && !line[1]->space) {
      m.function_like = true;
      i = 2;
      if (i < line.size() && line[i]->is(")")) {
        ++i;
      } else {
        for (;;) {
          if (i >= line.size()) {
            ctx.error(*line[0], "missing ')' in macro parameter list");
            return;
          }
          if (line[i]->is("...")) {
            ctx.error(*line[i], "variadic macros are not supported");
            return;
          }
          if (line[i]->kind != TK::Ident) {
            ctx.error(*line[i], "expected parameter name, found \"" + line[i]->text + "\"");
            return;
          }
          m.params.push_back(line[i]->text);
          ++i;
          if (i < line.size() && line[i]->is(")")) {
            ++i;
            break;
          }
          if (i >= line.size() || !line[i]->is(",")) {
            ctx.error(i < line.size() ? *line[i] : *line[0], "expected ',' or ')' in macro parameter list");
            return;
          }
          ++i;
        }
      }
    }
    m.body.assign(line.begin() + static_cast<long>(i), line.end());
    macros[line[0]->text] = std::move(m);
  }

  // #if's expression: defined, then macros, then remaining identifiers are 0 (C11 6.10.1p4).
  bool eval_if(Token* hash, const std::vector<Token*>& line) {
    if (line.empty()) {
      ctx.error(*hash, "#if with no expression");
      return false;
    }
    std::vector<Token*> v;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i]->is("defined")) {
        size_t j = i + 1;
        bool paren = j < line.size() && line[j]->is("(");
        if (paren) ++j;
        if (j >= line.size() || (line[j]->kind != TK::Ident && line[j]->kind != TK::Keyword)) {
          ctx.error(*line[i], "operator \"defined\" requires an identifier");
          return false;
        }
        Token n = *line[i];
        n.kind = TK::Num;
        n.val = macros.count(line[j]->text) ? 1 : 0;
        n.text = std::to_string(n.val);
        if (paren) {
          ++j;
          if (j >= line.size() || !line[j]->is(")")) {
            ctx.error(*line[i], "missing ')' after \"defined\"");
            return false;
          }
        }
        v.push_back(ctx.new_token(n));
        i = j;
        continue;
      }
      v.push_back(line[i]);
    }
    v = expand_all(v);
    for (Token*& t : v) {
      if (t->kind == TK::Ident || t->kind == TK::Keyword) {
        Token n = *t;
        n.kind = TK::Num;
        n.val = 0;
        n.text = "0";
        t = ctx.new_token(n);
      }
    }
    auto r = eval_pp_expr(ctx, v, hash);
    return r && *r != 0;
  }

  void directive(Token* hash) {
    Token* d = peek();
    if (d->bol || d->kind == TK::Eof) return;  // null directive
    next();
    std::vector<Token*> line = read_line();
    const std::string& n = d->text;
    bool skip = skipping();
    if (n == "if" || n == "ifdef" || n == "ifndef") {
      bool v = false;
      if (!skip) {
        if (n == "if") {
          v = eval_if(hash, line);
        } else if (line.empty() || line[0]->kind == TK::Num || line[0]->kind == TK::Str || line[0]->kind == TK::Punct) {
          ctx.error(*d, "no macro name given in #" + n + " directive");
        } else {
          v = macros.count(line[0]->text) != 0;
          if (n == "ifndef") v = !v;
        }
      }
      conds.push_back({d, v, false, v});
      return;
    }
    if (n == "elif" || n == "else") {
      if (conds.empty()) {
        ctx.error(*d, "#" + n + " without #if");
        return;
      }
      Cond& c = conds.back();
      if (c.in_else) ctx.error(*d, "#" + n + " after #else");
      bool outer_skip = false;
      for (size_t i = 0; i + 1 < conds.size(); ++i)
        if (!conds[i].active) outer_skip = true;
      if (c.taken || outer_skip) {
        c.active = false;
      } else {
        c.active = n == "else" ? true : eval_if(hash, line);
        c.taken = c.active;
      }
      if (n == "else") c.in_else = true;
      return;
    }
    if (n == "endif") {
      if (conds.empty()) ctx.error(*d, "#endif without #if");
      else conds.pop_back();
      return;
    }
    if (skip) return;
    if (n == "include") {
      include(hash, line);
    } else if (n == "define") {
      define(hash, line);
    } else if (n == "undef") {
      if (line.empty()) ctx.error(*d, "no macro name given in #undef directive");
      else macros.erase(line[0]->text);
    } else if (n == "pragma") {
      if (!line.empty() && line[0]->text == "once") {
        pragma_once.insert(ctx.files[hash->file].name);
      } else if (!line.empty() && line[0]->text == "m3lab") {
        ctx.warning(*line[0], "unknown m3lab pragma" + (line.size() > 1 ? " '" + line[1]->text + "'" : std::string()));
      }
      // Other pragmas are ignored, as the language contract says.
    } else if (n == "error") {
      std::string msg;
      for (Token* t : line) msg += (msg.empty() ? "" : " ") + t->text;
      ctx.error(*d, "#error " + msg);
    } else if (n == "warning") {
      std::string msg;
      for (Token* t : line) msg += (msg.empty() ? "" : " ") + t->text;
      ctx.warning(*d, "#warning " + msg);
    } else if (n == "line") {
      // Accepted and ignored: diagnostics keep the real positions.
    } else {
      ctx.error(*d, "invalid preprocessing directive #" + n);
    }
  }

  std::vector<Token*> run(std::vector<Token*> toks) {
    push_front(toks);
    macros["__m3lab__"] = Macro{false, {}, relex("1", toks.back())};
    std::vector<Token*> out;
    for (;;) {
      Token* t = peek();
      if (t->kind == TK::Eof) break;
      next();
      if (t->kind == TK::Punct && t->text == "#include-end") {
        --include_depth;
        continue;
      }
      if (t->bol && t->kind == TK::Punct && t->text == "#" && !t->hideset) {
        directive(t);
        continue;
      }
      if (skipping()) continue;
      if (++produced > kMaxTokens) {
        ctx.error(*t, "macro expansion is too large");
        throw Fatal{};
      }
      if (expand(t)) continue;
      out.push_back(t);
    }
    for (const Cond& c : conds) ctx.error(*c.tok, "unterminated #" + std::string(c.tok->text == "else" ? "else" : "if"));
    // Adjacent string literals are one (C11 5.1.1.2 phase 6).
    std::vector<Token*> joined;
    for (Token* t : out) {
      if (t->kind == TK::Str && !joined.empty() && joined.back()->kind == TK::Str) {
        Token j = *joined.back();
        j.str += t->str;
        joined.back() = ctx.new_token(j);
        continue;
      }
      joined.push_back(t);
    }
    joined.push_back(peek());
    return joined;
  }
};

}  // namespace

std::vector<Token*> preprocess(Ctx& ctx, std::vector<Token*> toks) {
  Preprocessor pp{ctx, {}, {}, {}, 0, {}, 0, 0};
  return pp.run(std::move(toks));
}

}  // namespace m3::cc
