// The pseudocode helpers against the ARM ARM's own definitions, written the slow, literal way.
#include <gtest/gtest.h>

#include <random>

#include "m3lab/isa/pseudocode.hpp"

using namespace m3::isa;

namespace {
// A2.2.1 as the manual writes it: unsigned and signed sums in wide integers.
AddResult reference_add_with_carry(uint32_t x, uint32_t y, bool carry_in) {
  uint64_t usum = uint64_t{x} + y + carry_in;
  int64_t ssum = int64_t{static_cast<int32_t>(x)} + static_cast<int32_t>(y) + carry_in;
  uint32_t result = static_cast<uint32_t>(usum);
  return {result, usum != result, ssum != static_cast<int32_t>(result)};
}
}  // namespace

TEST(Pseudocode, AddWithCarryMatchesTheManual) {
  const uint32_t edges[] = {0, 1, 2, 0x7ffffffe, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff};
  std::mt19937 rng(7);
  auto check = [](uint32_t x, uint32_t y, bool c) {
    AddResult got = AddWithCarry(x, y, c), want = reference_add_with_carry(x, y, c);
    ASSERT_EQ(got.result, want.result) << x << " + " << y << " + " << c;
    ASSERT_EQ(got.carry, want.carry) << x << " + " << y << " + " << c;
    ASSERT_EQ(got.overflow, want.overflow) << x << " + " << y << " + " << c;
  };
  for (uint32_t x : edges)
    for (uint32_t y : edges)
      for (bool c : {false, true}) check(x, y, c);
  for (int k = 0; k < 200000; ++k) check(rng(), rng(), k & 1);
  for (int k = 0; k < 200000; ++k) check(edges[rng() % 9], rng(), k & 1);
}
