#include "m3lab/isa/doc.hpp"

#include <map>
#include <string>

#include "m3lab/isa/table.hpp"

namespace m3::isa {

std::string pattern_text(const Pattern& p) {
  int bits = p.size * 8;
  std::string out;
  for (int pos = bits - 1; pos >= 0; --pos) {
    char ch = '?';
    if ((p.mask >> pos) & 1) {
      ch = ((p.match >> pos) & 1) ? '1' : '0';
    } else {
      for (int k = 0; k < p.nfields; ++k)
        for (int r = 0; r < p.fields[k].nruns; ++r) {
          const BitRun& run = p.fields[k].runs[r];
          if (pos >= run.lsb && pos < run.lsb + run.len) ch = p.fields[k].letter;
        }
    }
    out += ch;
    if (pos == 16 && bits == 32) out += " ";
  }
  return out;
}

namespace {
const char* flag_text(FlagEffect f) {
  switch (f) {
    case FlagEffect::None: return "-";
    case FlagEffect::NZ: return "NZ";
    case FlagEffect::NZC: return "NZC";
    case FlagEffect::NZCV: return "NZCV";
    case FlagEffect::Q: return "Q";
    case FlagEffect::All: return "NZCVQ";
  }
  return "?";
}

std::string escape(std::string s) {
  std::string out;
  for (char ch : s) {
    if (ch == '|') out += "\\|";
    else if (ch == '\t') out += ' ';
    else out += ch;
  }
  return out;
}

std::string table_for(std::span<const Form> group) {
  std::string out = "| form | syntax (objdump) | encoding | class | flags | notes |\n";
  out += "| --- | --- | --- | --- | --- | --- |\n";
  for (const Form& f : group) {
    std::string flags = flag_text(f.flags);
    if (f.flags != FlagEffect::None && f.flags != FlagEffect::Q && f.flags != FlagEffect::All) {
      if (f.opts & kSetFlagsOutsideIt) flags += " (outside IT)";
      else if (f.opts & kSetFlagsAlways) flags += " (always)";
      else if (f.pat.field('s')) flags += " (if S)";
    }
    out += "| `" + std::string(f.id) + "` | `" + escape(f.syntax) + "` | `" + pattern_text(f.pat) + "` | " +
           iclass_name(f.iclass) + " | " + flags + " | " + (f.note ? escape(f.note) : "") + " |\n";
  }
  return out;
}
}  // namespace

std::string isa_doc_markdown() {
  std::string out;
  size_t n = forms().size();
  out += "The table below is generated from `isa/src/forms_*.cpp` (" + std::to_string(n) +
         " forms). Regenerate it with `cmake --build build --target update-isa-doc`.\n\n";
  out += "### Data processing\n\n" + table_for(forms_dp()) + "\n";
  out += "### Loads and stores\n\n" + table_for(forms_mem()) + "\n";
  out += "### Branches, IT, system and hints\n\n" + table_for(forms_ctl());
  return out;
}

}  // namespace m3::isa
