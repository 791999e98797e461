#include "gen_random.hpp"

#include <random>
#include <vector>

namespace m3::cctest {

namespace {

// Every variable has one of these types; all arithmetic is done so that no UB can arise:
// signed overflow wraps (-fwrapv on the host), shifts are masked below 32, divisors are made
// non-zero and INT_MIN / -1 is avoided by forcing the divisor positive, array indices are masked
// into range (array sizes are powers of two).
const char* const kTypes[] = {"int", "unsigned", "char", "signed char", "short", "unsigned short",
                              "uint8_t", "int16_t", "uint32_t", "int32_t"};

struct Var {
  std::string name;
  std::string type;
  int array_len = 0;  // 0 = scalar
};

struct Gen {
  std::mt19937_64 rng;
  std::vector<Var> globals;
  std::vector<Var> locals;
  std::vector<std::string> loop_vars;  // read-only inside their loop
  int nfuncs = 0;
  bool in_func = false;  // functions only write their parameters, so calls have no side effects
  int depth = 0;
  std::string out;

  explicit Gen(uint64_t seed) : rng(seed) {}

  int rnd(int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); }
  bool chance(int pct) { return rnd(100) < pct; }

  std::string constant() {
    switch (rnd(5)) {
      case 0: return std::to_string(rnd(10));
      case 1: return std::to_string(rnd(256));
      case 2: return std::to_string(rnd(100000) - 50000);
      case 3: return std::to_string(static_cast<uint32_t>(rng())) + "u";
      default: return "0x" + [&] { char b[16]; std::snprintf(b, sizeof b, "%x", static_cast<unsigned>(rng() & 0xffff)); return std::string(b); }();
    }
  }

  std::vector<Var*> all_vars() {
    std::vector<Var*> v;
    for (Var& g : globals) v.push_back(&g);
    for (Var& l : locals) v.push_back(&l);
    return v;
  }

  // An lvalue (or rvalue) naming a variable or an array element.
  std::string lvalue(bool for_write) {
    std::vector<Var*> vars;
    if (for_write && in_func) {
      for (Var& l : locals) vars.push_back(&l);
    } else {
      vars = all_vars();
    }
    Var* v = vars[rnd(static_cast<int>(vars.size()))];
    if (v->array_len == 0) return v->name;
    std::string idx = depth < 3 && chance(50) ? "(" + expr(2) + ")" : (loop_vars.empty() ? std::to_string(rnd(v->array_len)) : loop_vars[rnd(static_cast<int>(loop_vars.size()))]);
    return v->name + "[(" + idx + ") & " + std::to_string(v->array_len - 1) + "]";
  }

  std::string expr(int d) {
    ++depth;
    std::string e;
    if (d <= 0 || chance(25)) {
      int k = rnd(3);
      if (k == 0) e = constant();
      else if (k == 1 && !loop_vars.empty()) e = loop_vars[rnd(static_cast<int>(loop_vars.size()))];
      else e = lvalue(false);
      --depth;
      return e;
    }
    switch (rnd(14)) {
      case 0: e = "(" + expr(d - 1) + " + " + expr(d - 1) + ")"; break;
      case 1: e = "(" + expr(d - 1) + " - " + expr(d - 1) + ")"; break;
      case 2: e = "(" + expr(d - 1) + " * " + expr(d - 1) + ")"; break;
      case 3: {  // guarded division: divisor forced into 1..255 (positive int, no INT_MIN/-1)
        const char* op = chance(50) ? " / " : " % ";
        e = "(" + expr(d - 1) + op + "((int)((" + expr(d - 1) + ") & 255) | 1))";
        break;
      }
      case 4: e = "(" + expr(d - 1) + (chance(50) ? " << " : " >> ") + "((" + expr(d - 1) + ") & 31))"; break;
      case 5: e = "(" + expr(d - 1) + (chance(50) ? " & " : chance(50) ? " | " : " ^ ") + expr(d - 1) + ")"; break;
      case 6: {
        static const char* const cmp[] = {" < ", " <= ", " > ", " >= ", " == ", " != "};
        e = "(" + expr(d - 1) + cmp[rnd(6)] + expr(d - 1) + ")";
        break;
      }
      case 7: e = "(" + expr(d - 1) + (chance(50) ? " && " : " || ") + expr(d - 1) + ")"; break;
      case 8: e = "(" + expr(d - 1) + " ? " + expr(d - 1) + " : " + expr(d - 1) + ")"; break;
      case 9: e = "((" + std::string(kTypes[rnd(10)]) + ")" + expr(d - 1) + ")"; break;
      case 10: e = std::string(chance(50) ? "(- " : chance(50) ? "(~" : "(!") + expr(d - 1) + ")"; break;
      case 11:
        if (nfuncs > 0) {
          int f = rnd(nfuncs);
          e = "f" + std::to_string(f) + "(" + expr(d - 1) + ", " + expr(d - 1) + ", " + expr(d - 1) + ", " + expr(d - 1) + ", " +
              expr(d - 1) + ", " + expr(d - 1) + ")";
        } else {
          e = expr(d - 1);
        }
        break;
      case 12: e = "(" + expr(d - 1) + ", " + expr(d - 1) + ")"; break;
      default: e = lvalue(false); break;
    }
    --depth;
    return e;
  }

  void line(int ind, const std::string& s) { out += std::string(2 * ind, ' ') + s + "\n"; }

  void stmt(int ind, int d) {
    int k = rnd(d > 0 ? 7 : 3);
    switch (k) {
      case 0:
      case 1: {
        static const char* const ops[] = {" = ", " += ", " -= ", " *= ", " ^= ", " |= ", " &= "};
        line(ind, lvalue(true) + ops[rnd(7)] + expr(3) + ";");
        break;
      }
      case 2: {
        std::string lv = lvalue(true);
        line(ind, lv + (chance(50) ? "++;" : "--;"));
        break;
      }
      case 3: {  // bounded for loop; the loop variable is never assigned in the body
        std::string v = "i" + std::to_string(loop_vars.size());
        line(ind, "for (int " + v + " = 0; " + v + " < " + std::to_string(1 + rnd(6)) + "; " + v + "++) {");
        loop_vars.push_back(v);
        int n = 1 + rnd(3);
        for (int i = 0; i < n; ++i) stmt(ind + 1, d - 1);
        if (chance(20)) line(ind + 1, "if (" + expr(2) + ") break;");
        if (chance(20)) line(ind + 1, "if (" + expr(2) + ") continue;");
        loop_vars.pop_back();
        line(ind, "}");
        break;
      }
      case 4: {
        line(ind, "if (" + expr(3) + ") {");
        stmt(ind + 1, d - 1);
        line(ind, "} else {");
        stmt(ind + 1, d - 1);
        line(ind, "}");
        break;
      }
      case 5: {
        line(ind, "switch ((" + expr(2) + ") & 3) {");
        for (int c = 0; c < 3; ++c) {
          line(ind + 1, "case " + std::to_string(c) + ":");
          stmt(ind + 2, d - 1);
          if (chance(70)) line(ind + 2, "break;");
        }
        line(ind + 1, "default:");
        stmt(ind + 2, d - 1);
        line(ind, "}");
        break;
      }
      default: {  // a while loop with a counter
        std::string v = "w" + std::to_string(ind) + "_" + std::to_string(rnd(1000));
        line(ind, "{");
        line(ind + 1, "int " + v + " = " + std::to_string(rnd(5)) + ";");
        line(ind + 1, "while (" + v + "-- > 0) {");
        stmt(ind + 2, d - 1);
        line(ind + 1, "}");
        line(ind, "}");
        break;
      }
    }
  }

  Var new_var(const std::string& name, bool allow_array) {
    Var v;
    v.name = name;
    v.type = kTypes[rnd(10)];
    if (allow_array && chance(40)) v.array_len = 1 << (1 + rnd(3));
    return v;
  }

  std::string decl(const Var& v, bool init) {
    std::string s = v.type + " " + v.name;
    if (v.array_len) {
      s += "[" + std::to_string(v.array_len) + "]";
      if (init) {
        s += " = {";
        int n = 1 + rnd(v.array_len);
        for (int i = 0; i < n; ++i) s += (i ? ", " : "") + constant();
        s += "}";
      }
    } else if (init) {
      s += " = " + constant();
    }
    return s + ";";
  }

  std::string checksum_of(const Var& v) {
    if (v.array_len == 0) return "  checksum = checksum * 31 + (uint32_t)" + v.name + ";\n";
    return "  for (int k = 0; k < " + std::to_string(v.array_len) + "; k++) checksum = checksum * 31 + (uint32_t)" + v.name + "[k];\n";
  }

  std::string run() {
    out += "#include <stdint.h>\n#include <m3lab.h>\n\n";
    int ng = 3 + rnd(5);
    for (int i = 0; i < ng; ++i) {
      globals.push_back(new_var("g" + std::to_string(i), true));
      out += decl(globals.back(), chance(60)) + "\n";
    }
    out += "\n";
    int nf = rnd(4);
    for (int f = 0; f < nf; ++f) {
      std::string ret = kTypes[rnd(10)];
      out += ret + " f" + std::to_string(f) + "(int a, unsigned b, char c, short d, int e, uint8_t h) {\n";
      locals = {{"a", "int", 0}, {"b", "unsigned", 0}, {"c", "char", 0}, {"d", "short", 0}, {"e", "int", 0}, {"h", "uint8_t", 0}};
      int n = 2 + rnd(4);
      in_func = true;
      for (int i = 0; i < n; ++i) stmt(1, 2);
      out += "  return " + expr(3) + ";\n}\n\n";
      in_func = false;
      ++nfuncs;
    }
    out += "int main(void) {\n";
    locals.clear();
    int nl = 2 + rnd(4);
    for (int i = 0; i < nl; ++i) {
      locals.push_back(new_var("l" + std::to_string(i), true));
      out += "  " + decl(locals.back(), true) + "\n";
    }
    int ns = 4 + rnd(8);
    for (int i = 0; i < ns; ++i) stmt(1, 3);
    out += "  uint32_t checksum = 0;\n";
    for (const Var& v : globals) out += checksum_of(v);
    for (const Var& v : locals) out += checksum_of(v);
    out += "  print_hex(checksum);\n  putchar('\\n');\n  return 0;\n}\n";
    return out;
  }
};

}  // namespace

std::string generate_program(uint64_t seed) {
  Gen g(seed);
  return g.run();
}

}  // namespace m3::cctest
