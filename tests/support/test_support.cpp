#include "test_support.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

namespace m3::test {

std::string run_capture(const std::string& cmd, int& status) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) {
    status = -1;
    return out;
  }
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  status = pclose(p);
  return out;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

isa::AsmContext numeric_context(uint32_t addr) {
  isa::AsmContext c;
  c.addr = addr;
  c.eval = [](std::string_view e, int64_t& v, std::string& err) {
    try {
      size_t n = 0;
      v = std::stoll(std::string(e), &n, 0);
      if (n == e.size()) return true;
    } catch (...) {
    }
    err = "bad number";
    return false;
  };
  return c;
}

std::string normalise_objdump(std::string s) {
  for (char c : {'@', ';'})
    if (auto p = s.find(c); p != std::string::npos) s.resize(p);
  std::string out;
  bool space = false;
  for (char ch : s) {
    if (ch == ' ' || ch == '\t') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += ch;
  }
  return out;
}

}  // namespace m3::test
