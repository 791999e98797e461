// The kernel harness (harness.hpp, docs/kernels.md).
#include "m3lab/sim/harness.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "m3lab/compiler/compiler.hpp"
#include "m3lab/isa/assembler.hpp"

namespace m3::sim {
namespace {

bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::string trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r\n"), b = s.find_last_not_of(" \t\r\n");
  return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

// Collapses runs of whitespace to one space.
std::string squeeze(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  return trim(out);
}

// The source with comments, string and character literals and preprocessor lines blanked out
// (newlines kept, so offsets still give line numbers).
std::string blank_non_code(const std::string& s) {
  std::string o = s;
  size_t i = 0;
  bool line_start = true;
  while (i < o.size()) {
    char c = o[i];
    if (line_start && (c == ' ' || c == '\t')) {
      ++i;
      continue;
    }
    if (line_start && c == '#') {  // a directive, with its backslash continuations
      while (i < o.size() && o[i] != '\n') {
        if (o[i] == '\\' && i + 1 < o.size() && o[i + 1] == '\n') o[i++] = ' ';
        o[i++] = ' ';
      }
      continue;
    }
    line_start = false;
    if (c == '\n') {
      line_start = true;
      ++i;
    } else if (c == '/' && i + 1 < o.size() && o[i + 1] == '/') {
      while (i < o.size() && o[i] != '\n') o[i++] = ' ';
    } else if (c == '/' && i + 1 < o.size() && o[i + 1] == '*') {
      o[i++] = ' ';
      o[i++] = ' ';
      while (i < o.size() && !(o[i] == '*' && i + 1 < o.size() && o[i + 1] == '/')) {
        if (o[i] != '\n') o[i] = ' ';
        ++i;
      }
      for (int k = 0; k < 2 && i < o.size(); ++k) o[i++] = ' ';
    } else if (c == '"' || c == '\'') {
      ++i;
      while (i < o.size() && o[i] != c && o[i] != '\n') {
        if (o[i] == '\\' && i + 1 < o.size()) o[i++] = ' ';
        o[i++] = ' ';
      }
      if (i < o.size()) ++i;
    } else {
      ++i;
    }
  }
  return o;
}

int line_of(const std::string& s, size_t pos) {
  return 1 + static_cast<int>(
                 std::count(s.begin(), s.begin() + static_cast<long>(std::min(pos, s.size())), '\n'));
}

// The type words an integer parameter may use.
bool is_integer_type(const std::string& type) {
  static const std::set<std::string> words = {
      "const",   "volatile", "signed",  "unsigned", "int",    "short",    "char",      "int8_t",   "uint8_t",
      "int16_t", "uint16_t", "int32_t", "uint32_t", "size_t", "intptr_t", "uintptr_t", "ptrdiff_t"};
  std::string w;
  bool any = false;
  for (size_t i = 0; i <= type.size(); ++i) {
    if (i < type.size() && is_ident_char(type[i])) {
      w += type[i];
      continue;
    }
    if (!w.empty()) {
      if (!words.count(w)) return false;
      if (w != "const" && w != "volatile") any = true;
      w.clear();
    }
    if (i < type.size() && type[i] != ' ') return false;
  }
  return any;
}

uint32_t align_up(uint64_t v, uint32_t a) { return static_cast<uint32_t>((v + a - 1) / a * a); }

}  // namespace

int KernelSignature::scratch_index() const {
  for (size_t i = 4; i < params.size(); ++i)
    if (params[i].pointer) return static_cast<int>(i);
  return -1;
}

std::optional<KernelSignature> parse_kernel_signature(const std::string& source, const std::string& file,
                                                      const std::string& name, Diagnostics& diags) {
  const std::string code = blank_non_code(source);
  // Find NAME ( ... ) { at brace depth 0.
  int depth = 0;
  std::optional<size_t> found, prototype;
  for (size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (c == '{') {
      ++depth;
    } else if (c == '}') {
      depth = std::max(0, depth - 1);
    } else if (depth == 0 && is_ident_char(c) && (i == 0 || !is_ident_char(code[i - 1])) &&
               code.compare(i, name.size(), name) == 0 &&
               (i + name.size() == code.size() || !is_ident_char(code[i + name.size()]))) {
      size_t j = i + name.size();
      while (j < code.size() && std::isspace(static_cast<unsigned char>(code[j]))) ++j;
      if (j >= code.size() || code[j] != '(') continue;
      int pd = 0;
      size_t k = j;
      for (; k < code.size(); ++k) {
        if (code[k] == '(') ++pd;
        if (code[k] == ')' && --pd == 0) break;
      }
      size_t after = k + 1;
      while (after < code.size() && std::isspace(static_cast<unsigned char>(code[after]))) ++after;
      if (after < code.size() && code[after] == '{') {
        found = i;
        break;
      }
      prototype = i;
    }
  }
  if (!found) {
    diags.error(file, prototype ? line_of(code, *prototype) : 0, 0,
                "no definition of the kernel function '" + name + "'" +
                    (prototype ? " (only a declaration)" : "") + "; the kernel ABI is void " + name +
                    "(const uint8_t *in, uint8_t *out, int width, int height, ...) (docs/kernels.md); "
                    "--kernel NAME picks another function");
    return std::nullopt;
  }
  const size_t at = *found;
  const int line = line_of(code, at);
  // The return type: the text of the declaration before the name.
  size_t decl = code.rfind(';', at);
  size_t decl2 = code.rfind('}', at);
  size_t from = 0;
  if (decl != std::string::npos) from = decl + 1;
  if (decl2 != std::string::npos) from = std::max(from, decl2 + 1);
  std::string ret = " " + squeeze(code.substr(from, at - from)) + " ";
  for (const char* drop : {" static ", " inline ", " extern "}) {
    size_t p;
    while ((p = ret.find(drop)) != std::string::npos) ret.replace(p, std::string(drop).size(), " ");
  }
  ret = trim(ret);
  KernelSignature sig;
  sig.name = name;
  sig.line = line;
  auto fail = [&](const std::string& msg) {
    diags.error(file, line, 0,
                "kernel '" + name + "': " + msg + "; the kernel ABI is void " + name +
                    "(const uint8_t *in, uint8_t *out, int width, int height, ...) (docs/kernels.md)");
    return std::nullopt;
  };
  if (ret != "void") return fail("returns '" + ret + "', not void");
  // The parameters.
  size_t open = code.find('(', at);
  int pd = 0;
  std::vector<std::string> parts;
  std::string cur;
  for (size_t k = open; k < code.size(); ++k) {
    char c = code[k];
    if (c == '(' && pd++ == 0) continue;
    if (c == ')' && --pd == 0) break;
    if (c == ',' && pd == 1) {
      parts.push_back(cur);
      cur.clear();
      continue;
    }
    cur += c;
  }
  parts.push_back(cur);
  if (parts.size() == 1 && (squeeze(parts[0]).empty() || squeeze(parts[0]) == "void")) parts.clear();
  for (const std::string& raw : parts) {
    std::string p = squeeze(raw);
    KernelParam kp;
    size_t br = p.find('[');
    if (br != std::string::npos) {  // T name[] is a pointer
      kp.pointer = true;
      p = trim(p.substr(0, br)) + " ";
    }
    size_t e = p.size();
    while (e > 0 && p[e - 1] == ' ') --e;
    size_t b = e;
    while (b > 0 && is_ident_char(p[b - 1])) --b;
    if (b == e || std::isdigit(static_cast<unsigned char>(p[b])))
      return fail("parameter '" + p + "' has no name");
    kp.name = p.substr(b, e - b);
    kp.type = trim(p.substr(0, b));
    if (kp.type.find('*') != std::string::npos) kp.pointer = true;
    if (br != std::string::npos) kp.type += " *";
    if (kp.type.empty()) return fail("parameter '" + kp.name + "' has no type");
    sig.params.push_back(kp);
  }
  if (sig.params.size() < 4)
    return fail("takes " + std::to_string(sig.params.size()) + " parameters, not at least 4");
  if (!sig.params[0].pointer || !sig.params[1].pointer)
    return fail("the first two parameters (" + sig.params[0].name + ", " + sig.params[1].name +
                ") must be pointers");
  for (size_t i = 0; i < sig.params.size(); ++i) {
    const KernelParam& p = sig.params[i];
    if (i >= 2 && !p.pointer && !is_integer_type(p.type))
      return fail("parameter '" + p.name + "' has type '" + p.type + "', not an integer type");
    if ((i == 2 || i == 3) && p.pointer)
      return fail("parameter '" + p.name + "' (width or height) must be an int");
  }
  int pointers = 0;
  for (size_t i = 4; i < sig.params.size(); ++i) pointers += sig.params[i].pointer;
  if (pointers > 1) return fail("takes more than one scratch pointer");
  return sig;
}

std::optional<KernelLayout> plan_layout(const isa::MemoryConfig& map, uint32_t width, uint32_t height,
                                        bool scratch, const std::string& image_name, Diagnostics& diags) {
  const uint64_t n = uint64_t{width} * height;
  KernelLayout l;
  l.in_addr = map.ext_base;
  uint64_t out = map.ext_base + uint64_t{align_up(n, kBufferAlign)};
  uint64_t end = out + n;
  uint64_t scratch_size = scratch ? n * kScratchBytesPerPixel : 0;
  uint64_t scratch_addr = scratch ? map.ext_base + uint64_t{align_up(end - map.ext_base, kBufferAlign)} : 0;
  if (scratch) end = scratch_addr + scratch_size;
  const uint64_t used = end - map.ext_base;
  if (used > map.ext_size) {
    diags.error(image_name, 0, 0,
                "image " + std::to_string(width) + "x" + std::to_string(height) +
                    " is too large for memory: the input" +
                    (scratch ? ", output and scratch" : " and output") + " buffers need " +
                    std::to_string(used) + " bytes of external RAM, and the machine has " +
                    std::to_string(map.ext_size) +
                    " (memory.ext_size in the machine configuration; docs/memory-map.md)");
    return std::nullopt;
  }
  l.out_addr = static_cast<uint32_t>(out);
  l.scratch_addr = static_cast<uint32_t>(scratch_addr);
  l.scratch_size = static_cast<uint32_t>(scratch_size);
  l.stack_top = map.sram_base + map.sram_size;
  l.bytes_used = static_cast<uint32_t>(used);
  return l;
}

std::optional<KernelProgram> prepare_kernel(const KernelJob& job, Diagnostics& diags) {
  KernelProgram prog;
  auto sig = parse_kernel_signature(job.source, job.source_path, job.kernel, diags);
  if (!sig) return std::nullopt;
  prog.sig = *sig;
  // Parameters: every integer parameter after height must be given, and nothing else.
  std::set<std::string> given;
  bool ok = true;
  for (const auto& [name, value] : job.params) {
    if (!given.insert(name).second) {
      diags.error(job.source_path, sig->line, 0, "parameter '" + name + "' given twice");
      ok = false;
    }
    auto it = std::find_if(sig->params.begin() + 4, sig->params.end(),
                           [&](const KernelParam& p) { return p.name == name && !p.pointer; });
    if (it == sig->params.end()) {
      std::string known;
      for (size_t i = 4; i < sig->params.size(); ++i)
        if (!sig->params[i].pointer) known += (known.empty() ? "" : ", ") + sig->params[i].name;
      diags.error(job.source_path, sig->line, 0,
                  "unknown parameter '" + name + "' for kernel '" + job.kernel + "' (" +
                      (known.empty() ? std::string("it takes none") : "it takes: " + known) + ")");
      ok = false;
    }
  }
  for (size_t i = 4; i < sig->params.size(); ++i) {
    const KernelParam& p = sig->params[i];
    if (p.pointer) continue;
    if (!given.count(p.name)) {
      diags.error(job.source_path, sig->line, 0,
                  "missing parameter '" + p.name + "' of kernel '" + job.kernel + "': give it with --param " +
                      p.name + "=VALUE");
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  const isa::MemoryConfig map = memory_map(job.config);
  auto layout =
      plan_layout(map, job.image.width, job.image.height, sig->scratch_index() >= 0, job.image_name, diags);
  if (!layout) return std::nullopt;
  prog.layout = *layout;

  cc::CompileOptions copt;
  copt.opt_level = job.opt_level;
  auto compiled = cc::compile(job.source, job.source_path, copt, diags);
  if (!compiled) return std::nullopt;
  isa::AsmOptions aopt;
  aopt.map = map;
  auto assembled = isa::assemble(compiled->assembly, job.source_path + ".s", aopt, diags);
  if (!assembled) return std::nullopt;
  prog.elf = std::move(assembled->image);
  auto entry = prog.elf.symbol(job.kernel);
  if (!entry) {
    diags.error(job.source_path, sig->line, 0, "kernel '" + job.kernel + "' is not in the compiled program");
    return std::nullopt;
  }
  prog.entry = *entry;

  // The input image is one more loadable segment; the output and scratch are zero-filled ones.
  auto add_segment = [&](uint32_t addr, uint32_t size, const std::vector<uint8_t>* data) {
    if (size == 0) return;
    isa::ElfSegment s;
    s.vaddr = s.paddr = addr;
    s.memsz = size;
    if (data) {
      s.data = *data;
      s.filesz = size;
    }
    s.write = true;
    prog.elf.segments.push_back(std::move(s));
  };
  const uint32_t n = job.image.width * job.image.height;
  add_segment(layout->in_addr, n, &job.image.pixels);
  add_segment(layout->out_addr, n, nullptr);
  add_segment(layout->scratch_addr, layout->scratch_size, nullptr);

  prog.args = {layout->in_addr, layout->out_addr, job.image.width, job.image.height};
  for (size_t i = 4; i < sig->params.size(); ++i) {
    const KernelParam& p = sig->params[i];
    if (p.pointer) {
      prog.args.push_back(layout->scratch_addr);
      prog.extra_args.push_back(0);
      continue;
    }
    int32_t v = 0;
    for (const auto& [name, value] : job.params)
      if (name == p.name) v = value;
    prog.args.push_back(static_cast<uint32_t>(v));
    prog.extra_args.push_back(v);
    prog.params.emplace_back(p.name, v);
  }
  return prog;
}

std::optional<KernelRunResult> run_kernel(const KernelProgram& prog, const KernelJob& job, Machine* machine,
                                          Diagnostics& diags, isa::SemihostIo io) {
  KernelRunResult r;
  const uint32_t n = job.image.width * job.image.height;
  std::vector<uint8_t> out(n);
  bool read_ok = false;
  if (job.engine == "pipeline") {
    if (!machine) {
      diags.error(job.source_path, 0, 0, "the pipeline engine needs a Machine (an m3lab bug)");
      return std::nullopt;
    }
    r.pipeline = true;
    machine->set_io(io);
    if (!machine->load(prog.elf, job.config, diags, job.source_path)) return std::nullopt;
    machine->set_check(job.check);
    machine->call(prog.entry, prog.args, prog.layout.stack_top);
    RunResult rr = machine->run(job.max_cycles);
    r.stop = rr.stop;
    r.diverged = rr.diverged;
    r.divergence = rr.divergence;
    r.pipe_stats = machine->stats();
    read_ok = machine->memory().host_read(prog.layout.out_addr, out.data(), n);
  } else {
    isa::IssConfig cfg;
    cfg.map = memory_map(job.config);
    cfg.max_steps = job.max_steps;
    isa::Iss iss(cfg);
    iss.set_io(io);
    if (!iss.load(prog.elf, diags, job.source_path)) return std::nullopt;
    iss.reset();
    iss.call(prog.entry, prog.args, prog.layout.stack_top);
    r.stop = iss.run();
    r.iss_stats = iss.stats();
    read_ok = iss.memory().host_read(prog.layout.out_addr, out.data(), n);
  }
  if (r.returned() && read_ok) {
    r.output.width = job.image.width;
    r.output.height = job.image.height;
    r.output.pixels = std::move(out);
  }
  return r;
}

}  // namespace m3::sim
