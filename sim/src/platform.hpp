// The platform: core, I-cache, D-cache, memory bus and its targets, wired in platform.cpp.
#pragma once

#include <memory>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "core.hpp"
#include "m3lab/sim/cache.hpp"

namespace m3::sim {

// The system (0xE0000000..) and peripheral (0x40000000..0x5FFFFFFF) regions bypass the caches.
inline bool cacheable(uint32_t a) { return a < 0x40000000u || (a >= 0x60000000u && a < 0xE0000000u); }

// An I-cache or D-cache: wraps m3::sim::Cache (tags and timing; data stays in the functional
// memory). Cacheable accesses annotate the cache's cycles; a miss also sends a line fill (and a
// writeback) to the bus. The system and peripheral regions bypass the cache to the bus.
class CacheModule : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(CacheModule);
  CacheModule(sc_core::sc_module_name n, CacheId id);
  tlm_utils::simple_target_socket<CacheModule> tsock{"tsock"};
  tlm_utils::simple_initiator_socket<CacheModule> isock{"isock"};

  void configure(const CacheConfig& c, const MemoryTiming& m);

  // The core's direct path to a cacheable address, used instead of a transaction on tsock (as a
  // TLM-2.0 initiator uses a DMI pointer instead of b_transport): the same cache state changes,
  // line fills on the bus and cycles as b_transport, without the payload and time conversions.
  // `record`: fill `last` for an observer (otherwise a hit skips building the AccessResult).
  uint32_t direct_access(uint32_t a, bool write, bool record) {
    uint32_t cycles;
    if (!record && cache->try_hit(a, write, cycles)) [[likely]]
      return cycles;
    last = cache->access(a, write);
    if (last.cached && !last.hit && last.allocated) fill(a);
    return last.cycles;
  }
  std::unique_ptr<Cache> cache;
  AccessResult last;  // the last access, for observers
  CacheId id;
  uint64_t uncached = 0;
  sc_core::sc_time period{10, sc_core::SC_NS};

 private:
  void b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time& delay);
  void fill(uint32_t a);  // the line fill transaction to the bus after a miss
  tlm::tlm_generic_payload fill_;
  uint8_t line_buf_[256] = {};
};

// Routes by address to the memory targets.
class Bus : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(Bus);
  explicit Bus(sc_core::sc_module_name n);
  tlm_utils::simple_target_socket_tagged<Bus> in0{"in0"}, in1{"in1"};
  tlm_utils::simple_initiator_socket<Bus> ram{"ram"};  // code, SRAM, external RAM
  tlm_utils::simple_initiator_socket<Bus> sys{"sys"};  // system region (DWT, SCB)

 private:
  void b_transport(int id, tlm::tlm_generic_payload& t, sc_core::sc_time& delay);
};

// The RAM regions, backed by the functional isa::Memory. Line fills copy bytes (the data is not
// used: the core is functional-first); the memory's latency is in the cache model's figures.
class RamTarget : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(RamTarget);
  RamTarget(sc_core::sc_module_name n, isa::Memory& m);
  void set_memory(isa::Memory* m) { mem_ = m; }
  tlm_utils::simple_target_socket<RamTarget> tsock{"tsock"};

 private:
  void b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time& delay);
  isa::Memory* mem_;
};

// The system region (and anything uncached): each access costs memory latency + one beat.
class SystemTarget : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(SystemTarget);
  explicit SystemTarget(sc_core::sc_module_name n);
  tlm_utils::simple_target_socket<SystemTarget> tsock{"tsock"};
  MemoryTiming timing;
  sc_core::sc_time period{10, sc_core::SC_NS};

 private:
  void b_transport(tlm::tlm_generic_payload& t, sc_core::sc_time& delay);
};

struct Platform {
  explicit Platform(isa::Iss& func);
  Core core;
  CacheModule icache, dcache;
  Bus bus;
  RamTarget ram;
  SystemTarget sys;
};

}  // namespace m3::sim
