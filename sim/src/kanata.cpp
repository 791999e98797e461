#include "m3lab/sim/kanata.hpp"

#include <cerrno>
#include <charconv>
#include <cstring>

#include "m3lab/isa/check.hpp"

namespace m3::sim {

namespace {

constexpr size_t kBufferBytes = size_t{1} << 16;
constexpr size_t kLiveReserve = 16;  // five stages plus flushed ones awaiting their R: never more

size_t idx(Stage s) { return static_cast<size_t>(s); }

const char* reg_name(uint8_t r) {
  static const char* const names[] = {"r0", "r1", "r2", "r3", "r4",  "r5", "r6", "r7",   "r8",
                                      "r9", "r10", "r11", "r12", "sp", "lr", "pc", "flags"};
  return r < 17 ? names[r] : "?";
}

const char* path_text(ForwardPath p) {
  switch (p) {
    case ForwardPath::ExMemToEx: return "EX/MEM->EX";
    case ForwardPath::MemWbToEx: return "MEM/WB->EX";
    case ForwardPath::ExMemToId: return "EX/MEM->ID";
    case ForwardPath::MemWbToId: return "MEM/WB->ID";
    case ForwardPath::Count: break;
  }
  return "?";
}

}  // namespace

const char* KanataWriter::stage_letter(Stage s) {
  switch (s) {
    case Stage::IF: return "F";
    case Stage::ID: return "D";
    case Stage::EX: return "X";
    case Stage::MEM: return "M";
    case Stage::WB: return "W";
    case Stage::Count: break;
  }
  return "?";
}

KanataWriter::KanataWriter(std::FILE* out) : out_(out), buf_(kBufferBytes) {
  live_.reserve(kLiveReserve);
  put("Kanata\t0004\n");
}

KanataWriter::~KanataWriter() { finish(); }

std::unique_ptr<KanataWriter> KanataWriter::open(const std::string& path, Diagnostics& diags) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) {
    diags.error(path, 0, 0, std::string("cannot create the Kanata trace: ") + std::strerror(errno));
    return nullptr;
  }
  auto w = std::make_unique<KanataWriter>(f);
  w->owns_ = true;
  w->path_ = path;
  return w;
}

bool KanataWriter::finish() {
  Diagnostics ignored;
  return finish(ignored);
}

bool KanataWriter::finish(Diagnostics& diags) {
  if (!finished_) {
    finished_ = true;
    // What is still in flight when the program stops never retires: it is closed as squashed.
    if (!live_.empty()) {
      advance_to(cycle_ + 1);
      while (!live_.empty()) {
        Live& l = live_.front();
        note_begin(l);
        put("in the pipeline when the run ended\n");
        close(l, true);
      }
    }
    flush_buffer();
    if (out_ && std::fflush(out_) != 0) failed_ = true;
    if (owns_ && out_ && std::fclose(out_) != 0) failed_ = true;
    out_ = nullptr;
    if (failed_) diags.error(path_.empty() ? "<kanata trace>" : path_, 0, 0, "writing the Kanata trace failed");
  }
  return !failed_;
}

// ---- Observer ----

void KanataWriter::begin_cycle(uint64_t cycle) {
  M3_ASSERT(!has_target_ || cycle >= target_cycle_, "Kanata trace: cycles must not go backwards");
  cycle_ = cycle;
  for (Live& l : live_) l.seen = false;
  for (bool& o : occupied_) o = false;
}

void KanataWriter::stage(Stage s, const StageState& st) {
  if (finished_ || s >= Stage::Count) return;
  if (st.kind == StageState::Empty) return;
  const bool anonymous = st.seq == 0 && st.text == nullptr;
  // Only IF can be busy without an instruction (a fetch in progress); elsewhere it is a bubble.
  if (anonymous && s != Stage::IF) return;
  occupied_[idx(s)] = true;
  advance_to(cycle_);
  Live* found = anonymous ? find_fetch() : find(st.seq);
  if (!found && !anonymous && s == Stage::IF) {
    // The fetch in progress delivers: its row gets the real sequence number.
    found = find_fetch();
    if (found) found->seq = st.seq;
  }
  Live& l = found ? *found : anonymous ? admit_fetch() : admit(st);
  if (l.placeholder && !anonymous) label(l, st.pc, st.text);
  if (!anonymous && st.seq > max_seq_) max_seq_ = st.seq;
  seq_at_[idx(s)] = l.seq;
  l.seen = true;
  if (l.stage != s) {
    if (l.stalled) {
      line("E\t"), put_u(l.id), put("\t1\tstall\n");
      l.stalled = false;
    }
    if (l.stage != Stage::Count) line("E\t"), put_u(l.id), put("\t0\t"), put(stage_letter(l.stage)), put('\n');
    line("S\t"), put_u(l.id), put("\t0\t"), put(stage_letter(s)), put('\n');
    l.stage = s;
  }
  if (st.kind == StageState::Stalled) {
    if (!l.stalled) {
      line("S\t"), put_u(l.id), put("\t1\tstall\n");
      l.stalled = true;
      l.stall_noted = false;
      if (st.reason) {
        note_begin(l);
        put("stall in "), put(stage_letter(s)), put(" at cycle "), put_u(cycle_), put(": "), put_text(st.reason);
        put('\n');
        l.stall_noted = true;
      }
    }
  } else if (l.stalled) {
    line("E\t"), put_u(l.id), put("\t1\tstall\n");
    l.stalled = false;
  }
  if (st.kind == StageState::Flushed && l.end == Live::None) {
    l.end = Live::Flush;
    note_begin(l);
    put("flushed in "), put(stage_letter(s)), put(" at cycle "), put_u(cycle_);
    if (st.reason) put(": "), put_text(st.reason);
    put('\n');
  }
}

void KanataWriter::forward(const ForwardEvent& e) {
  if (finished_) return;
  Live* cons = find(e.to_seq);
  Live* prod = find(e.from_seq);
  if (!cons || !prod) return;
  advance_to(cycle_);
  line("W\t"), put_u(cons->id), put('\t'), put_u(prod->id), put("\t0\n");
  note_begin(*cons);
  put(reg_name(e.reg)), put(" forwarded "), put(path_text(e.path)), put(" from 0x"), put_hex8(prod->pc), put('\n');
}

void KanataWriter::hazard(const HazardEvent& e) {
  if (finished_) return;
  Live* l = find(e.seq);
  if (!l) return;
  if (e.kind == HazardEvent::Flush) {
    advance_to(cycle_);
    note_begin(*l);
    put("caused a flush at cycle "), put_u(cycle_);
    if (e.reason) put(": "), put_text(e.reason);
    put('\n');
  } else if (l->stalled && !l->stall_noted && e.reason) {
    // The stage reported the stall without a reason; the hazard unit's is the next best thing.
    advance_to(cycle_);
    note_begin(*l);
    put("stall at cycle "), put_u(cycle_), put(": "), put_text(e.reason), put('\n');
    l->stall_noted = true;
  }
}

void KanataWriter::reg_write(uint64_t seq, uint8_t reg, uint32_t value) {
  if (finished_) return;
  Live* l = find(seq);
  if (!l) return;
  advance_to(cycle_);
  note_begin(*l);
  put(reg_name(reg)), put(" = 0x"), put_hex8(value), put('\n');
}

void KanataWriter::flags_write(uint64_t seq, uint32_t nzcvq) {
  if (finished_) return;
  Live* l = find(seq);
  if (!l) return;
  advance_to(cycle_);
  note_begin(*l);
  // APSR bits 31..27 (ARMv7-M ARM B1.4.2): upper case set, lower case clear.
  const char names[] = "NZCVQ";
  char f[6] = {};
  for (int i = 0; i < 5; ++i) {
    const bool set = (nzcvq >> (31 - i)) & 1u;
    f[i] = set ? names[i] : static_cast<char>(names[i] - 'A' + 'a');
  }
  put("flags = "), put(std::string_view(f, 5)), put('\n');
}

void KanataWriter::cache_access(const CacheEvent& e) {
  if (finished_) return;
  const bool icache = e.cache == CacheId::ICache;
  // Every fetch touches the I-cache: only its misses are worth a line of hover text.
  if (icache && e.hit) return;
  const Stage s = icache ? Stage::IF : Stage::MEM;
  if (!occupied_[idx(s)]) return;
  Live* l = find(seq_at_[idx(s)]);
  if (!l) return;
  advance_to(cycle_);
  note_begin(*l);
  put(icache ? "I$ " : "D$ "), put(e.write ? "write " : "read "), put(e.hit ? "hit" : "miss");
  put(" 0x"), put_hex8(e.addr), put(" set "), put_u(e.set);
  if (e.evicted) {
    put(", evicted 0x"), put_hex8(e.evicted_addr);
    if (e.writeback) put(" (written back)");
  }
  put(", "), put_u(e.cycles), put(e.cycles == 1 ? " cycle\n" : " cycles\n");
}

void KanataWriter::retire(const RetireEvent& e) {
  if (finished_) return;
  Live* l = find(e.seq);
  if (!l) return;
  l->end = Live::Retire;
  if (e.condition_failed) {
    advance_to(cycle_);
    note_begin(*l);
    put("condition failed: retired as a no-op\n");
  }
}

void KanataWriter::end_cycle(uint64_t cycle) {
  if (finished_) return;
  cycle_ = cycle;
  // An instruction no stage reported and that neither retired nor was flushed has vanished (a
  // pipeline that drops squashed instructions without reporting them): it ends now, as flushed.
  for (size_t i = 0; i < live_.size();) {
    Live& l = live_[i];
    if (!l.seen && l.end == Live::None) {
      advance_to(cycle_);
      close(l, true);
    } else {
      ++i;
    }
  }
  // Retirements and flushes of this cycle: the instruction occupied its stage for this whole
  // cycle, so its R goes at the start of the next one.
  bool any = false;
  for (const Live& l : live_) any |= l.end != Live::None;
  if (!any) return;
  advance_to(cycle_ + 1);
  for (size_t i = 0; i < live_.size();) {
    Live& l = live_[i];
    if (l.end != Live::None)
      close(l, l.end == Live::Flush);
    else
      ++i;
  }
}

// ---- Bookkeeping ----

KanataWriter::Live* KanataWriter::find(uint64_t seq) {
  for (size_t i = live_.size(); i-- > 0;)
    if (live_[i].seq == seq) return &live_[i];
  return nullptr;
}

KanataWriter::Live& KanataWriter::admit(const StageState& st) {
  Live l;
  l.seq = st.seq;
  l.id = next_id_++;
  live_.push_back(l);
  line("I\t"), put_u(l.id), put('\t'), put_u(l.seq), put("\t0\n");
  label(live_.back(), st.pc, st.text);
  return live_.back();
}

KanataWriter::Live& KanataWriter::admit_fetch() {
  Live l;
  l.seq = max_seq_ + 1;  // what it will most likely be: sequence numbers are given in fetch order
  l.id = next_id_++;
  l.placeholder = true;
  live_.push_back(l);
  line("I\t"), put_u(l.id), put('\t'), put_u(l.seq), put("\t0\n");
  return live_.back();
}

KanataWriter::Live* KanataWriter::find_fetch() {
  for (Live& l : live_)
    if (l.placeholder) return &l;
  return nullptr;
}

void KanataWriter::label(Live& l, uint32_t pc, const char* text) {
  l.pc = pc;
  l.placeholder = false;
  line("L\t"), put_u(l.id), put("\t0\t0x"), put_hex8(pc), put(": ");
  put_text(text ? text : "?");
  put('\n');
}

// Removes `l` from live_ (so references into live_ are invalid afterwards).
void KanataWriter::close(Live& l, bool flushed) {
  if (l.placeholder) line("L\t"), put_u(l.id), put("\t0\t(fetch)\n");
  if (l.stalled) line("E\t"), put_u(l.id), put("\t1\tstall\n");
  if (l.stage != Stage::Count) line("E\t"), put_u(l.id), put("\t0\t"), put(stage_letter(l.stage)), put('\n');
  line("R\t"), put_u(l.id), put('\t');
  // Konata numbers retirements 0, 1, 2, ...; a squashed instruction takes the next number
  // without consuming it (the format allows overlapping retirement ids for flushes).
  put_u(flushed ? next_retire_id_ : next_retire_id_++);
  put(flushed ? "\t1\n" : "\t0\n");
  live_.erase(live_.begin() + (&l - live_.data()));
}

void KanataWriter::advance_to(uint64_t cycle) {
  if (cycle > target_cycle_ || !has_target_) target_cycle_ = cycle;
  has_target_ = true;
}

// Every command line starts here: time advances only when something happens, so the cycles in
// which nothing changes cost no output at all (one "C n" covers them).
void KanataWriter::line(const char* cmd) {
  if (!started_) {
    put("C=\t"), put_u(target_cycle_), put('\n');
    started_ = true;
    out_cycle_ = target_cycle_;
  } else if (target_cycle_ > out_cycle_) {
    put("C\t"), put_u(target_cycle_ - out_cycle_), put('\n');
    out_cycle_ = target_cycle_;
  }
  put(cmd);
}

void KanataWriter::note_begin(Live& l) {
  line("L\t"), put_u(l.id), put("\t1\t");
  // Konata appends every L type 1 to the hover text and turns the two characters \n into a
  // line break.
  if (l.has_note) put("\\n");
  l.has_note = true;
}

// ---- Output ----

void KanataWriter::flush_buffer() {
  if (len_ && out_ && std::fwrite(buf_.data(), 1, len_, out_) != len_) failed_ = true;
  len_ = 0;
}

void KanataWriter::put(std::string_view s) {
  if (len_ + s.size() > buf_.size()) {
    flush_buffer();
    if (s.size() > buf_.size()) {
      if (out_ && std::fwrite(s.data(), 1, s.size(), out_) != s.size()) failed_ = true;
      return;
    }
  }
  std::memcpy(buf_.data() + len_, s.data(), s.size());
  len_ += s.size();
}

void KanataWriter::put(char c) {
  if (len_ == buf_.size()) flush_buffer();
  buf_[len_++] = c;
}

void KanataWriter::put_u(uint64_t v) {
  char tmp[24];
  auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
  put(std::string_view(tmp, static_cast<size_t>(r.ptr - tmp)));
}

void KanataWriter::put_hex8(uint32_t v) {
  static const char digits[] = "0123456789abcdef";
  char tmp[8];
  for (int i = 7; i >= 0; --i, v >>= 4) tmp[i] = digits[v & 0xf];
  put(std::string_view(tmp, 8));
}

void KanataWriter::put_text(const char* s) {
  for (; *s; ++s) put(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

}  // namespace m3::sim
