// The branch predictor (docs/pipeline.md, "Control hazards"): consulted in IF for the
// instruction being delivered, updated when a branch resolves.
#include "units.hpp"

namespace m3::sim {

void BranchPredictorUnit::configure(const CoreConfig& c) {
  kind_ = c.branch_predictor;
  st_.bht.assign(c.bht_entries ? c.bht_entries : 1, 0);
  st_.btb_tag.assign(c.btb_entries ? c.btb_entries : 1, 1u);
  st_.btb_target.assign(st_.btb_tag.size(), 0);
  reset();
}

void BranchPredictorUnit::reset() {
  // 1-bit: initially not taken; 2-bit: weakly not taken.
  std::fill(st_.bht.begin(), st_.bht.end(), kind_ == BranchPredictor::TwoBit ? 1 : 0);
  std::fill(st_.btb_tag.begin(), st_.btb_tag.end(), 1u);
  std::fill(st_.btb_target.begin(), st_.btb_target.end(), 0u);
}

uint32_t BranchPredictorUnit::predict_branch(uint32_t pc, const InstInfo& info) const {
  uint32_t seq = pc + info.size;
  switch (kind_) {
    case BranchPredictor::StaticNotTaken:
      return seq;
    case BranchPredictor::BTFN:
      return info.direct && info.target <= pc ? info.target : seq;
    case BranchPredictor::OneBit:
    case BranchPredictor::TwoBit: {
      uint8_t c = st_.bht[bht_index(pc)];
      bool taken = kind_ == BranchPredictor::OneBit ? c != 0 : c >= 2;
      uint32_t k = btb_index(pc);
      if (taken && st_.btb_tag[k] == pc) return st_.btb_target[k];
      return seq;
    }
  }
  return seq;
}

void BranchPredictorUnit::update(uint32_t pc, const InstInfo&, bool taken, uint32_t target) {
  if (kind_ != BranchPredictor::OneBit && kind_ != BranchPredictor::TwoBit) return;
  uint8_t& c = st_.bht[bht_index(pc)];
  if (kind_ == BranchPredictor::OneBit)
    c = taken;
  else if (taken)
    c = c < 3 ? c + 1 : 3;
  else
    c = c > 0 ? c - 1 : 0;
  if (taken) {
    uint32_t k = btb_index(pc);
    st_.btb_tag[k] = pc;
    st_.btb_target[k] = target;
  }
}

}  // namespace m3::sim
