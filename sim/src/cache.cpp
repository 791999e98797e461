#include "m3lab/sim/cache.hpp"

#include <bit>
#include <cstddef>

#include "m3lab/isa/check.hpp"

namespace m3::sim {

namespace {
bool is_pow2(uint32_t v) { return v != 0 && (v & (v - 1)) == 0; }
}  // namespace

const char* Cache::validate(const CacheConfig& c, const MemoryTiming& m) {
  if (c.line < 4) return "line must be at least 4 bytes";
  if (c.ways == 0) return "ways must be at least 1";
  if (c.size == 0 || c.size % c.line != 0) return "size must be a non-zero multiple of line";
  if ((c.size / c.line) % c.ways != 0) return "ways must divide the number of lines";
  if (c.policy == ReplacementPolicy::PLRU && !is_pow2(c.ways)) return "plru needs a power-of-two way count";
  if (m.beat_bytes < 4) return "beat_bytes must be at least 4";
  if (m.beat_cycles == 0) return "beat_cycles must be at least 1";
  return nullptr;
}

Cache::Cache(const CacheConfig& config, const MemoryTiming& memory) : config_(config), memory_(memory) {
  const char* why = validate(config, memory);
  M3_ASSERT(why == nullptr, why);
  ways_ = config.ways;
  sets_ = config.size / config.line / config.ways;
  pow2_ = std::has_single_bit(config.line) && std::has_single_bit(sets_);
  line_shift_ = static_cast<uint32_t>(std::countr_zero(config.line));
  set_shift_ = static_cast<uint32_t>(std::countr_zero(sets_));
  const uint32_t beats = (config.line + memory.beat_bytes - 1) / memory.beat_bytes;
  line_transfer_ = memory.latency + beats * memory.beat_cycles;
  word_transfer_ = memory.latency + memory.beat_cycles;
  state_.lines.resize(static_cast<std::size_t>(sets_) * ways_);
  state_.plru.resize(static_cast<std::size_t>(sets_) * ways_);
  reset();
}

void Cache::reset() {
  for (CacheLine& l : state_.lines) l = CacheLine{};
  for (uint8_t& b : state_.plru) b = 0;
  state_.tick = 0;
  state_.rng = config_.seed != 0 ? config_.seed : kZeroSeed;
  state_.stats = CacheStats{};
}

void Cache::restore(const CacheState& s) {
  M3_ASSERT(s.lines.size() == state_.lines.size() && s.plru.size() == state_.plru.size(),
            "restoring a checkpoint of a cache with another geometry");
  state_ = s;  // same sizes: vector assignment reuses the existing storage
}

bool Cache::probe(uint32_t addr) const {
  const uint32_t block = addr / config_.line;
  const uint32_t set = block % sets_, tag = block / sets_;
  for (uint32_t w = 0; w < ways_; ++w) {
    const CacheLine& l = state_.lines[set * ways_ + w];
    if (l.valid && l.tag == tag) return true;
  }
  return false;
}

// An invalid way is always filled first (lowest index), whatever the policy.
uint32_t Cache::choose_victim(uint32_t set) {
  const CacheLine* lines = &state_.lines[static_cast<std::size_t>(set) * ways_];
  for (uint32_t w = 0; w < ways_; ++w)
    if (!lines[w].valid) return w;
  switch (config_.policy) {
    case ReplacementPolicy::LRU:
    case ReplacementPolicy::FIFO: {
      uint32_t victim = 0;
      for (uint32_t w = 1; w < ways_; ++w)
        if (lines[w].stamp < lines[victim].stamp) victim = w;
      return victim;
    }
    case ReplacementPolicy::PLRU: {
      const uint8_t* bits = &state_.plru[static_cast<std::size_t>(set) * ways_];
      uint32_t n = 1;
      while (n < ways_) n = 2 * n + bits[n];
      return n - ways_;
    }
    case ReplacementPolicy::Random:
      return xorshift32(state_.rng) % ways_;
  }
  M3_UNREACHABLE("bad replacement policy");
}

AccessResult Cache::access(uint32_t addr, bool write) {
  AccessResult r;
  r.addr = addr;
  r.write = write;
  if (!config_.enabled) {
    r.cached = false;
    r.cycles = word_transfer_;
    ++state_.stats.bypassed;
    return r;
  }
  CacheCounters& c = write ? state_.stats.write : state_.stats.read;
  ++c.accesses;
  // Shifts and masks when the geometry is a power of two (the machine config requires it): the
  // divisions cost more than the rest of a hit (the pipeline makes one or two accesses a cycle).
  if (pow2_) {
    const uint32_t block = addr >> line_shift_;
    r.set = block & (sets_ - 1);
    r.tag = block >> set_shift_;
  } else {
    const uint32_t block = addr / config_.line;
    r.set = block % sets_;
    r.tag = block / sets_;
  }
  r.cycles = config_.hit_latency;
  CacheLine* lines = &state_.lines[static_cast<std::size_t>(r.set) * ways_];
  const bool through = config_.write == WritePolicy::WriteThrough;

  for (uint32_t w = 0; w < ways_; ++w) {
    if (lines[w].valid && lines[w].tag == r.tag) {
      r.hit = true;
      r.way = w;
      ++c.hits;
      touch(r.set, w);
      if (write) {
        if (through) {
          r.cycles += word_transfer_;
          ++state_.stats.memory_writes;
        } else {
          lines[w].dirty = true;
        }
      }
      return r;
    }
  }

  ++c.misses;
  if (write && !config_.allocate) {
    r.cycles += word_transfer_;
    ++state_.stats.memory_writes;
    return r;
  }
  const uint32_t w = choose_victim(r.set);
  CacheLine& l = lines[w];
  if (l.valid) {
    r.evicted = true;
    r.evicted_addr = (l.tag * sets_ + r.set) * config_.line;
    ++c.evictions;
    if (l.dirty) {
      r.writeback = true;
      r.cycles += line_transfer_;
      ++c.writebacks;
    }
  }
  r.cycles += line_transfer_;
  r.allocated = true;
  r.way = w;
  l.tag = r.tag;
  l.valid = true;
  l.dirty = write && !through;
  l.stamp = ++state_.tick;  // the fill time (FIFO) and the first use (LRU)
  touch(r.set, w);
  if (write && through) {
    r.cycles += word_transfer_;
    ++state_.stats.memory_writes;
  }
  return r;
}

}  // namespace m3::sim
