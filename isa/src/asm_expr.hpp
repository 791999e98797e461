// The assembler's expression language (a GNU as subset): integers, character constants, symbols,
// '.', local label references (1b, 1f) and the operators of GNU as with its precedences.
// Internal to the assembler.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace m3::isa::asmx {

struct ExprValue {
  int64_t v = 0;
  bool is_const = true;  // no label or '.' went into it (only numbers and constant .equ symbols)
  bool thumb = false;    // exactly one Thumb function symbol added in: data uses set bit 0, as ld does
};

// Resolves one symbol reference: `name` as written ("loop", ".", "1b"), `offset` its position in
// the expression text. Sets err and returns false if it cannot.
using SymbolFn = std::function<bool(std::string_view name, size_t offset, ExprValue& out, std::string& err)>;

// Evaluates `text`. On failure sets err and err_offset (position in text) and returns false.
bool eval_expr(std::string_view text, const SymbolFn& sym, ExprValue& out, std::string& err,
               size_t& err_offset);

// True for characters that may start / continue a symbol name in GNU as.
inline bool is_sym_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '.' || c == '$';
}
inline bool is_sym_char(char c) { return is_sym_start(c) || (c >= '0' && c <= '9'); }

// Decodes one C escape sequence starting after the backslash at s[pos]; advances pos.
uint8_t decode_escape(std::string_view s, size_t& pos);

}  // namespace m3::isa::asmx
