// The functional simulator's step loop: predecoded instructions, IT blocks, events, limits.
//
// The hot path of one instruction is: a test that its predecoded entry is filled, two stores
// (PC + 4 and next_pc), one test of ITSTATE/EPSR.T, the instruction (inline for the frequent
// shapes that fastpath.hpp classifies at predecode, else a call of its semantic function), two
// counter updates,
// one test of "next_pc is sequential and no events", and one of the step budget. The loop-carried
// dependency from one PC to the next is a single add (the entry's size is taken by a predicted
// branch, and sequential flow walks the cache). Faults are C++ exceptions (GuestFault) caught
// around the loop, so the normal path pays nothing for them.
//
// Speed: bench/iss_speed (a gcc -O2 convolution, 139 M instructions) runs at about 350 M
// instructions per CPU second on one core of the 2-core EPYC VM (RelWithDebInfo); the inline ops
// gave about +19% over calling a fast-path function for every instruction.
#include <bit>
#include <cinttypes>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <limits>

#include "fastpath.hpp"
#include "iss_impl.hpp"
#include "m3lab/isa/check.hpp"
#include "m3lab/isa/codec.hpp"
#include "m3lab/isa/table.hpp"

namespace m3::isa {

std::string hex32(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08" PRIx32, v);
  return buf;
}

Iss::Impl::Impl(Iss& owner) : s(owner), sys(owner.cpu_, owner.mem_, owner.io_, owner.stats_.exceptions) {
  // Two guard entries (never decoded) after the last halfword stop a sequential walk off the end.
  cache.resize((s.mem_.config().code_size + 1) / 2 + 2);
  auto all = forms();
  form_counts.assign(all.size(), 0);
  form_class.reserve(all.size());
  for (const Form& f : all) form_class.push_back(static_cast<uint8_t>(f.iclass));
}

Iss::Iss(const IssConfig& cfg) : cfg_(cfg), mem_(cfg.map), impl_(std::make_unique<Impl>(*this)) {
  cpu_.mem = &mem_;
  mem_.sys().cycle_source = &stats_.instructions;
  mem_.sys().vtor = mem_.config().code_base;
}

Iss::~Iss() = default;

const IssStats& Iss::stats() const {
  IssStats& v = impl_->stats_view;
  v = stats_;
  v.by_class = {};
  for (size_t k = 0; k < impl_->form_counts.size(); ++k)
    v.by_class[impl_->form_class[k]] += impl_->form_counts[k];
  for (uint32_t k : impl_->filled) {
    const Impl::Predecoded& e = impl_->cache[k];
    v.by_class[impl_->form_class[e.inst.form]] += e.retired;
  }
  const Impl::Predecoded& sc = impl_->scratch[0];
  if (sc.retired) v.by_class[impl_->form_class[sc.inst.form]] += sc.retired;
  return v;
}

const std::vector<ElfSymbol>& Iss::symbols() const { return impl_->symbols; }

void Iss::invalidate_code_cache() {
  for (uint32_t k : impl_->filled) {
    impl_->fold(impl_->cache[k]);
    impl_->cache[k].inst.exec = nullptr;
  }
  impl_->filled.clear();
}

bool Iss::load(const ElfImage& image, Diagnostics& diags, const std::string& name) {
  // A new program starts on a clean machine: nothing a previous program stored survives.
  mem_.reset();
  const MemoryConfig& map = mem_.config();
  bool ok = true;
  uint32_t heap = map.sram_base;
  for (const ElfSegment& seg : image.segments) {
    if (seg.memsz == 0) continue;
    if (!mem_.host_ptr(seg.paddr, seg.memsz) || seg.data.size() > seg.memsz) {
      diags.error(name, 0, 0,
                  "segment at " + hex32(seg.paddr) + " (" + std::to_string(seg.memsz) +
                      " bytes) does not fit in one region of the memory map");
      ok = false;
      continue;
    }
    uint8_t* p = mem_.host_ptr(seg.paddr, seg.memsz);
    std::copy(seg.data.begin(), seg.data.end(), p);
    std::fill(p + seg.data.size(), p + seg.memsz, uint8_t{0});
    if (seg.paddr - map.sram_base < map.sram_size) heap = std::max(heap, seg.paddr + seg.memsz);
  }
  impl_->sys.state.heap_base = (heap + 7) & ~7u;
  impl_->symbols = image.symbols;
  invalidate_code_cache();
  return ok;
}

void Iss::reset() {
  SystemRegs fresh;
  fresh.cycle_source = &stats_.instructions;
  fresh.vtor = mem_.config().code_base;
  mem_.sys() = fresh;
  cpu_ = Cpu{};
  cpu_.mem = &mem_;
  stats_ = IssStats{};
  System::State& st = impl_->sys.state;
  st.active = 0;
  st.in_call = false;
  st.sh_errno = 0;
  if (st.heap_base == 0) st.heap_base = mem_.config().sram_base;
  impl_->sys.clear_stop();
  invalidate_code_cache();
  impl_->scratch[0] = Impl::Predecoded{};
  std::fill(impl_->form_counts.begin(), impl_->form_counts.end(), 0);
  // B1.5.5 TakeReset: SP_main = vector 0 with bits [1:0] cleared; PC and EPSR.T from vector 1.
  // An unreadable vector table reads as zero here, which then faults at the first fetch.
  uint32_t sp = 0, entry = 0;
  mem_.host_read(fresh.vtor, &sp, 4);
  mem_.host_read(fresh.vtor + 4, &entry, 4);
  cpu_.r[13] = sp & ~3u;
  cpu_.r[14] = 0xFFFFFFFF;  // UNKNOWN in the ARM ARM; QEMU and the sentinel both use all ones
  cpu_.thumb = entry & 1;   // clear: INVSTATE at the first instruction, as the hardware does
  cpu_.r[15] = entry & ~1u;
}

void Iss::call(uint32_t func_addr, const std::vector<uint32_t>& args, uint32_t sp) {
  // AAPCS 5.5: the first four words in r0-r3, the rest on the stack, SP 8-byte aligned at the call.
  sp &= ~7u;
  size_t nstack = args.size() > 4 ? args.size() - 4 : 0;
  sp = (sp - static_cast<uint32_t>(nstack * 4)) & ~7u;
  for (size_t k = 0; k < nstack; ++k) {
    bool ok = mem_.host_write(sp + static_cast<uint32_t>(4 * k), &args[4 + k], 4);
    M3_ASSERT(ok, "Iss::call: the stack is outside RAM");
  }
  for (size_t k = 0; k < 4 && k < args.size(); ++k) cpu_.r[k] = args[k];
  cpu_.r[13] = sp;
  cpu_.r[14] = kReturnAddress;
  impl_->sys.state.in_call = true;
  cpu_.r[15] = func_addr & ~1u;
  cpu_.thumb = 1;
  cpu_.itstate = 0;
  cpu_.events = 0;
}

StopInfo Iss::run() {
  uint64_t limit = cfg_.max_steps ? cfg_.max_steps : std::numeric_limits<uint64_t>::max();
  return impl_->run_until(limit);
}

StopInfo Iss::step() {
  uint64_t limit = stats_.instructions + 1;
  if (cfg_.max_steps) limit = std::min(limit, cfg_.max_steps);
  return impl_->run_until(limit);
}

StopInfo Iss::Impl::run_until(uint64_t stop_at) {
  sys.clear_stop();
  for (;;) {
    try {
      if (s.retire_hook_)
        loop<true>(stop_at);
      else
        loop<false>(stop_at);
      break;
    } catch (const GuestFault& f) {
      // The faulting instruction does not complete but is counted once: QEMU's exec trace logs
      // the translation block that raises the exception, and our count must equal QEMU's.
      ++s.stats_.instructions;
      s.cpu_.events = 0;
      sys.take_fault(f, s.cpu_.r[15] - 4);
      if (sys.stopped) break;
    }
  }
  if (!sys.stopped && s.cfg_.max_steps && s.stats_.instructions >= s.cfg_.max_steps)
    sys.set_stop(StopReason::StepLimit,
             "did not finish within " + std::to_string(s.cfg_.max_steps) + " instructions", s.cpu_.r[15]);
  return sys.stop;
}

// EPSR.IT and EPSR.T are adjacent bytes of Cpu: one 16-bit compare tests "outside an IT block and
// in Thumb state", the only state the fast path handles.
static_assert(offsetof(Cpu, thumb) == offsetof(Cpu, itstate) + 1);
static uint16_t it_and_thumb(const Cpu& cpu) {
  uint16_t v;
  std::memcpy(&v, reinterpret_cast<const char*>(&cpu) + offsetof(Cpu, itstate), 2);
  return v;
}
constexpr uint16_t kPlainThumb = std::endian::native == std::endian::little ? 0x0100 : 0x0001;

template <bool kHook>
void Iss::Impl::loop(uint64_t stop_at) {
  Cpu& cpu = s.cpu_;
  // The count lives in a register; the memory copy (DWT_CYCCNT's source, and what a fault
  // handler reads) is stored after every instruction, so it is always current.
  uint64_t& count_mem = s.stats_.instructions;
  uint64_t count = count_mem;
  uint32_t pc = cpu.r[15];
  // The entry for pc, walked along with it: sequential flow steps to the next entry without
  // recomputing an index; any other PC change looks it up again. An entry without exec (not
  // decoded, the end-of-cache guards, the guards after the scratch entry) sends us to fetch_slow,
  // which works from pc.
  Predecoded* e = lookup(pc);
  while (count < stop_at) {
    if (!e->inst.exec) [[unlikely]] {
      e = fetch_slow(pc);
      if (!e) return;  // stopped (the call() return address)
    }
    const Inst* in = &e->inst;
    cpu.r[15] = pc + 4;  // the PC an instruction reads (A2.3.1)
    // pc + size, written so that the PC does not wait for the entry load: the host CPU predicts
    // this branch, so the loop-carried chain from one PC to the next is one add, not a load.
    uint32_t seq = pc + 2;
    Predecoded* e_seq = e + 1;
    if (in->size != 2) {
      seq = pc + 4;
      e_seq = e + 2;
      asm("" : "+r"(seq), "+r"(e_seq));  // keeps GCC from turning the branch into a data dependency
    }
    cpu.next_pc = seq;
    if (it_and_thumb(cpu) == kPlainThumb) [[likely]] {
      if (!run_fast_op(e->op, cpu, *in)) in->exec(cpu, *in);
    } else
      exec_special(*in);
    count_mem = ++count;  // after the instruction: a CYCCNT load reads the number retired before it
    ++e->retired;
    const uint32_t this_pc = pc;
    // Sequential flow continues from seq, which the host CPU has without waiting for the
    // next_pc store to be forwarded to a load: the branch is predicted, the data chain is short.
    const uint32_t next = cpu.next_pc;
    if (((next ^ seq) | cpu.events) == 0) [[likely]] {
      pc = seq;
      e = e_seq;
    } else {
      pc = next;
      if (cpu.events) {
        pc = sys.handle_events(pc);
        if (sys.stopped) {
          if constexpr (kHook) s.retire_hook_(this_pc, *in);  // e.g. the SYS_EXIT BKPT retired
          return;
        }
      }
      e = lookup(pc);
    }
    if constexpr (kHook) {
      cpu.r[15] = pc;
      s.retire_hook_(this_pc, *in);
      e = lookup(pc);  // the hook may have changed the PC or invalidated the cache
    } else {
      (void)this_pc;
    }
  }
  cpu.r[15] = pc;
}

// An instruction inside an IT block, or with EPSR.T clear.
void Iss::Impl::exec_special(const Inst& in) {
  Cpu& cpu = s.cpu_;
  if (!cpu.thumb) throw GuestFault{FaultKind::InvState, cpu.r[15] - 4};
  // A7.3.3: an instruction whose IT condition fails does nothing but still retires; then ITAdvance.
  uint8_t it = cpu.itstate;
  if (cpu.condition_passed(it >> 4)) in.exec(cpu, in);
  cpu.itstate = (it & 0x07) == 0 ? 0 : static_cast<uint8_t>((it & 0xe0) | ((it << 1) & 0x1f));
}

// Everything the cache does not hold: the call() return address, code outside the code region
// (SRAM, external RAM: decoded each time), fetch faults, and the first execution of an address.
Iss::Impl::Predecoded* Iss::Impl::fetch_slow(uint32_t pc) {
  Cpu& cpu = s.cpu_;
  // After reset LR is 0xFFFFFFFF as well, but a return there is a fetch fault, as on hardware;
  // only a function started by call() ends the run by returning.
  if (pc == (Iss::kReturnAddress & ~1u) && sys.state.in_call) {
    sys.set_stop(StopReason::Exit, "returned with " + std::to_string(static_cast<int32_t>(cpu.r[0])), pc);
    sys.stop.exit_code = static_cast<int>(cpu.r[0]);
    cpu.r[15] = pc;
    return nullptr;
  }
  cpu.r[15] = pc + 4;  // so that a fault reports this PC
  if (!cpu.thumb) throw GuestFault{FaultKind::InvState, pc};
  uint16_t hw1 = s.mem_.fetch16(pc);
  uint16_t hw2 = is_thumb32(hw1) ? s.mem_.fetch16(pc + 2) : 0;
  std::optional<Inst> d = decode_halfwords(hw1, hw2);
  if (!d) throw GuestFault{FaultKind::UndefInstr, pc};
  uint32_t off = pc - s.mem_.config().code_base;
  if (off < s.mem_.config().code_size && s.mem_.in_code(pc, d->size)) {
    cache[off >> 1].inst = *d;
    cache[off >> 1].inst.exec = fast_exec(*d);
    cache[off >> 1].op = fast_op(*d);
    filled.push_back(off >> 1);
    return &cache[off >> 1];
  }
  fold(scratch[0]);
  scratch[0].inst = *d;
  scratch[0].inst.exec = fast_exec(*d);
  scratch[0].op = fast_op(*d);
  return &scratch[0];
}

System& Iss::system() { return impl_->sys; }
const System& Iss::system() const { return impl_->sys; }

std::optional<SimResult> simulate(const ElfImage& image, const std::string& name, const IssConfig& cfg,
                                  Diagnostics& diags, SemihostIo io) {
  Iss iss(cfg);
  if (io.write) iss.set_io(std::move(io));
  if (!iss.load(image, diags, name)) return std::nullopt;
  iss.reset();
  SimResult r;
  r.stop = iss.run();
  r.stats = iss.stats();
  return r;
}

}  // namespace m3::isa
