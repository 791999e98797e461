// The cache model: hand-computed cases, a differential test against an independent reference model
// on random access streams, timing, checkpoint/restore, and "the lookup allocates nothing".
#include <gtest/gtest.h>

#include <list>
#include <map>
#include <random>
#include <tuple>

#include "m3lab/sim/cache.hpp"

using namespace m3::sim;

// Heap allocations made by this test binary so far (alloc_count.cpp replaces operator new).
long allocation_count();

namespace {

CacheConfig geometry(uint32_t size, uint32_t line, uint32_t ways,
                     ReplacementPolicy p = ReplacementPolicy::LRU) {
  CacheConfig c;
  c.size = size;
  c.line = line;
  c.ways = ways;
  c.policy = p;
  return c;
}

const MemoryTiming kMem{10, 4, 1};  // line transfer of a 16-byte line: 10 + 4*1 = 14

// ---- An independent reference model: per-set lists instead of stamps, a range tree for PLRU ----
class RefCache {
 public:
  struct Result {
    bool hit = false, evicted = false, writeback = false;
    uint32_t evicted_addr = 0, cycles = 0;
    bool operator==(const Result&) const = default;
  };
  struct Counts {
    uint64_t hits = 0, misses = 0, evictions = 0, writebacks = 0;
  };
  Counts read, write;
  uint64_t memory_writes = 0;

  RefCache(const CacheConfig& c, const MemoryTiming& m)
      : c_(c), nsets_(c.size / c.line / c.ways), sets_(nsets_), order_(nsets_), tree_(nsets_) {
    for (auto& s : sets_) s.resize(c.ways);
    rng_ = c.seed ? c.seed : 0x9e3779b9u;
    line_cycles_ = m.latency + ((c.line + m.beat_bytes - 1) / m.beat_bytes) * m.beat_cycles;
    word_cycles_ = m.latency + m.beat_cycles;
  }

  Result access(uint32_t addr, bool is_write) {
    Result r;
    Counts& k = is_write ? write : read;
    const uint32_t block = addr / c_.line, set = block % nsets_, tag = block / nsets_;
    auto& ways = sets_[set];
    const bool through = c_.write == WritePolicy::WriteThrough;
    r.cycles = c_.hit_latency;
    for (uint32_t w = 0; w < c_.ways; ++w) {
      if (ways[w].valid && ways[w].tag == tag) {
        r.hit = true;
        ++k.hits;
        if (c_.policy == ReplacementPolicy::LRU) {
          order_[set].remove(w);
          order_[set].push_back(w);
        }
        plru_use(set, w);
        if (is_write && through) r.cycles += word_cycles_, ++memory_writes;
        if (is_write && !through) ways[w].dirty = true;
        return r;
      }
    }
    ++k.misses;
    if (is_write && !c_.allocate) {
      r.cycles += word_cycles_;
      ++memory_writes;
      return r;
    }
    uint32_t v = c_.ways;
    for (uint32_t w = 0; w < c_.ways && v == c_.ways; ++w)
      if (!ways[w].valid) v = w;
    if (v == c_.ways) {
      switch (c_.policy) {
        case ReplacementPolicy::LRU:
        case ReplacementPolicy::FIFO:
          v = order_[set].front();
          break;
        case ReplacementPolicy::PLRU:
          v = plru_victim(set);
          break;
        case ReplacementPolicy::Random:
          rng_ ^= rng_ << 13;
          rng_ ^= rng_ >> 17;
          rng_ ^= rng_ << 5;
          v = rng_ % c_.ways;
          break;
      }
      r.evicted = true;
      r.evicted_addr = (ways[v].tag * nsets_ + set) * c_.line;
      ++k.evictions;
      if (ways[v].dirty) {
        r.writeback = true;
        ++k.writebacks;
        r.cycles += line_cycles_;
      }
    }
    r.cycles += line_cycles_;
    ways[v] = {true, is_write && !through, tag};
    order_[set].remove(v);
    order_[set].push_back(v);
    plru_use(set, v);
    if (is_write && through) r.cycles += word_cycles_, ++memory_writes;
    return r;
  }

 private:
  struct Way {
    bool valid = false, dirty = false;
    uint32_t tag = 0;
  };
  // PLRU as a binary tree over way ranges [lo, hi): the bit of a range says which half the next
  // victim comes from (false: lower half).
  void plru_use(uint32_t set, uint32_t way) {
    if (c_.policy != ReplacementPolicy::PLRU) return;
    for (uint32_t lo = 0, hi = c_.ways; hi - lo > 1;) {
      const uint32_t mid = (lo + hi) / 2;
      const bool upper = way >= mid;
      tree_[set][{lo, hi}] = !upper;  // point away from the used half
      if (upper)
        lo = mid;
      else
        hi = mid;
    }
  }
  uint32_t plru_victim(uint32_t set) {
    uint32_t lo = 0, hi = c_.ways;
    while (hi - lo > 1) {
      const uint32_t mid = (lo + hi) / 2;
      if (tree_[set][{lo, hi}])
        lo = mid;
      else
        hi = mid;
    }
    return lo;
  }

  CacheConfig c_;
  uint32_t nsets_;
  std::vector<std::vector<Way>> sets_;
  std::vector<std::list<uint32_t>> order_;  // LRU: least recently used first; FIFO: oldest first
  std::vector<std::map<std::pair<uint32_t, uint32_t>, bool>> tree_;
  uint32_t rng_;
  uint32_t line_cycles_, word_cycles_;
};

const char* policy_name(ReplacementPolicy p) {
  switch (p) {
    case ReplacementPolicy::LRU:
      return "lru";
    case ReplacementPolicy::FIFO:
      return "fifo";
    case ReplacementPolicy::PLRU:
      return "plru";
    case ReplacementPolicy::Random:
      return "random";
  }
  return "?";
}

}  // namespace

TEST(Cache, GeometryAndValidation) {
  Cache dm(geometry(256, 16, 1), kMem);
  EXPECT_EQ(dm.sets(), 16u);
  EXPECT_EQ(dm.ways(), 1u);
  Cache fa(geometry(256, 16, 16), kMem);
  EXPECT_EQ(fa.sets(), 1u);
  EXPECT_EQ(Cache::validate(geometry(256, 16, 3), kMem), std::string("ways must divide the number of lines"));
  EXPECT_EQ(Cache::validate(geometry(192, 16, 3, ReplacementPolicy::PLRU), kMem),
            std::string("plru needs a power-of-two way count"));
  EXPECT_EQ(Cache::validate(geometry(192, 16, 3, ReplacementPolicy::LRU), kMem), nullptr);  // 4 sets of 3
  EXPECT_EQ(Cache::validate(geometry(256, 2, 1), kMem), std::string("line must be at least 4 bytes"));
}

TEST(Cache, DirectMappedConflictMiss) {
  Cache c(geometry(64, 16, 1), kMem);  // 4 sets: 0x00 and 0x40 both map to set 0
  AccessResult a = c.access(0x00, false);
  EXPECT_FALSE(a.hit);
  EXPECT_FALSE(a.evicted);
  EXPECT_TRUE(c.access(0x04, false).hit);  // same line
  AccessResult b = c.access(0x40, false);
  EXPECT_FALSE(b.hit);
  EXPECT_EQ(b.set, 0u);
  EXPECT_EQ(b.tag, 1u);
  EXPECT_TRUE(b.evicted);
  EXPECT_EQ(b.evicted_addr, 0x00u);
  AccessResult d = c.access(0x08, false);
  EXPECT_FALSE(d.hit);  // the conflict: 0x00's line was thrown out although 3 sets are empty
  EXPECT_EQ(d.evicted_addr, 0x40u);
  EXPECT_TRUE(c.access(0x10, false).evicted == false);  // set 1 was empty
  EXPECT_EQ(c.stats().read.misses, 4u);
  EXPECT_EQ(c.stats().read.hits, 1u);
  EXPECT_EQ(c.stats().read.evictions, 2u);
}

TEST(Cache, LruAndFifoDifferOnAKnownSequence) {
  // One set of two ways; A B A C A. LRU evicts B at C (A was used more recently) and A hits at the
  // end; FIFO evicts A at C (filled first) and the last A misses.
  const uint32_t A = 0x000, B = 0x100, C = 0x200;
  Cache lru(geometry(32, 16, 2, ReplacementPolicy::LRU), kMem);
  Cache fifo(geometry(32, 16, 2, ReplacementPolicy::FIFO), kMem);
  for (uint32_t a : {A, B, A}) lru.access(a, false), fifo.access(a, false);
  AccessResult lc = lru.access(C, false), fc = fifo.access(C, false);
  EXPECT_EQ(lc.evicted_addr, B);
  EXPECT_EQ(fc.evicted_addr, A);
  EXPECT_TRUE(lru.access(A, false).hit);
  AccessResult fa = fifo.access(A, false);
  EXPECT_FALSE(fa.hit);
  EXPECT_EQ(fa.evicted_addr, B);
  EXPECT_EQ(lru.stats().read.misses, 3u);
  EXPECT_EQ(fifo.stats().read.misses, 4u);
}

TEST(Cache, PlruTreeOnAKnownSequence) {
  // One set of four ways. After A B C D fill ways 0..3 the tree points at way 0 (A). A hit on A
  // points the root right and the right node still points at way 2 (C), so E evicts C where true
  // LRU would evict B. E in way 2 then points the root left, where the left node points at B.
  const uint32_t A = 0x000, B = 0x100, C = 0x200, D = 0x300, E = 0x400, F = 0x500;
  Cache p(geometry(64, 16, 4, ReplacementPolicy::PLRU), kMem);
  Cache l(geometry(64, 16, 4, ReplacementPolicy::LRU), kMem);
  for (uint32_t a : {A, B, C, D, A}) p.access(a, false), l.access(a, false);
  AccessResult pe = p.access(E, false), le = l.access(E, false);
  EXPECT_EQ(pe.way, 2u);
  EXPECT_EQ(pe.evicted_addr, C);
  EXPECT_EQ(le.evicted_addr, B);
  EXPECT_TRUE(p.access(B, false).hit);
  // B's hit points the root right again, and the right node (after E in way 2) points at way 3.
  AccessResult pf = p.access(F, false);
  EXPECT_EQ(pf.way, 3u);
  EXPECT_EQ(pf.evicted_addr, D);
}

TEST(Cache, WriteBackEvictionIsWrittenBack) {
  Cache c(geometry(64, 16, 1), kMem);
  AccessResult w = c.access(0x00, true);  // miss, allocate, dirty
  EXPECT_TRUE(w.allocated);
  EXPECT_EQ(w.cycles, 1u + 14u);
  EXPECT_TRUE(c.line(0, 0).dirty);
  EXPECT_TRUE(c.access(0x04, true).hit);
  AccessResult r = c.access(0x40, false);  // conflict: the dirty line goes back to memory first
  EXPECT_TRUE(r.evicted);
  EXPECT_TRUE(r.writeback);
  EXPECT_EQ(r.evicted_addr, 0x00u);
  EXPECT_EQ(r.cycles, 1u + 14u + 14u);
  EXPECT_FALSE(c.line(0, 0).dirty);
  AccessResult r2 = c.access(0x00, false);  // clean victim: no writeback
  EXPECT_TRUE(r2.evicted);
  EXPECT_FALSE(r2.writeback);
  EXPECT_EQ(c.stats().read.writebacks, 1u);
  EXPECT_EQ(c.stats().write.writebacks, 0u);
  EXPECT_EQ(c.stats().total().evictions, 2u);
  EXPECT_EQ(c.stats().memory_writes, 0u);
}

TEST(Cache, WriteThroughNoAllocateStoreMissDoesNotAllocate) {
  CacheConfig cfg = geometry(64, 16, 1);
  cfg.write = WritePolicy::WriteThrough;
  cfg.allocate = false;
  Cache c(cfg, kMem);
  AccessResult w = c.access(0x20, true);
  EXPECT_FALSE(w.hit);
  EXPECT_FALSE(w.allocated);
  EXPECT_EQ(w.way, AccessResult::kNoWay);
  EXPECT_EQ(w.cycles, 1u + 11u);  // hit latency + one word transfer
  EXPECT_FALSE(c.probe(0x20));
  EXPECT_FALSE(c.access(0x20, false).hit);  // the store left nothing behind
  AccessResult h = c.access(0x24, true);    // a store hit writes through; the line stays clean
  EXPECT_TRUE(h.hit);
  EXPECT_EQ(h.cycles, 1u + 11u);
  EXPECT_FALSE(c.line(2, 0).dirty);
  EXPECT_EQ(c.stats().memory_writes, 2u);
  EXPECT_EQ(c.stats().write.misses, 1u);
  EXPECT_EQ(c.stats().write.hits, 1u);
}

TEST(Cache, TimingFormula) {
  // line transfer = latency + ceil(line / beat_bytes) * beat_cycles
  CacheConfig cfg = geometry(1024, 32, 2);
  cfg.hit_latency = 2;
  Cache c(cfg, MemoryTiming{10, 4, 2});
  EXPECT_EQ(c.line_transfer_cycles(), 10u + 8u * 2u);
  EXPECT_EQ(c.word_transfer_cycles(), 10u + 2u);
  EXPECT_EQ(c.access(0x100, false).cycles, 2u + 26u);
  EXPECT_EQ(c.access(0x104, false).cycles, 2u);
  EXPECT_EQ(Cache(geometry(1024, 32, 2), MemoryTiming{5, 8, 1}).line_transfer_cycles(), 5u + 4u);
  EXPECT_EQ(Cache(geometry(64, 4, 1), MemoryTiming{5, 8, 3}).line_transfer_cycles(), 5u + 3u);  // one beat
  cfg.enabled = false;
  Cache off(cfg, MemoryTiming{10, 4, 2});
  AccessResult r = off.access(0x100, false);
  EXPECT_FALSE(r.cached);
  EXPECT_EQ(r.cycles, 12u);
  EXPECT_EQ(off.stats().bypassed, 1u);
  EXPECT_EQ(off.stats().total().accesses, 0u);
}

// Every policy x several geometries x every write policy: the model and the reference agree on every
// access (hit, victim, writeback, cycles) and on every counter.
TEST(Cache, MatchesReferenceModelOnRandomStreams) {
  const std::tuple<uint32_t, uint32_t, uint32_t> geometries[] = {
      {256, 16, 1},   // direct-mapped
      {512, 16, 4},   //
      {256, 16, 16},  // fully associative
      {1024, 32, 2},  //
      {64, 4, 16},    // fully associative, word lines
      {128, 8, 8},    //
  };
  const ReplacementPolicy policies[] = {ReplacementPolicy::LRU, ReplacementPolicy::FIFO,
                                        ReplacementPolicy::PLRU, ReplacementPolicy::Random};
  int configs = 0;
  for (auto [size, line, ways] : geometries) {
    for (ReplacementPolicy p : policies) {
      for (int wmode = 0; wmode < 4; ++wmode) {
        CacheConfig cfg = geometry(size, line, ways, p);
        cfg.write = (wmode & 1) ? WritePolicy::WriteThrough : WritePolicy::WriteBack;
        cfg.allocate = (wmode & 2) == 0;
        cfg.seed = 12345u + static_cast<uint32_t>(configs);
        SCOPED_TRACE(testing::Message()
                     << size << "/" << line << "/" << ways << " " << policy_name(p) << " write " << wmode);
        Cache cache(cfg, kMem);
        RefCache ref(cfg, kMem);
        std::mt19937 gen(static_cast<uint32_t>(configs) * 7919u + 1u);
        // A footprint of 4x the capacity with a hot region, so there are hits, misses and evictions.
        std::uniform_int_distribution<uint32_t> cold(0, 4 * size - 1), hot(0, size / 2 - 1), pct(0, 99);
        for (int i = 0; i < 3000; ++i) {
          const uint32_t addr = 0x20000000u + ((pct(gen) < 60 ? hot(gen) : cold(gen)) & ~3u);
          const bool wr = pct(gen) < 30;
          AccessResult a = cache.access(addr, wr);
          RefCache::Result b = ref.access(addr, wr);
          ASSERT_EQ(a.hit, b.hit) << "access " << i;
          ASSERT_EQ(a.evicted, b.evicted) << "access " << i;
          ASSERT_EQ(a.evicted_addr, b.evicted_addr) << "access " << i;
          ASSERT_EQ(a.writeback, b.writeback) << "access " << i;
          ASSERT_EQ(a.cycles, b.cycles) << "access " << i;
        }
        const CacheStats& s = cache.stats();
        EXPECT_EQ(s.read.hits, ref.read.hits);
        EXPECT_EQ(s.read.misses, ref.read.misses);
        EXPECT_EQ(s.read.evictions, ref.read.evictions);
        EXPECT_EQ(s.read.writebacks, ref.read.writebacks);
        EXPECT_EQ(s.write.hits, ref.write.hits);
        EXPECT_EQ(s.write.misses, ref.write.misses);
        EXPECT_EQ(s.write.evictions, ref.write.evictions);
        EXPECT_EQ(s.write.writebacks, ref.write.writebacks);
        EXPECT_EQ(s.memory_writes, ref.memory_writes);
        EXPECT_EQ(s.total().accesses, 3000u);
        EXPECT_GT(s.total().hits, 0u);
        EXPECT_GT(s.total().evictions, 0u);
        ++configs;
      }
    }
  }
  EXPECT_EQ(configs, 96);
}

TEST(Cache, CheckpointRestoreReproducesTheFuture) {
  for (ReplacementPolicy p : {ReplacementPolicy::LRU, ReplacementPolicy::FIFO, ReplacementPolicy::PLRU,
                              ReplacementPolicy::Random}) {
    SCOPED_TRACE(policy_name(p));
    CacheConfig cfg = geometry(256, 16, 4, p);
    cfg.seed = 77;
    Cache c(cfg, kMem);
    std::mt19937 gen(5);
    auto next = [&] { return std::pair<uint32_t, bool>((gen() % 2048) & ~3u, gen() % 4 == 0); };
    for (int i = 0; i < 1000; ++i) {
      auto [a, w] = next();
      c.access(a, w);
    }
    const CacheState snap = c.checkpoint();
    std::vector<std::pair<uint32_t, bool>> future;
    for (int i = 0; i < 2000; ++i) future.push_back(next());
    std::vector<AccessResult> first;
    for (auto [a, w] : future) first.push_back(c.access(a, w));
    const CacheState end = c.checkpoint();

    c.restore(snap);
    EXPECT_EQ(c.checkpoint(), snap);
    Cache other(cfg, kMem);  // a checkpoint also moves to a fresh cache of the same geometry
    other.restore(snap);
    for (size_t i = 0; i < future.size(); ++i) {
      AccessResult x = c.access(future[i].first, future[i].second);
      AccessResult y = other.access(future[i].first, future[i].second);
      ASSERT_EQ(x.hit, first[i].hit) << i;
      ASSERT_EQ(x.way, first[i].way) << i;
      ASSERT_EQ(x.evicted_addr, first[i].evicted_addr) << i;
      ASSERT_EQ(y.way, first[i].way) << i;
    }
    EXPECT_EQ(c.checkpoint(), end);
    EXPECT_EQ(other.checkpoint(), end);

    c.reset();
    EXPECT_EQ(c.checkpoint(), Cache(cfg, kMem).checkpoint());
  }
}

TEST(Cache, RandomReplacementDependsOnTheSeed) {
  auto victims = [](uint32_t seed) {
    CacheConfig cfg = geometry(128, 16, 8, ReplacementPolicy::Random);  // fully associative
    cfg.seed = seed;
    Cache c(cfg, kMem);
    std::vector<uint32_t> ways;
    for (uint32_t i = 0; i < 64; ++i) ways.push_back(c.access(i * 16, false).way);
    return ways;
  };
  EXPECT_EQ(victims(1), victims(1));
  EXPECT_NE(victims(1), victims(2));
  EXPECT_EQ(victims(0), victims(Cache::kZeroSeed));
}

TEST(Cache, AccessAllocatesNothing) {
  for (ReplacementPolicy p : {ReplacementPolicy::LRU, ReplacementPolicy::FIFO, ReplacementPolicy::PLRU,
                              ReplacementPolicy::Random}) {
    Cache c(geometry(256, 16, 4, p), kMem);
    const long before = allocation_count();
    uint32_t x = 1;
    for (int i = 0; i < 5000; ++i) c.access((Cache::xorshift32(x) % 4096) & ~3u, (x & 8) != 0);
    EXPECT_EQ(allocation_count(), before) << policy_name(p);
    EXPECT_GT(c.stats().total().misses, 0u);
  }
}
