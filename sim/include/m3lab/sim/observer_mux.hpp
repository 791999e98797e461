// Fans one pipeline's observer calls out to several observers (a Kanata trace, the GUI, a test
// probe), since Machine::set_observer takes exactly one.
//
//   ObserverMux mux;
//   mux.add(&kanata);
//   mux.add(&gui_model);
//   machine.set_observer(&mux);
//
// Each call goes to every observer in the order they were added. Observers are not owned; add and
// remove them between cycles, not from inside a callback. Forwarding a call allocates nothing.
#pragma once

#include <algorithm>
#include <initializer_list>
#include <vector>

#include "m3lab/sim/observer.hpp"

namespace m3::sim {

class ObserverMux final : public Observer {
 public:
  ObserverMux() = default;
  ObserverMux(std::initializer_list<Observer*> observers) {
    for (Observer* o : observers) add(o);
  }

  // Adding nullptr or an observer already present does nothing.
  void add(Observer* o) {
    if (o && o != this && std::find(observers_.begin(), observers_.end(), o) == observers_.end())
      observers_.push_back(o);
  }
  void remove(Observer* o) { observers_.erase(std::remove(observers_.begin(), observers_.end(), o), observers_.end()); }
  void clear() { observers_.clear(); }
  size_t size() const { return observers_.size(); }
  bool empty() const { return observers_.empty(); }

  void begin_cycle(uint64_t cycle) override {
    for (Observer* o : observers_) o->begin_cycle(cycle);
  }
  void stage(Stage s, const StageState& st) override {
    for (Observer* o : observers_) o->stage(s, st);
  }
  void forward(const ForwardEvent& e) override {
    for (Observer* o : observers_) o->forward(e);
  }
  void hazard(const HazardEvent& e) override {
    for (Observer* o : observers_) o->hazard(e);
  }
  void reg_write(uint64_t seq, uint8_t reg, uint32_t value) override {
    for (Observer* o : observers_) o->reg_write(seq, reg, value);
  }
  void flags_write(uint64_t seq, uint32_t nzcvq) override {
    for (Observer* o : observers_) o->flags_write(seq, nzcvq);
  }
  void cache_access(const CacheEvent& e) override {
    for (Observer* o : observers_) o->cache_access(e);
  }
  void retire(const RetireEvent& e) override {
    for (Observer* o : observers_) o->retire(e);
  }
  void end_cycle(uint64_t cycle) override {
    for (Observer* o : observers_) o->end_cycle(cycle);
  }

 private:
  std::vector<Observer*> observers_;
};

}  // namespace m3::sim
