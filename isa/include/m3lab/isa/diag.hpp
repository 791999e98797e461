// Diagnostics for a user's mistakes (bad assembly, bad ELF, bad C, bad YAML...): collected and
// returned, printed gcc-style:
//
//   prog.s:12:9: error: immediate or offset out of range (4096)
//      12 |   adds r0, r1, #4096
//         |         ^
//
// A library never prints them itself and never calls exit().
#pragma once

#include <string>
#include <vector>

namespace m3 {

enum class Severity { Note, Warning, Error };

struct Diag {
  Severity severity = Severity::Error;
  std::string file;        // empty if none
  int line = 0;            // 1-based; 0 if none
  int column = 0;          // 1-based; 0 if none
  std::string message;
  std::string source_line; // the text of `line`, for the caret display (may be empty)
};

class Diagnostics {
 public:
  void error(std::string file, int line, int col, std::string msg, std::string src = {}) {
    add({Severity::Error, std::move(file), line, col, std::move(msg), std::move(src)});
  }
  void warning(std::string file, int line, int col, std::string msg, std::string src = {}) {
    add({Severity::Warning, std::move(file), line, col, std::move(msg), std::move(src)});
  }
  void note(std::string file, int line, int col, std::string msg, std::string src = {}) {
    add({Severity::Note, std::move(file), line, col, std::move(msg), std::move(src)});
  }
  void add(Diag d) {
    if (d.severity == Severity::Error) ++errors_;
    list_.push_back(std::move(d));
  }
  bool has_errors() const { return errors_ > 0; }
  int error_count() const { return errors_; }
  const std::vector<Diag>& list() const { return list_; }
  void append(const Diagnostics& o) {
    for (const Diag& d : o.list_) add(d);
  }
  // All diagnostics, formatted gcc-style, one after another.
  std::string str() const;

 private:
  std::vector<Diag> list_;
  int errors_ = 0;
};

std::string format_diag(const Diag& d);

}  // namespace m3
