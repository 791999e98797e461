// ELF32 little-endian ARM executables, read and written with libelf (elfutils).
//
// Reading trusts nothing: the header fields that say where the tables are, every program header and
// every section's file range are checked against the file size before libelf is asked for them, so
// that a truncated or corrupted file gets a precise message instead of a libelf error (or worse).
// References: the System V gABI (ELF header, program and section headers, symbol tables) and
// "ELF for the Arm Architecture" (IHI 0044: e_flags, mapping symbols, .ARM.attributes).
#include "m3lab/isa/elf.hpp"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>

#include "m3lab/isa/check.hpp"

namespace m3::isa {

namespace {

std::string hex(uint64_t v, int width = 0) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%0*llx", width, static_cast<unsigned long long>(v));
  return buf;
}

std::string range(uint64_t lo, uint64_t hi) { return "[" + hex(lo, 8) + ", " + hex(hi, 8) + ")"; }

std::string map_text(const MemoryConfig& m) {
  return "code " + range(m.code_base, uint64_t{m.code_base} + m.code_size) + ", SRAM " +
         range(m.sram_base, uint64_t{m.sram_base} + m.sram_size) + ", ext RAM " +
         range(m.ext_base, uint64_t{m.ext_base} + m.ext_size);
}

bool inside(uint64_t lo, uint64_t hi, uint32_t base, uint32_t size) {
  return lo >= base && hi <= uint64_t{base} + size;
}

bool in_one_region(uint64_t lo, uint64_t hi, const MemoryConfig& m) {
  return inside(lo, hi, m.code_base, m.code_size) || inside(lo, hi, m.sram_base, m.sram_size) ||
         inside(lo, hi, m.ext_base, m.ext_size);
}

const char* machine_name(unsigned m) {
  switch (m) {
    case EM_386:
      return "Intel 80386";
    case EM_MIPS:
      return "MIPS";
    case EM_PPC:
      return "PowerPC";
    case EM_PPC64:
      return "PowerPC64";
    case EM_SPARC:
      return "SPARC";
    case EM_SH:
      return "SuperH";
    case EM_X86_64:
      return "x86-64";
    case EM_AVR:
      return "AVR";
    case EM_AARCH64:
      return "AArch64";
    case EM_RISCV:
      return "RISC-V";
    case EM_XTENSA:
      return "Xtensa";
    case EM_MSP430:
      return "MSP430";
    default:
      return nullptr;
  }
}

const char* type_name(unsigned t) {
  switch (t) {
    case ET_NONE:
      return "no file type";
    case ET_REL:
      return "relocatable object; link it first";
    case ET_DYN:
      return "shared object or position-independent executable";
    case ET_CORE:
      return "core file";
    default:
      return "unknown type";
  }
}

// Little-endian field reads from the raw file (used before libelf has seen it).
uint32_t le16(const uint8_t* p) { return p[0] | p[1] << 8; }
uint32_t le32(const uint8_t* p) { return p[0] | p[1] << 8 | p[2] << 16 | uint32_t{p[3]} << 24; }

void elf_init() {
  // elf_version must be called once before any other libelf function.
  static const bool ok = elf_version(EV_CURRENT) != EV_NONE;
  M3_ASSERT(ok, "libelf is older than the ELF version it was built for");
}

// One reading of one file: the bytes, the name for diagnostics, and the error sink.
class Reader {
 public:
  Reader(const std::vector<uint8_t>& bytes, const std::string& name, const MemoryConfig& map,
         Diagnostics& diags)
      : buf_(bytes.begin(), bytes.end()), name_(name), map_(map), diags_(diags) {}
  ~Reader() {
    if (elf_) elf_end(elf_);
  }
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  std::optional<ElfImage> read();

 private:
  bool fail(std::string msg) {
    diags_.error(name_, 0, 0, std::move(msg));
    return false;
  }
  bool fail_libelf(const std::string& what) {
    return fail("malformed ELF file (" + what + ": " + elf_errmsg(-1) + ")");
  }
  uint64_t size() const { return buf_.size(); }
  bool in_file(uint64_t off, uint64_t n) const { return off <= size() && n <= size() - off; }
  std::string past_end(const std::string& what, uint64_t off) const {
    return "truncated ELF file (" + what + " at offset " + hex(off) + " is past the end of the " +
           std::to_string(size()) + "-byte file)";
  }
  const uint8_t* at(uint64_t off) const { return reinterpret_cast<const uint8_t*>(buf_.data()) + off; }

  bool check_header();
  bool read_segments(ElfImage& img);
  bool read_sections(ElfImage& img);
  bool read_symbols(ElfImage& img, Elf_Scn* scn, const GElf_Shdr& sh, size_t index);
  std::string section_label(size_t index, const std::string& name) const {
    return name.empty() ? "section " + std::to_string(index)
                        : "section " + std::to_string(index) + " (" + name + ")";
  }

  std::vector<char> buf_;  // elf_memory wants a mutable buffer that outlives the Elf handle
  std::string name_;
  const MemoryConfig& map_;
  Diagnostics& diags_;
  Elf* elf_ = nullptr;

  // From the validated header.
  uint32_t phoff_ = 0, phnum_ = 0, shoff_ = 0, shnum_ = 0, shstrndx_ = 0;
  std::vector<std::string> section_names_;
  std::vector<GElf_Shdr> hdr_;
};

// The ELF header (gABI "ELF Header"), checked field by field in the order that gives the most
// useful message: is it ELF, is it ours, is it whole.
bool Reader::check_header() {
  static const uint8_t kMagic[4] = {0x7f, 'E', 'L', 'F'};
  size_t n = std::min<uint64_t>(size(), 4);
  if (size() == 0) return fail("empty file (not an ELF file)");
  if (std::memcmp(at(0), kMagic, n) != 0) return fail("not an ELF file (bad magic number)");
  if (size() > EI_CLASS && at(0)[EI_CLASS] != ELFCLASS32)
    return fail(at(0)[EI_CLASS] == ELFCLASS64 ? "not a 32-bit ELF file (it is ELF64)"
                                              : "not a 32-bit ELF file");
  if (size() > EI_DATA && at(0)[EI_DATA] != ELFDATA2LSB)
    return fail(at(0)[EI_DATA] == ELFDATA2MSB ? "not a little-endian ELF file (it is big-endian)"
                                              : "not a little-endian ELF file");
  if (size() < sizeof(Elf32_Ehdr))
    return fail("truncated ELF file (the " + std::to_string(sizeof(Elf32_Ehdr)) +
                "-byte ELF header does not fit in the " + std::to_string(size()) + "-byte file)");
  const uint8_t* h = at(0);
  if (h[EI_VERSION] != EV_CURRENT || le32(h + 20) != EV_CURRENT) return fail("unsupported ELF version");
  unsigned machine = le16(h + 18);
  if (machine != EM_ARM) {
    const char* mn = machine_name(machine);
    return fail("not an ARM ELF file (machine " + std::to_string(machine) +
                (mn ? std::string(", ") + mn : "") + ")");
  }
  unsigned type = le16(h + 16);
  if (type != ET_EXEC)
    return fail("not an executable ELF file (type " + std::to_string(type) + ", " + type_name(type) + ")");

  phoff_ = le32(h + 28);
  shoff_ = le32(h + 32);
  unsigned phentsize = le16(h + 42), shentsize = le16(h + 46);
  phnum_ = le16(h + 44);
  shnum_ = le16(h + 48);
  shstrndx_ = le16(h + 50);

  if (phnum_ == 0) return fail("no program headers (not a linked executable)");
  if (phnum_ == PN_XNUM) return fail("too many program headers (extended numbering is not supported)");
  if (phentsize != sizeof(Elf32_Phdr))
    return fail("bad program header size " + std::to_string(phentsize) + " (expected " +
                std::to_string(sizeof(Elf32_Phdr)) + ")");
  if (!in_file(phoff_, uint64_t{phnum_} * sizeof(Elf32_Phdr)))
    return fail(past_end("program header table", phoff_));

  if (shoff_ == 0) {  // no section headers: a loadable file all the same
    shnum_ = 0;
    return true;
  }
  if (shentsize != sizeof(Elf32_Shdr))
    return fail("bad section header size " + std::to_string(shentsize) + " (expected " +
                std::to_string(sizeof(Elf32_Shdr)) + ")");
  if (!in_file(shoff_, sizeof(Elf32_Shdr))) return fail(past_end("section header table", shoff_));
  // Extended numbering (gABI "Sections"): the real count and string-table index live in section 0.
  if (shnum_ == 0) shnum_ = le32(at(shoff_) + 20);
  if (shstrndx_ == SHN_XINDEX) shstrndx_ = le32(at(shoff_) + 24);
  if (!in_file(shoff_, uint64_t{shnum_} * sizeof(Elf32_Shdr)))
    return fail(past_end("section header table", shoff_));
  if (shnum_ > 0 && shstrndx_ >= shnum_)
    return fail("bad section-name table index " + std::to_string(shstrndx_) + " (the file has " +
                std::to_string(shnum_) + " sections)");
  return true;
}

bool Reader::read_segments(ElfImage& img) {
  int loads = 0;
  for (uint32_t i = 0; i < phnum_; ++i) {
    // gelf_getphdr copies: elf32_getphdr may point into the buffer at a misaligned offset.
    GElf_Phdr p;
    if (!gelf_getphdr(elf_, static_cast<int>(i), &p))
      return fail_libelf("program header " + std::to_string(i));
    if (p.p_type != PT_LOAD) continue;
    ++loads;
    std::string label = "segment " + std::to_string(i) + " (PT_LOAD at " + hex(p.p_vaddr, 8) + ")";
    if (p.p_filesz > p.p_memsz)
      return fail(label + " has a file size (" + hex(p.p_filesz) + ") larger than its memory size (" +
                  hex(p.p_memsz) + ")");
    if (!in_file(p.p_offset, p.p_filesz)) return fail(past_end(label + " data", p.p_offset));
    if (p.p_memsz == 0) continue;
    uint64_t lo = p.p_vaddr, hi = lo + p.p_memsz;
    if (!in_one_region(lo, hi, map_))
      return fail(label + " occupies " + range(lo, hi) +
                  ", which is not inside one region of the memory map (" + map_text(map_) + ")");
    // A segment whose load address differs (.data kept in flash, copied to SRAM by the start-up
    // code: "AT > FLASH") also needs its file bytes at the load address.
    if (p.p_paddr != p.p_vaddr && p.p_filesz > 0 &&
        !in_one_region(p.p_paddr, uint64_t{p.p_paddr} + p.p_filesz, map_))
      return fail(label + " has load address range " + range(p.p_paddr, uint64_t{p.p_paddr} + p.p_filesz) +
                  ", which is not inside one region of the memory map (" + map_text(map_) + ")");
    ElfSegment s;
    s.vaddr = p.p_vaddr;
    s.paddr = p.p_paddr;
    s.filesz = p.p_filesz;
    s.memsz = p.p_memsz;
    s.data.assign(at(p.p_offset), at(p.p_offset) + p.p_filesz);
    s.exec = p.p_flags & PF_X;
    s.write = p.p_flags & PF_W;
    img.segments.push_back(std::move(s));
  }
  if (loads == 0) return fail("no loadable segment (PT_LOAD) in the file");
  return true;
}

bool Reader::read_sections(ElfImage& img) {
  if (shnum_ == 0) return true;
  // Pass 1: headers, file ranges and names.
  hdr_.assign(shnum_, GElf_Shdr{});
  std::vector<GElf_Shdr>& hdr = hdr_;
  for (uint32_t i = 1; i < shnum_; ++i) {
    Elf_Scn* scn = elf_getscn(elf_, i);
    if (!scn || !gelf_getshdr(scn, &hdr[i])) return fail_libelf("section header " + std::to_string(i));
    if (hdr[i].sh_type != SHT_NOBITS && !in_file(hdr[i].sh_offset, hdr[i].sh_size))
      return fail(past_end("section " + std::to_string(i) + " data", hdr[i].sh_offset));
  }
  section_names_.assign(shnum_, "");
  if (shstrndx_ != 0) {
    if (hdr[shstrndx_].sh_type != SHT_STRTAB)
      return fail("section-name table (section " + std::to_string(shstrndx_) + ") is not a string table");
    for (uint32_t i = 1; i < shnum_; ++i) {
      const char* nm = elf_strptr(elf_, shstrndx_, hdr[i].sh_name);
      if (!nm)
        return fail("section " + std::to_string(i) + " has a bad name offset " + hex(hdr[i].sh_name) +
                    " (outside the section-name table)");
      section_names_[i] = nm;
    }
  }
  // Pass 2: allocated sections become image sections; the symbol table is read if present.
  for (uint32_t i = 1; i < shnum_; ++i) {
    const GElf_Shdr& sh = hdr[i];
    if (sh.sh_type == SHT_SYMTAB) {
      if (!read_symbols(img, elf_getscn(elf_, i), sh, i)) return false;
      continue;
    }
    if (!(sh.sh_flags & SHF_ALLOC)) continue;
    if (sh.sh_addr + sh.sh_size > 0xffffffffu)
      return fail(section_label(i, section_names_[i]) + " at " + hex(sh.sh_addr, 8) + " with size " +
                  hex(sh.sh_size) + " runs past the end of the 32-bit address space");
    ElfSection s;
    s.name = section_names_[i];
    s.addr = sh.sh_addr;
    s.size = sh.sh_size;
    s.nobits = sh.sh_type == SHT_NOBITS;
    if (!s.nobits) s.data.assign(at(sh.sh_offset), at(sh.sh_offset) + sh.sh_size);
    s.alloc = true;
    s.exec = sh.sh_flags & SHF_EXECINSTR;
    s.write = sh.sh_flags & SHF_WRITE;
    s.align = sh.sh_addralign;
    img.sections.push_back(std::move(s));
  }
  return true;
}

bool Reader::read_symbols(ElfImage& img, Elf_Scn* scn, const GElf_Shdr& sh, size_t index) {
  std::string label = section_label(index, section_names_[index]);
  if (sh.sh_entsize != sizeof(Elf32_Sym))
    return fail(label + ": bad symbol entry size " + std::to_string(sh.sh_entsize) + " (expected " +
                std::to_string(sizeof(Elf32_Sym)) + ")");
  if (sh.sh_size % sizeof(Elf32_Sym) != 0)
    return fail(label + ": size " + hex(sh.sh_size) + " is not a whole number of symbols");
  if (sh.sh_link == 0 || sh.sh_link >= shnum_ || hdr_[sh.sh_link].sh_type != SHT_STRTAB)
    return fail(label + ": bad string table link " + std::to_string(sh.sh_link));
  Elf_Data* data = elf_getdata(scn, nullptr);
  if (!data) return fail_libelf(label);
  size_t count = sh.sh_size / sizeof(Elf32_Sym);
  for (size_t k = 1; k < count; ++k) {
    GElf_Sym sym;
    if (!gelf_getsym(data, static_cast<int>(k), &sym))
      return fail_libelf(label + " symbol " + std::to_string(k));
    const char* nm = elf_strptr(elf_, sh.sh_link, sym.st_name);
    if (!nm)
      return fail(label + ": symbol " + std::to_string(k) + " has a bad name offset " + hex(sym.st_name));
    ElfSymbol s;
    s.name = nm;
    s.value = static_cast<uint32_t>(sym.st_value);
    s.size = static_cast<uint32_t>(sym.st_size);
    switch (GELF_ST_TYPE(sym.st_info)) {
      case STT_OBJECT:
        s.type = ElfSymbol::Object;
        break;
      case STT_FUNC:
        s.type = ElfSymbol::Func;
        break;
      case STT_SECTION:
        s.type = ElfSymbol::Section;
        break;
      case STT_FILE:
        s.type = ElfSymbol::File;
        break;
      default:
        s.type = ElfSymbol::NoType;
        break;
    }
    s.global = GELF_ST_BIND(sym.st_info) != STB_LOCAL;
    unsigned shndx = sym.st_shndx;
    if (shndx != SHN_UNDEF && shndx < SHN_LORESERVE) {
      if (shndx >= shnum_)
        return fail(label + ": symbol '" + s.name + "' has a bad section index " + std::to_string(shndx));
      // Symbols of non-allocated sections (debug info, .comment) do not belong to the image.
      if (!(hdr_[shndx].sh_flags & SHF_ALLOC)) continue;
      s.section = section_names_[shndx];
    }
    img.symbols.push_back(std::move(s));
  }
  return true;
}

std::optional<ElfImage> Reader::read() {
  elf_init();
  if (!check_header()) return std::nullopt;
  elf_ = elf_memory(buf_.data(), buf_.size());
  if (!elf_ || elf_kind(elf_) != ELF_K_ELF) {
    fail_libelf("elf_memory");
    return std::nullopt;
  }
  GElf_Ehdr eh;
  if (!gelf_getehdr(elf_, &eh)) {
    fail_libelf("ELF header");
    return std::nullopt;
  }
  ElfImage img;
  img.entry = static_cast<uint32_t>(eh.e_entry);
  if (!read_segments(img) || !read_sections(img)) return std::nullopt;
  return img;
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

// .ARM.attributes contents (IHI 0045 "Addenda to the ELF for the Arm Architecture", 2.2): format
// version 'A', then one vendor subsection "aeabi" holding one file-scope (Tag_File) list.
std::vector<uint8_t> arm_attributes() {
  std::vector<uint8_t> attrs;
  auto uleb = [&](unsigned v) {
    do {
      uint8_t b = v & 0x7f;
      v >>= 7;
      attrs.push_back(static_cast<uint8_t>(b | (v ? 0x80 : 0)));
    } while (v);
  };
  uleb(5);  // Tag_CPU_name (NTBS)
  for (char c : std::string_view("cortex-m3")) attrs.push_back(static_cast<uint8_t>(c));
  attrs.push_back(0);
  uleb(6), uleb(10);   // Tag_CPU_arch: ARM v7
  uleb(7), uleb('M');  // Tag_CPU_arch_profile: microcontroller
  uleb(8), uleb(0);    // Tag_ARM_ISA_use: no ARM instructions
  uleb(9), uleb(2);    // Tag_THUMB_ISA_use: Thumb-2
  auto put32 = [](std::vector<uint8_t>& v, uint32_t x) {
    for (int k = 0; k < 4; ++k) v.push_back(static_cast<uint8_t>(x >> (8 * k)));
  };
  std::vector<uint8_t> file_sub = {1};  // Tag_File
  put32(file_sub, static_cast<uint32_t>(1 + 4 + attrs.size()));
  file_sub.insert(file_sub.end(), attrs.begin(), attrs.end());
  std::vector<uint8_t> vendor;
  put32(vendor, static_cast<uint32_t>(4 + 6 + file_sub.size()));
  for (char c : std::string_view("aeabi")) vendor.push_back(static_cast<uint8_t>(c));
  vendor.push_back(0);
  vendor.insert(vendor.end(), file_sub.begin(), file_sub.end());
  std::vector<uint8_t> out = {'A'};
  out.insert(out.end(), vendor.begin(), vendor.end());
  return out;
}

// A string table under construction (index 0 is the empty string, as the gABI requires).
struct StrTab {
  std::vector<char> bytes{'\0'};
  uint32_t add(const std::string& s) {
    if (s.empty()) return 0;
    uint32_t off = static_cast<uint32_t>(bytes.size());
    bytes.insert(bytes.end(), s.begin(), s.end());
    bytes.push_back('\0');
    return off;
  }
};

uint64_t align_up(uint64_t v, uint64_t a) { return a <= 1 ? v : (v + a - 1) / a * a; }

// Elf_Data handles point into buffers that must live until elf_update.
struct Writer {
  Elf* elf = nullptr;
  int fd = -1;
  ~Writer() {
    if (elf) elf_end(elf);
    if (fd >= 0) close(fd);
  }
};

Elf_Scn* add_section(Elf* e, uint32_t name, uint32_t type, uint32_t flags, uint32_t addr, uint64_t offset,
                     uint32_t size, uint32_t align, const void* bytes, Elf_Type dtype = ELF_T_BYTE,
                     uint32_t entsize = 0) {
  Elf_Scn* scn = elf_newscn(e);
  if (!scn) return nullptr;
  Elf32_Shdr* sh = elf32_getshdr(scn);
  sh->sh_name = name;
  sh->sh_type = type;
  sh->sh_flags = flags;
  sh->sh_addr = addr;
  sh->sh_offset = static_cast<Elf32_Off>(offset);
  sh->sh_size = size;
  sh->sh_addralign = align;
  sh->sh_entsize = entsize;
  if (type != SHT_NOBITS && size > 0) {
    Elf_Data* d = elf_newdata(scn);
    if (!d) return nullptr;
    d->d_buf = const_cast<void*>(bytes);
    d->d_size = size;
    d->d_type = dtype;
    d->d_align = align ? align : 1;
    d->d_off = 0;
    d->d_version = EV_CURRENT;
  }
  return scn;
}

}  // namespace

bool ElfSymbol::is_mapping() const {
  return name.size() >= 2 && name[0] == '$' && (name[1] == 't' || name[1] == 'd' || name[1] == 'a') &&
         (name.size() == 2 || name[2] == '.');
}

// binutils objdump.c compare_symbols(), for two symbols with the same address: functions first,
// then globals, then the larger, then names not starting with '.', then by name.
bool objdump_prefers(const ElfSymbol& a, const ElfSymbol& b) {
  bool af = a.type == ElfSymbol::Func, bf = b.type == ElfSymbol::Func;
  if (af != bf) return af;
  if (a.global != b.global) return a.global;
  if (a.size != b.size) return a.size > b.size;
  bool adot = !a.name.empty() && a.name[0] == '.', bdot = !b.name.empty() && b.name[0] == '.';
  if (adot != bdot) return bdot;
  return a.name < b.name;
}

std::optional<uint32_t> ElfImage::symbol(std::string_view name) const {
  for (const ElfSymbol& s : symbols)
    if (s.name == name && s.type != ElfSymbol::Section && s.type != ElfSymbol::File) return s.value;
  return std::nullopt;
}

const ElfSection* ElfImage::section_at(uint32_t addr) const {
  for (const ElfSection& s : sections)
    if (s.alloc && addr - s.addr < s.size) return &s;
  return nullptr;
}

std::optional<std::string> ElfImage::symbolize(uint32_t addr) const {
  const ElfSection* sec = section_at(addr);
  const ElfSymbol* best = nullptr;
  for (const ElfSymbol& s : symbols) {
    if (s.name.empty() || s.is_mapping()) continue;
    if (s.type == ElfSymbol::Section || s.type == ElfSymbol::File) continue;
    if (sec && s.section != sec->name) continue;
    if (s.addr() > addr) continue;
    if (!best || s.addr() > best->addr() || (s.addr() == best->addr() && objdump_prefers(s, *best)))
      best = &s;
  }
  auto with_offset = [](const std::string& base, uint32_t off) {
    if (off == 0) return base;
    char buf[16];
    std::snprintf(buf, sizeof buf, "+0x%x", off);
    return base + buf;
  };
  if (best) return with_offset(best->name, addr - best->addr());
  if (sec) return with_offset(sec->name, addr - sec->addr);
  return std::nullopt;
}

std::optional<ElfImage> read_elf_bytes(const std::vector<uint8_t>& bytes, const std::string& name,
                                       const MemoryConfig& map, Diagnostics& diags) {
  Reader r(bytes, name, map, diags);
  return r.read();
}

std::optional<ElfImage> read_elf(const std::string& path, const MemoryConfig& map, Diagnostics& diags) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.error(path, 0, 0, "cannot open file: " + std::string(std::strerror(errno)));
    return std::nullopt;
  }
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    diags.error(path, 0, 0, "cannot read file");
    return std::nullopt;
  }
  return read_elf_bytes(bytes, path, map, diags);
}

bool load_segments(const ElfImage& image, Memory& mem, Diagnostics& diags, const std::string& name) {
  static const uint8_t kZeros[256] = {};
  for (const ElfSegment& s : image.segments) {
    bool ok =
        s.data.size() == s.filesz && s.filesz <= s.memsz && mem.host_write(s.vaddr, s.data.data(), s.filesz);
    // Zero-fill [filesz, memsz): .bss and the like.
    for (uint32_t off = s.filesz; ok && off < s.memsz;) {
      uint32_t n = std::min<uint32_t>(sizeof kZeros, s.memsz - off);
      ok = mem.host_write(s.vaddr + off, kZeros, n);
      off += n;
    }
    if (!ok) {
      diags.error(name, 0, 0,
                  "segment " + range(s.vaddr, uint64_t{s.vaddr} + s.memsz) +
                      " does not fit in one region of the memory map (" + map_text(mem.config()) + ")");
      return false;
    }
    // The initial values also at the load address, where the start-up code copies them from, as
    // a flash programmer (or QEMU's ELF loader) would put them.
    if (s.paddr != s.vaddr && s.filesz > 0 && !mem.host_write(s.paddr, s.data.data(), s.filesz)) {
      diags.error(name, 0, 0,
                  "segment load address range " + range(s.paddr, uint64_t{s.paddr} + s.filesz) +
                      " does not fit in one region of the memory map (" + map_text(mem.config()) + ")");
      return false;
    }
  }
  return true;
}

bool write_elf(const ElfImage& image, const std::string& path, Diagnostics& diags) {
  auto fail = [&](std::string msg) {
    diags.error(path, 0, 0, std::move(msg));
    return false;
  };
  elf_init();

  // Section indices: 0 is null, then the image's sections in order, then ours.
  const size_t nsec = image.sections.size();
  std::map<std::string, size_t> index_of;
  for (size_t i = 0; i < nsec; ++i) {
    const ElfSection& s = image.sections[i];
    if (s.nobits ? !s.data.empty() : s.data.size() != s.size)
      return fail("section " + s.name + ": " + std::to_string(s.data.size()) + " bytes of data for size " +
                  std::to_string(s.size));
    index_of.emplace(s.name, i + 1);
  }
  // Then .ARM.attributes, .symtab, .strtab and .shstrtab.
  const size_t strtab_idx = nsec + 3, shstrtab_idx = nsec + 4;
  if (shstrtab_idx >= SHN_LORESERVE) return fail("too many sections (" + std::to_string(nsec) + ")");

  // Symbols: the null symbol, locals, then globals (gABI: sh_info = index of the first non-local).
  std::vector<Elf32_Sym> syms(1, Elf32_Sym{});
  StrTab strtab;
  uint32_t first_global = 1;
  for (int pass = 0; pass < 2; ++pass) {
    for (const ElfSymbol& s : image.symbols) {
      bool mapping = s.is_mapping();
      bool global = s.global && !mapping;
      if (global != (pass == 1)) continue;
      Elf32_Sym e{};
      e.st_name = strtab.add(s.name);
      e.st_value = s.value;
      e.st_size = s.size;
      unsigned type = mapping ? STT_NOTYPE : s.type;
      e.st_info = static_cast<unsigned char>(ELF32_ST_INFO(global ? STB_GLOBAL : STB_LOCAL, type));
      if (s.section.empty()) {
        e.st_shndx = SHN_ABS;
      } else {
        auto it = index_of.find(s.section);
        if (it == index_of.end())
          return fail("symbol '" + s.name + "' refers to unknown section '" + s.section + "'");
        e.st_shndx = static_cast<Elf32_Half>(it->second);
      }
      syms.push_back(e);
    }
    if (pass == 0) first_global = static_cast<uint32_t>(syms.size());
  }

  StrTab shstrtab;
  std::vector<uint32_t> sec_names;
  for (const ElfSection& s : image.sections) sec_names.push_back(shstrtab.add(s.name));
  uint32_t attr_name = shstrtab.add(".ARM.attributes"), symtab_name = shstrtab.add(".symtab"),
           strtab_name = shstrtab.add(".strtab"), shstrtab_name = shstrtab.add(".shstrtab");
  std::vector<uint8_t> attrs = arm_attributes();

  // Program headers: consecutive allocated sections that are contiguous in memory and share
  // permissions form one PT_LOAD (a NOBITS tail such as .bss after .data shares the segment with
  // filesz < memsz, as GNU ld does). Empty sections get no segment.
  struct Group {
    size_t first, last;  // section indices into image.sections
    uint32_t vaddr, filesz, memsz, align;
    bool exec, write;
    uint64_t offset = 0;
  };
  std::vector<Group> groups;
  for (size_t i = 0; i < nsec; ++i) {
    const ElfSection& s = image.sections[i];
    if (!s.alloc || s.size == 0) continue;
    uint32_t align = std::max<uint32_t>(s.align, 4);
    if (!groups.empty()) {
      Group& g = groups.back();
      const ElfSection& prev = image.sections[g.last];
      bool contiguous = g.last + 1 == i && uint64_t{g.vaddr} + g.memsz == s.addr;
      bool tail_ok = s.nobits || g.filesz == g.memsz;  // no file data after a NOBITS gap
      if (contiguous && tail_ok && prev.exec == s.exec && prev.write == s.write) {
        g.last = i;
        g.memsz += s.size;
        if (!s.nobits) g.filesz += s.size;
        g.align = std::max(g.align, align);
        continue;
      }
    }
    if (uint64_t{s.addr} + s.size > (uint64_t{1} << 32))
      return fail("section " + s.name + " wraps past 0xffffffff");
    groups.push_back({i, i, s.addr, s.nobits ? 0 : s.size, s.size, align, s.exec, s.write});
  }

  // File layout: header, program headers, then each group at an offset congruent to its address
  // modulo its alignment (gABI: p_offset % p_align == p_vaddr % p_align), then the non-allocated
  // sections and the section header table.
  uint64_t off = sizeof(Elf32_Ehdr) + groups.size() * sizeof(Elf32_Phdr);
  std::vector<uint64_t> sec_off(nsec, 0);
  for (Group& g : groups) {
    uint64_t a = g.align;
    uint64_t base = off + ((g.vaddr % a) + a - (off % a)) % a;
    g.offset = base;
    for (size_t i = g.first; i <= g.last; ++i) sec_off[i] = base + (image.sections[i].addr - g.vaddr);
    off = base + g.filesz;
  }
  // Non-allocated or empty sections still need an offset; put them at the current end.
  for (size_t i = 0; i < nsec; ++i)
    if (sec_off[i] == 0) {
      const ElfSection& s = image.sections[i];
      off = align_up(off, std::max<uint32_t>(s.align, 1));
      sec_off[i] = off;
      if (!s.nobits) off += s.size;
    }
  uint64_t attr_off = off;
  off += attrs.size();
  uint64_t symtab_off = align_up(off, 4);
  off = symtab_off + syms.size() * sizeof(Elf32_Sym);
  uint64_t strtab_off = off;
  off += strtab.bytes.size();
  uint64_t shstrtab_off = off;
  off += shstrtab.bytes.size();
  uint64_t shoff = align_up(off, 4);
  if (shoff + (shstrtab_idx + 1) * sizeof(Elf32_Shdr) > 0xffffffffu) return fail("image too large for ELF32");

  Writer w;
  w.fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (w.fd < 0) return fail("cannot open for writing: " + std::string(std::strerror(errno)));
  w.elf = elf_begin(w.fd, ELF_C_WRITE, nullptr);
  if (!w.elf) return fail(std::string("libelf: ") + elf_errmsg(-1));
  // We choose every offset ourselves (segment congruence); libelf must not move anything.
  elf_flagelf(w.elf, ELF_C_SET, ELF_F_LAYOUT);

  Elf32_Ehdr* eh = elf32_newehdr(w.elf);
  if (!eh) return fail(std::string("libelf: ") + elf_errmsg(-1));
  eh->e_ident[EI_CLASS] = ELFCLASS32;
  eh->e_ident[EI_DATA] = ELFDATA2LSB;
  eh->e_ident[EI_VERSION] = EV_CURRENT;
  eh->e_ident[EI_OSABI] = ELFOSABI_NONE;
  eh->e_type = ET_EXEC;
  eh->e_machine = EM_ARM;
  eh->e_version = EV_CURRENT;
  eh->e_entry = image.entry;
  // IHI 0044 e_flags: EABI version 5, and EF_ARM_ABI_FLOAT_SOFT (0x200), as GNU ld writes for
  // Cortex-M parts without an FPU.
  eh->e_flags = EF_ARM_EABI_VER5 | 0x200;
  eh->e_phoff = sizeof(Elf32_Ehdr);
  eh->e_shoff = static_cast<Elf32_Off>(shoff);
  eh->e_shstrndx = static_cast<Elf32_Half>(shstrtab_idx);

  if (!groups.empty()) {
    Elf32_Phdr* ph = elf32_newphdr(w.elf, groups.size());
    if (!ph) return fail(std::string("libelf: ") + elf_errmsg(-1));
    for (size_t k = 0; k < groups.size(); ++k) {
      const Group& g = groups[k];
      ph[k].p_type = PT_LOAD;
      ph[k].p_offset = static_cast<Elf32_Off>(g.offset);
      ph[k].p_vaddr = ph[k].p_paddr = g.vaddr;
      // Keep a load address that differs (.data stored in flash) when the image came with one.
      for (const ElfSegment& seg : image.segments)
        if (seg.vaddr == g.vaddr && seg.filesz == g.filesz) ph[k].p_paddr = seg.paddr;
      ph[k].p_filesz = g.filesz;
      ph[k].p_memsz = g.memsz;
      ph[k].p_flags = PF_R | (g.exec ? PF_X : 0) | (g.write ? PF_W : 0);
      ph[k].p_align = g.align;
    }
  }

  for (size_t i = 0; i < nsec; ++i) {
    const ElfSection& s = image.sections[i];
    uint32_t flags = (s.alloc ? SHF_ALLOC : 0) | (s.exec ? SHF_EXECINSTR : 0) | (s.write ? SHF_WRITE : 0);
    if (!add_section(w.elf, sec_names[i], s.nobits ? SHT_NOBITS : SHT_PROGBITS, flags, s.alloc ? s.addr : 0,
                     sec_off[i], s.size, s.align, s.data.data()))
      return fail(std::string("libelf: ") + elf_errmsg(-1));
  }
  Elf_Scn* sym_scn = nullptr;
  if (!add_section(w.elf, attr_name, SHT_ARM_ATTRIBUTES, 0, 0, attr_off, static_cast<uint32_t>(attrs.size()),
                   1, attrs.data()) ||
      !(sym_scn = add_section(w.elf, symtab_name, SHT_SYMTAB, 0, 0, symtab_off,
                              static_cast<uint32_t>(syms.size() * sizeof(Elf32_Sym)), 4, syms.data(),
                              ELF_T_SYM, sizeof(Elf32_Sym))) ||
      !add_section(w.elf, strtab_name, SHT_STRTAB, 0, 0, strtab_off,
                   static_cast<uint32_t>(strtab.bytes.size()), 1, strtab.bytes.data()) ||
      !add_section(w.elf, shstrtab_name, SHT_STRTAB, 0, 0, shstrtab_off,
                   static_cast<uint32_t>(shstrtab.bytes.size()), 1, shstrtab.bytes.data()))
    return fail(std::string("libelf: ") + elf_errmsg(-1));
  Elf32_Shdr* symsh = elf32_getshdr(sym_scn);
  symsh->sh_link = static_cast<Elf32_Word>(strtab_idx);
  symsh->sh_info = first_global;

  if (elf_update(w.elf, ELF_C_WRITE) < 0) return fail(std::string("libelf: ") + elf_errmsg(-1));
  return true;
}

}  // namespace m3::isa
