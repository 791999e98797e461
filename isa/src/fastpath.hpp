// Fast paths the ISS picks at predecode time for the most frequent instruction shapes. Each is
// the instruction's own semantic function with the choices that are constant for that decoded
// instruction folded away (no addressing-mode tests, no condition test, no shifter); the table's
// function stays the definition, and tests/codec/test_fastpath.cpp checks that both agree on
// random states. Private to isa/.
#pragma once

#include "m3lab/isa/inst.hpp"

namespace m3::isa {

// The function the ISS should call for `in`: a fast path if one applies, else in.exec.
ExecFn fast_exec(const Inst& in);

}  // namespace m3::isa
