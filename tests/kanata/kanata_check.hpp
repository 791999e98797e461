// A checker for the Kanata rules the writer promises (see sim/include/m3lab/sim/kanata.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

struct KanataSummary {
  uint64_t instructions = 0;  // I lines
  uint64_t retired = 0;       // R ... 0
  uint64_t flushed = 0;       // R ... 1
  uint64_t dependencies = 0;  // W lines
  uint64_t stalls = 0;        // S ... 1 stall
  uint64_t first_cycle = 0;   // C=
  uint64_t last_cycle = 0;    // after every C
};

// Returns "" if `text` is well formed, else the first problem with its line number. Rules: the
// header; one C= before any other command; C deltas positive; I ids 0, 1, 2, ... each once; L, S,
// E, R only between an instruction's I and R; per lane at most one open stage, E naming it; R with
// every lane closed, type 0 or 1, retirement ids 0, 1, 2, ... for type 0; W between a live consumer
// and an instruction already introduced; every I has its R by the end; exact field counts.
std::string check_kanata(std::string_view text, KanataSummary* summary = nullptr);
