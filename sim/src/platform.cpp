// The platform wiring (sc_main-style, but elaborated once by the Machine facade):
//
//   core.isock -> icache.tsock   icache.isock -> bus.in0 --+--> ram  (code, SRAM, ext RAM)
//   core.dsock -> dcache.tsock   dcache.isock -> bus.in1 --+--> sys  (system/peripheral region)
//
// Timing rides on the transactions' annotated delay; the core converts it to stall cycles.
#include "platform.hpp"

#include <cstring>

#include "m3lab/isa/check.hpp"

namespace m3::sim {

CacheModule::CacheModule(sc_core::sc_module_name n, CacheId i) : sc_module(n), id(i) {
  tsock.register_b_transport(this, &CacheModule::b_transport);
  configure(CacheConfig{}, MemoryTiming{});
  fill_.set_streaming_width(4);
  fill_.set_byte_enable_ptr(nullptr);
  fill_.set_dmi_allowed(false);
}

void CacheModule::configure(const CacheConfig& c, const MemoryTiming& m) { cache = std::make_unique<Cache>(c, m); }

void CacheModule::b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time& delay) {
  uint32_t a = static_cast<uint32_t>(t.get_address());
  bool write = t.get_command() == tlm::TLM_WRITE_COMMAND;
  if (!cacheable(a)) {
    ++uncached;
    last = AccessResult{};
    last.addr = a;
    last.write = write;
    last.cached = false;
    isock->b_transport(t, delay);  // the bus target annotates its own latency
    last.cycles = static_cast<uint32_t>(delay.value() / period.value());
    return;
  }
  last = cache->access(a, write);
  delay += sc_core::sc_time::from_value(period.value() * last.cycles);
  if (last.cached && !last.hit && last.allocated) fill(a);
  t.set_response_status(tlm::TLM_OK_RESPONSE);
}

void CacheModule::fill(uint32_t a) {
  // The line fill, as a transaction to memory (its cycles are already in the access's cycles).
  uint32_t line = cache->config().line;
  fill_.set_command(tlm::TLM_READ_COMMAND);
  fill_.set_address(a & ~(line - 1));
  fill_.set_data_ptr(line_buf_);
  fill_.set_data_length(std::min<uint32_t>(line, sizeof line_buf_));
  fill_.set_streaming_width(fill_.get_data_length());
  fill_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  sc_core::sc_time none = sc_core::SC_ZERO_TIME;
  isock->b_transport(fill_, none);
}

Bus::Bus(sc_core::sc_module_name n) : sc_module(n) {
  in0.register_b_transport(this, &Bus::b_transport, 0);
  in1.register_b_transport(this, &Bus::b_transport, 1);
}

void Bus::b_transport(int, tlm::tlm_generic_payload& t, sc_core::sc_time& delay) {
  uint32_t a = static_cast<uint32_t>(t.get_address());
  if (cacheable(a))
    ram->b_transport(t, delay);
  else
    sys->b_transport(t, delay);
}

RamTarget::RamTarget(sc_core::sc_module_name n, isa::Memory& m) : sc_module(n), mem_(&m) {
  tsock.register_b_transport(this, &RamTarget::b_transport);
}

void RamTarget::b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time&) {
  // Functional-first: the core has already read or written the data through isa::Memory; a read
  // here only fills the initiator's buffer (a line fill), a write changes nothing.
  uint32_t a = static_cast<uint32_t>(t.get_address());
  if (t.get_command() == tlm::TLM_READ_COMMAND) {
    if (!mem_->host_read(a, t.get_data_ptr(), t.get_data_length())) std::memset(t.get_data_ptr(), 0, t.get_data_length());
  }
  t.set_response_status(tlm::TLM_OK_RESPONSE);
}

SystemTarget::SystemTarget(sc_core::sc_module_name n) : sc_module(n) {
  tsock.register_b_transport(this, &SystemTarget::b_transport);
}

void SystemTarget::b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time& delay) {
  // DWT and SCB are functional in isa::Memory (CYCCNT reads the core's cycle count); this target
  // only charges the uncached access: memory latency + one beat.
  delay += sc_core::sc_time::from_value(period.value() * (timing.latency + timing.beat_cycles));
  t.set_response_status(tlm::TLM_OK_RESPONSE);
}

Platform::Platform(isa::Iss& func)
    : core("core", func),
      icache("icache", CacheId::ICache),
      dcache("dcache", CacheId::DCache),
      bus("bus"),
      ram("ram", func.memory()),
      sys("sys") {
  core.isock.bind(icache.tsock);
  core.dsock.bind(dcache.tsock);
  icache.isock.bind(bus.in0);
  dcache.isock.bind(bus.in1);
  bus.ram.bind(ram.tsock);
  bus.sys.bind(sys.tsock);
  core.set_caches(&icache, &dcache);
}

}  // namespace m3::sim

// libsystemc's main() calls sc_main; m3lab's programs have their own main and elaborate the
// platform through m3::sim::Machine, so this is never called.
int sc_main(int, char**) { return 1; }
