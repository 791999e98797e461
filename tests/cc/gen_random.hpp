// A generator of random, UB-free programs in the tiny-C subset (in the manner of Csmith): nested
// loops with bounded trip counts, global and local arrays, mixed widths and signedness, shifts
// below 32, guarded divisions, calls with up to 6 arguments. Each program prints a checksum of its
// state, so that m3lab and the host gcc (-fwrapv -funsigned-char) can be compared.
#pragma once

#include <cstdint>
#include <string>

namespace m3::cctest {

std::string generate_program(uint64_t seed);

}  // namespace m3::cctest
