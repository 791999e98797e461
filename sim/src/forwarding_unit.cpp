// The forwarding unit: paths EX/MEM→EX, MEM/WB→EX, and into ID for branches resolved there.
// Its path selection is the template ForwardingUnit::operands (units.hpp), inlined into the
// stages; this file holds the path names.
#include "units.hpp"

namespace m3::sim {

const char* forward_path_name(ForwardPath p) {
  switch (p) {
    case ForwardPath::ExMemToEx: return "ex_mem_ex";
    case ForwardPath::MemWbToEx: return "mem_wb_ex";
    case ForwardPath::ExMemToId: return "ex_mem_id";
    case ForwardPath::MemWbToId: return "mem_wb_id";
    case ForwardPath::Count: break;
  }
  return "?";
}

const char* stage_name(Stage s) {
  switch (s) {
    case Stage::IF: return "IF";
    case Stage::ID: return "ID";
    case Stage::EX: return "EX";
    case Stage::MEM: return "MEM";
    case Stage::WB: return "WB";
    case Stage::Count: break;
  }
  return "?";
}

}  // namespace m3::sim
