// objdump -d style listing. The layout rules (address column width, raw-byte column padding, data
// chunk sizes in $d regions, "..." for runs of zeros) follow binutils' objdump.c
// disassemble_bytes() and opcodes/arm-dis.c, observed on arm-none-eabi-objdump 2.40.
#include "m3lab/isa/listing.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "m3lab/isa/codec.hpp"
#include "m3lab/isa/table.hpp"

namespace m3::isa {

namespace {

enum class Mode : uint8_t { Thumb, Data };

// Mapping symbols of one section, by address ("ELF for the Arm Architecture" 5.5.5). $a (ARM code)
// cannot occur on a v7-M part; it is listed as data.
std::map<uint32_t, Mode> mapping_symbols(const ElfImage& img, const ElfSection& sec) {
  std::map<uint32_t, Mode> m;
  for (const ElfSymbol& s : img.symbols)
    if (s.is_mapping() && s.value - sec.addr < sec.size)
      m[s.value] = s.name[1] == 't' ? Mode::Thumb : Mode::Data;
  return m;
}

// The symbol objdump puts in a "<name>:" header at each address (objdump_prefers).
struct Header {
  std::string name;
  bool object = false;  // a data object: dumped as bytes, not disassembled
};
std::map<uint32_t, Header> header_symbols(const ElfImage& img, const ElfSection& sec) {
  std::map<uint32_t, const ElfSymbol*> best;
  for (const ElfSymbol& s : img.symbols) {
    if (s.name.empty() || s.is_mapping() || s.type == ElfSymbol::Section || s.type == ElfSymbol::File)
      continue;
    if (s.section != sec.name || s.addr() - sec.addr >= sec.size) continue;
    auto it = best.find(s.addr());
    if (it == best.end() || objdump_prefers(s, *it->second)) best[s.addr()] = &s;
  }
  std::map<uint32_t, Header> out;
  for (auto& [a, sym] : best) out[a] = {sym->name, sym->type == ElfSymbol::Object};
  return out;
}

// objdump drops leading zeros of the address column in chunks of four, keeping at least one
// zero ahead of the digits of the section's end address.
int skip_addr_chars(const ElfSection& sec) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%08llx", static_cast<unsigned long long>(uint64_t{sec.addr} + sec.size));
  int skip = 0;
  const char* s = buf;
  while (s[0] == '0' && s[1] == '0' && s[2] == '0' && s[3] == '0' && s[4] == '0') {
    skip += 4;
    s += 4;
  }
  return skip;
}

class SectionLister {
 public:
  SectionLister(const ElfImage& img, const ElfSection& sec, const ListingOptions& opt, std::string& out)
      : img_(img),
        sec_(sec),
        opt_(opt),
        out_(out),
        maps_(mapping_symbols(img, sec)),
        skip_(skip_addr_chars(sec)) {
    dopt_.symbolize = [this](uint32_t a) { return img_.symbolize(a); };
  }

  void run() {
    out_ += "\nDisassembly of section " + sec_.name + ":\n";
    std::map<uint32_t, Header> headers = header_symbols(img_, sec_);
    if (!headers.count(sec_.addr)) headers[sec_.addr] = {sec_.name, false};
    const uint32_t end = sec_.addr + sec_.size;
    for (auto it = headers.begin(); it != headers.end(); ++it) {
      uint32_t stop = std::next(it) == headers.end() ? end : std::next(it)->first;
      char buf[32];
      std::snprintf(buf, sizeof buf, "\n%08x <", it->first);
      out_ += buf + it->second.name + ">:\n";
      if (it->second.object)
        dump(it->first, stop);
      else
        block(it->first, stop);
    }
  }

 private:
  uint8_t byte(uint32_t a) const { return sec_.data[a - sec_.addr]; }
  uint16_t half(uint32_t a) const { return static_cast<uint16_t>(byte(a) | byte(a + 1) << 8); }

  Mode mode_at(uint32_t a) const {
    auto it = maps_.upper_bound(a);
    return it == maps_.begin() ? Mode::Thumb : std::prev(it)->second;
  }
  // The next mapping symbol after a (objdump sizes data chunks so as not to run over one).
  uint32_t next_map(uint32_t a, uint32_t stop) const {
    auto it = maps_.upper_bound(a);
    return it == maps_.end() ? stop : std::min(stop, it->first);
  }

  void address(uint32_t a) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%08x", a);
    std::string s(buf + skip_);
    for (size_t k = 0; k + 1 < s.size() && s[k] == '0'; ++k) s[k] = ' ';
    out_ += s + ":\t";
  }

  // The raw column: chunks of bpc bytes (printed as little-endian numbers), padded to four bytes.
  void raw(uint32_t a, unsigned n, unsigned bpc) {
    if (!opt_.raw_bytes) return;
    char buf[16];
    for (unsigned k = 0; k < n; k += bpc) {
      uint32_t v = 0;
      for (unsigned b = 0; b < bpc; ++b) v |= uint32_t{byte(a + k + b)} << (8 * b);
      std::snprintf(buf, sizeof buf, "%0*x ", static_cast<int>(2 * bpc), v);
      out_ += buf;
    }
    for (unsigned pb = n; pb < 4; pb += bpc) out_ += std::string(2 * bpc, ' ') + " ";
    out_ += "\t";
  }

  void line(const std::string& text) { out_ += text + "\n"; }

  // Data in code: .word where aligned and room allows, else .short or .byte (arm-dis.c).
  unsigned data(uint32_t a, uint32_t stop) {
    unsigned size = 4 - (a & 3);
    size = std::min<uint32_t>(size, next_map(a, stop) - a);
    if (size == 3) size = (a & 1) ? 1 : 2;
    uint32_t v = 0;
    for (unsigned b = 0; b < size; ++b) v |= uint32_t{byte(a + b)} << (8 * b);
    char buf[32];
    const char* dir = size == 4 ? ".word" : size == 2 ? ".short" : ".byte";
    std::snprintf(buf, sizeof buf, "%s\t0x%0*x", dir, static_cast<int>(2 * size), v);
    address(a);
    raw(a, size, size);
    line(buf);
    bpc_ = size;
    return size;
  }

  unsigned thumb(uint32_t a, uint32_t stop) {
    const uint32_t end = sec_.addr + sec_.size;
    if (end - a < 2 || next_map(a, stop) - a < 2) {  // an odd byte at the end of code
      it_ = {};
      return data(a, stop);
    }
    uint16_t hw1 = half(a);
    bool wide = is_thumb32(hw1) && end - a >= 4;
    uint16_t hw2 = wide ? half(a + 2) : 0;
    std::optional<Inst> in = decode_halfwords(hw1, hw2);
    unsigned n = wide ? 4 : 2;
    bpc_ = 2;
    address(a);
    if (opt_.raw_bytes) {
      char buf[16];
      std::snprintf(buf, sizeof buf, wide ? "%04x %04x " : "%04x      ", hw1, hw2);
      out_ += buf;
      out_ += "\t";
    }
    char buf[32];
    if (!in) {
      if (wide)
        std::snprintf(buf, sizeof buf, ".inst.w\t0x%04x%04x", hw1, hw2);
      else
        std::snprintf(buf, sizeof buf, ".short\t0x%04x", hw1);
      line(buf);
      it_.advance();
      return n;
    }
    line(disassemble(*in, a, it_, dopt_));
    // IT: the Inst carries firstcond in cond and the mask in imm2 (table.hpp).
    if (form(in->form).iclass == IClass::It)
      it_ = ItState::after_it(in->cond, in->imm2);
    else
      it_.advance();
    return in->size;
  }

  // objdump.c: a run of zeros of at least 8 bytes, or a run shorter than 3 bytes that ends the
  // block, prints as "\t...". Runs that do not reach the block end are cut to a multiple of four.
  unsigned zeros(uint32_t a, uint32_t stop) const {
    if (opt_.show_zeroes) return 0;
    uint32_t z = a;
    while (z < stop && byte(z) == 0) ++z;
    uint32_t run = z - a;
    if (run >= 8 || (z == stop && run > 0 && run < 3)) return z == stop ? run : run & ~3u;
    return 0;
  }

  // objdump -d shows a data object inside code as a hex dump: 16 bytes a line, then the
  // characters. The chunk size is whatever the disassembler used last in this section (objdump
  // keeps info->bytes_per_chunk): bytes before anything was printed, halfwords after Thumb code.
  void dump(uint32_t start, uint32_t stop) {
    const unsigned bpc = bpc_;
    for (uint32_t a = start; a < stop;) {
      if (unsigned skip = zeros(a, stop)) {
        out_ += "\t...\n";
        a += skip;
        continue;
      }
      unsigned n = std::min<uint32_t>(16, stop - a);
      address(a);
      char buf[16];
      std::string text;
      for (unsigned k = 0; k < 16; k += bpc) {
        if (k + bpc > n) {
          out_ += std::string(2 * bpc + 1, ' ');
          continue;
        }
        uint32_t v = 0;
        for (unsigned b = 0; b < bpc; ++b) v |= uint32_t{byte(a + k + b)} << (8 * b);
        std::snprintf(buf, sizeof buf, "%0*x ", static_cast<int>(2 * bpc), v);
        out_ += buf;
      }
      for (unsigned k = 0; k < n; ++k) {
        uint8_t c = byte(a + k);
        text += c >= 0x20 && c < 0x7f ? static_cast<char>(c) : '.';
      }
      // A trailing partial chunk prints no digits but takes one more column (objdump 2.40).
      if (n % bpc) out_ += " ";
      out_ += "    " + text + "\n";
      a += n;
    }
  }

  void block(uint32_t start, uint32_t stop) {
    it_ = {};
    for (uint32_t a = start; a < stop;) {
      if (unsigned skip = zeros(a, stop)) {
        out_ += "\t...\n";
        a += skip;
        it_ = {};
        continue;
      }
      a += mode_at(a) == Mode::Data ? data(a, stop) : thumb(a, stop);
    }
  }

  const ElfImage& img_;
  const ElfSection& sec_;
  const ListingOptions& opt_;
  std::string& out_;
  std::map<uint32_t, Mode> maps_;
  int skip_;
  DisasmOptions dopt_;
  ItState it_{};
  unsigned bpc_ = 1;
};

}  // namespace

std::string disassemble_image(const ElfImage& image, const ListingOptions& opt) {
  std::string out;
  if (!opt.file_name.empty()) out += "\n" + opt.file_name + ":     file format elf32-littlearm\n\n";
  for (const ElfSection& sec : image.sections) {
    if (!sec.alloc || !sec.exec || sec.nobits || sec.size == 0 || sec.data.size() != sec.size) continue;
    // Addresses are 32-bit: a section that reaches past 0xffffffff cannot be listed (read_elf
    // rejects such sections; an image built in memory might still have one).
    if (uint64_t{sec.addr} + sec.size > 0xffffffffu) continue;
    SectionLister(image, sec, opt, out).run();
  }
  return out;
}

}  // namespace m3::isa
