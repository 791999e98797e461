// Static analysis of one instruction for the pipeline, derived from its table row (Form): the
// pattern's field letters say which of rd/rn/rm/ra are operands, the tie options add Rdn/Rdm,
// the syntax template names implicit SP operands, and the IClass plus mnemonic say which of them
// are written and when.
#include "inst_info.hpp"

#include <bit>
#include <string_view>

#include "m3lab/isa/codec.hpp"
#include "m3lab/isa/table.hpp"

namespace m3::sim {

namespace {

std::string_view mnemonic_of(const char* syntax) {
  std::string_view s(syntax);
  size_t end = s.find_first_of("{\t.");
  return s.substr(0, end);
}

bool starts(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool has_any(const isa::Pattern& p, const char* letters) {
  for (const char* c = letters; *c; ++c)
    if (p.field(*c)) return true;
  return false;
}

}  // namespace

void analyse_instruction(InstInfo& info, uint32_t pc, isa::Memory& mem) {
  info = InstInfo{};
  uint16_t hw1 = 0, hw2 = 0;
  try {
    hw1 = mem.fetch16(pc);
    if (isa::is_thumb32(hw1)) hw2 = mem.fetch16(pc + 2);
  } catch (const isa::GuestFault&) {
    info.fetch_fault = isa::FaultKind::BusInstr;
    info.text = "<fetch fault>";
    return;
  }
  info.fetched = isa::is_thumb32(hw1) ? (uint32_t{hw1} << 16 | hw2) : hw1;
  std::optional<isa::Inst> d = isa::decode_halfwords(hw1, hw2);
  if (!d) {
    info.fetch_fault = isa::FaultKind::UndefInstr;
    info.size = isa::is_thumb32(hw1) ? 4 : 2;
    info.text = "<undefined>";
    return;
  }
  const isa::Inst& in = *d;
  info.decoded = true;
  info.inst = in;
  info.size = in.size;
  const isa::Form& f = isa::form(in.form);
  info.iclass = f.iclass;
  info.text = isa::disassemble(in, pc);  // objdump style: one tab between mnemonic and operands

  std::string_view mn = mnemonic_of(f.syntax);
  std::string_view syn(f.syntax);
  const isa::Pattern& p = f.pat;
  bool has_d = has_any(p, "dtl"), has_a = has_any(p, "aTh");
  bool has_n = p.field('n') || (f.opts & isa::kTieDN);
  bool has_m = p.field('m') || (f.opts & isa::kTieDM);
  auto bit = [](unsigned r) { return r < 15 ? 1u << r : 0u; };
  uint32_t rd = has_d ? bit(in.rd) : 0, ra = has_a ? bit(in.ra) : 0;
  uint32_t rn = has_n ? bit(in.rn) : 0, rm = has_m ? bit(in.rm) : 0;
  // Implicit SP operands ("add sp, #imm", "ldr r0, [sp, #4]", "add r0, sp, r1"...).
  bool sp_operand = syn.find("sp") != std::string_view::npos && !starts(mn, "push") && !starts(mn, "pop");
  if (sp_operand) rn |= bit(13);
  bool writes_sp_literal = syn.find("\tsp") != std::string_view::npos && (starts(mn, "add") || starts(mn, "sub"));

  info.flag_write = f.flags == isa::FlagEffect::None ? 0
                    : in.setflags == isa::SetFlags::Always ? 1
                    : in.setflags == isa::SetFlags::OutsideIt ? 2
                                                               : 0;
  if (f.flags == isa::FlagEffect::All) info.flag_write = 1;  // MSR APSR
  // Readers of the carry: ADC, SBC, RRX; MRS reads the APSR.
  if (starts(mn, "adc") || starts(mn, "sbc") || starts(mn, "mrs") ||
      (in.shift_t == isa::ShiftType::RRX && has_m))
    info.reads |= kFlagsBit;

  using C = isa::IClass;
  switch (f.iclass) {
    case C::Alu:
    case C::Mul:
    case C::Div: {
      bool compare = starts(mn, "cmp") || starts(mn, "cmn") || starts(mn, "tst") || starts(mn, "teq");
      info.reads |= rn | rm | ra;
      if (starts(mn, "movt") || starts(mn, "bfi") || starts(mn, "bfc")) info.reads |= rd;
      if (!compare) info.writes |= rd;
      if (writes_sp_literal) info.writes |= bit(13), info.reads |= bit(13);
      if (has_d && in.rd == 15 && !compare) {
        info.branch = true;
        info.resolve = Resolve::Ex;
      }
      break;
    }
    case C::MulLong:
      info.reads |= rn | rm;
      if (starts(mn, "umlal") || starts(mn, "smlal")) info.reads |= rd | ra;
      info.writes |= rd | ra;
      break;
    case C::Load:
    case C::LoadPair:
    case C::Store:
    case C::StorePair: {
      bool load = f.iclass == C::Load || f.iclass == C::LoadPair;
      bool pair = f.iclass == C::LoadPair || f.iclass == C::StorePair;
      bool excl = mn.find("ex") != std::string_view::npos;
      info.reads |= rn | rm;
      if (load) {
        info.load_writes |= rd | (pair ? ra : 0);
        if (has_d && in.rd == 15) {
          info.branch = true;
          info.resolve = Resolve::Mem;
        }
      } else if (excl) {
        info.writes |= rd;  // STREX status
        info.reads |= ra;
      } else {
        info.reads |= rd | (pair ? ra : 0);
      }
      if (in.wback) info.writes |= bit(in.rn);
      info.store = !load;
      if (starts(mn, "pld") || starts(mn, "pli")) {
        info.mem = MemKind::None;
      } else if (pair) {
        info.mem = MemKind::Pair;
        info.beats = 2;
      } else if (excl) {
        info.mem = MemKind::Exclusive;
        info.beats = 1;
      } else {
        info.mem = p.field('m') ? MemKind::SingleReg : MemKind::SingleImm;
        info.beats = 1;
      }
      break;
    }
    case C::LoadMulti:
    case C::StoreMulti: {
      bool load = f.iclass == C::LoadMulti;
      bool pushpop = starts(mn, "push") || starts(mn, "pop");
      uint32_t base = pushpop ? bit(13) : rn;
      uint32_t list = in.reglist & 0x7fff;
      info.reads |= base;
      if (load)
        info.load_writes |= list;
      else
        info.reads |= list;
      if (pushpop || in.wback) info.writes |= base & ~info.load_writes;
      info.beats = static_cast<uint8_t>(std::popcount(in.reglist));
      info.store = !load;
      if (load && (in.reglist & 0x8000)) {
        info.branch = true;
        info.resolve = Resolve::Mem;
      }
      if (starts(mn, "push"))
        info.mem = MemKind::Push;
      else if (starts(mn, "pop"))
        info.mem = MemKind::Pop;
      else if (mn.find("db") != std::string_view::npos)
        info.mem = MemKind::MultiDB;
      else
        info.mem = MemKind::MultiIA;
      break;
    }
    case C::Branch:
    case C::Call: {
      info.branch = true;
      info.reads |= rn | rm;
      if (f.iclass == C::Call) info.writes |= bit(14);
      if (starts(mn, "tb")) {
        info.resolve = Resolve::Mem;
        info.mem = starts(mn, "tbh") ? MemKind::TableHalf : MemKind::TableByte;
        info.beats = 1;
      } else {
        info.resolve = Resolve::Ex;
      }
      if (syn.find("{t}") != std::string_view::npos) {
        info.direct = true;
        info.target = pc + 4 + in.imm;
        info.conditional = starts(mn, "b") && !starts(mn, "bl") && in.cond < isa::kAL;
        if (info.conditional) info.reads |= kFlagsBit;
      }
      break;
    }
    case C::System:
      if (starts(mn, "mrs")) info.writes |= rd;
      if (starts(mn, "msr")) {
        info.reads |= rn;
        info.flag_write = 1;
      }
      break;
    case C::It:
    case C::Count:
      break;
  }
}

void set_it_text(InstInfo& info, uint32_t pc, uint8_t itstate) {
  if (!info.decoded) return;
  info.it_text = isa::disassemble(info.inst, pc, isa::ItState{itstate});
  info.text_in_it = true;
}

}  // namespace m3::sim
