// Concatenates the table groups into the one table and indexes it.
#include <string>
#include <unordered_map>
#include <vector>

#include "m3lab/isa/check.hpp"
#include "m3lab/isa/table.hpp"

namespace m3::isa {

namespace {
struct Table {
  std::vector<Form> all;
  std::unordered_map<std::string, uint16_t> by_id;
  Table() {
    for (auto group : {forms_dp(), forms_mem(), forms_ctl()})
      for (const Form& f : group) all.push_back(f);
    M3_ASSERT(all.size() < 65535, "too many forms");
    for (uint16_t k = 0; k < all.size(); ++k) {
      bool fresh = by_id.emplace(all[k].id, k).second;
      M3_ASSERT(fresh, all[k].id);  // form ids are unique
      M3_ASSERT(all[k].exec != nullptr, all[k].id);
    }
  }
};
const Table& table() {
  static const Table t;
  return t;
}
}  // namespace

std::span<const Form> forms() { return table().all; }

const Form& form(uint16_t index) {
  M3_ASSERT(index < table().all.size(), "form index out of range");
  return table().all[index];
}

std::optional<uint16_t> find_form(std::string_view id) {
  auto it = table().by_id.find(std::string(id));
  if (it == table().by_id.end()) return std::nullopt;
  return it->second;
}

const char* iclass_name(IClass c) {
  static const char* const kNames[] = {"alu",   "mul",        "mul_long",  "div",    "load",
                                       "store", "load_pair",  "store_pair", "load_multi",
                                       "store_multi", "branch", "call",      "it",     "system"};
  static_assert(sizeof kNames / sizeof kNames[0] == static_cast<size_t>(IClass::Count));
  return kNames[static_cast<int>(c)];
}

}  // namespace m3::isa
