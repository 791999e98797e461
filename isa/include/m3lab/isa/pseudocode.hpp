// The ARM ARM's shared pseudocode functions (ARMv7-M ARM, appendix D and chapter A2), in C++.
#pragma once

#include <cstdint>
#include <utility>

#include "m3lab/isa/inst.hpp"

namespace m3::isa {

struct AddResult {
  uint32_t result;
  bool carry;
  bool overflow;
};

// A2.2.1 AddWithCarry. The carry is the unsigned overflow of x + y + carry_in; the overflow is
// set when x and y have the same sign and the result's sign differs (the same as the manual's
// comparison of the signed sum, without 64-bit arithmetic: this is the ISS's hottest function).
constexpr AddResult AddWithCarry(uint32_t x, uint32_t y, bool carry_in) {
  uint32_t partial = 0, result = 0;
  bool c1 = __builtin_add_overflow(x, y, &partial);
  bool c2 = __builtin_add_overflow(partial, static_cast<uint32_t>(carry_in), &result);
  bool overflow = ((~(x ^ y) & (x ^ result)) >> 31) != 0;
  return {result, c1 || c2, overflow};
}

struct ShiftResult {
  uint32_t result;
  bool carry;
};

// A2.2.2 Shift_C. amount 0 returns the value with the carry unchanged.
constexpr ShiftResult Shift_C(uint32_t value, ShiftType type, unsigned amount, bool carry_in) {
  if (type == ShiftType::RRX) return {(value >> 1) | (uint32_t{carry_in} << 31), (value & 1) != 0};
  if (amount == 0) return {value, carry_in};
  switch (type) {
    case ShiftType::LSL:
      if (amount < 32) return {value << amount, ((value >> (32 - amount)) & 1) != 0};
      if (amount == 32) return {0, (value & 1) != 0};
      return {0, false};
    case ShiftType::LSR:
      if (amount < 32) return {value >> amount, ((value >> (amount - 1)) & 1) != 0};
      if (amount == 32) return {0, (value >> 31) != 0};
      return {0, false};
    case ShiftType::ASR: {
      int32_t s = static_cast<int32_t>(value);
      if (amount < 32) return {static_cast<uint32_t>(s >> amount), ((value >> (amount - 1)) & 1) != 0};
      return {static_cast<uint32_t>(s >> 31), (value >> 31) != 0};
    }
    case ShiftType::ROR: {
      unsigned m = amount % 32;
      uint32_t result = m == 0 ? value : (value >> m) | (value << (32 - m));
      return {result, (result >> 31) != 0};
    }
    default:
      return {value, carry_in};
  }
}

constexpr uint32_t Shift(uint32_t value, ShiftType type, unsigned amount, bool carry_in) {
  return Shift_C(value, type, amount, carry_in).result;
}

struct ImmShift {
  ShiftType type;
  uint8_t amount;
};

// A7.4.2 DecodeImmShift
constexpr ImmShift DecodeImmShift(unsigned type, unsigned imm5) {
  switch (type & 3) {
    case 0: return {ShiftType::LSL, static_cast<uint8_t>(imm5)};
    case 1: return {ShiftType::LSR, static_cast<uint8_t>(imm5 == 0 ? 32 : imm5)};
    case 2: return {ShiftType::ASR, static_cast<uint8_t>(imm5 == 0 ? 32 : imm5)};
    default:
      if (imm5 == 0) return {ShiftType::RRX, 1};
      return {ShiftType::ROR, static_cast<uint8_t>(imm5)};
  }
}

struct ExpandResult {
  uint32_t imm32;
  uint8_t carry;  // 0, 1, or 2 = carry_in unchanged
};

// A5.3.2 ThumbExpandImm_C, with the carry left symbolic when it is the input carry.
constexpr ExpandResult ThumbExpandImm_C(uint32_t imm12) {
  uint32_t imm8 = imm12 & 0xff;
  if ((imm12 >> 10) == 0) {
    switch ((imm12 >> 8) & 3) {
      case 0: return {imm8, 2};
      case 1: return {(imm8 << 16) | imm8, 2};
      case 2: return {(imm8 << 24) | (imm8 << 8), 2};
      default: return {(imm8 << 24) | (imm8 << 16) | (imm8 << 8) | imm8, 2};
    }
  }
  uint32_t unrotated = 0x80 | (imm12 & 0x7f);
  unsigned rot = (imm12 >> 7) & 0x1f;
  uint32_t value = (unrotated >> rot) | (unrotated << (32 - rot));
  return {value, static_cast<uint8_t>(value >> 31)};
}

// True (and sets imm12) if value can be written as a Thumb modified immediate. Picks the encoding
// GNU as picks: the replicated patterns first, then the rotation with the smallest rot.
constexpr bool EncodeThumbExpandImm(uint32_t value, uint32_t& imm12) {
  uint32_t b = value & 0xff;
  if (value == b) { imm12 = b; return true; }
  if (value == ((b << 16) | b)) { imm12 = 0x100 | b; return true; }
  uint32_t b1 = (value >> 8) & 0xff;
  if (value == ((b1 << 24) | (b1 << 8))) { imm12 = 0x200 | b1; return true; }
  if (value == ((b << 24) | (b << 16) | (b << 8) | b)) { imm12 = 0x300 | b; return true; }
  for (unsigned rot = 8; rot < 32; ++rot) {
    // value == ROR(unrotated, rot)  <=>  unrotated == ROL(value, rot)
    uint32_t unrot = (value << rot) | (value >> (32 - rot));
    if ((unrot & ~0xffu) == 0 && (unrot & 0x80)) {
      imm12 = (rot << 7) | (unrot & 0x7f);
      return true;
    }
  }
  return false;
}

// A2.2.1 SignExtend of the low `bits` bits.
constexpr uint32_t SignExtend(uint32_t x, unsigned bits) {
  uint32_t m = 1u << (bits - 1);
  x &= (bits == 32) ? ~0u : ((1u << bits) - 1);
  return (x ^ m) - m;
}

struct SatResult {
  uint32_t result;
  bool saturated;
};

// A2.2.3 SignedSatQ / UnsignedSatQ, for n in 1..32 (signed) and 0..31 (unsigned).
constexpr SatResult SignedSatQ(int64_t i, unsigned n) {
  int64_t hi = (int64_t{1} << (n - 1)) - 1, lo = -(int64_t{1} << (n - 1));
  if (i > hi) return {static_cast<uint32_t>(hi), true};
  if (i < lo) return {static_cast<uint32_t>(lo), true};
  return {static_cast<uint32_t>(i), false};
}
constexpr SatResult UnsignedSatQ(int64_t i, unsigned n) {
  int64_t hi = (int64_t{1} << n) - 1;
  if (i > hi) return {static_cast<uint32_t>(hi), true};
  if (i < 0) return {0, true};
  return {static_cast<uint32_t>(i), false};
}

}  // namespace m3::isa
