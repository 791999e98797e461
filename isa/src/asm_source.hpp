// Source scanning for the assembler: comments, statements, labels, directive arguments, strings.
// Internal to the assembler.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace m3::isa::asmx {

struct Label {
  std::string name;
  int col = 0;  // 0-based column in the line
};

// One statement: labels, then a directive, an assignment, an instruction or nothing.
struct Stmt {
  enum Kind : uint8_t { Empty, Directive, Assign, Instruction } kind = Empty;
  int line = 0;  // 1-based
  std::vector<Label> labels;
  std::string name;  // directive (lowercase, with '.'), assigned symbol, or mnemonic as written
  int name_col = 0;  // 0-based column of name
  std::string text;  // instruction: the statement text from the mnemonic on; others: the arguments
  int text_col = 0;  // 0-based column where text starts
};

// Splits the source into statements (comments removed, ';' separated) and returns the lines,
// for diagnostics.
std::vector<Stmt> scan_source(std::string_view src, std::vector<std::string>& lines);

struct Arg {
  std::string text;
  int col = 0;  // 0-based column in the line
};
// Splits directive arguments at commas outside strings, character constants and parentheses.
// Empty arguments are kept (".p2align 2,,3").
std::vector<Arg> split_args(std::string_view text, int col);

// Parses a string literal "..." with C escapes at text[pos]; advances pos past it.
bool parse_string(std::string_view text, size_t& pos, std::string& out);

}  // namespace m3::isa::asmx
