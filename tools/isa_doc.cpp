// Rewrites the generated section of docs/isa.md from the instruction table.
//   m3lab_isa_doc docs/isa.md          rewrite in place
//   m3lab_isa_doc --check docs/isa.md  exit 1 if the file is out of date
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "m3lab/isa/doc.hpp"

static const char kBegin[] = "<!-- BEGIN GENERATED: instruction table -->\n";
static const char kEnd[] = "<!-- END GENERATED: instruction table -->\n";

int main(int argc, char** argv) {
  bool check = argc == 3 && std::string(argv[1]) == "--check";
  if (argc != 2 && !check) {
    std::fprintf(stderr, "usage: m3lab_isa_doc [--check] docs/isa.md\n");
    return 2;
  }
  std::string path = argv[argc - 1];
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  size_t b = text.find(kBegin), e = text.find(kEnd);
  if (b == std::string::npos || e == std::string::npos || e < b) {
    std::fprintf(stderr, "%s: generated-section markers not found\n", path.c_str());
    return 2;
  }
  std::string updated = text.substr(0, b + sizeof kBegin - 1) + m3::isa::isa_doc_markdown() + text.substr(e);
  if (check) {
    if (updated != text) {
      std::fprintf(stderr, "%s is out of date: run `cmake --build build --target update-isa-doc`\n", path.c_str());
      return 1;
    }
    return 0;
  }
  std::ofstream(path) << updated;
  return 0;
}
