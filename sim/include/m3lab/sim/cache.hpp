// A set-associative cache model: tags, valid and dirty bits, replacement state and timing.
//
// The simulator is functional-first: data always lives in the functional memory
// (isa/memory.hpp), so this model never holds bytes. It answers "hit or miss, which line was
// evicted, was it written back, and how many cycles did it take" for each access. The SystemC/TLM
// wrappers annotate those cycles on transactions; they, not this class, decide what is cacheable:
// the peripheral (0x40000000..) and system (0xE0000000..) regions bypass the caches and must never
// be passed to access().
//
// Timing (docs/config.md#timing):
//   line transfer  = mem_latency + beats * beat_cycles,   beats = ceil(line / beat_bytes)
//   word transfer  = mem_latency + beat_cycles             (one 32-bit beat; beat_bytes >= 4)
//   hit            = hit_latency
//   miss           = hit_latency + (dirty victim ? line transfer : 0) + line transfer
//   write-through  : every store also pays one word transfer (no write buffer: the store waits)
//   no-allocate    : a store miss pays hit_latency + one word transfer and leaves the cache as is
//   disabled       : every access is a word transfer and touches no state except `bypassed`
//
// Nothing here allocates after construction: access() only indexes arrays sized up front.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace m3::sim {

enum class ReplacementPolicy : uint8_t { LRU, FIFO, PLRU, Random };
enum class WritePolicy : uint8_t { WriteBack, WriteThrough };

struct CacheConfig {
  bool enabled = true;
  uint32_t size = 1024;  // bytes of data
  uint32_t line = 16;    // bytes per line
  uint32_t ways = 2;     // 1 = direct-mapped, size/line = fully associative
  ReplacementPolicy policy = ReplacementPolicy::LRU;
  uint32_t seed = 1;  // for ReplacementPolicy::Random
  WritePolicy write = WritePolicy::WriteBack;
  bool allocate = true;  // write-allocate on a store miss
  uint32_t hit_latency = 1;
  bool operator==(const CacheConfig&) const = default;
};

// The memory behind a cache, as seen by a line fill or a writeback.
struct MemoryTiming {
  uint32_t latency = 10;     // cycles before the first beat
  uint32_t beat_bytes = 4;   // bus width
  uint32_t beat_cycles = 1;  // cycles per beat
  bool operator==(const MemoryTiming&) const = default;
};

struct CacheCounters {
  uint64_t accesses = 0;
  uint64_t hits = 0;
  uint64_t misses = 0;
  uint64_t evictions = 0;   // a valid line was replaced
  uint64_t writebacks = 0;  // ... and it was dirty
  bool operator==(const CacheCounters&) const = default;
};

struct CacheStats {
  CacheCounters read, write;
  uint64_t memory_writes = 0;  // word writes sent to memory (write-through, no-allocate misses)
  uint64_t bypassed = 0;       // accesses while the cache was disabled
  CacheCounters total() const {
    return {read.accesses + write.accesses, read.hits + write.hits, read.misses + write.misses,
            read.evictions + write.evictions, read.writebacks + write.writebacks};
  }
  bool operator==(const CacheStats&) const = default;
};

// What one access did; everything an observer (pipeline view, trace) needs to draw it.
struct AccessResult {
  static constexpr uint32_t kNoWay = 0xffffffffu;
  uint32_t addr = 0;
  bool write = false;
  bool cached = true;  // false if the cache was disabled (nothing else below applies)
  bool hit = false;
  bool allocated = false;  // a line was filled (a miss that allocated)
  uint32_t set = 0;
  uint32_t way = kNoWay;  // the way hit or filled; kNoWay for a no-allocate store miss
  uint32_t tag = 0;
  bool evicted = false;       // a valid line was replaced ...
  uint32_t evicted_addr = 0;  // ... this one (its first byte)
  bool writeback = false;     // ... and it was dirty, so it was written back
  uint32_t cycles = 0;
};

struct CacheLine {
  uint32_t tag = 0;
  bool valid = false;
  bool dirty = false;
  uint64_t stamp = 0;  // LRU: last use; FIFO: fill time (from CacheState::tick)
  bool operator==(const CacheLine&) const = default;
};

// Everything that determines the cache's future behaviour, as a plain copyable value.
struct CacheState {
  std::vector<CacheLine> lines;  // sets * ways, set-major
  std::vector<uint8_t> plru;     // sets * ways tree bits (node 1..ways-1 of each set; 0 unused)
  uint64_t tick = 0;
  uint32_t rng = 0;  // xorshift32 state
  CacheStats stats;
  bool operator==(const CacheState&) const = default;
};

class Cache {
 public:
  // The configuration must be valid (see validate()); config.cpp reports a user's bad values as
  // diagnostics before a Cache is ever built, so an invalid one here is an m3lab bug.
  Cache(const CacheConfig& config, const MemoryTiming& memory);

  // nullptr if `c` is a valid geometry, else why not. Size and line need not be powers of two
  // here (the machine config is stricter), but size must be a multiple of line * ways.
  static const char* validate(const CacheConfig& c, const MemoryTiming& m);

  AccessResult access(uint32_t addr, bool write);

  // The common case of access(), for callers that need only the cycles (the pipeline when nobody
  // observes it): if `addr` hits, makes exactly the changes access() makes, sets `cycles` and
  // returns true; otherwise changes nothing and returns false (call access() then).
  bool try_hit(uint32_t addr, bool write, uint32_t& cycles) {
    if (!config_.enabled || !pow2_) [[unlikely]]
      return false;
    const uint32_t block = addr >> line_shift_;
    const uint32_t set = block & (sets_ - 1), tag = block >> set_shift_;
    CacheLine* lines = &state_.lines[static_cast<std::size_t>(set) * ways_];
    for (uint32_t w = 0; w < ways_; ++w) {
      if (lines[w].tag == tag && lines[w].valid) {
        CacheCounters& c = write ? state_.stats.write : state_.stats.read;
        ++c.accesses;
        ++c.hits;
        touch(set, w);
        cycles = config_.hit_latency;
        if (write) {
          if (config_.write == WritePolicy::WriteThrough) {
            cycles += word_transfer_;
            ++state_.stats.memory_writes;
          } else {
            lines[w].dirty = true;
          }
        }
        return true;
      }
    }
    return false;
  }

  // Would `addr` hit? Changes nothing.
  bool probe(uint32_t addr) const;

  // Invalidates every line, clears statistics, reseeds the random generator.
  void reset();
  CacheState checkpoint() const { return state_; }
  void restore(const CacheState& s);

  const CacheConfig& config() const { return config_; }
  const MemoryTiming& memory() const { return memory_; }
  const CacheStats& stats() const { return state_.stats; }
  const CacheLine& line(uint32_t set, uint32_t way) const { return state_.lines[set * ways_ + way]; }
  uint32_t sets() const { return sets_; }
  uint32_t ways() const { return ways_; }

  uint32_t line_transfer_cycles() const { return line_transfer_; }
  uint32_t word_transfer_cycles() const { return word_transfer_; }

  // The seed actually used: xorshift32 has the fixed point 0, so seed 0 means kZeroSeed.
  static constexpr uint32_t kZeroSeed = 0x9e3779b9u;
  // xorshift32 (Marsaglia 2003, shifts 13/17/5): the random victim is next() % ways.
  static uint32_t xorshift32(uint32_t& x) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return x;
  }

 private:
  uint32_t choose_victim(uint32_t set);
  // Records a use of the way for the replacement policy.
  void touch(uint32_t set, uint32_t way) {
    if (config_.policy == ReplacementPolicy::LRU) {
      state_.lines[static_cast<std::size_t>(set) * ways_ + way].stamp = ++state_.tick;
    } else if (config_.policy == ReplacementPolicy::PLRU) {
      // Tree pseudo-LRU: per set, a heap of ways-1 bits (node n has children 2n and 2n+1, leaf
      // ways+w is way w). A bit says which half holds the next victim (0 left, 1 right); a use of
      // a way points every bit on its path away from it.
      uint8_t* bits = &state_.plru[static_cast<std::size_t>(set) * ways_];
      for (uint32_t n = ways_ + way; n > 1; n /= 2) bits[n / 2] = (n % 2 == 0) ? 1 : 0;
    }
    // FIFO and Random: a use changes nothing.
  }

  CacheConfig config_;
  MemoryTiming memory_;
  uint32_t sets_ = 0;
  uint32_t ways_ = 0;
  bool pow2_ = false;  // line and sets are powers of two: index with shifts
  uint32_t line_shift_ = 0, set_shift_ = 0;
  uint32_t line_transfer_ = 0;
  uint32_t word_transfer_ = 0;
  CacheState state_;
};

}  // namespace m3::sim

// The milestone text calls these m3lab::sim::...; one namespace, two spellings.
namespace m3lab {
namespace sim = m3::sim;
}
