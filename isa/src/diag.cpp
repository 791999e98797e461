#include "m3lab/isa/diag.hpp"

#include <string>

namespace m3 {

std::string format_diag(const Diag& d) {
  std::string out;
  if (!d.file.empty()) {
    out += d.file;
    if (d.line > 0) {
      out.append(":").append(std::to_string(d.line));
      if (d.column > 0) out.append(":").append(std::to_string(d.column));
    }
    out += ": ";
  }
  out += d.severity == Severity::Error ? "error: " : d.severity == Severity::Warning ? "warning: " : "note: ";
  out += d.message;
  out += "\n";
  if (!d.source_line.empty() && d.line > 0) {
    std::string num = std::to_string(d.line);
    out.append(1, ' ');
    out.append(num.size() < 5 ? 5 - num.size() : 0, ' ');
    out.append(num);
    out.append(" | ");
    out.append(d.source_line);
    out.append("\n");
    if (d.column > 0) {
      std::string pad;
      for (int k = 0; k + 1 < d.column && k < static_cast<int>(d.source_line.size()); ++k)
        pad += d.source_line[k] == '\t' ? '\t' : ' ';
      out.append("       | ").append(pad).append("^\n");
    }
  }
  return out;
}

std::string Diagnostics::str() const {
  std::string out;
  for (const Diag& d : list_) out += format_diag(d);
  return out;
}

}  // namespace m3
