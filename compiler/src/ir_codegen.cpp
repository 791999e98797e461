// -O1/-O2 back end: legalisation (immediates only where Thumb-2 encodes them), register
// allocation by linear scan over live intervals, and Thumb-2 emission with the line map.
//
// Registers: r0-r3, r12 and lr are free for values that do not live across a call; r4-r11 (r7
// included: there is no frame pointer, the frame is addressed from sp) for any value. A value that
// does not fit is spilled: every use reloads it into a short-lived register and every definition
// stores it, and allocation runs again.
//
// Frame, from high to low addresses: stack-passed arguments (caller's), pushed registers (used
// callee-saved ones and lr), stack slots (arrays, address-taken locals, spills), the outgoing
// argument area for calls with more than four arguments. sp stays fixed inside the body.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "ir.hpp"
#include "m3lab/isa/check.hpp"

namespace m3::cc::ir {

bool is_modimm(uint32_t v) {
  if (v < 256) return true;
  uint32_t b = v & 0xff;
  if (v == (b | b << 16) || v == (b << 8 | b << 24) || v == (b | b << 8 | b << 16 | b << 24)) return true;
  for (int r = 8; r < 32; ++r) {
    uint32_t rot = (v << r) | (v >> (32 - r));  // rotate left by r undoes a rotate right by r
    if (rot >= 0x80 && rot < 0x100) return true;
  }
  return false;
}

namespace {

bool add_imm_ok(int32_t v) {
  uint32_t u = static_cast<uint32_t>(v);
  return (v >= -4095 && v <= 4095) || is_modimm(u) || is_modimm(0u - u);
}
bool cmp_imm_ok(int32_t v) {
  uint32_t u = static_cast<uint32_t>(v);
  return is_modimm(u) || is_modimm(0u - u);
}
bool mov_imm_ok(int32_t v) { return (v >= 0 && v <= 0xffff) || is_modimm(static_cast<uint32_t>(v)); }

void legalize(Function& f) {
  for (Block& b : f.blocks) {
    std::vector<Inst> out;
    out.reserve(b.insts.size());
    for (Inst i : b.insts) {
      auto materialize = [&](Val& v) {
        if (!v.is_imm()) return;
        Inst m;
        m.op = Op::Imm;
        m.dst = f.new_vreg();
        m.a = v;
        m.tok = i.tok;
        out.push_back(m);
        v = Val::reg(m.dst);
      };
      switch (i.op) {
        case Op::Add:
          if (i.shift) {
            materialize(i.a);
            materialize(i.b);
            break;
          }
          if (i.a.is_imm()) std::swap(i.a, i.b);
          materialize(i.a);
          if (i.b.is_imm() && !add_imm_ok(i.b.v)) materialize(i.b);
          break;
        case Op::Sub:
          if (i.shift) {
            materialize(i.a);
            materialize(i.b);
            break;
          }
          if (i.a.is_imm() && i.b.is_reg() && is_modimm(static_cast<uint32_t>(i.a.v))) break;  // rsb
          materialize(i.a);
          if (i.b.is_imm() && !add_imm_ok(i.b.v)) materialize(i.b);
          break;
        case Op::And:
        case Op::Or:
        case Op::Xor:
          if (i.a.is_imm()) std::swap(i.a, i.b);
          materialize(i.a);
          if (i.b.is_imm() && !(is_modimm(static_cast<uint32_t>(i.b.v)) ||
                                (i.op == Op::And && is_modimm(~static_cast<uint32_t>(i.b.v)))))
            materialize(i.b);
          break;
        case Op::Shl:
        case Op::LShr:
        case Op::AShr:
          materialize(i.a);
          if (i.b.is_imm() && (i.b.v < 1 || i.b.v > 31)) materialize(i.b);
          break;
        case Op::Mul:
        case Op::SDiv:
        case Op::UDiv:
        case Op::Mla:
        case Op::Mls:
        case Op::Neg:
        case Op::Not:
        case Op::Sext8:
        case Op::Sext16:
        case Op::Zext8:
        case Op::Zext16:
        case Op::Usat:
        case Op::Ssat:
          materialize(i.a);
          if (i.op != Op::Usat && i.op != Op::Ssat) materialize(i.b);
          materialize(i.c);
          break;
        case Op::SetCC:
        case Op::Br:
        case Op::Sel:
          if (i.a.is_imm() && i.b.is_reg()) {
            std::swap(i.a, i.b);
            i.cc = swap_operands(i.cc);
          }
          materialize(i.a);
          if (i.b.is_imm() && !cmp_imm_ok(i.b.v)) materialize(i.b);
          if (i.c.is_imm() && !mov_imm_ok(i.c.v)) materialize(i.c);
          if (i.e.is_imm() && !mov_imm_ok(i.e.v)) materialize(i.e);
          break;
        case Op::Load:
        case Op::Store:
          materialize(i.a);
          if (i.b.is_imm() && (i.b.v < -255 || i.b.v > (i.post ? 255 : 4095))) materialize(i.b);
          if (i.b.is_reg() && i.post) materialize(i.b);
          materialize(i.c);
          break;
        case Op::Call:
          for (Val& v : i.args) materialize(v);
          break;
        case Op::Mov:
          if (i.a.is_imm()) {
            i.op = Op::Imm;
          }
          break;
        default: break;
      }
      out.push_back(std::move(i));
    }
    b.insts = std::move(out);
  }
}

}  // namespace

void pass_legalize(Ctx&, Module& m) {
  for (Function& f : m.funcs) legalize(f);
}

namespace {

constexpr int kLR = 14;
// Allocation order: caller-saved first for values that do not cross calls (no save/restore).
const int kOrderShort[] = {0, 1, 2, 3, 4, 5, 6, 7, 12, 14, 8, 9, 10, 11};  // low registers first: 16-bit forms
const int kOrderLong[] = {4, 5, 6, 7, 8, 9, 10, 11};
bool callee_saved(int r) { return r >= 4 && r <= 11; }

struct Interval {
  int vreg;
  int start, end;
  bool crosses_call = false;
  bool no_spill = false;
  double weight = 0;  // uses, weighted by loop depth
};

struct Alloc {
  std::vector<int> reg;        // per vreg, or -1
  std::vector<bool> no_spill;  // per vreg: a spill reload/store temporary
};

// One round of linear scan; returns the registers to spill (empty on success).
std::vector<int> linear_scan(Function& f, Alloc& al) {
  Liveness live = liveness(f);
  int nv = f.nvregs;
  std::vector<int> start(nv, INT32_MAX), end(nv, -1);
  std::vector<double> weight(nv, 0);
  std::vector<int> calls;
  auto touch = [&](int r, int p) {
    start[r] = std::min(start[r], p);
    end[r] = std::max(end[r], p);
  };
  // Loop depth, approximated by back edges in the layout order: blocks between a jump's target
  // and the jump (reverse post-order puts a loop body after its header).
  std::vector<int> depth(f.blocks.size(), 0);
  for (size_t b = 0; b < f.blocks.size(); ++b)
    for (int s : f.blocks[b].succs())
      if (s <= static_cast<int>(b))
        for (size_t k = static_cast<size_t>(s); k <= b; ++k) ++depth[k];
  int pos = 0;
  for (size_t b = 0; b < f.blocks.size(); ++b) {
    int first = pos;
    int last = pos + 2 * static_cast<int>(f.blocks[b].insts.size()) - 1;
    for (int r = 0; r < nv; ++r) {
      if (live.in[b][r]) touch(r, first);
      if (live.out[b][r]) touch(r, last + 1);
    }
    double w = 1;
    for (int d = 0; d < depth[b] && d < 6; ++d) w *= 8;
    for (Inst& i : f.blocks[b].insts) {
      i.for_uses([&](int r) {
        touch(r, pos);
        weight[r] += w;
      });
      i.for_defs([&](int r) {
        touch(r, pos + 1);
        weight[r] += w;
      });
      if (i.op == Op::Call) calls.push_back(pos);
      pos += 2;
    }
  }
  std::vector<Interval> ivs;
  for (int r = 0; r < nv; ++r) {
    if (end[r] < 0) continue;
    Interval iv{r, start[r], end[r]};
    auto it = std::lower_bound(calls.begin(), calls.end(), iv.start);
    iv.crosses_call = it != calls.end() && *it < iv.end;  // start <= p and p + 1 <= end
    iv.no_spill = al.no_spill[r];
    iv.weight = weight[r] / (1 + iv.end - iv.start);
    ivs.push_back(iv);
  }
  std::sort(ivs.begin(), ivs.end(), [](const Interval& a, const Interval& b) {
    return a.start != b.start ? a.start < b.start : a.vreg < b.vreg;
  });
  // Preferences: a copy's destination and source in one register (the copy disappears), a
  // select's destination in the register of its 'else' value (one conditional move).
  std::vector<int> hint(nv, -1);
  for (Block& b : f.blocks)
    for (Inst& i : b.insts) {
      if (i.op == Op::Mov && i.a.is_reg()) hint[i.dst] = i.a.v;
      if (i.op == Op::Sel) hint[i.dst] = i.e.is_reg() ? i.e.v : i.c.is_reg() ? i.c.v : -1;
    }
  al.reg.assign(nv, -1);
  std::vector<Interval*> active;
  bool free_reg[15];
  std::fill(std::begin(free_reg), std::end(free_reg), true);
  std::vector<int> spill;
  for (Interval& cur : ivs) {
    for (auto it = active.begin(); it != active.end();) {
      if ((*it)->end < cur.start) {
        free_reg[al.reg[(*it)->vreg]] = true;
        it = active.erase(it);
      } else {
        ++it;
      }
    }
    int chosen = -1;
    if (int h = hint[cur.vreg]; h >= 0 && al.reg[h] >= 0 && free_reg[al.reg[h]] &&
                                (!cur.crosses_call || callee_saved(al.reg[h])))
      chosen = al.reg[h];
    if (chosen >= 0) {
    } else if (cur.crosses_call) {
      for (int r : kOrderLong)
        if (free_reg[r]) {
          chosen = r;
          break;
        }
    } else {
      for (int r : kOrderShort)
        if (free_reg[r]) {
          chosen = r;
          break;
        }
    }
    if (chosen < 0) {
      // Spill the cheapest: the lowest weight among the active values whose register cur may use.
      Interval* victim = nullptr;
      for (Interval* a : active) {
        if (a->no_spill) continue;
        if (cur.crosses_call && !callee_saved(al.reg[a->vreg])) continue;
        if (!victim || a->weight < victim->weight) victim = a;
      }
      if (victim && (cur.no_spill || victim->weight < cur.weight)) {
        chosen = al.reg[victim->vreg];
        spill.push_back(victim->vreg);
        active.erase(std::find(active.begin(), active.end(), victim));
      } else {
        M3_ASSERT(!cur.no_spill, "register allocation: no register for a spill temporary");
        spill.push_back(cur.vreg);
        continue;
      }
    }
    al.reg[cur.vreg] = chosen;
    free_reg[chosen] = false;
    active.push_back(&cur);
  }
  return spill;
}

void insert_spill_code(Function& f, Alloc& al, const std::vector<int>& spill) {
  // A value that is a constant or an address is computed again where it is used (rematerialised)
  // instead of stored and reloaded.
  std::vector<int> ndefs = def_counts(f);
  std::map<int, Inst> remat;
  for (Block& b : f.blocks)
    for (Inst& i : b.insts)
      if (i.dst >= 0 && ndefs[i.dst] == 1 && (i.op == Op::Imm || i.op == Op::Addr || i.op == Op::Frame) &&
          std::find(spill.begin(), spill.end(), i.dst) != spill.end())
        remat[i.dst] = i;
  for (Block& b : f.blocks) {
    std::vector<Inst> out;
    for (Inst& i : b.insts) {
      if (i.dst >= 0 && remat.count(i.dst)) continue;
      i.for_use_vals([&](Val& v) {
        auto it = remat.find(v.v);
        if (it == remat.end()) return;
        Inst c = it->second;
        c.dst = f.new_vreg();
        al.no_spill.push_back(true);
        c.tok = i.tok;
        out.push_back(c);
        v.v = c.dst;
      });
      out.push_back(std::move(i));
    }
    b.insts = std::move(out);
  }
  std::map<int, int> slot_of;
  for (int v : spill) {
    if (remat.count(v)) continue;
    slot_of[v] = static_cast<int>(f.slots.size());
    f.slots.push_back({4, 4});
  }
  auto new_tmp = [&]() {
    int t = f.new_vreg();
    al.no_spill.push_back(true);
    return t;
  };
  for (Block& b : f.blocks) {
    std::vector<Inst> out;
    std::vector<Inst> pending_param_stores;
    for (size_t k = 0; k < b.insts.size(); ++k) {
      Inst i = b.insts[k];
      std::map<int, int> tmp;  // spilled vreg -> its temporary in this instruction
      auto tmp_for = [&](int v) {
        auto it = tmp.find(v);
        if (it != tmp.end()) return it->second;
        int t = new_tmp();
        tmp[v] = t;
        return t;
      };
      std::vector<Inst> after;
      i.for_use_vals([&](Val& v) {
        auto s = slot_of.find(v.v);
        if (s == slot_of.end()) return;
        bool first = !tmp.count(v.v);
        int t = tmp_for(v.v);
        if (first) {
          Inst ld;
          ld.op = Op::SpillLd;
          ld.dst = t;
          ld.a = Val::imm(s->second);
          ld.tok = i.tok;
          out.push_back(ld);
        }
        v.v = t;
      });
      auto def_fix = [&](int& r) {
        auto s = slot_of.find(r);
        if (s == slot_of.end()) return;
        int t = tmp_for(r);
        r = t;
        Inst st;
        st.op = Op::SpillSt;
        st.a = Val::reg(t);
        st.b = Val::imm(s->second);
        st.tok = i.tok;
        after.push_back(st);
      };
      if (i.dst >= 0) def_fix(i.dst);
      // A post-indexed base was renamed as a use above; it is stored back after.
      if (i.post && i.a.is_reg()) {
        for (auto& [v, t] : tmp)
          if (t == i.a.v) {
            Inst st;
            st.op = Op::SpillSt;
            st.a = Val::reg(t);
            st.b = Val::imm(slot_of[v]);
            st.tok = i.tok;
            after.push_back(st);
          }
      }
      bool is_param = i.op == Op::Param;
      if (i.is_terminator()) M3_ASSERT(after.empty(), "spill: a terminator defines a register");
      out.push_back(std::move(i));
      if (is_param) {
        for (Inst& s : after) pending_param_stores.push_back(s);
        bool next_is_param = k + 1 < b.insts.size() && b.insts[k + 1].op == Op::Param;
        if (!next_is_param) {
          for (Inst& s : pending_param_stores) out.push_back(s);
          pending_param_stores.clear();
        }
      } else {
        for (Inst& s : after) out.push_back(s);
      }
    }
    b.insts = std::move(out);
  }
}

// ---- emission ----

struct Emitter {
  Emitter(Ctx& c, CompileResult& r, Function& fn, const std::vector<int>& rg, std::string& o, int& l)
      : ctx(c), res(r), f(fn), reg(rg), out(o), line(l) {}
  Ctx& ctx;
  CompileResult& res;
  Function& f;
  const std::vector<int>& reg;
  std::string& out;
  int& line;
  const Token* cur = nullptr;
  std::vector<int> slot_off;
  int frame = 0;
  std::vector<int> pushed;  // registers pushed (with lr last as 14)
  bool pushes = false;

  void raw(const std::string& s) {
    out += s;
    out += '\n';
    ++line;
  }
  int it_left = 0;  // instructions still inside the current IT block

  // Outside IT blocks, the flag-setting forms of some instructions have 16-bit encodings when
  // their registers are r0-r7 (ADDS, SUBS, MOVS, LSLS..., A7.7.3 etc.). Nothing reads the flags
  // they set: every flag consumer (b<cc>, it) directly follows its cmp. Fewer 32-bit
  // instructions mean fewer fetch bubbles on the pipeline (an instruction straddling a word).
  static std::string narrow(const std::string& ins) {
    std::vector<std::string> t;  // mnemonic, then operands
    {
      size_t sp = ins.find(' ');
      if (sp == std::string::npos) return ins;
      t.push_back(ins.substr(0, sp));
      std::string rest = ins.substr(sp + 1);
      if (rest.find('[') != std::string::npos || rest.find('{') != std::string::npos) return ins;
      size_t p = 0;
      while (p <= rest.size()) {
        size_t c = rest.find(", ", p);
        t.push_back(rest.substr(p, c == std::string::npos ? std::string::npos : c - p));
        if (c == std::string::npos) break;
        p = c + 2;
      }
    }
    auto low = [](const std::string& r) { return r.size() == 2 && r[0] == 'r' && r[1] >= '0' && r[1] <= '7'; };
    auto imm = [](const std::string& x, long* v) {
      if (x.empty() || x[0] != '#') return false;
      char* end = nullptr;
      *v = std::strtol(x.c_str() + 1, &end, 10);
      return *end == 0;
    };
    const std::string& m = t[0];
    long v = 0;
    if (t.size() == 4 && (m == "add" || m == "addw" || m == "sub" || m == "subw") && low(t[1]) && low(t[2])) {
      std::string s = m.substr(0, 3) + "s";
      if (imm(t[3], &v) && v >= 0 && (v <= 7 || (v <= 255 && t[1] == t[2]))) return s + " " + t[1] + ", " + t[2] + ", " + t[3];
      if (low(t[3])) return s + " " + t[1] + ", " + t[2] + ", " + t[3];
    }
    if (t.size() == 3 && m == "mov" && low(t[1]) && imm(t[2], &v) && v >= 0 && v <= 255) return "movs " + t[1] + ", " + t[2];
    if (t.size() == 4 && m == "mov" && low(t[1]) && low(t[2]) && t[3].size() > 5 && t[3][3] == ' ') {
      std::string sh = t[3].substr(0, 3);
      if (sh == "lsl" || sh == "lsr" || sh == "asr") return sh + "s " + t[1] + ", " + t[2] + ", " + t[3].substr(4);
    }
    if (t.size() == 4 && m == "mul" && low(t[1]) && low(t[2]) && low(t[3])) {  // MULS Rdm, Rn, Rdm
      if (t[1] == t[3]) return "muls " + t[1] + ", " + t[2] + ", " + t[1];
      if (t[1] == t[2]) return "muls " + t[1] + ", " + t[3] + ", " + t[1];
    }
    if (t.size() == 4 && (m == "and" || m == "orr" || m == "eor") && low(t[1]) && low(t[2]) && low(t[3])) {
      if (t[1] == t[2]) return m + "s " + t[1] + ", " + t[1] + ", " + t[3];
      if (t[1] == t[3]) return m + "s " + t[1] + ", " + t[1] + ", " + t[2];
    }
    if (t.size() == 4 && m == "rsb" && low(t[1]) && low(t[2]) && t[3] == "#0") return "rsbs " + t[1] + ", " + t[2] + ", #0";
    if (t.size() == 3 && m == "mvn" && low(t[1]) && low(t[2])) return "mvns " + t[1] + ", " + t[2];
    return ins;
  }

  void emit(const std::string& in) {
    std::string ins = in;
    if (it_left > 0) {
      --it_left;
    } else if (ins.rfind("it", 0) == 0) {
      it_left = static_cast<int>(ins.find(' ')) - 1;  // it: 1, ite/itt: 2, ...
    } else {
      ins = narrow(ins);
    }
    if (cur) {
      LineMapEntry e;
      e.asm_line = line;
      e.file = ctx.files[cur->file].name;
      e.line = cur->line;
      e.column = cur->col;
      res.line_map.push_back(std::move(e));
    }
    raw("\t" + ins);
  }
  static std::string R(int r) {
    if (r == 13) return "sp";
    if (r == 14) return "lr";
    return "r" + std::to_string(r);
  }
  std::string V(const Val& v) {
    if (v.is_imm()) return "#" + std::to_string(v.v);
    M3_ASSERT(v.is_reg() && reg[v.v] >= 0, "emit: operand without a register");
    return R(reg[v.v]);
  }
  std::string D(const Inst& i) { return R(reg[i.dst]); }
  std::string label(int b) { return ".L." + f.name + ".b" + std::to_string(b); }

  void load_imm(const std::string& r, int32_t v) {
    uint32_t u = static_cast<uint32_t>(v);
    if (is_modimm(u)) emit("mov " + r + ", #" + std::to_string(u));
    else if (u <= 0xffff) emit("movw " + r + ", #" + std::to_string(u));
    else if (is_modimm(~u)) emit("mvn " + r + ", #" + std::to_string(~u));
    else {
      emit("movw " + r + ", #" + std::to_string(u & 0xffff));
      emit("movt " + r + ", #" + std::to_string(u >> 16));
    }
  }
  // r = r OP #imm for add/sub with any encodable immediate.
  void add_imm(const std::string& d, const std::string& a, int32_t v) {
    uint32_t u = static_cast<uint32_t>(v);
    if (v >= 0 && is_modimm(u)) emit("add " + d + ", " + a + ", #" + std::to_string(u));
    else if (v < 0 && is_modimm(0u - u)) emit("sub " + d + ", " + a + ", #" + std::to_string(0u - u));
    else if (v >= 0 && v < 4096) emit("addw " + d + ", " + a + ", #" + std::to_string(v));
    else if (v < 0 && v > -4096) emit("subw " + d + ", " + a + ", #" + std::to_string(-v));
    else if (d != "sp") {
      load_imm(d, v);
      emit("add " + d + ", " + a + ", " + d);
    } else {
      // sp +/- a large frame: r12 is free in the prologue and the epilogue.
      load_imm("r12", v);
      emit("add sp, sp, r12");
    }
  }
  // d = [sp + off]
  void load_sp(const std::string& d, int off) {
    if (off < 4096) {
      emit("ldr " + d + ", [sp, #" + std::to_string(off) + "]");
      return;
    }
    add_imm(d, "sp", off);
    emit("ldr " + d + ", [" + d + "]");
  }
  void compare(const Inst& i) {
    if (i.b.is_imm()) {
      uint32_t u = static_cast<uint32_t>(i.b.v);
      if (is_modimm(u)) emit("cmp " + V(i.a) + ", #" + std::to_string(u));
      else emit("cmn " + V(i.a) + ", #" + std::to_string(0u - u));
    } else {
      emit("cmp " + V(i.a) + ", " + V(i.b));
    }
  }
  void cond_mov(const char* cc, const std::string& d, const Val& v) {
    if (v.is_imm() && !is_modimm(static_cast<uint32_t>(v.v))) emit(std::string("movw") + cc + " " + d + ", " + V(v));
    else emit(std::string("mov") + cc + " " + d + ", " + V(v));
  }

  // Register-to-register parallel move (dst <- src pairs); cycles are broken with EOR swaps.
  void parallel_move(std::vector<std::pair<int, int>> moves) {
    moves.erase(std::remove_if(moves.begin(), moves.end(), [](auto& m) { return m.first == m.second; }), moves.end());
    while (!moves.empty()) {
      bool progress = false;
      for (size_t k = 0; k < moves.size(); ++k) {
        int d = moves[k].first;
        bool blocked = false;
        for (size_t j = 0; j < moves.size(); ++j)
          if (j != k && moves[j].second == d) blocked = true;
        if (blocked) continue;
        emit("mov " + R(d) + ", " + R(moves[k].second));
        moves.erase(moves.begin() + static_cast<long>(k));
        progress = true;
        break;
      }
      if (progress) continue;
      // Only cycles remain: swap the first move's two registers.
      auto [d, s] = moves[0];
      emit("eor " + R(d) + ", " + R(d) + ", " + R(s));
      emit("eor " + R(s) + ", " + R(d) + ", " + R(s));
      emit("eor " + R(d) + ", " + R(d) + ", " + R(s));
      moves.erase(moves.begin());
      for (auto& m : moves)
        if (m.second == d) m.second = s;
      moves.erase(std::remove_if(moves.begin(), moves.end(), [](auto& m) { return m.first == m.second; }), moves.end());
    }
  }

  void epilogue() {
    if (frame) add_imm("sp", "sp", frame);
    if (!pushes) {
      emit("bx lr");
      return;
    }
    std::string l = "{";
    for (int r : pushed) l += (r == kLR ? "pc" : R(r)) + std::string(", ");
    l.resize(l.size() - 2);
    emit("pop " + l + "}");
  }

  static std::string shifted(const Inst& i) { return i.shift ? ", lsl #" + std::to_string(i.shift) : ""; }

  std::string mem(const Inst& i) {
    if (i.post) return "[" + V(i.a) + "], " + V(i.b);
    std::string s = "[" + V(i.a);
    if (i.b.is_reg()) {
      s += ", " + V(i.b);
      if (i.shift) s += ", lsl #" + std::to_string(i.shift);
    } else if (i.b.v != 0) {
      s += ", #" + std::to_string(i.b.v);
    }
    return s + "]";
  }

  void inst(const Inst& i, size_t b, size_t k) {
    cur = i.tok;
    switch (i.op) {
      case Op::Imm: load_imm(D(i), i.a.v); break;
      case Op::Addr:
        emit("movw " + D(i) + ", #:lower16:" + i.sym);
        emit("movt " + D(i) + ", #:upper16:" + i.sym);
        break;
      case Op::Frame: add_imm(D(i), "sp", slot_off[i.a.v]); break;
      case Op::Param: {
        // The whole group of parameters at once (they are the entry block's first instructions).
        if (k != 0) break;
        std::vector<std::pair<int, int>> moves;
        std::vector<const Inst*> stack;
        std::vector<int> uses = use_counts(f);
        for (const Inst& p : f.blocks[b].insts) {
          if (p.op != Op::Param) break;
          if (p.dst < 0 || reg[p.dst] < 0 || uses[p.dst] == 0) continue;
          if (p.a.v < 4) moves.push_back({reg[p.dst], p.a.v});
          else stack.push_back(&p);
        }
        parallel_move(moves);
        int above = frame + 4 * static_cast<int>(pushed.size());
        for (const Inst* p : stack)
          load_sp(D(*p), above + 4 * (p->a.v - 4));
        break;
      }
      case Op::Mov:
        if (reg[i.dst] != reg[i.a.v]) emit("mov " + D(i) + ", " + V(i.a));
        break;
      case Op::Add:
        if (i.b.is_imm()) add_imm(D(i), V(i.a), i.b.v);
        else emit("add " + D(i) + ", " + V(i.a) + ", " + V(i.b) + shifted(i));
        break;
      case Op::Sub:
        if (i.shift) emit("sub " + D(i) + ", " + V(i.a) + ", " + V(i.b) + shifted(i));
        else if (i.a.is_imm()) emit("rsb " + D(i) + ", " + V(i.b) + ", " + V(i.a));
        else if (i.b.is_imm()) add_imm(D(i), V(i.a), static_cast<int32_t>(0u - static_cast<uint32_t>(i.b.v)));
        else emit("sub " + D(i) + ", " + V(i.a) + ", " + V(i.b));
        break;
      case Op::Mul: emit("mul " + D(i) + ", " + V(i.a) + ", " + V(i.b)); break;
      case Op::SDiv: emit("sdiv " + D(i) + ", " + V(i.a) + ", " + V(i.b)); break;
      case Op::UDiv: emit("udiv " + D(i) + ", " + V(i.a) + ", " + V(i.b)); break;
      case Op::And:
        if (i.b.is_imm() && !is_modimm(static_cast<uint32_t>(i.b.v)))
          emit("bic " + D(i) + ", " + V(i.a) + ", #" + std::to_string(~static_cast<uint32_t>(i.b.v)));
        else
          emit("and " + D(i) + ", " + V(i.a) + ", " + (i.b.is_imm() ? "#" + std::to_string(static_cast<uint32_t>(i.b.v)) : V(i.b)));
        break;
      case Op::Or:
      case Op::Xor:
        emit(std::string(i.op == Op::Or ? "orr " : "eor ") + D(i) + ", " + V(i.a) + ", " +
             (i.b.is_imm() ? "#" + std::to_string(static_cast<uint32_t>(i.b.v)) : V(i.b)));
        break;
      case Op::Shl:
      case Op::LShr:
      case Op::AShr: {
        const char* op = i.op == Op::Shl ? "lsl" : i.op == Op::LShr ? "lsr" : "asr";
        // The immediate forms as MOV with a shifted register (A7.7.68), which both assemblers take.
        if (i.b.is_imm()) emit("mov " + D(i) + ", " + V(i.a) + ", " + op + " #" + std::to_string(i.b.v));
        else emit(std::string(op) + " " + D(i) + ", " + V(i.a) + ", " + V(i.b));
        break;
      }
      case Op::Mla: emit("mla " + D(i) + ", " + V(i.a) + ", " + V(i.b) + ", " + V(i.c)); break;
      case Op::Mls: emit("mls " + D(i) + ", " + V(i.a) + ", " + V(i.b) + ", " + V(i.c)); break;
      case Op::Neg: emit("rsb " + D(i) + ", " + V(i.a) + ", #0"); break;
      case Op::Not: emit("mvn " + D(i) + ", " + V(i.a)); break;
      case Op::Sext8: emit("sxtb " + D(i) + ", " + V(i.a)); break;
      case Op::Sext16: emit("sxth " + D(i) + ", " + V(i.a)); break;
      case Op::Zext8: emit("uxtb " + D(i) + ", " + V(i.a)); break;
      case Op::Zext16: emit("uxth " + D(i) + ", " + V(i.a)); break;
      case Op::Usat: emit("usat " + D(i) + ", #" + std::to_string(i.b.v) + ", " + V(i.a)); break;
      case Op::Ssat: emit("ssat " + D(i) + ", #" + std::to_string(i.b.v) + ", " + V(i.a)); break;
      case Op::SetCC:
        compare(i);
        emit(std::string("ite ") + cc_name(i.cc));
        emit(std::string("mov") + cc_name(i.cc) + " " + D(i) + ", #1");
        emit(std::string("mov") + cc_name(invert(i.cc)) + " " + D(i) + ", #0");
        break;
      case Op::Sel:
        compare(i);
        if (i.e.is_reg() && reg[i.e.v] == reg[i.dst]) {
          emit(std::string("it ") + cc_name(i.cc));
          cond_mov(cc_name(i.cc), D(i), i.c);
        } else if (i.c.is_reg() && reg[i.c.v] == reg[i.dst]) {
          emit(std::string("it ") + cc_name(invert(i.cc)));
          cond_mov(cc_name(invert(i.cc)), D(i), i.e);
        } else {
          emit(std::string("ite ") + cc_name(i.cc));
          cond_mov(cc_name(i.cc), D(i), i.c);
          cond_mov(cc_name(invert(i.cc)), D(i), i.e);
        }
        break;
      case Op::Load: {
        const char* op = i.width == 1 ? (i.sign ? "ldrsb" : "ldrb") : i.width == 2 ? (i.sign ? "ldrsh" : "ldrh") : "ldr";
        emit(std::string(op) + " " + D(i) + ", " + mem(i));
        break;
      }
      case Op::Store: {
        const char* op = i.width == 1 ? "strb" : i.width == 2 ? "strh" : "str";
        emit(std::string(op) + " " + V(i.c) + ", " + mem(i));
        break;
      }
      case Op::Call: {
        for (size_t a = 4; a < i.args.size(); ++a)
          emit("str " + V(i.args[a]) + ", [sp, #" + std::to_string(4 * (a - 4)) + "]");
        std::vector<std::pair<int, int>> moves;
        for (size_t a = 0; a < i.args.size() && a < 4; ++a) moves.push_back({static_cast<int>(a), reg[i.args[a].v]});
        parallel_move(moves);
        emit("bl " + i.sym);
        if (i.dst >= 0 && reg[i.dst] != 0) emit("mov " + D(i) + ", r0");
        break;
      }
      case Op::SpillLd: load_sp(D(i), slot_off[i.a.v]); break;
      case Op::SpillSt:
        M3_ASSERT(slot_off[i.b.v] < 4096, "spill slot out of reach (the small slots come first)");
        emit("str " + V(i.a) + ", [sp, #" + std::to_string(slot_off[i.b.v]) + "]");
        break;
      case Op::Jmp:
        if (i.t != static_cast<int>(b) + 1) emit("b " + label(i.t));
        break;
      case Op::Br: {
        compare(i);
        Cc cc = i.cc;
        int t = i.t, fl = i.f;
        if (t == static_cast<int>(b) + 1) {
          std::swap(t, fl);
          cc = invert(cc);
        }
        emit(std::string("b") + cc_name(cc) + " " + label(t));
        if (fl != static_cast<int>(b) + 1) emit("b " + label(fl));
        break;
      }
      case Op::Ret:
        if (i.a.is_imm()) load_imm("r0", i.a.v);
        else if (i.a.is_reg() && reg[i.a.v] != 0) emit("mov r0, " + V(i.a));
        epilogue();
        break;
    }
  }

  // `t = OP ...; x = sel CC a, b ? t : x` with t used only there and x's register also the
  // else-value's: the operation itself runs under the condition (cmp; it CC; OP<CC> x, ...),
  // as in `if (v < 0) v = -v;` -> rsblt.
  bool predicated(const Inst& op, const Inst& sel, const std::vector<int>& uses) {
    if (sel.op != Op::Sel || !sel.c.is_reg() || sel.c.v != op.dst || uses[op.dst] != 1) return false;
    if (!sel.e.is_reg() || reg[sel.e.v] != reg[sel.dst]) return false;
    std::string cc = cc_name(sel.cc), text;
    switch (op.op) {
      case Op::Neg: text = "rsb" + cc + " " + D(sel) + ", " + V(op.a) + ", #0"; break;
      case Op::Add:
      case Op::Sub:
        if (op.a.is_imm()) return false;
        if (op.b.is_imm() && !is_modimm(static_cast<uint32_t>(op.b.v))) return false;
        text = std::string(op.op == Op::Add ? "add" : "sub") + cc + " " + D(sel) + ", " + V(op.a) + ", " +
               (op.b.is_imm() ? "#" + std::to_string(static_cast<uint32_t>(op.b.v)) : V(op.b)) + shifted(op);
        break;
      default: return false;
    }
    cur = sel.tok;
    compare(sel);
    emit("it " + cc);
    cur = op.tok;
    emit(text);
    return true;
  }

  void function() {
    // Frame layout.
    int out_area = 0;
    bool has_call = false;
    std::set<int> used;
    for (Block& b : f.blocks)
      for (Inst& i : b.insts) {
        if (i.op == Op::Call) {
          has_call = true;
          out_area = std::max(out_area, 4 * (static_cast<int>(i.args.size()) - 4));
        }
        i.for_defs([&](int r) {
          if (reg[r] >= 0) used.insert(reg[r]);
        });
      }
    int off = out_area;
    // Small slots (scalars, spills) nearest to sp, where 12-bit offsets reach them.
    std::vector<int> order(f.slots.size());
    for (size_t k = 0; k < order.size(); ++k) order[k] = static_cast<int>(k);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return f.slots[a].size < f.slots[b].size; });
    slot_off.assign(f.slots.size(), 0);
    for (int k : order) {
      const Slot& s = f.slots[k];
      off = (off + s.align - 1) / s.align * s.align;
      slot_off[k] = off;
      off += s.size;
    }
    frame = (off + 7) / 8 * 8;
    for (int r : used)
      if (callee_saved(r)) pushed.push_back(r);
    if (has_call || used.count(kLR) || !pushed.empty() || frame) pushed.push_back(kLR);
    pushes = !pushed.empty();
    if (pushed.size() % 2) frame += 4;  // 8-byte aligned sp (AAPCS)
    // Prologue.
    cur = f.obj ? f.obj->tok : nullptr;
    raw("");
    raw("\t.text");
    raw("\t.align 1");
    if (!f.is_static) raw("\t.global " + f.name);
    raw("\t.thumb_func");
    raw("\t.type " + f.name + ", %function");
    raw(f.name + ":");
    if (pushes) {
      std::string l = "{";
      for (int r : pushed) l += R(r) + ", ";
      l.resize(l.size() - 2);
      emit("push " + l + "}");
    }
    if (frame) add_imm("sp", "sp", -frame);
    std::vector<int> uses = use_counts(f);
    for (size_t b = 0; b < f.blocks.size(); ++b) {
      raw(label(static_cast<int>(b)) + ":");
      auto& insts = f.blocks[b].insts;
      for (size_t k = 0; k < insts.size(); ++k) {
        if (k + 1 < insts.size() && predicated(insts[k], insts[k + 1], uses)) {
          ++k;
          continue;
        }
        inst(insts[k], b, k);
      }
    }
    raw("\t.size " + f.name + ", .-" + f.name);
  }
};

}  // namespace

void codegen(Ctx& ctx, Module& m, CompileResult& res) {
  std::string out;
  int line = 1;
  for (char c : res.assembly)
    if (c == '\n') ++line;
  for (Function& f : m.funcs) {
    Alloc al;
    al.no_spill.assign(f.nvregs, false);
    for (int round = 0;; ++round) {
      std::vector<int> spill = linear_scan(f, al);
      if (spill.empty()) break;
      M3_ASSERT(round < 50, "register allocation does not converge");
      insert_spill_code(f, al, spill);
    }
    if (ctx.opt.dump_after == "regalloc") {
      // The IR after spilling, and where each virtual register lives.
      res.dump += print(f);
      std::string l = "registers:";
      for (int v = 0; v < f.nvregs; ++v)
        if (al.reg[v] >= 0) l += " v" + std::to_string(v) + "=" + Emitter::R(al.reg[v]);
      res.dump += l + "\n\n";
    }
    Emitter e(ctx, res, f, al.reg, out, line);
    e.function();
  }
  res.assembly += out;
}

}  // namespace m3::cc::ir
