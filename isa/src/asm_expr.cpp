// Expression evaluation for the assembler: precedence climbing over GNU as's operator levels
// (as.info "Infix Operators"): * / % << >>, then | & ^ !, then + -, then comparisons (true is -1),
// then &&, then ||.
#include "asm_expr.hpp"

#include <cctype>

namespace m3::isa::asmx {

uint8_t decode_escape(std::string_view s, size_t& pos) {
  if (pos >= s.size()) return '\\';
  char c = s[pos++];
  switch (c) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    case 'a':
      return '\a';
    case 'b':
      return '\b';
    case 'f':
      return '\f';
    case 'v':
      return '\v';
    case 'e':
      return 0x1b;
    case 'x':
    case 'X': {
      unsigned v = 0;
      while (pos < s.size() && std::isxdigit(static_cast<unsigned char>(s[pos]))) {
        char h = s[pos++];
        v = v * 16 + static_cast<unsigned>(
                         std::isdigit(static_cast<unsigned char>(h)) ? h - '0' : std::tolower(h) - 'a' + 10);
      }
      return static_cast<uint8_t>(v);
    }
    default:
      if (c >= '0' && c <= '7') {
        unsigned v = static_cast<unsigned>(c - '0');
        for (int k = 0; k < 2 && pos < s.size() && s[pos] >= '0' && s[pos] <= '7'; ++k)
          v = v * 8 + static_cast<unsigned>(s[pos++] - '0');
        return static_cast<uint8_t>(v);
      }
      return static_cast<uint8_t>(c);  // \\ \" \' and anything else stand for themselves
  }
}

namespace {

constexpr int kMaxDepth = 100;

struct ExprParser {
  std::string_view s;
  const SymbolFn& sym;
  size_t pos = 0;
  std::string err;
  size_t err_pos = 0;
  int depth = 0;

  bool fail(std::string m, size_t at) {
    if (err.empty()) {
      err = std::move(m);
      err_pos = at;
    }
    return false;
  }
  void ws() {
    while (pos < s.size() && std::isspace(static_cast<unsigned char>(s[pos]))) ++pos;
  }
  bool peek(std::string_view op) {
    ws();
    return s.substr(pos, op.size()) == op;
  }

  // Binary operators at one precedence level; returns its length or 0.
  size_t binop(int level, std::string& op) {
    ws();
    auto is = [&](std::string_view t) {
      if (s.substr(pos, t.size()) == t) {
        op = std::string(t);
        return true;
      }
      return false;
    };
    switch (level) {
      case 1:
        return is("||") ? 2 : 0;
      case 2:
        return is("&&") ? 2 : 0;
      case 3:
        if (is("==") || is("!=") || is("<>") || is("<=") || is(">=")) return 2;
        if (s.substr(pos, 2) == "<<" || s.substr(pos, 2) == ">>") return 0;
        return (is("<") || is(">")) ? 1 : 0;
      case 4:
        return (is("+") || is("-")) ? 1 : 0;
      case 5:
        if (s.substr(pos, 2) == "||" || s.substr(pos, 2) == "&&" || s.substr(pos, 2) == "!=") return 0;
        return (is("|") || is("&") || is("^") || is("!")) ? 1 : 0;
      case 6:
        if (is("<<") || is(">>")) return 2;
        return (is("*") || is("/") || is("%")) ? 1 : 0;
      default:
        return 0;
    }
  }

  bool binary(int level, ExprValue& out) {
    if (level > 6) return unary(out);
    if (!binary(level + 1, out)) return false;
    for (;;) {
      std::string op;
      size_t n = binop(level, op);
      if (n == 0) return true;
      size_t at = pos;
      pos += n;
      ExprValue r;
      if (!binary(level + 1, r)) return false;
      if (!apply(op, out, r, at)) return false;
    }
  }

  bool apply(const std::string& op, ExprValue& a, const ExprValue& b, size_t at) {
    ExprValue res;
    res.is_const = a.is_const && b.is_const;
    uint64_t ua = static_cast<uint64_t>(a.v), ub = static_cast<uint64_t>(b.v);
    if (op == "+") {
      res.v = static_cast<int64_t>(ua + ub);
      res.thumb = a.thumb != b.thumb;
    } else if (op == "-") {
      res.v = static_cast<int64_t>(ua - ub);
      res.thumb = a.thumb && !b.thumb;
    } else if (op == "*") {
      res.v = static_cast<int64_t>(ua * ub);
    } else if (op == "/" || op == "%") {
      if (b.v == 0) return fail("division by zero", at);
      if (a.v == INT64_MIN && b.v == -1)
        res.v = op == "/" ? a.v : 0;
      else
        res.v = op == "/" ? a.v / b.v : a.v % b.v;
    } else if (op == "<<") {
      res.v = b.v < 0 || b.v > 63 ? 0 : static_cast<int64_t>(ua << b.v);
    } else if (op == ">>") {
      res.v = b.v < 0 || b.v > 63 ? 0 : static_cast<int64_t>(ua >> b.v);
    } else if (op == "|") {
      res.v = a.v | b.v;
    } else if (op == "&") {
      res.v = a.v & b.v;
    } else if (op == "^") {
      res.v = a.v ^ b.v;
    } else if (op == "!") {
      res.v = a.v | ~b.v;
    } else if (op == "&&") {
      res.v = (a.v && b.v) ? 1 : 0;
    } else if (op == "||") {
      res.v = (a.v || b.v) ? 1 : 0;
    } else {
      bool t = false;
      if (op == "==")
        t = a.v == b.v;
      else if (op == "!=" || op == "<>")
        t = a.v != b.v;
      else if (op == "<")
        t = a.v < b.v;
      else if (op == ">")
        t = a.v > b.v;
      else if (op == "<=")
        t = a.v <= b.v;
      else
        t = a.v >= b.v;
      res.v = t ? -1 : 0;
    }
    a = res;
    return true;
  }

  bool unary(ExprValue& out) {
    ws();
    if (pos >= s.size()) return fail("expected an expression", pos);
    char c = s[pos];
    if (c == '-' || c == '~' || c == '!' || c == '+') {
      ++pos;
      if (++depth > kMaxDepth) return fail("expression too deeply nested", pos);
      bool ok = unary(out);
      --depth;
      if (!ok) return false;
      if (c == '-')
        out.v = static_cast<int64_t>(0 - static_cast<uint64_t>(out.v));
      else if (c == '~')
        out.v = ~out.v;
      else if (c == '!')
        out.v = out.v == 0 ? 1 : 0;
      if (c != '+') out.thumb = false;
      return true;
    }
    return primary(out);
  }

  bool number(ExprValue& out) {
    size_t b = pos;
    // Local label reference: digits then 'b' or 'f' not followed by a symbol character.
    size_t e = pos;
    while (e < s.size() && std::isdigit(static_cast<unsigned char>(s[e]))) ++e;
    if (e < s.size() && (s[e] == 'b' || s[e] == 'f' || s[e] == 'B' || s[e] == 'F') &&
        (e + 1 >= s.size() || !is_sym_char(s[e + 1]))) {
      pos = e + 1;
      return resolve(s.substr(b, pos - b), b, out);
    }
    unsigned base = 10;
    if (s[pos] == '0' && pos + 1 < s.size() && (s[pos + 1] == 'x' || s[pos + 1] == 'X')) {
      base = 16;
      pos += 2;
    } else if (s[pos] == '0' && pos + 1 < s.size() && (s[pos + 1] == 'b' || s[pos + 1] == 'B')) {
      base = 2;
      pos += 2;
    } else if (s[pos] == '0') {
      base = 8;
    }
    uint64_t v = 0;
    size_t digits = 0;
    while (pos < s.size() && std::isalnum(static_cast<unsigned char>(s[pos]))) {
      char ch = static_cast<char>(std::tolower(static_cast<unsigned char>(s[pos])));
      unsigned d = ch >= '0' && ch <= '9'   ? static_cast<unsigned>(ch - '0')
                   : ch >= 'a' && ch <= 'f' ? static_cast<unsigned>(ch - 'a' + 10)
                                            : 99;
      if (d >= base) return fail("invalid digit in number", pos);
      if (v > (UINT64_MAX - d) / base) return fail("number too large", b);
      v = v * base + d;
      ++digits;
      ++pos;
    }
    if (digits == 0 && base != 8) return fail("invalid number", b);
    out = ExprValue{static_cast<int64_t>(v), true, false};
    return true;
  }

  bool resolve(std::string_view name, size_t at, ExprValue& out) {
    std::string m;
    if (!sym(name, at, out, m)) return fail(m.empty() ? "bad symbol" : m, at);
    return true;
  }

  bool primary(ExprValue& out) {
    ws();
    if (pos >= s.size()) return fail("expected an expression", pos);
    char c = s[pos];
    if (c == '(') {
      size_t open = pos++;
      if (++depth > kMaxDepth) return fail("expression too deeply nested", open);
      bool ok = binary(1, out);
      --depth;
      if (!ok) return false;
      ws();
      if (pos >= s.size() || s[pos] != ')') return fail("missing ')'", pos);
      ++pos;
      return true;
    }
    if (std::isdigit(static_cast<unsigned char>(c))) return number(out);
    if (c == '\'') {
      ++pos;
      if (pos >= s.size()) return fail("bad character constant", pos - 1);
      uint8_t v = 0;
      if (s[pos] == '\\') {
        ++pos;
        v = decode_escape(s, pos);
      } else {
        v = static_cast<uint8_t>(s[pos++]);
      }
      if (pos < s.size() && s[pos] == '\'') ++pos;
      out = ExprValue{v, true, false};
      return true;
    }
    if (is_sym_start(c)) {
      size_t b = pos;
      while (pos < s.size() && is_sym_char(s[pos])) ++pos;
      return resolve(s.substr(b, pos - b), b, out);
    }
    return fail(std::string("unexpected character '") + c + "' in expression", pos);
  }
};

}  // namespace

bool eval_expr(std::string_view text, const SymbolFn& sym, ExprValue& out, std::string& err,
               size_t& err_offset) {
  // GNU as's relocation operators for MOVW/MOVT: #:lower16:sym and #:upper16:sym. As ld does for
  // R_ARM_THM_MOVW_ABS_NC, a Thumb function's bit 0 is in the value.
  size_t lead = 0;
  while (lead < text.size() && std::isspace(static_cast<unsigned char>(text[lead]))) ++lead;
  for (std::string_view op : {std::string_view(":lower16:"), std::string_view(":upper16:")}) {
    if (text.size() - lead < op.size()) continue;
    bool match = true;
    for (size_t k = 0; k < op.size(); ++k)
      match = match && std::tolower(static_cast<unsigned char>(text[lead + k])) == op[k];
    if (!match) continue;
    size_t skip = lead + op.size();
    ExprValue v;
    if (!eval_expr(text.substr(skip), sym, v, err, err_offset)) {
      err_offset += skip;
      return false;
    }
    uint32_t u = static_cast<uint32_t>(v.v) | (v.thumb ? 1u : 0u);
    out = ExprValue{op == ":lower16:" ? (u & 0xffff) : (u >> 16), v.is_const, false};
    return true;
  }
  ExprParser p{text, sym, 0, {}, 0, 0};
  ExprValue v;
  bool ok = p.binary(1, v);
  if (ok) {
    p.ws();
    if (p.pos < text.size()) ok = p.fail("junk at end of expression", p.pos);
  }
  if (!ok) {
    err = p.err;
    err_offset = p.err_pos;
    return false;
  }
  out = v;
  return true;
}

}  // namespace m3::isa::asmx
