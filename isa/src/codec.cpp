// Decoder and encoder driven by the instruction table.
#include <array>
#include <vector>

#include "m3lab/isa/check.hpp"
#include "m3lab/isa/codec.hpp"
#include "m3lab/isa/pseudocode.hpp"
#include "m3lab/isa/table.hpp"

namespace m3::isa {

Fields extract_fields(const Pattern& p, uint32_t raw) {
  Fields f;
  for (int k = 0; k < p.nfields; ++k) {
    const PatternField& pf = p.fields[k];
    uint32_t v = 0;
    for (int r = 0; r < pf.nruns; ++r) {
      const BitRun& run = pf.runs[r];
      v = (v << run.len) | ((raw >> run.lsb) & ((1u << run.len) - 1));
    }
    f.set(pf.letter, v);
  }
  return f;
}

bool pack_fields(const Pattern& p, const Fields& f, uint32_t& raw) {
  raw = p.match;
  for (int k = 0; k < p.nfields; ++k) {
    const PatternField& pf = p.fields[k];
    uint32_t v = f.has(pf.letter) ? f.get(pf.letter) : 0;
    if (pf.width < 32 && (v >> pf.width) != 0) return false;
    // Runs are stored most significant first; fill from the last (least significant) run.
    for (int r = pf.nruns - 1; r >= 0; --r) {
      const BitRun& run = pf.runs[r];
      raw |= (v & ((1u << run.len) - 1)) << run.lsb;
      v >>= run.len;
    }
  }
  return true;
}

namespace {

// Applies the generic letter -> Inst mapping (see table.hpp).
void map_fields(const Form& f, const Fields& fl, Inst& in) {
  for (int k = 0; k < f.pat.nfields; ++k) {
    char c = f.pat.fields[k].letter;
    uint32_t v = fl.get(c);
    switch (c) {
      case 'd': case 't': case 'l': in.rd = static_cast<uint8_t>(v); break;
      case 'n': in.rn = static_cast<uint8_t>(v); break;
      case 'm': in.rm = static_cast<uint8_t>(v); break;
      case 'a': case 'T': case 'h': in.ra = static_cast<uint8_t>(v); break;
      case 'j': in.imm2 = static_cast<uint8_t>(v); break;
      case 'c': in.cond = static_cast<uint8_t>(v); break;
      case 'r': in.reglist = static_cast<uint16_t>(v); break;
      case 'p': in.index = v != 0; break;
      case 'u': in.add = v != 0; break;
      case 'w': in.wback = v != 0; break;
      case 's': in.setflags = v ? SetFlags::Always : SetFlags::Never; break;
      default: break;  // i, y and the extra letters are read by the ImmKind or a hook
    }
  }
  if (f.opts & kSetFlagsOutsideIt) in.setflags = SetFlags::OutsideIt;
  if (f.opts & kSetFlagsAlways) in.setflags = SetFlags::Always;
  if (f.opts & kIdxPost) { in.index = false; in.wback = true; }
  if (f.opts & kIdxPreWb) { in.index = true; in.wback = true; }
  if (f.opts & kSubtract) in.add = false;
  if (f.opts & kTieDN) in.rn = in.rd;
  if (f.opts & kTieDM) in.rm = in.rd;

  uint32_t i = fl.get('i');
  switch (f.imm) {
    case ImmKind::None: break;
    case ImmKind::Zext: in.imm = i; break;
    case ImmKind::Scale2: in.imm = i << 1; break;
    case ImmKind::Scale4: in.imm = i << 2; break;
    case ImmKind::ThumbExpand: {
      ExpandResult e = ThumbExpandImm_C(i);
      in.imm = e.imm32;
      in.carry = e.carry;
      break;
    }
    case ImmKind::ShiftImm: {
      ImmShift s = DecodeImmShift(fl.get('y'), i);
      in.shift_t = s.type;
      in.shift_n = s.amount;
      break;
    }
    case ImmKind::LslImm:
      in.shift_t = ShiftType::LSL;
      in.shift_n = static_cast<uint8_t>(i);
      break;
    case ImmKind::Rotate8:
      in.shift_t = ShiftType::ROR;
      in.shift_n = static_cast<uint8_t>(i * 8);
      break;
    case ImmKind::Imm16: {
      // 'i' = imm4:imm3:imm8 (15..12, 10..8, 7..0 of the result), 'I' = bit 11.
      uint32_t imm4 = i >> 11, imm3 = (i >> 8) & 7, imm8 = i & 0xff;
      in.imm = (imm4 << 12) | (fl.get('I') << 11) | (imm3 << 8) | imm8;
      break;
    }
    case ImmKind::BranchCond8: in.imm = SignExtend(i << 1, 9); break;
    case ImmKind::Branch11: in.imm = SignExtend(i << 1, 12); break;
    case ImmKind::BranchCond20: {
      uint32_t s = fl.get('S'), j1 = fl.get('J'), j2 = fl.get('K');
      in.imm = SignExtend((s << 20) | (j2 << 19) | (j1 << 18) | (i << 1), 21);
      break;
    }
    case ImmKind::Branch24: {
      uint32_t s = fl.get('S'), j1 = fl.get('J'), j2 = fl.get('K');
      uint32_t i1 = !(j1 ^ s), i2 = !(j2 ^ s);
      in.imm = SignExtend((s << 24) | (i1 << 23) | (i2 << 22) | (i << 1), 25);
      break;
    }
    case ImmKind::Count: M3_UNREACHABLE("bad ImmKind");
  }
  if (f.decode_hook) f.decode_hook(fl, in);
}

// The inverse of map_fields for the generic letters and the ImmKind. Returns false if a value
// has no representation (the caller also checks widths and re-decodes).
bool unmap_fields(const Form& f, const Inst& in, Fields& fl) {
  for (int k = 0; k < f.pat.nfields; ++k) {
    char c = f.pat.fields[k].letter;
    switch (c) {
      case 'd': case 't': case 'l': fl.set(c, in.rd); break;
      case 'n': fl.set(c, in.rn); break;
      case 'm': fl.set(c, in.rm); break;
      case 'a': case 'T': case 'h': fl.set(c, in.ra); break;
      case 'j': fl.set(c, in.imm2); break;
      case 'c': fl.set(c, in.cond); break;
      case 'r': fl.set(c, in.reglist); break;
      case 'p': fl.set(c, in.index); break;
      case 'u': fl.set(c, in.add); break;
      case 'w': fl.set(c, in.wback); break;
      case 's': fl.set(c, in.setflags == SetFlags::Always); break;
      default: break;
    }
  }
  auto set_i = [&](uint32_t v) { fl.set('i', v); };
  switch (f.imm) {
    case ImmKind::None: break;
    case ImmKind::Zext: set_i(in.imm); break;
    case ImmKind::Scale2:
      if (in.imm & 1) return false;
      set_i(in.imm >> 1);
      break;
    case ImmKind::Scale4:
      if (in.imm & 3) return false;
      set_i(in.imm >> 2);
      break;
    case ImmKind::ThumbExpand: {
      uint32_t imm12 = 0;
      if (!EncodeThumbExpandImm(in.imm, imm12)) return false;
      set_i(imm12);
      break;
    }
    case ImmKind::ShiftImm: {
      uint32_t y = 0, n = in.shift_n;
      switch (in.shift_t) {
        case ShiftType::LSL: if (n > 31) return false; y = 0; break;
        case ShiftType::LSR: if (n < 1 || n > 32) return false; y = 1; n &= 31; break;
        case ShiftType::ASR: if (n < 1 || n > 32) return false; y = 2; n &= 31; break;
        case ShiftType::ROR: if (n < 1 || n > 31) return false; y = 3; break;
        case ShiftType::RRX: y = 3; n = 0; break;
      }
      fl.set('y', y);
      set_i(n);
      break;
    }
    case ImmKind::LslImm:
      if (in.shift_t != ShiftType::LSL) return false;
      set_i(in.shift_n);
      break;
    case ImmKind::Rotate8:
      if (in.shift_n == 0) { set_i(0); break; }
      if (in.shift_t != ShiftType::ROR || in.shift_n % 8 != 0) return false;
      set_i(in.shift_n / 8u);
      break;
    case ImmKind::Imm16:
      if (in.imm > 0xffff) return false;
      set_i(((in.imm >> 12) << 11) | (((in.imm >> 8) & 7) << 8) | (in.imm & 0xff));
      fl.set('I', (in.imm >> 11) & 1);
      break;
    case ImmKind::BranchCond8:
      if ((in.imm & 1) || SignExtend(in.imm, 9) != in.imm) return false;
      set_i((in.imm >> 1) & 0xff);
      break;
    case ImmKind::Branch11:
      if ((in.imm & 1) || SignExtend(in.imm, 12) != in.imm) return false;
      set_i((in.imm >> 1) & 0x7ff);
      break;
    case ImmKind::BranchCond20:
      if ((in.imm & 1) || SignExtend(in.imm, 21) != in.imm) return false;
      fl.set('S', (in.imm >> 20) & 1);
      fl.set('K', (in.imm >> 19) & 1);
      fl.set('J', (in.imm >> 18) & 1);
      set_i((in.imm >> 1) & 0x1ffff);
      break;
    case ImmKind::Branch24: {
      if ((in.imm & 1) || SignExtend(in.imm, 25) != in.imm) return false;
      uint32_t s = (in.imm >> 24) & 1, i1 = (in.imm >> 23) & 1, i2 = (in.imm >> 22) & 1;
      fl.set('S', s);
      // I1 = NOT(J1 XOR S)  =>  J1 = NOT(I1) XOR S.
      fl.set('J', ((i1 ^ 1u) ^ s) & 1);
      fl.set('K', ((i2 ^ 1u) ^ s) & 1);
      set_i((in.imm >> 1) & 0x1fffff);
      break;
    }
    case ImmKind::Count: M3_UNREACHABLE("bad ImmKind");
  }
  if (f.encode_hook && !f.encode_hook(in, fl)) return false;
  return true;
}

// Decode lookup: forms grouped by size, scanned in table order.
struct DecodeTables {
  std::vector<uint16_t> t16, t32;
  DecodeTables() {
    auto all = forms();
    for (uint16_t k = 0; k < all.size(); ++k) (all[k].pat.size == 2 ? t16 : t32).push_back(k);
  }
};

const DecodeTables& decode_tables() {
  static const DecodeTables t;
  return t;
}

}  // namespace

std::optional<Inst> decode_as(uint16_t index, uint32_t raw) {
  const Form& f = form(index);
  if ((raw & f.pat.mask) != f.pat.match) return std::nullopt;
  Inst in;
  in.raw = raw;
  in.size = f.pat.size;
  in.form = index;
  in.exec = f.exec;
  map_fields(f, extract_fields(f.pat, raw), in);
  if (f.check && !f.check(in)) return std::nullopt;
  return in;
}

std::optional<Inst> decode(uint32_t raw, uint8_t size) {
  const DecodeTables& t = decode_tables();
  for (uint16_t k : size == 2 ? t.t16 : t.t32) {
    const Form& f = form(k);
    if ((raw & f.pat.mask) != f.pat.match) continue;
    if (auto in = decode_as(k, raw)) return in;
  }
  return std::nullopt;
}

std::optional<Inst> decode_halfwords(uint16_t hw1, uint16_t hw2) {
  if (is_thumb32(hw1)) return decode((uint32_t{hw1} << 16) | hw2, 4);
  return decode(hw1, 2);
}

std::optional<uint32_t> encode_fields(const Inst& in) {
  const Form& f = form(in.form);
  Fields fl;
  if (!unmap_fields(f, in, fl)) return std::nullopt;
  uint32_t raw = 0;
  if (!pack_fields(f.pat, fl, raw)) return std::nullopt;
  return raw;
}

std::optional<uint32_t> encode(const Inst& in) {
  auto raw = encode_fields(in);
  if (!raw) return std::nullopt;
  // The encoding must decode back to the same form with the same operands; otherwise it falls
  // into a more specific form ("SEE ...") or an UNPREDICTABLE case.
  auto back = decode(*raw, form(in.form).pat.size);
  if (!back || back->form != in.form) return std::nullopt;
  Inst want = in;
  want.raw = back->raw;
  want.exec = back->exec;
  want.size = back->size;
  want.carry = back->carry;
  if (!(*back == want)) return std::nullopt;
  return raw;
}

}  // namespace m3::isa
