// The ISS's predecode fast paths (isa/src/fastpath.cpp) against the table's semantic functions:
// for every form, random encodings, random register and flag states, both must leave the CPU and
// memory in the same state (or raise the same fault).
#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "fastpath.hpp"
#include "m3lab/isa/codec.hpp"
#include "m3lab/isa/cpu.hpp"
#include "m3lab/isa/table.hpp"

using namespace m3::isa;

namespace {

struct Outcome {
  Cpu cpu;
  FaultKind fault = FaultKind::None;
  uint32_t fault_addr = 0;
  std::vector<uint8_t> sram;
};

Outcome run(ExecFn fn, const Inst& in, const Cpu& start, Memory& mem, const std::vector<uint8_t>& sram0) {
  mem.host_write(mem.config().sram_base, sram0.data(), static_cast<uint32_t>(sram0.size()));
  Outcome o;
  o.cpu = start;
  o.cpu.mem = &mem;
  try {
    fn(o.cpu, in);
  } catch (const GuestFault& f) {
    o.fault = f.kind;
    o.fault_addr = f.addr;
  }
  o.sram.resize(sram0.size());
  mem.host_read(mem.config().sram_base, o.sram.data(), static_cast<uint32_t>(o.sram.size()));
  return o;
}

// The table's function (a) and a fast path (b) leave the same state.
void expect_same(const Outcome& a, const Outcome& b) {
  EXPECT_EQ(a.fault, b.fault);
  EXPECT_EQ(a.fault_addr, b.fault_addr);
  EXPECT_EQ(0, std::memcmp(a.cpu.r, b.cpu.r, sizeof a.cpu.r));
  EXPECT_EQ(a.cpu.next_pc, b.cpu.next_pc);
  EXPECT_EQ(a.cpu.apsr(), b.cpu.apsr());
  EXPECT_EQ(a.cpu.thumb, b.cpu.thumb);
  EXPECT_EQ(a.cpu.events, b.cpu.events);
  EXPECT_TRUE(a.sram == b.sram);
}

}  // namespace

TEST(FastPath, AgreesWithTheTableOnRandomStates) {
  std::mt19937 rng(42);
  MemoryConfig mc;
  Memory mem(mc);
  // Base registers point into the first 4 KiB of SRAM; offsets reach at most 4 KiB further.
  std::vector<uint8_t> sram0(8192);
  int specialised_forms = 0, cases = 0;
  for (uint16_t fi = 0; fi < forms().size(); ++fi) {
    const Form& f = form(fi);
    uint32_t free_bits = ~f.pat.mask & (f.pat.size == 2 ? 0xffffu : 0xffffffffu);
    bool any = false;
    for (int t = 0; t < 400; ++t) {
      auto in = decode(f.pat.match | (rng() & free_bits), f.pat.size);
      if (!in || in->form != fi) continue;
      ExecFn fast = fast_exec(*in);
      FastOp op = fast_op(*in);
      if (fast == in->exec && op == FastOp::Call) continue;
      // The step loop's inline dispatch of the op (outside IT blocks, as here: itstate is 0).
      ExecFn inline_op = op == FastOp::Call ? in->exec : +[](Cpu& cpu, const Inst& i) {
        ASSERT_TRUE(run_fast_op(fast_op(i), cpu, i));
      };
      any = true;
      for (int k = 0; k < 8; ++k) {
        for (auto& b : sram0) b = static_cast<uint8_t>(rng());
        Cpu start;
        for (int r = 0; r < 13; ++r)
          start.r[r] = (k & 1) ? rng() : mc.sram_base + (rng() % 4096);
        start.r[13] = mc.sram_base + 0x800;
        start.r[14] = rng() | 1;
        start.r[15] = 0x100 + 4;
        start.next_pc = 0x100 + in->size;
        start.set_apsr_nzcvq(rng());
        Outcome a = run(in->exec, *in, start, mem, sram0);
        Outcome b = run(fast, *in, start, mem, sram0);
        Outcome c = run(inline_op, *in, start, mem, sram0);
        SCOPED_TRACE(f.id);
        {
          SCOPED_TRACE("fast_exec");
          expect_same(a, b);
        }
        {
          SCOPED_TRACE("inline op");
          expect_same(a, c);
        }
        if (::testing::Test::HasFatalFailure() || ::testing::Test::HasNonfatalFailure()) return;
        ++cases;
      }
    }
    specialised_forms += any;
  }
  // The fast paths cover the offset and writeback loads and stores, CMP, ADD/SUB (immediate),
  // MOV (register), MLA and B.
  EXPECT_GE(specialised_forms, 30);
  EXPECT_GE(cases, 1000);
}
