// Lexer: source text to tokens (C11 6.4), with positions for diagnostics.
#include <cctype>
#include <cstring>

#include "cc.hpp"

namespace m3::cc {

std::string SourceFile::line_text(int line) const {
  if (line < 1 || line > static_cast<int>(line_starts.size())) return {};
  size_t b = line_starts[line - 1];
  size_t e = text.find('\n', b);
  if (e == std::string::npos) e = text.size();
  std::string s = text.substr(b, e - b);
  if (!s.empty() && s.back() == '\r') s.pop_back();
  return s;
}

int add_file(Ctx& ctx, const std::string& name, std::string text) {
  SourceFile f;
  f.name = name;
  f.text = std::move(text);
  f.line_starts.push_back(0);
  for (size_t i = 0; i < f.text.size(); ++i)
    if (f.text[i] == '\n') f.line_starts.push_back(i + 1);
  ctx.files.push_back(std::move(f));
  return static_cast<int>(ctx.files.size()) - 1;
}

void Ctx::error_at(int file, int line, int col, const std::string& msg) {
  const SourceFile* f = file >= 0 && file < static_cast<int>(files.size()) ? &files[file] : nullptr;
  diags.error(f ? f->name : "", line, col, msg, f ? f->line_text(line) : "");
  if (++errors >= kMaxErrors) {
    diags.error(f ? f->name : "", 0, 0, "too many errors, stopping");
    throw Fatal{};
  }
}

void Ctx::error(const Token& t, const std::string& msg) { error_at(t.file, t.line, t.col, msg); }

void Ctx::warning(const Token& t, const std::string& msg) {
  const SourceFile* f = t.file >= 0 && t.file < static_cast<int>(files.size()) ? &files[t.file] : nullptr;
  diags.warning(f ? f->name : "", t.line, t.col, msg, f ? f->line_text(t.line) : "");
}

std::string quote_c_string(const std::string& bytes) {
  std::string s = "\"";
  for (unsigned char c : bytes) {
    if (c == '"' || c == '\\') {
      s += '\\';
      s += static_cast<char>(c);
    } else if (c >= 32 && c < 127) {
      s += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03o", c);
      s += buf;
    }
  }
  return s + "\"";
}

namespace {

const char* const kKeywords[] = {
    "void", "char", "short", "int", "long", "signed", "unsigned", "float", "double", "_Bool",
    "struct", "union", "enum", "typedef", "static", "extern", "const", "volatile", "inline",
    "register", "auto", "restrict", "if", "else", "for", "while", "do", "switch", "case",
    "default", "break", "continue", "return", "goto", "sizeof", "_Alignof", "_Static_assert",
};

// Longest first, so that ">>=" wins over ">>" and ">".
const char* const kPuncts[] = {
    "<<=", ">>=", "...", "==", "!=", "<=", ">=", "->", "++", "--", "<<", ">>", "&&", "||", "+=",
    "-=", "*=", "/=", "%=", "&=", "|=", "^=", "##",
};

bool is_ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

struct Lexer {
  Ctx& ctx;
  int file;
  const std::string& s;
  size_t p = 0;
  int line = 1;
  size_t line_start = 0;

  int col_of(size_t pos) const { return static_cast<int>(pos - line_start) + 1; }

  void err(size_t pos, const std::string& msg) { ctx.error_at(file, line, col_of(pos), msg); }

  // One escape sequence after the backslash at s[p] (C11 6.4.4.4).
  int read_escape() {
    size_t at = p;
    ++p;  // backslash
    if (p >= s.size()) return 0;
    char c = s[p++];
    if (c >= '0' && c <= '7') {
      int v = c - '0';
      for (int i = 0; i < 2 && p < s.size() && s[p] >= '0' && s[p] <= '7'; ++i) v = v * 8 + (s[p++] - '0');
      return v & 0xff;
    }
    if (c == 'x') {
      int v = 0, n = 0;
      while (p < s.size() && std::isxdigit(static_cast<unsigned char>(s[p]))) {
        char h = s[p++];
        v = (v * 16 + (std::isdigit(static_cast<unsigned char>(h)) ? h - '0' : (std::tolower(h) - 'a' + 10))) & 0xfff;
        ++n;
      }
      if (n == 0) err(at, "\\x used with no following hex digits");
      return v & 0xff;
    }
    switch (c) {
      case 'a': return 7;
      case 'b': return 8;
      case 't': return 9;
      case 'n': return 10;
      case 'v': return 11;
      case 'f': return 12;
      case 'r': return 13;
      case 'e': return 27;
      case '\\': case '\'': case '"': case '?': return c;
      default: err(at, std::string("unknown escape sequence '\\") + c + "'"); return c;
    }
  }

  std::vector<Token*> run() {
    std::vector<Token*> out;
    bool bol = true, space = false;
    while (p < s.size()) {
      char c = s[p];
      if (c == '\n') {
        ++p;
        ++line;
        line_start = p;
        bol = true;
        space = false;
        continue;
      }
      if (c == '\\' && p + 1 < s.size() && s[p + 1] == '\n') {  // line splice between tokens
        p += 2;
        ++line;
        line_start = p;
        space = true;
        continue;
      }
      if (std::isspace(static_cast<unsigned char>(c))) {
        ++p;
        space = true;
        continue;
      }
      if (s.compare(p, 2, "//") == 0) {
        while (p < s.size() && s[p] != '\n') ++p;
        space = true;
        continue;
      }
      if (s.compare(p, 2, "/*") == 0) {
        size_t start = p;
        int l0 = line;
        size_t ls0 = line_start;
        p += 2;
        while (p < s.size() && s.compare(p, 2, "*/") != 0) {
          if (s[p] == '\n') {
            ++line;
            line_start = p + 1;
          }
          ++p;
        }
        if (p >= s.size()) {
          ctx.error_at(file, l0, static_cast<int>(start - ls0) + 1, "unterminated comment");
          break;
        }
        p += 2;
        space = true;
        continue;
      }
      Token t;
      t.file = file;
      t.line = line;
      t.col = col_of(p);
      t.bol = bol;
      t.space = space;
      bol = space = false;
      size_t start = p;
      if (std::isdigit(static_cast<unsigned char>(c)) || (c == '.' && p + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[p + 1])))) {
        while (p < s.size() && (is_ident_char(s[p]) || s[p] == '.' ||
                                ((s[p] == '+' || s[p] == '-') && (s[p - 1] == 'e' || s[p - 1] == 'E' || s[p - 1] == 'p' || s[p - 1] == 'P'))))
          ++p;
        t.kind = TK::Num;
        t.text = s.substr(start, p - start);
        convert_number(t);
      } else if (is_ident_start(c)) {
        while (p < s.size() && is_ident_char(s[p])) ++p;
        t.text = s.substr(start, p - start);
        t.kind = TK::Ident;
        for (const char* k : kKeywords)
          if (t.text == k) t.kind = TK::Keyword;
      } else if (c == '"') {
        ++p;
        std::string bytes;
        bool closed = false;
        while (p < s.size() && s[p] != '\n') {
          if (s[p] == '"') {
            closed = true;
            ++p;
            break;
          }
          if (s[p] == '\\') bytes += static_cast<char>(read_escape());
          else bytes += s[p++];
        }
        if (!closed) err(start, "missing terminating \" character");
        t.kind = TK::Str;
        t.str = bytes;
        t.text = s.substr(start, p - start);
      } else if (c == '\'') {
        ++p;
        int v = 0, n = 0;
        bool closed = false;
        while (p < s.size() && s[p] != '\n') {
          if (s[p] == '\'') {
            closed = true;
            ++p;
            break;
          }
          int ch = s[p] == '\\' ? read_escape() : static_cast<unsigned char>(s[p++]);
          if (n++ == 0) v = ch;
        }
        if (!closed) err(start, "missing terminating ' character");
        else if (n == 0) err(start, "empty character constant");
        else if (n > 1) err(start, "multi-character character constant is not supported");
        t.kind = TK::Char;
        // A character constant has type int; its char value is converted as char (unsigned here).
        t.val = v;
        t.text = s.substr(start, p - start);
      } else {
        t.kind = TK::Punct;
        size_t len = 0;
        for (const char* q : kPuncts)
          if (s.compare(p, std::strlen(q), q) == 0) {
            len = std::strlen(q);
            break;
          }
        if (len == 0) {
          if (std::strchr("+-*/%&|^~!<>=?:;,.()[]{}#", c) && c != 0) len = 1;
        }
        if (len == 0) {
          err(p, std::string("stray '") + (std::isprint(static_cast<unsigned char>(c)) ? std::string(1, c) : "\\x" + std::to_string(static_cast<unsigned char>(c))) + "' in program");
          ++p;
          continue;
        }
        t.text = s.substr(p, len);
        p += len;
      }
      out.push_back(ctx.new_token(t));
    }
    Token e;
    e.kind = TK::Eof;
    e.file = file;
    e.line = line;
    e.col = col_of(p);
    e.bol = true;
    out.push_back(ctx.new_token(e));
    return out;
  }

  // C11 6.4.4.1: an integer constant. No long: an l/L suffix is outside the subset.
  void convert_number(Token& t) {
    const std::string& x = t.text;
    size_t i = 0;
    int base = 10;
    if (x.size() > 1 && x[0] == '0' && (x[1] == 'x' || x[1] == 'X')) {
      base = 16;
      i = 2;
    } else if (x.size() > 1 && x[0] == '0' && (x[1] == 'b' || x[1] == 'B')) {
      base = 2;
      i = 2;
    } else if (x[0] == '0') {
      base = 8;
    }
    uint64_t v = 0;
    bool overflow = false, digits = false;
    for (; i < x.size(); ++i) {
      char c = x[i];
      int d;
      if (std::isdigit(static_cast<unsigned char>(c))) d = c - '0';
      else if (std::isxdigit(static_cast<unsigned char>(c)) && base == 16) d = std::tolower(c) - 'a' + 10;
      else break;
      if (d >= base) break;
      digits = true;
      v = v * base + d;
      if (v > 0xffffffffull) overflow = true;
    }
    std::string suffix = x.substr(i);
    bool u = false;
    if (suffix == "u" || suffix == "U") {
      u = true;
    } else if (!suffix.empty()) {
      bool is_float = suffix.find_first_of(".eEpPfF") != std::string::npos && base != 16;
      bool is_long = suffix.find_first_of("lL") != std::string::npos;
      if (is_float || x.find('.') != std::string::npos)
        ctx.error_at(file, t.line, t.col, "floating-point constants are not supported (the language has no floating types)");
      else if (is_long)
        ctx.error_at(file, t.line, t.col, "'long' constants are not supported (the language has no long)");
      else
        ctx.error_at(file, t.line, t.col, "invalid suffix \"" + suffix + "\" on integer constant");
      t.val = 0;
      return;
    }
    if (!digits && base != 8) {
      ctx.error_at(file, t.line, t.col, "invalid integer constant '" + x + "'");
      return;
    }
    if (overflow) ctx.error_at(file, t.line, t.col, "integer constant is too large for its type (32 bits)");
    v &= 0xffffffffull;
    // Decimal without suffix: int if it fits; otherwise C would pick long, which we lack: use
    // unsigned int, as a 32-bit-long target does for hex constants.
    if (v > 0x7fffffffull) u = true;
    t.val = static_cast<int64_t>(v);
    t.is_unsigned = u;
  }
};

}  // namespace

std::vector<Token*> tokenize(Ctx& ctx, int file) {
  Lexer lx{ctx, file, ctx.files[file].text};
  return lx.run();
}

}  // namespace m3::cc
