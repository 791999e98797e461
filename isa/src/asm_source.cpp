// Source scanning: GNU as comments (@, //, /* */, '#' at line start), ';' statement separators,
// labels ("name:", "1:"), assignments ("sym = expr"), directives and instructions.
#include "asm_source.hpp"

#include <cctype>

#include "asm_expr.hpp"

namespace m3::isa::asmx {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

// Removes comments, replacing them with spaces so that columns stay the same.
// in_block carries a /* comment across lines.
std::string strip_comments(std::string_view line, bool& in_block) {
  std::string out(line);
  size_t i = 0;
  bool at_start = true;
  while (i < out.size()) {
    if (in_block) {
      if (out.compare(i, 2, "*/") == 0) {
        out[i] = out[i + 1] = ' ';
        i += 2;
        in_block = false;
      } else {
        out[i++] = ' ';
      }
      continue;
    }
    char c = out[i];
    if (at_start && c == '#') {
      for (size_t k = i; k < out.size(); ++k) out[k] = ' ';
      break;
    }
    if (!is_space(c)) at_start = false;
    if (c == '"') {
      ++i;
      while (i < out.size() && out[i] != '"') i += out[i] == '\\' ? 2 : 1;
      ++i;
      continue;
    }
    if (c == '\'') {
      // A character constant: 'a, 'a' or '\n'.
      i += 1;
      if (i < out.size() && out[i] == '\\') ++i;
      i += 1;
      if (i < out.size() && out[i] == '\'') ++i;
      continue;
    }
    if (c == '@' || (c == '/' && i + 1 < out.size() && out[i + 1] == '/')) {
      for (size_t k = i; k < out.size(); ++k) out[k] = ' ';
      break;
    }
    if (c == '/' && i + 1 < out.size() && out[i + 1] == '*') {
      out[i] = out[i + 1] = ' ';
      i += 2;
      in_block = true;
      continue;
    }
    ++i;
  }
  if (out.size() > line.size()) out.resize(line.size());
  return out;
}

void parse_statement(std::string_view line, size_t b, size_t e, int lineno, std::vector<Stmt>& out) {
  Stmt st;
  st.line = lineno;
  size_t i = b;
  auto skip = [&] {
    while (i < e && is_space(line[i])) ++i;
  };
  // Labels: a symbol or a number immediately followed by ':'.
  for (;;) {
    skip();
    size_t s = i;
    if (i < e && std::isdigit(static_cast<unsigned char>(line[i]))) {
      while (i < e && std::isdigit(static_cast<unsigned char>(line[i]))) ++i;
    } else if (i < e && is_sym_start(line[i])) {
      while (i < e && is_sym_char(line[i])) ++i;
    }
    if (i > s && i < e && line[i] == ':') {
      st.labels.push_back({std::string(line.substr(s, i - s)), static_cast<int>(s)});
      ++i;
      continue;
    }
    i = s;
    break;
  }
  skip();
  if (i >= e) {
    if (!st.labels.empty()) out.push_back(std::move(st));
    return;
  }
  size_t s = i;
  while (i < e && !is_space(line[i]) && line[i] != '=') ++i;
  std::string_view word = line.substr(s, i - s);
  size_t after = i;
  skip();
  bool assign =
      i < e && line[i] == '=' && (i + 1 >= e || line[i + 1] != '=') && !word.empty() && is_sym_start(word[0]);
  for (char c : word)
    if (!is_sym_char(c)) assign = false;
  if (assign) {
    st.kind = Stmt::Assign;
    st.name = std::string(word);
    st.name_col = static_cast<int>(s);
    ++i;
    skip();
    st.text = std::string(line.substr(i, e - i));
    st.text_col = static_cast<int>(i);
  } else if (word.size() > 1 && word[0] == '.') {
    st.kind = Stmt::Directive;
    for (char c : word) st.name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    st.name_col = static_cast<int>(s);
    i = after;
    skip();
    st.text = std::string(line.substr(i, e - i));
    st.text_col = static_cast<int>(i);
  } else {
    st.kind = Stmt::Instruction;
    st.name = std::string(word);
    st.name_col = static_cast<int>(s);
    st.text = std::string(line.substr(s, e - s));
    st.text_col = static_cast<int>(s);
  }
  while (!st.text.empty() && is_space(st.text.back())) st.text.pop_back();
  out.push_back(std::move(st));
}

}  // namespace

std::vector<Stmt> scan_source(std::string_view src, std::vector<std::string>& lines) {
  std::vector<Stmt> out;
  lines.clear();
  size_t p = 0;
  bool in_block = false;
  int lineno = 0;
  while (p <= src.size()) {
    size_t nl = src.find('\n', p);
    if (nl == std::string_view::npos) nl = src.size();
    std::string_view raw = src.substr(p, nl - p);
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    ++lineno;
    lines.emplace_back(raw);
    std::string clean = strip_comments(raw, in_block);
    // Split at ';' outside strings and character constants.
    size_t b = 0, i = 0;
    while (i <= clean.size()) {
      if (i == clean.size() || clean[i] == ';') {
        parse_statement(clean, b, i, lineno, out);
        b = i + 1;
        ++i;
        continue;
      }
      if (clean[i] == '"') {
        ++i;
        while (i < clean.size() && clean[i] != '"') i += clean[i] == '\\' ? 2 : 1;
        if (i < clean.size()) ++i;
        continue;
      }
      if (clean[i] == '\'') {
        ++i;
        if (i < clean.size() && clean[i] == '\\') ++i;
        if (i < clean.size()) ++i;
        if (i < clean.size() && clean[i] == '\'') ++i;
        continue;
      }
      ++i;
    }
    if (nl == src.size()) break;
    p = nl + 1;
  }
  return out;
}

std::vector<Arg> split_args(std::string_view text, int col) {
  std::vector<Arg> out;
  size_t b = 0, i = 0;
  int depth = 0;
  auto push = [&](size_t e) {
    size_t s = b;
    while (s < e && is_space(text[s])) ++s;
    size_t t = e;
    while (t > s && is_space(text[t - 1])) --t;
    out.push_back({std::string(text.substr(s, t - s)), col + static_cast<int>(s)});
  };
  if (text.find_first_not_of(" \t") == std::string_view::npos) return out;
  while (i < text.size()) {
    char c = text[i];
    if (c == '"') {
      ++i;
      while (i < text.size() && text[i] != '"') i += text[i] == '\\' ? 2 : 1;
      if (i < text.size()) ++i;
      continue;
    }
    if (c == '\'') {
      ++i;
      if (i < text.size() && text[i] == '\\') ++i;
      if (i < text.size()) ++i;
      if (i < text.size() && text[i] == '\'') ++i;
      continue;
    }
    if (c == '(') ++depth;
    if (c == ')' && depth > 0) --depth;
    if (c == ',' && depth == 0) {
      push(i);
      b = i + 1;
    }
    ++i;
  }
  push(text.size());
  return out;
}

bool parse_string(std::string_view text, size_t& pos, std::string& out) {
  if (pos >= text.size() || text[pos] != '"') return false;
  ++pos;
  while (pos < text.size() && text[pos] != '"') {
    if (text[pos] == '\\') {
      ++pos;
      out += static_cast<char>(decode_escape(text, pos));
    } else {
      out += text[pos++];
    }
  }
  if (pos >= text.size()) return false;
  ++pos;
  return true;
}

}  // namespace m3::isa::asmx
