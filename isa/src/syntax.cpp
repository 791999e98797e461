// The syntax templates of the instruction table, read in both directions: printed for the
// disassembler (objdump -d conventions) and parsed for the assembler (GNU as unified syntax).
//
// A template is "MNEMONIC OPERANDS". The mnemonic part is a base name followed by any of
//   {it}  IT's t/e mask letters (from imm2 = mask, cond = firstcond)
//   {s}   's' when the instruction sets the flags (resolved against the IT context)
//   {c}   the condition: the form's own cond field (B<c>), else the IT block's condition
//   .w/.n the width suffix objdump prints for this form
// The operand part is literal text with these tokens:
//   {d} {n} {m} {a}   registers rd, rn, rm, ra (objdump names: sl fp ip sp lr pc)
//   {a+}              assembler only: ra = rd + 1, consuming no text (GNU as's "ldrd r0, [r1]")
//   {dn}              one register that is both rd and rn (for assembler aliases such as
//                     "add{s}{c} {dn}, {m}", where GNU as picks a three-register encoding)
//   #{i}              imm, unsigned decimal        #{si}  imm, signed decimal
//   #{off}            imm with the sign of the U bit ("#-4"; "#-0" when U=0 and imm=0)
//   #{j}              imm2, decimal                {x4}   imm as 0x%04x (BKPT)
//   {sh}              optional ", lsl #n" / ", rrx" from shift_t/shift_n
//   {rl}              register list "{r0, r4, lr}"
//   {t}               branch target PC+imm, hex without 0x, then " <symbol>" if known
//   {lit}             a literal-pool label (assembler only): imm = label - Align(PC,4), sign in U
//   {fc}              cond as an operand (IT's firstcond)
//   {sysm} {msr}      MRS / MSR special register (imm)
//   {bopt}            DMB/DSB/ISB option (imm)
//   {iflags}          CPS flags "i", "f", "if" (imm)
//   (? ... )          optional group: printed only if a value inside is not its default (0);
//                     may be omitted when assembling
// A literal register name ("sp", "pc") in a template matches that register however it is
// spelled; '#' before an immediate is optional when assembling, as in GNU as.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

#include "m3lab/isa/check.hpp"
#include "m3lab/isa/codec.hpp"
#include "m3lab/isa/pseudocode.hpp"
#include "m3lab/isa/table.hpp"

namespace m3::isa {

namespace {

const char* const kRegNames[16] = {"r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7",
                                   "r8", "r9", "sl", "fp", "ip", "sp", "lr", "pc"};
const char* const kCondNames[16] = {"eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc",
                                    "hi", "ls", "ge", "lt", "gt", "le", "",   ""};

enum class TokKind : uint8_t {
  Lit,       // literal text (compared ignoring case and spacing)
  FixedReg,  // literal register name in the template, e.g. sp
  Reg,       // which = d/n/m/a
  RaNext,    // {a+}: ra = rd + 1 (parse only)
  Imm,       // {i}
  SImm,      // {si}
  Off,       // {off}
  Imm2,      // {j}
  Hex4,      // {x4}
  Shift,     // {sh}
  RegList,   // {rl}
  Target,    // {t}
  LitLabel,  // {lit}
  FirstCond, // {fc}
  Sysm,      // {sysm}
  MsrSysm,   // {msr}
  BarrierOpt,// {bopt}
  IFlags,    // {iflags}
  OptBegin,  // (?
  OptEnd,    // )
};

struct Tok {
  explicit Tok(TokKind k) : kind(k) {}
  TokKind kind;
  char which = 0;     // register letter for Reg
  bool hash = false;  // a '#' precedes this immediate in the template
  std::string text;   // Lit text; FixedReg: canonical name
  uint8_t reg = 0;    // FixedReg number
  int match = -1;     // OptBegin: index of its OptEnd
};

struct Syntax {
  std::string base;
  bool has_it = false, has_s = false, has_c = false;
  std::string width;  // ".w", ".n" or ""
  std::vector<Tok> ops;
};

// ---- register names -----------------------------------------------------------------------
int parse_reg_name(std::string_view s) {
  std::string l(s);
  for (char& ch : l) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (l.size() >= 2 && l[0] == 'r') {
    int v = 0;
    for (size_t k = 1; k < l.size(); ++k) {
      if (!std::isdigit(static_cast<unsigned char>(l[k]))) return -1;
      v = v * 10 + (l[k] - '0');
      if (v > 15) return -1;
    }
    if (l.size() > 2 && l[1] == '0') return -1;
    return v;
  }
  static const struct { const char* n; int r; } kAliases[] = {
      {"sp", 13}, {"lr", 14}, {"pc", 15}, {"ip", 12}, {"fp", 11}, {"sl", 10}, {"sb", 9},
      {"a1", 0},  {"a2", 1},  {"a3", 2},  {"a4", 3},  {"v1", 4},  {"v2", 5},  {"v3", 6},
      {"v4", 7},  {"v5", 8},  {"v6", 9},  {"v7", 10}, {"v8", 11}, {"tr", 9}};
  for (auto& a : kAliases)
    if (l == a.n) return a.r;
  return -1;
}

int parse_cond_name(std::string_view s) {
  std::string l(s);
  for (char& ch : l) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  for (int k = 0; k < 14; ++k)
    if (l == kCondNames[k]) return k;
  if (l == "hs") return kCS;
  if (l == "lo") return kCC;
  if (l == "al") return kAL;
  return -1;
}

// ---- special registers and barrier options (objdump spelling) ------------------------------
struct SysmName {
  uint8_t sysm;
  const char* mrs;  // as printed by objdump for MRS
  const char* msr;  // as printed by objdump for MSR (mask 0b10 / nzcvq)
};
const SysmName kSysm[] = {
    {0, "CPSR", "CPSR_f"},       {1, "IAPSR", "IAPSR"},       {2, "EAPSR", "EAPSR"},
    {3, "PSR", "PSR"},           {5, "IPSR", "IPSR"},         {6, "EPSR", "EPSR"},
    {7, "IEPSR", "IEPSR"},       {8, "MSP", "MSP"},           {9, "PSP", "PSP"},
    {16, "PRIMASK", "PRIMASK"},  {17, "BASEPRI", "BASEPRI"},  {18, "BASEPRI_MAX", "BASEPRI_MAX"},
    {19, "FAULTMASK", "FAULTMASK"}, {20, "CONTROL", "CONTROL"},
};
// Names GNU as accepts for each SYSm.
const struct { const char* name; uint8_t sysm; } kSysmInput[] = {
    {"apsr", 0}, {"apsr_nzcvq", 0}, {"cpsr", 0}, {"cpsr_f", 0}, {"iapsr", 1},
    {"iapsr_nzcvq", 1}, {"eapsr", 2}, {"eapsr_nzcvq", 2}, {"xpsr", 3}, {"xpsr_nzcvq", 3},
    {"psr", 3}, {"psr_nzcvq", 3}, {"ipsr", 5}, {"epsr", 6}, {"iepsr", 7}, {"msp", 8}, {"psp", 9},
    {"primask", 16}, {"basepri", 17}, {"basepri_max", 18}, {"faultmask", 19}, {"control", 20}};

const struct { const char* name; uint8_t opt; } kBarrier[] = {
    {"sy", 15}, {"st", 14}, {"ish", 11}, {"ishst", 10}, {"un", 7},   {"unst", 6},
    {"osh", 3}, {"oshst", 2}, {"nsh", 7}, {"nshst", 6}};

// ---- template compilation -----------------------------------------------------------------
Syntax compile(const char* tmpl) {
  Syntax sx;
  std::string_view t(tmpl);
  size_t sp = t.find_first_of(" \t");
  std::string_view mn = t.substr(0, sp);
  std::string_view ops = sp == std::string_view::npos ? std::string_view{} : t.substr(sp + 1);
  size_t k = 0;
  while (k < mn.size() && mn[k] != '{' && mn[k] != '.') sx.base += mn[k++];
  while (k < mn.size()) {
    if (mn.substr(k, 4) == "{it}") { sx.has_it = true; k += 4; }
    else if (mn.substr(k, 3) == "{s}") { sx.has_s = true; k += 3; }
    else if (mn.substr(k, 3) == "{c}") { sx.has_c = true; k += 3; }
    else if (mn.substr(k) == ".w" || mn.substr(k) == ".n") { sx.width = std::string(mn.substr(k)); k = mn.size(); }
    else M3_UNREACHABLE(tmpl);
  }
  std::vector<int> open;
  size_t i = 0;
  auto add_lit = [&](char ch) {
    if (sx.ops.empty() || sx.ops.back().kind != TokKind::Lit) sx.ops.push_back(Tok{TokKind::Lit});
    sx.ops.back().text += ch;
  };
  while (i < ops.size()) {
    char ch = ops[i];
    if (ch == '(' && i + 1 < ops.size() && ops[i + 1] == '?') {
      open.push_back(static_cast<int>(sx.ops.size()));
      sx.ops.push_back(Tok{TokKind::OptBegin});
      i += 2;
      continue;
    }
    if (ch == ')' && !open.empty()) {
      sx.ops[open.back()].match = static_cast<int>(sx.ops.size());
      open.pop_back();
      sx.ops.push_back(Tok{TokKind::OptEnd});
      ++i;
      continue;
    }
    if (ch == '{' && ops.substr(i, 2) != "{}" ) {
      size_t e = ops.find('}', i);
      M3_ASSERT(e != std::string_view::npos, tmpl);
      std::string_view name = ops.substr(i + 1, e - i - 1);
      Tok tk{TokKind::Lit};
      bool hash = !sx.ops.empty() && sx.ops.back().kind == TokKind::Lit && !sx.ops.back().text.empty() &&
                  sx.ops.back().text.back() == '#';
      if (name == "d" || name == "n" || name == "m" || name == "a") { tk.kind = TokKind::Reg; tk.which = name[0]; }
      else if (name == "dn") { tk.kind = TokKind::Reg; tk.which = 'D'; }
      else if (name == "a+") tk.kind = TokKind::RaNext;
      else if (name == "i") tk.kind = TokKind::Imm;
      else if (name == "si") tk.kind = TokKind::SImm;
      else if (name == "off") tk.kind = TokKind::Off;
      else if (name == "j") tk.kind = TokKind::Imm2;
      else if (name == "x4") tk.kind = TokKind::Hex4;
      else if (name == "sh") tk.kind = TokKind::Shift;
      else if (name == "rl") tk.kind = TokKind::RegList;
      else if (name == "t") tk.kind = TokKind::Target;
      else if (name == "lit") tk.kind = TokKind::LitLabel;
      else if (name == "fc") tk.kind = TokKind::FirstCond;
      else if (name == "sysm") tk.kind = TokKind::Sysm;
      else if (name == "msr") tk.kind = TokKind::MsrSysm;
      else if (name == "bopt") tk.kind = TokKind::BarrierOpt;
      else if (name == "iflags") tk.kind = TokKind::IFlags;
      else M3_UNREACHABLE(tmpl);
      if (hash && (tk.kind == TokKind::Imm || tk.kind == TokKind::SImm || tk.kind == TokKind::Off ||
                   tk.kind == TokKind::Imm2)) {
        tk.hash = true;
        sx.ops.back().text.pop_back();
        if (sx.ops.back().text.empty()) sx.ops.pop_back();
      }
      sx.ops.push_back(tk);
      i = e + 1;
      continue;
    }
    // A literal register name becomes a FixedReg token.
    if (std::isalpha(static_cast<unsigned char>(ch)) &&
        (i == 0 || !std::isalnum(static_cast<unsigned char>(ops[i - 1])))) {
      size_t e = i;
      while (e < ops.size() && std::isalnum(static_cast<unsigned char>(ops[e]))) ++e;
      int r = parse_reg_name(ops.substr(i, e - i));
      if (r >= 0) {
        Tok tk{TokKind::FixedReg};
        tk.reg = static_cast<uint8_t>(r);
        tk.text = kRegNames[r];
        sx.ops.push_back(tk);
        i = e;
        continue;
      }
      for (; i < e; ++i) add_lit(ops[i]);
      continue;
    }
    add_lit(ch);
    ++i;
  }
  M3_ASSERT(open.empty(), tmpl);
  return sx;
}

struct CompiledForm {
  Syntax print;
  std::vector<Syntax> parse;  // print template first, then aliases
};

const std::vector<CompiledForm>& compiled() {
  static const std::vector<CompiledForm> all = [] {
    std::vector<CompiledForm> v;
    for (const Form& f : forms()) {
      CompiledForm cf;
      cf.print = compile(f.syntax);
      cf.parse.push_back(cf.print);
      for (const char* a : f.aliases)
        if (a) cf.parse.push_back(compile(a));
      v.push_back(std::move(cf));
    }
    return v;
  }();
  return all;
}

// ---- printing -------------------------------------------------------------------------------
std::string hex(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%x", v);
  return buf;
}

uint8_t reg_of(const Inst& in, char which) {
  switch (which) {
    case 'd': case 'D': return in.rd;
    case 'n': return in.rn;
    case 'm': return in.rm;
    default: return in.ra;
  }
}

std::string shift_text(const Inst& in) {
  static const char* const kNames[] = {"lsl", "lsr", "asr", "ror", "rrx"};
  if (in.shift_t == ShiftType::RRX) return ", rrx";
  if (in.shift_n == 0) return "";
  return std::string(", ") + kNames[static_cast<int>(in.shift_t)] + " #" + std::to_string(in.shift_n);
}

bool tok_is_default(const Tok& tk, const Inst& in) {
  switch (tk.kind) {
    case TokKind::Imm: case TokKind::SImm: case TokKind::Hex4: return in.imm == 0;
    case TokKind::Off: return in.imm == 0 && in.add;
    case TokKind::Imm2: return in.imm2 == 0;
    case TokKind::Shift: return shift_text(in).empty();
    default: return true;
  }
}

std::string print_ops(const Form& f, const Syntax& sx, const Inst& in, uint32_t addr, const DisasmOptions& opt) {
  (void)f;
  std::string out;
  for (size_t k = 0; k < sx.ops.size(); ++k) {
    const Tok& tk = sx.ops[k];
    switch (tk.kind) {
      case TokKind::Lit: out += tk.text; break;
      case TokKind::FixedReg: out += tk.text; break;
      case TokKind::Reg: out += kRegNames[reg_of(in, tk.which) & 15]; break;
      case TokKind::RaNext: break;
      case TokKind::Imm: out += (tk.hash ? "#" : "") + std::to_string(in.imm); break;
      case TokKind::SImm: out += (tk.hash ? "#" : "") + std::to_string(static_cast<int32_t>(in.imm)); break;
      case TokKind::Off:
        out += tk.hash ? "#" : "";
        out += (in.add ? "" : "-") + std::to_string(in.imm);
        break;
      case TokKind::Imm2: out += (tk.hash ? "#" : "") + std::to_string(in.imm2); break;
      case TokKind::Hex4: {
        char buf[16];
        std::snprintf(buf, sizeof buf, "0x%04x", in.imm);
        out += buf;
        break;
      }
      case TokKind::Shift: out += shift_text(in); break;
      case TokKind::RegList: {
        out += "{";
        bool first = true;
        for (int r = 0; r < 16; ++r)
          if (in.reglist & (1u << r)) {
            if (!first) out += ", ";
            out += kRegNames[r];
            first = false;
          }
        out += "}";
        break;
      }
      case TokKind::Target: {
        uint32_t target = addr + 4 + in.imm;
        out += hex(target);
        if (opt.symbolize)
          if (auto s = opt.symbolize(target)) out += " <" + *s + ">";
        break;
      }
      case TokKind::LitLabel: {
        uint32_t target = ((addr + 4) & ~3u) + (in.add ? in.imm : -in.imm);
        out += hex(target);
        break;
      }
      case TokKind::FirstCond: out += (in.cond & 15) == kAL ? "al" : kCondNames[in.cond & 15]; break;
      case TokKind::Sysm:
      case TokKind::MsrSysm: {
        const char* name = nullptr;
        for (auto& s : kSysm)
          if (s.sysm == in.imm) name = tk.kind == TokKind::Sysm ? s.mrs : s.msr;
        out += name ? name : std::to_string(in.imm);
        break;
      }
      case TokKind::BarrierOpt: {
        const char* name = nullptr;
        for (auto& b : kBarrier)
          if (b.opt == in.imm) { name = b.name; break; }
        out += name ? std::string(name) : "#" + std::to_string(in.imm);
        break;
      }
      case TokKind::IFlags:
        if (in.imm & 2) out += "i";
        if (in.imm & 1) out += "f";
        break;
      case TokKind::OptBegin: {
        bool all_default = true;
        for (int q = static_cast<int>(k) + 1; q < tk.match; ++q)
          if (!tok_is_default(sx.ops[q], in)) all_default = false;
        if (all_default) k = static_cast<size_t>(tk.match);
        break;
      }
      case TokKind::OptEnd: break;
    }
  }
  return out;
}

std::string it_mask_letters(uint8_t firstcond, uint8_t mask) {
  std::string s;
  int low = 0;
  while (low < 4 && !((mask >> low) & 1)) ++low;
  for (int b = 3; b > low; --b) s += (((mask >> b) & 1) == (firstcond & 1)) ? 't' : 'e';
  return s;
}

}  // namespace

const char* reg_name(unsigned r) { return kRegNames[r & 15]; }
const char* cond_name(unsigned c) { return kCondNames[c & 15]; }

std::string disassemble(const Inst& in, uint32_t addr, ItState it, const DisasmOptions& opt) {
  const Form& f = form(in.form);
  const Syntax& sx = compiled()[in.form].print;
  std::string out = sx.base;
  if (sx.has_it) out += it_mask_letters(in.cond, in.imm2);
  if (sx.has_s && !(f.opts & kSetFlagsAlways)) {
    bool sets = in.setflags == SetFlags::Always || (in.setflags == SetFlags::OutsideIt && !it.in_it());
    if (sets) out += "s";
  }
  if (sx.has_c) {
    if (f.pat.field('c') && !sx.has_it)
      out += kCondNames[in.cond & 15];
    else if (it.in_it())
      out += it.cond() == kAL ? "al" : kCondNames[it.cond() & 15];  // objdump: "it al" / "nopal"
  }
  out += sx.width;
  std::string ops = print_ops(f, sx, in, addr, opt);
  if (!ops.empty()) out += "\t" + ops;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Parsing (assembler)
// ---------------------------------------------------------------------------------------------
namespace {

enum SetBit : uint32_t {
  kSetRd = 1, kSetRn = 2, kSetRm = 4, kSetRa = 8, kSetImm = 16, kSetImm2 = 32, kSetShift = 64,
  kSetRegList = 128, kSetAdd = 256, kSetCond = 512,
};

struct Parser {
  std::string_view s;
  size_t pos = 0;
  const AsmContext& ctx;
  std::string err;
  size_t err_pos = 0;

  void skip_ws() {
    while (pos < s.size() && std::isspace(static_cast<unsigned char>(s[pos]))) ++pos;
  }
  bool fail(std::string m) {
    if (err.empty() || pos >= err_pos) {
      err = std::move(m);
      err_pos = pos;
    }
    return false;
  }
  std::string_view ident() {
    skip_ws();
    size_t b = pos;
    while (pos < s.size() && (std::isalnum(static_cast<unsigned char>(s[pos])) || s[pos] == '_')) ++pos;
    return s.substr(b, pos - b);
  }
  bool reg(uint8_t& r) {
    size_t save = pos;
    std::string_view id = ident();
    int v = parse_reg_name(id);
    if (v < 0) {
      pos = save;
      skip_ws();
      return fail("expected a register");
    }
    r = static_cast<uint8_t>(v);
    return true;
  }
  // An expression runs to the next ',' ']' '}' or '!' at nesting depth 0, or to the end.
  bool expr(int64_t& v) {
    skip_ws();
    size_t b = pos;
    int depth = 0;
    while (pos < s.size()) {
      char ch = s[pos];
      if (ch == '(') ++depth;
      else if (ch == ')') { if (depth == 0) break; --depth; }
      else if (depth == 0 && (ch == ',' || ch == ']' || ch == '}' || (ch == '!' && (pos + 1 >= s.size() || s[pos + 1] != '='))))
        break;
      ++pos;
    }
    std::string_view e = s.substr(b, pos - b);
    while (!e.empty() && std::isspace(static_cast<unsigned char>(e.back()))) e.remove_suffix(1);
    if (e.empty()) { pos = b; return fail("expected an expression"); }
    if (!ctx.eval) { pos = b; return fail("expressions are not available here"); }
    std::string m;
    if (!ctx.eval(e, v, m)) { pos = b; return fail(m.empty() ? "bad expression" : m); }
    return true;
  }
  bool imm(bool hash_ok, int64_t& v) {
    skip_ws();
    if (hash_ok && pos < s.size() && (s[pos] == '#' || s[pos] == '$')) ++pos;
    return expr(v);
  }
  bool lit(std::string_view t) {
    for (char ch : t) {
      if (std::isspace(static_cast<unsigned char>(ch))) { skip_ws(); continue; }
      skip_ws();
      if (pos >= s.size() || std::tolower(static_cast<unsigned char>(s[pos])) != std::tolower(static_cast<unsigned char>(ch)))
        return fail(std::string("expected '") + ch + "'");
      ++pos;
    }
    return true;
  }
  bool at_end() {
    skip_ws();
    return pos >= s.size();
  }
};

bool parse_shift(Parser& p, Inst& in) {
  size_t save = p.pos;
  p.skip_ws();
  if (p.pos >= p.s.size() || p.s[p.pos] != ',') return true;  // absent: LSL #0
  ++p.pos;
  std::string_view id = p.ident();
  std::string l(id);
  for (char& ch : l) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  static const char* const kNames[] = {"lsl", "lsr", "asr", "ror", "rrx"};
  int t = -1;
  for (int k = 0; k < 5; ++k)
    if (l == kNames[k]) t = k;
  if (t < 0) {
    p.pos = save;
    return true;  // not a shift: leave the comma for the next token
  }
  in.shift_t = static_cast<ShiftType>(t);
  if (t == 4) { in.shift_n = 1; return true; }
  int64_t v = 0;
  if (!p.imm(true, v)) return false;
  if (v < 0 || v > 32) return p.fail("shift amount out of range");
  in.shift_n = static_cast<uint8_t>(v);
  if (in.shift_n == 0) in.shift_t = ShiftType::LSL;  // "lsr #0" etc. means no shift
  return true;
}

bool parse_reglist(Parser& p, Inst& in) {
  if (!p.lit("{")) return false;
  uint16_t list = 0;
  p.skip_ws();
  if (p.pos < p.s.size() && p.s[p.pos] == '}') { ++p.pos; in.reglist = 0; return true; }
  for (;;) {
    uint8_t a = 0;
    if (!p.reg(a)) return false;
    p.skip_ws();
    uint8_t b = a;
    if (p.pos < p.s.size() && p.s[p.pos] == '-') {
      ++p.pos;
      if (!p.reg(b)) return false;
      if (b < a) return p.fail("bad register range");
    }
    for (int r = a; r <= b; ++r) list = static_cast<uint16_t>(list | (1u << r));
    p.skip_ws();
    if (p.pos < p.s.size() && p.s[p.pos] == ',') { ++p.pos; continue; }
    if (!p.lit("}")) return false;
    break;
  }
  in.reglist = list;
  return true;
}

// Parses the operand text against tokens [b, e). Sets bits in `set` for the fields it fills.
bool parse_tokens(Parser& p, const Syntax& sx, size_t b, size_t e, Inst& in, uint32_t& set) {
  for (size_t k = b; k < e; ++k) {
    const Tok& tk = sx.ops[k];
    int64_t v = 0;
    switch (tk.kind) {
      case TokKind::Lit:
        if (!p.lit(tk.text)) return false;
        break;
      case TokKind::FixedReg: {
        uint8_t r = 0;
        if (!p.reg(r)) return false;
        if (r != tk.reg) return p.fail(std::string("expected ") + tk.text);
        break;
      }
      case TokKind::Reg: {
        uint8_t r = 0;
        if (!p.reg(r)) return false;
        // A register named twice in a template ("mul r0, r1, r0") must be the same register.
        uint32_t bit = tk.which == 'd' ? kSetRd : tk.which == 'D' ? kSetRd : tk.which == 'n' ? kSetRn
                       : tk.which == 'm' ? kSetRm : kSetRa;
        uint8_t prev = tk.which == 'd' || tk.which == 'D' ? in.rd : tk.which == 'n' ? in.rn
                       : tk.which == 'm' ? in.rm : in.ra;
        if ((set & bit) && prev != r) return p.fail(std::string("expected ") + kRegNames[prev]);
        switch (tk.which) {
          case 'd': in.rd = r; set |= kSetRd; break;
          case 'D': in.rd = in.rn = r; set |= kSetRd | kSetRn; break;
          case 'n': in.rn = r; set |= kSetRn; break;
          case 'm': in.rm = r; set |= kSetRm; break;
          default: in.ra = r; set |= kSetRa; break;
        }
        break;
      }
      case TokKind::RaNext:
        if (in.rd >= 14) return p.fail("Rt must be r0-r13 when Rt2 is implied");
        in.ra = static_cast<uint8_t>(in.rd + 1);
        set |= kSetRa;
        break;
      case TokKind::Imm:
      case TokKind::SImm:
      case TokKind::Hex4:
        if (!p.imm(true, v)) return false;
        if (v < INT32_MIN || v > UINT32_MAX) return p.fail("immediate out of range");
        in.imm = static_cast<uint32_t>(v);
        set |= kSetImm;
        break;
      case TokKind::Off: {
        p.skip_ws();
        if (p.pos < p.s.size() && (p.s[p.pos] == '#' || p.s[p.pos] == '$')) ++p.pos;
        p.skip_ws();
        bool neg = p.pos < p.s.size() && p.s[p.pos] == '-';
        if (!p.imm(false, v)) return false;
        if (v < -0xffffffffLL || v > 0xffffffffLL) return p.fail("offset out of range");
        in.add = !(v < 0 || (v == 0 && neg));
        in.imm = static_cast<uint32_t>(v < 0 ? -v : v);
        set |= kSetImm | kSetAdd;
        break;
      }
      case TokKind::Imm2:
        if (!p.imm(true, v)) return false;
        if (v < 0 || v > 255) return p.fail("immediate out of range");
        in.imm2 = static_cast<uint8_t>(v);
        set |= kSetImm2;
        break;
      case TokKind::Shift:
        if (!parse_shift(p, in)) return false;
        set |= kSetShift;
        break;
      case TokKind::RegList:
        if (!parse_reglist(p, in)) return false;
        set |= kSetRegList;
        break;
      case TokKind::Target:
        if (!p.expr(v)) return false;
        in.imm = static_cast<uint32_t>(v - (static_cast<int64_t>(p.ctx.addr) + 4));
        set |= kSetImm;
        break;
      case TokKind::LitLabel: {
        p.skip_ws();
        if (p.pos < p.s.size() && (p.s[p.pos] == '[' || p.s[p.pos] == '=' || p.s[p.pos] == '#'))
          return p.fail("expected a label");
        if (!p.expr(v)) return false;
        int64_t d = v - ((static_cast<int64_t>(p.ctx.addr) + 4) & ~int64_t{3});
        in.add = d >= 0;
        in.imm = static_cast<uint32_t>(d < 0 ? -d : d);
        set |= kSetImm | kSetAdd;
        break;
      }
      case TokKind::FirstCond: {
        std::string_view id = p.ident();
        int c = parse_cond_name(id);
        if (c < 0) return p.fail("expected a condition");
        in.cond = static_cast<uint8_t>(c);
        set |= kSetCond;
        break;
      }
      case TokKind::Sysm:
      case TokKind::MsrSysm: {
        std::string_view id = p.ident();
        std::string l(id);
        for (char& ch : l) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        int found = -1;
        for (auto& n : kSysmInput)
          if (l == n.name) found = n.sysm;
        if (found < 0) return p.fail("unknown special register");
        in.imm = static_cast<uint32_t>(found);
        set |= kSetImm;
        break;
      }
      case TokKind::BarrierOpt: {
        p.skip_ws();
        size_t save = p.pos;
        std::string_view id = p.ident();
        std::string l(id);
        for (char& ch : l) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        int found = -1;
        for (auto& bo : kBarrier)
          if (l == bo.name) found = bo.opt;
        if (found < 0) {
          p.pos = save;
          if (!p.imm(true, v)) return false;
          if (v < 0 || v > 15) return p.fail("barrier option out of range");
          found = static_cast<int>(v);
        }
        in.imm = static_cast<uint32_t>(found);
        set |= kSetImm;
        break;
      }
      case TokKind::IFlags: {
        std::string_view id = p.ident();
        uint32_t fl = 0;
        for (char ch : id) {
          char l = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
          if (l == 'i') fl |= 2;
          else if (l == 'f') fl |= 1;
          else if (l == 'a') fl |= 4;
          else return p.fail("bad CPS flags");
        }
        if (fl == 0) return p.fail("expected CPS flags");
        in.imm = fl;
        set |= kSetImm;
        break;
      }
      case TokKind::OptBegin: {
        size_t save = p.pos;
        Inst saved = in;
        uint32_t saved_set = set;
        std::string saved_err = p.err;
        size_t saved_err_pos = p.err_pos;
        if (!parse_tokens(p, sx, k + 1, static_cast<size_t>(tk.match), in, set)) {
          p.pos = save;
          in = saved;
          set = saved_set;
          p.err = saved_err;
          p.err_pos = saved_err_pos;
        }
        k = static_cast<size_t>(tk.match);
        break;
      }
      case TokKind::OptEnd: break;
    }
  }
  return true;
}

struct MnemonicParts {
  std::string base;
  bool s = false;
  int cond = -1;
  WidthHint width;
  uint8_t it_mask = 0;  // for IT: the t/e letters as parsed
  std::string it_letters;
};

// Does the user's mnemonic (lowercased, width suffix removed) spell this template's mnemonic?
bool match_mnemonic(const Syntax& sx, std::string_view user, MnemonicParts& mp) {
  if (user.substr(0, sx.base.size()) != sx.base) return false;
  std::string_view rest = user.substr(sx.base.size());
  mp = MnemonicParts{};
  mp.base = sx.base;
  if (sx.has_it) {
    size_t n = 0;
    while (n < rest.size() && n < 3 && (rest[n] == 't' || rest[n] == 'e')) ++n;
    mp.it_letters = std::string(rest.substr(0, n));
    rest.remove_prefix(n);
    return rest.empty();
  }
  if (sx.has_s && !rest.empty() && rest[0] == 's') {
    // "s" could also start a condition? No condition starts with 's'.
    mp.s = true;
    rest.remove_prefix(1);
  }
  if (sx.has_c && rest.size() == 2) {
    int c = parse_cond_name(rest);
    if (c < 0) return false;
    mp.cond = c;
    rest = {};
  }
  return rest.empty();
}

std::string lower(std::string_view s) {
  std::string l(s);
  for (char& ch : l) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return l;
}

}  // namespace

std::vector<uint16_t> candidate_forms(std::string_view mnemonic) {
  std::string m = lower(mnemonic);
  if (m.size() > 2 && (m.ends_with(".w") || m.ends_with(".n"))) m.resize(m.size() - 2);
  std::vector<uint16_t> out;
  const auto& cf = compiled();
  for (uint16_t k = 0; k < cf.size(); ++k) {
    for (const Syntax& sx : cf[k].parse) {
      MnemonicParts mp;
      if (match_mnemonic(sx, m, mp)) {
        out.push_back(k);
        break;
      }
    }
  }
  return out;
}

namespace {

// One statement against the table, exactly as written.
std::optional<Assembled> assemble_exact(std::string_view stmt, const AsmContext& ctx, AsmError& err) {
  // Split mnemonic and operands.
  size_t b = 0;
  while (b < stmt.size() && std::isspace(static_cast<unsigned char>(stmt[b]))) ++b;
  size_t e = b;
  while (e < stmt.size() && !std::isspace(static_cast<unsigned char>(stmt[e]))) ++e;
  std::string mn = lower(stmt.substr(b, e - b));
  std::string_view operands = stmt.substr(e);
  size_t ops_col = e;
  WidthHint width;
  if (mn.size() > 2 && mn.ends_with(".w")) { width.kind = WidthHint::Wide; mn.resize(mn.size() - 2); }
  else if (mn.size() > 2 && mn.ends_with(".n")) { width.kind = WidthHint::Narrow; mn.resize(mn.size() - 2); }

  const auto& cf = compiled();
  bool any_mnemonic = false;
  std::string best_err;
  int best_col = -1;
  size_t best_progress = 0;
  bool have_parse = false;  // some candidate parsed its operands (so the failure is a range/encoding one)
  auto note = [&](const std::string& m, size_t progress, bool parsed) {
    if (parsed && !have_parse) {
      have_parse = true;
      best_err = m;
      best_col = static_cast<int>(ops_col);
      return;
    }
    if (have_parse && !parsed) return;
    if (best_err.empty() || progress > best_progress) {
      best_err = m;
      best_progress = progress;
      best_col = static_cast<int>(ops_col + progress);
    }
  };

  for (uint16_t k = 0; k < cf.size(); ++k) {
    const Form& f = form(k);
    if (f.opts & kPrintOnly) continue;
    if (width.kind == WidthHint::Narrow && f.pat.size != 2) continue;
    if (width.kind == WidthHint::Wide && f.pat.size != 4) continue;
    for (const Syntax& sx : cf[k].parse) {
      MnemonicParts mp;
      if (!match_mnemonic(sx, mn, mp)) continue;
      any_mnemonic = true;
      Inst in;
      in.form = k;
      in.size = f.pat.size;
      in.exec = f.exec;
      uint32_t set = 0;

      // Conditions and IT context.
      bool has_cond_field = f.pat.field('c') != nullptr && !sx.has_it;
      if (sx.has_it) {
        in.cond = kAL;
      } else if (has_cond_field) {
        if (ctx.it.in_it()) {
          note("conditional branch inside an IT block must use the IT condition", 0, false);
          continue;
        }
        in.cond = static_cast<uint8_t>(mp.cond < 0 ? kAL : mp.cond);
        set |= kSetCond;
      } else if (ctx.it.in_it() && sx.has_c) {
        int want = ctx.it.cond();
        if (mp.cond != want && !(mp.cond < 0 && want == kAL)) {
          note(std::string("instruction inside an IT block needs the condition '") + cond_name(want) + "'", 0,
               false);
          continue;
        }
      } else if (!ctx.it.in_it() && mp.cond >= 0 && mp.cond != kAL) {
        note("conditional instruction outside an IT block", 0, false);
        continue;
      }
      if ((f.opts & kNotInIt) && ctx.it.in_it()) {
        note("instruction not allowed in an IT block", 0, false);
        continue;
      }
      if ((f.opts & kLastInIt) && ctx.it.in_it() && !ctx.it.last_in_it()) {
        note("instruction must be last in an IT block", 0, false);
        continue;
      }
      // Flag setting.
      if (!(f.opts & kSetFlagsAlways)) {
        if (f.opts & kSetFlagsOutsideIt) {
          if (mp.s == ctx.it.in_it()) {
            note(mp.s ? "this encoding does not set flags inside an IT block" : "this encoding sets the flags", 0,
                 false);
            continue;
          }
          in.setflags = SetFlags::OutsideIt;
        } else if (f.pat.field('s')) {
          in.setflags = mp.s ? SetFlags::Always : SetFlags::Never;
        } else if (mp.s) {
          continue;
        }
      }

      Parser p{operands, 0, ctx, {}, 0};
      bool ok = parse_tokens(p, sx, 0, sx.ops.size(), in, set);
      if (ok && !p.at_end()) ok = p.fail("unexpected text after the operands");
      if (!ok) {
        note(p.err, p.err_pos, false);
        continue;
      }
      if (sx.has_it) {
        // mask from the letters and firstcond: ARM ARM A7.7.37.
        uint8_t mask = 0;
        size_t nl = mp.it_letters.size();
        uint8_t fc0 = in.cond & 1;
        for (size_t q = 0; q < nl; ++q) {
          uint8_t bit = mp.it_letters[q] == 't' ? fc0 : static_cast<uint8_t>(fc0 ^ 1);
          mask = static_cast<uint8_t>(mask | (bit << (3 - q)));
        }
        mask = static_cast<uint8_t>(mask | (1u << (3 - nl)));
        in.imm2 = mask;
        set |= kSetImm2;
      }
      auto raw = encode_fields(in);
      std::optional<Inst> back;
      if (raw) back = decode(*raw, f.pat.size);
      // A print-only form shadows part of a general one: the general form may encode it.
      bool same = back && (back->form == k || ((form(back->form).opts & kPrintOnly) && back->exec == f.exec));
      if (same) {
        const Inst& d = *back;
        if ((set & kSetRd) && d.rd != in.rd) same = false;
        if ((set & kSetRn) && d.rn != in.rn) same = false;
        if ((set & kSetRm) && d.rm != in.rm) same = false;
        if ((set & kSetRa) && d.ra != in.ra) same = false;
        if ((set & kSetImm) && d.imm != in.imm) same = false;
        if ((set & kSetImm2) && d.imm2 != in.imm2) same = false;
        if ((set & kSetShift) && (d.shift_n != in.shift_n || (in.shift_n != 0 && d.shift_t != in.shift_t)))
          same = false;
        if ((set & kSetRegList) && d.reglist != in.reglist) same = false;
        if ((set & kSetAdd) && d.add != in.add) same = false;
        if ((set & kSetCond) && d.cond != in.cond) same = false;
        if (d.setflags != in.setflags && !(f.opts & kSetFlagsAlways)) same = false;
      }
      if (!same) {
        std::string what = "operands out of range for this instruction";
        if (set & kSetImm) what = "immediate or offset out of range (" + std::to_string(static_cast<int32_t>(in.imm)) + ")";
        note(what, 0, true);
        continue;
      }
      return Assembled{*back, *raw};
    }
  }
  if (!any_mnemonic) {
    err.message = "unknown instruction '" + std::string(stmt.substr(b, e - b)) + "'";
    err.column = static_cast<int>(b);
    return std::nullopt;
  }
  err.message = best_err.empty() ? "invalid operands" : best_err;
  err.column = best_col;
  return std::nullopt;
}

// Splits "a, b, c" at its top-level commas (none of the rewritten forms has brackets or braces).
std::vector<std::string> split_operands(std::string_view ops) {
  std::vector<std::string> out;
  std::string cur;
  for (char ch : ops) {
    if (ch == ',') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += ch;
    }
  }
  out.push_back(cur);
  for (auto& o : out) {
    size_t b = o.find_first_not_of(" \t");
    size_t e = o.find_last_not_of(" \t");
    o = b == std::string::npos ? std::string() : o.substr(b, e - b + 1);
  }
  return out;
}

std::string join_operands(const std::vector<std::string>& ops) {
  std::string s;
  for (size_t k = 0; k < ops.size(); ++k) s += (k ? ", " : "") + ops[k];
  return s;
}

bool is_register_name(const std::string& s) {
  std::string l = lower(s);
  if (l == "sp" || l == "lr" || l == "pc" || l == "ip" || l == "fp" || l == "sl" || l == "sb") return true;
  if (l.size() < 2 || l.size() > 3 || l[0] != 'r') return false;
  for (size_t k = 1; k < l.size(); ++k)
    if (!std::isdigit(static_cast<unsigned char>(l[k]))) return false;
  return std::stoi(l.substr(1)) <= 15;
}

}  // namespace

// GNU as accepts shorthands that the table's objdump-style templates do not spell out; when the
// statement does not assemble as written, they are tried in turn:
//   "op{s} Rd, <operand2>"  -> "op{s} Rd, Rd, <operand2>" (MUL: "mul Rd, Rm, Rd") for the data-processing and shift
//                              mnemonics (so "add r11, #1", "orr r1, r2", "and r8, #255" work at
//                              any register number, not only where a 16-bit form exists);
//   "lsl{s} Rd, Rm, #n"     -> "mov{s}.w Rd, Rm, lsl #n" (likewise lsr, asr, ror): the 32-bit
//                              shift-immediate instructions are MOV (register) with a shift, the
//                              spelling objdump prints; "rrx{s} Rd, Rm" -> "mov{s}.w Rd, Rm, rrx".
// The first error (of the statement as written) is the one reported.
std::optional<Assembled> assemble_one(std::string_view stmt, const AsmContext& ctx, AsmError& err) {
  auto exact = assemble_exact(stmt, ctx, err);
  if (exact) return exact;
  size_t b = 0;
  while (b < stmt.size() && std::isspace(static_cast<unsigned char>(stmt[b]))) ++b;
  size_t e = b;
  while (e < stmt.size() && !std::isspace(static_cast<unsigned char>(stmt[e]))) ++e;
  std::string mn_full(stmt.substr(b, e - b));
  std::string mn = lower(mn_full);
  if (mn.size() < 3) return std::nullopt;
  std::string base = mn.substr(0, 3), suffix = mn.substr(3);
  static const char* const kDp[] = {"add", "adc", "sub", "sbc", "rsb", "and", "orr", "orn", "eor",
                                    "bic", "lsl", "lsr", "asr", "ror", "mul"};
  bool dp = std::find_if(std::begin(kDp), std::end(kDp), [&](const char* m) { return base == m; }) != std::end(kDp);
  bool shift = base == "lsl" || base == "lsr" || base == "asr" || base == "ror";
  std::vector<std::string> ops = split_operands(stmt.substr(e));
  std::vector<std::vector<std::string>> tries;  // candidate operand lists (mnemonic kept)
  // MUL is commutative and GNU as reads "mul Rd, Rm" as "mul Rd, Rm, Rd".
  if (dp && ops.size() == 2 && is_register_name(ops[0]))
    tries.push_back(base == "mul" ? std::vector<std::string>{ops[0], ops[1], ops[0]}
                                  : std::vector<std::string>{ops[0], ops[0], ops[1]});
  std::vector<std::string> three = ops;
  if (dp && ops.size() == 2 && is_register_name(ops[0])) three = {ops[0], ops[0], ops[1]};
  auto attempt = [&](const std::string& text) -> std::optional<Assembled> {
    AsmError e2;
    return assemble_exact(text, ctx, e2);
  };
  for (const auto& t : tries) {
    if (auto r = attempt(std::string(stmt.substr(0, e)) + " " + join_operands(t))) return r;
  }
  // Shift mnemonics with an immediate amount, and RRX, as MOV with a shift.
  if (shift && three.size() == 3 && !three[2].empty() && three[2][0] == '#') {
    std::string text = "mov" + suffix + " " + three[0] + ", " + three[1] + ", " + base + " " + three[2];
    if (auto r = attempt(text)) return r;
  }
  if (base == "rrx" && ops.size() == 2) {
    if (auto r = attempt("mov" + suffix + " " + ops[0] + ", " + ops[1] + ", rrx")) return r;
  }
  return std::nullopt;
}

}  // namespace m3::isa
