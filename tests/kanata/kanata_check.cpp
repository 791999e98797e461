#include "kanata_check.hpp"

#include <charconv>
#include <map>
#include <vector>

namespace {

std::vector<std::string_view> split(std::string_view line) {
  std::vector<std::string_view> f;
  size_t start = 0;
  for (;;) {
    const size_t tab = line.find('\t', start);
    f.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
    if (tab == std::string_view::npos) return f;
    start = tab + 1;
  }
}

bool number(std::string_view s, uint64_t& v) {
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  return r.ec == std::errc() && r.ptr == s.data() + s.size() && !s.empty();
}

struct Insn {
  bool retired = false;
  std::map<std::string, std::string> open;  // lane -> open stage
};

}  // namespace

std::string check_kanata(std::string_view text, KanataSummary* summary) {
  KanataSummary sum;
  std::vector<Insn> insns;
  uint64_t next_retire = 0;
  bool started = false;
  size_t lineno = 0;
  size_t pos = 0;
  auto fail = [&](const std::string& what) { return "line " + std::to_string(lineno) + ": " + what; };
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) return "the last line has no newline";
    const std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++lineno;
    if (lineno == 1) {
      if (line != "Kanata\t0004") return fail("bad header");
      continue;
    }
    const auto f = split(line);
    const std::string_view cmd = f[0];
    if (!started && cmd != "C=") return fail("a command before C=");
    if (cmd == "C=") {
      uint64_t c = 0;
      if (started) return fail("a second C=");
      if (f.size() != 2 || !number(f[1], c)) return fail("bad C=");
      started = true;
      sum.first_cycle = sum.last_cycle = c;
      continue;
    }
    if (cmd == "C") {
      uint64_t d = 0;
      if (f.size() != 2 || !number(f[1], d) || d == 0) return fail("C needs a positive delta");
      sum.last_cycle += d;
      continue;
    }
    if (f.size() != 4) return fail("expected 4 fields");
    uint64_t id = 0;
    if (!number(f[1], id)) return fail("bad id");
    if (cmd == "I") {
      uint64_t sim = 0, tid = 0;
      if (id != insns.size()) return fail("I ids must be 0, 1, 2, ...");
      if (!number(f[2], sim) || !number(f[3], tid)) return fail("bad I");
      insns.emplace_back();
      ++sum.instructions;
      continue;
    }
    if (id >= insns.size() || insns[id].retired) return fail(std::string(cmd) + " for an instruction not alive");
    Insn& in = insns[id];
    if (cmd == "L") {
      if (f[2] != "0" && f[2] != "1") return fail("L type must be 0 or 1");
    } else if (cmd == "S") {
      const std::string lane(f[2]);
      if (in.open.count(lane)) return fail("S while lane " + lane + " has " + in.open[lane] + " open");
      in.open[lane] = std::string(f[3]);
      if (lane == "1") ++sum.stalls;
    } else if (cmd == "E") {
      const std::string lane(f[2]);
      auto it = in.open.find(lane);
      if (it == in.open.end() || it->second != f[3]) return fail("E without a matching S");
      in.open.erase(it);
    } else if (cmd == "R") {
      uint64_t rid = 0;
      if (!in.open.empty()) return fail("R with a stage still open");
      if (!number(f[2], rid)) return fail("bad retire id");
      if (f[3] == "0") {
        if (rid != next_retire) return fail("retire ids must be 0, 1, 2, ...");
        ++next_retire;
        ++sum.retired;
      } else if (f[3] == "1") {
        ++sum.flushed;
      } else {
        return fail("R type must be 0 or 1");
      }
      in.retired = true;
    } else if (cmd == "W") {
      uint64_t prod = 0;
      if (!number(f[2], prod) || prod >= insns.size()) return fail("W producer unknown");
      if (f[3] != "0") return fail("W type must be 0");
      ++sum.dependencies;
    } else {
      return fail("unknown command");
    }
  }
  if (!started) return "no C=";
  for (size_t i = 0; i < insns.size(); ++i)
    if (!insns[i].retired) return "instruction " + std::to_string(i) + " has no R";
  if (summary) *summary = sum;
  return "";
}
