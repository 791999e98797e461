// The assembler: GNU as unified-syntax Thumb source to an executable ElfImage laid out on the
// memory map.
//
// Passes: the statements are scanned once (asm_source.cpp); then the whole program is laid out
// and encoded repeatedly. Each pass evaluates symbols with the values of the previous pass (or,
// the first time, a provisional value that makes a branch distance zero), every instruction keeps
// the largest size any pass gave it (so sizes only grow and the iteration terminates, as GNU as's
// relaxation does), and the passes stop at a fixed point of sizes, symbol values and literal pool
// addresses. One more pass then runs with undefined symbols as errors and produces the bytes.
#include "m3lab/isa/assembler.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "asm_expr.hpp"
#include "asm_source.hpp"
#include "m3lab/isa/check.hpp"
#include "m3lab/isa/codec.hpp"
#include "m3lab/isa/table.hpp"

namespace m3::isa {

namespace {

using asmx::Arg;
using asmx::ExprValue;
using asmx::Stmt;

// Output section families, in the order they are placed.
enum class Family : uint8_t { Isr, Text, Rodata, Data, Bss, None };
constexpr const char* kFamilyName[] = {".isr_vector", ".text", ".rodata", ".data", ".bss", ""};

constexpr uint32_t kVectorTableSize = 16 * 4;  // the generated table: SP, Reset and 14 system vectors
constexpr int kMaxPasses = 40;
constexpr size_t kMaxExecuted = 500'000;  // statements per pass, after .rept expansion

std::string lower(std::string_view s) {
  std::string l(s);
  for (char& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return l;
}

bool starts_family(std::string_view name, std::string_view fam) {
  return name == fam ||
         (name.size() > fam.size() && name.substr(0, fam.size()) == fam && name[fam.size()] == '.');
}

uint32_t align_up(uint32_t v, uint32_t a) { return a <= 1 ? v : (v + a - 1) & ~(a - 1); }

struct PoolEntry {
  std::string key;
  ExprValue val;
  std::vector<size_t> users;  // statement indices of the ldr =... that use it
};

// A named input section (".text", ".text.startup", ".rodata"...); chunks of one family are placed
// one after another in order of first appearance, as ld's *(.text*) does.
struct Chunk {
  std::string name;
  Family fam = Family::Text;
  bool code = false;    // Thumb code section: alignment padding is NOPs
  bool nobits = false;  // .bss: size only
  uint32_t base = 0;    // address (from the previous pass while a pass runs)
  // Per pass:
  std::vector<uint8_t> data;
  uint32_t size = 0;
  uint32_t align = 1;
  std::vector<PoolEntry> pool;
  char map = 0;  // current mapping state: 't', 'd' or 0
  bool too_big = false;
};

struct Symbol {
  std::string name;
  // Attributes (kept across passes: GNU as applies them at the end of assembly).
  bool global = false;
  bool thumb = false;  // .thumb_func or .type %function
  bool object = false;
  std::optional<uint32_t> size;
  // Definition (per pass).
  bool defined = false;
  bool is_label = false;
  int chunk = -1;  // -1 = absolute
  uint32_t offset = 0;
  ExprValue val;  // absolute value (labels: address)
  int line = 0;
  int order = 0;
};

struct MapSym {
  int chunk;
  uint32_t offset;
  char kind;
};

class Assembler {
 public:
  Assembler(const std::string& source, const std::string& file, const AsmOptions& opt)
      : file_(file), opt_(opt) {
    stmts_ = asmx::scan_source(source, lines_);
  }

  std::optional<AsmResult> run(Diagnostics& diags);

 private:
  // ---- pass driver ----
  void pass(bool final);
  void layout();
  void statement(size_t idx);
  bool conditional(const Stmt& st);
  void run_range(size_t b, size_t e, int depth);
  void define_label(const Stmt& st, const asmx::Label& l);
  void directive(size_t idx);
  void instruction(size_t idx);
  void ldr_literal(size_t idx, const std::string& mn_cond, const std::string& width, size_t reg_b,
                   size_t reg_e, size_t eq_pos);
  void flush_pool(int c);

  // ---- emission ----
  Chunk& cur() { return chunks_[static_cast<size_t>(cur_)]; }
  uint32_t here() { return cur().base + cur().size; }
  void mapping(char kind);
  bool room(uint64_t n);
  void grow(size_t slot, uint8_t sz);
  void emit_inst(const Assembled& a);
  void emit(const uint8_t* p, size_t n, char kind);
  void emit_value(int64_t v, unsigned nbytes, const Stmt& st, int col);
  void pad(uint32_t n, std::optional<uint8_t> fill);
  void align_to(uint32_t a, std::optional<uint8_t> fill, uint32_t max_skip = UINT32_MAX);
  int chunk_for(const std::string& name, Family fam, bool code, bool nobits);
  void set_section(const std::string& name, const std::string& flags, bool nobits_type);

  // ---- expressions ----
  bool eval(std::string_view text, int col, ExprValue& out, bool report);
  bool eval_data(const Arg& a, int64_t& v);  // with the Thumb bit applied
  bool lookup(std::string_view name, ExprValue& out, std::string& err);
  std::optional<Assembled> try_assemble(const std::string& text, int text_col, uint32_t addr, int prov,
                                        AsmError& err);
  std::string local_name(std::string_view num, bool forward);
  Symbol& sym(const std::string& name);

  // ---- diagnostics ----
  void error(int line, int col0, std::string msg) {
    if (final_) pass_diags_.error(file_, line, col0 + 1, std::move(msg), src_line(line));
  }
  void warning(int line, int col0, std::string msg) {
    if (final_) pass_diags_.warning(file_, line, col0 + 1, std::move(msg), src_line(line));
  }
  std::string src_line(int line) const {
    return line >= 1 && static_cast<size_t>(line) <= lines_.size() ? lines_[static_cast<size_t>(line) - 1]
                                                                   : "";
  }

  AsmResult build_image();

  std::string file_;
  AsmOptions opt_;
  std::vector<std::string> lines_;
  std::vector<Stmt> stmts_;

  // Kept across passes.
  // Instruction sizes (only grow), by execution order in a pass: a statement inside .rept is
  // one instruction per repetition.
  std::vector<uint8_t> size_;
  // Where each ldr =... statement's pool entry went: (chunk, offset), so that a change of the
  // section's base between passes does not look like a distance change.
  std::map<size_t, std::pair<int, uint32_t>> pool_addr_, pool_addr_prev_;
  std::vector<Chunk> chunks_;
  std::map<std::string, Symbol> syms_;
  std::unordered_map<std::string, int64_t> prev_values_;
  // Symbols a GNU ld script for a Cortex-M board usually provides (_estack, _sbss, _ebss...),
  // from the last layout; defined only where the program does not define them itself.
  std::map<std::string, int64_t> linker_syms_;
  std::set<std::string> linker_used_;
  bool changed_ = false;

  // Per pass.
  bool final_ = false;
  size_t executed_ = 0;
  bool too_many_ = false;            // the statement limit was hit: skip to the final pass (an error)
  size_t slot_ = 0, next_slot_ = 0;  // the current instruction's index in size_; the next one
  Diagnostics pass_diags_;
  int cur_ = 0;
  std::vector<int> section_stack_;
  int prev_section_ = 0;
  ItState it_{};
  bool thumb_func_pending_ = false;
  bool stop_ = false;  // .end
  std::unordered_map<std::string, int> local_count_;
  struct Cond {
    bool active;       // statements are assembled
    bool else_active;  // the .else branch will be
    int line;
  };
  std::vector<Cond> cond_;
  std::vector<MapSym> maps_;
  std::vector<std::pair<int, uint32_t>> line_map_;  // (chunk, offset) -> line via parallel vector
  std::vector<int> line_map_lines_;
  int sym_order_ = 0;
  bool vector_generated_ = false;
  uint32_t vector_base_ = 0;
  std::optional<std::pair<int, uint32_t>> first_text_insn_;
  // Evaluation context.
  uint32_t dot_ = 0;
  bool used_provisional_ = false;
  int64_t provisional_ = 0;
  std::string undef_name_;
  int undef_col_ = -1;
  int cur_line_ = 0;
  bool thumb_bit_in_code_ = false;
  std::string eval_err_;  // the last expression error inside an instruction, and its column
  int eval_err_col_ = 0;  // ADR of a Thumb function gives its address | 1, as GNU as does
};

Symbol& Assembler::sym(const std::string& name) {
  auto it = syms_.find(name);
  if (it == syms_.end()) {
    it = syms_.emplace(name, Symbol{}).first;
    it->second.name = name;
  }
  return it->second;
}

// Local numeric labels ("1:") become unique internal names; "1b" is the latest definition, "1f"
// the next one.
std::string Assembler::local_name(std::string_view num, bool forward) {
  std::string n(num);
  int k = local_count_[n] + (forward ? 1 : 0);
  return n + "\x02" + std::to_string(k);
}

bool Assembler::lookup(std::string_view name, ExprValue& out, std::string& err) {
  if (name == ".") {
    out = ExprValue{static_cast<int64_t>(dot_), false, false};
    return true;
  }
  std::string key(name);
  std::string shown = key;
  if (!name.empty() && std::isdigit(static_cast<unsigned char>(name[0]))) {
    char dir = static_cast<char>(std::tolower(static_cast<unsigned char>(name.back())));
    key = local_name(name.substr(0, name.size() - 1), dir == 'f');
    shown = std::string(name);
  }
  auto it = syms_.find(key);
  if (it != syms_.end() && it->second.defined) {
    out = it->second.val;
    out.thumb = it->second.is_label ? it->second.thumb : it->second.val.thumb;
    return true;
  }
  auto pv = prev_values_.find(key);
  bool thumb = it != syms_.end() && it->second.thumb;
  if (pv != prev_values_.end()) {
    out = ExprValue{pv->second, false, thumb};
    return true;
  }
  auto ls = linker_syms_.find(key);
  if (ls != linker_syms_.end()) {
    linker_used_.insert(key);
    out = ExprValue{ls->second, false, false};
    return true;
  }
  if (cur().fam == Family::None) {
    // Dropped sections (debug info) may name symbols only GNU as defines (.loc views, .LVU*).
    out = ExprValue{0, false, false};
    return true;
  }
  if (final_) {
    if (undef_name_.empty()) undef_name_ = shown;
    err = "undefined symbol '" + shown + "'";
    return false;
  }
  used_provisional_ = true;
  out = ExprValue{provisional_, false, thumb};
  return true;
}

bool Assembler::eval(std::string_view text, int col, ExprValue& out, bool report) {
  std::string err;
  size_t off = 0;
  undef_name_.clear();
  undef_col_ = -1;
  asmx::SymbolFn fn = [&](std::string_view name, size_t at, ExprValue& v, std::string& e) {
    bool ok = lookup(name, v, e);
    if (!ok && undef_col_ < 0) undef_col_ = col + static_cast<int>(at);
    return ok;
  };
  if (!asmx::eval_expr(text, fn, out, err, off)) {
    if (report) error(cur_line_, col + static_cast<int>(off), err);
    return false;
  }
  return true;
}

// ------------------------------------------------------------------------------------------------
// Sections and emission
// ------------------------------------------------------------------------------------------------
int Assembler::chunk_for(const std::string& name, Family fam, bool code, bool nobits) {
  for (size_t k = 0; k < chunks_.size(); ++k)
    if (chunks_[k].name == name) return static_cast<int>(k);
  Chunk c;
  c.name = name;
  c.fam = fam;
  c.code = code;
  c.nobits = nobits;
  c.base = fam == Family::Data || fam == Family::Bss ? opt_.map.sram_base : opt_.map.code_base;
  chunks_.push_back(std::move(c));
  changed_ = true;
  return static_cast<int>(chunks_.size() - 1);
}

void Assembler::set_section(const std::string& name, const std::string& flags, bool nobits_type) {
  Family fam;
  if (starts_family(name, ".isr_vector"))
    fam = Family::Isr;
  else if (starts_family(name, ".text"))
    fam = Family::Text;
  else if (starts_family(name, ".rodata"))
    fam = Family::Rodata;
  else if (starts_family(name, ".data"))
    fam = Family::Data;
  else if (starts_family(name, ".bss"))
    fam = Family::Bss;
  else if (flags.find('a') == std::string::npos)
    fam = Family::None;
  else if (flags.find('x') != std::string::npos)
    fam = Family::Text;
  else if (flags.find('w') != std::string::npos)
    fam = nobits_type ? Family::Bss : Family::Data;
  else
    fam = Family::Rodata;
  bool code = fam == Family::Text;
  prev_section_ = cur_;
  cur_ = chunk_for(name, fam, code, fam == Family::Bss);
}

void Assembler::mapping(char kind) {
  Chunk& c = cur();
  // GNU as marks code/data transitions in code sections only; data sections get none.
  if (c.map == kind || !c.code) return;
  c.map = kind;
  maps_.push_back({cur_, c.size, kind});
}

// Nothing legitimate comes close (the whole memory map is a few MiB); this keeps hostile input
// from exhausting the host's memory.
constexpr uint32_t kMaxSectionSize = 64u << 20;

bool Assembler::room(uint64_t n) {
  Chunk& c = cur();
  if (c.size + n <= kMaxSectionSize) return true;
  if (!c.too_big) error(cur_line_, 0, "section '" + c.name + "' is too large");
  c.too_big = true;
  return false;
}

void Assembler::emit(const uint8_t* p, size_t n, char kind) {
  if (!room(n)) return;
  Chunk& c = cur();
  if (kind) mapping(kind);
  if (!c.nobits) c.data.insert(c.data.end(), p, p + n);
  c.size += static_cast<uint32_t>(n);
}

void Assembler::emit_value(int64_t v, unsigned nbytes, const Stmt& st, int col) {
  if (nbytes < 8) {
    int64_t lo = -(int64_t{1} << (nbytes * 8 - 1)), hi = (int64_t{1} << (nbytes * 8)) - 1;
    if (v < lo || v > hi) {
      char buf[96];
      std::snprintf(buf, sizeof buf, "value 0x%llx truncated to 0x%llx", static_cast<unsigned long long>(v),
                    static_cast<unsigned long long>(v) & ((1ull << (nbytes * 8)) - 1));
      warning(st.line, col, buf);
    }
  }
  if (cur().nobits && v != 0) {
    error(st.line, col, "non-zero data in a NOBITS section ('" + cur().name + "')");
    v = 0;
  }
  uint8_t b[8];
  for (unsigned k = 0; k < nbytes; ++k) b[k] = static_cast<uint8_t>(static_cast<uint64_t>(v) >> (8 * k));
  emit(b, nbytes, 'd');
}

// Padding: an explicit fill byte, else NOPs in Thumb code (as GNU as's arm_handle_align: a zero
// byte to reach a halfword, one 16-bit NOP to reach a word, then NOP.W), else zeros.
void Assembler::pad(uint32_t n, std::optional<uint8_t> fill) {
  if (n == 0 || !room(n)) return;
  Chunk& c = cur();
  if (c.nobits) {
    c.size += n;
    return;
  }
  if (fill || !c.code) {
    c.data.insert(c.data.end(), n, fill.value_or(0));
    c.size += n;
    return;
  }
  if (n & 1) {
    mapping('d');
    c.data.push_back(0);
    c.size = static_cast<uint32_t>(c.data.size());
    --n;
  }
  if (n > 0) mapping('t');
  if (n & 2) {
    c.data.insert(c.data.end(), {0x00, 0xbf});
    n -= 2;
  }
  for (; n >= 4; n -= 4) c.data.insert(c.data.end(), {0xaf, 0xf3, 0x00, 0x80});
  c.size = static_cast<uint32_t>(c.data.size());
}

void Assembler::align_to(uint32_t a, std::optional<uint8_t> fill, uint32_t max_skip) {
  Chunk& c = cur();
  uint32_t n = align_up(c.size, a) - c.size;
  if (n > max_skip) return;
  c.align = std::max(c.align, a);
  pad(n, fill);
}

// A literal pool: word-aligned with zeros, then the constants (GNU as's s_ltorg).
void Assembler::flush_pool(int ci) {
  int saved = cur_;
  cur_ = ci;
  Chunk& c = cur();
  if (!c.pool.empty()) {
    std::vector<PoolEntry> pool = std::move(c.pool);
    c.pool.clear();
    mapping('d');
    align_to(4, uint8_t{0});
    for (const PoolEntry& e : pool) {
      for (size_t u : e.users) pool_addr_[u] = {cur_, c.size};
      uint32_t v = static_cast<uint32_t>(e.val.v) | (e.val.thumb ? 1u : 0u);
      uint8_t b[4] = {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v >> 16),
                      static_cast<uint8_t>(v >> 24)};
      emit(b, 4, 'd');
    }
  }
  cur_ = saved;
}

// ------------------------------------------------------------------------------------------------
// Statements
// ------------------------------------------------------------------------------------------------
void Assembler::define_label(const Stmt& st, const asmx::Label& l) {
  std::string name = l.name;
  if (std::isdigit(static_cast<unsigned char>(name[0]))) {
    bool ok = true;
    for (char ch : name) ok = ok && std::isdigit(static_cast<unsigned char>(ch));
    if (!ok) {
      error(st.line, l.col, "bad label name '" + name + "'");
      return;
    }
    ++local_count_[name];
    name = local_name(name, false);
  }
  Symbol& s = sym(name);
  if (s.defined) {
    error(st.line, l.col, "symbol '" + l.name + "' is already defined");
    return;
  }
  s.defined = true;
  s.is_label = true;
  s.chunk = cur_;
  s.offset = cur().size;
  s.val = ExprValue{static_cast<int64_t>(here()), false, false};
  s.line = st.line;
  s.order = sym_order_++;
  if (thumb_func_pending_) {
    s.thumb = true;
    thumb_func_pending_ = false;
  }
}

// Conditional assembly: .if expr / .ifdef sym / .ifndef sym, .else, .endif. Returns true if the
// statement was one of them (or is skipped by one).
bool Assembler::conditional(const Stmt& st) {
  bool active = cond_.empty() || cond_.back().active;
  const std::string& d = st.name;
  if (st.kind == Stmt::Directive && (d == ".if" || d == ".ifdef" || d == ".ifndef")) {
    bool v = false;
    if (active) {
      if (d == ".if") {
        dot_ = here();
        provisional_ = 0;
        ExprValue ev;
        if (st.text.empty())
          error(st.line, st.name_col, "expected an expression");
        else if (eval(st.text, st.text_col, ev, true))
          v = ev.v != 0;
      } else {
        auto it = syms_.find(st.text);
        v = (it != syms_.end() && it->second.defined) == (d == ".ifdef");
      }
    }
    cond_.push_back({active && v, active && !v, st.line});
    return true;
  }
  if (st.kind == Stmt::Directive && d == ".else") {
    if (cond_.empty()) {
      error(st.line, st.name_col, "'.else' without '.if'");
      return true;
    }
    cond_.back().active = cond_.back().else_active;
    cond_.back().else_active = false;
    return true;
  }
  if (st.kind == Stmt::Directive && d == ".endif") {
    if (cond_.empty())
      error(st.line, st.name_col, "'.endif' without '.if'");
    else
      cond_.pop_back();
    return true;
  }
  return !active;
}

// Assembles statements [b, e), expanding .rept N ... .endr blocks.
void Assembler::run_range(size_t b, size_t e, int depth) {
  for (size_t k = b; k < e && !stop_; ++k) {
    const Stmt& st = stmts_[k];
    bool active = cond_.empty() || cond_.back().active;
    if (st.kind == Stmt::Directive && st.name == ".endr") {
      if (active) error(st.line, st.name_col, "'.endr' without '.rept'");
      continue;
    }
    if (++executed_ > kMaxExecuted) {
      // Nested .rept blocks can ask for more than any program needs; stop rather than hang.
      error(st.line, 0,
            "too many statements after .rept expansion (more than " + std::to_string(kMaxExecuted) + ")");
      stop_ = true;
      too_many_ = true;
      return;
    }
    if (!(st.kind == Stmt::Directive && st.name == ".rept")) {
      statement(k);
      continue;
    }
    cur_line_ = st.line;
    if (active)
      for (const asmx::Label& l : st.labels) define_label(st, l);
    // Find the matching .endr.
    size_t end = k + 1;
    for (int nest = 1; end < e; ++end) {
      if (stmts_[end].kind != Stmt::Directive) continue;
      if (stmts_[end].name == ".rept") ++nest;
      if (stmts_[end].name == ".endr" && --nest == 0) break;
    }
    if (end >= e) {
      if (active) error(st.line, st.name_col, "'.rept' without '.endr'");
      return;
    }
    if (active) {
      dot_ = here();
      provisional_ = 0;
      ExprValue n;
      if (st.text.empty()) {
        error(st.line, st.name_col, "expected a repeat count");
      } else if (eval(st.text, st.text_col, n, true)) {
        if (n.v < 0 || n.v > 100000 || depth >= 8) {
          error(st.line, st.text_col, "bad repeat count (" + std::to_string(n.v) + ")");
        } else {
          for (int64_t r = 0; r < n.v && !stop_; ++r) run_range(k + 1, end, depth + 1);
        }
      }
    }
    k = end;
  }
}

void Assembler::statement(size_t idx) {
  const Stmt& st = stmts_[idx];
  cur_line_ = st.line;
  if (conditional(st)) return;
  for (const asmx::Label& l : st.labels) define_label(st, l);
  switch (st.kind) {
    case Stmt::Empty:
      break;
    case Stmt::Directive:
      directive(idx);
      break;
    case Stmt::Instruction:
      instruction(idx);
      break;
    case Stmt::Assign: {
      dot_ = here();
      ExprValue v;
      if (!eval(st.text, st.text_col, v, true)) break;
      Symbol& s = sym(st.name);
      if (s.defined && s.is_label) {
        error(st.line, st.name_col, "symbol '" + st.name + "' is already defined");
        break;
      }
      s.defined = true;
      s.is_label = false;
      s.val = v;
      s.chunk = -1;
      s.line = st.line;
      s.order = sym_order_++;
      break;
    }
  }
}

std::optional<Assembled> Assembler::try_assemble(const std::string& text, int text_col, uint32_t addr,
                                                 int prov, AsmError& err) {
  AsmContext ctx;
  ctx.addr = addr;
  ctx.it = it_;
  dot_ = addr;
  // Provisional values for not-yet-defined symbols: a zero branch distance, or a word-aligned
  // PC for literal loads.
  provisional_ = prov == 0 ? int64_t{addr} + 4 : static_cast<int64_t>((addr + 4) & ~3u);
  undef_name_.clear();
  undef_col_ = -1;
  const char* base = text.data();
  ctx.eval = [&, base, text_col](std::string_view e, int64_t& v, std::string& m) {
    ExprValue ev;
    size_t off = 0;
    asmx::SymbolFn fn = [&](std::string_view name, size_t at, ExprValue& out, std::string& er) {
      bool ok = lookup(name, out, er);
      if (!ok && undef_col_ < 0)
        undef_col_ = text_col + static_cast<int>(e.data() - base) + static_cast<int>(at);
      return ok;
    };
    if (!asmx::eval_expr(e, fn, ev, m, off)) {
      eval_err_ = m;
      eval_err_col_ = text_col + static_cast<int>(e.data() - base) + static_cast<int>(off);
      return false;
    }
    v = ev.v | (ev.thumb && thumb_bit_in_code_ ? 1 : 0);
    return true;
  };
  return assemble_one(text, ctx, err);
}

// Sizes only grow from pass to pass (so the iteration terminates).
void Assembler::grow(size_t slot, uint8_t sz) {
  if (sz > size_[slot]) {
    size_[slot] = sz;
    changed_ = true;
  }
}

// A 32-bit instruction is stored as two little-endian halfwords, the first one first (A5.1).
void Assembler::emit_inst(const Assembled& a) {
  uint8_t b[4];
  if (a.inst.size == 2) {
    b[0] = static_cast<uint8_t>(a.raw);
    b[1] = static_cast<uint8_t>(a.raw >> 8);
  } else {
    b[0] = static_cast<uint8_t>(a.raw >> 16);
    b[1] = static_cast<uint8_t>(a.raw >> 24);
    b[2] = static_cast<uint8_t>(a.raw);
    b[3] = static_cast<uint8_t>(a.raw >> 8);
  }
  emit(b, a.inst.size, 't');
}

// ldr<c>{.w} rX, =expr: a MOV/MVN/MOVW when the constant fits (as GNU as 2.40 does for Thumb-2),
// else a literal pool entry.
void Assembler::ldr_literal(size_t idx, const std::string& cond, const std::string& width, size_t reg_b,
                            size_t reg_e, size_t eq_pos) {
  const Stmt& st = stmts_[idx];
  uint32_t addr = here();
  std::string reg = st.text.substr(reg_b, reg_e - reg_b);
  int expr_col = st.text_col + static_cast<int>(eq_pos) + 1;
  dot_ = addr;
  provisional_ = addr + 4;
  ExprValue v;
  bool ok = eval(std::string_view(st.text).substr(eq_pos + 1), expr_col, v, false);
  if (!ok) {
    if (!undef_name_.empty())
      error(st.line, undef_col_ >= 0 ? undef_col_ : expr_col, "undefined symbol '" + undef_name_ + "'");
    else
      eval(std::string_view(st.text).substr(eq_pos + 1), expr_col, v, true);  // reports the error
    v = ExprValue{};
  }
  // Constants that MOV.W, MVN.W or MOVW can build.
  if (ok && v.is_const && width != ".n") {
    uint32_t u = static_cast<uint32_t>(v.v);
    char buf[96];
    std::optional<Assembled> a;
    AsmError err;
    std::snprintf(buf, sizeof buf, "mov%s.w %s, #%u", cond.c_str(), reg.c_str(), u);
    a = try_assemble(buf, st.text_col, addr, 0, err);
    if (!a) {
      std::snprintf(buf, sizeof buf, "mvn%s.w %s, #%u", cond.c_str(), reg.c_str(), ~u);
      a = try_assemble(buf, st.text_col, addr, 0, err);
    }
    if (!a && u <= 0xffff) {
      std::snprintf(buf, sizeof buf, "movw%s %s, #%u", cond.c_str(), reg.c_str(), u);
      a = try_assemble(buf, st.text_col, addr, 0, err);
    }
    if (a && a->inst.size >= size_[slot_]) {
      grow(slot_, a->inst.size);
      emit_inst(*a);
      return;
    }
  } else if (ok && v.is_const && width == ".n") {
    // GNU as wants MOV.W/MVN.W/MOVW for these and will not honour .n.
    uint32_t u = static_cast<uint32_t>(v.v);
    char buf[96];
    AsmError err;
    std::snprintf(buf, sizeof buf, "mov.w r0, #%u", u);
    bool movable = try_assemble(buf, st.text_col, addr, 0, err).has_value();
    std::snprintf(buf, sizeof buf, "mvn.w r0, #%u", ~u);
    movable = movable || try_assemble(buf, st.text_col, addr, 0, err).has_value() || u <= 0xffff;
    if (movable) {
      error(st.line, st.name_col, "cannot honor width suffix (the constant needs MOV.W/MVN.W/MOVW)");
      grow(slot_, 2);
      const uint8_t zero[4] = {};
      emit(zero, size_[slot_], 't');
      return;
    }
  }
  // A pool entry: equal constants and equal symbol expressions share one.
  std::string key;
  if (v.is_const) {
    key = "#" + std::to_string(v.v) + (v.thumb ? "t" : "");
  } else {
    for (char ch : st.text.substr(eq_pos + 1))
      if (!std::isspace(static_cast<unsigned char>(ch))) key += ch;
  }
  Chunk& c = cur();
  PoolEntry* e = nullptr;
  for (PoolEntry& p : c.pool)
    if (p.key == key) e = &p;
  if (!e) {
    c.pool.push_back({key, v, {}});
    e = &c.pool.back();
  }
  e->users.push_back(slot_);
  auto pa = pool_addr_prev_.find(slot_);
  uint32_t target = pa != pool_addr_prev_.end()
                        ? chunks_[static_cast<size_t>(pa->second.first)].base + pa->second.second
                        : ((addr + 4) & ~3u);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s %s, %u", ("ldr" + cond + width).c_str(), reg.c_str(), target);
  AsmError err;
  auto a = try_assemble(buf, st.text_col, addr, 1, err);
  if (a && a->inst.size < size_[slot_]) {
    std::snprintf(buf, sizeof buf, "%s %s, %u", ("ldr" + cond + ".w").c_str(), reg.c_str(), target);
    if (auto w = try_assemble(buf, st.text_col, addr, 1, err)) a = w;
  }
  if (!a) {
    if (err.message.find("out of range") != std::string::npos)
      error(st.line, expr_col - 1, "literal pool out of range (add a .ltorg closer to this instruction)");
    else
      error(st.line, st.name_col, err.message);
    grow(slot_, 2);
    const uint8_t zero[4] = {};
    emit(zero, size_[slot_], 't');
    return;
  }
  grow(slot_, a->inst.size);
  emit_inst(*a);
}

void Assembler::instruction(size_t idx) {
  const Stmt& st = stmts_[idx];
  Chunk& c = cur();
  if (c.nobits) {
    error(st.line, st.name_col, "instructions are not allowed in a NOBITS section ('" + c.name + "')");
    return;
  }
  slot_ = next_slot_++;
  if (slot_ >= size_.size()) size_.resize(slot_ + 1, 0);
  if (c.fam == Family::Text && !first_text_insn_) first_text_insn_ = std::make_pair(cur_, c.size);
  uint32_t addr = here();
  line_map_.emplace_back(cur_, c.size);
  line_map_lines_.push_back(st.line);

  // ldr rX, =expr
  std::string mn = lower(st.name);
  std::string width;
  if (mn.size() > 2 && (mn.ends_with(".w") || mn.ends_with(".n"))) {
    width = mn.substr(mn.size() - 2);
    mn.resize(mn.size() - 2);
  }
  if (mn.size() >= 3 && mn.substr(0, 3) == "ldr" && (mn.size() == 3 || mn.size() == 5)) {
    std::string cond = mn.substr(3);
    static const char* const kConds[] = {"",   "eq", "ne", "cs", "hs", "cc", "lo", "mi", "pl",
                                         "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le", "al"};
    bool is_cond = false;
    for (const char* k : kConds) is_cond = is_cond || cond == k;
    size_t comma = st.text.find(',');
    if (is_cond && comma != std::string::npos) {
      size_t q = comma + 1;
      while (q < st.text.size() && std::isspace(static_cast<unsigned char>(st.text[q]))) ++q;
      if (q < st.text.size() && st.text[q] == '=') {
        size_t rb = st.name.size();
        while (rb < comma && std::isspace(static_cast<unsigned char>(st.text[rb]))) ++rb;
        size_t re = comma;
        while (re > rb && std::isspace(static_cast<unsigned char>(st.text[re - 1]))) --re;
        ldr_literal(idx, cond, width, rb, re, q);
        it_.advance();
        return;
      }
    }
  }

  // GNU as turns "cbz rN, <next instruction>" (an offset of -2, which CBZ cannot encode) into a NOP.
  if ((mn == "cbz" || mn == "cbnz") && width != ".w") {
    size_t comma = st.text.find(',');
    if (comma != std::string::npos) {
      dot_ = addr;
      provisional_ = int64_t{addr} + 4;
      ExprValue v;
      bool was_final = final_;
      final_ = false;  // an undefined target is reported by the normal path below
      bool ok = eval(std::string_view(st.text).substr(comma + 1), st.text_col + static_cast<int>(comma) + 1,
                     v, false);
      final_ = was_final;
      if (ok && v.v == int64_t{addr} + 2) {
        size_[slot_] = 2;
        const uint8_t nop[2] = {0x00, 0xbf};
        emit(nop, 2, 't');
        it_.advance();
        return;
      }
    }
  }

  AsmError err;
  used_provisional_ = false;
  eval_err_.clear();
  thumb_bit_in_code_ = mn == "adr" || (mn.size() == 5 && mn.starts_with("adr"));
  auto a = try_assemble(st.text, st.text_col, addr, 0, err);
  if (used_provisional_ && !final_ && (!a || a->inst.size == 4)) {
    // A zero branch distance suits branches; a word-aligned target suits literal loads (LDR
    // <label>, ADR), whose narrow forms need a multiple of 4. Keep whichever is narrower.
    AsmError err1;
    auto b = try_assemble(st.text, st.text_col, addr, 1, err1);
    if (b && (!a || b->inst.size < a->inst.size)) a = b;
    if (!a) err = err1;
  }
  if (a && a->inst.size < size_[slot_]) {
    // Keep the size an earlier pass gave it: force the wide encoding.
    std::string wide = st.text;
    if (width.empty()) {
      wide.insert(st.name.size(), ".w");
      AsmError werr;
      auto w = try_assemble(wide, st.text_col, addr, 0, werr);
      if (!w && !final_) w = try_assemble(wide, st.text_col, addr, 1, werr);
      if (w) a = w;
    }
  }
  thumb_bit_in_code_ = false;
  uint8_t sz = 0;
  if (a) {
    sz = a->inst.size;
  } else {
    // An undefined symbol is the error only if it is what the best candidate stopped on (another
    // candidate may have tried to read a register name as an expression).
    if (!undef_name_.empty() && final_ && err.message.rfind("undefined symbol", 0) == 0) {
      error(st.line, undef_col_ >= 0 ? undef_col_ : st.text_col, "undefined symbol '" + undef_name_ + "'");
    } else if (final_) {
      // assemble_one points at the start of the operand text; the caret goes on its first character.
      size_t c = err.column >= 0 ? static_cast<size_t>(err.column) : 0;
      while (c < st.text.size() && std::isspace(static_cast<unsigned char>(st.text[c]))) ++c;
      int col = err.column >= 0 ? st.text_col + static_cast<int>(std::min(c, st.text.size())) : st.name_col;
      if (!eval_err_.empty() && err.message == eval_err_) col = eval_err_col_;
      error(st.line, col, err.message);
    }
    sz = std::max<uint8_t>(size_[slot_], 2);
  }
  grow(slot_, sz);
  if (a && sz == a->inst.size) {
    emit_inst(*a);
  } else {
    if (a && final_) error(st.line, st.name_col, "instruction cannot be widened to its laid-out size");
    const uint8_t zero[4] = {};
    emit(zero, sz, 't');
  }
  if (a && form(a->inst.form).iclass == IClass::It)
    it_ = ItState::after_it(a->inst.cond, a->inst.imm2);
  else
    it_.advance();
}

bool Assembler::eval_data(const Arg& a, int64_t& v) {
  dot_ = here();
  provisional_ = dot_;
  ExprValue ev;
  if (a.text.empty()) {
    error(cur_line_, a.col, "expected an expression");
    return false;
  }
  if (!eval(a.text, a.col, ev, false)) {
    if (!undef_name_.empty())
      error(cur_line_, undef_col_ >= 0 ? undef_col_ : a.col, "undefined symbol '" + undef_name_ + "'");
    else
      eval(a.text, a.col, ev, true);
    return false;
  }
  v = ev.v | (ev.thumb ? 1 : 0);
  return true;
}

void Assembler::directive(size_t idx) {
  const Stmt& st = stmts_[idx];
  const std::string& d = st.name;
  std::vector<Arg> args = asmx::split_args(st.text, st.text_col);
  auto need = [&](size_t lo, size_t hi) {
    if (args.size() < lo || args.size() > hi) {
      error(st.line, st.name_col, "wrong number of arguments to '" + d + "'");
      return false;
    }
    return true;
  };
  auto const_arg = [&](const Arg& a, int64_t& v) {
    dot_ = here();
    provisional_ = 0;
    ExprValue ev;
    if (a.text.empty()) {
      error(st.line, a.col, "expected an expression");
      return false;
    }
    if (!eval(a.text, a.col, ev, true)) return false;
    v = ev.v;
    return true;
  };
  auto sym_arg = [&](const Arg& a) -> Symbol* {
    if (a.text.empty() || !asmx::is_sym_start(a.text[0])) {
      error(st.line, a.col, "expected a symbol name");
      return nullptr;
    }
    for (char ch : a.text)
      if (!asmx::is_sym_char(ch)) {
        error(st.line, a.col, "expected a symbol name");
        return nullptr;
      }
    return &sym(a.text);
  };

  // Directives with no effect on the image (what compilers emit, and the ISA is fixed).
  static const char* const kIgnored[] = {".fpu",
                                         ".cpu",
                                         ".arch",
                                         ".arch_extension",
                                         ".object_arch",
                                         ".eabi_attribute",
                                         ".file",
                                         ".ident",
                                         ".loc",
                                         ".fnstart",
                                         ".fnend",
                                         ".cantunwind",
                                         ".personality",
                                         ".personalityindex",
                                         ".handlerdata",
                                         ".hidden",
                                         ".protected",
                                         ".internal",
                                         ".addrsig",
                                         ".addrsig_sym",
                                         ".loc_mark_labels",
                                         ".force_thumb",
                                         ".even_thumb",
                                         ".save",
                                         ".setfp",
                                         ".pad",
                                         ".vsave",
                                         ".movsp",
                                         ".unwind_raw",
                                         ".inst_end"};
  for (const char* k : kIgnored)
    if (d == k) return;
  if (d.starts_with(".cfi_")) return;

  if (d == ".syntax") {
    if (lower(st.text) != "unified") error(st.line, st.text_col, "only '.syntax unified' is supported");
  } else if (d == ".thumb") {
  } else if (d == ".arm" || d == ".code") {
    int64_t v = 16;
    if (d == ".arm")
      v = 32;
    else if (need(1, 1) && !const_arg(args[0], v))
      return;
    if (v != 16) error(st.line, st.name_col, "only Thumb code is supported (the Cortex-M3 has no ARM state)");
  } else if (d == ".thumb_func") {
    thumb_func_pending_ = true;
  } else if (d == ".text" || d == ".data" || d == ".bss") {
    std::string name = d;
    if (!args.empty() && !args[0].text.empty()) {
      int64_t sub = 0;
      if (!const_arg(args[0], sub)) return;  // subsections are merged into the section
    }
    set_section(name, "", false);
  } else if (d == ".section" || d == ".pushsection") {
    if (args.empty() || args[0].text.empty()) {
      error(st.line, st.name_col, "expected a section name");
      return;
    }
    std::string name = args[0].text;
    if (name.front() == '"') {
      size_t p = 0;
      std::string s;
      if (!asmx::parse_string(name, p, s)) {
        error(st.line, args[0].col, "bad section name");
        return;
      }
      name = s;
    }
    std::string flags;
    bool nobits = false;
    if (args.size() > 1) {
      size_t p = 0;
      if (!asmx::parse_string(args[1].text, p, flags)) {
        error(st.line, args[1].col, "expected a flags string");
        return;
      }
    }
    if (args.size() > 2) {
      std::string t = lower(args[2].text);
      if (t == "%nobits" || t == "@nobits")
        nobits = true;
      else if (t != "%progbits" && t != "@progbits" && t != "%note" && t != "@note" && t != "%init_array" &&
               t != "%fini_array")
        error(st.line, args[2].col, "unknown section type '" + args[2].text + "'");
    }
    if (d == ".pushsection") section_stack_.push_back(cur_);
    set_section(name, flags, nobits);
  } else if (d == ".popsection") {
    if (section_stack_.empty()) {
      error(st.line, st.name_col, ".popsection without .pushsection");
      return;
    }
    prev_section_ = cur_;
    cur_ = section_stack_.back();
    section_stack_.pop_back();
  } else if (d == ".previous") {
    std::swap(cur_, prev_section_);
  } else if (d == ".global" || d == ".globl" || d == ".weak" || d == ".local") {
    if (args.empty()) error(st.line, st.name_col, "expected a symbol name");
    for (const Arg& a : args)
      if (Symbol* s = sym_arg(a)) s->global = d != ".local";
  } else if (d == ".type") {
    if (!need(2, 2)) return;
    Symbol* s = sym_arg(args[0]);
    if (!s) return;
    std::string t = lower(args[1].text);
    if (!t.empty() && (t[0] == '%' || t[0] == '@')) t = t.substr(1);
    if (t == "function" || t == "stt_func")
      s->thumb = true;
    else if (t == "object" || t == "stt_object" || t == "tls_object" || t == "common")
      s->object = true;
    else if (t != "notype" && t != "stt_notype")
      error(st.line, args[1].col, "unknown symbol type '" + args[1].text + "'");
  } else if (d == ".size") {
    if (!need(2, 2)) return;
    Symbol* s = sym_arg(args[0]);
    int64_t v = 0;
    if (s && const_arg(args[1], v)) s->size = static_cast<uint32_t>(v);
  } else if (d == ".word" || d == ".long" || d == ".4byte" || d == ".int" || d == ".short" || d == ".hword" ||
             d == ".2byte" || d == ".half" || d == ".byte" || d == ".quad" || d == ".8byte") {
    unsigned n = d == ".byte"                                                        ? 1
                 : (d == ".quad" || d == ".8byte")                                   ? 8
                 : (d == ".short" || d == ".hword" || d == ".2byte" || d == ".half") ? 2
                                                                                     : 4;
    if (args.empty()) error(st.line, st.name_col, "expected an expression");
    for (const Arg& a : args) {
      int64_t v = 0;
      if (!eval_data(a, v)) v = 0;
      emit_value(v, n, st, a.col);
    }
  } else if (d == ".uleb128" || d == ".sleb128") {
    for (const Arg& a : args) {
      int64_t v = 0;
      if (!eval_data(a, v)) v = 0;
      uint8_t b[10];
      size_t n = 0;
      for (;;) {
        uint8_t byte = static_cast<uint8_t>(v & 0x7f);
        bool done = d == ".uleb128" ? (static_cast<uint64_t>(v) >> 7) == 0
                                    : ((v >> 7) == 0 && !(byte & 0x40)) || ((v >> 7) == -1 && (byte & 0x40));
        v = d == ".uleb128" ? static_cast<int64_t>(static_cast<uint64_t>(v) >> 7) : v >> 7;
        b[n++] = static_cast<uint8_t>(byte | (done ? 0 : 0x80));
        if (done || n == sizeof b) break;
      }
      emit(b, n, 'd');
    }
  } else if (d == ".inst" || d == ".inst.n" || d == ".inst.w") {
    for (const Arg& a : args) {
      int64_t v = 0;
      if (!const_arg(a, v)) v = 0;
      bool wide = d == ".inst.w" || (d == ".inst" && is_thumb32(static_cast<uint16_t>(v >> 16)));
      uint32_t u = static_cast<uint32_t>(v);
      uint8_t b[4];
      if (wide) {
        b[0] = static_cast<uint8_t>(u >> 16);
        b[1] = static_cast<uint8_t>(u >> 24);
        b[2] = static_cast<uint8_t>(u);
        b[3] = static_cast<uint8_t>(u >> 8);
      } else {
        b[0] = static_cast<uint8_t>(u);
        b[1] = static_cast<uint8_t>(u >> 8);
      }
      emit(b, wide ? 4 : 2, 't');
      it_.advance();
    }
  } else if (d == ".ascii" || d == ".asciz" || d == ".string") {
    if (args.empty()) error(st.line, st.name_col, "expected a string");
    for (const Arg& a : args) {
      size_t p = 0;
      std::string s;
      if (!asmx::parse_string(a.text, p, s) || p != a.text.size()) {
        error(st.line, a.col, "expected a string");
        continue;
      }
      if (d != ".ascii") s.push_back('\0');
      if (cur().nobits && !s.empty()) {
        error(st.line, a.col, "non-zero data in a NOBITS section ('" + cur().name + "')");
        continue;
      }
      emit(reinterpret_cast<const uint8_t*>(s.data()), s.size(), 'd');
    }
  } else if (d == ".space" || d == ".skip" || d == ".zero") {
    if (!need(1, d == ".zero" ? 1 : 2)) return;
    int64_t n = 0, fill = 0;
    if (!const_arg(args[0], n)) return;
    if (args.size() > 1 && !const_arg(args[1], fill)) return;
    if (n < 0 || n > 0x4000000) {
      error(st.line, args[0].col, "bad size for '" + d + "' (" + std::to_string(n) + ")");
      return;
    }
    if (cur().nobits && fill != 0) {
      error(st.line, args[1].col, "non-zero data in a NOBITS section ('" + cur().name + "')");
      return;
    }
    mapping('d');
    pad(static_cast<uint32_t>(n), static_cast<uint8_t>(fill));
  } else if (d == ".fill") {
    if (!need(1, 3)) return;
    int64_t rep = 0, size = 1, val = 0;
    if (!const_arg(args[0], rep)) return;
    if (args.size() > 1 && !args[1].text.empty() && !const_arg(args[1], size)) return;
    if (args.size() > 2 && !const_arg(args[2], val)) return;
    if (rep < 0 || size < 0 || size > 8 || rep * size > 0x4000000) {
      error(st.line, args[0].col, "bad arguments to '.fill'");
      return;
    }
    std::vector<uint8_t> buf;
    for (int64_t k = 0; k < rep; ++k)
      for (int64_t b = 0; b < size; ++b)
        buf.push_back(b < 4 ? static_cast<uint8_t>(static_cast<uint64_t>(val) >> (8 * b)) : 0);
    if (cur().nobits && std::any_of(buf.begin(), buf.end(), [](uint8_t x) { return x != 0; })) {
      error(st.line, args[0].col, "non-zero data in a NOBITS section ('" + cur().name + "')");
      return;
    }
    emit(buf.data(), buf.size(), 'd');
  } else if (d == ".align" || d == ".p2align" || d == ".balign") {
    int64_t n = d == ".align" ? 2 : 0;
    if (args.empty() && d != ".align") {
      error(st.line, st.name_col, "expected an alignment");
      return;
    }
    if (!args.empty() && !const_arg(args[0], n)) return;
    uint32_t bytes = 0;
    if (d == ".balign") {
      if (n <= 0 || n > 0x10000 || (n & (n - 1)) != 0) {
        error(st.line, args[0].col, "alignment not a power of 2 or too big (" + std::to_string(n) + ")");
        return;
      }
      bytes = static_cast<uint32_t>(n);
    } else {
      if (n < 0 || n > 16) {
        error(st.line, args.empty() ? st.name_col : args[0].col,
              "alignment too big (" + std::to_string(n) + "; at most 16)");
        return;
      }
      bytes = 1u << n;
    }
    std::optional<uint8_t> fill;
    int64_t v = 0;
    if (args.size() > 1 && !args[1].text.empty()) {
      if (!const_arg(args[1], v)) return;
      fill = static_cast<uint8_t>(v);
    }
    uint32_t max_skip = UINT32_MAX;
    if (args.size() > 2 && !args[2].text.empty()) {
      if (!const_arg(args[2], v)) return;
      max_skip = static_cast<uint32_t>(v);
    }
    if (args.size() > 3) {
      error(st.line, args[3].col, "too many arguments");
      return;
    }
    align_to(bytes, fill, max_skip);
  } else if (d == ".equ" || d == ".set" || d == ".equiv" || d == ".thumb_set") {
    if (!need(2, 2)) return;
    Symbol* s = sym_arg(args[0]);
    if (!s) return;
    if (args[1].text.empty()) {
      error(st.line, args[1].col, "expected an expression");
      return;
    }
    dot_ = here();
    provisional_ = dot_;
    ExprValue v;
    if (!eval(args[1].text, args[1].col, v, false)) {
      if (!undef_name_.empty())
        error(st.line, undef_col_, "undefined symbol '" + undef_name_ + "'");
      else
        eval(args[1].text, args[1].col, v, true);
      return;
    }
    if (s->defined && (s->is_label || d == ".equiv")) {
      error(st.line, args[0].col, "symbol '" + s->name + "' is already defined");
      return;
    }
    s->defined = true;
    s->is_label = false;
    s->val = v;
    s->chunk = -1;
    s->line = st.line;
    s->order = sym_order_++;
    if (d == ".thumb_set") s->val.thumb = s->thumb = true;
  } else if (d == ".comm" || d == ".lcomm") {
    if (!need(2, 3)) return;
    Symbol* s = sym_arg(args[0]);
    int64_t n = 0, al = 4;
    if (!s || !const_arg(args[1], n)) return;
    if (args.size() > 2 && !const_arg(args[2], al)) return;
    if (n < 0 || n > 0x4000000 || al <= 0 || al > 0x10000 || (al & (al - 1)) != 0) {
      error(st.line, args[1].col, "bad size or alignment for '" + d + "'");
      return;
    }
    if (s->defined) {
      error(st.line, args[0].col, "symbol '" + s->name + "' is already defined");
      return;
    }
    int saved = cur_;
    cur_ = chunk_for(".bss", Family::Bss, false, true);
    align_to(static_cast<uint32_t>(al), std::nullopt);
    s->defined = true;
    s->is_label = true;
    s->chunk = cur_;
    s->offset = cur().size;
    s->val = ExprValue{static_cast<int64_t>(here()), false, false};
    s->object = true;
    s->size = static_cast<uint32_t>(n);
    s->global = s->global || d == ".comm";
    s->line = st.line;
    s->order = sym_order_++;
    pad(static_cast<uint32_t>(n), std::nullopt);
    cur_ = saved;
  } else if (d == ".ltorg" || d == ".pool") {
    flush_pool(cur_);
  } else if (d == ".end") {
    stop_ = true;
  } else {
    error(st.line, st.name_col, "unknown directive '" + d + "'");
  }
}

// ------------------------------------------------------------------------------------------------
// Passes and layout
// ------------------------------------------------------------------------------------------------
void Assembler::pass(bool final) {
  final_ = final;
  pass_diags_ = Diagnostics{};
  pool_addr_prev_ = pool_addr_;
  pool_addr_.clear();
  for (Chunk& c : chunks_) {
    c.data.clear();
    c.size = 0;
    c.align = c.code ? 2 : 1;
    c.pool.clear();
    c.map = 0;
    c.too_big = false;
  }
  for (auto& [name, s] : syms_) {
    s.defined = false;
    s.is_label = false;
  }
  cur_ = chunk_for(".text", Family::Text, true, false);
  prev_section_ = cur_;
  section_stack_.clear();
  it_ = {};
  thumb_func_pending_ = false;
  stop_ = false;
  local_count_.clear();
  linker_used_.clear();
  maps_.clear();
  line_map_.clear();
  line_map_lines_.clear();
  sym_order_ = 0;
  first_text_insn_.reset();

  cond_.clear();
  next_slot_ = 0;
  executed_ = 0;
  run_range(0, stmts_.size(), 0);
  if (!cond_.empty()) error(cond_.back().line, 0, "'.if' without '.endif'");

  // End of assembly: each section's literal pool, then GNU as's padding of code sections to a
  // multiple of min(4, alignment).
  for (size_t k = 0; k < chunks_.size(); ++k) {
    flush_pool(static_cast<int>(k));
    Chunk& c = chunks_[k];
    if (c.code && c.size > 0) {
      int saved = cur_;
      cur_ = static_cast<int>(k);
      pad(align_up(c.size, std::min<uint32_t>(c.align, 4)) - c.size, std::nullopt);
      cur_ = saved;
    }
  }
  layout();
}

void Assembler::layout() {
  bool has_isr = false;
  for (const Chunk& c : chunks_)
    if (c.fam == Family::Isr && c.size > 0) has_isr = true;
  vector_generated_ = !has_isr;
  uint32_t cursor = opt_.map.code_base;
  vector_base_ = cursor;
  if (vector_generated_) cursor += kVectorTableSize;
  auto place = [&](Family fam) {
    for (Chunk& c : chunks_) {
      if (c.fam != fam) continue;
      cursor = align_up(cursor, c.align);
      if (c.base != cursor) changed_ = true;
      c.base = cursor;
      cursor += c.size;
    }
  };
  place(Family::Isr);
  place(Family::Text);
  place(Family::Rodata);
  uint64_t code_end = cursor;
  if (final_ && code_end > uint64_t{opt_.map.code_base} + opt_.map.code_size)
    pass_diags_.error(file_, 0, 0,
                      "program does not fit in the code region (" +
                          std::to_string(code_end - opt_.map.code_base) + " bytes, " +
                          std::to_string(opt_.map.code_size) + " available)");
  cursor = opt_.map.sram_base;
  place(Family::Data);
  uint32_t data_end = cursor;
  uint32_t bss_start = data_end;
  for (const Chunk& c : chunks_)
    if (c.fam == Family::Bss) {
      bss_start = c.base;
      break;
    }
  place(Family::Bss);
  uint64_t sram_end = cursor;
  uint32_t bss_end = std::max(cursor, bss_start);
  std::map<std::string, int64_t> ls = {
      {"_estack", int64_t{opt_.map.sram_base} + opt_.map.sram_size},
      {"__StackTop", int64_t{opt_.map.sram_base} + opt_.map.sram_size},
      {"_etext", static_cast<int64_t>(code_end)},
      {"_sdata", opt_.map.sram_base},
      {"_sidata", opt_.map.sram_base},  // .data is loaded in place: nothing to copy
      {"_edata", data_end},
      {"_sbss", bss_start},
      {"__bss_start__", bss_start},
      {"_ebss", bss_end},
      {"__bss_end__", bss_end},
      {"_end", bss_end},
      {"end", bss_end}};
  if (ls != linker_syms_) changed_ = true;
  linker_syms_ = std::move(ls);
  if (final_ && sram_end > uint64_t{opt_.map.sram_base} + opt_.map.sram_size)
    pass_diags_.error(file_, 0, 0,
                      "data does not fit in SRAM (" + std::to_string(sram_end - opt_.map.sram_base) +
                          " bytes, " + std::to_string(opt_.map.sram_size) + " available)");
  for (Chunk& c : chunks_)
    if (c.fam == Family::None) c.base = 0;

  // Label values from the new bases; compare everything with the previous pass.
  std::unordered_map<std::string, int64_t> values;
  for (auto& [name, s] : syms_) {
    if (!s.defined) continue;
    if (s.is_label) s.val.v = static_cast<int64_t>(chunks_[static_cast<size_t>(s.chunk)].base) + s.offset;
    values[name] = s.val.v;
  }
  if (values != prev_values_) changed_ = true;
  if (pool_addr_ != pool_addr_prev_) changed_ = true;
  prev_values_ = std::move(values);
}

uint32_t read32le(const std::vector<uint8_t>& d, size_t off) {
  if (off + 4 > d.size()) return 0;
  return static_cast<uint32_t>(d[off]) | static_cast<uint32_t>(d[off + 1]) << 8 |
         static_cast<uint32_t>(d[off + 2]) << 16 | static_cast<uint32_t>(d[off + 3]) << 24;
}

AsmResult Assembler::build_image() {
  AsmResult res;
  ElfImage& img = res.image;
  // The generated vector table: initial SP = top of SRAM, Reset = _start (or the first
  // instruction of .text) with the Thumb bit, every other vector 0.
  std::vector<uint8_t> vec;
  if (vector_generated_) {
    vec.assign(kVectorTableSize, 0);
    uint32_t sp = opt_.map.sram_base + opt_.map.sram_size;
    uint32_t reset = 0;
    auto st = syms_.find("_start");
    if (st != syms_.end() && st->second.defined)
      reset = static_cast<uint32_t>(st->second.val.v) | 1u;
    else if (first_text_insn_)
      reset = (chunks_[static_cast<size_t>(first_text_insn_->first)].base + first_text_insn_->second) | 1u;
    for (int k = 0; k < 4; ++k) {
      vec[static_cast<size_t>(k)] = static_cast<uint8_t>(sp >> (8 * k));
      vec[static_cast<size_t>(4 + k)] = static_cast<uint8_t>(reset >> (8 * k));
    }
  }
  // One output section per family.
  for (int f = 0; f < 5; ++f) {
    Family fam = static_cast<Family>(f);
    ElfSection sec;
    sec.name = kFamilyName[f];
    sec.exec = fam == Family::Text;
    sec.write = fam == Family::Data || fam == Family::Bss;
    sec.nobits = fam == Family::Bss;
    sec.align = 1;
    bool any = false;
    uint32_t end = 0;
    if (fam == Family::Isr && vector_generated_) {
      sec.addr = vector_base_;
      sec.data = vec;
      sec.align = 4;
      end = vector_base_ + kVectorTableSize;
      any = true;
    }
    for (const Chunk& c : chunks_) {
      if (c.fam != fam || c.size == 0) continue;
      if (!any) {
        sec.addr = c.base;
        end = c.base;
        any = true;
      }
      if (!sec.nobits) {
        sec.data.resize(c.base - sec.addr, 0);
        sec.data.insert(sec.data.end(), c.data.begin(), c.data.end());
      }
      end = c.base + c.size;
      sec.align = std::max(sec.align, c.align);
    }
    if (!any) continue;
    sec.size = end - sec.addr;
    img.sections.push_back(std::move(sec));
  }
  // Segments: the code region group and the SRAM group (.data loaded in place).
  auto segment = [&](bool code) {
    ElfSegment seg;
    bool any = false;
    uint32_t file_end = 0, mem_end = 0;
    for (const ElfSection& s : img.sections) {
      bool in_code = !s.write;
      if (in_code != code) continue;
      if (!any) {
        seg.vaddr = seg.paddr = s.addr;
        file_end = mem_end = s.addr;
        any = true;
      }
      if (!s.nobits) {
        seg.data.resize(s.addr - seg.vaddr, 0);
        seg.data.insert(seg.data.end(), s.data.begin(), s.data.end());
        file_end = s.addr + s.size;
      }
      mem_end = s.addr + s.size;
    }
    if (!any) return;
    seg.filesz = file_end - seg.vaddr;
    seg.memsz = mem_end - seg.vaddr;
    seg.data.resize(seg.filesz);
    seg.exec = code;
    seg.write = !code;
    img.segments.push_back(std::move(seg));
  };
  segment(true);
  segment(false);

  // Symbols: labels and .equ symbols (not .L* locals or numeric local labels), then mapping
  // symbols.
  std::vector<const Symbol*> order;
  for (const auto& [name, s] : syms_)
    if (s.defined && name.find('\x02') == std::string::npos && !name.starts_with(".L")) order.push_back(&s);
  std::sort(order.begin(), order.end(), [](const Symbol* a, const Symbol* b) { return a->order < b->order; });
  for (const std::string& name : linker_used_) {
    auto it = syms_.find(name);
    if (it != syms_.end() && it->second.defined) continue;
    img.symbols.push_back({name, static_cast<uint32_t>(linker_syms_[name]), 0, ElfSymbol::NoType, true, ""});
  }
  for (const Symbol* s : order) {
    ElfSymbol e;
    e.name = s->name;
    e.global = s->global;
    e.size = s->size.value_or(0);
    if (s->is_label) {
      const Chunk& c = chunks_[static_cast<size_t>(s->chunk)];
      if (c.fam == Family::None) continue;
      e.section = kFamilyName[static_cast<int>(c.fam)];
      e.value = static_cast<uint32_t>(s->val.v);
      if (s->thumb) {
        e.type = ElfSymbol::Func;
        e.value |= 1;
      } else if (s->object) {
        e.type = ElfSymbol::Object;
      }
    } else {
      e.value = static_cast<uint32_t>(s->val.v) | (s->val.thumb ? 1u : 0u);
      if (s->val.thumb) e.type = ElfSymbol::Func;
    }
    img.symbols.push_back(std::move(e));
  }
  for (const MapSym& m : maps_) {
    const Chunk& c = chunks_[static_cast<size_t>(m.chunk)];
    if (c.fam == Family::None || c.size == 0) continue;
    img.symbols.push_back({m.kind == 't' ? "$t" : "$d", c.base + m.offset, 0, ElfSymbol::NoType, false,
                           kFamilyName[static_cast<int>(c.fam)]});
  }
  // Entry: the reset vector, as the hardware takes it.
  for (const ElfSection& s : img.sections)
    if (s.name == ".isr_vector") img.entry = read32le(s.data, 4);
  if (opt_.keep_line_map)
    for (size_t k = 0; k < line_map_.size(); ++k) {
      const Chunk& c = chunks_[static_cast<size_t>(line_map_[k].first)];
      if (c.fam == Family::None) continue;
      res.lines.push_back({c.base + line_map_[k].second, line_map_lines_[k]});
    }
  // By address, for lookups (sections interleave in the source).
  std::stable_sort(res.lines.begin(), res.lines.end(),
                   [](const LineMapEntry& a, const LineMapEntry& b) { return a.addr < b.addr; });
  return res;
}

std::optional<AsmResult> Assembler::run(Diagnostics& diags) {
  bool converged = false;
  for (int p = 0; p < kMaxPasses; ++p) {
    changed_ = false;
    pass(false);
    if (too_many_) break;
    if (!changed_ && p > 0) {
      converged = true;
      break;
    }
  }
  // The final pass sees the same values; should it still move something (an expression whose
  // value depends on whether a symbol is defined yet), lay out again.
  if (too_many_) converged = true;  // the final pass reports the real error
  bool stable = false;
  for (int k = 0; k < 4 && !stable; ++k) {
    changed_ = false;
    pass(true);
    stable = !changed_;
  }
  if (!converged || !stable)
    pass_diags_.error(file_, 0, 0, "layout did not converge (symbols depend on their own addresses)");
  diags.append(pass_diags_);
  if (pass_diags_.has_errors()) return std::nullopt;
  return build_image();
}

}  // namespace

std::optional<AsmResult> assemble(const std::string& source, const std::string& file, const AsmOptions& opt,
                                  Diagnostics& diags) {
  Assembler a(source, file, opt);
  return a.run(diags);
}

}  // namespace m3::isa
