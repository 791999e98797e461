// A pipeline trace in the Kanata log format, for the Konata pipeline viewer
// (https://github.com/shioyadan/Konata, docs/kanata-log-format.md, version 0004).
//
// The writer is an Observer: attach it with Machine::set_observer (or through an ObserverMux)
// and every instruction the pipeline fetches becomes one row of the viewer:
//
//   I/L     when its sequence number first appears in a stage; the label is "0x00000104: ldr ..."
//   S/E     lane 0, one stage F D X M W per pipeline stage, a stage lasting as many cycles as the
//           instruction stayed there
//   S/E     lane 1, "stall", over the cycles the stage reported the instruction as Stalled; the
//           reason is appended to the hover text (L type 1)
//   R ... 0 the cycle after its retire() event (WB is drawn for the cycle it retired in)
//   R ... 1 the cycle after the cycle a stage reported it Flushed (it is drawn in that stage for
//           the cycle it was squashed in)
//   W       consumer depends on producer, for each forwarding path that fired
//
// The hover text also carries register and flag writes, cache misses and flush causes.
//
// A fetch in progress: IF may report itself Busy or Stalled before it has an instruction to show
// (seq 0 and no text: waiting for the I-cache before it delivers). The writer then opens a row for
// the instruction being fetched at once, numbered with the next sequence number, and labels it
// when IF delivers it, so that an I-cache miss is drawn as a long F on the instruction that
// missed. If the fetch is abandoned (a redirect), the row ends as flushed, labelled "(fetch)".
//
// Streaming: nothing is kept per instruction once it has left the pipeline; the writer holds at
// most a handful of live instructions and one output buffer, so the trace of a billion-cycle run
// costs no more memory than a ten-cycle one. Per cycle it allocates nothing.
//
// Konata's rules the output keeps (tests/kanata checks them): the file ids are 0, 1, 2, ... in
// order of first appearance; every I is followed by exactly one R; within a lane every S is closed
// by an E before the next S and before the R; time only moves forward (C= once, then C with
// positive deltas).
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "m3lab/isa/diag.hpp"
#include "m3lab/sim/observer.hpp"

namespace m3::sim {

class KanataWriter : public Observer {
 public:
  // Writes to `out`, which the caller owns and closes after finish(); the writer buffers and
  // calls fwrite in large blocks.
  explicit KanataWriter(std::FILE* out);
  ~KanataWriter() override;
  KanataWriter(const KanataWriter&) = delete;
  KanataWriter& operator=(const KanataWriter&) = delete;

  // Creates (truncates) `path` and returns a writer that owns the file, or nullptr with an error
  // in `diags`. This is what `m3lab run --trace-kanata FILE` uses.
  static std::unique_ptr<KanataWriter> open(const std::string& path, Diagnostics& diags);

  // Ends the trace: instructions still in the pipeline (younger than the program's last
  // retirement) are closed as flushed one cycle after the last cycle seen, the buffer is written
  // out and an owned file is closed. Idempotent; the destructor calls it. Returns false (with an
  // error in `diags`) if any write failed.
  bool finish(Diagnostics& diags);
  bool finish();

  void begin_cycle(uint64_t cycle) override;
  void stage(Stage s, const StageState& st) override;
  void forward(const ForwardEvent& e) override;
  void hazard(const HazardEvent& e) override;
  void reg_write(uint64_t seq, uint8_t reg, uint32_t value) override;
  void flags_write(uint64_t seq, uint32_t nzcvq) override;
  void cache_access(const CacheEvent& e) override;
  void retire(const RetireEvent& e) override;
  void end_cycle(uint64_t cycle) override;

  // The one-letter stage names used in the trace: F D X M W.
  static const char* stage_letter(Stage s);

 private:
  // One instruction between its I and its R.
  struct Live {
    uint64_t seq = 0;
    uint64_t id = 0;          // its id in the file
    uint32_t pc = 0;
    Stage stage = Stage::Count;  // lane 0 stage currently open (Count: none)
    bool stalled = false;     // lane 1 "stall" open
    bool stall_noted = false; // the current stall's reason is in the hover text
    bool seen = false;        // reported by some stage this cycle
    bool has_note = false;    // some L type 1 text written (the next one starts a new line)
    bool placeholder = false; // opened for a fetch in progress: no label yet
    enum End : uint8_t { None, Retire, Flush } end = None;  // at the start of the next cycle
  };

  Live* find(uint64_t seq);
  Live& admit(const StageState& st);
  Live& admit_fetch();               // a row for a fetch in progress (see above)
  Live* find_fetch();                // the open fetch-in-progress row, if any
  void label(Live& l, uint32_t pc, const char* text);
  void close(Live& l, bool flushed);
  void advance_to(uint64_t cycle);  // the next command happens in `cycle`
  void line(const char* cmd);       // starts a command line, first moving the output's time
  void note_begin(Live& l);         // starts an L type 1 line for `l`

  void put(std::string_view s);
  void put(char c);
  void put_u(uint64_t v);
  void put_hex8(uint32_t v);
  void put_text(const char* s);  // tabs and newlines would break the format: they become spaces
  void flush_buffer();

  std::FILE* out_ = nullptr;
  bool owns_ = false;
  bool failed_ = false;
  bool finished_ = false;
  std::string path_;
  std::vector<char> buf_;
  size_t len_ = 0;

  std::vector<Live> live_;  // a few entries: the instructions in the pipeline, oldest first
  uint64_t next_id_ = 0;
  uint64_t max_seq_ = 0;      // the highest sequence number seen
  uint64_t next_retire_id_ = 0;
  bool started_ = false;      // the C= line was written
  uint64_t out_cycle_ = 0;    // the cycle the output is at
  uint64_t target_cycle_ = 0; // the cycle the next command belongs to
  bool has_target_ = false;
  uint64_t cycle_ = 0;        // the cycle being observed
  // Who is in each stage this cycle, to attribute cache accesses (I-cache: IF, D-cache: MEM).
  uint64_t seq_at_[static_cast<size_t>(Stage::Count)] = {};
  bool occupied_[static_cast<size_t>(Stage::Count)] = {};
};

}  // namespace m3::sim
