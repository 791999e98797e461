// m3lab-batch-doc: prints the generated field table of docs/batch.md, or with
// `--update docs/batch.md` replaces the text between the GENERATED markers.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "m3lab/sim/batch.hpp"

int main(int argc, char** argv) {
  using namespace m3::batch;
  const std::string table = batch_fields_markdown();
  if (argc == 1) {
    std::cout << table;
    return 0;
  }
  if (argc != 3 || std::string(argv[1]) != "--update") {
    std::cerr << "usage: m3lab-batch-doc [--update FILE]\n";
    return 2;
  }
  std::ifstream in(argv[2]);
  if (!in) {
    std::cerr << argv[2] << ": cannot open\n";
    return 1;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  std::string doc = ss.str();
  const size_t b = doc.find(kBatchDocBeginMarker), e = doc.find(kBatchDocEndMarker);
  if (b == std::string::npos || e == std::string::npos || e < b) {
    std::cerr << argv[2] << ": GENERATED markers not found\n";
    return 1;
  }
  const size_t start = b + kBatchDocBeginMarker.size();
  doc.replace(start, e - start, "\n" + table);
  std::ofstream(argv[2]) << doc;
  return 0;
}
